/**
 * Text from owners (reasons, titles) and from files is stored exactly as entered, but shown through
 * `displayText`: bidirectional controls (an RLO reverses what follows it), invisible characters and
 * line breaks (a newline fakes a second decision line) become visible markers. One function for the
 * renderer, bundle files and messages; `escapeJsonText` does the same for JSON (the audit export),
 * where an escape keeps the parsed value, so an exported log still verifies.
 */

/** Bidi embeddings, overrides, isolates and marks; zero-width and other invisible formatting characters. */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** Line and paragraph breaks of every kind, and the other control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this module's job
const BREAKS = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this module's job
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The text on one line, with every character that could disguise it shown as a marker (⟦U+202E⟧, ⏎). */
export function displayText(text: string): string {
  return text
    .replace(BREAKS, ' ⏎ ')
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, (c) => `⟦${codePoint(c)}⟧`)
    .replace(CONTROLS, (c) => `⟦${codePoint(c)}⟧`);
}

/** Whether `displayText` changes the text (the UI can say "this text contained hidden characters"). */
export function hasHiddenCharacters(text: string): boolean {
  return displayText(text) !== text;
}

/** JSON text with the same characters written as \u escapes: the same value once parsed, inert when read. */
export function escapeJsonText(json: string): string {
  return json.replace(
    /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u0085\u2028\u2029]/g,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}
