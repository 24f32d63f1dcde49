import { basename, join } from 'node:path';
import { computeAddress, getAddress } from 'ethers';
import type { EventBus } from '../api';
import { GridkeeperError } from '../api/contract/errors';
import type {
  DeviceDisplay,
  KeystoreBackup,
  LedgerAccount,
  LedgerStatus,
  PathFamily,
  SignerList,
  SignerSummary,
} from '../api/contract/signer';
import type { Logger } from '../ports';
import type { DemoKey } from './demo-key';
import { DEMO_KEYSTORE_PASSWORD, DEMO_SCRYPT_N, ensureDemoKeystores } from './keystore/demo-keystores';
import { readKeystoreFile } from './keystore/keystore-files';
import type { KeystoreSigner } from './keystore/keystore-signer';
import { type KeySource, Keystores, type KeystoresOptions } from './keystore/keystores';
import { listLedgerAccounts, verifiedAddress } from './ledger/accounts';
import { toDevicePath } from './ledger/derivation-paths';
import { udevInstallCommand } from './ledger/device-errors';
import { hashedDeviceDisplay } from './ledger/hash-display';
import { LedgerManager } from './ledger/ledger-manager';
import { LedgerSigner } from './ledger/ledger-signer';
import { createNodeHidTransportPort, type LedgerTransportPort } from './ledger/transport-port';
import { findUdevRulesFile } from './ledger/udev-rules';
import { jsonFileSignerSettings, type SignerSettingsPort } from './signer-settings';
import type { Signer } from './types';

/** What the signers need to know of the network the app is on now. */
export interface SignerNetwork {
  /** The training network's demo owners (public keys, labelled); empty on a real network. */
  demoOwners: readonly DemoKey[];
  /** Balance of an address (for the Ledger account list); absent offline. */
  balanceOf?: (address: string) => Promise<bigint>;
  /** Owners of the consortium Safe (to mark Ledger accounts); absent without a Safe. */
  safeOwners?: () => Promise<string[]>;
}

export interface SignersOptions {
  /** Keystores go to `<dataDir>/keystores` (demo ones to `keystores/demo`), settings to `signers.json`. */
  dataDir: string;
  log: Logger;
  events?: EventBus;
  network: () => SignerNetwork;
  /** How Ledgers are reached; default USB HID, loaded on the first Ledger request. */
  ledgerPort?: LedgerTransportPort;
  udevRulesFile?: string;
  /** How often to look for plugged/unplugged Ledgers once the Ledger was asked for (ms). */
  ledgerPollMs?: number;
  settings?: SignerSettingsPort;
  keystore?: Pick<KeystoresOptions, 'scryptN' | 'wrongPasswordDelayMs' | 'workerUrl'>;
  platform?: NodeJS.Platform;
}

const DEFAULT_AUTO_LOCK_MINUTES = 15;
/** How long the Ledger poll runs after the last request that needs it (the Signers page renews it). */
export const LEDGER_WATCH_MS = 15_000;

/**
 * Every signer of the app: the chosen Ledger account, the keystores, the training network's demo
 * keystores; which one is active (remembered); Ledger device events pushed as `signer/device`, signer
 * changes as `signer/updated`.
 */
export class Signers {
  readonly ledger: LedgerManager;
  readonly keystores: Keystores;
  readonly demoKeystores: Keystores;
  readonly udevRulesFile: string;
  readonly #options: SignersOptions;
  readonly #settings: SignerSettingsPort;
  #ledgerSigner: LedgerSigner | undefined;
  #ledgerWantedAt = 0;
  #demoReady: Promise<void> = Promise.resolve();
  #demoFor: string | undefined;

  constructor(options: SignersOptions) {
    this.#options = options;
    this.#settings = options.settings ?? jsonFileSignerSettings(join(options.dataDir, 'signers.json'));
    this.udevRulesFile = options.udevRulesFile ?? findUdevRulesFile();
    this.ledger = new LedgerManager({
      port: options.ledgerPort ?? createNodeHidTransportPort({ platform: options.platform }),
      udevRulesFile: this.udevRulesFile,
      log: options.log,
      onDevice: (event) => options.events?.emit('signer/device', event),
    });
    const settings = this.#settings.read();
    const onChange = (signer: KeystoreSigner) => this.#updated(signer);
    const keystoreOptions = { ...options.keystore, onChange };
    this.keystores = new Keystores({
      ...keystoreOptions,
      dir: join(options.dataDir, 'keystores'),
      autoLockMs: (settings.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES) * 60_000,
    });
    this.demoKeystores = new Keystores({
      ...keystoreOptions,
      dir: join(options.dataDir, 'keystores', 'demo'),
      scryptN: DEMO_SCRYPT_N,
      knownPassword: DEMO_KEYSTORE_PASSWORD,
    });
    const remembered = settings.activeSignerId;
    if (remembered?.startsWith('ledger:') && settings.ledgerPath) {
      this.#ledgerSigner = this.#newLedgerSigner(settings.ledgerPath, remembered.slice('ledger:'.length));
    }
    void this.prepareDemoKeys();
  }

  /** Creates the demo owners' keystores of the training network where missing (first training start). */
  prepareDemoKeys(): Promise<void> {
    const owners = this.#options.network().demoOwners;
    const key = owners.map((owner) => owner.privateKey).join();
    if (key !== this.#demoFor) {
      this.#demoFor = key;
      this.#demoReady = ensureDemoKeystores(this.demoKeystores, owners).then(
        () => undefined,
        (error: unknown) => {
          this.#demoFor = undefined;
          this.#options.log.error('signers: demo keystores could not be prepared', { error: String(error) });
        },
      );
    }
    return this.#demoReady;
  }

  /** Every signer usable on this network. */
  all(): Signer[] {
    return [
      ...(this.#ledgerSigner ? [this.#ledgerSigner] : []),
      ...this.keystores.list(),
      ...this.#demoSigners(),
    ];
  }

  /** The signer with this id; SIGNER_NOT_FOUND when it is not usable on this network. */
  get(id: string): Signer {
    const signer = this.all().find((candidate) => candidate.id === id);
    if (signer) return signer;
    if (this.demoKeystores.find(id)) {
      throw new GridkeeperError('SIGNER_NOT_FOUND', 'Demo keys sign on the training network only.', {
        signerId: id,
      });
    }
    throw new GridkeeperError('SIGNER_NOT_FOUND', `There is no signer ${id}.`, { signerId: id });
  }

  /** The signer the owner chose to act with, when it is usable on this network. */
  active(): Signer | null {
    const id = this.#settings.read().activeSignerId;
    return this.all().find((signer) => signer.id === id) ?? null;
  }

  async list(): Promise<SignerList> {
    await this.prepareDemoKeys();
    this.keystores.reload();
    this.#watchLedger();
    const settings = this.#settings.read();
    const signers = this.all();
    const activeId = signers.some((signer) => signer.id === settings.activeSignerId)
      ? (settings.activeSignerId ?? null)
      : null;
    return {
      signers: signers.map((signer) => this.#summary(signer)),
      activeId,
      ledger: this.ledger.states()[0] ?? null,
      ledgerUnavailable: this.ledger.unavailableReason(),
      ledgerPath: settings.ledgerPath ?? null,
      autoLockMinutes: this.#autoLockMinutes(),
    };
  }

  async ledgerStatus(): Promise<LedgerStatus> {
    this.#watchLedger();
    const devices = await this.ledger.refresh();
    const linux = (this.#options.platform ?? process.platform) === 'linux';
    return {
      devices,
      unavailable: this.ledger.unavailableReason(),
      udevRule: linux ? { file: this.udevRulesFile, command: udevInstallCommand(this.udevRulesFile) } : null,
    };
  }

  async ledgerAccounts(
    input: { families?: PathFamily[]; start: number; count: number },
    signal?: AbortSignal,
  ): Promise<LedgerAccount[]> {
    this.#watchLedger();
    if (this.ledger.states().length === 0) await this.ledger.refresh();
    const network = this.#options.network();
    const owners = await (network.safeOwners?.() ?? Promise.resolve([])).catch((error: unknown) => {
      this.#options.log.warn('signers: Safe owners unavailable for the Ledger account list', {
        error: String(error),
      });
      return [];
    });
    return listLedgerAccounts(this.ledger.current(), {
      ...input,
      owners,
      balanceOf: network.balanceOf,
      signal,
    });
  }

  /** Makes a signer active (remembered): a listed one by id, or the connected Ledger's account at a path. */
  async select(input: { id: string } | { ledgerPath: string }, signal?: AbortSignal): Promise<SignerSummary> {
    let signer: Signer;
    if ('ledgerPath' in input) {
      this.#watchLedger();
      if (this.ledger.states().length === 0) await this.ledger.refresh();
      const path = input.ledgerPath;
      const address = await this.ledger
        .current()
        .run({ label: 'show the address to use', timeoutMs: 30_000, signal }, (eth) =>
          verifiedAddress(eth, path),
        );
      this.#ledgerSigner = this.#newLedgerSigner(path, address);
      signer = this.#ledgerSigner;
      this.#settings.update({ ledgerPath: path, activeSignerId: signer.id });
    } else {
      await this.prepareDemoKeys();
      signer = this.get(input.id);
      this.#settings.update({ activeSignerId: signer.id });
    }
    this.#options.events?.emit('signer/updated', { signer: this.#summary(signer), activeId: signer.id });
    return this.#summary(signer);
  }

  async createKeystore(label: string, password: string): Promise<SignerSummary> {
    const signer = await this.keystores.add({ random: true }, password, { label, demo: false });
    // A new key exists in this one file only: until the owner confirms a copy, it says so.
    this.#settings.update({ backupsPending: [...this.#pendingBackups(), signer.address.toLowerCase()] });
    return this.#summary(signer);
  }

  async importKeystore(
    source: Exclude<KeySource, { random: true }>,
    label: string,
    password: string,
  ): Promise<SignerSummary> {
    return this.#summary(await this.keystores.add(source, password, { label, demo: false }));
  }

  async unlock(id: string, password: string): Promise<SignerSummary> {
    const signer = this.#keystore(id);
    await signer.unlock(password);
    return this.#summary(signer);
  }

  lock(id: string): SignerSummary {
    const signer = this.#keystore(id);
    // Its password is published: "locked" would be a promise the demo key cannot keep.
    if (signer.demo)
      throw new GridkeeperError('INPUT_INVALID', 'A demo key cannot be locked: its password is public.', {
        id,
      });
    signer.lock();
    return this.#summary(signer);
  }

  /**
   * The keystore's file as it is on disk (Web3 Secret Storage v3, encrypted with scrypt), for the
   * owner to save elsewhere: read now, so it fails when the file is gone or damaged. It never holds
   * the password or the key in clear.
   */
  keystoreBackup(id: string): KeystoreBackup {
    const signer = this.#keystore(id);
    if (signer.demo) {
      throw new GridkeeperError('INPUT_INVALID', 'A demo key needs no backup: its key is public.', { id });
    }
    const { json } = readKeystoreFile(signer.file);
    return { fileName: basename(signer.file), content: json };
  }

  /** The owner confirms the keystore file was saved elsewhere. */
  confirmKeystoreBackup(id: string): SignerSummary {
    const signer = this.#keystore(id);
    const address = signer.address.toLowerCase();
    this.#settings.update({ backupsPending: [...this.#pendingBackups()].filter((a) => a !== address) });
    this.#updated(signer);
    return this.#summary(signer);
  }

  async setAutoLockMinutes(minutes: number): Promise<SignerList> {
    this.#settings.update({ autoLockMinutes: minutes });
    this.keystores.setAutoLockMs(minutes * 60_000);
    return this.list();
  }

  /** The two hashes as the Ledger shows them (`model` defaults to the connected Ledger's). */
  deviceDisplay(input: { domainHash: string; messageHash: string; model?: string }): DeviceDisplay {
    return hashedDeviceDisplay(input, input.model ?? this.ledger.states()[0]?.model);
  }

  async close(): Promise<void> {
    this.ledger.close();
    await Promise.all([this.keystores.lockAll(), this.demoKeystores.lockAll()]);
  }

  #pendingBackups(): Set<string> {
    return new Set(this.#settings.read().backupsPending ?? []);
  }

  #summary(signer: Signer): SignerSummary {
    const summary = signer.summary();
    return this.#pendingBackups().has(signer.address.toLowerCase())
      ? { ...summary, backupPending: true }
      : summary;
  }

  #keystore(id: string): KeystoreSigner {
    const signer = this.get(id);
    if (signer.kind !== 'keystore') {
      throw new GridkeeperError('SIGNER_NOT_FOUND', `${id} is not a keystore.`, { signerId: id });
    }
    return signer as KeystoreSigner;
  }

  /** The demo keystores of this network's demo owners, in the owners' order. */
  #demoSigners(): KeystoreSigner[] {
    const signers = this.demoKeystores.list();
    return this.#options
      .network()
      .demoOwners.map((owner) => {
        const address = addressOf(owner.privateKey);
        return signers.find((signer) => signer.address === address);
      })
      .filter((signer) => signer !== undefined);
  }

  #newLedgerSigner(path: string, address: string): LedgerSigner {
    toDevicePath(path);
    return new LedgerSigner({ manager: this.ledger, path, address: getAddress(address) });
  }

  /**
   * The USB module is loaded, and the bus polled, only once something asks for a Ledger, and the
   * poll stops LEDGER_WATCH_MS after the last ask (the Signers page asks while it is open).
   */
  #watchLedger(): void {
    this.#ledgerWantedAt = Date.now();
    if (this.ledger.unavailableReason()) return;
    if (this.#options.ledgerPollMs !== 0) {
      this.ledger.start(
        this.#options.ledgerPollMs,
        () => Date.now() - this.#ledgerWantedAt < LEDGER_WATCH_MS,
      );
    }
  }

  #autoLockMinutes(): number {
    return this.#settings.read().autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES;
  }

  #updated(signer: KeystoreSigner): void {
    const activeId = this.#settings.read().activeSignerId ?? null;
    this.#options.events?.emit('signer/updated', { signer: this.#summary(signer), activeId });
  }
}

const demoAddresses = new Map<string, string>();
/** A demo key's address, derived once (it is asked for on every signer lookup). */
function addressOf(privateKey: string): string {
  let address = demoAddresses.get(privateKey);
  if (!address) {
    address = computeAddress(privateKey);
    demoAddresses.set(privateKey, address);
  }
  return address;
}
