import {
  ContractFactory,
  getAddress,
  getCreateAddress,
  type JsonRpcProvider,
  type Signer,
  Wallet,
  ZeroAddress,
} from 'ethers';
import { ConsortiumGuard, readSafeGuard } from '../chain';
import {
  execTransactionData,
  hashSafeTx,
  plainSafeCall,
  type SafeSetup,
  type SafeTxData,
  safeInterface,
} from '../safe';
import type { DemoAccount } from './keys';
import type { LocalChain } from './local-chain';
import { DemoSender, oneBlock } from './tx';

export interface GuardParams {
  /** The Safe the guard guards (and the only one that may change its allowlists). */
  safe: string;
  /** Safe's MultiSendCallOnly v1.4.1 on this chain: the guard's constructor checks its code. */
  multiSendCallOnly: string;
  /** The first allowlist: what the Safe may call besides itself and the guard. */
  targets: string[];
}

/** The guard's first allowlist: the market's contracts, and its payment token when it has one. */
export function guardTargets(market: {
  registry: string;
  token: string;
  market: string;
  paymentToken: string;
}) {
  const targets = [market.registry, market.token, market.market];
  return market.paymentToken === ZeroAddress ? targets : [...targets, market.paymentToken];
}

/** Deploys a ConsortiumGuard (not yet installed: only the Safe's owners can `setGuard`). */
export async function deployGuard(
  signer: Signer,
  params: GuardParams,
  onSent: (what: string, txHash: string) => void = () => {},
): Promise<{ guard: string; blockNumber: number }> {
  const factory = new ContractFactory(ConsortiumGuard.abi, ConsortiumGuard.bytecode, signer);
  const guard = await factory.deploy(params.safe, params.multiSendCallOnly, params.targets);
  const sent = guard.deploymentTransaction();
  onSent('ConsortiumGuard', sent?.hash ?? '');
  const receipt = await sent?.wait();
  if (receipt?.status !== 1) throw new Error('Guard deployment: the transaction failed');
  return { guard: getAddress(await guard.getAddress()), blockNumber: receipt.blockNumber };
}

/** The Safe transaction (at any nonce) that installs `guard`: the Safe calling its own `setGuard`. */
export function setGuardSafeTx(safe: string, guard: string): Omit<SafeTxData, 'nonce'> {
  return plainSafeCall(safe, safeInterface.encodeFunctionData('setGuard', [guard]));
}

/**
 * `execTransaction` of `tx` at the Safe's next nonce, signed with the keys of the first two demo owners
 * (EIP-712 hash, ascending owner order as the Safe wants): what two owners would send from any Safe UI.
 */
export async function execTransactionSignedByOwners(
  provider: JsonRpcProvider,
  setup: SafeSetup,
  owners: readonly DemoAccount[],
  tx: Omit<SafeTxData, 'nonce'>,
): Promise<{ to: string; data: string }> {
  const safe = setup.safe.address;
  const nonce = BigInt(await provider.call({ to: safe, data: safeInterface.encodeFunctionData('nonce') }));
  const { safeTxHash } = hashSafeTx(setup.safe, { ...tx, nonce });
  const signatures = owners
    .slice(0, 2)
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
    .map((o) => new Wallet(o.privateKey).signingKey.sign(safeTxHash).serialized.slice(2));
  return { to: safe, data: execTransactionData(tx, `0x${signatures.join('')}`) };
}

/**
 * The training network's consortium gets its guard in one block: the deployer deploys it, then the third
 * demo owner sends the `setGuard` that the first two signed with their keys. Not through the app's Safe
 * flow, whose signing policy refuses `setGuard` like any other change of the Safe's configuration.
 */
export async function installGuardAsConsortium(
  chain: Pick<LocalChain, 'request' | 'provider'>,
  deployer: DemoSender,
  setup: SafeSetup,
  owners: readonly DemoAccount[],
  params: GuardParams,
): Promise<string> {
  const executor = owners[2];
  if (!executor) throw new Error('The demo consortium has three owners');
  const nonce = Number(await chain.request('eth_getTransactionCount', [deployer.address, 'pending']));
  const guard = getCreateAddress({ from: deployer.address, nonce });
  const safe = setup.safe.address;
  const install = await execTransactionSignedByOwners(
    chain.provider,
    setup,
    owners,
    setGuardSafeTx(safe, guard),
  );
  const deploy = await new ContractFactory(
    ConsortiumGuard.abi,
    ConsortiumGuard.bytecode,
  ).getDeployTransaction(params.safe, params.multiSendCallOnly, params.targets);
  await oneBlock(chain, 'Guard installation', async () => [
    await deployer.send({ to: null, data: deploy.data, gasLimit: 1_500_000n }),
    await new DemoSender(executor.privateKey, chain).send({ ...install, gasLimit: 200_000n }),
  ]);
  if ((await readSafeGuard(chain.provider, safe)) !== guard) {
    throw new Error(`The Safe ${safe} did not install the guard ${guard}`);
  }
  return guard;
}
