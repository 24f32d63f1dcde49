import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress, isKeystoreJson } from 'ethers';
import { GridkeeperError } from '../../api/contract/errors';

/** What Gridkeeper keeps beside the standard fields of a keystore file (other wallets ignore it). */
export interface KeystoreMeta {
  label: string;
  /** A demo key of the training network: public, never for a real network. */
  demo: boolean;
}

/** A Web3 Secret Storage v3 file in the keystore folder. */
export interface KeystoreFile {
  file: string;
  address: string;
  meta: KeystoreMeta;
  /** The file's whole JSON, as the key worker decrypts it. */
  json: string;
}

/** A file of the folder that is not a readable keystore: listed so the owner learns of it. */
export interface DamagedKeystoreFile {
  file: string;
  reason: string;
}

const META_FIELD = 'x-gridkeeper';

/** `<address>.json`, lower case: one file per key, so an import of a key already there is noticed. */
export function keystoreFileName(address: string): string {
  return `${getAddress(address).toLowerCase()}.json`;
}

/** Adds Gridkeeper's label and demo mark to the v3 JSON ethers produced. */
export function withMeta(keystoreJson: string, meta: KeystoreMeta): string {
  const parsed = JSON.parse(keystoreJson) as Record<string, unknown>;
  return `${JSON.stringify({ ...parsed, [META_FIELD]: meta }, null, 2)}\n`;
}

/** Reads one keystore file; a file that is not a v3 keystore throws STORE_CORRUPT saying which file. */
export function readKeystoreFile(file: string): KeystoreFile {
  const damaged = (reason: string, cause?: unknown) =>
    new GridkeeperError(
      'STORE_CORRUPT',
      `The keystore file ${file} is damaged (${reason}). Restore it from a backup, or import the key again.`,
      { file, reason },
      { cause },
    );
  let json: string;
  try {
    json = readFileSync(file, 'utf8');
  } catch (error) {
    throw damaged('it cannot be read', error);
  }
  let parsed: { address?: unknown; version?: unknown; [META_FIELD]?: Partial<KeystoreMeta> };
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw damaged('it is not JSON', error);
  }
  if (!isKeystoreJson(json) || parsed.version !== 3 || typeof parsed.address !== 'string') {
    throw damaged('it is not a version 3 keystore with an address');
  }
  let address: string;
  try {
    address = getAddress(parsed.address.startsWith('0x') ? parsed.address : `0x${parsed.address}`);
  } catch (error) {
    throw damaged('its address is not valid', error);
  }
  const meta = parsed[META_FIELD];
  return {
    file,
    address,
    json,
    meta: {
      label:
        typeof meta?.label === 'string' && meta.label.trim()
          ? meta.label
          : `Keystore ${address.slice(0, 10)}`,
      demo: meta?.demo === true,
    },
  };
}

/** Every keystore in `dir` (missing folder: none), and the files that could not be read. */
export function listKeystoreFiles(dir: string): {
  keystores: KeystoreFile[];
  damaged: DamagedKeystoreFile[];
} {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { keystores: [], damaged: [] };
    throw error;
  }
  const keystores: KeystoreFile[] = [];
  const damaged: DamagedKeystoreFile[] = [];
  for (const name of names.sort()) {
    const file = join(dir, name);
    try {
      keystores.push(readKeystoreFile(file));
    } catch (error) {
      damaged.push({ file, reason: (error as Error).message });
    }
  }
  return { keystores, damaged };
}
