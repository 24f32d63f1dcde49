import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getAddress, isAddress, isHexString, ZeroAddress } from 'ethers';
import { isGridkeeperError } from '../../api/contract/errors';
import type { SafeChain } from '../safe-reader';
import type { SafeTxData } from '../types';
import { hashSafeTx } from '../verify/hash';
import { recoverSignature } from '../verify/signatures';

interface StoredTx {
  tx: SafeTxData;
  safeTxHash: string;
  proposer: string;
  origin: string;
  submissionDate: string;
  confirmations: { owner: string; signature: string; signatureType: string; submissionDate: string }[];
}

export interface TxServiceDouble {
  url: string;
  /** What the double holds, by safeTxHash (for tests). */
  readonly transactions: ReadonlyMap<string, StoredTx>;
  close(): Promise<void>;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

const unprocessable = (message: string) => new HttpFailure(422, { nonFieldErrors: [message] });
const notFound = () => new HttpFailure(404, { detail: 'Not found.' });
const SIGNATURE_TYPES = { eip712: 'EOA', eth_sign: 'ETH_SIGN', 'approved-hash': 'APPROVED_HASH' } as const;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw new HttpFailure(413, { detail: 'Request too large.' });
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    if (typeof value !== 'object' || value === null) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new HttpFailure(400, { detail: 'JSON parse error.' });
  }
}

/**
 * A small stand-in for the Safe Transaction Service on 127.0.0.1: the endpoints api-kit calls, with
 * the service's own checks (the hash matches the fields, the signature recovers to an owner, the
 * nonce is not spent). It reads owners, nonce and executions from the chain, like the real one.
 */
export async function startTxServiceDouble(
  chain: SafeChain,
  opts: { port?: number } = {},
): Promise<TxServiceDouble> {
  const { setup } = chain;
  const safe = setup.safe.address;
  const txs = new Map<string, StoredTx>();

  const safeNonce = async () => (await chain.readState(new Date())).nonce;

  const checkSignature = async (safeTxHash: string, signature: unknown, expectedOwner?: string) => {
    if (typeof signature !== 'string' || !isHexString(signature))
      throw unprocessable('Signature is not valid hex.');
    let recovered: ReturnType<typeof recoverSignature>;
    try {
      recovered = recoverSignature(safeTxHash, signature);
    } catch (error) {
      throw unprocessable(isGridkeeperError(error) ? error.message : 'Signature is not valid.');
    }
    const { owners } = await chain.readState(new Date());
    if (!owners.some((o) => o.toLowerCase() === recovered.owner.toLowerCase())) {
      throw unprocessable(`Signer=${recovered.owner} is not an owner.`);
    }
    if (expectedOwner && recovered.owner.toLowerCase() !== expectedOwner.toLowerCase()) {
      throw unprocessable(
        `Signature does not match sender=${getAddress(expectedOwner)}. Recovered owner=${recovered.owner}.`,
      );
    }
    if (recovered.type === 'approved-hash' && !(await chain.isApproved(recovered.owner, safeTxHash))) {
      throw unprocessable(`Owner=${recovered.owner} has not approved safe-tx-hash=${safeTxHash} on chain.`);
    }
    return recovered;
  };

  const toResponse = async (s: StoredTx) => {
    const execution = await chain.findExecution(s.safeTxHash);
    const { threshold } = await chain.readState(new Date());
    return {
      safe,
      to: s.tx.to,
      value: s.tx.value.toString(),
      data: s.tx.data === '0x' ? null : s.tx.data,
      operation: s.tx.operation,
      gasToken: s.tx.gasToken,
      safeTxGas: s.tx.safeTxGas.toString(),
      baseGas: s.tx.baseGas.toString(),
      gasPrice: s.tx.gasPrice.toString(),
      refundReceiver: s.tx.refundReceiver,
      nonce: s.tx.nonce.toString(),
      executionDate: null,
      submissionDate: s.submissionDate,
      modified: s.submissionDate,
      blockNumber: execution?.blockNumber ?? null,
      transactionHash: execution?.chainTxHash ?? null,
      safeTxHash: s.safeTxHash,
      executor: null,
      proposer: s.proposer,
      proposedByDelegate: null,
      isExecuted: execution !== null,
      isSuccessful: execution ? execution.success : null,
      ethGasPrice: null,
      maxFeePerGas: null,
      maxPriorityFeePerGas: null,
      gasUsed: null,
      fee: null,
      origin: s.origin,
      confirmationsRequired: threshold,
      confirmations: s.confirmations,
      trusted: true,
      signatures: null,
    };
  };

  const addConfirmation = (
    s: StoredTx,
    owner: string,
    signature: string,
    type: keyof typeof SIGNATURE_TYPES,
  ) => {
    if (s.confirmations.some((c) => c.owner.toLowerCase() === owner.toLowerCase())) return;
    s.confirmations.push({
      owner,
      signature,
      signatureType: SIGNATURE_TYPES[type],
      submissionDate: new Date().toISOString(),
    });
  };

  const propose = async (body: Record<string, unknown>) => {
    const field = (name: string) => {
      const value = body[name];
      if (typeof value !== 'string' && typeof value !== 'number')
        throw new HttpFailure(400, { [name]: ['This field is required.'] });
      return String(value);
    };
    const address = (name: string) => {
      const value = body[name] ?? ZeroAddress;
      if (typeof value !== 'string' || !isAddress(value))
        throw new HttpFailure(400, { [name]: ['Invalid address.'] });
      return getAddress(value);
    };
    const tx: SafeTxData = {
      to: address('to'),
      value: BigInt(field('value')),
      data: typeof body.data === 'string' ? body.data.toLowerCase() : '0x',
      operation: Number(body.operation) === 1 ? 1 : 0,
      safeTxGas: BigInt(field('safeTxGas')),
      baseGas: BigInt(field('baseGas')),
      gasPrice: BigInt(field('gasPrice')),
      gasToken: address('gasToken'),
      refundReceiver: address('refundReceiver'),
      nonce: BigInt(field('nonce')),
    };
    const { safeTxHash } = hashSafeTx(setup.safe, tx);
    const claimed = field('contractTransactionHash').toLowerCase();
    if (claimed !== safeTxHash) {
      throw unprocessable(
        `Contract-transaction-hash=${safeTxHash} does not match provided contract-tx-hash=${claimed}.`,
      );
    }
    const nonce = await safeNonce();
    if (tx.nonce < nonce)
      throw unprocessable(`Tx with nonce=${tx.nonce} for safe=${safe} already executed in blockchain.`);
    const sender = address('sender');
    const recovered = await checkSignature(safeTxHash, body.signature, sender);
    const stored = txs.get(safeTxHash) ?? {
      tx,
      safeTxHash,
      proposer: sender,
      origin: typeof body.origin === 'string' ? body.origin : '',
      submissionDate: new Date().toISOString(),
      confirmations: [],
    };
    addConfirmation(stored, recovered.owner, String(body.signature).toLowerCase(), recovered.type);
    txs.set(safeTxHash, stored);
  };

  const confirm = async (safeTxHash: string, body: Record<string, unknown>) => {
    const stored = txs.get(safeTxHash);
    if (!stored) throw notFound();
    if (stored.tx.nonce < (await safeNonce())) {
      throw unprocessable(
        `Transaction with safe-tx-hash=${safeTxHash} was already executed or its nonce was used.`,
      );
    }
    const recovered = await checkSignature(safeTxHash, body.signature);
    addConfirmation(stored, recovered.owner, String(body.signature).toLowerCase(), recovered.type);
    return { signature: body.signature };
  };

  type Reply = { status: number; body: unknown };
  type Route = [
    method: string,
    pattern: RegExp,
    handle: (param: string, req: IncomingMessage, url: URL) => Promise<Reply>,
  ];
  const sameSafe = (a: string) => getAddress(a) === getAddress(safe);
  const routes: Route[] = [
    [
      'GET',
      /^\/v1\/about\/?$/,
      async () => ({ status: 200, body: { name: 'Gridkeeper tx-service double' } }),
    ],
    [
      'GET',
      /^\/v1\/safes\/(0x[0-9a-fA-F]{40})\/$/,
      async (address) => {
        if (!sameSafe(address)) throw notFound();
        const state = await chain.readState(new Date());
        return {
          status: 200,
          body: {
            address: safe,
            nonce: state.nonce.toString(),
            threshold: state.threshold,
            owners: state.owners,
            singleton: setup.contracts.safeSingletonAddress,
            modules: [],
            fallbackHandler: setup.contracts.fallbackHandlerAddress,
            guard: ZeroAddress,
            version: setup.safe.version,
          },
        };
      },
    ],
    [
      'POST',
      /^\/v2\/safes\/(0x[0-9a-fA-F]{40})\/multisig-transactions\/$/,
      async (address, req) => {
        if (!sameSafe(address)) throw notFound();
        await propose(await readJson(req));
        return { status: 201, body: null };
      },
    ],
    [
      'GET',
      /^\/v2\/safes\/(0x[0-9a-fA-F]{40})\/multisig-transactions\/$/,
      async (address, _req, url) => {
        if (!sameSafe(address)) throw notFound();
        const nonceGte = BigInt(url.searchParams.get('nonce__gte') ?? '0');
        const executed = url.searchParams.get('executed');
        const all = await Promise.all(
          [...txs.values()].filter((s) => s.tx.nonce >= nonceGte).map((s) => toResponse(s)),
        );
        const results = all.filter((t) => executed === null || String(t.isExecuted) === executed);
        return { status: 200, body: { count: results.length, next: null, previous: null, results } };
      },
    ],
    [
      'GET',
      /^\/v2\/multisig-transactions\/(0x[0-9a-fA-F]{64})\/$/,
      async (hash) => {
        const stored = txs.get(hash.toLowerCase());
        if (!stored) throw notFound();
        return { status: 200, body: await toResponse(stored) };
      },
    ],
    [
      'POST',
      /^\/v1\/multisig-transactions\/(0x[0-9a-fA-F]{64})\/confirmations\/$/,
      async (hash, req) => ({ status: 201, body: await confirm(hash.toLowerCase(), await readJson(req)) }),
    ],
    [
      'GET',
      /^\/v1\/multisig-transactions\/(0x[0-9a-fA-F]{64})\/confirmations\/$/,
      async (hash) => {
        const stored = txs.get(hash.toLowerCase());
        if (!stored) throw notFound();
        const results = stored.confirmations;
        return { status: 200, body: { count: results.length, next: null, previous: null, results } };
      },
    ],
  ];

  const route = async (req: IncomingMessage): Promise<Reply> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    for (const [method, pattern, handle] of routes) {
      const match = pattern.exec(url.pathname);
      if (match && req.method === method) return handle(match[1] ?? '', req, url);
    }
    throw notFound();
  };

  const server = createServer((req, res: ServerResponse) => {
    route(req)
      .catch((error: unknown) =>
        error instanceof HttpFailure
          ? { status: error.status, body: error.body }
          : { status: 500, body: { detail: `Server error: ${String(error)}` } },
      )
      .then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === null ? '' : JSON.stringify(body));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    transactions: txs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
