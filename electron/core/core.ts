// The main-process core, free of Electron: what the app shell and the dev host both start.
import type { VirtdeckEvent } from '../../preload/contract/model';
import type { Settings } from '../../preload/contract/settings';
import type { StatsService } from '../../preload/contract/stats';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { fileHostConfig, type HostConfigStore } from './hosts/host-config';
import { createVmLifecycleExtService } from './backup/vm-lifecycle-ext-service';
import { guardedStorage, guardedVmLifecycle } from './files/guarded-storage';
import { PathGrants, type FilePicker } from './files/path-grants';
import { createHardwareService } from './hardware';
import { HostManager } from './hosts/host-manager';
import { JobRegistry } from './jobs/job-registry';
import { PrometheusExporter } from './monitoring/prometheus-exporter';
import type { SecretStore } from './secrets/secret-store';
import { fileSettings, memorySettings, SettingsStore } from './settings/settings-store';
import { NetworkServiceImpl } from './networks/network-service';
import { createSnapshotsService } from './snapshots/snapshot-service';
import { StatsEngine } from './stats';
import { StorageServiceImpl } from './storage/storage-service';
import { EventHub } from './util/event-hub';
import { createVmsService } from './vms/vms-service';

export interface CoreOptions {
  /** Where hosts.json and settings.json live (Electron: app.getPath('userData')); none keeps settings in memory. */
  configDir?: string;
  /** Overrides configDir for hosts: tests and the dev host keep hosts in memory. */
  hostConfig?: HostConfigStore;
  /** Remembered secrets; the app passes a safeStorage-backed store (default: memory only). */
  secrets?: SecretStore;
  /** The OS file dialog (Electron shell) or the dev host's stand-in; default: nothing can be picked. */
  filePicker?: FilePicker;
}

export interface Core {
  dispatch: Dispatch;
  onEvent(listener: (event: VirtdeckEvent) => void): () => void;
  hosts: HostManager;
  jobs: JobRegistry;
  stats: StatsEngine;
  settings: SettingsStore;
  dispose(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const events = new EventHub<VirtdeckEvent>();
  const settings = await SettingsStore.load(options.configDir ? fileSettings(options.configDir) : memorySettings());
  const hosts = await HostManager.load(options.hostConfig ?? fileHostConfig(options.configDir ?? '.'), { secrets: options.secrets });
  const jobs = new JobRegistry((e) => events.emit(e));
  const prometheus = new PrometheusExporter({ host: (id) => hosts.hostName(id), vm: (id, uuid) => hosts.vm(id, uuid)?.name });
  const stats = new StatsEngine({
    resolveClient: (id) => hosts.clientFor(id),
    intervalMs: settings.value.stats.intervalMs,
    groups: settings.value.stats.groups,
    emit: (e) => {
      events.emit(e);
      prometheus.onStats(e);
    },
  });

  // Only connected hosts are polled; a host that drops stops being polled until it is back.
  hosts.events.on((e) => {
    events.emit(e);
    if (e.type === 'host-status') {
      if (e.status.state === 'connected') stats.addHost(e.hostId);
      else stats.removeHost(e.hostId);
    } else if (e.type === 'host-removed') {
      stats.removeHost(e.hostId);
      prometheus.forgetHost(e.hostId);
    }
  });

  const applyMonitoring = async (s: Settings) => {
    if (!s.monitoring.prometheus) return prometheus.close();
    if (prometheus.port === s.monitoring.prometheusPort) return;
    await prometheus.listen(s.monitoring.prometheusPort).catch((err: Error) => console.error(`[virtdeck] Prometheus endpoint: ${err.message}`));
  };
  settings.onChange((e) => {
    stats.setIntervalMs(e.settings.stats.intervalMs);
    stats.setGroups(e.settings.stats.groups);
    void applyMonitoring(e.settings);
    events.emit(e);
  });
  await applyMonitoring(settings.value);

  // The interval and groups are preferences: changing them through the stats service persists them.
  const statsService: StatsService = {
    ...stats.service,
    setInterval: async (ms) => void (await settings.service.update({ stats: { intervalMs: ms } })),
    setGroups: async (groups) => void (await settings.service.update({ stats: { groups } })),
  };

  const resolve = (id: string) => hosts.clientFor(id);
  const grants = new PathGrants(options.filePicker ?? { pick: async () => null });
  const storage = guardedStorage(new StorageServiceImpl(resolve, { jobs }), grants);
  const dispatch = createDispatcher({
    hosts: hosts.hosts,
    vms: createVmsService(hosts),
    jobs: jobs.service,
    stats: statsService,
    settings: settings.service,
    storage,
    networks: new NetworkServiceImpl(resolve, { hostUri: (id) => hosts.hostUri(id) }),
    hardware: createHardwareService(resolve, jobs),
    files: grants.service,
    snapshots: createSnapshotsService(resolve),
    vmLifecycle: guardedVmLifecycle(createVmLifecycleExtService({ resolve, jobs, hostUri: (id) => hosts.hostUri(id) }), grants),
  });
  stats.start();
  void hosts.autoconnect();
  return {
    dispatch,
    hosts,
    jobs,
    stats,
    settings,
    onEvent: (listener) => events.on(listener),
    dispose: async () => {
      jobs.cancelAll();
      await stats.stop();
      await prometheus.close();
      await hosts.dispose();
    },
  };
}
