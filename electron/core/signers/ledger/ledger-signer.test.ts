import { HDNodeWallet, Transaction } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GridkeeperError } from '../../api/contract/errors';
import { safeTxHashes } from '../safe-typed-data';
import type { SigningPrompt, TxRequest } from '../types';
import { listLedgerAccounts } from './accounts';
import { type EmulatorOptions, EthereumAppEmulator } from './emulator/ethereum-app-emulator';
import { LedgerSigner } from './ledger-signer';
import {
  admissionTypedData,
  blockNetwork,
  emulatedLedger,
  TEST_MNEMONIC,
  UDEV_RULES_FILE,
} from './testing/emulated-ledger';

const PATH = "m/44'/60'/0'/0/0";
const ACCOUNT_0 = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, PATH).address;

let network: ReturnType<typeof blockNetwork>;
beforeAll(() => {
  network = blockNetwork();
});
afterAll(() => {
  network.restore();
});

async function setup(options: EmulatorOptions = {}, confirmTimeoutMs = 5_000) {
  const device = new EthereumAppEmulator({ mnemonic: TEST_MNEMONIC, ...options });
  const { manager, events } = emulatedLedger({ '/dev/hidraw-test': device });
  await manager.refresh();
  const signer = new LedgerSigner({ manager, path: PATH, address: ACCOUNT_0, confirmTimeoutMs });
  return { device, manager, events, signer };
}

function txRequest(chainId: bigint, data = '0x'): TxRequest {
  return {
    chainId,
    nonce: 3,
    to: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    value: 10n ** 15n,
    data,
    gasLimit: 120_000n,
    maxFeePerGas: 40_000_000_000n,
    maxPriorityFeePerGas: 30_000_000_000n,
  };
}

async function failure(promise: Promise<unknown>): Promise<GridkeeperError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GridkeeperError);
  return error as GridkeeperError;
}

describe('Ledger accounts', () => {
  it('lists the first addresses of the three path families, each path once, with balance and owner marks', async () => {
    const { manager } = await setup();
    const derive = (path: string) => HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, path).address;
    const owner = derive("m/44'/60'/0'/1");
    const accounts = await listLedgerAccounts(manager.current(), {
      start: 0,
      count: 2,
      owners: [owner.toLowerCase()],
      balanceOf: async (address) => (address === ACCOUNT_0 ? 5n * 10n ** 18n : 0n),
    });
    expect(accounts.map((a) => [a.family, a.path])).toEqual([
      ['ledger-live', "m/44'/60'/0'/0/0"],
      ['ledger-live', "m/44'/60'/1'/0/0"],
      ['legacy', "m/44'/60'/0'/0"],
      ['legacy', "m/44'/60'/0'/1"],
      ['bip44', "m/44'/60'/0'/0/1"],
    ]);
    for (const account of accounts) expect(account.address).toBe(derive(account.path));
    expect(accounts[0]).toMatchObject({
      address: ACCOUNT_0,
      balanceWei: '5000000000000000000',
      isOwner: false,
    });
    expect(accounts.find((a) => a.path === "m/44'/60'/0'/1")?.isOwner).toBe(true);
  });

  it('refuses an address the device reports that does not belong to its public key', async () => {
    const { device, manager } = await setup();
    device.tamperAddress = true;
    const error = await failure(listLedgerAccounts(manager.current(), { start: 0, count: 1 }));
    expect(error.code).toBe('SIGNATURE_INVALID');
    expect(error.message).toMatch(/does not belong to the public key/);
  });

  it('refuses to sign with a Ledger that does not hold the chosen owner at that path', async () => {
    const { manager } = await setup();
    const stranger = new LedgerSigner({ manager, path: "m/44'/60'/0'/0/1", address: ACCOUNT_0 });
    const error = await failure(stranger.signSafeTx(admissionTypedData(137)));
    expect(error.code).toBe('SIGNER_NOT_FOUND');
    expect(error.message).toMatch(/Connect the Ledger that holds this owner key/);
  });
});

describe('Ledger Safe signatures', () => {
  it('clear-signs the SafeTx fields on a Nano S Plus and shows what the device shows', async () => {
    const { device, signer } = await setup({ model: 'nanoSP' });
    const typedData = admissionTypedData(137);
    const prompts: SigningPrompt[] = [];
    const signature = await signer.signSafeTx(typedData, { onPrompt: (p) => prompts.push(p) });
    const hashes = safeTxHashes(typedData);
    expect(signature).toMatch(/^0x[0-9a-f]{130}$/);
    expect(prompts).toHaveLength(1);
    const prompt = prompts[0]!;
    expect(prompt).toMatchObject({ mode: 'clear', ...hashes });
    const review = device.reviews.at(-1)!;
    expect(review.request).toBe('eip712');
    // Without verbose mode a Nano shows the domain fields, then the message hash.
    expect(review.screens).toEqual([
      { title: 'chainId', value: '137' },
      { title: 'verifyingContract', value: typedData.domain.verifyingContract },
      { title: 'Message hash', value: prompt.device!.hashes[0]!.text },
    ]);
    for (const screen of review.screens.slice(0, 2)) expect(prompt.device!.fields).toContainEqual(screen);
    expect(device.log.some((apdu) => apdu.ins === 0x1a)).toBe(true);
  });

  it('shows every SafeTx field on a Stax, as the device does', async () => {
    const { device, signer } = await setup({ model: 'stax' });
    const prompts: SigningPrompt[] = [];
    await signer.signSafeTx(admissionTypedData(80002), { onPrompt: (p) => prompts.push(p) });
    const review = device.reviews.at(-1)!;
    expect(review.screens).toEqual(prompts[0]!.device!.fields);
    expect(review.screens.map((s) => s.title)).toContain('refundReceiver');
  });

  it('signs the two hashes on a Nano S, showing them exactly as the device pages them', async () => {
    const { device, signer } = await setup({ model: 'nanoS' });
    const typedData = admissionTypedData(31337);
    let prompt: SigningPrompt | undefined;
    await signer.signSafeTx(typedData, {
      onPrompt: (p) => {
        prompt = p;
      },
    });
    expect(prompt?.mode).toBe('hashed');
    const review = device.reviews.at(-1)!;
    expect(review.request).toBe('eip712-hashed');
    expect(review.screens).toEqual(prompt!.device!.hashes.map(({ title, text }) => ({ title, value: text })));
    for (const hash of prompt!.device!.hashes) {
      expect(hash.pages.flat().join('')).toBe(hash.text);
      expect(hash.pages.every((page) => page.length === 1)).toBe(true);
    }
    expect(device.log.some((apdu) => apdu.ins === 0x1a)).toBe(false);
  });

  it('falls back to the two hashes when the app predates clear signing', async () => {
    const { device, signer } = await setup({ model: 'nanoX', appVersion: '1.9.20' });
    const modes: string[] = [];
    await signer.signSafeTx(admissionTypedData(137), { onPrompt: (p) => modes.push(p.mode) });
    expect(modes).toEqual(['hashed']);
    expect(device.reviews.at(-1)?.request).toBe('eip712-hashed');
  });

  it('serialises concurrent requests: the device handles one at a time', async () => {
    const { device, signer } = await setup();
    const [a, b] = await Promise.all([
      signer.signSafeTx(admissionTypedData(137, 1)),
      signer.signSafeTx(admissionTypedData(137, 2)),
    ]);
    expect(a).not.toBe(b);
    expect(device.reviews.filter((r) => r.request === 'eip712')).toHaveLength(2);
  });
});

describe('Ledger transactions', () => {
  it.each([137n, 80002n, 31337n])('signs an EIP-1559 transaction for chain %s', async (chainId) => {
    const { signer } = await setup();
    const serialized = await signer.signTransaction(txRequest(chainId));
    const tx = Transaction.from(serialized);
    expect(tx.type).toBe(2);
    expect(tx.chainId).toBe(chainId);
    expect(tx.from).toBe(ACCOUNT_0);
  });

  it('signs contract calls when blind signing is on, showing the transaction hash', async () => {
    const { device, signer } = await setup();
    const serialized = await signer.signTransaction(txRequest(137n, '0xd4d9bdcd'.padEnd(74, '0')));
    expect(Transaction.from(serialized).from).toBe(ACCOUNT_0);
    expect(device.reviews.at(-1)?.screens.map((s) => s.title)).toContain('Transaction hash');
  });
});

describe('Ledger failures say what to do', () => {
  it('locked device (status 0x5515)', async () => {
    const { device, signer, events } = await setup();
    device.locked = true;
    device.lockedStatus = 0x5515;
    const error = await failure(signer.signSafeTx(admissionTypedData(137)));
    expect(error.code).toBe('SIGNER_LOCKED');
    expect(error.message).toBe(
      'The Ledger is locked. Unlock the Ledger with its PIN and open the Ethereum app, then try again.',
    );
    expect(events.at(-1)?.device.status).toBe('locked');
  });

  it.each([
    ['0x6e00', 0x6e00],
    ['0x6e01', 0x6e01],
    ['0x6d02', 0x6d02],
    ['0x6511', 0x6511],
  ])('Ethereum app not open (dashboard answers %s)', async (_hex, status) => {
    const { device, signer } = await setup();
    device.runningApp = 'BOLOS';
    device.notEthereumStatus = status;
    const error = await failure(signer.signSafeTx(admissionTypedData(137)));
    expect(error.code).toBe('SIGNER_APP_CLOSED');
    expect(error.message).toBe(
      'No app is open on the Ledger. Open the Ethereum app on the Ledger, then try again.',
    );
  });

  it.each([
    ['0x6e00', 0x6e00],
    ['0x6a15', 0x6a15],
  ])('wrong app open (answers %s)', async (_hex, status) => {
    const { device, signer } = await setup();
    device.runningApp = 'Bitcoin';
    device.notEthereumStatus = status;
    const error = await failure(signer.signTransaction(txRequest(137n)));
    expect(error.code).toBe('SIGNER_WRONG_APP');
    expect(error.message).toBe(
      'The Bitcoin app is open on the Ledger, not the Ethereum app. Quit that app on the device and open the Ethereum app, then try again.',
    );
  });

  it('rejected on the device', async () => {
    const { device, signer } = await setup();
    device.answers.push('reject');
    const error = await failure(signer.signSafeTx(admissionTypedData(137)));
    expect(error.code).toBe('SIGNER_REJECTED');
    expect(error.details?.statusWord).toBe('0x6985');
    expect(error.message).toMatch(/nothing was signed\. If that was a mistake, start again/);
  });

  it('canceled on the device (0x6982, "Security status not satisfied (Canceled by user)")', async () => {
    const { device, signer, events } = await setup();
    device.nextSigningStatus = 0x6982;
    const error = await failure(signer.signSafeTx(admissionTypedData(137)));
    expect(error.code).toBe('SIGNER_REJECTED');
    expect(error.details?.statusWord).toBe('0x6982');
    expect(error.message).toMatch(/^The request was canceled on the Ledger; nothing was signed\./);
    expect(events.at(-1)?.device.status).not.toBe('locked');
  });

  it.each([
    ['a contract call', 'tx'],
    ['a SafeTx', 'safe'],
  ])(
    '0x6a80 on %s with Blind signing on (as the configuration read before signing says) is not "blind signing off"',
    async (_name, kind) => {
      const { device, signer } = await setup();
      device.nextSigningStatus = 0x6a80;
      const error = await failure(
        kind === 'tx'
          ? signer.signTransaction(txRequest(137n, '0xd4d9bdcd'.padEnd(74, '0')))
          : signer.signSafeTx(admissionTypedData(137)),
      );
      expect(error.code).toBe('SIGNATURE_INVALID');
      expect(error.message).toMatch(/Blind signing is on, so that is not the reason/);
      expect(error.details?.statusWord).toBe('0x6a80');
    },
  );

  it.each([
    ['a contract call', { model: 'nanoSP' as const }, 'tx'],
    ['a clear-signed SafeTx on a Nano', { model: 'nanoX' as const }, 'safe'],
    ['a hash-only SafeTx on a Nano S', { model: 'nanoS' as const }, 'safe'],
  ])('blind signing off: %s', async (_name, options, kind) => {
    const { device, signer } = await setup(options);
    device.blindSigning = false;
    const error = await failure(
      kind === 'tx'
        ? signer.signTransaction(txRequest(137n, '0xd4d9bdcd'.padEnd(74, '0')))
        : signer.signSafeTx(admissionTypedData(137)),
    );
    expect(error.code).toBe('SIGNER_BLIND_SIGNING_DISABLED');
    expect(error.message).toMatch(
      /Blind signing is off on the device\. On the device open the Ethereum app's Settings/,
    );
  });

  it('app too old for EIP-712', async () => {
    const { signer } = await setup({ model: 'nanoS', appVersion: '1.4.0' });
    const error = await failure(signer.signSafeTx(admissionTypedData(137)));
    expect(error.code).toBe('SIGNER_APP_TOO_OLD');
    expect(error.message).toBe(
      'The Ethereum app (version 1.4.0) on the Ledger is too old for EIP-712 signatures. Update the Ethereum app in Ledger Live (My Ledger), then try again.',
    );
  });

  it('app too old for EIP-1559 transactions', async () => {
    const { signer } = await setup({ appVersion: '1.8.8' });
    const error = await failure(signer.signTransaction(txRequest(137n)));
    expect(error.code).toBe('SIGNER_APP_TOO_OLD');
    expect(error.message).toMatch(/too old for EIP-1559 transactions/);
  });

  it('disconnected in the middle of signing', async () => {
    const { device, signer, manager, events } = await setup();
    device.answers.push('unplug');
    const error = await failure(signer.signSafeTx(admissionTypedData(137)));
    expect(error.code).toBe('SIGNER_DISCONNECTED');
    expect(error.message).toBe(
      'The Ledger was disconnected. Reconnect the Ledger, unlock it, open the Ethereum app and start again: nothing was signed.',
    );
    await manager.refresh();
    expect(events.at(-1)?.change).toBe('unplugged');
    expect(signer.status()).toBe('disconnected');
  });

  it('times out when nobody answers on the device, then works again', async () => {
    const { device, signer } = await setup({}, 300);
    device.answers.push('ignore');
    const started = Date.now();
    const error = await failure(signer.signSafeTx(admissionTypedData(137)));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe('SIGNER_TIMEOUT');
    expect(error.message).toMatch(/did not answer within 0 s while asked to sign the Safe transaction/);
    expect(signer.status()).toBe('needs-attention');
    await expect(signer.signSafeTx(admissionTypedData(137))).resolves.toMatch(/^0x/);
  });

  it('busy: another program holds the device', async () => {
    const device = new EthereumAppEmulator({ mnemonic: TEST_MNEMONIC });
    device.heldByAnotherProgram = true;
    const { manager } = emulatedLedger({ '/dev/hidraw-test': device });
    await manager.refresh();
    const signer = new LedgerSigner({ manager, path: PATH, address: ACCOUNT_0 });
    const error = await failure(signer.signSafeTx(admissionTypedData(137)));
    expect(error.code).toBe('SIGNER_BUSY');
    expect(error.message).toMatch(
      /Close Ledger Live, browser wallets and any other program using the Ledger/,
    );
  });

  it('Linux permission denied names the udev rules file and the command to install it', async () => {
    const device = new EthereumAppEmulator({ mnemonic: TEST_MNEMONIC });
    device.permissionDenied = true;
    const { manager, events } = emulatedLedger({ '/dev/hidraw3': device });
    await manager.refresh();
    expect(events.at(-1)?.device.status).toBe('permission-denied');
    const error = await failure(listLedgerAccounts(manager.current(), { start: 0, count: 1 }));
    expect(error.code).toBe('SIGNER_PERMISSION_DENIED');
    expect(error.message).toContain('permission denied on /dev/hidraw3');
    expect(error.message).toContain(
      `sudo install -m 0644 '${UDEV_RULES_FILE}' /etc/udev/rules.d/ && sudo udevadm control --reload-rules && sudo udevadm trigger`,
    );
    expect(error.details?.rulesFile).toBe(UDEV_RULES_FILE);
  });

  it('no Ledger connected', async () => {
    const { manager } = emulatedLedger({});
    await manager.refresh();
    const signer = new LedgerSigner({ manager, path: PATH, address: ACCOUNT_0 });
    const error = await failure(signer.signSafeTx(admissionTypedData(137)));
    expect(error.code).toBe('SIGNER_NOT_FOUND');
    expect(signer.summary()).toMatchObject({ status: 'disconnected', detail: 'No Ledger is connected.' });
  });
});

describe('Ledger device states', () => {
  it('pushes plugged, ready, locked, app-closed and unplugged as they happen', async () => {
    const device = new EthereumAppEmulator({ mnemonic: TEST_MNEMONIC });
    const { manager, events } = emulatedLedger({ '/dev/hidraw-test': device });
    await manager.refresh();
    device.locked = true;
    await manager.refresh();
    device.locked = false;
    device.runningApp = 'BOLOS';
    await manager.refresh();
    device.runningApp = 'Ethereum';
    device.blindSigning = false;
    await manager.refresh();
    device.unplug();
    await manager.refresh();
    expect(events.map((e) => `${e.change}:${e.device.status}`)).toEqual([
      'plugged:needs-attention',
      'status:ready',
      'status:locked',
      'status:app-closed',
      'status:ready',
      'unplugged:disconnected',
    ]);
    expect(events[1]?.device).toMatchObject({
      model: 'nanoSP',
      app: { name: 'Ethereum', version: '1.16.0' },
    });
    expect(events[4]?.device.blindSigningEnabled).toBe(false);
  });

  it('polls the bus only while a page wants it, then stops by itself', async () => {
    const device = new EthereumAppEmulator({ mnemonic: TEST_MNEMONIC });
    const { manager } = emulatedLedger({ '/dev/hidraw-test': device });
    let wanted = true;
    manager.start(20, () => wanted);
    await expect.poll(() => device.log.length).toBeGreaterThan(0);
    expect(manager.polling).toBe(true);
    wanted = false;
    await expect.poll(() => manager.polling).toBe(false);
    const asked = device.log.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(device.log.length).toBe(asked);
    manager.close();
  });
});

describe('offline', () => {
  it('no request above reached the network (hw-app-eth resolution, CAL, CDN)', () => {
    expect(network.attempts).toEqual([]);
  });
});
