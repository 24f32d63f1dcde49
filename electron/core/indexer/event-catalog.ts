import SafeL2Artifact from '@safe-global/safe-contracts/build/artifacts/contracts/SafeL2.sol/SafeL2.json' with {
  type: 'json',
};
import { type EventFragment, Interface, type InterfaceAbi, type ParamType } from 'ethers';
import { EnergyMarket, EnergyToken, ProsumerRegistry } from '../chain';

/** The contracts the indexer watches, by role. */
export type ContractRole = 'registry' | 'token' | 'market' | 'safe';

export interface EventColumn {
  /** snake_case of the event's argument name. */
  name: string;
  /** The ABI type; stored as TEXT (decimal for integers, lowercase hex for bytes/addresses, 0/1 for bool). */
  type: string;
}

/** One kind of event: one table, named like the event (`TradeOpened` → `trade_opened`). */
export interface EventSpec {
  name: string;
  table: string;
  topic0: string;
  fragment: EventFragment;
  columns: EventColumn[];
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

/** Columns every event table has, before the event's own. */
export const COMMON_COLUMNS = [
  'block_number',
  'block_hash',
  'log_index',
  'tx_hash',
  'timestamp',
  'address',
] as const;

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
      const columns = fragment.inputs.map((p: ParamType) => ({ name: argColumn(p.name), type: p.type }));
      byTopic.set(fragment.topicHash, {
        name: fragment.name,
        table: snakeCase(fragment.name),
        topic0: fragment.topicHash,
        fragment,
        columns,
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

/** Event tables as a database has them: table name → its event columns (common columns excluded). */
export type EventTableColumns = ReadonlyMap<string, readonly string[]>;

/**
 * The DDL that brings event tables from `existing` to the catalog: a table for each event the
 * schema lacks, and the arguments an event gained (a contract upgrade appends them) as new columns.
 * Against an empty schema this is migration 0004; against the schema of 0001–0006 it is migration
 * 0007 (tests keep both equal). Existing columns are never dropped or changed: migrations are
 * forward-only, and a store holds one market deployment, so old rows never meet new events.
 */
export function eventTablesSql(existing: EventTableColumns = new Map()): string {
  const out = [
    existing.size === 0
      ? '-- One table per contract event, named like the event. Generated from the ABIs by'
      : '-- Event tables for the events and arguments the contracts gained. Generated from the ABIs by',
    '-- electron/core/indexer/event-catalog.ts (eventTablesSql); a test keeps them equal.',
    '-- Integers are decimal TEXT (uint256 does not fit SQLite INTEGER); hashes and addresses lowercase hex.',
  ];
  for (const spec of EVENT_CATALOG) {
    const signature = `\n-- ${spec.name}(${spec.fragment.inputs.map((p) => `${p.type} ${p.name}`).join(', ')})`;
    const have = existing.get(spec.table);
    if (have) {
      const added = spec.columns.filter((c) => !have.includes(c.name));
      if (added.length === 0) continue;
      out.push(signature);
      // Rows of earlier deployments (none in a store of this one) read as empty text.
      for (const c of added)
        out.push(`ALTER TABLE ${spec.table} ADD COLUMN ${c.name} TEXT NOT NULL DEFAULT '';`);
      continue;
    }
    const cols = [
      'block_number INTEGER NOT NULL',
      'block_hash TEXT NOT NULL',
      'log_index INTEGER NOT NULL',
      'tx_hash TEXT NOT NULL',
      'timestamp INTEGER NOT NULL',
      'address TEXT NOT NULL',
      ...spec.columns.map((c) => `${c.name} TEXT NOT NULL`),
      // Unique on (block hash, log index) as the key's suffix; led by the block number, so a
      // backfill appends instead of inserting at random places of a million-row tree.
      'PRIMARY KEY (block_number, log_index, block_hash)',
    ];
    out.push(signature);
    out.push(`CREATE TABLE ${spec.table} (\n  ${cols.join(',\n  ')}\n) WITHOUT ROWID;`);
    for (const c of spec.indexed) out.push(`CREATE INDEX ${spec.table}_${c} ON ${spec.table} (${c});`);
  }
  return `${out.join('\n')}\n`;
}
