// A host's domains, kept in step with libvirt by lifecycle events instead of periodic re-listing:
// one full listing when the connection opens (or reopens), then one targeted refresh per event.
import type { VmOs, VmSummary } from '../../../preload/contract/model';
import { LibvirtError, type EventSubscription, type LibvirtClient, type remote_nonnull_domain } from '../../libvirt';
import { domainStateName } from './domain-state';
import { LIBOSINFO_NS, libosinfoIdFromMetadata, osFromLibosinfoId } from './os-info';
import { readLabels } from './vm-labels';
import { uuidToString } from '../util/uuid';

// virConnectListAllDomainsFlags: 0 lists every domain, active or not.
const LIST_ALL = 0;

export type InventoryChange = { kind: 'updated'; vm: VmSummary } | { kind: 'removed'; uuid: string };

// virDomainMetadataType
const METADATA_TITLE = 1;
const METADATA_ELEMENT = 2;

async function title(client: LibvirtClient, dom: remote_nonnull_domain): Promise<string> {
  try {
    return (await client.call('DOMAIN_GET_METADATA', { dom, type: METADATA_TITLE, uri: null, flags: 0 })).metadata;
  } catch (err) {
    if (err instanceof LibvirtError && err.codeName === 'VIR_ERR_NO_DOMAIN_METADATA') return '';
    throw err;
  }
}

/** The guest OS virt-install & co. recorded in <metadata> (libosinfo's namespace), or null. */
async function guestOs(client: LibvirtClient, dom: remote_nonnull_domain): Promise<VmOs | null> {
  try {
    const { metadata } = await client.call('DOMAIN_GET_METADATA', { dom, type: METADATA_ELEMENT, uri: LIBOSINFO_NS, flags: 0 });
    const id = libosinfoIdFromMetadata(metadata);
    return id === null ? null : osFromLibosinfoId(id);
  } catch (err) {
    if (err instanceof LibvirtError && err.codeName === 'VIR_ERR_NO_DOMAIN_METADATA') return null;
    throw err;
  }
}

/** One domain's summary: a handful of cheap calls, pipelined. */
async function describe(client: LibvirtClient, hostId: string, dom: remote_nonnull_domain): Promise<VmSummary> {
  const [info, { persistent }, { autostart }, vmTitle, labels, os] = await Promise.all([
    client.call('DOMAIN_GET_INFO', { dom }),
    client.call('DOMAIN_IS_PERSISTENT', { dom }),
    client.call('DOMAIN_GET_AUTOSTART', { dom }),
    title(client, dom),
    readLabels(client, dom),
    guestOs(client, dom),
  ]);
  return {
    hostId,
    uuid: uuidToString(dom.uuid),
    name: dom.name,
    id: dom.id >= 0 ? dom.id : null,
    state: domainStateName(info.state),
    vcpus: info.nrVirtCpu,
    memoryKiB: Number(info.memory),
    maxMemoryKiB: Number(info.maxMem),
    persistent: persistent !== 0,
    title: vmTitle,
    autostart: autostart !== 0,
    group: labels.group,
    tags: labels.tags,
    os,
  };
}

export class VmInventory {
  private readonly vms = new Map<string, VmSummary>();
  private subscriptions: EventSubscription[] = [];

  constructor(
    private readonly client: LibvirtClient,
    private readonly hostId: string,
    private readonly onChange: (change: InventoryChange) => void,
  ) {}

  /** Subscribes first, then lists, so no change between the two is missed. */
  async start(): Promise<void> {
    const onError = (err: unknown) => console.error('[virtdeck] inventory refresh failed:', err);
    this.subscriptions = await Promise.all([
      this.client.events.onDomain('lifecycle', (e) => this.refresh(e.msg.dom), { onError }),
      // Title/description, labels and libosinfo edits arrive as metadata changes (libvirt ≥ 3.0).
      this.client.events.onDomain('metadata-change', (e) => this.refresh(e.dom), { onError }),
    ]);
    const { domains } = await this.client.call('CONNECT_LIST_ALL_DOMAINS', { need_results: 1, flags: LIST_ALL });
    const listed = await Promise.all(domains.map((dom) => describe(this.client, this.hostId, dom)));
    this.vms.clear();
    for (const vm of listed) this.vms.set(vm.uuid, vm);
  }

  async stop(): Promise<void> {
    const subs = this.subscriptions;
    this.subscriptions = [];
    await Promise.all(subs.map((s) => s.unsubscribe().catch(() => undefined)));
  }

  list(): VmSummary[] {
    return [...this.vms.values()];
  }

  get(uuid: string): VmSummary | undefined {
    return this.vms.get(uuid);
  }

  /**
   * Re-reads one domain after an event, or after a change libvirt sends no event for (autostart);
   * a domain that is gone (undefined, transient stopped) is dropped.
   */
  async refresh(dom: Pick<remote_nonnull_domain, 'uuid'> & Partial<remote_nonnull_domain>): Promise<void> {
    const uuid = uuidToString(dom.uuid);
    try {
      const { dom: current } = await this.client.call('DOMAIN_LOOKUP_BY_UUID', { uuid: dom.uuid });
      const vm = await describe(this.client, this.hostId, current);
      this.vms.set(uuid, vm);
      this.onChange({ kind: 'updated', vm });
    } catch (err) {
      if (!(err instanceof LibvirtError && err.codeName === 'VIR_ERR_NO_DOMAIN')) throw err;
      if (this.vms.delete(uuid)) this.onChange({ kind: 'removed', uuid });
    }
  }
}
