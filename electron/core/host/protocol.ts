import type { Reply } from '../api';
import type { AppInfo } from '../api/contract';
import type { SerializedError } from '../api/contract/errors';
import type { CoreOptions } from '../app';

/**
 * Messages between a host (Electron main, the preview server) and the process that runs core.
 * Core runs out of the host's event loop so backfills, SQLite bulk writes, scrypt or the simulator
 * never stall the window; every message is structured-clone data.
 */

/** What the host chooses; the core process adds its own logger and event bus. */
export type CoreStartOptions = Omit<CoreOptions, 'log' | 'events'> & {
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
};

/** Why the host restarted core: shown to the owner by the new core (`app/notices`). */
export interface CoreCrash {
  reason: string;
  at: string;
}

export type ToCore =
  | { type: 'start'; options: CoreStartOptions }
  | { type: 'invoke'; id: number; channel: string; input: unknown }
  | { type: 'cancel'; id: number }
  | { type: 'shutdown' };

export type FromCore =
  | { type: 'ready'; info: AppInfo }
  | { type: 'failed'; error: SerializedError }
  | { type: 'reply'; id: number; reply: Reply<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  /** An exception nothing caught: core closes its stores and exits; the host restarts it. */
  | { type: 'crashed'; reason: string }
  | { type: 'closed' };

/** How a core process ended: exit code 0 is a requested stop, anything else a crash. */
export interface CoreExit {
  code: number | null;
  signal?: string | null;
}

/** One side of a message channel: a child process, an Electron utility process, or its parent. */
export interface Endpoint<Out, In> {
  send(message: Out): void;
  onMessage(listener: (message: In) => void): void;
  /** Called once when the other side is gone (process exited, parent disconnected). */
  onClose(listener: (exit: CoreExit) => void): void;
}
