import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * The file under `root` that a URL path names (`/` is index.html), or undefined when the path
 * escapes the root, names a dot-file or has a type the renderer does not ship.
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return undefined;
  const base = resolve(root);
  const file = resolve(base, `.${decoded === '/' ? '/index.html' : decoded}`);
  if (!file.startsWith(base + sep) || !(extname(file) in CONTENT_TYPES)) return undefined;
  return file;
}

export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | undefined> {
  const file = resolveStaticPath(root, urlPath);
  if (!file) return undefined;
  try {
    return { body: await readFile(file), contentType: CONTENT_TYPES[extname(file)] as string };
  } catch {
    return undefined;
  }
}

/**
 * The renderer's index.html as the preview serves it: its CSP meta tag replaced by the preview's
 * (which allows the one WebSocket), and the bridge script loaded before the app's own scripts.
 */
export function previewIndexHtml(html: string, csp: string, bridgeScriptPath: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${csp}" />`;
  const cspTag = /<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>/i;
  const withCsp = cspTag.test(html)
    ? html.replace(cspTag, () => meta)
    : html.replace(/<head>/i, () => `<head>\n${meta}`);
  const firstScript = withCsp.search(/<script\b/i);
  const bridge = `<script src="${bridgeScriptPath}"></script>\n`;
  return firstScript === -1
    ? withCsp.replace(/<\/head>/i, () => `${bridge}</head>`)
    : `${withCsp.slice(0, firstScript)}${bridge}${withCsp.slice(firstScript)}`;
}
