import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HDNodeWallet, recoverAddress, Transaction, Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GridkeeperError } from '../../api/contract/errors';
import { admissionTypedData } from '../ledger/testing/emulated-ledger';
import { safeTxHashes } from '../safe-typed-data';
import type { TxRequest } from '../types';
import { keystoreFileName } from './keystore-files';
import type { KeystoreSigner } from './keystore-signer';
import { Keystores, type KeystoresOptions } from './keystores';

// Light scrypt in tests only (ethers accepts any power of two); the app uses ethers' default 2^17.
const TEST_SCRYPT_N = 2 ** 10;
const PASSWORD = 'correct horse battery';
const PRIVATE_KEY = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
const MNEMONIC = 'test test test test test test test test test test test junk';

/** Every message a key worker sent back, as it crossed the thread boundary. */
const fromWorkers: unknown[] = [];
const originalEmit = Worker.prototype.emit;
beforeAll(() => {
  Worker.prototype.emit = function recordingEmit(this: Worker, event: string | symbol, ...args: unknown[]) {
    if (event === 'message' || event === 'error' || event === 'messageerror') fromWorkers.push(args[0]);
    return originalEmit.call(this, event, ...args);
  } as typeof Worker.prototype.emit;
});
afterAll(() => {
  Worker.prototype.emit = originalEmit;
});

const dirs: string[] = [];
const opened: Keystores[] = [];
afterEach(async () => {
  for (const keystores of opened.splice(0)) await keystores.lockAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function keystores(
  options: Partial<KeystoresOptions> = {},
  dir = mkdtempSync(join(tmpdir(), 'gk-keystore-')),
) {
  dirs.push(dir);
  const changes: string[] = [];
  const opened_ = new Keystores({
    dir: join(dir, 'keystores'),
    scryptN: TEST_SCRYPT_N,
    wrongPasswordDelayMs: 50,
    onChange: (signer) => changes.push(`${signer.address} ${signer.status()}`),
    ...options,
  });
  opened.push(opened_);
  return { store: opened_, changes, root: dir };
}

async function failure(promise: Promise<unknown>): Promise<GridkeeperError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GridkeeperError);
  return error as GridkeeperError;
}

function txRequest(): TxRequest {
  return {
    chainId: 137n,
    nonce: 4,
    to: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    value: 10n ** 16n,
    data: '0x',
    gasLimit: 21_000n,
    maxFeePerGas: 40_000_000_000n,
    maxPriorityFeePerGas: 30_000_000_000n,
  };
}

async function expectSigns(signer: KeystoreSigner) {
  const typedData = admissionTypedData(137);
  const signature = await signer.signSafeTx(typedData);
  expect(recoverAddress(safeTxHashes(typedData).safeTxHash, signature)).toBe(signer.address);
  const signed = Transaction.from(await signer.signTransaction(txRequest()));
  expect(signed.from).toBe(signer.address);
  expect(signed.type).toBe(2);
  expect(signed.chainId).toBe(137n);
}

describe('keystore files', () => {
  it('creates a v3 scrypt keystore, owner-only, written atomically, unlocked and signing', async () => {
    const { store } = keystores();
    const signer = await store.add({ random: true }, PASSWORD, { label: 'Control room A', demo: false });
    expect(signer.status()).toBe('ready');
    await expectSigns(signer);

    expect(readdirSync(store.dir)).toEqual([keystoreFileName(signer.address)]);
    expect(statSync(signer.file).mode & 0o777).toBe(0o600);
    expect(statSync(store.dir).mode & 0o777).toBe(0o700);
    const json = JSON.parse(readFileSync(signer.file, 'utf8'));
    expect(json).toMatchObject({
      version: 3,
      address: signer.address.slice(2).toLowerCase(),
      Crypto: { cipher: 'aes-128-ctr', kdf: 'scrypt', kdfparams: { n: TEST_SCRYPT_N, r: 8, p: 1 } },
      'x-gridkeeper': { label: 'Control room A', demo: false },
    });
    // Any v3 reader opens it with the password.
    expect((await Wallet.fromEncryptedJson(readFileSync(signer.file, 'utf8'), PASSWORD)).address).toBe(
      signer.address,
    );
  });

  it('imports a private key and a recovery phrase; a second import of the same key is refused', async () => {
    const { store } = keystores();
    const fromKey = await store.add({ privateKey: PRIVATE_KEY }, PASSWORD, {
      label: 'Imported',
      demo: false,
    });
    expect(fromKey.address).toBe(new Wallet(PRIVATE_KEY).address);
    expect(readFileSync(fromKey.file, 'utf8').toLowerCase()).not.toContain(PRIVATE_KEY.slice(2));
    const path = "m/44'/60'/0'/0/3";
    const fromPhrase = await store.add({ mnemonic: MNEMONIC, path }, PASSWORD, {
      label: 'Phrase',
      demo: false,
    });
    expect(fromPhrase.address).toBe(HDNodeWallet.fromPhrase(MNEMONIC, undefined, path).address);
    await expectSigns(fromPhrase);

    const again = await failure(
      store.add({ privateKey: PRIVATE_KEY }, 'another password', { label: 'x', demo: false }),
    );
    expect(again.code).toBe('CONFLICT');
    expect(
      store
        .list()
        .map((s) => s.address)
        .sort(),
    ).toEqual([fromKey.address, fromPhrase.address].sort());

    expect(
      (
        await failure(
          store.add({ privateKey: `0x${'00'.repeat(32)}` }, PASSWORD, { label: 'x', demo: false }),
        )
      ).code,
    ).toBe('INPUT_INVALID');
    expect(
      (await failure(store.add({ mnemonic: 'not a phrase', path }, PASSWORD, { label: 'x', demo: false })))
        .code,
    ).toBe('INPUT_INVALID');
  });

  it('after a restart the keystore is locked; a wrong password is refused after a growing delay, the right one unlocks', async () => {
    const { store, root } = keystores();
    const created = await store.add({ privateKey: PRIVATE_KEY }, PASSWORD, { label: 'Owner 2', demo: false });
    created.lock();

    const { store: reopened } = keystores({}, root);
    const signer = reopened.get(created.id);
    expect(signer.summary()).toMatchObject({
      kind: 'keystore',
      label: 'Owner 2',
      status: 'locked',
      demo: false,
    });
    const locked = await failure(signer.signSafeTx(admissionTypedData(137)));
    expect(locked.code).toBe('SIGNER_LOCKED');
    expect(locked.message).toMatch(/Unlock it with its password/);

    const timed = async (password: string) => {
      const started = performance.now();
      const error = await failure(signer.unlock(password));
      return { error, ms: performance.now() - started };
    };
    const first = await timed('wrong password');
    const second = await timed('wrong password');
    expect(first.error.code).toBe('SIGNER_WRONG_PASSWORD');
    expect(first.error.message).toMatch(/not the password of the keystore "Owner 2"/);
    expect(first.ms).toBeGreaterThanOrEqual(50);
    expect(second.ms).toBeGreaterThanOrEqual(100);
    expect(second.error.details?.failures).toBe(2);
    expect(signer.status()).toBe('locked');

    await signer.unlock(PASSWORD);
    expect(signer.status()).toBe('ready');
    await expectSigns(signer);
  });

  it('concurrent guesses wait for each other, so none skips the delay', async () => {
    const { store } = keystores({ wrongPasswordDelayMs: 40 });
    const signer = await store.add({ random: true }, PASSWORD, { label: 'x', demo: false });
    signer.lock();
    const started = performance.now();
    const results = await Promise.allSettled([
      signer.unlock('guess 1'),
      signer.unlock('guess 2'),
      signer.unlock('guess 3'),
    ]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    // 40 + 80 + 160 ms, one after another.
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('a damaged file is listed as damaged and a tampered one refuses to unlock, saying which file', async () => {
    const { store, root } = keystores();
    const good = await store.add({ privateKey: PRIVATE_KEY }, PASSWORD, { label: 'Good', demo: false });
    good.lock();
    writeFileSync(join(store.dir, 'half-written.json'), '{"version":3,"Crypto":{"ciph');
    const tamperedJson = JSON.parse(readFileSync(good.file, 'utf8'));
    tamperedJson.address = '90f79bf6eb2c4f870365e785982e1f101e93b906';
    writeFileSync(
      join(store.dir, keystoreFileName(`0x${tamperedJson.address}`)),
      JSON.stringify(tamperedJson),
    );

    const { store: reopened } = keystores({}, root);
    expect(reopened.damaged()).toEqual([
      {
        file: join(store.dir, 'half-written.json'),
        reason: expect.stringMatching(/half-written.json is damaged \(it is not JSON\)/),
      },
    ]);
    const tampered = reopened.get('keystore:0x90F79bf6EB2c4f870365E785982E1f101E93b906');
    const error = await failure(tampered.unlock(PASSWORD));
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toContain(tampered.file);
    await reopened.get(good.id).unlock(PASSWORD);
    expect(reopened.get(good.id).status()).toBe('ready');
  });

  it('locks itself after the idle time, which can be changed while unlocked', async () => {
    const { store, changes } = keystores({ autoLockMs: 60_000 });
    const signer = await store.add({ random: true }, PASSWORD, { label: 'Idle', demo: false });
    store.setAutoLockMs(150);
    await signer.signSafeTx(admissionTypedData(137));
    expect(signer.status()).toBe('ready');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(signer.status()).toBe('locked');
    expect(changes).toEqual([`${signer.address} ready`, `${signer.address} locked`]);
    expect((await failure(signer.signTransaction(txRequest()))).code).toBe('SIGNER_LOCKED');
  });

  it('demo keys never lock by themselves and say so', async () => {
    const { store } = keystores({ autoLockMs: 50 });
    const signer = await store.add({ privateKey: PRIVATE_KEY }, 'gridkeeper-demo', {
      label: 'Demo owner 1',
      demo: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(signer.summary()).toMatchObject({
      status: 'ready',
      demo: true,
      label: 'Demo owner 1 (demo key: training network only)',
    });
  });
});

describe('the key stays in its worker', () => {
  it('no message from any key worker above carried a private key or recovery phrase', () => {
    const secrets = [
      PRIVATE_KEY.slice(2),
      HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0/3").privateKey.slice(2),
      MNEMONIC,
    ];
    const seen = JSON.stringify(fromWorkers, (_key, value) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    // The recorder saw the traffic (keystores, addresses, signatures), so the check below can fail.
    expect(fromWorkers.length).toBeGreaterThan(20);
    expect(seen).toContain('"signature"');
    for (const secret of secrets) expect(seen.toLowerCase()).not.toContain(secret.toLowerCase());
  });
});
