import { getAddress, hexlify, TypedDataEncoder, toUtf8String } from 'ethers';

/**
 * The device side of the full EIP-712 flow (app-ethereum's INS 0x1A struct definitions and 0x1C
 * struct implementations): rebuilds the types, the domain and the message from the APDUs, field by
 * field, in the order the host sends them (the order of the type definitions).
 */
interface FieldDef {
  name: string;
  type: string;
}

type Need = { kind: 'array' } | { kind: 'field'; name: string; type: string };
type Reader = Generator<Need, unknown, unknown>;

/** One value received and decoded, with where it belongs. */
export interface ReceivedField {
  root: string;
  name: string;
  type: string;
  value: unknown;
}

const TYPE_KEYS = ['custom', 'int', 'uint', 'address', 'bool', 'string', 'bytes', 'bytes'] as const;

export class Eip712Assembler {
  readonly structs = new Map<string, FieldDef[]>();
  #defining: FieldDef[] | undefined;
  readonly roots = new Map<string, Record<string, unknown>>();
  #root: string | undefined;
  #reader: Reader | undefined;
  #need: Need | undefined;
  #chunks: Buffer[] = [];

  defineStruct(name: string): void {
    this.#defining = [];
    this.structs.set(name, this.#defining);
  }

  /** Decodes one field definition (type descriptor byte, optional custom name, size, array levels, key name). */
  defineField(data: Buffer): void {
    if (!this.#defining) throw new Error('field definition before struct name');
    let i = 0;
    const descriptor = data[i++]!;
    const isArray = (descriptor & 0x80) !== 0;
    const hasSize = (descriptor & 0x40) !== 0;
    const key = TYPE_KEYS[descriptor & 0x0f];
    if (!key) throw new Error(`unknown EIP-712 type key ${descriptor & 0x0f}`);
    let type: string = key;
    if (key === 'custom') {
      const length = data[i++]!;
      type = data.subarray(i, i + length).toString('utf8');
      i += length;
    }
    if (hasSize) {
      const size = data[i++]!;
      type = key === 'bytes' ? `bytes${size}` : `${key}${size * 8}`;
    }
    if (isArray) {
      const levels = data[i++]!;
      for (let level = 0; level < levels; level++) {
        type += data[i++] === 1 ? `[${data[i++]}]` : '[]';
      }
    }
    const nameLength = data[i++]!;
    this.#defining.push({ name: data.subarray(i, i + nameLength).toString('utf8'), type });
  }

  startRoot(name: string): void {
    if (!this.structs.has(name)) throw new Error(`unknown root struct ${name}`);
    this.#defining = undefined;
    this.#root = name;
    this.#reader = this.#readStruct(name);
    this.#advance(undefined);
  }

  arrayLength(length: number): void {
    if (this.#need?.kind !== 'array') throw new Error('unexpected array length');
    this.#advance(length);
  }

  /** Takes one chunk of a field value; returns the field once its last chunk arrived. */
  fieldChunk(data: Buffer, last: boolean): ReceivedField | undefined {
    const need = this.#need;
    if (need?.kind !== 'field' || !this.#root) throw new Error('unexpected field value');
    this.#chunks.push(data);
    if (!last) return undefined;
    const whole = Buffer.concat(this.#chunks);
    this.#chunks = [];
    const length = whole.readUInt16BE(0);
    const value = decodeValue(need.type, whole.subarray(2, 2 + length));
    const field = { root: this.#root, name: need.name, type: need.type, value };
    this.#advance(value);
    return field;
  }

  /** The next field expected, for deciding what the device shows before it arrives. */
  pendingField(): { root: string; name: string } | undefined {
    return this.#need?.kind === 'field' && this.#root
      ? { root: this.#root, name: this.#need.name }
      : undefined;
  }

  /** Domain hash and message hash of the completed message. */
  hashes(): { domainHash: string; messageHash: string; primaryType: string } {
    const domain = this.roots.get('EIP712Domain');
    const primary = [...this.roots.keys()].find((name) => name !== 'EIP712Domain');
    if (!domain || !primary) throw new Error('message incomplete');
    const domainTypes = { EIP712Domain: this.structs.get('EIP712Domain')! };
    const messageTypes = Object.fromEntries([...this.structs].filter(([name]) => name !== 'EIP712Domain'));
    return {
      domainHash: TypedDataEncoder.hashStruct('EIP712Domain', domainTypes, domain),
      messageHash: TypedDataEncoder.hashStruct(primary, messageTypes, this.roots.get(primary)!),
      primaryType: primary,
    };
  }

  #advance(input: unknown): void {
    const step = this.#reader!.next(input);
    if (step.done) {
      this.roots.set(this.#root!, step.value as Record<string, unknown>);
      this.#need = undefined;
    } else {
      this.#need = step.value;
    }
  }

  *#readStruct(name: string): Reader {
    const value: Record<string, unknown> = {};
    for (const field of this.structs.get(name)!)
      value[field.name] = yield* this.#readValue(field.name, field.type);
    return value;
  }

  /** Arrays are walked outermost bracket first, the order hw-app-eth sends them in. */
  *#readValue(name: string, type: string): Reader {
    const bracket = type.indexOf('[');
    if (bracket >= 0) {
      const base = type.slice(0, bracket);
      const rest = type.slice(type.indexOf(']', bracket) + 1);
      const length = (yield { kind: 'array' }) as number;
      const items: unknown[] = [];
      for (let i = 0; i < length; i++) items.push(yield* this.#readValue(name, base + rest));
      return items;
    }
    if (this.structs.has(type)) return yield* this.#readStruct(type);
    return yield { kind: 'field', name, type };
  }
}

function decodeValue(type: string, raw: Buffer): unknown {
  if (type === 'address') return getAddress(`0x${raw.subarray(-20).toString('hex').padStart(40, '0')}`);
  if (type === 'bool') return raw.length > 0 && raw[raw.length - 1] !== 0;
  if (type === 'string') return toUtf8String(raw);
  if (type.startsWith('bytes')) return hexlify(raw);
  const unsigned = raw.length ? BigInt(hexlify(raw)) : 0n;
  if (type.startsWith('uint')) return unsigned;
  const bits = BigInt(type.slice(3) || '256');
  return unsigned >= 1n << (bits - 1n) ? unsigned - (1n << bits) : unsigned;
}
