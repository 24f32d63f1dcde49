// A JSON-RPC proxy that fails a share of the calls the way real providers do, for the fault tests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomSource } from '../../devnet/random';

export type Fault = 'error' | 'timeout' | 'rate-limit' | 'truncated' | 'range' | 'server-error';

export interface FaultyProxyOptions {
  upstream: string;
  /** Share of calls that fail (0..1). */
  failureRate: number;
  seed?: number;
  /** eth_getLogs over more blocks than this is refused like a provider's range limit. */
  maxLogRange?: number;
  /** How long a "timeout" holds the request before dropping the connection. */
  timeoutMs?: number;
}

export interface FaultyProxy {
  url: string;
  stats: { requests: number; faults: Record<Fault, number>; rangeRefusals: number };
  close(): Promise<void>;
}

const FAULTS: Fault[] = ['error', 'timeout', 'rate-limit', 'truncated', 'range', 'server-error'];

export async function startFaultyProxy(options: FaultyProxyOptions): Promise<FaultyProxy> {
  const random = randomSource(options.seed ?? 7);
  const stats: FaultyProxy['stats'] = {
    requests: 0,
    faults: { error: 0, timeout: 0, 'rate-limit': 0, truncated: 0, range: 0, 'server-error': 0 },
    rangeRefusals: 0,
  };
  const reply = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      stats.requests++;
      const text = Buffer.concat(chunks).toString();
      const body = JSON.parse(text) as
        | { id: unknown; method: string; params: unknown[] }
        | { id: unknown; method: string }[];
      const first = Array.isArray(body) ? body[0] : body;
      const errorReply = (code: number, message: string) =>
        JSON.stringify(
          Array.isArray(body)
            ? body.map((b) => ({ jsonrpc: '2.0', id: b.id, error: { code, message } }))
            : { jsonrpc: '2.0', id: first?.id, error: { code, message } },
        );
      if (!Array.isArray(body) && body.method === 'eth_getLogs' && options.maxLogRange) {
        const filter = body.params[0] as { fromBlock?: string; toBlock?: string };
        if (
          filter.fromBlock &&
          filter.toBlock &&
          Number(filter.toBlock) - Number(filter.fromBlock) + 1 > options.maxLogRange
        ) {
          stats.rangeRefusals++;
          return reply(res, 200, errorReply(-32602, `block range is too wide (max ${options.maxLogRange})`));
        }
      }
      if (random() < options.failureRate) {
        const fault = FAULTS[Math.floor(random() * FAULTS.length)] as Fault;
        stats.faults[fault]++;
        switch (fault) {
          case 'error':
            return reply(res, 200, errorReply(-32603, 'internal error'));
          case 'rate-limit':
            return reply(res, 429, '{"jsonrpc":"2.0","error":{"code":429,"message":"Too Many Requests"}}');
          case 'server-error':
            return reply(res, 503, 'Service Unavailable');
          case 'range':
            if (first?.method === 'eth_getLogs')
              return reply(res, 200, errorReply(-32005, 'query returned more than 10000 results'));
            return reply(res, 200, errorReply(-32000, 'header not found'));
          case 'timeout':
            setTimeout(() => res.destroy(), options.timeoutMs ?? 1_500);
            return;
          case 'truncated': {
            const upstream = await forward(options.upstream, text);
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(upstream.slice(0, Math.floor(upstream.length / 2)));
            return;
          }
        }
      }
      reply(res, 200, await forward(options.upstream, text));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

async function forward(upstream: string, body: string): Promise<string> {
  const response = await fetch(upstream, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return response.text();
}
