import type { SafeTxHashes } from '../safe-typed-data';
import type { DeviceDisplay } from '../types';

/**
 * How the Ledger Ethereum app shows an EIP-712 hash, so the owner can compare the screen with the
 * device group by group.
 *
 * The app prints each hash as `0x` followed by the 32 bytes in upper-case hex (`"0x%.*H"` in
 * app-ethereum's `ui_flow_signMessage712.c`), under the titles "Domain hash" and "Message hash".
 * On the Nano S, S Plus and X (BAGL UI) the text is cut into lines by the SDK's
 * `ux_layout_paging_compute`: a line takes characters while its width in the 11 px Open Sans font
 * stays within 114 pixels; a page holds 3 lines on the 128×64 screens (Nano S Plus, Nano X) and
 * 1 line on the Nano S. On Stax and Flex the whole value is shown on one review page.
 */

/** Widths in pixels of the characters a hash uses, from the SDK's `nanos_characters_width` table (Open Sans regular 11 px). */
const GLYPH_WIDTH_PX: Readonly<Record<string, number>> = {
  '0': 6,
  '1': 6,
  '2': 6,
  '3': 6,
  '4': 8,
  '5': 6,
  '6': 6,
  '7': 6,
  '8': 6,
  '9': 6,
  A: 7,
  B: 7,
  C: 7,
  D: 8,
  E: 6,
  F: 6,
  x: 6,
};
const PIXELS_PER_LINE = 114;

export type LedgerScreen = DeviceDisplay['screen'];
export type HashOnDevice = DeviceDisplay['hashes'][number];
const LINES_PER_PAGE: Record<Exclude<LedgerScreen, 'stax-flex'>, number> = { 'nano-s': 1, 'nano-sp-x': 3 };

/** `0x` + upper-case hex: the app's rendering of a 32-byte hash. */
export function deviceHashText(hash: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) throw new Error(`not a 32-byte hash: ${hash}`);
  return `0x${hash.slice(2).toUpperCase()}`;
}

/** Cuts `text` into lines the way the BAGL paging does for text without spaces or dashes. */
export function baglLines(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  let width = 0;
  for (const char of text) {
    const glyph = GLYPH_WIDTH_PX[char];
    if (glyph === undefined) throw new Error(`no glyph width for ${JSON.stringify(char)}`);
    if (width + glyph > PIXELS_PER_LINE) {
      lines.push(line);
      line = '';
      width = 0;
    }
    line += char;
    width += glyph;
  }
  if (line) lines.push(line);
  return lines;
}

export function hashOnDevice(title: HashOnDevice['title'], hash: string, screen: LedgerScreen): HashOnDevice {
  const text = deviceHashText(hash);
  if (screen === 'stax-flex') return { title, text, pages: [[text]] };
  const lines = baglLines(text);
  const perPage = LINES_PER_PAGE[screen];
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += perPage) pages.push(lines.slice(i, i + perPage));
  return { title, text, pages };
}

/** The screen family of a Ledger model id (@ledgerhq/devices' DeviceModelId; Flex is 'europa'); unknown models page like a Nano X. */
export function screenOfModel(modelId: string | undefined): LedgerScreen {
  if (modelId === 'nanoS') return 'nano-s';
  if (modelId === 'stax' || modelId === 'europa') return 'stax-flex';
  return 'nano-sp-x';
}

/** What the Ethereum app shows when it signs the two EIP-712 hashes (no fields): "Domain hash", then "Message hash". */
export function hashedDeviceDisplay(
  hashes: Pick<SafeTxHashes, 'domainHash' | 'messageHash'>,
  model: string | null | undefined,
): DeviceDisplay {
  const screen = screenOfModel(model ?? undefined);
  return {
    screen,
    hashes: [
      hashOnDevice('Domain hash', hashes.domainHash, screen),
      hashOnDevice('Message hash', hashes.messageHash, screen),
    ],
    fields: [],
  };
}
