import { computeAddress } from 'ethers';
import type { DemoKey } from '../demo-key';
import type { KeystoreSigner } from './keystore-signer';
import type { Keystores } from './keystores';

/**
 * The demo owners of the training network sign through the keystore signer like any owner, from
 * keystore files created on the first training start. Their keys are public (the devnet derives them
 * from a published mnemonic), so the files are encrypted with this published password and a light
 * scrypt cost: they unlock themselves when asked to sign and never lock on idle. Every view of them
 * says "demo key"; they are listed on the training network only.
 */
export const DEMO_KEYSTORE_PASSWORD = 'gridkeeper-demo';
export const DEMO_SCRYPT_N = 2 ** 12;

/** The keystore of each demo owner, created (unlocked) where it is missing. */
export async function ensureDemoKeystores(
  store: Keystores,
  owners: readonly DemoKey[],
): Promise<KeystoreSigner[]> {
  return Promise.all(
    owners.map(async (owner) => {
      const address = computeAddress(owner.privateKey);
      const existing = store.list().find((signer) => signer.address === address);
      if (existing) return existing;
      return store.add({ privateKey: owner.privateKey }, DEMO_KEYSTORE_PASSWORD, {
        label: owner.label.replace(/\s*\(demo key\)$/, ''),
        demo: true,
      });
    }),
  );
}
