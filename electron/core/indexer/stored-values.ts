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
 * An event row as text: BLOBs as in `textRow`, the event's INTEGER arguments (ids, bools, small
 * uints) as decimal text; the common columns stay numbers.
 */
export function eventTextRow<R>(row: R): R {
  const out = textRow(row) as Record<string, unknown>;
  for (const key in out)
    if (typeof out[key] === 'number' && !EVENT_NUMBERS.has(key)) out[key] = String(out[key]);
  return row;
}

/**
 * How a BLOB column's text (`textRow`'s form) becomes its stored form and its working form, what the
 * indexer decodes to, derives with and binds through SQL's `unhex`: the lowercase hex of the stored
 * bytes, without `0x` (an address is its 40 digits, an amount its ordered-amount bytes, see
 * store/values.ts). Strings cross between threads and key maps far more cheaply than Buffers.
 */
const FORMS: Record<BlobKind, Record<'stored' | 'working' | 'text', (value: string) => unknown>> = {
  hex: {
    stored: hexToBlob,
    working: (text) => text.slice(2).toLowerCase(),
    text: (working) => `0x${working}`,
  },
  amount: {
    stored: amountToBlob,
    working: amountToHex,
    text: (working) => hexToAmount(working).toString(),
  },
};

/** `value` of column `name` in another form; other columns' values and non-strings as they are (undefined as null). */
function inForm(name: string, value: unknown, form: 'stored' | 'working' | 'text'): unknown {
  const kind = BLOB_KINDS.get(name);
  return typeof value === 'string' && kind ? FORMS[kind][form](value) : (value ?? null);
}

/** The stored form of a text value of column `name` (as `textRow` gives it back). */
export const storedValue = (name: string, value: unknown): unknown => inForm(name, value, 'stored');

/** The working form of a text value of column `name` (see `FORMS`). */
export const workingFromText = (name: string, value: unknown): unknown => inForm(name, value, 'working');

/** A working-form value of column `name` as text: the inverse of `workingFromText`. */
export const workingText = (name: string, value: unknown): unknown => inForm(name, value, 'text');
