import { GridkeeperError, isGridkeeperError } from '../../api/contract/errors';
import type { LedgerDeviceChange, LedgerDeviceState } from '../../api/contract/signer';
import type { Logger } from '../../ports';
import {
  busyError,
  type FailureContext,
  NEXT_STEPS,
  needsProbe,
  permissionDeniedError,
  statusAfter,
  toSignerError,
} from './device-errors';
import { type Eth, type LedgerTransport, openEthApp } from './ledger-libs';
import { RequestQueue } from './request-queue';
import { DASHBOARD_APP_NAME, ETHEREUM_APP_NAME, OS_CLA, OS_INS_APP_AND_VERSION } from './status-words';
import type { LedgerTransportPort } from './transport-port';

export interface LedgerDeviceOptions {
  udevRulesFile: string;
  onState: (change: LedgerDeviceChange, state: LedgerDeviceState) => void;
  log: Logger;
}

export interface EthAppInfo {
  version: string;
  blindSigningEnabled: boolean;
  model: string | null;
}

export interface DeviceRequest {
  label: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * One plugged-in Ledger: its transport, its request queue and its last known state. Every request
 * goes through the queue (the device answers one at a time), failures become GridkeeperErrors with
 * a next step, and each state change is reported through `onState`.
 */
export class LedgerDevice {
  readonly id: string;
  readonly #port: LedgerTransportPort;
  readonly #options: LedgerDeviceOptions;
  readonly #queue = new RequestQueue();
  #transport: LedgerTransport | undefined;
  #eth: Eth | undefined;
  #lastIns: number | undefined;
  #state: LedgerDeviceState;

  constructor(id: string, port: LedgerTransportPort, options: LedgerDeviceOptions) {
    this.id = id;
    this.#port = port;
    this.#options = options;
    this.#state = {
      deviceId: id,
      model: null,
      status: 'needs-attention',
      app: null,
      blindSigningEnabled: null,
      message: 'Checking the Ledger…',
    };
  }

  state(): LedgerDeviceState {
    return this.#state;
  }

  /** A request is waiting or running. */
  get busy(): boolean {
    return this.#queue.size > 0;
  }

  /** Runs `work` on the Ethereum app when the device is free. */
  run<T>(request: DeviceRequest, work: (eth: Eth, model: string | null) => Promise<T>): Promise<T> {
    return this.#queue
      .run(async (signal) => {
        try {
          const eth = await this.#open();
          return await work(eth, this.#transport?.deviceModel?.id ?? null);
        } catch (thrown) {
          // A request abandoned after its timeout ends when its transport is dropped: not news.
          if (signal.aborted) throw thrown;
          const error = await this.#explain(thrown);
          this.#afterFailure(error);
          throw error;
        }
      }, request)
      .catch((error: unknown) => {
        if (isGridkeeperError(error) && error.code === 'SIGNER_TIMEOUT') this.#afterFailure(error);
        throw error;
      });
  }

  /** Reads which app runs and, for the Ethereum app, its version and settings. */
  async refresh(timeoutMs = 5_000): Promise<LedgerDeviceState> {
    try {
      await this.run({ label: 'report its state', timeoutMs }, async (eth, model) => {
        const app = await this.#runningApp();
        if (app.name !== ETHEREUM_APP_NAME) {
          this.#update('status', {
            model,
            app,
            blindSigningEnabled: null,
            status: app.name === DASHBOARD_APP_NAME ? 'app-closed' : 'wrong-app',
            message:
              app.name === DASHBOARD_APP_NAME
                ? `No app is open on the Ledger. ${NEXT_STEPS.openApp}`
                : `The ${app.name} app is open on the Ledger. ${NEXT_STEPS.quitOtherApp}`,
          });
          return;
        }
        const config = await eth.getAppConfiguration();
        this.#update('status', {
          model,
          app,
          blindSigningEnabled: Boolean(config.arbitraryDataEnabled),
          status: 'ready',
          message: null,
        });
      });
    } catch (error) {
      if (!isGridkeeperError(error) || statusAfter(error) === undefined) {
        this.#options.log.warn('ledger state check failed', { deviceId: this.id, error: String(error) });
      }
    }
    return this.#state;
  }

  /** Version and settings of the Ethereum app; call inside `run`. */
  async appInfo(eth: Eth, model: string | null): Promise<EthAppInfo> {
    const config = await eth.getAppConfiguration();
    const info = {
      version: config.version,
      blindSigningEnabled: Boolean(config.arbitraryDataEnabled),
      model,
    };
    this.#update('status', {
      model,
      app: { name: ETHEREUM_APP_NAME, version: config.version },
      blindSigningEnabled: info.blindSigningEnabled,
      status: 'ready',
      message: null,
    });
    return info;
  }

  /** The device appeared on the USB bus. */
  plugged(): void {
    this.#update('plugged', { status: 'needs-attention', message: 'Checking the Ledger…' });
  }

  /** The device left the USB bus. */
  unplugged(): void {
    this.#drop();
    this.#update('unplugged', {
      status: 'disconnected',
      app: null,
      blindSigningEnabled: null,
      message: `The Ledger was unplugged. ${NEXT_STEPS.connect}`,
    });
  }

  close(): void {
    this.#drop();
  }

  async #open(): Promise<Eth> {
    if (this.#eth) return this.#eth;
    let transport: LedgerTransport;
    try {
      transport = await this.#port.open(this.id);
    } catch (error) {
      if (this.#port.access(this.id) === 'denied') {
        throw permissionDeniedError(this.id, this.#options.udevRulesFile);
      }
      throw busyError(error instanceof Error ? error.message : String(error));
    }
    // hw-app-eth's errors do not say which instruction failed; the error mapping needs it.
    const exchange = transport.exchange.bind(transport);
    transport.exchange = (apdu, options) => {
      this.#lastIns = apdu[1];
      return exchange(apdu, options);
    };
    this.#transport = transport;
    this.#eth = openEthApp(transport);
    return this.#eth;
  }

  async #runningApp(): Promise<{ name: string; version: string }> {
    const transport = this.#transport;
    if (!transport) throw new GridkeeperError('SIGNER_DISCONNECTED', 'The Ledger is not open.');
    const reply = await transport.send(OS_CLA, OS_INS_APP_AND_VERSION, 0, 0);
    let offset = 1;
    const nameLength = reply[offset++] ?? 0;
    const name = reply.subarray(offset, offset + nameLength).toString('ascii');
    offset += nameLength;
    const versionLength = reply[offset++] ?? 0;
    const version = reply.subarray(offset, offset + versionLength).toString('ascii');
    return { name, version };
  }

  /** Explains a failure, asking the device which app runs (and its settings) when the status word alone cannot. */
  async #explain(thrown: unknown): Promise<GridkeeperError> {
    const context: FailureContext = { ins: this.#lastIns, udevRulesFile: this.#options.udevRulesFile };
    // The configuration read before signing, until the probe below reads it again.
    if (this.#state.blindSigningEnabled !== null)
      context.blindSigningEnabled = this.#state.blindSigningEnabled;
    if (needsProbe(thrown)) {
      try {
        context.runningApp = await this.#runningApp();
        if (context.runningApp.name === ETHEREUM_APP_NAME && this.#eth) {
          const config = await this.#eth.getAppConfiguration();
          context.blindSigningEnabled = Boolean(config.arbitraryDataEnabled);
        }
      } catch (probeError) {
        this.#options.log.debug('ledger probe after failure failed', { error: String(probeError) });
      }
    }
    const error = toSignerError(thrown, context);
    if (error.code === 'INTERNAL') {
      this.#options.log.error('unexpected ledger failure', { deviceId: this.id, error: String(thrown) });
    }
    return error;
  }

  #afterFailure(error: GridkeeperError): void {
    const status = statusAfter(error);
    // After a timeout or a disconnection the transport may still wait on the device: start afresh.
    if (status === 'needs-attention' || status === 'disconnected' || status === 'busy') this.#drop();
    if (status) this.#update('status', { status, message: error.message });
  }

  #drop(): void {
    const transport = this.#transport;
    this.#transport = undefined;
    this.#eth = undefined;
    // Not awaited: closing waits for a pending exchange, which may never end.
    transport?.close().catch(() => undefined);
  }

  #update(change: LedgerDeviceChange, patch: Partial<LedgerDeviceState>): void {
    const next = { ...this.#state, ...patch };
    if (change === 'status' && JSON.stringify(next) === JSON.stringify(this.#state)) return;
    this.#state = next;
    this.#options.onState(change, next);
  }
}
