// One saved host's live connection: opens it, keeps its VM inventory in step by events, and when
// the connection drops (daemon restart, network loss) reconnects with capped backoff and resyncs.
import type { HostStatus, HostSummary, VmSummary } from '../../../preload/contract/model';
import { connect, type ConnectOptions, type LibvirtClient } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { VmInventory, type InventoryChange } from '../vms/vm-inventory';
import { uuidToBytes } from '../util/uuid';
import { backoffDelayMs } from './backoff';
import { watchHostObjects, type ObjectChange } from './object-watch';
import type { SavedHost } from './host-config';

export interface HostSessionHooks {
  status(status: HostStatus): void;
  inventory(change: InventoryChange): void;
  /** A network or storage pool of this host changed (defined, started, refreshed…). */
  objects(change: ObjectChange): void;
  /** Transport options for this host (SSH prompts, TLS settings), made fresh per attempt. */
  connectOptions(onWaiting: (what: string | null) => void): ConnectOptions;
}

export class HostSession {
  private client: LibvirtClient | null = null;
  private inventory: VmInventory | null = null;
  private statusValue: HostStatus = { state: 'disconnected' };
  private facts: { hostname?: string; hypervisor?: string } = {};
  private opening: Promise<void> | null = null;
  /** The user wants this host connected: drives reconnects. */
  private wanted = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;

  constructor(
    readonly saved: SavedHost,
    private readonly hooks: HostSessionHooks,
    private readonly backoff: (attempt: number) => number = backoffDelayMs,
  ) {}

  get status(): HostStatus {
    return this.statusValue;
  }

  summary(): HostSummary {
    return { id: this.saved.id, name: this.saved.name, uri: this.saved.uri, status: this.statusValue, ...this.facts };
  }

  /** Connects once; concurrent callers share the attempt. Failure is a status, and is rethrown. */
  connect(): Promise<void> {
    this.wanted = true;
    this.cancelRetry();
    if (this.client) return Promise.resolve();
    this.opening ??= this.open().finally(() => (this.opening = null));
    return this.opening;
  }

  async disconnect(): Promise<void> {
    this.wanted = false;
    this.cancelRetry();
    await this.opening?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await this.inventory?.stop();
    this.inventory = null;
    this.setStatus({ state: 'disconnected' });
    await client?.close().catch(() => undefined);
  }

  /** The live client, or a clear error when the host is not connected. */
  requireClient(): LibvirtClient {
    if (!this.client) throw new ApiError('HOST_NOT_CONNECTED', `${this.saved.name} is not connected`);
    return this.client;
  }

  vms(): VmSummary[] {
    return this.inventory?.list() ?? [];
  }

  vm(uuid: string): VmSummary | undefined {
    return this.inventory?.get(uuid);
  }

  /** Re-reads one VM after a change libvirt announces with no event (autostart). */
  async refreshVm(uuid: string): Promise<void> {
    await this.inventory?.refresh({ uuid: uuidToBytes(uuid) });
  }

  /** Name and autoconnect can change in place; the URI is the host's identity. */
  rename(changes: { name?: string; autoconnect?: boolean }): void {
    Object.assign(this.saved, changes);
  }

  private async open(): Promise<void> {
    if (this.statusValue.state !== 'reconnecting') this.setStatus({ state: 'connecting' });
    const waiting = (what: string | null) =>
      this.setStatus(what ? { state: 'needs-auth', prompt: what } : { state: 'connecting' });
    let client: LibvirtClient | null = null;
    try {
      client = await connect(this.saved.uri, this.hooks.connectOptions(waiting));
      const [{ hostname }, { type }] = await Promise.all([
        client.call('CONNECT_GET_HOSTNAME', undefined),
        client.call('CONNECT_GET_TYPE', undefined),
      ]);
      const before = new Set(this.vms().map((vm) => vm.uuid));
      const inventory = new VmInventory(client, this.saved.id, (change) => this.hooks.inventory(change));
      await inventory.start();
      // Events die with the connection; each (re)connect subscribes afresh.
      await watchHostObjects(client, (change) => this.hooks.objects(change));
      if (!this.wanted) {
        // disconnect() was called while we were opening.
        await client.close().catch(() => undefined);
        return;
      }
      this.facts = { hostname, hypervisor: type };
      this.client = client;
      this.inventory = inventory;
      this.attempt = 0;
      client.once('close', (reason?: Error) => this.onClosed(client!, reason));
      this.setStatus({ state: 'connected' });
      // After a reconnect, bring the renderer's copy in line with what the host now holds.
      const now = inventory.list();
      for (const vm of now) this.hooks.inventory({ kind: 'updated', vm });
      for (const uuid of before) if (!now.some((vm) => vm.uuid === uuid)) this.hooks.inventory({ kind: 'removed', uuid });
    } catch (err) {
      client?.destroy('open failed');
      if (this.statusValue.state === 'reconnecting' || this.attempt > 0) this.scheduleRetry((err as Error).message);
      else this.setStatus({ state: 'failed', reason: (err as Error).message });
      throw err;
    }
  }

  private onClosed(client: LibvirtClient, reason?: Error): void {
    if (this.client !== client) return;
    this.client = null;
    void this.inventory?.stop();
    if (!this.wanted || !reason) {
      this.setStatus({ state: 'disconnected' });
      return;
    }
    this.scheduleRetry(reason.message);
  }

  private scheduleRetry(lastError: string): void {
    if (!this.wanted) return;
    this.attempt++;
    const nextInMs = this.backoff(this.attempt);
    console.warn(`[virtdeck] ${this.saved.name}: connection lost (${lastError}); retry ${this.attempt} in ${nextInMs} ms`);
    this.setStatus({ state: 'reconnecting', attempt: this.attempt, nextInMs });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.wanted || this.client) return;
      this.opening ??= this.open()
        .catch(() => undefined)
        .finally(() => (this.opening = null));
    }, nextInMs);
    this.retryTimer.unref();
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setStatus(status: HostStatus) {
    this.statusValue = status;
    this.hooks.status(status);
  }
}
