// Runs sandboxed in the renderer's isolated world. Exposes exactly the VirtdeckBridge: a generic
// invoke and an event subscription. ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type VirtdeckBridge } from './contract/bridge';
import type { VirtdeckEvent } from './contract/model';

const bridge: VirtdeckBridge = {
  invoke: (service, method, args) => ipcRenderer.invoke(IPC_INVOKE, service, method, args),
  onEvent(listener) {
    const wrapped = (_e: IpcRendererEvent, event: VirtdeckEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT, wrapped);
  },
};

contextBridge.exposeInMainWorld('virtdeck', bridge);
