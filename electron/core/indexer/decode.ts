import { AbiCoder } from 'ethers';
import { orderedAmountHex } from '../store';
import {
  COMMON_COLUMNS,
  EVENT_BY_TOPIC,
  EVENT_CATALOG,
  type EventColumn,
  type EventSpec,
} from './event-catalog';
import { workingFromText } from './stored-values';

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
 * One decoded event. Its arguments (`values`, in column order, see `columnStorage`) are in the
 * working form (stored-values.ts): hashes, addresses and amounts as the lowercase hex of their stored
 * bytes, INTEGER columns as numbers, TEXT as text; what derivation reads and the insert binds.
 */
export interface DecodedEvent {
  spec: EventSpec;
  blockNumber: number;
  blockHash: string;
  logIndex: number;
  txHash: string;
  timestamp: number;
  address: string;
  values: unknown[];
}

/** An argument of `event` by column name (undefined for one its event does not have). */
export function arg(event: DecodedEvent, name: string): unknown {
  const i = event.spec.args[name];
  return i === undefined ? undefined : event.values[i];
}

const coder = AbiCoder.defaultAbiCoder();

/** Decodes a log of a known event; null for an event the catalog does not know (ignored). */
export function decodeLog(log: RpcLog, timestamp: number): DecodedEvent | null {
  const topic0 = log.topics[0]?.toLowerCase();
  const spec = topic0 ? EVENT_BY_TOPIC.get(topic0) : undefined;
  if (!spec) return null;
  const values = decodeValues(spec, log);
  return {
    spec,
    blockNumber: Number(log.blockNumber),
    blockHash: log.blockHash.toLowerCase(),
    logIndex: Number(log.logIndex),
    txHash: log.transactionHash.toLowerCase(),
    timestamp,
    address: log.address.toLowerCase(),
    values,
  };
}

/**
 * Decoding by hand: a backfill decodes millions of logs, and ethers' Result objects cost more than
 * the rest of the indexer together. Static types are read straight from the hex words; events with a
 * dynamic argument (strings, bytes, arrays: rare governance events) go through ethers.
 */
function decodeValues(spec: EventSpec, log: RpcLog): unknown[] {
  const inputs = spec.fragment.inputs;
  if (!STATIC_EVENTS.has(spec))
    return decodeWithEthers(spec, log).map((v, i) => {
      const column = spec.columns[i] as EventColumn;
      return fromText(column, toText(v, column.type));
    });
  const values = new Array<unknown>(inputs.length);
  const data = log.data;
  let topic = 1;
  let word = 0;
  for (let i = 0; i < inputs.length; i++) {
    const p = inputs[i] as (typeof inputs)[number];
    const hex = p.indexed
      ? (log.topics[topic++] as string).slice(2)
      : data.slice(2 + word * 64, 2 + ++word * 64);
    if (hex.length !== 64) throw new Error(`log of ${spec.name} is too short`);
    values[i] = fromWord(spec.columns[i] as EventColumn, hex);
  }
  return values;
}

/** Below 2^52 a word is 51 leading zero digits: read as a double, without a BigInt and its strings. */
const SMALL_WORD = '0'.repeat(51);

/** A static argument's working value, from its ABI word. */
function fromWord(column: EventColumn, hex: string): unknown {
  switch (column.storage) {
    case 'hex':
      // bytes1..bytes32 are left-aligned.
      return (
        column.type === 'address' ? hex.slice(24) : hex.slice(0, Number(column.type.slice(5)) * 2)
      ).toLowerCase();
    case 'amount':
      return orderedAmountHex(hex.toLowerCase());
    case 'integer':
      // Unsigned: bool, uint8..uint48 and the bounded ids.
      return hex.startsWith(SMALL_WORD)
        ? Number.parseInt(hex.slice(51), 16)
        : storedInteger(BigInt(`0x${hex}`));
    case 'text':
      // Signed integers, as decimal.
      return BigInt.asIntN(Number(column.type.slice(3)) || 256, BigInt(`0x${hex}`)).toString();
  }
}

/** A dynamic event's argument, from its text (`toText`). */
const fromText = (column: EventColumn, text: string): unknown =>
  column.storage === 'integer' ? storedInteger(text) : workingFromText(column.name, text);

/**
 * An INTEGER argument (at most 48 bits, or an id the contracts bound: see `columnStorage`): a number
 * when exact; else, for an id above its bound, the bigint's 64-bit two's complement, so the row still
 * stores.
 */
function storedInteger(value: string | bigint): number | bigint {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : BigInt.asIntN(64, BigInt(value));
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
 * The row's values in table column order (common columns first), for `insertSql`; `contract` is the
 * emitter's id.
 */
export function rowValues(event: DecodedEvent, contract: number): unknown[] {
  return [
    event.blockNumber,
    event.logIndex,
    event.txHash.slice(2),
    event.timestamp,
    contract,
    ...event.values,
  ];
}

/** Hashes, addresses and amounts are bound in their working form (hex) and stored as their bytes. */
const placeholder = (storage: EventColumn['storage']) =>
  storage === 'hex' || storage === 'amount' ? 'unhex(?)' : '?';

export const insertSql = (spec: EventSpec): string => {
  const names = [...COMMON_COLUMNS, ...spec.columns.map((c) => c.name)];
  const values = ['?', '?', 'unhex(?)', '?', '?', ...spec.columns.map((c) => placeholder(c.storage))];
  return `INSERT OR IGNORE INTO ${spec.table} (${names.join(', ')}) VALUES (${values.join(', ')})`;
};
