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
}

export type ApiEventName = keyof ApiEvents;
