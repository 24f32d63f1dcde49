import type { ChildProcess } from 'node:child_process';
import type { Endpoint } from './protocol';

/** The host's end of a core process started with `child_process.fork` (the preview server, tests). */
export function childProcessEndpoint<Out, In>(child: ChildProcess): Endpoint<Out, In> {
  return {
    send(message) {
      if (child.connected) child.send(message as object);
    },
    onMessage(listener) {
      child.on('message', (message) => listener(message as In));
    },
    onClose(listener) {
      child.once('exit', (code, signal) => listener({ code, signal }));
    },
  };
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * The core process's end towards its host: Electron's `process.parentPort` in a utility process,
 * Node's IPC channel under `child_process.fork`. Core never imports electron, so it only looks.
 */
export function parentEndpoint<Out, In>(): Endpoint<Out, In> {
  const parentPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as In)),
      // A utility process is killed with its parent; there is no disconnect to observe.
      onClose: () => {},
    };
  }
  if (!process.send) throw new Error('The core process must be started by a host (no IPC channel to it).');
  return {
    send(message) {
      if (process.connected) process.send?.(message);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as In)),
    onClose: (listener) => process.once('disconnect', () => listener({ code: null })),
  };
}
