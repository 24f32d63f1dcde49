import { createRequire } from 'node:module';
import {
  concat,
  getAddress,
  HDNodeWallet,
  hashMessage,
  keccak256,
  Mnemonic,
  SigningKey,
  Transaction,
  toUtf8String,
} from 'ethers';
import { versionAtLeast } from '../app-versions';
import { type LedgerTransport, transportBaseClass } from '../ledger-libs';
import {
  DASHBOARD_APP_NAME,
  ETH_CLA,
  ETHEREUM_APP_NAME,
  INS,
  OS_CLA,
  OS_INS_APP_AND_VERSION,
  SIGNING_INS,
  SW,
} from '../status-words';
import type { LedgerTransportPort } from '../transport-port';
import { Eip712Assembler } from './eip712-assembler';

/**
 * An APDU-level emulator of a Ledger running the Ethereum app, for tests and the training network.
 * It holds known secp256k1 keys (a mnemonic and/or keys per path), answers the app's instructions
 * as app-ethereum does (address, app configuration, chunked transaction signing, personal messages,
 * EIP-712 hashed and full), answers the real status words for a locked device, a closed or wrong app,
 * a rejection and blind signing switched off, and records what the device would show.
 */
// Not named `require`: the bundler injects its own top-level `require` into core's ESM bundle.
const requireCjs = createRequire(import.meta.url);
const ledgerErrors = requireCjs('@ledgerhq/hw-transport/errors') as {
  DisconnectedDevice: new (message?: string) => Error;
  DisconnectedDeviceDuringOperation: new (message?: string) => Error;
};
const { getDeviceModel } = requireCjs('@ledgerhq/devices') as { getDeviceModel: (id: string) => unknown };

export type EmulatedModel = 'nanoS' | 'nanoSP' | 'nanoX' | 'stax' | 'europa';
/** What the user does when the device asks for confirmation. */
export type UserAnswer = 'approve' | 'reject' | 'ignore' | 'unplug';

export interface Screen {
  title: string;
  value: string;
}

export interface Review {
  request: 'address' | 'transaction' | 'personal-message' | 'eip712-hashed' | 'eip712';
  screens: Screen[];
  answer: UserAnswer;
}

export interface EmulatorOptions {
  /** Accounts are derived from it like a real device (BIP-32, secp256k1). */
  mnemonic?: string;
  /** Fixed keys by path ("44'/60'/0'/0/0"), taking precedence over the mnemonic. */
  keys?: Record<string, string>;
  model?: EmulatedModel;
  appVersion?: string;
}

const ANSWER_REJECTED = SW.CONDITIONS_OF_USE_NOT_SATISFIED;

class StatusWord extends Error {
  constructor(readonly sw: number) {
    super(`status 0x${sw.toString(16)}`);
  }
}

export class EthereumAppEmulator {
  model: EmulatedModel;
  appVersion: string;
  /** The app on screen: 'Ethereum', 'BOLOS' (dashboard) or any other app name. */
  runningApp: string = ETHEREUM_APP_NAME;
  /** What the dashboard or another app answers to an Ethereum instruction. */
  notEthereumStatus: number = SW.CLA_NOT_SUPPORTED;
  locked = false;
  lockedStatus: number = SW.LOCKED_DEVICE;
  blindSigning = true;
  /** Replayed from a real transcript: the next signing instruction is answered with this status word. */
  nextSigningStatus: number | null = null;
  verboseEip712 = false;
  plugged = true;
  /** Another program holds the device: opening it fails as node-hid does. */
  heldByAnotherProgram = false;
  /** Linux without the udev rule: opening fails and the device node is not accessible. */
  permissionDenied = false;
  /** Answer get-address with an address that does not belong to the public key. */
  tamperAddress = false;
  /** Answers for the next confirmations, in order; 'approve' when empty. */
  readonly answers: UserAnswer[] = [];
  readonly reviews: Review[] = [];
  /** Every instruction received with the status answered (for tests). */
  readonly log: { cla: number; ins: number; p1: number; p2: number; sw: number }[] = [];

  readonly #keys = new Map<string, SigningKey>();
  readonly #root: HDNodeWallet | undefined;
  readonly #chainCodes = new Map<string, string>();
  readonly #waiting = new Set<(error: Error) => void>();
  #tx: Buffer[] = [];
  #personal: Buffer[] = [];
  #eip712 = new Eip712Assembler();
  #eip712Screens: Screen[] = [];

  constructor(options: EmulatorOptions = {}) {
    this.model = options.model ?? 'nanoSP';
    this.appVersion = options.appVersion ?? '1.16.0';
    for (const [path, key] of Object.entries(options.keys ?? {})) this.#keys.set(path, new SigningKey(key));
    this.#root = options.mnemonic
      ? HDNodeWallet.fromSeed(Mnemonic.fromPhrase(options.mnemonic).computeSeed())
      : undefined;
  }

  /** The address the device holds at `path` ("44'/60'/0'/0/0"). */
  addressAt(path: string): string {
    return computeAddress(this.#key(path));
  }

  /** Opens a transport to the device, failing the way node-hid fails. */
  connect(path = 'emulator'): LedgerTransport {
    if (!this.plugged) throw new Error(`cannot open device with path ${path}`);
    if (this.heldByAnotherProgram || this.permissionDenied)
      throw new Error(`cannot open device with path ${path}`);
    return new EmulatorTransport(this);
  }

  unplug(): void {
    this.plugged = false;
    this.#abandon(new ledgerErrors.DisconnectedDeviceDuringOperation('The device was unplugged'));
  }

  /** @internal Called by the transport when closed: requests left waiting on the user end. */
  detach(): void {
    this.#abandon(new ledgerErrors.DisconnectedDevice('The transport was closed'));
  }

  /** @internal One APDU in, the response with its status word out. */
  async exchange(apdu: Buffer): Promise<Buffer> {
    if (!this.plugged) throw new ledgerErrors.DisconnectedDevice('The device is not connected');
    const [cla = 0, ins = 0, p1 = 0, p2 = 0, length = 0] = apdu;
    const data = apdu.subarray(5, 5 + length);
    let reply: Buffer;
    let sw: number = SW.OK;
    try {
      reply = await this.#dispatch(cla, ins, p1, p2, data);
    } catch (error) {
      if (!(error instanceof StatusWord)) throw error;
      reply = Buffer.alloc(0);
      sw = error.sw;
    }
    this.log.push({ cla, ins, p1, p2, sw });
    const status = Buffer.alloc(2);
    status.writeUInt16BE(sw);
    return Buffer.concat([reply, status]);
  }

  async #dispatch(cla: number, ins: number, p1: number, p2: number, data: Buffer): Promise<Buffer> {
    if (this.locked) throw new StatusWord(this.lockedStatus);
    if (cla === OS_CLA && ins === OS_INS_APP_AND_VERSION) return this.#appAndVersion();
    if (this.runningApp !== ETHEREUM_APP_NAME) throw new StatusWord(this.notEthereumStatus);
    if (cla !== ETH_CLA) throw new StatusWord(SW.CLA_NOT_SUPPORTED);
    if (this.nextSigningStatus !== null && SIGNING_INS.has(ins)) {
      const sw = this.nextSigningStatus;
      this.nextSigningStatus = null;
      throw new StatusWord(sw);
    }
    switch (ins) {
      case INS.GET_APP_CONFIGURATION:
        return this.#appConfiguration();
      case INS.GET_ADDRESS:
        return this.#getAddress(p1, p2, data);
      case INS.SIGN_TRANSACTION:
        return this.#signTransaction(p1, data);
      case INS.SIGN_PERSONAL_MESSAGE:
        return this.#signPersonalMessage(p1, data);
      case INS.SIGN_EIP712:
        if (!this.#supportsHashedEip712()) break;
        return p2 === 0 ? this.#signEip712Hashed(data) : this.#signEip712Full(data);
      case INS.EIP712_STRUCT_DEF:
        if (!this.#supportsFullEip712()) break;
        return this.#structDefinition(p2, data);
      case INS.EIP712_STRUCT_IMPL:
        if (!this.#supportsFullEip712()) break;
        return this.#structImplementation(p1, p2, data);
    }
    throw new StatusWord(SW.INS_NOT_SUPPORTED);
  }

  #appAndVersion(): Buffer {
    const name = Buffer.from(this.runningApp === ETHEREUM_APP_NAME ? ETHEREUM_APP_NAME : this.runningApp);
    const version = Buffer.from(this.runningApp === DASHBOARD_APP_NAME ? '2.2.4' : this.appVersion);
    return Buffer.concat([
      Buffer.from([1, name.length]),
      name,
      Buffer.from([version.length]),
      version,
      Buffer.from([1, 0]),
    ]);
  }

  #appConfiguration(): Buffer {
    const [major = 0, minor = 0, patch = 0] = this.appVersion.split('.').map(Number);
    return Buffer.from([this.blindSigning ? 0x01 : 0x00, major, minor, patch]);
  }

  #getAddress(p1: number, p2: number, data: Buffer): Promise<Buffer> | Buffer {
    const { path } = readPath(data);
    const key = this.#key(path);
    const publicKey = Buffer.from(key.publicKey.slice(2), 'hex');
    const address = this.tamperAddress ? getAddress(`0x${'ab'.repeat(20)}`) : computeAddress(key);
    const ascii = Buffer.from(address.slice(2), 'ascii');
    const reply = Buffer.concat([
      Buffer.from([publicKey.length]),
      publicKey,
      Buffer.from([ascii.length]),
      ascii,
      p2 === 1
        ? Buffer.from((this.#chainCodes.get(path) ?? '0x'.padEnd(66, '0')).slice(2), 'hex')
        : Buffer.alloc(0),
    ]);
    if (p1 !== 1) return reply;
    return this.#review('address', [{ title: 'Address', value: address }]).then(() => reply);
  }

  async #signTransaction(p1: number, data: Buffer): Promise<Buffer> {
    if (p1 === 0x00) this.#tx = [data];
    else if (p1 === 0x80 && this.#tx.length) this.#tx.push(data);
    else throw new StatusWord(SW.INCORRECT_DATA);
    const whole = Buffer.concat(this.#tx);
    const { path, rest } = readPath(whole);
    if (rest.length < rlpEnvelopeLength(rest)) return Buffer.alloc(0);
    this.#tx = [];
    // Only EIP-1559 transactions are emulated (the only kind Gridkeeper sends).
    if (rest[0] !== 0x02) throw new StatusWord(SW.TX_TYPE_NOT_SUPPORTED);
    if (!this.#supportsEip1559()) throw new StatusWord(SW.TX_TYPE_NOT_SUPPORTED);
    const tx = Transaction.from(`0x${rest.toString('hex')}`);
    const blind = tx.data !== '0x';
    if (blind && !this.blindSigning) throw new StatusWord(SW.INCORRECT_DATA);
    const screens: Screen[] = [
      { title: 'Amount', value: `${tx.value} wei` },
      { title: 'To', value: tx.to ?? 'Contract creation' },
      { title: 'Network', value: `Chain ID ${tx.chainId}` },
      { title: 'Max fees', value: `${tx.maxFeePerGas! * tx.gasLimit} wei` },
    ];
    if (blind) screens.push({ title: 'Transaction hash', value: keccak256(tx.unsignedSerialized) });
    await this.#review('transaction', screens);
    const signature = this.#key(path).sign(tx.unsignedHash);
    return signatureReply(signature.yParity, signature.r, signature.s);
  }

  async #signPersonalMessage(p1: number, data: Buffer): Promise<Buffer> {
    if (p1 === 0x00) this.#personal = [data];
    else if (p1 === 0x80 && this.#personal.length) this.#personal.push(data);
    else throw new StatusWord(SW.INCORRECT_DATA);
    const whole = Buffer.concat(this.#personal);
    const { path, rest } = readPath(whole);
    const length = rest.readUInt32BE(0);
    const message = rest.subarray(4);
    if (message.length < length) return Buffer.alloc(0);
    this.#personal = [];
    const printable = /^[\x20-\x7e\n]*$/.test(message.toString('latin1'));
    await this.#review('personal-message', [
      { title: 'Message', value: printable ? toUtf8String(message) : `0x${message.toString('hex')}` },
    ]);
    const signature = this.#key(path).sign(hashMessage(message));
    return signatureReply(27 + signature.yParity, signature.r, signature.s);
  }

  async #signEip712Hashed(data: Buffer): Promise<Buffer> {
    // Since app 1.12.0 the hash-only EIP-712 flow needs blind signing (cmd_signMessage712.c).
    if (!this.blindSigning) throw new StatusWord(SW.INCORRECT_DATA);
    const { path, rest } = readPath(data);
    if (rest.length < 64) throw new StatusWord(SW.INCORRECT_DATA);
    const domainHash = rest.subarray(0, 32);
    const messageHash = rest.subarray(32, 64);
    await this.#review('eip712-hashed', [
      { title: 'Domain hash', value: upperHex(domainHash) },
      { title: 'Message hash', value: upperHex(messageHash) },
    ]);
    const digest = keccak256(concat(['0x1901', domainHash, messageHash]));
    const signature = this.#key(path).sign(digest);
    return signatureReply(27 + signature.yParity, signature.r, signature.s);
  }

  async #signEip712Full(data: Buffer): Promise<Buffer> {
    const { path } = readPath(data);
    let hashes: ReturnType<Eip712Assembler['hashes']>;
    try {
      hashes = this.#eip712.hashes();
    } catch {
      throw new StatusWord(SW.CONDITIONS_OF_USE_NOT_SATISFIED);
    }
    const screens = this.#eip712Screens;
    if (!this.#showsAllFields()) screens.push({ title: 'Message hash', value: upperHex(hashes.messageHash) });
    this.#eip712 = new Eip712Assembler();
    this.#eip712Screens = [];
    await this.#review('eip712', screens);
    const digest = keccak256(concat(['0x1901', hashes.domainHash, hashes.messageHash]));
    const signature = this.#key(path).sign(digest);
    return signatureReply(27 + signature.yParity, signature.r, signature.s);
  }

  #structDefinition(p2: number, data: Buffer): Buffer {
    if (p2 === 0x00) {
      if (this.#eip712.roots.size) {
        this.#eip712 = new Eip712Assembler();
        this.#eip712Screens = [];
      }
      this.#eip712.defineStruct(data.toString('utf8'));
    } else {
      this.#eip712.defineField(data);
    }
    return Buffer.alloc(0);
  }

  #structImplementation(p1: number, p2: number, data: Buffer): Buffer {
    try {
      if (p2 === 0x00) this.#eip712.startRoot(data.toString('utf8'));
      else if (p2 === 0x0f) this.#eip712.arrayLength(data[0] ?? 0);
      else {
        const pending = this.#eip712.pendingField();
        const shown = pending && (pending.root === 'EIP712Domain' || this.#showsAllFields());
        // Unfiltered messages on a Nano need blind signing or verbose mode (ui_logic.c).
        if (
          shown &&
          !this.#showsAllFieldsWithoutBlindSigning() &&
          !this.blindSigning &&
          !this.verboseEip712
        ) {
          throw new StatusWord(SW.INCORRECT_DATA);
        }
        const field = this.#eip712.fieldChunk(data, p1 === 0x00);
        if (field && shown) this.#eip712Screens.push({ title: field.name, value: String(field.value) });
      }
    } catch (error) {
      if (error instanceof StatusWord) throw error;
      throw new StatusWord(SW.INCORRECT_DATA);
    }
    return Buffer.alloc(0);
  }

  #review(request: Review['request'], screens: Screen[]): Promise<void> {
    const answer = this.answers.shift() ?? 'approve';
    this.reviews.push({ request, screens, answer });
    switch (answer) {
      case 'approve':
        return Promise.resolve();
      case 'reject':
        return Promise.reject(new StatusWord(ANSWER_REJECTED));
      case 'unplug':
        this.unplug();
        return Promise.reject(new ledgerErrors.DisconnectedDeviceDuringOperation('The device was unplugged'));
      case 'ignore':
        return new Promise<void>((_, reject) => {
          this.#waiting.add(reject);
        });
    }
  }

  #abandon(error: Error): void {
    for (const reject of this.#waiting) reject(error);
    this.#waiting.clear();
  }

  #key(path: string): SigningKey {
    const fixed = this.#keys.get(path);
    if (fixed) return fixed;
    if (!this.#root) throw new StatusWord(SW.INCORRECT_DATA);
    const node = this.#root.derivePath(`m/${path}`);
    const key = new SigningKey(node.privateKey);
    this.#keys.set(path, key);
    this.#chainCodes.set(path, node.chainCode);
    return key;
  }

  #showsAllFields(): boolean {
    return this.#showsAllFieldsWithoutBlindSigning() || this.verboseEip712;
  }

  /** Stax and Flex show every field of an unfiltered message (app 1.12.0 and later). */
  #showsAllFieldsWithoutBlindSigning(): boolean {
    return this.model === 'stax' || this.model === 'europa';
  }

  #supportsEip1559(): boolean {
    return versionAtLeast(this.appVersion, [1, 9, 0]);
  }

  #supportsHashedEip712(): boolean {
    return versionAtLeast(this.appVersion, [1, 5, 0]);
  }

  /** Clear-signed EIP-712 arrived in app 1.10.0, never on the Nano S. */
  #supportsFullEip712(): boolean {
    return this.model !== 'nanoS' && versionAtLeast(this.appVersion, [1, 10, 0]);
  }
}

const TransportBase = transportBaseClass();

/** A Transport whose exchanges go to an emulated device instead of USB. */
export class EmulatorTransport extends TransportBase {
  readonly #device: EthereumAppEmulator;

  constructor(device: EthereumAppEmulator) {
    super();
    this.#device = device;
    this.deviceModel = getDeviceModel(device.model) as typeof this.deviceModel;
  }

  override exchange(apdu: Buffer): Promise<Buffer> {
    return this.exchangeAtomicImpl(() => this.#device.exchange(apdu));
  }

  override async close(): Promise<void> {
    this.#device.detach();
  }
}

/** A transport port over emulated devices, keyed by the path they appear under. */
export function createEmulatorTransportPort(
  devices: Record<string, EthereumAppEmulator>,
): LedgerTransportPort {
  return {
    unavailableReason: () => null,
    list: async () => Object.keys(devices).filter((path) => devices[path]!.plugged),
    open: async (path) => {
      const device = devices[path];
      if (!device) throw new Error(`cannot open device with path ${path}`);
      return device.connect(path);
    },
    access: (path) => (devices[path]?.permissionDenied ? 'denied' : 'ok'),
  };
}

function readPath(data: Buffer): { path: string; rest: Buffer } {
  const count = data[0] ?? 0;
  if (count < 1 || count > 10 || data.length < 1 + 4 * count) throw new StatusWord(SW.INCORRECT_DATA);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const element = data.readUInt32BE(1 + 4 * i);
    parts.push(element >= 0x80000000 ? `${element - 0x80000000}'` : `${element}`);
  }
  return { path: parts.join('/'), rest: data.subarray(1 + 4 * count) };
}

/** Bytes a typed transaction takes: type byte plus its RLP list (the device reads the header to know when it has all chunks). */
function rlpEnvelopeLength(rlp: Buffer): number {
  const offset = rlp[0]! < 0x7f ? 1 : 0;
  const header = rlp[offset];
  if (header === undefined) return Number.POSITIVE_INFINITY;
  if (header < 0xf8) return offset + 1 + (header - 0xc0);
  const lengthOfLength = header - 0xf7;
  if (rlp.length < offset + 1 + lengthOfLength) return Number.POSITIVE_INFINITY;
  return offset + 1 + lengthOfLength + rlp.readUIntBE(offset + 1, lengthOfLength);
}

function signatureReply(v: number, r: string, s: string): Buffer {
  return Buffer.concat([Buffer.from([v]), Buffer.from(r.slice(2), 'hex'), Buffer.from(s.slice(2), 'hex')]);
}

/** The app prints hashes with `"0x%.*H"`: upper-case hex after a lower-case 0x. */
function upperHex(bytes: Uint8Array | string): string {
  const hex = typeof bytes === 'string' ? bytes.slice(2) : Buffer.from(bytes).toString('hex');
  return `0x${hex.toUpperCase()}`;
}

function computeAddress(key: SigningKey): string {
  return getAddress(`0x${keccak256(`0x${key.publicKey.slice(4)}`).slice(-40)}`);
}
