import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { parseBoundedJson } from '../api';
import { asGridkeeperError } from '../api/contract/errors';
import { MAX_SAFE_FILE_BYTES } from '../api/contract/file-limits';
import { bigintAsDecimal } from '../api/contract/reply';
import type { CoreClient } from '../host';
import { rendererCsp } from '../host';
import type { Logger } from '../ports';
import {
  type AccessPolicy,
  appOrigin,
  decideHttp,
  decideUpgrade,
  newSecret,
  type UpgradeDecision,
} from './access';
import { previewIndexHtml, readStaticFile } from './static-files';
import { API_PATH, BRIDGE_SCRIPT_PATH, type ClientFrame, type ServerFrame } from './wire';

export interface PreviewServerOptions {
  /** The built renderer (out/renderer): index.html, assets, preview-bridge.js. */
  rendererDir: string;
  core: CoreClient;
  log: Logger;
  /** 0 (the default) picks a free port. */
  port?: number;
  secret?: string;
}

export interface PreviewServer {
  /** The one URL to open: carries this launch's secret. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The largest file the page sends, JSON-escaped (each character at most doubled), plus the frame. */
const MAX_FRAME_BYTES = 2 * MAX_SAFE_FILE_BYTES + 64 * 1024;

/**
 * Serves the built renderer and the core's api over one WebSocket, on 127.0.0.1 only, to pages
 * that present this launch's secret from this server's own origin. Every api input is still
 * validated by the router's zod schemas in core.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const { core, log, rendererDir } = options;
  const secret = options.secret ?? newSecret();
  const policy: AccessPolicy = { port: 0, secret };
  const sockets = new Set<WebSocket>();

  const http = createServer((request, response) => {
    void serveHttp(request, response).catch((error) => {
      log.error('preview: request failed', { error: String(error) });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const decision = decideHttp(request, policy);
    if (decision.kind === 'refuse') {
      // The path only: a refused request may still carry the secret in its query.
      log.warn('preview: refused a request', { reason: decision.reason, path: pathOf(request.url) });
      return refuse(
        response,
        403,
        'Open the URL that `npm run preview` printed: it carries this launch’s secret.',
      );
    }
    if (decision.kind === 'login') {
      response.writeHead(303, {
        location: decision.location,
        'set-cookie': decision.cookie,
        ...SECURITY_HEADERS,
      });
      return void response.end();
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(response, 405, 'Method not allowed.');
    const path = pathOf(request.url);
    const csp = rendererCsp(`ws://127.0.0.1:${policy.port}`);
    const file = await readStaticFile(rendererDir, path);
    if (!file) return refuse(response, 404, 'Not found.');
    const body =
      path === '/' || path === '/index.html'
        ? Buffer.from(previewIndexHtml(file.body.toString('utf8'), csp, BRIDGE_SCRIPT_PATH))
        : file.body;
    response.writeHead(200, {
      'content-type': file.contentType,
      'content-length': body.length,
      'content-security-policy': csp,
      ...SECURITY_HEADERS,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  http.on('upgrade', (request, socket, head) => {
    const path = pathOf(request.url);
    const decision: UpgradeDecision =
      path === API_PATH ? decideUpgrade(request, policy) : { kind: 'refuse', reason: `path ${path}` };
    if (decision.kind === 'refuse') {
      log.warn('preview: refused a WebSocket', { reason: decision.reason });
      socket.on('error', () => {});
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    sockets.add(ws);
    const controller = new AbortController();
    ws.on('close', () => {
      sockets.delete(ws);
      controller.abort();
    });
    // A frame over the size cap, or broken framing: `ws` reports it here, then closes the socket.
    ws.on('error', (error) => {
      log.warn('preview: WebSocket closed on a protocol error', { error: error.message });
      ws.terminate();
    });
    ws.on('message', (data, isBinary) => {
      const frame = isBinary ? undefined : parseFrame(String(data));
      if (!frame) {
        ws.close(1008, 'malformed frame');
        return;
      }
      core.invoke(frame.channel, frame.input, controller.signal).then(
        (reply) => send(ws, { id: frame.id, reply }),
        (error) => {
          log.error('preview: invoke failed', { channel: frame.channel, error: String(error) });
          send(ws, { id: frame.id, reply: { ok: false, error: asGridkeeperError(error).toJSON() } });
        },
      );
    });
  }

  const stopEvents = core.onEvent((event, payload) => {
    for (const ws of sockets) send(ws, { event, payload });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = http.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no TCP address');
  policy.port = address.port;

  return {
    url: `${appOrigin(policy.port)}/?token=${secret}`,
    port: policy.port,
    async close() {
      stopEvents();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  response.end(`${message}\n`);
}

const zClientFrame = z.object({
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(200),
  input: z.unknown(),
}) satisfies z.ZodType<ClientFrame>;

function parseFrame(text: string): ClientFrame | undefined {
  const json = parseBoundedJson(text);
  if (!json.ok) return undefined;
  const parsed = zClientFrame.safeParse(json.value);
  return parsed.success ? parsed.data : undefined;
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    return '/';
  }
}

/** bigint is not JSON: amounts cross as decimal strings (the contract's one codec). */
function send(ws: WebSocket, frame: ServerFrame): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(JSON.stringify(frame, bigintAsDecimal));
}
