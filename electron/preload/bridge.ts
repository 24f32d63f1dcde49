import type { ApiEventName, ApiEvents, ApiInput, ApiOutput, ChannelName } from '../core/api/contract';
import type { Reply } from '../core/api/contract/reply';

/** What the renderer asks main to save as a PDF: the page as printed, under this suggested file name. */
export interface SavePdfRequest {
  /** Suggested in the save dialog ("statement-market-2026-10-01-to-2026-10-31.pdf"); main cleans it. */
  fileName: string;
}

/** Saved (where, and its size), or the owner cancelled the save dialog. */
export type SavePdfResult = { saved: true; path: string; bytes: number } | { saved: false };

/** The single object the renderer sees as `window.gridkeeper`. */
export interface GridkeeperBridge {
  invoke<C extends ChannelName>(channel: C, input: ApiInput<C>): Promise<Reply<ApiOutput<C>>>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /**
   * Electron only, done by main (not core): prints the page with `webContents.printToPDF` and writes
   * the file where the owner picks in a save dialog. The browser preview has no such member: there
   * the page prints with the browser's own print dialog.
   */
  savePdf?(request: SavePdfRequest): Promise<Reply<SavePdfResult>>;
}

/** IPC channel names used between preload and main. */
export const IPC_INVOKE = 'gridkeeper:invoke';
export const IPC_EVENT = 'gridkeeper:event';
export const IPC_SAVE_PDF = 'gridkeeper:save-pdf';
