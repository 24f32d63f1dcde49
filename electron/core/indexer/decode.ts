import { AbiCoder } from 'ethers';
import { amountFromHex, hexToBlob } from '../store';
import {
  COMMON_COLUMNS,
  EVENT_BY_TOPIC,
  EVENT_CATALOG,
  type EventColumn,
  type EventSpec,
} from './event-catalog';

/** A log as `eth_getLogs` returns it (hex quantities). */
export interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  logIndex: string;
  transactionHash: string;
  /** Some clients (geth ≥ 1.14, EDR) include it; saves a header fetch. */
  blockTimestamp?: string;
  removed?: boolean;
}

/**
 * One decoded event: its arguments as text (`columns`, what derivation reads: decimal integers,
 * lowercase hex) and as stored (`values`, in column order, see `columnStorage`).
 */
export interface DecodedEvent {
  spec: EventSpec;
  blockNumber: number;
  blockHash: string;
  logIndex: number;
  txHash: string;
  timestamp: number;
  address: string;
  columns: Record<string, string>;
  values: unknown[];
}

const coder = AbiCoder.defaultAbiCoder();

/** Decodes a log of a known event; null for an event the catalog does not know (ignored). */
export function decodeLog(log: RpcLog, timestamp: number): DecodedEvent | null {
  const topic0 = log.topics[0]?.toLowerCase();
  const spec = topic0 ? EVENT_BY_TOPIC.get(topic0) : undefined;
  if (!spec) return null;
  const columns: Record<string, string> = {};
  const values = decodeValues(spec, log, columns);
  return {
    spec,
    blockNumber: Number(log.blockNumber),
    blockHash: log.blockHash.toLowerCase(),
    logIndex: Number(log.logIndex),
    txHash: log.transactionHash.toLowerCase(),
    timestamp,
    address: log.address.toLowerCase(),
    columns,
    values,
  };
}

/**
 * Decoding by hand: a backfill decodes millions of logs, and ethers' Result objects cost more than
 * the rest of the indexer together. Static types are read straight from the hex words; events with a
 * dynamic argument (strings, bytes, arrays: rare governance events) go through ethers.
 */
function decodeValues(spec: EventSpec, log: RpcLog, columns: Record<string, string>): unknown[] {
  const inputs = spec.fragment.inputs;
  if (!STATIC_EVENTS.has(spec)) {
    return decodeWithEthers(spec, log).map((v, i) => {
      const column = spec.columns[i] as EventColumn;
      const text = toText(v, column.type);
      columns[column.name] = text;
      return storedFromText(column, text);
    });
  }
  const values = new Array<unknown>(inputs.length);
  const data = log.data;
  let topic = 1;
  let word = 0;
  for (let i = 0; i < inputs.length; i++) {
    const p = inputs[i] as (typeof inputs)[number];
    const column = spec.columns[i] as EventColumn;
    const hex = p.indexed
      ? (log.topics[topic++] as string).slice(2)
      : data.slice(2 + word * 64, 2 + ++word * 64);
    if (hex.length !== 64) throw new Error(`log of ${spec.name} is too short`);
    const text = staticText(p.type, hex);
    columns[column.name] = text;
    values[i] = storedFromWord(column, hex, text);
  }
  return values;
}

/** A static argument's stored value, from its ABI word (and its text, for integers). */
function storedFromWord(column: EventColumn, hex: string, text: string): unknown {
  switch (column.storage) {
    case 'hex':
      return column.type === 'address'
        ? Buffer.from(hex.slice(24), 'hex')
        : Buffer.from(hex.slice(0, Number(column.type.slice(5)) * 2), 'hex');
    case 'amount':
      return amountFromHex(hex);
    case 'integer':
      return storedInteger(text);
    case 'text':
      return text;
  }
}

function storedFromText(column: EventColumn, text: string): unknown {
  switch (column.storage) {
    case 'hex':
      return hexToBlob(text);
    case 'amount':
      return amountFromHex(BigInt(text).toString(16));
    case 'integer':
      return storedInteger(text);
    case 'text':
      return text;
  }
}

/**
 * An INTEGER argument (at most 48 bits, or an id the contracts bound: see `columnStorage`): a number
 * when exact; else, for an id above its bound, the bigint's 64-bit two's complement, so the row still
 * stores.
 */
function storedInteger(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt.asIntN(64, BigInt(text));
}

/** Below 2^52 a word is 51 leading zero digits: read as a double, without a BigInt and its strings. */
const SMALL_WORD = '0'.repeat(51);

/** A static ABI word as its column text (see `toText`). */
function staticText(type: string, hex: string): string {
  if (type === 'address') return `0x${hex.slice(24)}`.toLowerCase();
  if (type === 'bool') return hex.endsWith('1') ? '1' : '0';
  if (type.startsWith('uint'))
    return hex.startsWith(SMALL_WORD)
      ? String(Number.parseInt(hex.slice(51), 16))
      : BigInt(`0x${hex}`).toString();
  if (type.startsWith('int'))
    return BigInt.asIntN(Number(type.slice(3)) || 256, BigInt(`0x${hex}`)).toString();
  // bytes1..bytes32: left-aligned.
  return `0x${hex.slice(0, Number(type.slice(5)) * 2)}`.toLowerCase();
}

const isStatic = (type: string) => /^(address|bool|u?int\d*|bytes([1-9]|[12]\d|3[0-2]))$/.test(type);
const STATIC_EVENTS = new Set(EVENT_CATALOG.filter((e) => e.fragment.inputs.every((p) => isStatic(p.type))));

function decodeWithEthers(spec: EventSpec, log: RpcLog): unknown[] {
  const inputs = spec.fragment.inputs;
  const dataTypes = inputs.filter((p) => !p.indexed);
  const data = dataTypes.length > 0 ? coder.decode(dataTypes, log.data) : [];
  const out: unknown[] = [];
  let topic = 1;
  let dataIndex = 0;
  for (const p of inputs) {
    if (p.indexed) {
      const raw = log.topics[topic++] as string;
      // Dynamic indexed values are stored as their hash (that is what the topic holds).
      out.push(
        p.isArray() || p.isTuple() || p.type === 'string' || p.type === 'bytes'
          ? raw
          : coder.decode([p], raw)[0],
      );
    } else out.push(data[dataIndex++]);
  }
  return out;
}

function toText(value: unknown, type: string): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'string') return type === 'string' ? value : value.toLowerCase();
  if (Array.isArray(value))
    return JSON.stringify([...value].map((v) => toText(v, type.replace(/\[\d*\]$/, ''))));
  return String(value);
}

/**
 * The row's values in table column order (common columns first); `contract` is the emitter's id,
 * `txHash` the transaction hash's bytes (a writer of many rows of one transaction converts it once).
 */
export function rowValues(
  event: DecodedEvent,
  contract: number,
  txHash = hexToBlob(event.txHash),
): unknown[] {
  return [event.blockNumber, event.logIndex, txHash, event.timestamp, contract, ...event.values];
}

export const insertSql = (spec: EventSpec): string => {
  const names = [...COMMON_COLUMNS, ...spec.columns.map((c) => c.name)];
  return `INSERT OR IGNORE INTO ${spec.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
};
