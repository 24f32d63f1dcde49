// A WebSocket endpoint offering eth_subscribe('newHeads') for a chain served over HTTP only: it
// watches the real chain's head and notifies subscribers with the real headers, like a node would.
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

type Eip1193 = { request(args: { method: string; params?: unknown[] }): Promise<unknown> };

export async function startNewHeadsSocket(
  eip: Eip1193,
  pollMs = 20,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const subscribers = new Set<{ send(data: string): void }>();
  server.on('connection', (socket) => {
    socket.on('message', (raw) => {
      const request = JSON.parse(String(raw)) as { id: number; method: string; params: unknown[] };
      if (request.method === 'eth_subscribe' && request.params[0] === 'newHeads') {
        subscribers.add(socket);
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: '0x1' }));
      } else
        socket.send(
          JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'not here' } }),
        );
    });
    socket.on('close', () => subscribers.delete(socket));
  });
  let head = Number(await eip.request({ method: 'eth_blockNumber' }));
  const timer = setInterval(async () => {
    const now = Number(await eip.request({ method: 'eth_blockNumber' }));
    if (now === head) return;
    head = now;
    const header = await eip.request({ method: 'eth_getBlockByNumber', params: ['latest', false] });
    const message = JSON.stringify({
      jsonrpc: '2.0',
      method: 'eth_subscription',
      params: { subscription: '0x1', result: header },
    });
    for (const socket of subscribers) socket.send(message);
  }, pollMs);
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      clearInterval(timer);
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
