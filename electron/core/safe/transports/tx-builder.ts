import { getAddress, Interface, id, isAddress, isHexString, type ParamType } from 'ethers';
import { z } from 'zod';
import { GridkeeperError } from '../../api/contract/errors';
import { marketInterface, registryInterface, safeInterface, tokenInterface } from '../abis';
import type { Call } from '../build/encode';
import type { SafeSetup, SafeTxData } from '../types';
import { unpackMultiSend } from '../verify/decode';
import { type BundleFile, MAX_BUNDLE_BYTES, sha256Hex } from './bundle';

/**
 * Safe{Wallet}'s Transaction Builder batch file ("version 1.0"), so proposals can move between
 * Gridkeeper and Safe{Wallet}. Its checksum is the Transaction Builder's own: keccak256 of a
 * key-sorted serialisation with meta.name set to null.
 */
const zContractMethod = z.object({
  inputs: z.array(
    z.object({ internalType: z.string().optional(), name: z.string(), type: z.string() }).loose(),
  ),
  name: z.string(),
  payable: z.boolean(),
});

const batchSchema = z.object({
  version: z.string(),
  chainId: z.string(),
  createdAt: z.number(),
  meta: z
    .object({
      name: z.string().nullable().optional(),
      description: z.string().optional(),
      txBuilderVersion: z.string().optional(),
      createdFromSafeAddress: z.string().optional(),
      createdFromOwnerAddress: z.string().optional(),
      checksum: z.string().optional(),
    })
    .loose(),
  transactions: z
    .array(
      z.object({
        to: z.string().refine((v) => isAddress(v), 'not an address'),
        value: z.string().regex(/^[0-9]+$/, 'not a decimal amount'),
        data: z.string().nullable().optional(),
        contractMethod: zContractMethod.nullable().optional(),
        contractInputsValues: z.record(z.string(), z.string()).nullable().optional(),
      }),
    )
    .min(1)
    .max(200),
});

export type TxBuilderBatch = z.infer<typeof batchSchema>;

const stringifyReplacer = (_key: string, value: unknown) => (value === undefined ? null : value);

function serializeJSONObject(json: unknown): string {
  if (Array.isArray(json)) return `[${json.map((el) => serializeJSONObject(el)).join(',')}]`;
  if (typeof json === 'object' && json !== null) {
    const keys = Object.keys(json).sort();
    let acc = `{${JSON.stringify(keys, stringifyReplacer)}`;
    for (const key of keys) acc += `${serializeJSONObject((json as Record<string, unknown>)[key])},`;
    return `${acc}}`;
  }
  return `${JSON.stringify(json, stringifyReplacer)}`;
}

export function txBuilderChecksum(batch: TxBuilderBatch): string {
  const { checksum: _omit, ...meta } = batch.meta;
  return id(serializeJSONObject({ ...batch, meta: { ...meta, name: null } }));
}

const reject = (reason: string, message: string) =>
  new GridkeeperError('BUNDLE_REJECTED', message, { reason });

const INTERFACES = [registryInterface, marketInterface, tokenInterface, safeInterface];

function methodOf(call: Call) {
  for (const iface of INTERFACES) {
    const parsed = iface.parseTransaction({ data: call.data, value: call.value });
    if (!parsed) continue;
    const inputs = parsed.fragment.inputs;
    return {
      contractMethod: {
        inputs: inputs.map((p: ParamType) => ({ internalType: p.type, name: p.name, type: p.type })),
        name: parsed.name,
        payable: parsed.fragment.payable,
      },
      contractInputsValues: Object.fromEntries(
        inputs.map((p: ParamType, i: number) => [p.name, String(parsed.args[i])]),
      ),
    };
  }
  return { contractMethod: null, contractInputsValues: null };
}

/** The calls of a Safe transaction, when Safe{Wallet} can express it: one call or a MultiSendCallOnly batch. */
function callsOf(tx: SafeTxData, setup: SafeSetup): Call[] {
  if (tx.operation === 0) return [{ to: tx.to, value: tx.value, data: tx.data, operation: 0 }];
  const inner =
    tx.to.toLowerCase() === setup.contracts.multiSendCallOnlyAddress.toLowerCase()
      ? unpackMultiSend(tx.data)
      : null;
  if (inner) return inner;
  throw new GridkeeperError(
    'INTENT_INVALID',
    'This transaction delegatecalls a contract other than MultiSendCallOnly; the Transaction Builder cannot express it.',
  );
}

export function exportTxBuilderBatch(args: {
  setup: SafeSetup;
  tx: SafeTxData;
  title: string;
  createdFromOwnerAddress?: string;
  now: Date;
}): BundleFile {
  const batch: TxBuilderBatch = {
    version: '1.0',
    chainId: args.setup.safe.chainId.toString(),
    createdAt: args.now.getTime(),
    meta: {
      name: args.title,
      description: `Exported by Gridkeeper from Safe nonce ${args.tx.nonce}`,
      txBuilderVersion: '1.18.0',
      createdFromSafeAddress: args.setup.safe.address,
      createdFromOwnerAddress: args.createdFromOwnerAddress ?? '',
    },
    transactions: callsOf(args.tx, args.setup).map((call) => ({
      to: call.to,
      value: call.value.toString(),
      data: call.data,
      ...methodOf(call),
    })),
  };
  batch.meta.checksum = txBuilderChecksum(batch);
  const content = `${JSON.stringify(batch, null, 2)}\n`;
  return {
    fileName: `tx-builder-nonce${args.tx.nonce}-${args.setup.safe.address.slice(2, 8)}.json`,
    content,
    sha256: sha256Hex(content),
  };
}

function encodeFromMethod(tx: TxBuilderBatch['transactions'][number], index: number): string {
  const method = tx.contractMethod;
  if (!method)
    throw reject('tx-builder-malformed', `Transaction ${index + 1} has neither data nor a contract method.`);
  const iface = new Interface([
    {
      type: 'function',
      name: method.name,
      inputs: method.inputs,
      outputs: [],
      stateMutability: method.payable ? 'payable' : 'nonpayable',
    },
  ]);
  const values = method.inputs.map((input) => {
    const raw = tx.contractInputsValues?.[input.name];
    if (raw === undefined)
      throw reject('tx-builder-malformed', `Transaction ${index + 1} lacks a value for ${input.name}.`);
    if (input.type.endsWith(']') || input.type.startsWith('tuple')) return JSON.parse(raw);
    if (input.type === 'bool') return raw === 'true';
    return raw;
  });
  return iface.encodeFunctionData(method.name, values);
}

/** Reads a Transaction Builder batch into calls, verifying chain, Safe and checksum; writes nothing. */
export function parseTxBuilderBatch(
  content: string,
  setup: SafeSetup,
): { calls: Call[]; name: string; sha256: string } {
  const bytes = Buffer.byteLength(content);
  if (bytes > MAX_BUNDLE_BYTES)
    throw reject('too-large', `The file is ${bytes} bytes; at most 1 MiB is accepted.`);
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw reject('bad-json', `The file is not valid JSON (${(error as Error).message}).`);
  }
  const parsed = batchSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw reject(
      'tx-builder-malformed',
      `Not a Transaction Builder batch: ${issue?.path.join('.') || '(root)'}: ${issue?.message}.`,
    );
  }
  const batch = parsed.data;
  if (batch.version !== '1.0')
    throw reject(
      'unknown-version',
      `Transaction Builder batch version ${batch.version} is not supported (1.0 is).`,
    );
  if (BigInt(batch.chainId) !== setup.safe.chainId) {
    throw reject(
      'other-chain',
      `The batch is for chain ${batch.chainId}; this Safe is on chain ${setup.safe.chainId}.`,
    );
  }
  const from = batch.meta.createdFromSafeAddress;
  if (from && isAddress(from) && getAddress(from) !== getAddress(setup.safe.address)) {
    throw reject(
      'other-safe',
      `The batch was made for the Safe ${getAddress(from)}; this Safe is ${setup.safe.address}.`,
    );
  }
  if (batch.meta.checksum && batch.meta.checksum !== txBuilderChecksum(batch)) {
    throw reject(
      'checksum-mismatch',
      'The batch checksum does not match its content: the file was changed after export.',
    );
  }
  const calls = batch.transactions.map((tx, i): Call => {
    const fromMethod = tx.contractMethod ? encodeFromMethod(tx, i) : null;
    const data = tx.data && tx.data !== '0x' ? tx.data : null;
    if (data !== null && !isHexString(data))
      throw reject('tx-builder-malformed', `Transaction ${i + 1} has data that is not hex.`);
    if (data !== null && fromMethod !== null && data.toLowerCase() !== fromMethod.toLowerCase()) {
      throw reject(
        'tx-builder-malformed',
        `Transaction ${i + 1}: its data and its contract method say different things.`,
      );
    }
    return {
      to: getAddress(tx.to),
      value: BigInt(tx.value),
      data: (data ?? fromMethod ?? '0x').toLowerCase(),
      operation: 0,
    };
  });
  return { calls, name: batch.meta.name ?? 'Transaction Builder batch', sha256: sha256Hex(content) };
}
