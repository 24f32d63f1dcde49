import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import type { LedgerTransport } from './ledger-libs';

/** How core reaches Ledger devices: USB HID in the app, the APDU emulator in tests and training. */
export interface LedgerTransportPort {
  /** Why Ledger devices cannot be used at all (USB library missing), or null when they can. */
  unavailableReason(): string | null;
  /** Paths of the Ledger devices present now. */
  list(): Promise<string[]>;
  /** Opens a device; failures are thrown as the transport library raises them. */
  open(path: string): Promise<LedgerTransport>;
  /** Whether this user may open the device node (Linux hidraw permissions); 'unknown' elsewhere. */
  access(path: string): 'ok' | 'denied' | 'unknown';
}

interface NodeHidTransportClass {
  list(): Promise<string[]>;
  open(path: string): Promise<LedgerTransport>;
}

export interface NodeHidPortOptions {
  /** Loads the transport module; defaults to requiring the optional dependency. */
  load?: () => NodeHidTransportClass;
  platform?: NodeJS.Platform;
}

// Not named `require`: the bundler injects its own top-level `require` into core's ESM bundle.
const requireCjs = createRequire(import.meta.url);

/**
 * Ledger over USB HID through `@ledgerhq/hw-transport-node-hid-noevents`, an optional dependency
 * (node-hid is compiled on install and may be missing): it is loaded on first use, and when it cannot
 * be loaded the port reports why instead of failing the app.
 */
export function createNodeHidTransportPort(options: NodeHidPortOptions = {}): LedgerTransportPort {
  const platform = options.platform ?? process.platform;
  const load =
    options.load ??
    (() =>
      (requireCjs('@ledgerhq/hw-transport-node-hid-noevents') as { default: NodeHidTransportClass }).default);
  let loaded: NodeHidTransportClass | undefined;
  let loadError: string | null | undefined;

  const transportClass = (): NodeHidTransportClass | undefined => {
    if (loadError === undefined) {
      try {
        loaded = load();
        loadError = null;
      } catch (error) {
        loadError = `USB support for Ledger devices is not installed in this build (${(error as Error).message.split('\n')[0]}). Reinstall Gridkeeper with its optional USB module, or use an encrypted keystore.`;
      }
    }
    return loaded;
  };

  return {
    unavailableReason() {
      transportClass();
      return loadError ?? null;
    },
    async list() {
      const hid = transportClass();
      return hid ? hid.list() : [];
    },
    async open(path) {
      const hid = transportClass();
      if (!hid) throw new Error(loadError ?? 'USB support unavailable');
      return hid.open(path);
    },
    access(path) {
      if (platform !== 'linux' || !path.startsWith('/dev/')) return 'unknown';
      try {
        accessSync(path, constants.R_OK | constants.W_OK);
        return 'ok';
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return code === 'EACCES' || code === 'EPERM' ? 'denied' : 'unknown';
      }
    },
  };
}
