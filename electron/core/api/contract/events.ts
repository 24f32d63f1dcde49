import type { AppNotice, AppPage } from './app';
import type { IndexerProgress, MarketUpdated } from './market';
import type { DeviceDisplay, LedgerDeviceEvent, SignerUpdated } from './signer';
import type { RefetchProgress } from './statement';

/**
 * Push events from core to the renderer, named `concern/event`. Each concern adds its events here.
 */
export interface OperationProgress {
  operationId: string;
  phase: string;
  done: number;
  total: number;
}

export interface ApiEvents {
  'app/progress': OperationProgress;
  /** From the native menu (Electron only): show this page. */
  'app/navigate': { page: AppPage };
  /** The app switched networks (settings): reload everything. */
  'app/network-changed': { network: string; chainId: number };
  /** A new notice (core restarted, store corrupt or rebuilt, RPC failover): refresh `app/notices`. */
  'app/notice': AppNotice;
  /** A Safe transaction moved a step (PROPOSED, SIGNED, EXECUTED…): refresh the queue. */
  'safe/tx-updated': { safeTxHash: string; step: string };
  /** The queue's simulations were run again against a new block: refresh their results and ages. */
  'safe/simulations-refreshed': {
    refreshed: number;
    stale: number;
    /** Proposals whose outcome changed (would succeed ↔ would fail). */
    changed: string[];
    blockNumber: number | null;
    ms: number;
  };
  /** A signer is asking for confirmation: show these hashes next to the device's screen. */
  'safe/signing-prompt': {
    signerId: string;
    mode: 'clear' | 'hashed' | 'local';
    domainHash: string;
    messageHash: string;
    safeTxHash: string;
    /** For a Ledger: what the device shows (hashes in its pages; in clear mode the SafeTx fields). */
    device?: DeviceDisplay;
  };
  /** A Ledger was plugged or unplugged, or its state changed (locked, app closed, ready…). */
  'signer/device': LedgerDeviceEvent;
  /** A signer changed (unlocked, locked by hand or by the idle timer, selected): refresh the list. */
  'signer/updated': SignerUpdated;
  /** The market indexer caught up a little more (backfill progress bar, lag). */
  'indexer/progress': IndexerProgress;
  /** New blocks were indexed (or a reorg was rolled back): refresh market views. */
  'market/updated': MarketUpdated;
  /** A statement is re-fetching pruned history from the chain (progress bar, Cancel). */
  'market/refetch-progress': RefetchProgress;
}

export type ApiEventName = keyof ApiEvents;
