/**
 * The key worker: the only place decrypted keystore keys live, each in the slot of its address. It
 * answers the requests of worker-protocol.ts and never sends a key (or anything derived from it but
 * an address and signatures) back. Run as a worker_threads entry: it imports packages only (no relative modules),
 * so Node can load this file directly with its built-in type stripping, and a bundler can emit it
 * as a separate entry.
 */
import { scrypt as nodeScrypt, timingSafeEqual } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import {
  decryptKeystoreJson,
  encryptKeystoreJson,
  HDNodeWallet,
  Mnemonic,
  scrypt,
  Transaction,
  Wallet,
} from 'ethers';
import type {
  SecretSource,
  WorkerData,
  WorkerEnvelope,
  WorkerErrorKind,
  WorkerReply,
  WorkerRequest,
  WorkerResult,
} from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('keystore-worker must run as a worker thread');
const token = Buffer.from((workerData as WorkerData).token, 'utf8');

// Node's native scrypt instead of ethers' pure-JS one: the same result, many times faster.
scrypt.register(
  (password, salt, N, r, p, dkLen) =>
    new Promise((resolve, reject) => {
      nodeScrypt(password, salt, dkLen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
        error ? reject(error) : resolve(new Uint8Array(key)),
      );
    }),
);
scrypt.lock();

/** Unlocked keys by slot (the checksummed address). */
const wallets = new Map<string, Wallet>();

class RequestError extends Error {
  readonly kind: WorkerErrorKind;

  constructor(kind: WorkerErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

function tokenMatches(candidate: unknown): boolean {
  if (typeof candidate !== 'string') return false;
  const given = Buffer.from(candidate, 'utf8');
  return given.length === token.length && timingSafeEqual(given, token);
}

function walletFrom(secret: SecretSource): Wallet {
  switch (secret.kind) {
    case 'random':
      return new Wallet(Wallet.createRandom().privateKey);
    case 'private-key':
      return new Wallet(secret.privateKey);
    case 'mnemonic':
      return new Wallet(
        HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(secret.phrase), secret.path).privateKey,
      );
  }
}

function walletIn(slot: string): Wallet {
  const wallet = wallets.get(slot);
  if (!wallet) throw new RequestError('locked', 'locked');
  return wallet;
}

async function handle(request: WorkerRequest): Promise<WorkerResult> {
  switch (request.op) {
    case 'encrypt': {
      let account: Wallet;
      try {
        account = walletFrom(request.secret);
      } catch {
        throw new RequestError('invalid-request', 'The private key or recovery phrase is not valid.');
      }
      const keystoreJson = await encryptKeystoreJson(
        { address: account.address, privateKey: account.privateKey },
        request.password,
        { scrypt: { N: request.scryptN } },
      );
      wallets.set(account.address, account);
      return { address: account.address, keystoreJson };
    }
    case 'unlock': {
      let account: Wallet;
      try {
        account = new Wallet((await decryptKeystoreJson(request.keystoreJson, request.password)).privateKey);
      } catch (error) {
        const { code, argument } = error as { code?: string; argument?: string };
        if (code === 'INVALID_ARGUMENT' && argument === 'password') {
          throw new RequestError('wrong-password', 'incorrect password');
        }
        throw new RequestError('corrupt-keystore', 'the keystore file cannot be read');
      }
      if (account.address !== request.slot) {
        throw new RequestError('corrupt-keystore', 'the keystore file holds the key of another address');
      }
      wallets.set(account.address, account);
      return { address: account.address };
    }
    case 'forget':
      return { forgotten: wallets.delete(request.slot) };
    case 'sign-typed-data':
      return {
        signature: await walletIn(request.slot).signTypedData(request.domain, request.types, request.message),
      };
    case 'sign-transaction':
      return {
        serialized: await walletIn(request.slot).signTransaction(
          Transaction.from({ ...request.tx, type: 2 }),
        ),
      };
    default:
      throw new RequestError('invalid-request', 'unknown request');
  }
}

port.on('message', async (envelope: WorkerEnvelope) => {
  const id = typeof envelope?.id === 'number' ? envelope.id : -1;
  let reply: WorkerReply;
  if (!tokenMatches(envelope?.token)) {
    reply = { id, ok: false, error: { kind: 'bad-token', message: 'rejected' } };
  } else {
    try {
      reply = { id, ok: true, result: await handle(envelope.request) };
    } catch (error) {
      // Only our own messages leave the worker: library errors may quote their input.
      reply =
        error instanceof RequestError
          ? { id, ok: false, error: { kind: error.kind, message: error.message } }
          : { id, ok: false, error: { kind: 'invalid-request', message: 'the request failed' } };
    }
  }
  port.postMessage(reply);
});
