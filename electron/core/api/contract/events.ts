import type { AppPage } from './app';

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
}

export type ApiEventName = keyof ApiEvents;
