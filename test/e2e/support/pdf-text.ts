import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF as Chromium prints it (Skia's PDF backend: uncompressed object table, Flate
 * content streams, Type0 fonts with Identity-H glyph codes and a ToUnicode CMap each), enough to check
 * that words and figures are on the paper. Text shown in one BT…ET block is joined; blocks are lines.
 * Not a general PDF reader: object streams, other encodings and other filters are not handled.
 */
export function pdfText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf).toString('latin1');
  const objects = new Map<string, { dict: string; stream: string | null }>();
  const header = /(\d+) 0 obj\b/g;
  for (let m = header.exec(raw); m; m = header.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endobj', start);
    const keyword = raw.indexOf('stream', start);
    if (end < 0) break;
    if (keyword < 0 || keyword > end) {
      objects.set(m[1] as string, { dict: raw.slice(start, end), stream: null });
      continue;
    }
    const dict = raw.slice(start, keyword);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const data = keyword + 'stream'.length + (raw[keyword + 6] === '\r' ? 2 : 1);
    const bytes = Buffer.from(raw.slice(data, data + length), 'latin1');
    const stream = (/\/FlateDecode/.test(dict) ? inflateSync(bytes) : bytes).toString('latin1');
    objects.set(m[1] as string, { dict, stream });
    header.lastIndex = data + length;
  }
  // Font resource names (/F4) to their glyph-code → text maps (from each font's ToUnicode CMap).
  const fonts = new Map<string, Map<number, string>>();
  for (const { dict } of objects.values()) {
    const resources = /\/Font\s*<<([\s\S]*?)>>/.exec(dict)?.[1] ?? '';
    for (const [, name, id] of resources.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(id as string)?.dict ?? '')?.[1];
      const cmap = toUnicode ? objects.get(toUnicode)?.stream : null;
      if (cmap) fonts.set(name as string, unicodeMap(cmap));
    }
  }
  const lines: string[] = [];
  for (const { dict, stream } of objects.values()) {
    if (stream === null || /\/Length1|ToUnicode|\/Subtype/.test(dict) || !/\bBT\b/.test(stream)) continue;
    for (const [, block] of stream.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
      let font = new Map<number, string>();
      let line = '';
      for (const [, name, hex] of (block as string).matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]+)>/g)) {
        if (name) font = fonts.get(name) ?? new Map();
        else
          for (let i = 0; i + 4 <= (hex as string).length; i += 4)
            line += font.get(Number.parseInt((hex as string).slice(i, i + 4), 16)) ?? '';
      }
      lines.push(line);
    }
  }
  return lines.join('\n');
}

function unicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const text = (hex: string) =>
    String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => Number.parseInt(h, 16)));
  for (const [, section] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, code, to] of (section as string).matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(Number.parseInt(code as string, 16), text(to as string));
  for (const [, section] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, lo, hi, to] of (section as string).matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g,
    )) {
      const first = Number.parseInt(lo as string, 16);
      const start = Number.parseInt(to as string, 16);
      for (let code = first; code <= Number.parseInt(hi as string, 16); code++)
        map.set(code, String.fromCharCode(start + code - first));
    }
  return map;
}
