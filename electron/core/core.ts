// The main-process core, free of Electron: what the app shell and the dev host both start.
import type { VirtdeckEvent } from '../../preload/contract/model';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { fileHostConfig, type HostConfigStore } from './hosts/host-config';
import { HostManager } from './hosts/host-manager';
import { JobRegistry } from './jobs/job-registry';
import type { SecretStore } from './secrets/secret-store';
import { EventHub } from './util/event-hub';
import { createVmsService } from './vms/vms-service';

export interface CoreOptions {
  /** Where hosts.json lives (Electron: app.getPath('userData')). */
  configDir?: string;
  /** Overrides configDir: tests and the dev host keep hosts in memory. */
  hostConfig?: HostConfigStore;
  /** Remembered secrets; the app passes a safeStorage-backed store (default: memory only). */
  secrets?: SecretStore;
}

export interface Core {
  dispatch: Dispatch;
  onEvent(listener: (event: VirtdeckEvent) => void): () => void;
  hosts: HostManager;
  jobs: JobRegistry;
  dispose(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const events = new EventHub<VirtdeckEvent>();
  const config = options.hostConfig ?? fileHostConfig(options.configDir ?? '.');
  const hosts = await HostManager.load(config, { secrets: options.secrets });
  hosts.events.on((e) => events.emit(e));
  const jobs = new JobRegistry((e) => events.emit(e));
  const dispatch = createDispatcher({ hosts: hosts.hosts, vms: createVmsService(hosts), jobs: jobs.service });
  void hosts.autoconnect();
  return {
    dispatch,
    hosts,
    jobs,
    onEvent: (listener) => events.on(listener),
    dispose: async () => {
      jobs.cancelAll();
      await hosts.dispose();
    },
  };
}
