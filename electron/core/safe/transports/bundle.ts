import { createHash } from 'node:crypto';
import { getAddress, isAddress, isHexString } from 'ethers';
import { z } from 'zod';
import { GridkeeperError, isGridkeeperError } from '../../api/contract/errors';
import { type Intent, intentSchema, toIntentJson } from '../build/intents';
import {
  type OwnerSignature,
  type SafeSetup,
  type SafeState,
  type SafeTxData,
  type SafeTxHashes,
  safeTxToJson,
} from '../types';
import { type DecodedSafeTx, decodeSafeTx, sameIntents } from '../verify/decode';
import { assertSameHashes, crossCheckWithProtocolKit, hashSafeTx } from '../verify/hash';
import { recoverSignature } from '../verify/signatures';

export const BUNDLE_FORMAT = 'gridkeeper/safe-tx-bundle';
export const BUNDLE_VERSION = 1;
/** Larger files are refused before parsing: a real bundle of 200 decisions is far smaller. */
export const MAX_BUNDLE_BYTES = 1024 * 1024;

/** Why a file was refused; stable for tests and for the UI's help text. */
export type BundleRejection =
  | 'too-large'
  | 'bad-json'
  | 'not-a-bundle'
  | 'unknown-version'
  | 'malformed'
  | 'other-chain'
  | 'other-safe'
  | 'other-safe-version'
  | 'hash-mismatch'
  | 'intents-mismatch'
  | 'dangerous'
  | 'nonce-executed'
  | 'duplicate-signature'
  | 'malformed-signature'
  | 'signer-mismatch'
  | 'signature-type-mismatch'
  | 'non-owner'
  | 'approval-in-file';

const zAddr = z.string().refine((v) => isAddress(v), 'not an Ethereum address');
const zDec = z.string().regex(/^(0|[1-9][0-9]{0,77})$/, 'not a decimal integer');
const zHash = z.string().refine((v): boolean => isHexString(v, 32), 'not a 32-byte hex string');

const bundleSchemaV1 = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    createdAt: z.iso.datetime(),
    chainId: zDec,
    safe: z.object({ address: zAddr, version: z.string().max(20) }).strict(),
    tx: z
      .object({
        to: zAddr,
        value: zDec,
        data: z.string().refine((v): boolean => isHexString(v), 'not hex data'),
        operation: z.union([z.literal(0), z.literal(1)]),
        safeTxGas: zDec,
        baseGas: zDec,
        gasPrice: zDec,
        gasToken: zAddr,
        refundReceiver: zAddr,
        nonce: zDec,
      })
      .strict(),
    hashes: z.object({ safeTxHash: zHash, domainHash: zHash, messageHash: zHash }).strict(),
    signatures: z
      .array(
        z
          .object({
            signer: zAddr,
            type: z.enum(['eip712', 'eth_sign', 'approved-hash']),
            data: z.string().max(1000),
          })
          .strict(),
      )
      .max(100),
    title: z.string().max(500),
    intents: z.array(z.unknown()).max(1000),
  })
  .strict();

export type SafeTxBundle = z.infer<typeof bundleSchemaV1>;

export interface BundleFile {
  fileName: string;
  content: string;
  sha256: string;
}

export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

const reject = (reason: BundleRejection, message: string, details: Record<string, string> = {}) =>
  new GridkeeperError('BUNDLE_REJECTED', message, { reason, ...details });

function txFromJson(tx: SafeTxBundle['tx']): SafeTxData {
  return {
    to: getAddress(tx.to),
    value: BigInt(tx.value),
    data: tx.data.toLowerCase(),
    operation: tx.operation,
    safeTxGas: BigInt(tx.safeTxGas),
    baseGas: BigInt(tx.baseGas),
    gasPrice: BigInt(tx.gasPrice),
    gasToken: getAddress(tx.gasToken),
    refundReceiver: getAddress(tx.refundReceiver),
    nonce: BigInt(tx.nonce),
  };
}

/**
 * Writes a bundle: everything needed to verify and sign offline. On-chain approvals are left out
 * (they live on the chain, and a file cannot prove them).
 */
export function createBundle(args: {
  setup: SafeSetup;
  tx: SafeTxData;
  hashes: SafeTxHashes;
  title: string;
  intents: Intent[];
  signatures: OwnerSignature[];
  threshold: number;
  now: Date;
}): BundleFile {
  const portable = args.signatures.filter((s) => s.type !== 'approved-hash');
  const bundle: SafeTxBundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: args.now.toISOString(),
    chainId: args.setup.safe.chainId.toString(),
    safe: { address: args.setup.safe.address, version: args.setup.safe.version },
    tx: safeTxToJson(args.tx),
    hashes: args.hashes,
    signatures: portable.map((s) => ({ signer: s.owner, type: s.type, data: s.data })),
    title: args.title,
    intents: args.intents.map(toIntentJson),
  };
  const content = `${JSON.stringify(bundle, null, 2)}\n`;
  return {
    fileName: `safe-tx-nonce${args.tx.nonce}-${args.hashes.safeTxHash.slice(2, 10)}-${portable.length}of${args.threshold}.json`,
    content,
    sha256: sha256Hex(content),
  };
}

export interface VerifiedBundle {
  tx: SafeTxData;
  hashes: SafeTxHashes;
  decoded: DecodedSafeTx;
  title: string;
  signatures: OwnerSignature[];
  fileSha256: string;
  createdAt: string;
}

/**
 * Verifies a bundle completely, against the Safe's setup and its owners/nonce (live, or last known
 * when offline), without writing anything. Any doubt refuses the whole file, with the reason.
 */
export function verifyBundle(
  content: string | Uint8Array,
  ctx: { setup: SafeSetup; state: SafeState; allowDangerous?: boolean; now: Date },
): VerifiedBundle {
  const bytes = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
  if (bytes > MAX_BUNDLE_BYTES) {
    throw reject(
      'too-large',
      `The file is ${bytes.toLocaleString('en')} bytes; a bundle may be at most 1 MiB (1,048,576 bytes).`,
    );
  }
  const text =
    typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: false }).decode(content);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw reject('bad-json', `The file is not valid JSON (${(error as Error).message}).`);
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== BUNDLE_FORMAT) {
    throw reject('not-a-bundle', 'The file is not a Gridkeeper Safe transaction bundle.');
  }
  const version = (json as { version?: unknown }).version;
  if (version !== BUNDLE_VERSION) {
    throw reject(
      'unknown-version',
      `The bundle has format version ${JSON.stringify(version)}; this Gridkeeper reads version ${BUNDLE_VERSION}.`,
    );
  }
  const parsed = bundleSchemaV1.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw reject(
      'malformed',
      `The bundle is malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message}.`,
    );
  }
  const b = parsed.data;
  const { setup, state } = ctx;

  if (BigInt(b.chainId) !== setup.safe.chainId) {
    throw reject(
      'other-chain',
      `The bundle is for chain ${b.chainId}; this Safe is on chain ${setup.safe.chainId}.`,
    );
  }
  if (getAddress(b.safe.address) !== getAddress(setup.safe.address)) {
    throw reject(
      'other-safe',
      `The bundle is for the Safe ${getAddress(b.safe.address)}; this Safe is ${setup.safe.address}.`,
    );
  }
  if (b.safe.version !== setup.safe.version) {
    throw reject(
      'other-safe-version',
      `The bundle says Safe version ${b.safe.version}; this Safe is version ${setup.safe.version}.`,
    );
  }

  const tx = txFromJson(b.tx);
  const hashes = hashSafeTx(setup.safe, tx);
  try {
    assertSameHashes(hashes, b.hashes, 'the bundle');
    crossCheckWithProtocolKit(setup.safe, tx, hashes);
  } catch (error) {
    if (!isGridkeeperError(error)) throw error;
    const field = String(error.details?.field ?? 'hash');
    throw reject(
      'hash-mismatch',
      `The bundle's ${field} does not match the transaction in it (recomputed ${String(error.details?.ours)}): the file was altered.`,
    );
  }

  const decoded = decodeSafeTx(tx, setup);
  const fileIntents: Intent[] = [];
  for (const [i, raw] of b.intents.entries()) {
    const intent = intentSchema.safeParse(raw);
    if (!intent.success)
      throw reject('malformed', `The bundle is malformed at intents.${i}: not a known decision.`);
    fileIntents.push(intent.data);
  }
  if (!sameIntents(fileIntents, decoded.intents)) {
    throw reject(
      'intents-mismatch',
      `The decisions listed in the bundle (“${b.title}”) are not what its transaction does (“${decoded.title}”): the file was altered.`,
    );
  }
  if (decoded.danger && !ctx.allowDangerous) {
    throw reject(
      'dangerous',
      `${decoded.danger} Import refused; it can only be imported with the explicit override.`,
    );
  }
  if (tx.nonce < state.nonce) {
    throw reject(
      'nonce-executed',
      `Nonce ${tx.nonce} was already executed on this Safe (its next nonce is ${state.nonce}): this transaction can never run.`,
    );
  }

  const owners = new Set(state.owners.map((o) => o.toLowerCase()));
  const seen = new Set<string>();
  const signatures: OwnerSignature[] = [];
  for (const [i, s] of b.signatures.entries()) {
    const n = i + 1;
    if (s.type === 'approved-hash') {
      throw reject(
        'approval-in-file',
        `Signature ${n} is an on-chain approval; those are read from the chain, never from a file.`,
      );
    }
    let recovered: ReturnType<typeof recoverSignature>;
    try {
      recovered = recoverSignature(hashes.safeTxHash, s.data);
    } catch (error) {
      if (!isGridkeeperError(error)) throw error;
      throw reject('malformed-signature', `Signature ${n} is malformed: ${error.message}`);
    }
    if (recovered.type !== s.type) {
      throw reject(
        'signature-type-mismatch',
        `Signature ${n} is labelled ${s.type} but is an ${recovered.type} signature.`,
      );
    }
    if (recovered.owner !== getAddress(s.signer)) {
      throw reject(
        'signer-mismatch',
        `Signature ${n} claims to be from ${getAddress(s.signer)} but recovers to ${recovered.owner} (it was made for another transaction, or altered).`,
      );
    }
    if (seen.has(recovered.owner.toLowerCase())) {
      throw reject('duplicate-signature', `The bundle holds two signatures from ${recovered.owner}.`);
    }
    seen.add(recovered.owner.toLowerCase());
    if (!owners.has(recovered.owner.toLowerCase())) {
      throw reject(
        'non-owner',
        `Signature ${n} is from ${recovered.owner}, which is not an owner of this Safe.`,
      );
    }
    signatures.push({
      owner: recovered.owner,
      data: s.data.toLowerCase(),
      type: recovered.type,
      source: 'bundle',
      signerKind: null,
      signerId: null,
      addedAt: ctx.now.toISOString(),
    });
  }
  return {
    tx,
    hashes,
    decoded,
    title: decoded.title,
    signatures,
    fileSha256: sha256Hex(content),
    createdAt: b.createdAt,
  };
}
