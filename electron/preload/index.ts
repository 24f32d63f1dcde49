/**
 * The only thing the renderer gets from the preload: `window.gridkeeper`, a frozen object of three
 * functions. No ipcRenderer, no event objects, no Node: main checks the sender, core validates every
 * input with the api's zod schemas, and main cleans the one request it serves itself (savePdf).
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { type GridkeeperBridge, IPC_EVENT, IPC_INVOKE, IPC_SAVE_PDF } from './bridge';

const bridge = Object.freeze({
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
  on: (event, listener) => {
    if (typeof listener !== 'function') throw new TypeError('gridkeeper.on needs a listener function');
    const wrapped = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as never);
    };
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, wrapped);
    };
  },
  savePdf: (request) => ipcRenderer.invoke(IPC_SAVE_PDF, request),
} satisfies Required<GridkeeperBridge>);

contextBridge.exposeInMainWorld('gridkeeper', bridge);
