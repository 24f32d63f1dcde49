import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonRpcProvider, Network } from 'ethers';
import { type WebSocket, WebSocketServer } from 'ws';

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

const MAX_BODY_BYTES = 8 * 1024 * 1024;

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

  const answer = async (call: RpcRequest) => {
    if (typeof call.method !== 'string') {
      return { jsonrpc: '2.0', id: call.id ?? null, error: { code: -32600, message: 'Invalid request' } };
    }
    try {
      const params = Array.isArray(call.params) ? call.params : [];
      return { jsonrpc: '2.0', id: call.id ?? null, result: await request(call.method, params) };
    } catch (e) {
      const error = e as { code?: number; message?: string; data?: unknown };
      return {
        jsonrpc: '2.0',
        id: call.id ?? null,
        error: { code: error.code ?? -32603, message: error.message ?? String(e), data: error.data },
      };
    }
  };
  let port = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
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
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', async () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }),
        );
        return;
      }
      const out = Array.isArray(body)
        ? await Promise.all(body.map((c) => answer(c as RpcRequest)))
        : await answer(body as RpcRequest);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
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
    ws.on('message', async (data) => {
      let body: unknown;
      try {
        body = JSON.parse(data.toString());
      } catch {
        ws.send(
          JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }),
        );
        return;
      }
      const one = async (call: RpcRequest) => {
        const out = await answer(call);
        if (call.method === 'eth_subscribe' && 'result' in out && typeof out.result === 'string') {
          subscriptions.add(out.result);
        }
        if (call.method === 'eth_unsubscribe' && Array.isArray(call.params)) {
          subscriptions.delete(String(call.params[0]));
        }
        return out;
      };
      const out = Array.isArray(body)
        ? await Promise.all(body.map((c) => one(c as RpcRequest)))
        : await one(body as RpcRequest);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(out));
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
