import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonRpcProvider, Network } from 'ethers';
import { type WebSocket, WebSocketServer } from 'ws';
import { isJsonObject, parseBoundedJson } from '../api';

export interface LocalChainOptions {
  chainId: number;
  /** 0 or absent: a free port. */
  port?: number;
  /** Funded at genesis, so nothing has to be sent around before the first deployment. */
  accounts: { privateKey: string; balance: bigint }[];
  /** The genesis block's time; later blocks follow the wall clock from there (or a set timestamp). */
  initialDate?: Date;
}

export interface LocalChain {
  rpcUrl: string;
  /** The same chain over WebSocket (with `eth_subscribe`). */
  wsUrl: string;
  /** Polls fast: blocks come every few seconds at most, and the devnet's callers wait on receipts. */
  provider: JsonRpcProvider;
  /** A JSON-RPC call straight into the engine (no HTTP): control methods and bulk sends. */
  request(method: string, params?: unknown[]): Promise<unknown>;
  stop(): Promise<void>;
}

interface RpcRequest {
  jsonrpc?: string;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

interface RpcAnswer {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Geth's default: a larger batch would hold the engine (and core's event loop) for seconds. */
const MAX_BATCH_CALLS = 1000;

function rpcError(id: RpcAnswer['id'], code: number, message: string, data?: unknown): RpcAnswer {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}

/**
 * An in-process EDR chain (Hardhat's engine, a runtime dependency: no Hardhat project, no compiler)
 * served over HTTP JSON-RPC on 127.0.0.1. The engine needs a folder with a package.json to call its
 * project root; a throwaway one in the temp folder is enough, nothing is written there.
 */
export async function startLocalChain(options: LocalChainOptions): Promise<LocalChain> {
  const root = mkdtempSync(join(tmpdir(), 'gridkeeper-training-'));
  writeFileSync(join(root, 'package.json'), '{"name":"gridkeeper-training-network","private":true}\n');
  const config = {
    networks: {
      training: {
        type: 'edr-simulated',
        chainId: options.chainId,
        chainType: 'l1',
        // Polygon PoS runs a Cancun EVM; the contracts are compiled for it.
        hardfork: 'cancun',
        accounts: options.accounts.map((a) => ({ privateKey: a.privateKey, balance: a.balance })),
        ...(options.initialDate ? { initialDate: options.initialDate } : {}),
        // Like a real node: a reverted transaction is mined and reported in its receipt, not thrown.
        throwOnTransactionFailures: false,
        throwOnCallFailures: true,
        mining: { auto: true, interval: 0 },
      },
    },
  };
  let connection: Awaited<ReturnType<typeof createEngine>>;
  try {
    connection = await createEngine(config, root);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const engine = connection.provider;
  const request = (method: string, params: unknown[] = []) => engine.request({ method, params });

  const answer = async (call: unknown): Promise<RpcAnswer> => {
    if (!isJsonObject(call)) return rpcError(null, -32600, 'Invalid request: a call is a JSON object');
    const { id: rawId, method, params } = call as RpcRequest;
    const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
    if (typeof method !== 'string') return rpcError(id, -32600, 'Invalid request: no method');
    try {
      return { jsonrpc: '2.0', id, result: await request(method, Array.isArray(params) ? params : []) };
    } catch (e) {
      const error = (e ?? {}) as { code?: number; message?: string; data?: unknown };
      return rpcError(id, error.code ?? -32603, error.message ?? String(e), error.data);
    }
  };
  /** One HTTP body or WebSocket frame: a call or a batch. Bad input gets a JSON-RPC error, never a throw. */
  const answerText = async (
    text: string,
    one: (call: unknown) => Promise<RpcAnswer>,
  ): Promise<RpcAnswer | RpcAnswer[]> => {
    const parsed = parseBoundedJson(text);
    if (!parsed.ok) return rpcError(null, -32700, `Parse error: ${parsed.reason}`);
    if (!Array.isArray(parsed.value)) return one(parsed.value);
    if (parsed.value.length === 0) return rpcError(null, -32600, 'Invalid request: empty batch');
    if (parsed.value.length > MAX_BATCH_CALLS) {
      return rpcError(
        null,
        -32600,
        `Invalid request: a batch of ${parsed.value.length} calls (at most ${MAX_BATCH_CALLS})`,
      );
    }
    return Promise.all(parsed.value.map(one));
  };
  let port = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.on('error', () => {});
    res.on('error', () => {});
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    // Only local programs, not web pages: browsers send an Origin with every cross-site POST, and a
    // rebound DNS name shows in the Host header. (The demo accounts are unlocked on this chain.)
    if (req.headers.origin !== undefined || !isLocalHost(req.headers.host, port)) {
      res.writeHead(403).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else {
        refused = true;
        chunks.length = 0;
        const reply = rpcError(null, -32600, `Invalid request: body over ${MAX_BODY_BYTES} bytes`);
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify(reply), () => req.destroy());
      }
    });
    req.on('end', () => {
      if (refused) return;
      void answerText(Buffer.concat(chunks).toString('utf8'), answer)
        .then((out) => {
          const failed = !Array.isArray(out) && out.error?.code === -32700;
          res.writeHead(failed ? 400 : 200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(out));
        })
        .catch((error) => {
          // Only a bug gets here (answer never throws): say so rather than take the chain down.
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify(rpcError(null, -32603, `Internal error: ${String(error)}`)));
        });
    });
  });
  // WebSocket on the same port, for `eth_subscribe('newHeads')`: the engine pushes notifications.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  server.on('upgrade', (req, socket, head) => {
    if (req.headers.origin !== undefined || !isLocalHost(req.headers.host, port)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveWebSocket(ws));
  });
  const serveWebSocket = (ws: WebSocket) => {
    const subscriptions = new Set<string>();
    const notify = (payload: { subscription: string }) => {
      if (subscriptions.has(payload.subscription) && ws.readyState === ws.OPEN) {
        ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'eth_subscription', params: payload }));
      }
    };
    engine.on('notification', notify);
    // Oversized frames and protocol errors: `ws` reports them here and closes the socket.
    ws.on('error', () => ws.terminate());
    const one = async (call: unknown) => {
      const out = await answer(call);
      const { method, params } = (isJsonObject(call) ? call : {}) as RpcRequest;
      if (method === 'eth_subscribe' && typeof out.result === 'string') subscriptions.add(out.result);
      if (method === 'eth_unsubscribe' && Array.isArray(params)) subscriptions.delete(String(params[0]));
      return out;
    };
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      void answerText(text, one)
        .catch((error) => rpcError(null, -32603, `Internal error: ${String(error)}`))
        .then((out) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(out));
        });
    });
    ws.on('close', () => {
      engine.removeListener('notification', notify);
      for (const id of subscriptions) void request('eth_unsubscribe', [id]).catch(() => undefined);
    });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await connection.close();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  const rpcUrl = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}`;
  const provider = new JsonRpcProvider(rpcUrl, Network.from(options.chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 250,
  });

  let stopped: Promise<void> | null = null;
  return {
    rpcUrl,
    wsUrl,
    provider,
    request,
    stop: () => {
      stopped ??= (async () => {
        provider.destroy();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await request('evm_setIntervalMining', [0]).catch(() => undefined);
        await connection.close();
        rmSync(root, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

async function createEngine(config: object, root: string) {
  const { createHardhatRuntimeEnvironment } = await import('hardhat/hre');
  const hre = await createHardhatRuntimeEnvironment(config as never, {}, root);
  return hre.network.create('training');
}

function isLocalHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}
