import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract } from 'ethers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../devnet';
import { registryInterface } from '../safe/abis';
import { SafeFlow } from '../safe/flow';
import { SafeQueueStore } from '../safe/queue/queue-store';
import { admitIntent, applyMany, devnetSetup } from '../safe/testing/devnet-setup';
import { openStore } from '../store';
import { Keystores } from './keystore/keystores';
import { EthereumAppEmulator } from './ledger/emulator/ethereum-app-emulator';
import { LedgerSigner } from './ledger/ledger-signer';
import { emulatedLedger } from './ledger/testing/emulated-ledger';
import type { SigningPrompt } from './types';

let devnet: Devnet;
let dir: string;
beforeAll(async () => {
  devnet = await startDevnet({ seed: 'minimal', simulate: false });
  dir = mkdtempSync(join(tmpdir(), 'gk-signers-devnet-'));
});
afterAll(async () => {
  await devnet?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('a 2-of-3 admission signed on a Ledger (hash-only, Nano S) and with a keystore executes from the Ledger', async () => {
  const [ledgerOwner, keystoreOwner] = devnet.owners;
  const [applicant] = await applyMany(devnet, devnet.provider, 1);

  // Owner 1's key on an emulated Nano S (hash-only EIP-712), owner 2's in a keystore file.
  const device = new EthereumAppEmulator({
    model: 'nanoS',
    keys: { "44'/60'/0'/0/0": ledgerOwner!.privateKey },
  });
  const { manager } = emulatedLedger({ '/dev/hidraw0': device });
  await manager.refresh();
  const ledger = new LedgerSigner({ manager, path: "m/44'/60'/0'/0/0", address: ledgerOwner!.address });
  const keystores = new Keystores({ dir: join(dir, 'keystores'), scryptN: 2 ** 10 });
  const keystore = await keystores.add({ privateKey: keystoreOwner!.privateKey }, 'owner two password', {
    label: 'Owner 2',
    demo: false,
  });
  keystore.lock();
  await keystore.unlock('owner two password');

  const flow = new SafeFlow({
    store: new SafeQueueStore(openStore(':memory:')),
    setup: devnetSetup(devnet),
    provider: devnet.provider,
    txServiceUrl: null,
  });
  const proposal = await flow.propose([await admitIntent(devnet, devnet.provider, applicant!)], {
    proposer: ledger.address,
  });
  let prompt: SigningPrompt | undefined;
  await flow.sign(proposal.safeTxHash, ledger, {
    onPrompt: (p) => {
      prompt = p;
    },
  });
  await flow.sign(proposal.safeTxHash, keystore);
  const done = await flow.execute(proposal.safeTxHash, ledger);

  expect(done).toMatchObject({ status: 'executed' });
  const registry = new Contract(devnet.market.registry, registryInterface, devnet.provider);
  expect(Number((await registry.getFunction('prosumerOf')(applicant))[0])).toBe(2);

  // What the app shows next to the device is what the emulated device showed, page for page.
  expect(prompt).toMatchObject({ mode: 'hashed', safeTxHash: proposal.safeTxHash });
  const review = device.reviews.find((r) => r.request === 'eip712-hashed')!;
  expect(review.screens).toEqual(prompt!.device!.hashes.map(({ title, text }) => ({ title, value: text })));
  expect(device.reviews.at(-1)?.request).toBe('transaction');
  console.log(
    `SafeTx ${proposal.safeTxHash}\n${prompt!
      .device!.hashes.map((h) => `app    ${h.title}: ${h.pages.map((page) => page.join(' ')).join(' | ')}`)
      .join('\n')}\n${review.screens.map((s) => `device ${s.title}: ${s.value}`).join('\n')}`,
  );
  await keystores.lockAll();
  manager.close();
});
