import SafeL2Artifact from '@safe-global/safe-contracts/build/artifacts/contracts/SafeL2.sol/SafeL2.json' with {
  type: 'json',
};
import { type EventFragment, Interface, type InterfaceAbi, type ParamType } from 'ethers';
import { EnergyMarket, EnergyToken, ProsumerRegistry } from '../chain';

/** The contracts the indexer watches, by role. */
export type ContractRole = 'registry' | 'token' | 'market' | 'safe';

/**
 * How a column is stored (store/values.ts): `hex` a BLOB of the bytes (addresses, hashes, bytesN),
 * `amount` an ordered-amount BLOB (unsigned integers wider than 48 bits), `integer` an INTEGER (bool,
 * uint8–uint48, and the ids the contracts bound), `text` TEXT (strings, dynamic bytes as hex, arrays as JSON,
 * signed integers as decimal).
 */
export type ColumnStorage = 'hex' | 'amount' | 'integer' | 'text';

export interface EventColumn {
  /** snake_case of the event's argument name. */
  name: string;
  /** The ABI type. */
  type: string;
  storage: ColumnStorage;
}

/**
 * Ids the contracts bound far below 2^53 although the events say uint256: EnergyMarket keeps offer
 * ids in 40 bits and trade ids in 48 (`_lastOfferId`, `_lastTradeId`). Stored as INTEGER, they join
 * the derived tables' INTEGER keys.
 */
const BOUNDED_IDS = new Set(['offer_id', 'trade_id']);

/** The storage of an argument of ABI type `type` in column `name`. */
export function columnStorage(name: string, type: string): ColumnStorage {
  if (type === 'address' || /^bytes([1-9]|[12]\d|3[0-2])$/.test(type)) return 'hex';
  if (type === 'bool' || BOUNDED_IDS.has(name)) return 'integer';
  const uint = /^uint(\d*)$/.exec(type);
  // Up to 48 bits a JS number holds it exactly; wider (uint64 timestamps included) as amounts.
  if (uint) return Number(uint[1] || 256) <= 48 ? 'integer' : 'amount';
  return 'text';
}

const SQL_TYPE: Record<ColumnStorage, string> = {
  hex: 'BLOB',
  amount: 'BLOB',
  integer: 'INTEGER',
  text: 'TEXT',
};

/** One kind of event: one table, named like the event (`TradeOpened` → `trade_opened`). */
export interface EventSpec {
  name: string;
  table: string;
  topic0: string;
  fragment: EventFragment;
  columns: EventColumn[];
  /** Each column's index in the event's values (`DecodedEvent.values`), by name. */
  args: Readonly<Record<string, number>>;
  /** Columns worth an index: the dispute timeline reads by trade id, a prosumer's history by address. */
  indexed: string[];
  roles: ContractRole[];
}

const interfaces: Record<ContractRole, Interface> = {
  registry: new Interface(ProsumerRegistry.abi as InterfaceAbi),
  token: new Interface(EnergyToken.abi as InterfaceAbi),
  market: new Interface(EnergyMarket.abi as InterfaceAbi),
  safe: new Interface(SafeL2Artifact.abi as InterfaceAbi),
};

const snakeCase = (name: string): string =>
  name
    .replace(/_/g, '')
    .replace(/KWh/g, 'Kwh')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();

/**
 * Columns every event table has, before the event's own. The block's hash is in `event_blocks` (one
 * row per block), the emitting contract's address in `contracts` (`contract` is its id).
 */
export const COMMON_COLUMNS = ['block_number', 'log_index', 'tx_hash', 'timestamp', 'contract'] as const;

const COMMON_COLUMNS_SQL = [
  'block_number INTEGER NOT NULL',
  'log_index INTEGER NOT NULL',
  'tx_hash BLOB NOT NULL',
  'timestamp INTEGER NOT NULL',
  'contract INTEGER NOT NULL',
];

const INDEXED_ARGS = new Set(['trade_id', 'prosumer']);

function buildCatalog(): EventSpec[] {
  const byTopic = new Map<string, EventSpec>();
  for (const [role, iface] of Object.entries(interfaces) as [ContractRole, Interface][]) {
    iface.forEachEvent((fragment) => {
      const existing = byTopic.get(fragment.topicHash);
      if (existing) {
        existing.roles.push(role);
        return;
      }
      const columns = fragment.inputs.map((p: ParamType) => {
        const name = argColumn(p.name);
        return { name, type: p.type, storage: columnStorage(name, p.type) };
      });
      byTopic.set(fragment.topicHash, {
        name: fragment.name,
        table: snakeCase(fragment.name),
        topic0: fragment.topicHash,
        fragment,
        columns,
        args: Object.fromEntries(columns.map((c, i) => [c.name, i])),
        indexed: columns.map((c) => c.name).filter((c) => INDEXED_ARGS.has(c)),
        roles: [role],
      });
    });
  }
  return [...byTopic.values()].sort((a, b) => a.table.localeCompare(b.table));
}

/**
 * `txHash` would clash with the common `tx_hash` column (the Safe's ExecutionSuccess/Failure), and
 * `from`/`to` are SQL keywords.
 */
const RENAMED_COLUMNS: Record<string, string> = {
  tx_hash: 'tx_hash_safe',
  from: 'from_address',
  to: 'to_address',
};
function argColumn(name: string): string {
  const column = snakeCase(name);
  return RENAMED_COLUMNS[column] ?? column;
}

export const EVENT_CATALOG: readonly EventSpec[] = buildCatalog();
export const EVENT_BY_TOPIC: ReadonlyMap<string, EventSpec> = new Map(
  EVENT_CATALOG.map((e) => [e.topic0, e]),
);

/** How a 0004/0007 TEXT column becomes its compact form in migration 0011. */
const FROM_TEXT: Record<ColumnStorage, (column: string) => string> = {
  hex: (c) => `unhex(substr(${c}, 3))`,
  amount: (c) => `amount_blob(${c})`,
  integer: (c) => `CAST(${c} AS INTEGER)`,
  text: (c) => c,
};

/**
 * The event tables of migration 0011, generated from the ABIs (a test keeps the file and this
 * equal): each table of 0004/0007 rebuilt in the compact form, its rows converted in place (the
 * block hashes into `event_blocks`, the emitters into `contracts`, which the migration creates
 * first), and its indexes on `trade_id` and `prosumer`. Forward-only: a contract upgrade that adds
 * events or arguments gets a new migration of its own.
 */
export function compactEventTablesSql(): string {
  const out = [
    '-- Event tables in compact form. Generated from the ABIs by electron/core/indexer/event-catalog.ts',
    '-- (compactEventTablesSql); a test keeps them equal. Storage per column: see columnStorage.',
  ];
  for (const spec of EVENT_CATALOG) {
    const next = `${spec.table}_compact`;
    const cols = [
      ...COMMON_COLUMNS_SQL,
      ...spec.columns.map((c) => `${c.name} ${SQL_TYPE[c.storage]} NOT NULL`),
      // Led by the block number, so a backfill appends instead of inserting at random places.
      'PRIMARY KEY (block_number, log_index)',
    ];
    out.push(`\n-- ${spec.name}(${spec.fragment.inputs.map((p) => `${p.type} ${p.name}`).join(', ')})`);
    out.push(`CREATE TABLE ${next} (\n  ${cols.join(',\n  ')}\n) WITHOUT ROWID;`);
    out.push(
      `INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM ${spec.table};`,
      `INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM ${spec.table};`,
      `INSERT INTO ${next} SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,\n  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3)))${spec.columns
        .map((c) => `,\n  ${FROM_TEXT[c.storage](c.name)}`)
        .join('')}\n  FROM ${spec.table} e;`,
      `DROP TABLE ${spec.table};`,
      `ALTER TABLE ${next} RENAME TO ${spec.table};`,
    );
    for (const c of spec.indexed) out.push(`CREATE INDEX ${spec.table}_${c} ON ${spec.table} (${c});`);
  }
  return `${out.join('\n')}\n`;
}
