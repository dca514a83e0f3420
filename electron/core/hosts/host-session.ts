// One saved host's live connection: opens it, tracks its status, and answers for its VMs.
import type { HostStatus, HostSummary, VmSummary } from '../../../preload/contract/model';
import { connect, type LibvirtClient } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { listVms } from '../vms/vm-inventory';
import type { SavedHost } from './host-config';

export interface HostSessionEvents {
  status(status: HostStatus): void;
}

export class HostSession {
  private client: LibvirtClient | null = null;
  private statusValue: HostStatus = { state: 'disconnected' };
  private facts: { hostname?: string; hypervisor?: string } = {};
  private opening: Promise<void> | null = null;

  constructor(
    readonly saved: SavedHost,
    private readonly onStatus: (status: HostStatus) => void,
  ) {}

  get status(): HostStatus {
    return this.statusValue;
  }

  summary(): HostSummary {
    return { id: this.saved.id, name: this.saved.name, uri: this.saved.uri, status: this.statusValue, ...this.facts };
  }

  /** Connects once; concurrent callers share the attempt. Failure is a status, and is rethrown. */
  connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.opening ??= this.open().finally(() => (this.opening = null));
    return this.opening;
  }

  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.setStatus({ state: 'disconnected' });
    await client?.close();
  }

  /** The live client, or a clear error when the host is not connected. */
  requireClient(): LibvirtClient {
    if (!this.client) throw new ApiError('HOST_NOT_CONNECTED', `${this.saved.name} is not connected`);
    return this.client;
  }

  async vms(): Promise<VmSummary[]> {
    if (!this.client) return [];
    return listVms(this.client, this.saved.id);
  }

  private async open(): Promise<void> {
    this.setStatus({ state: 'connecting' });
    try {
      const client = await connect(this.saved.uri);
      const [{ hostname }, { type }] = await Promise.all([
        client.call('CONNECT_GET_HOSTNAME', undefined),
        client.call('CONNECT_GET_TYPE', undefined),
      ]);
      this.facts = { hostname, hypervisor: type };
      client.once('close', (reason?: Error) => {
        if (this.client !== client) return;
        this.client = null;
        this.setStatus({ state: 'failed', reason: reason?.message ?? 'connection closed' });
      });
      this.client = client;
      this.setStatus({ state: 'connected' });
    } catch (err) {
      this.setStatus({ state: 'failed', reason: (err as Error).message });
      throw err;
    }
  }

  private setStatus(status: HostStatus) {
    this.statusValue = status;
    this.onStatus(status);
  }
}
