import type { Reply } from '../api/contract/reply';

/**
 * Frames on the preview's WebSocket: the same invoke/event api as Electron's IPC, as JSON text.
 * Types and constants only: the browser-side bridge imports this file.
 */
export interface ClientFrame {
  id: number;
  channel: string;
  input: unknown;
}

export type ServerFrame = { id: number; reply: Reply<unknown> } | { event: string; payload: unknown };

/** The path of the WebSocket and of the browser-side bridge script on the preview server. */
export const API_PATH = '/api';
export const BRIDGE_SCRIPT_PATH = '/preview-bridge.js';
