import { demoAccounts } from './devnet';
import type { Session } from './session';
import type { SignerNetwork } from './signers';

/** What the signers see of the session the app is on: demo owners on training, balances, Safe owners. */
export function signerNetworkOf(session: Session): SignerNetwork {
  const safe = session.safe;
  const provider = session.connection?.provider;
  return {
    demoOwners: session.network.kind === 'training' ? demoAccounts().owners : [],
    balanceOf: provider ? (address) => provider.getBalance(address) : undefined,
    safeOwners: safe ? async () => (await safe.flow.owners()).owners : undefined,
  };
}
