import { GridkeeperError } from '../../api/contract/errors';

/** The derivation path families owners actually use with a Ledger. */
export const PATH_FAMILIES = ['ledger-live', 'legacy', 'bip44'] as const;
export type PathFamily = (typeof PATH_FAMILIES)[number];

/** The path of account `index` in `family`, written with the leading `m/`. */
export function derivationPath(family: PathFamily, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= 0x80000000) {
    throw new GridkeeperError('INPUT_INVALID', `Account index ${index} is out of range.`);
  }
  switch (family) {
    case 'ledger-live':
      return `m/44'/60'/${index}'/0/0`;
    case 'legacy':
      return `m/44'/60'/0'/${index}`;
    case 'bip44':
      return `m/44'/60'/0'/0/${index}`;
  }
}

const PATH_PATTERN = /^m(\/[0-9]{1,10}'?){1,10}$/;

/** Checks an `m/…` path and returns it in the form hw-app-eth takes (no `m/`). */
export function toDevicePath(path: string): string {
  if (!PATH_PATTERN.test(path)) {
    throw new GridkeeperError('INPUT_INVALID', `"${path}" is not a derivation path like m/44'/60'/0'/0/0.`);
  }
  return path.slice(2);
}
