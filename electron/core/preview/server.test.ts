import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { malformedFrame } from '../../../test/support/malformed-input';
import { exchange } from '../../../test/support/ws-exchange';
import type { AppInfo } from '../api/contract';
import { randomSource } from '../devnet/random';
import type { CoreClient, CoreEventListener } from '../host/core-client';
import type { Logger } from '../ports/logger';
import { cookieName } from './access';
import { type PreviewServer, startPreviewServer } from './server';

const SECRET = 'test-secret-0123456789';
let dir: string;
let server: PreviewServer;
let origin: string;
const invoked: Array<{ channel: string; input: unknown }> = [];
const eventListeners = new Set<CoreEventListener>();
const logged: string[] = [];
const record =
  (level: string) =>
  (message: string, fields?: Record<string, unknown>): void =>
    void logged.push(JSON.stringify({ level, message, ...fields }));
const log: Logger = {
  debug: record('debug'),
  info: record('info'),
  warn: record('warn'),
  error: record('error'),
};

const fakeCore: CoreClient = {
  ready: Promise.resolve({} as AppInfo),
  stopped: new Promise(() => {}),
  async invoke(channel, input) {
    invoked.push({ channel, input });
    if (channel === 'test/throw') throw new RangeError('Maximum call stack size exceeded');
    return channel === 'app/info'
      ? { ok: true, data: { name: 'Gridkeeper', big: 12n } }
      : { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'no such channel' } };
  },
  onEvent(listener) {
    eventListeners.add(listener);
    return () => eventListeners.delete(listener);
  },
  async shutdown() {},
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gk-preview-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="connect-src 'none'" /><script type="module" src="./assets/app.js"></script></head><body></body></html>`,
  );
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'preview-bridge.js'), '/* bridge */');
  writeFileSync(join(dir, '.secret.json'), '{}');
  server = await startPreviewServer({ rendererDir: dir, core: fakeCore, log, secret: SECRET });
  origin = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${origin}${path}`, {
      headers: { host: `127.0.0.1:${server.port}`, ...headers },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cookie = () => `${cookieName(server.port)}=${SECRET}`;

/** Opens a WebSocket; resolves with 'open' or the refusal's HTTP status. */
function connect(
  headers: Record<string, string>,
): Promise<{ status: 'open'; ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { headers });
    ws.on('open', () => resolve({ status: 'open', ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ status: -1 }));
  });
}

describe('preview server access (the Jupyter model)', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the secret', () => {
    expect(server.url).toBe(`${origin}/?token=${SECRET}`);
  });

  it('is not reachable on any other address of this machine', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal)
      .map((i) => i?.address as string);
    for (const host of ['127.0.0.2', '::1', ...external]) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = tcpConnect({ host, port: server.port, timeout: 2_000 });
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('timeout', () => {
          socket.destroy();
          resolve('timeout');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(outcome, host).not.toBe('connected');
    }
  });

  it('refuses pages and files without the secret, or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/assets/app.js')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get('/', { cookie: `${cookieName(server.port)}=wrong` })).status).toBe(403);
    expect((await get('/', { cookie: `${cookieName(server.port + 1)}=${SECRET}` })).status).toBe(403);
  });

  it('refuses another Host (DNS rebinding), even with the secret', async () => {
    const res = await get(`/?token=${SECRET}`, { host: `evil.example:${server.port}` });
    expect(res.status).toBe(403);
    expect(logged.some((line) => line.includes('foreign host'))).toBe(true);
    expect(logged.join('\n')).not.toContain(SECRET);
    expect((await get('/', { host: `localhost:${server.port}`, cookie: cookie() })).status).toBe(403);
  });

  it('trades the token for an HttpOnly, SameSite=Strict cookie and drops it from the address bar', async () => {
    const res = await get(`/?token=${SECRET}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(String(res.headers['set-cookie'])).toBe(`${cookie()}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('redirects to a path of its own origin only, never to another host', async () => {
    // Node's client sends `/.//x` as `//x`, which the server reads as another host's path.
    for (const path of [
      '/.//evil.example/',
      '//evil.example/x',
      '/%2F%2Fevil.example/',
      '/\\evil.example/',
    ]) {
      const res = await get(`${path}?token=${SECRET}`);
      expect(res.status, path).toBe(303);
      expect(res.headers.location, path).toMatch(/^\/(?![/\\])/);
    }
    expect((await get(`/safe?page=1&token=${SECRET}`)).headers.location).toBe('/safe?page=1');
  });

  it('serves index.html with the preview CSP (only its own WebSocket) and the bridge before the app', async () => {
    const res = await get('/', { cookie: cookie() });
    expect(res.status).toBe(200);
    const csp = `connect-src ws://127.0.0.1:${server.port}`;
    expect(res.headers['content-security-policy']).toContain(csp);
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-eval|\*/);
    expect(res.body).not.toContain("connect-src 'none'");
    expect(res.body).toContain(csp);
    expect(res.body.indexOf('/preview-bridge.js')).toBeLessThan(res.body.indexOf('./assets/app.js'));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves nothing outside the renderer folder, nor dot-files', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/.secret.json', '/assets/%00.js']) {
      expect((await get(path, { cookie: cookie() })).status, path).toBe(404);
    }
  });

  it('refuses a WebSocket without the secret, from another Origin, or without an Origin', async () => {
    const own = origin;
    expect(await connect({ origin: own })).toEqual({ status: 403 });
    expect(await connect({ origin: own, cookie: `${cookieName(server.port)}=wrong` })).toEqual({
      status: 403,
    });
    expect(await connect({ origin: 'http://127.0.0.1:1', cookie: cookie() })).toEqual({ status: 403 });
    expect(await connect({ origin: 'https://evil.example', cookie: cookie() })).toEqual({ status: 403 });
    expect(await connect({ cookie: cookie() })).toEqual({ status: 403 });
    expect(invoked).toEqual([]);
  });

  it('carries invoke and events for its own page, and survives malformed frames', async () => {
    const opened = await connect({ origin, cookie: cookie() });
    if (opened.status !== 'open') throw new Error(`refused: ${opened.status}`);
    const { ws } = opened;
    const frames: unknown[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    ws.send(JSON.stringify({ id: 7, channel: 'app/info', input: {} }));
    await expect.poll(() => frames.length).toBe(1);
    expect(frames[0]).toEqual({ id: 7, reply: { ok: true, data: { name: 'Gridkeeper', big: '12' } } });
    for (const listener of eventListeners) listener('app/progress', { phase: 'x' });
    await expect.poll(() => frames.length).toBe(2);
    expect(frames[1]).toEqual({ event: 'app/progress', payload: { phase: 'x' } });

    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('{not json');
    expect(await closed).toBe(1008);
    const again = await connect({ origin, cookie: cookie() });
    expect(again.status).toBe('open');
    if (again.status === 'open') again.ws.close();
  });

  it('closes the socket on an oversized or deeply nested frame, answers a failing core, and keeps serving', async () => {
    const opened = await connect({ origin, cookie: cookie() });
    if (opened.status !== 'open') throw new Error(`refused: ${opened.status}`);
    const tooBig = new Promise<number>((resolve) => opened.ws.on('close', (code) => resolve(code)));
    opened.ws.send(JSON.stringify({ id: 1, channel: 'app/info', input: 'x'.repeat(9 * 1024 * 1024) }));
    expect(await tooBig).toBe(1009);

    const deep = await open();
    const closed = new Promise<number>((resolve) => deep.on('close', (code) => resolve(code)));
    deep.send(`{"id":1,"channel":"app/info","input":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
    expect(await closed).toBe(1008);

    const ws = await open();
    expect(await exchange(ws, JSON.stringify({ id: 2, channel: 'test/throw', input: {} }))).toMatchObject({
      id: 2,
      reply: { ok: false, error: { code: 'INTERNAL' } },
    });
    expect(await exchange(ws, JSON.stringify({ id: 3, channel: 'app/info', input: {} }))).toMatchObject({
      id: 3,
      reply: { ok: true },
    });
    ws.close();
  });

  it(`survives ${FUZZ_FRAMES} malformed WebSocket frames`, async () => {
    const random = randomSource(1314);
    const shape = () => ({ id: Math.floor(random() * 1000), channel: 'app/info', input: {} });
    let ws = await open();
    let closes = 0;
    for (let i = 0; i < FUZZ_FRAMES; i++) {
      if ((await exchange(ws, malformedFrame(random, shape))) === 'closed') {
        closes++;
        ws = await open();
      }
    }
    expect(await exchange(ws, JSON.stringify({ id: 4, channel: 'app/info', input: {} }))).toMatchObject({
      id: 4,
    });
    ws.close();
    console.log(`preview fuzz: ${FUZZ_FRAMES} frames, ${closes} closed the socket`);
  }, 120_000);
});

// CI runs 1,000 (seconds: most frames cost a reconnect); `FUZZ_FRAMES=10000` for the full fuzz.
const FUZZ_FRAMES = Number(process.env.FUZZ_FRAMES ?? 1000);

async function open(): Promise<WebSocket> {
  const opened = await connect({ origin, cookie: cookie() });
  if (opened.status !== 'open') throw new Error(`refused: ${opened.status}`);
  return opened.ws;
}
