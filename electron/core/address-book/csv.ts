import { getAddress, isAddress } from 'ethers';
import { ADDRESS_NAME_MAX } from '../api/contract/address-book';

/** Safe{Wallet}'s address book CSV: this header, one `address,name,chainId` line per entry. */
export const ADDRESS_BOOK_HEADER = ['address', 'name', 'chainId'] as const;

export interface AddressBookLine {
  chainId: number;
  address: string;
  name: string;
}

/** A field quoted as RFC 4180 wants when it holds a comma, a quote or a line break. */
const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function formatAddressBookCsv(lines: AddressBookLine[]): string {
  const rows = lines.map((l) => [l.address, field(l.name), String(l.chainId)].join(','));
  return `${[ADDRESS_BOOK_HEADER.join(','), ...rows].join('\n')}\n`;
}

/** The fields of one CSV record, or null when its quotes do not close. */
function fields(line: string): string[] | null {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"' && current === '') quoted = true;
    else if (c === ',') {
      out.push(current);
      current = '';
    } else current += c;
  }
  if (quoted) return null;
  out.push(current);
  return out;
}

/** One record as an entry, or why it is refused. */
function entryOf(values: string[] | null, column: Record<string, number>): AddressBookLine | string {
  if (!values) return 'a quote does not close';
  const at = (name: string) => values[column[name] ?? -1]?.trim() ?? '';
  const [address, name, chainId] = [at('address'), at('name'), at('chainId')];
  if (!isAddress(address)) return `"${address}" is not an address`;
  if (name === '') return 'the name is empty';
  if (name.length > ADDRESS_NAME_MAX) return `the name is longer than ${ADDRESS_NAME_MAX} characters`;
  if (!/^[1-9][0-9]{0,15}$/.test(chainId)) return `"${chainId}" is not a chain id`;
  return { address: getAddress(address), name, chainId: Number(chainId) };
}

/**
 * Reads an address book CSV: the entries it names, and each line it refuses with its line number
 * (1 is the header) and the reason. Columns are found by the header's names, in any order.
 */
export function parseAddressBookCsv(content: string): {
  lines: AddressBookLine[];
  refused: { line: number; reason: string }[];
} {
  const records = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = fields(records[0] ?? '')?.map((h) => h.trim()) ?? [];
  const column = Object.fromEntries(ADDRESS_BOOK_HEADER.map((name) => [name, header.indexOf(name)]));
  if (Object.values(column).some((i) => i < 0))
    return {
      lines: [],
      refused: [{ line: 1, reason: `the header must name ${ADDRESS_BOOK_HEADER.join(',')}` }],
    };
  const lines: AddressBookLine[] = [];
  const refused: { line: number; reason: string }[] = [];
  records.slice(1).forEach((record, i) => {
    if (record.trim() === '') return;
    const read = entryOf(fields(record), column);
    if (typeof read === 'string') refused.push({ line: i + 2, reason: read });
    else lines.push(read);
  });
  return { lines, refused };
}
