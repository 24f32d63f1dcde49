import { channel } from './define';
import { zEmpty } from './schemas';

export interface AppInfo {
  name: string;
  version: string;
  commit: string;
  /** 'training' on the embedded devnet, else the configured network's key. */
  network: string;
  chainId: number;
}

/**
 * The core process as it runs: the V8 flags it was started with (`core-process-flags.ts`) and what
 * they give it, so a test (and a curious owner) can check that the host applied them.
 */
export interface CoreDiagnostics {
  pid: number;
  /** process.execArgv of the core process. */
  execArgv: string[];
  /** v8.getHeapStatistics().heap_size_limit, in bytes. */
  heapSizeLimitBytes: number;
  rssBytes: number;
  heapUsedBytes: number;
}

/** The renderer's pages, as the native menu names them (event `app/navigate`). */
export const APP_PAGES = [
  'dashboard',
  'admissions',
  'disputes',
  'trades',
  'prosumers',
  'offers',
  'statements',
  'safe',
  'rules',
  'signers',
  'audit',
  'addresses',
  'settings',
  'about',
] as const;
export type AppPage = (typeof APP_PAGES)[number];

/**
 * Something the owner should know that no single page owns: core was restarted after a crash, a
 * store was found corrupt (and rebuilt, or kept aside read-only), the RPC failed over or is down.
 */
export interface AppNotice {
  kind: 'core-restarted' | 'store-rebuilt' | 'store-corrupt' | 'rpc-failover' | 'rpc-down' | 'rpc-restored';
  tone: 'ok' | 'warn' | 'bad';
  /** What happened and what to do, in words. */
  message: string;
  /** ISO time it happened. */
  at: string;
  /** The file concerned (a store), in full. */
  file?: string;
}

export const appChannels = {
  'app/info': channel<AppInfo>()(zEmpty),
  /** The notices of this run, oldest first (a bounded list). */
  'app/notices': channel<{ notices: AppNotice[] }>()(zEmpty),
  'app/diagnostics': channel<CoreDiagnostics>()(zEmpty),
};
