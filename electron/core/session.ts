import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { AppNotice, EventBus } from './api';
import type { DeploymentRecord } from './api/contract/deployment';
import type { NetworkChoice } from './api/contract/settings';
import { AuditLog } from './audit';
import { connectRpc, type NetworkConnection, type RpcStatus, verifyDeployment } from './chain';
import { type Devnet, startDevnet } from './devnet';
import { type MarketConcern, openMarketConcern, TRAINING_CONFIRMATIONS } from './indexer';
import type { Notices } from './notices';
import type { Logger } from './ports';
import {
  openSafeConcern,
  SAFE_VERSION,
  type SafeConcern,
  SafeQueueStore,
  safeSetupOf,
  verifyDeploymentCode,
} from './safe';
import { openCheckedStore, storeFileName } from './store';

/**
 * Everything that belongs to the network the app is on: the chain connection, that chain's store,
 * and the concerns working on it. Switching networks closes one session and opens the next.
 */
export interface Session {
  readonly network: NetworkChoice;
  /** 'training', the configured network's name, or 'offline'. */
  readonly name: string;
  readonly chainId: number;
  /** The chain connection; null on an offline signing machine. */
  readonly connection: NetworkConnection | null;
  /** Where the consortium's market and Safe are; null until set in the network settings. */
  readonly deployment: DeploymentRecord | null;
  readonly db: Database;
  readonly auditLog: AuditLog;
  /** The Safe flow, or null on a network without a configured deployment. */
  readonly safe: SafeConcern | null;
  /** The market indexer and its store, or null without a deployment or without a chain (offline). */
  readonly market: MarketConcern | null;
  close(): Promise<void>;
}

export interface SessionOptions {
  dataDir: string;
  network: NetworkChoice;
  log: Logger;
  events: EventBus;
  notices: Notices;
  /** The market store's retention window in days (settings.json; default 400). */
  retentionDays?: number;
}

export async function openSession({
  dataDir,
  network,
  log,
  events,
  notices,
  retentionDays,
}: SessionOptions): Promise<Session> {
  const closers: Array<() => unknown> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) {
      try {
        await closer();
      } catch (error) {
        log.error('session: closing failed', { error: String(error) });
      }
    }
  };
  try {
    const connected = network.kind === 'offline' ? null : await connect(network, dataDir, log, events);
    const connection = connected?.connection ?? null;
    if (connection) {
      closers.push(() => connection.close());
      closers.push(connection.rpc.onStatus((status) => notices.add(rpcNotice(connection.name, status))));
    }
    const deployment = network.kind === 'offline' ? network.deployment : (connected?.deployment ?? null);
    const name = connection?.name ?? 'offline';
    const chainId = connection ? connection.chainId : (deployment?.chainId ?? 0);
    const storesBase = network.kind === 'training' ? trainingStores(dataDir) : dataDir;
    const storeFile = connection
      ? storeFileName(connection.chainId, connection.genesisHash)
      : `offline-chain-${chainId}-${deployment?.safe.slice(2, 12).toLowerCase()}.sqlite`;
    // Every contract the record names must have the code it should before anything uses the record.
    if (connection && deployment) {
      await verifyDeploymentCode(connection.provider, safeSetupOf(deployment), deployment.paymentToken);
    }
    const db = openCheckedStore(join(storesBase, 'stores', storeFile), { role: 'records', log, notices });
    closers.push(() => db.close());
    const auditLog = new AuditLog(db);
    if (network.kind === 'offline') rememberOfflineSafeState(db, network);
    const safe = deployment
      ? await openSafeConcern({
          db,
          setup: safeSetupOf(deployment),
          provider: connection?.provider ?? null,
          txServiceUrl: connected?.txServiceUrl ?? null,
          events,
          log,
        })
      : null;
    if (safe) closers.push(() => safe.close());
    const market =
      deployment && connection
        ? openMarketConcern({
            dataDir: storesBase,
            chainId: connection.chainId,
            genesisHash: connection.genesisHash,
            rpc: connection.rpc,
            wsUrl: connected?.wsUrl,
            deployment,
            confirmations: network.kind === 'rpc' ? network.confirmations : TRAINING_CONFIRMATIONS,
            ...(retentionDays === undefined ? {} : { retentionDays }),
            events,
            notices,
            log,
          })
        : null;
    if (market) closers.push(() => market.close());
    log.info('session open', { network: name, chainId, safe: deployment?.safe });
    return { network, name, chainId, connection, deployment, db, auditLog, safe, market, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The owners an offline machine verifies against: the settings', unless the store knows a later nonce. */
function rememberOfflineSafeState(db: Database, network: Extract<NetworkChoice, { kind: 'offline' }>): void {
  const store = new SafeQueueStore(db);
  const { owners, threshold, nonce } = network.safeState;
  const known = store.loadSafeState(network.deployment.safe);
  if (known && known.nonce > BigInt(nonce)) return;
  store.saveSafeState(network.deployment.safe, SAFE_VERSION, {
    owners,
    threshold,
    nonce: BigInt(nonce),
    blockNumber: null,
    updatedAt: new Date().toISOString(),
  });
}

/**
 * Every training start is a new chain (a new genesis), so the stores of the previous one can never
 * be opened again: they are removed instead of piling up, and kept apart from real networks' stores.
 */
function trainingStores(dataDir: string): string {
  const base = join(dataDir, 'training');
  rmSync(join(base, 'stores'), { recursive: true, force: true });
  return base;
}

interface Connected {
  connection: NetworkConnection;
  deployment: DeploymentRecord | null;
  txServiceUrl: string | null;
  /** A WebSocket endpoint for new heads, where the network offers one. */
  wsUrl?: string;
}

async function connect(
  network: Exclude<NetworkChoice, { kind: 'offline' }>,
  dataDir: string,
  log: Logger,
  events: EventBus,
): Promise<Connected> {
  if (network.kind === 'rpc') {
    const connection = await connectRpc(network, log);
    const deployment = network.deployment ?? null;
    try {
      if (deployment) await verifyDeployment(connection.provider, deployment, connection);
    } catch (error) {
      await connection.close();
      throw error;
    }
    return { connection, deployment, txServiceUrl: network.txServiceUrl ?? null };
  }
  const devnet: Devnet = await startDevnet({
    seed: 'full',
    simulate: true,
    dataDir: join(dataDir, 'training'),
    log,
    onProgress: (phase, done, total) =>
      events.emit('app/progress', { operationId: 'training-network', phase, done, total }),
  });
  try {
    const connection = await connectRpc(
      { name: 'training', chainId: devnet.chainId, rpcUrls: [devnet.rpcUrl] },
      log,
      // Blocks come every 2 s and the flows wait on receipts: poll as the devnet's own provider does.
      { pollingIntervalMs: 250 },
    );
    return {
      connection: {
        ...connection,
        close: async () => {
          await connection.close();
          await devnet.stop();
        },
      },
      wsUrl: devnet.wsUrl,
      deployment: devnet.deployment,
      txServiceUrl: null,
    };
  } catch (error) {
    await devnet.stop();
    throw error;
  }
}

/** What the owner is told when the RPC layer fails over, goes down or comes back. */
function rpcNotice(network: string, status: RpcStatus): Omit<AppNotice, 'at'> {
  switch (status.state) {
    case 'failover':
      return {
        kind: 'rpc-failover',
        tone: 'warn',
        message: `The RPC ${status.from} of ${network} stopped answering (${status.reason}); Gridkeeper now uses ${status.host}.`,
      };
    case 'down':
      return {
        kind: 'rpc-down',
        tone: 'bad',
        message: `No RPC of ${network} answers (${status.reason}). Gridkeeper keeps trying; what needs the chain waits or stops with an error, nothing is half-done.`,
      };
    default:
      return {
        kind: 'rpc-restored',
        tone: 'ok',
        message: `The RPC ${status.host} of ${network} answers again.`,
      };
  }
}
