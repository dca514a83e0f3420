// All saved hosts and their sessions; implements the hosts and vms services of the contract.
import type { HostSummary, VirtdeckEvent, VmSummary } from '../../../preload/contract/model';
import type { HostsService } from '../../../preload/contract/services';
import type { LibvirtClient } from '../../libvirt';
import { ApiError } from '../api/api-error';
import type { SecretStore } from '../secrets/secret-store';
import { EventHub } from '../util/event-hub';
import { AuthPrompts } from './auth-prompts';
import { newHostId, type HostConfigStore, type SavedHost } from './host-config';
import { HostSession } from './host-session';
import { defaultLocalHosts, probeLocalLibvirt, type LocalLibvirt } from './local-libvirt';

export interface HostManagerOptions {
  /** First start only: what local libvirt to add (default: probe this machine). */
  local?: LocalLibvirt;
  /** Reconnect delays (tests shorten them). */
  backoff?: (attempt: number) => number;
  /** Remembered SSH passwords/passphrases (default: this run only). */
  secrets?: SecretStore;
}

export class HostManager {
  private readonly sessions = new Map<string, HostSession>();
  readonly events = new EventHub<VirtdeckEvent>();
  private readonly prompts: AuthPrompts;

  private constructor(
    private readonly config: HostConfigStore,
    private readonly options: HostManagerOptions,
  ) {
    this.prompts = new AuthPrompts((e) => this.events.emit(e), options.secrets);
  }

  static async load(config: HostConfigStore, options: HostManagerOptions = {}): Promise<HostManager> {
    const manager = new HostManager(config, options);
    let saved = await config.load();
    if (saved === null) {
      saved = defaultLocalHosts(options.local ?? probeLocalLibvirt());
      await config.save(saved);
    }
    for (const host of saved) manager.addSession(host);
    return manager;
  }

  /** Connects every host marked autoconnect; failures show up as host status, not exceptions. */
  async autoconnect(): Promise<void> {
    await Promise.all(
      [...this.sessions.values()].filter((s) => s.saved.autoconnect).map((s) => s.connect().catch(() => undefined)),
    );
  }

  readonly hosts: HostsService = {
    list: async () => this.summaries(),
    add: async ({ name, uri, autoconnect }) => {
      const saved: SavedHost = { id: newHostId(), name, uri, autoconnect };
      await this.config.save([...this.savedHosts(), saved]);
      const session = this.addSession(saved);
      this.events.emit({ type: 'host-added', host: session.summary() });
      // Connecting can take long (SSH prompts, slow hosts): its progress arrives as host-status events.
      if (autoconnect) void session.connect().catch(() => undefined);
      return session.summary();
    },
    update: async (hostId, changes) => {
      const session = this.session(hostId);
      const next = this.savedHosts().map((h) => (h.id === hostId ? { ...h, ...changes } : h));
      await this.config.save(next);
      session.rename(changes);
      this.events.emit({ type: 'host-updated', host: session.summary() });
      return session.summary();
    },
    remove: async (hostId) => {
      const session = this.session(hostId);
      await this.config.save(this.savedHosts().filter((h) => h.id !== hostId));
      this.sessions.delete(hostId);
      await session.disconnect();
      this.events.emit({ type: 'host-removed', hostId });
    },
    connect: async (hostId) => this.session(hostId).connect(),
    disconnect: async (hostId) => this.session(hostId).disconnect(),
    answerPrompt: async (promptId, answer) => this.prompts.answer(promptId, answer),
  };

  /** VMs of one host or of all, from the live inventories (no libvirt call). */
  listVms(hostId?: string): VmSummary[] {
    const sessions = hostId ? [this.session(hostId)] : [...this.sessions.values()];
    return sessions.flatMap((s) => s.vms());
  }

  /** One VM from the live inventory (no libvirt call), e.g. to name it in metrics. */
  vm(hostId: string, uuid: string): VmSummary | undefined {
    return this.sessions.get(hostId)?.vm(uuid);
  }

  async refreshVm(hostId: string, uuid: string): Promise<void> {
    await this.session(hostId).refreshVm(uuid);
  }

  hostUri(hostId: string): string | undefined {
    return this.sessions.get(hostId)?.saved.uri;
  }

  hostName(hostId: string): string | undefined {
    return this.sessions.get(hostId)?.saved.name;
  }

  /** The connected client of a host: how every service reaches libvirt. */
  clientFor(hostId: string): LibvirtClient {
    return this.session(hostId).requireClient();
  }

  summaries(): HostSummary[] {
    return [...this.sessions.values()].map((s) => s.summary());
  }

  async dispose(): Promise<void> {
    this.prompts.cancelAll();
    await Promise.all([...this.sessions.values()].map((s) => s.disconnect()));
  }

  private addSession(saved: SavedHost): HostSession {
    const hostId = saved.id;
    const session = new HostSession(
      saved,
      {
        status: (status) => this.events.emit({ type: 'host-status', hostId, status }),
        inventory: (change) =>
          this.events.emit(
            change.kind === 'updated' ? { type: 'vm-updated', vm: change.vm } : { type: 'vm-removed', hostId, uuid: change.uuid },
          ),
        objects: (change) => this.events.emit({ type: 'host-objects-changed', hostId, ...change }),
        connectOptions: (onWaiting) => ({
          ssh: this.prompts.sshCallbacks(hostId, onWaiting),
          sasl: this.prompts.saslCallbacks(hostId, saved.uri, onWaiting),
        }),
      },
      this.options.backoff,
    );
    this.sessions.set(hostId, session);
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
