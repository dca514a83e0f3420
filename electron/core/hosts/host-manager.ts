// All saved hosts and their sessions; implements the hosts and vms services of the contract.
import type { HostSummary, VirtdeckEvent, VmSummary } from '../../../preload/contract/model';
import type { HostsService, VmsService } from '../../../preload/contract/services';
import type { LibvirtClient } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { EventHub } from '../util/event-hub';
import { newHostId, type HostConfigStore, type SavedHost } from './host-config';
import { HostSession } from './host-session';

export class HostManager {
  private readonly sessions = new Map<string, HostSession>();
  readonly events = new EventHub<VirtdeckEvent>();

  private constructor(private readonly config: HostConfigStore) {}

  static async load(config: HostConfigStore): Promise<HostManager> {
    const manager = new HostManager(config);
    for (const saved of await config.load()) manager.addSession(saved);
    return manager;
  }

  /** Connects every host marked autoconnect; failures show up as host status, not exceptions. */
  async autoconnect(): Promise<void> {
    await Promise.all(
      [...this.sessions.values()].filter((s) => s.saved.autoconnect).map((s) => s.connect().catch(() => undefined)),
    );
  }

  readonly hosts: HostsService = {
    list: async () => [...this.sessions.values()].map((s) => s.summary()),
    add: async ({ name, uri, autoconnect }) => {
      const saved: SavedHost = { id: newHostId(), name, uri, autoconnect };
      await this.config.save([...this.savedHosts(), saved]);
      const session = this.addSession(saved);
      this.events.emit({ type: 'host-added', host: session.summary() });
      if (autoconnect) await session.connect().catch(() => undefined);
      return session.summary();
    },
    remove: async (hostId) => {
      const session = this.session(hostId);
      await this.config.save(this.savedHosts().filter((h) => h.id !== hostId));
      this.sessions.delete(hostId);
      await session.disconnect();
      this.events.emit({ type: 'host-removed', hostId });
    },
    connect: async (hostId) => {
      const session = this.session(hostId);
      await session.connect();
      for (const vm of await session.vms()) this.events.emit({ type: 'vm-updated', vm });
    },
    disconnect: async (hostId) => this.session(hostId).disconnect(),
  };

  readonly vms: VmsService = {
    list: async (hostId?: string) => {
      const sessions = hostId ? [this.session(hostId)] : [...this.sessions.values()];
      const lists = await Promise.all(sessions.map((s) => s.vms()));
      return lists.flat() as VmSummary[];
    },
  };

  async dispose(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.disconnect()));
  }

  /** The connected client of a host: how every service reaches libvirt. */
  clientFor(hostId: string): LibvirtClient {
    return this.session(hostId).requireClient();
  }

  summaries(): HostSummary[] {
    return [...this.sessions.values()].map((s) => s.summary());
  }

  private addSession(saved: SavedHost): HostSession {
    const session = new HostSession(saved, (status) =>
      this.events.emit({ type: 'host-status', hostId: saved.id, status }),
    );
    this.sessions.set(saved.id, session);
    return session;
  }

  private savedHosts(): SavedHost[] {
    return [...this.sessions.values()].map((s) => s.saved);
  }

  private session(hostId: string): HostSession {
    const session = this.sessions.get(hostId);
    if (!session) throw new ApiError('NO_HOST', `no saved host with id ${hostId}`);
    return session;
  }
}
