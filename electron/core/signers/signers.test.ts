import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HDNodeWallet, recoverAddress, Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventName, ApiEvents, ChannelName } from '../api/contract';
import { EventBus } from '../api/event-bus';
import { createRouter, type Handlers, type Reply } from '../api/router';
import { silentLogger } from '../ports/logger';
import type { DemoKey } from './demo-key';
import { createSignerHandlers } from './handlers';
import { createEmulatorTransportPort, EthereumAppEmulator } from './ledger/emulator/ethereum-app-emulator';
import { admissionTypedData, blockNetwork, TEST_MNEMONIC } from './ledger/testing/emulated-ledger';
import { createNodeHidTransportPort, type LedgerTransportPort } from './ledger/transport-port';
import { safeTxHashes } from './safe-typed-data';
import { type SignerNetwork, Signers } from './signers';

const PASSWORD = 'control room password';
const DEVICE = '/dev/hidraw-test';
const derive = (path: string) => HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, path).address;
const DEMO_OWNERS: DemoKey[] = [1, 2, 3].map((i) => ({
  label: `Demo owner ${i} (demo key)`,
  privateKey: HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, `m/44'/60'/0'/0/${10 + i}`).privateKey,
}));

let network: ReturnType<typeof blockNetwork>;
beforeAll(() => {
  network = blockNetwork();
});
afterAll(() => network.restore());

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function open(options: { dataDir?: string; port?: LedgerTransportPort; net?: Partial<SignerNetwork> } = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gk-signers-'));
  if (!options.dataDir) cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const events = new EventBus();
  const pushed: { event: ApiEventName; payload: unknown }[] = [];
  events.subscribe((event, payload) => pushed.push({ event, payload }));
  const net: SignerNetwork = { demoOwners: [], ...options.net };
  const signers = new Signers({
    dataDir,
    log: silentLogger,
    events,
    network: () => net,
    ledgerPort: options.port ?? createEmulatorTransportPort({}),
    udevRulesFile: '/opt/Gridkeeper/resources/udev/20-ledger.rules',
    ledgerPollMs: 0,
    platform: 'linux',
    keystore: { scryptN: 2 ** 10, wrongPasswordDelayMs: 20 },
  });
  cleanups.push(() => signers.close());
  const router = createRouter(createSignerHandlers(signers) as unknown as Handlers, silentLogger);
  const call = async <C extends ChannelName>(channel: C, input: unknown = {}) => {
    const reply = (await router.invoke(channel, input)) as Reply<Awaited<ReturnType<Handlers[C]>>>;
    return reply;
  };
  const ok = async <C extends ChannelName>(channel: C, input: unknown = {}) => {
    const reply = await call(channel, input);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
    return reply.data;
  };
  const pushedOf = <E extends ApiEventName>(event: E) =>
    pushed.filter((p) => p.event === event).map((p) => p.payload as ApiEvents[E]);
  return { dataDir, signers, call, ok, pushedOf, net };
}

describe('keystores over the signer channels', () => {
  it('create, lock, wrong password, unlock, select: remembered across a restart; changes pushed', async () => {
    const app = open();
    const created = await app.ok('signer/keystore-create', { label: 'Desk 1', password: PASSWORD });
    expect(created).toMatchObject({ kind: 'keystore', label: 'Desk 1', status: 'ready', demo: false });

    expect((await app.ok('signer/keystore-lock', { id: created.id })).status).toBe('locked');
    const wrong = await app.call('signer/keystore-unlock', { id: created.id, password: 'not it at all' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'SIGNER_WRONG_PASSWORD' } });
    expect((await app.ok('signer/keystore-unlock', { id: created.id, password: PASSWORD })).status).toBe(
      'ready',
    );
    expect(app.signers.active()).toBeNull();
    await app.ok('signer/select', { id: created.id });
    expect(app.signers.active()?.address).toBe(created.address);
    expect(app.pushedOf('signer/updated').map((u) => u.signer.status)).toEqual([
      'ready',
      'locked',
      'ready',
      'ready',
    ]);

    const tooShort = await app.call('signer/keystore-create', { label: 'x', password: 'short' });
    expect(tooShort).toMatchObject({ ok: false, error: { code: 'INPUT_INVALID' } });

    await app.signers.close();
    const again = open({ dataDir: app.dataDir });
    const list = await again.ok('signer/list');
    expect(list.activeId).toBe(created.id);
    expect(list.signers).toEqual([expect.objectContaining({ id: created.id, status: 'locked' })]);
    expect(list.autoLockMinutes).toBe(15);
  });

  it('backs up a created keystore: the very file (v3, scrypt), never the password; "no backup confirmed" until the owner confirms', async () => {
    const app = open();
    const created = await app.ok('signer/keystore-create', { label: 'Desk 2', password: PASSWORD });
    expect(created.backupPending).toBe(true);
    const backup = await app.ok('signer/keystore-backup', { id: created.id });
    const file = join(app.dataDir, 'keystores', `${created.address.toLowerCase()}.json`);
    expect(backup).toEqual({
      fileName: `${created.address.toLowerCase()}.json`,
      content: readFileSync(file, 'utf8'),
    });
    const v3 = JSON.parse(backup.content);
    expect(v3).toMatchObject({ version: 3, Crypto: { kdf: 'scrypt', cipher: 'aes-128-ctr' } }); // ethers writes "Crypto"
    expect(backup.content).not.toContain(PASSWORD);
    // What the owner saved opens elsewhere with the password alone.
    expect((await Wallet.fromEncryptedJson(backup.content, PASSWORD)).address).toBe(created.address);

    // Not yet confirmed: it still says so after a restart.
    await app.signers.close();
    const again = open({ dataDir: app.dataDir });
    const listed = async () => (await again.ok('signer/list')).signers.find((s) => s.id === created.id);
    expect((await listed())?.backupPending).toBe(true);
    const confirmed = await again.ok('signer/keystore-backup-confirm', { id: created.id });
    expect(confirmed.backupPending).toBeUndefined();
    expect((await listed())?.backupPending).toBeUndefined();
    expect(again.pushedOf('signer/updated').at(-1)?.signer.backupPending).toBeUndefined();

    // An imported key exists elsewhere already: no backup pending.
    const imported = await again.ok('signer/keystore-import', {
      label: 'Imported',
      password: PASSWORD,
      privateKey: Wallet.createRandom().privateKey,
    });
    expect(imported.backupPending).toBeUndefined();
    // The channel needs the keystore to exist.
    expect(
      await again.call('signer/keystore-backup', {
        id: 'keystore:0x0000000000000000000000000000000000000001',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'SIGNER_NOT_FOUND' },
    });
    rmSync(join(app.dataDir, 'keystores', `${imported.address.toLowerCase()}.json`));
    expect(await again.call('signer/keystore-backup', { id: imported.id })).toMatchObject({ ok: false });
  });

  it('imports by private key and by recovery phrase; the auto-lock time is remembered', async () => {
    const app = open();
    const key = Wallet.createRandom().privateKey;
    const byKey = await app.ok('signer/keystore-import', {
      label: 'Key',
      password: PASSWORD,
      privateKey: key.slice(2),
    });
    expect(byKey.address).toBe(new Wallet(key).address);
    const byPhrase = await app.ok('signer/keystore-import', {
      label: 'Phrase',
      password: PASSWORD,
      mnemonic: TEST_MNEMONIC,
      path: "m/44'/60'/0'/0/7",
    });
    expect(byPhrase.address).toBe(derive("m/44'/60'/0'/0/7"));
    const duplicate = await app.call('signer/keystore-import', {
      label: 'Again',
      password: PASSWORD,
      privateKey: key,
    });
    expect(duplicate).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    expect((await app.ok('signer/keystore-auto-lock', { minutes: 5 })).autoLockMinutes).toBe(5);
    expect(JSON.parse(readFileSync(join(app.dataDir, 'signers.json'), 'utf8')).autoLockMinutes).toBe(5);
  });
});

describe('the Ledger over the signer channels', () => {
  it('status, accounts with balance and owner mark, select by path (remembered), then signs as that owner', async () => {
    const device = new EthereumAppEmulator({ mnemonic: TEST_MNEMONIC, model: 'nanoX' });
    const owner = derive("m/44'/60'/1'/0/0");
    const app = open({
      port: createEmulatorTransportPort({ [DEVICE]: device }),
      net: { safeOwners: async () => [owner], balanceOf: async (a) => (a === owner ? 7n : 0n) },
    });
    const status = await app.ok('signer/ledger-status');
    expect(status.unavailable).toBeNull();
    expect(status.devices).toEqual([
      expect.objectContaining({
        deviceId: DEVICE,
        model: 'nanoX',
        status: 'ready',
        blindSigningEnabled: true,
      }),
    ]);
    expect(status.udevRule?.command).toContain('/opt/Gridkeeper/resources/udev/20-ledger.rules');
    expect(app.pushedOf('signer/device').map((e) => `${e.change}:${e.device.status}`)).toEqual([
      'plugged:needs-attention',
      'status:ready',
    ]);

    const accounts = await app.ok('signer/ledger-accounts', { families: ['ledger-live'], count: 2 });
    expect(accounts.map((a) => [a.path, a.address, a.balanceWei, a.isOwner])).toEqual([
      ["m/44'/60'/0'/0/0", derive("m/44'/60'/0'/0/0"), '0', false],
      ["m/44'/60'/1'/0/0", owner, '7', true],
    ]);

    const selected = await app.ok('signer/select', { ledgerPath: "m/44'/60'/1'/0/0" });
    expect(selected).toMatchObject({
      id: `ledger:${owner}`,
      kind: 'ledger',
      address: owner,
      status: 'ready',
    });
    const typedData = admissionTypedData(137);
    const signature = await app.signers.get(selected.id).signSafeTx(typedData);
    expect(recoverAddress(safeTxHashes(typedData).safeTxHash, signature)).toBe(owner);

    await app.signers.close();
    const again = open({ dataDir: app.dataDir, port: createEmulatorTransportPort({ [DEVICE]: device }) });
    const list = await again.ok('signer/list');
    expect(list).toMatchObject({ activeId: `ledger:${owner}`, ledgerPath: "m/44'/60'/1'/0/0" });
    expect(list.signers[0]).toMatchObject({ kind: 'ledger', label: "Ledger m/44'/60'/1'/0/0" });
  });

  it('pushes locked and unplugged; a missing udev rule is reported with the rule file', async () => {
    const device = new EthereumAppEmulator({ mnemonic: TEST_MNEMONIC });
    const app = open({ port: createEmulatorTransportPort({ [DEVICE]: device }) });
    await app.ok('signer/ledger-status');
    device.locked = true;
    await app.ok('signer/ledger-status');
    device.unplug();
    await app.ok('signer/ledger-status');
    expect(app.pushedOf('signer/device').map((e) => `${e.change}:${e.device.status}`)).toEqual([
      'plugged:needs-attention',
      'status:ready',
      'status:locked',
      'unplugged:disconnected',
    ]);

    const denied = new EthereumAppEmulator({ mnemonic: TEST_MNEMONIC });
    denied.permissionDenied = true;
    const linux = open({ port: createEmulatorTransportPort({ '/dev/hidraw3': denied }) });
    const status = await linux.ok('signer/ledger-status');
    expect(status.devices[0]).toMatchObject({ status: 'permission-denied' });
    expect(status.devices[0]?.message).toContain(status.udevRule!.file);
    const accounts = await linux.call('signer/ledger-accounts', {});
    expect(accounts).toMatchObject({ ok: false, error: { code: 'SIGNER_PERMISSION_DENIED' } });
  });

  it('works without the USB module: the Ledger is reported unavailable, keystores still work', async () => {
    const app = open({
      port: createNodeHidTransportPort({
        load: () => {
          throw new Error("Cannot find module 'node-hid'");
        },
      }),
    });
    const list = await app.ok('signer/list');
    expect(list.ledgerUnavailable).toMatch(/USB support for Ledger devices is not installed.*node-hid/);
    expect((await app.ok('signer/ledger-status')).devices).toEqual([]);
    expect(await app.call('signer/ledger-accounts', {})).toMatchObject({
      ok: false,
      error: { code: 'SIGNER_NOT_FOUND' },
    });
    expect((await app.ok('signer/keystore-create', { label: 'No USB', password: PASSWORD })).status).toBe(
      'ready',
    );
  });

  it('the hash-only device display: the two hashes paged as the connected model shows them', async () => {
    const app = open({
      port: createEmulatorTransportPort({
        [DEVICE]: new EthereumAppEmulator({ mnemonic: TEST_MNEMONIC, model: 'nanoS' }),
      }),
    });
    await app.ok('signer/ledger-status');
    const { domainHash, messageHash } = safeTxHashes(admissionTypedData(137));
    const display = await app.ok('signer/device-display', { domainHash, messageHash });
    expect(display.screen).toBe('nano-s');
    expect(display.hashes.map((h) => [h.title, h.pages.flat().join('')])).toEqual([
      ['Domain hash', `0x${domainHash.slice(2).toUpperCase()}`],
      ['Message hash', `0x${messageHash.slice(2).toUpperCase()}`],
    ]);
    const stax = await app.ok('signer/device-display', { domainHash, messageHash, model: 'stax' });
    expect(stax.hashes[0]?.pages).toEqual([[`0x${domainHash.slice(2).toUpperCase()}`]]);
  });
});

describe('demo owners of the training network', () => {
  it('get a demo keystore each on the first training start, sign without a password, and only on training', async () => {
    const app = open({ net: { demoOwners: DEMO_OWNERS } });
    const list = await app.ok('signer/list');
    expect(list.signers).toHaveLength(3);
    for (const [i, summary] of list.signers.entries()) {
      expect(summary).toMatchObject({
        kind: 'keystore',
        demo: true,
        status: 'ready',
        address: new Wallet(DEMO_OWNERS[i]!.privateKey).address,
        label: `Demo owner ${i + 1} (demo key: training network only)`,
      });
    }
    // "Lock now" would promise what a demo key cannot keep (anyone can unlock it): refused.
    expect(await app.call('signer/keystore-lock', { id: list.signers[0]!.id })).toMatchObject({
      ok: false,
      error: { code: 'INPUT_INVALID', message: 'A demo key cannot be locked: its password is public.' },
    });
    await app.signers.close();

    // A later start: the files are there, locked; a signature needs no password.
    const again = open({ dataDir: app.dataDir, net: { demoOwners: DEMO_OWNERS } });
    const demo = (await again.ok('signer/list')).signers[1]!;
    const typedData = admissionTypedData(31337);
    const signature = await again.signers.get(demo.id).signSafeTx(typedData);
    expect(recoverAddress(safeTxHashes(typedData).safeTxHash, signature)).toBe(demo.address);

    again.net.demoOwners = [];
    expect((await again.ok('signer/list')).signers).toEqual([]);
    expect(await again.call('signer/select', { id: demo.id })).toMatchObject({
      ok: false,
      error: { code: 'SIGNER_NOT_FOUND', message: 'Demo keys sign on the training network only.' },
    });
  });
});

describe('offline', () => {
  it('nothing above reached the network', () => {
    expect(network.attempts).toEqual([]);
  });
});
