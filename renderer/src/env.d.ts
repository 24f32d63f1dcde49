import type { GridkeeperBridge } from '../../electron/preload/bridge';

declare global {
  interface Window {
    readonly gridkeeper: GridkeeperBridge;
  }
}
