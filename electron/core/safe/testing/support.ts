import type { Database } from 'better-sqlite3';
import { getAddress, Wallet } from 'ethers';
import { DemoKeySigner } from '../../signers/demo-key';
import type { SafeSetup, SafeState } from '../types';

/** Fixed keys for tests that need owners but no chain (never funded anywhere). */
export const TEST_OWNER_KEYS = [
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
] as const;

export function testOwners(): DemoKeySigner[] {
  return TEST_OWNER_KEYS.map(
    (privateKey, i) => new DemoKeySigner({ label: `Test owner ${i + 1}`, privateKey }),
  );
}

const address = (seed: string) => getAddress(new Wallet(`0x${seed.repeat(64).slice(0, 64)}`).address);

/** A Safe setup with made-up addresses, for everything that runs without a chain. */
export function offlineSetup(): SafeSetup {
  return {
    safe: { chainId: 31337n, address: address('5a'), version: '1.4.1' },
    contracts: {
      safeSingletonAddress: address('a1'),
      safeProxyFactoryAddress: address('a2'),
      multiSendAddress: address('a3'),
      multiSendCallOnlyAddress: address('a4'),
      fallbackHandlerAddress: address('a5'),
      signMessageLibAddress: address('a6'),
      createCallAddress: address('a7'),
      simulateTxAccessorAddress: address('a8'),
    },
    market: { registry: address('b1'), token: address('b2'), market: address('b3') },
  };
}

export function offlineState(owners: { address: string }[], nonce = 5n, threshold = 2): SafeState {
  return {
    owners: owners.map((o) => o.address),
    threshold,
    nonce,
    blockNumber: 100,
    updatedAt: new Date(0).toISOString(),
  };
}

/** The Safe queue's tables (what a refused step must leave as it was). */
export const QUEUE_TABLES = [
  'safe_proposals',
  'safe_signatures',
  'safe_transport_status',
  'safe_pending_actions',
  'safe_state',
];

/** Every row of the queue and audit tables: equal fingerprints prove a step wrote nothing. */
export function storeFingerprint(
  db: Database,
  tables = [...QUEUE_TABLES, 'audit_log', 'audit_head'],
): string {
  return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
}

/** The error a promise rejects with (null if it resolves); plain, whatever assertion plugins are loaded. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

/** A setup as text (for a child process), bigints as decimal strings. */
export function serializeSetup(setup: SafeSetup): string {
  return JSON.stringify(setup, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

export function parseSetup(text: string): SafeSetup {
  const raw = JSON.parse(text) as SafeSetup & { safe: { chainId: string } };
  return { ...raw, safe: { ...raw.safe, chainId: BigInt(raw.safe.chainId) } };
}
