import { GridkeeperError } from '../../api/contract/errors';
import type { LedgerDeviceEvent, LedgerDeviceState } from '../../api/contract/signer';
import type { Logger } from '../../ports';
import { NEXT_STEPS } from './device-errors';
import { LedgerDevice } from './ledger-device';
import type { LedgerTransportPort } from './transport-port';

export interface LedgerManagerOptions {
  port: LedgerTransportPort;
  /** The Linux udev rules file shipped with the app, named in permission errors. */
  udevRulesFile: string;
  log: Logger;
  /** Every device change (plugged, unplugged, locked, app closed…), for the `signer/device` event. */
  onDevice?: (event: LedgerDeviceEvent) => void;
}

/**
 * Finds Ledger devices and keeps one LedgerDevice (with its own request queue) per device. The USB
 * transport has no plug events, so `refresh` compares the device list and asks each idle device
 * which app it runs; `start` does that on an interval.
 */
export class LedgerManager {
  readonly #options: LedgerManagerOptions;
  readonly #devices = new Map<string, LedgerDevice>();
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<LedgerDeviceState[]> | undefined;

  constructor(options: LedgerManagerOptions) {
    this.#options = options;
  }

  unavailableReason(): string | null {
    return this.#options.port.unavailableReason();
  }

  states(): LedgerDeviceState[] {
    return [...this.#devices.values()].map((device) => device.state());
  }

  /** The Ledger to use: the first one connected. */
  current(): LedgerDevice {
    const device = this.#devices.values().next().value;
    if (device) return device;
    const unavailable = this.unavailableReason();
    if (unavailable)
      throw new GridkeeperError('SIGNER_NOT_FOUND', unavailable, { reason: 'usb-unavailable' });
    throw new GridkeeperError('SIGNER_NOT_FOUND', `No Ledger is connected. ${NEXT_STEPS.connect}`, {
      nextStep: NEXT_STEPS.connect,
    });
  }

  /** Notices plugged and unplugged devices and asks each idle device for its state. */
  refresh(): Promise<LedgerDeviceState[]> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** Polls the bus every `intervalMs` while `wanted()` says a page needs it; stops by itself after. */
  start(intervalMs = 2_000, wanted: () => boolean = () => true): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (!wanted()) return this.stop();
      this.refresh().catch((error) =>
        this.#options.log.warn('ledger refresh failed', { error: String(error) }),
      );
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Whether the bus is being polled now. */
  get polling(): boolean {
    return this.#timer !== undefined;
  }

  close(): void {
    this.stop();
    for (const device of this.#devices.values()) device.close();
    this.#devices.clear();
  }

  async #refresh(): Promise<LedgerDeviceState[]> {
    if (this.unavailableReason()) return [];
    const paths = new Set(await this.#options.port.list());
    for (const [path, device] of this.#devices) {
      if (paths.has(path)) continue;
      this.#devices.delete(path);
      device.unplugged();
    }
    for (const path of paths) {
      let device = this.#devices.get(path);
      if (!device) {
        device = new LedgerDevice(path, this.#options.port, {
          udevRulesFile: this.#options.udevRulesFile,
          log: this.#options.log,
          onState: (change, device) => this.#options.onDevice?.({ change, device }),
        });
        this.#devices.set(path, device);
        device.plugged();
      }
      if (!device.busy) await device.refresh();
    }
    return this.states();
  }
}
