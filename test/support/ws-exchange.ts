import type WebSocket from 'ws';

/** Sends one frame; resolves with its parsed reply, or 'closed' when the server closes the socket on it. */
export function exchange(ws: WebSocket, frame: string): Promise<unknown> {
  return new Promise((resolve) => {
    const done = (value: unknown) => {
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(value);
    };
    const onMessage = (data: WebSocket.RawData) => done(JSON.parse(String(data)));
    const onClose = () => done('closed');
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.send(frame);
  });
}
