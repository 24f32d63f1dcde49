import { getAddress, Signature, Transaction, TypedDataEncoder, type TypedDataField } from 'ethers';
import { GridkeeperError } from '../../api/contract/errors';
import { checkedSignature, messageTypes, type SafeTxHashes, safeTxHashes } from '../safe-typed-data';
import type {
  DeviceDisplay,
  SafeTxTypedData,
  Signer,
  SignerStatus,
  SignerSummary,
  SigningPrompt,
  TxRequest,
} from '../types';
import { verifiedAddress } from './accounts';
import { APP_FEATURES, supportsClearSignedEip712, versionAtLeast } from './app-versions';
import { toDevicePath } from './derivation-paths';
import { appTooOldError } from './device-errors';
import { hashedDeviceDisplay, hashOnDevice, screenOfModel } from './hash-display';
import type { LedgerDevice } from './ledger-device';
import type { Eth } from './ledger-libs';
import type { LedgerManager } from './ledger-manager';

export interface LedgerSignerOptions {
  manager: LedgerManager;
  /** Derivation path with the leading `m/`. */
  path: string;
  /** The address the owner chose; every request first checks the device still holds it at `path`. */
  address: string;
  /** Time the owner has to answer on the device. */
  confirmTimeoutMs?: number;
}

type SignOptions = Parameters<Signer['signSafeTx']>[1];
type Eip712Mode = Exclude<SigningPrompt['mode'], 'local'>;

/** A Safe owner account on a Ledger, signing through the Ethereum app. */
export class LedgerSigner implements Signer {
  readonly kind = 'ledger' as const;
  readonly id: string;
  readonly address: string;
  readonly path: string;
  readonly #manager: LedgerManager;
  readonly #confirmTimeoutMs: number;

  constructor(options: LedgerSignerOptions) {
    toDevicePath(options.path);
    this.address = getAddress(options.address);
    this.path = options.path;
    this.id = `ledger:${this.address}`;
    this.#manager = options.manager;
    this.#confirmTimeoutMs = options.confirmTimeoutMs ?? 180_000;
  }

  status(): SignerStatus {
    if (this.#manager.unavailableReason()) return 'unavailable';
    return this.#manager.states()[0]?.status ?? 'disconnected';
  }

  summary(): SignerSummary {
    const state = this.#manager.states()[0];
    const detail =
      this.#manager.unavailableReason() ?? state?.message ?? (state ? undefined : 'No Ledger is connected.');
    return {
      id: this.id,
      kind: this.kind,
      label: `Ledger ${this.path}`,
      address: this.address,
      status: this.status(),
      demo: false,
      ...(detail ? { detail } : {}),
    };
  }

  async signSafeTx(typedData: SafeTxTypedData, opts?: SignOptions): Promise<string> {
    const hashes = safeTxHashes(typedData);
    const device = this.#manager.current();
    let firstMode: Eip712Mode | undefined;
    const sign = (mode: Eip712Mode) =>
      device.run(
        { label: 'sign the Safe transaction', timeoutMs: this.#confirmTimeoutMs, signal: opts?.signal },
        async (eth, model) => {
          await this.#checkAccount(eth);
          const info = await device.appInfo(eth, model);
          const chosen =
            mode === 'clear' && supportsClearSignedEip712(info.version, model) ? 'clear' : 'hashed';
          firstMode ??= chosen;
          opts?.onPrompt?.(prompt(chosen, hashes, typedData, model));
          const parts =
            chosen === 'clear'
              ? await eth.signEIP712Message(toDevicePath(this.path), payload(typedData) as never)
              : await eth.signEIP712HashedMessage(
                  toDevicePath(this.path),
                  hashes.domainHash,
                  hashes.messageHash,
                );
          return { chosen, parts };
        },
      );
    let result: Awaited<ReturnType<typeof sign>>;
    try {
      result = await sign('clear');
    } catch (error) {
      // An app that refuses the full-message instructions may still sign the two hashes.
      if (
        !(error instanceof GridkeeperError) ||
        error.code !== 'SIGNER_APP_TOO_OLD' ||
        firstMode !== 'clear'
      ) {
        throw error;
      }
      result = await sign('hashed');
    }
    return checkedSignature(hashes.safeTxHash, result.parts, this.address, 'The Ledger');
  }

  async signTransaction(tx: TxRequest, opts?: { signal?: AbortSignal }): Promise<string> {
    const unsigned = Transaction.from({
      type: 2,
      chainId: tx.chainId,
      nonce: tx.nonce,
      to: tx.to,
      value: tx.value,
      data: tx.data,
      gasLimit: tx.gasLimit,
      maxFeePerGas: tx.maxFeePerGas,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    });
    const device: LedgerDevice = this.#manager.current();
    const { v, r, s } = await device.run(
      { label: 'sign the transaction', timeoutMs: this.#confirmTimeoutMs, signal: opts?.signal },
      async (eth, model) => {
        await this.#checkAccount(eth);
        const info = await device.appInfo(eth, model);
        if (!versionAtLeast(info.version, APP_FEATURES.eip1559)) {
          throw appTooOldError('EIP-1559 transactions', info.version);
        }
        // `null`: no token, plugin or NFT metadata lookup (those would call Ledger's servers).
        return eth.signTransaction(toDevicePath(this.path), unsigned.unsignedSerialized.slice(2), null);
      },
    );
    const signed = unsigned.clone();
    signed.signature = Signature.from({
      r: `0x${r}`,
      s: `0x${s}`,
      yParity: Number.parseInt(v, 16) === 1 ? 1 : 0,
    });
    if (signed.from !== this.address) {
      throw new GridkeeperError(
        'SIGNATURE_INVALID',
        `The Ledger signed the transaction as ${signed.from}, not as ${this.address}; it was discarded.`,
      );
    }
    return signed.serialized;
  }

  async close(): Promise<void> {}

  async #checkAccount(eth: Eth): Promise<void> {
    const address = await verifiedAddress(eth, this.path);
    if (address !== this.address) {
      throw new GridkeeperError(
        'SIGNER_NOT_FOUND',
        `The connected Ledger holds ${address} at ${this.path}, not ${this.address}. Connect the Ledger that holds this owner key.`,
        { path: this.path, expected: this.address, found: address },
      );
    }
  }
}

/** The JSON typed message hw-app-eth sends field by field (EIP712Domain included, values as strings). */
function payload(typedData: SafeTxTypedData) {
  return TypedDataEncoder.getPayload(typedData.domain, messageTypes(typedData), typedData.message);
}

function prompt(
  mode: Eip712Mode,
  hashes: SafeTxHashes,
  typedData: SafeTxTypedData,
  model: string | null,
): SigningPrompt {
  return { mode, ...hashes, device: deviceDisplay(mode, hashes, typedData, model) };
}

/**
 * What the Ethereum app shows. Hash-only signing: "Domain hash" then "Message hash". Clear signing of
 * a message without Ledger filters: the fields, and on a Nano without verbose mode the domain fields
 * followed by "Message hash".
 */
function deviceDisplay(
  mode: Eip712Mode,
  hashes: SafeTxHashes,
  typedData: SafeTxTypedData,
  model: string | null,
): DeviceDisplay {
  if (mode === 'hashed') return hashedDeviceDisplay(hashes, model);
  const screen = screenOfModel(model ?? undefined);
  const { types, domain, primaryType, message } = payload(typedData) as {
    types: Record<string, TypedDataField[]>;
    domain: Record<string, unknown>;
    primaryType: string;
    message: Record<string, unknown>;
  };
  const fields = [
    ...types.EIP712Domain!.map((field) => ({
      title: field.name,
      value: shown(field.type, domain[field.name]),
    })),
    ...types[primaryType]!.map((field) => ({
      title: field.name,
      value: shown(field.type, message[field.name]),
    })),
  ];
  return { screen, hashes: [hashOnDevice('Message hash', hashes.messageHash, screen)], fields };
}

function shown(type: string, value: unknown): string {
  if (type === 'address') return getAddress(String(value));
  if (/^u?int/.test(type)) return BigInt(String(value)).toString();
  return String(value);
}
