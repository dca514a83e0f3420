// The main-process core, free of Electron: what the app shell and the dev host both start.
import type { VirtdeckEvent } from '../../preload/contract/model';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { fileHostConfig, type HostConfigStore } from './hosts/host-config';
import { HostManager } from './hosts/host-manager';
import { createVmsService } from './vms/vms-service';

export interface CoreOptions {
  /** Where hosts.json lives (Electron: app.getPath('userData')). */
  configDir?: string;
  /** Overrides configDir: tests and the dev host keep hosts in memory. */
  hostConfig?: HostConfigStore;
}

export interface Core {
  dispatch: Dispatch;
  onEvent(listener: (event: VirtdeckEvent) => void): () => void;
  hosts: HostManager;
  dispose(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const config = options.hostConfig ?? fileHostConfig(options.configDir ?? '.');
  const hosts = await HostManager.load(config);
  const dispatch = createDispatcher({ hosts: hosts.hosts, vms: createVmsService(hosts) });
  void hosts.autoconnect();
  return {
    dispatch,
    hosts,
    onEvent: (listener) => hosts.events.on(listener),
    dispose: () => hosts.dispose(),
  };
}
