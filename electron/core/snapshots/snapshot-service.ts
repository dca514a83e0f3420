// The snapshots service: tree listing, create, revert and delete through libvirt, with every
// revert/delete judged by chain-safety.ts first (refusals are ApiError SNAPSHOT_UNSAFE).
import type {
  CreateSnapshotSpec,
  DeleteSnapshotOptions,
  RevertOptions,
  SnapshotAction,
  SnapshotCheck,
  SnapshotInfo,
  SnapshotNode,
  SnapshotTree,
  SnapshotsService,
} from '../../../preload/contract/snapshots';
import type { LibvirtClient, remote_nonnull_domain } from '../../libvirt';
import { ApiError } from '../api/api-error';
import type { ClientResolver } from '../hosts/client-resolver';
import { checkCreate, checkDelete, checkRevert, supportFor, type ChainModel } from './chain-safety';
import {
  XML_INACTIVE,
  domainDisks,
  domainState,
  formatVersion,
  isLibvirtCode,
  libvirtVersion,
  listSnapshots,
  lookupDomain,
  resolveVolumeDisks,
  scanHostDisks,
  type DomainDisk,
} from './host-disks';
import { externalSnapshotXml, internalSnapshotXml, parseSnapshotXml, type ParsedSnapshot } from './snapshot-xml';

// virDomainSnapshotCreateFlags
const CREATE_DISK_ONLY = 16;
const CREATE_QUIESCE = 64;
const CREATE_ATOMIC = 128;
// virDomainSnapshotRevertFlags
const REVERT_RUNNING = 1;
const REVERT_PAUSED = 2;
// virDomainSnapshotDeleteFlags
const DELETE_CHILDREN = 1;
const DELETE_METADATA_ONLY = 2;

export function buildTree(snaps: ParsedSnapshot[], current: string | null): SnapshotNode[] {
  const nodes = new Map<string, SnapshotNode>();
  for (const s of snaps) {
    const { memory: _memory, ...info } = s;
    nodes.set(s.name, { ...info, current: s.name === current, children: [] });
  }
  const roots: SnapshotNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parent ? nodes.get(n.parent) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const sort = (list: SnapshotNode[]) => {
    list.sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

export class SnapshotOperations implements SnapshotsService {
  constructor(
    private readonly resolve: ClientResolver,
    private readonly log: (line: string) => void = (l) => console.info(l),
  ) {}

  async list(hostId: string, uuid: string): Promise<SnapshotTree> {
    const client = this.resolve(hostId);
    const dom = await lookupDomain(client, uuid);
    const [snaps, current, version] = await Promise.all([listSnapshots(client, dom), currentName(client, dom), libvirtVersion(client)]);
    const caps = supportFor(version);
    return {
      roots: buildTree(snaps, current),
      current,
      support: { libvirtVersion: formatVersion(version), externalDelete: caps.externalDelete, externalRevert: caps.externalRevert },
    };
  }

  async create(hostId: string, uuid: string, spec: CreateSnapshotSpec): Promise<SnapshotInfo> {
    const client = this.resolve(hostId);
    const dom = await lookupDomain(client, uuid);
    const model = await this.model(client, dom, uuid, false);
    const refusal = checkCreate(model, spec.kind);
    if (model.snapshots.some((s) => s.name === spec.name)) refusal.reasons.push(`a snapshot named "${spec.name}" already exists`);
    const state = await domainState(client, dom);
    const running = state === 'running' || state === 'paused';
    if (spec.kind === 'internal' && running && spec.memory === false) {
      refusal.reasons.push('QEMU always saves the memory with an internal snapshot of a running VM; shut it down first, or take an external (disk-only) snapshot');
    }
    if (refusal.reasons.length) throw new ApiError('SNAPSHOT_UNSAFE', `cannot create snapshot "${spec.name}": ${refusal.reasons.join('; ')}`);

    let xml: string;
    let flags = 0;
    if (spec.kind === 'internal') {
      xml = internalSnapshotXml(spec.name, spec.description, running ? true : null);
    } else {
      xml = externalSnapshotXml(spec.name, spec.description, model.disks.filter((d, i, all) => all.findIndex((x) => x.target === d.target) === i));
      flags = CREATE_DISK_ONLY | CREATE_ATOMIC | (spec.quiesce ? CREATE_QUIESCE : 0);
    }
    const { snap } = await client.call('DOMAIN_SNAPSHOT_CREATE_XML', { dom, xml_desc: xml, flags });
    this.log(`[virtdeck] snapshot ${spec.kind} "${spec.name}" of ${dom.name} created on host ${hostId}`);
    const { memory: _m, ...info } = parseSnapshotXml((await client.call('DOMAIN_SNAPSHOT_GET_XML_DESC', { snap, flags: 0 })).xml);
    return { ...info, current: true };
  }

  async check(hostId: string, uuid: string, name: string, action: SnapshotAction): Promise<SnapshotCheck> {
    const client = this.resolve(hostId);
    const dom = await lookupDomain(client, uuid);
    const model = await this.model(client, dom, uuid, true);
    return action.op === 'revert' ? checkRevert(model, name) : checkDelete(model, name, { children: action.children });
  }

  async revert(hostId: string, uuid: string, name: string, options: RevertOptions = {}): Promise<void> {
    const client = this.resolve(hostId);
    const dom = await lookupDomain(client, uuid);
    const verdict = checkRevert(await this.model(client, dom, uuid, true), name);
    if (!verdict.allowed) throw new ApiError('SNAPSHOT_UNSAFE', `cannot revert to "${name}": ${verdict.reasons.join('; ')}`);
    const { snap } = await client.call('DOMAIN_SNAPSHOT_LOOKUP_BY_NAME', { dom, name, flags: 0 });
    const flags = options.start === 'running' ? REVERT_RUNNING : options.start === 'paused' ? REVERT_PAUSED : 0;
    await client.call('DOMAIN_REVERT_TO_SNAPSHOT', { snap, flags });
    this.log(`[virtdeck] ${dom.name} reverted to snapshot "${name}" on host ${hostId}`);
  }

  async delete(hostId: string, uuid: string, name: string, options: DeleteSnapshotOptions = {}): Promise<void> {
    const client = this.resolve(hostId);
    const dom = await lookupDomain(client, uuid);
    const verdict = checkDelete(await this.model(client, dom, uuid, true), name, options);
    if (!verdict.allowed) throw new ApiError('SNAPSHOT_UNSAFE', `cannot delete snapshot "${name}": ${verdict.reasons.join('; ')}`);
    const { snap } = await client.call('DOMAIN_SNAPSHOT_LOOKUP_BY_NAME', { dom, name, flags: 0 });
    const flags = (options.children ? DELETE_CHILDREN : 0) | (options.metadataOnly ? DELETE_METADATA_ONLY : 0);
    await client.call('DOMAIN_SNAPSHOT_DELETE', { snap, flags });
    this.log(`[virtdeck] snapshot "${name}"${options.children ? ' and its children' : ''} of ${dom.name} deleted on host ${hostId}${verdict.notes.length ? `: ${verdict.notes.join('; ')}` : ''}`);
  }

  /** Everything the safety rules look at; `hostWide` also scans every other VM on the host. */
  private async model(client: LibvirtClient, dom: remote_nonnull_domain, uuid: string, hostWide: boolean): Promise<ChainModel> {
    const [snapshots, version, disks] = await Promise.all([listSnapshots(client, dom), libvirtVersion(client), currentDisks(client, dom)]);
    const usage = hostWide ? await scanHostDisks(client) : null;
    const backing = usage?.backing ?? new Map<string, string>();
    for (const s of snapshots) for (const d of s.disks) if (d.overlay && d.source && !backing.has(d.overlay)) backing.set(d.overlay, d.source);
    return { snapshots, disks, backing, usersOf: (f) => usage?.usersOf(f, uuid) ?? [], support: supportFor(version) };
  }
}

/** The persistent disks, with the live ones' chains when the VM runs (libvirt only probes those). */
async function currentDisks(client: LibvirtClient, dom: remote_nonnull_domain): Promise<DomainDisk[]> {
  const inactive = domainDisks((await client.call('DOMAIN_GET_XML_DESC', { dom, flags: XML_INACTIVE })).xml);
  let live: DomainDisk[] = [];
  if ((await client.call('DOMAIN_IS_ACTIVE', { dom })).active !== 0) {
    live = domainDisks((await client.call('DOMAIN_GET_XML_DESC', { dom, flags: 0 })).xml);
  }
  const all = [...live, ...inactive.filter((d) => !live.some((l) => l.target === d.target && l.source === d.source))];
  await resolveVolumeDisks(client, all);
  return all;
}

async function currentName(client: LibvirtClient, dom: remote_nonnull_domain): Promise<string | null> {
  try {
    return (await client.call('DOMAIN_SNAPSHOT_CURRENT', { dom, flags: 0 })).snap.name;
  } catch (e) {
    if (isLibvirtCode(e, 'VIR_ERR_NO_DOMAIN_SNAPSHOT')) return null;
    throw e;
  }
}

/** The contract's snapshots service. */
export function createSnapshotsService(resolve: ClientResolver): SnapshotsService {
  const ops = new SnapshotOperations(resolve);
  return {
    list: (h, u) => ops.list(h, u),
    create: (h, u, spec) => ops.create(h, u, spec),
    check: (h, u, n, a) => ops.check(h, u, n, a),
    revert: (h, u, n, o) => ops.revert(h, u, n, o),
    delete: (h, u, n, o) => ops.delete(h, u, n, o),
  };
}
