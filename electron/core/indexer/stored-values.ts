import { amountToBlob, amountToHex, blobToAmount, blobToHex, hexToAmount, hexToBlob } from '../store';
import { COMMON_COLUMNS, EVENT_CATALOG } from './event-catalog';

/**
 * The compact form of the market store's columns (migration 0011, store/values.ts) by column name:
 * a name means one kind of value in every table (a test checks the catalog against this), so a row
 * read from any table or join converts back to the text the indexer and the read model work with:
 * lowercase `0x` hex for hashes and addresses, decimal for amounts.
 */
type BlobKind = 'hex' | 'amount';

/** The derived tables' BLOB columns (0011); event columns come from the catalog. */
const DERIVED_BLOBS: Record<string, BlobKind> = {
  tx_hash: 'hex',
  address: 'hex',
  seller: 'hex',
  buyer: 'hex',
  opened_by: 'hex',
  applied_tx: 'hex',
  meter_id: 'hex',
  kyc_hash: 'hex',
  application_hash: 'hex',
  fee_wei: 'amount',
  payment_amount: 'amount',
  price_per_kwh: 'amount',
  seller_proceeds: 'amount',
  fee_amount: 'amount',
  buyer_refund: 'amount',
  bond: 'amount',
  bond_to_seller: 'amount',
  bond_to_buyer: 'amount',
  value_sold: 'amount',
  value_bought: 'amount',
};

function blobKinds(): ReadonlyMap<string, BlobKind> {
  const kinds = new Map<string, BlobKind>(Object.entries(DERIVED_BLOBS));
  for (const spec of EVENT_CATALOG)
    for (const c of spec.columns) {
      if (c.storage !== 'hex' && c.storage !== 'amount') continue;
      const known = kinds.get(c.name);
      if (known && known !== c.storage)
        throw new Error(`column ${c.name} is ${known} in one table and ${c.storage} in ${spec.table}`);
      kinds.set(c.name, c.storage);
    }
  return kinds;
}

export const BLOB_KINDS: ReadonlyMap<string, BlobKind> = blobKinds();

const blobText = (name: string, blob: Uint8Array): string =>
  BLOB_KINDS.get(name) === 'amount' ? blobToAmount(blob).toString() : blobToHex(blob);

/** A stored row with its BLOBs as text (hex, or decimal for amounts); other values as stored. */
export function textRow<R>(row: R): R {
  if (row === null || typeof row !== 'object') return row;
  const out = row as Record<string, unknown>;
  for (const key in out) {
    const value = out[key];
    if (value instanceof Uint8Array) out[key] = blobText(key, value);
  }
  return row;
}

const EVENT_NUMBERS = new Set<string>(COMMON_COLUMNS);

/**
 * An event row as text, the way `DecodedEvent.columns` has it: BLOBs as in `textRow`, the event's
 * INTEGER arguments (ids, bools, small uints) as decimal text; the common columns stay numbers.
 */
export function eventTextRow<R>(row: R): R {
  const out = textRow(row) as Record<string, unknown>;
  for (const key in out)
    if (typeof out[key] === 'number' && !EVENT_NUMBERS.has(key)) out[key] = String(out[key]);
  return row;
}

/** The stored form of a text value of column `name` (as `textRow` gives it back). */
export function storedValue(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  switch (BLOB_KINDS.get(name)) {
    case 'hex':
      return hexToBlob(value);
    case 'amount':
      return amountToBlob(value);
    default:
      return value;
  }
}

/**
 * The working form of a BLOB column's value, what the indexer decodes to, derives with and binds
 * through SQL's `unhex`: the lowercase hex of the stored bytes, without `0x` (an address is its 40
 * digits, an amount its ordered-amount bytes, see store/values.ts). Strings cross between threads
 * and key maps far more cheaply than Buffers; other columns' values are the stored ones.
 */
export function workingFromText(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  switch (BLOB_KINDS.get(name)) {
    case 'hex':
      return value.slice(2).toLowerCase();
    case 'amount':
      return amountToHex(value);
    default:
      return value;
  }
}

/** A working-form value of column `name` as text (`textRow`'s form): the inverse of `workingFromText`. */
export function workingText(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  switch (BLOB_KINDS.get(name)) {
    case 'hex':
      return `0x${value}`;
    case 'amount':
      return hexToAmount(value).toString();
    default:
      return value;
  }
}
