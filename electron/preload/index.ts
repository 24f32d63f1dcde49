import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { type GridkeeperBridge, IPC_EVENT, IPC_INVOKE } from './bridge';

const bridge = Object.freeze({
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
  on: (event, listener) => {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload as never);
    };
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT, wrapped);
  },
} satisfies GridkeeperBridge);

contextBridge.exposeInMainWorld('gridkeeper', bridge);
