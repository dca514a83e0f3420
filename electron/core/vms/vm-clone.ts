// Cloning a VM: a new definition (new name, libvirt-made UUID, fresh MACs, its own NVRAM) whose
// writable disks are copies made by libvirt (STORAGE_VOL_CREATE_XML_FROM) in the same pool.
// CD-ROMs, read-only and shareable disks keep pointing at the same file. Runs as a job; on cancel
// or failure every volume made so far is deleted and nothing is defined.
import type { Element } from '@xmldom/xmldom';
import type { JobInfo } from '../../../preload/contract/jobs';
import type { ClonePlanDisk, CloneSpec } from '../../../preload/contract/vm-lifecycle-ext';
import type { LibvirtClient, remote_nonnull_storage_pool, remote_nonnull_storage_vol } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { DomainXml, checkName } from '../domain-xml';
import type { ClientResolver } from '../hosts/client-resolver';
import type { JobContext, JobRegistry } from '../jobs/job-registry';
import { domainState, isLibvirtCode, lookupDomain, volumeForPath } from '../snapshots/host-disks';
import { volumeXml } from '../storage/volume-xml';
import { at, parseXml } from '../storage/xml-util';
import { toNumber } from '../util/numbers';
import { uuidToString } from '../util/uuid';

const XML_SECURE_INACTIVE = 1 | 2;
const DEFINE_VALIDATE = 1;

/** Turns a copy of a definition into a new VM: name, no UUID (libvirt makes one), fresh MACs, no NVRAM file of its own yet. */
export function asNewVm(xml: DomainXml, name: string): void {
  xml.name = name;
  xml.uuid = undefined;
  for (const nic of xml.devices.interfaces.all()) {
    nic.mac = undefined;
    nic.mac = xml.newMac();
  }
  // Keep a template if one is named; drop the path so libvirt creates <name>_VARS.fd from it.
  const nvram = xml.el.getElementsByTagName('nvram').item(0) as Element | null;
  if (nvram && nvram.parentNode && (nvram.parentNode as Element).tagName === 'os') {
    if (nvram.hasAttribute('template')) {
      while (nvram.firstChild) nvram.removeChild(nvram.firstChild);
    } else xml.os.nvram = undefined;
  }
}

export async function checkNewVmName(client: LibvirtClient, name: string): Promise<void> {
  const bad = checkName(name);
  if (bad) throw new ApiError('INVALID_ARGUMENT', bad);
  try {
    await client.call('DOMAIN_LOOKUP_BY_NAME', { name });
  } catch (e) {
    if (isLibvirtCode(e, 'VIR_ERR_NO_DOMAIN')) return;
    throw e;
  }
  throw new ApiError('ALREADY_EXISTS', `a VM named "${name}" already exists on this host`);
}

/** `candidate` ("disk-clone.qcow2"), else "disk-clone-2.qcow2", … : the first name neither the pool nor `taken` has. */
export async function uniqueVolumeName(
  client: LibvirtClient,
  pool: remote_nonnull_storage_pool,
  candidate: string,
  taken: Set<string>,
): Promise<string> {
  const m = /^(.*?)(\.[A-Za-z0-9]{2,6})?$/.exec(candidate);
  const stem = m?.[1] || candidate;
  const ext = m?.[2] ?? '';
  for (let i = 1; i < 1000; i++) {
    const name = i === 1 ? `${stem}${ext}` : `${stem}-${i}${ext}`;
    if (taken.has(name)) continue;
    try {
      await client.call('STORAGE_VOL_LOOKUP_BY_NAME', { pool, name });
    } catch (e) {
      if (isLibvirtCode(e, 'VIR_ERR_NO_STORAGE_VOL')) {
        taken.add(name);
        return name;
      }
      throw e;
    }
  }
  throw new ApiError('ALREADY_EXISTS', `no free volume name like ${candidate} in pool ${pool.name}`);
}

/** "base.qcow2" → "base-clone.qcow2". */
export function withSuffix(volume: string, suffix: string): string {
  const m = /^(.*?)(\.[A-Za-z0-9]{2,6})?$/.exec(volume);
  return `${m?.[1] || volume}-${suffix}${m?.[2] ?? ''}`;
}

interface CopyPlan {
  target: string;
  src: remote_nonnull_storage_vol;
  pool: remote_nonnull_storage_pool;
  newName: string;
  capacity: number;
  allocation: number;
  format: string;
}

interface Prepared {
  xml: DomainXml;
  sourceName: string;
  disks: ClonePlanDisk[];
  copies: CopyPlan[];
}

export class VmClone {
  constructor(
    private readonly resolve: ClientResolver,
    private readonly jobs: JobRegistry,
    private readonly options: { pollMs?: number; log?: (line: string) => void } = {},
  ) {}

  async plan(hostId: string, uuid: string, spec: CloneSpec): Promise<ClonePlanDisk[]> {
    return (await this.prepare(this.resolve(hostId), uuid, spec)).disks;
  }

  async clone(hostId: string, uuid: string, spec: CloneSpec): Promise<JobInfo> {
    return (await this.start(hostId, uuid, spec)).job;
  }

  /** Checks everything, then starts the job; `result` settles with the new VM (for callers inside main). */
  async start(hostId: string, uuid: string, spec: CloneSpec): Promise<{ job: JobInfo; result: Promise<{ uuid: string; name: string }> }> {
    const client = this.resolve(hostId);
    const p = await this.prepare(client, uuid, spec);
    return this.jobs.run({ hostId, kind: 'clone', title: `Clone ${p.sourceName} to ${spec.name}` }, (ctx) => this.run(client, p, spec.name, ctx));
  }

  private async prepare(client: LibvirtClient, uuid: string, spec: CloneSpec): Promise<Prepared> {
    const dom = await lookupDomain(client, uuid);
    const state = await domainState(client, dom);
    if (state !== 'shutoff' && state !== 'paused') {
      throw new ApiError('VM_RUNNING', `"${dom.name}" is ${state}; shut it down (or pause it) before cloning so its disks are consistent`);
    }
    await checkNewVmName(client, spec.name);
    const xml = DomainXml.parse((await client.call('DOMAIN_GET_XML_DESC', { dom, flags: XML_SECURE_INACTIVE })).xml);
    const problems: string[] = [];
    const disks: ClonePlanDisk[] = [];
    const copies: CopyPlan[] = [];
    const taken = new Set<string>();
    for (const d of xml.devices.disks.all()) {
      const target = d.targetDev ?? '?';
      const source = d.sourceFile ?? d.sourceDev ?? (d.sourcePool && d.sourceVolume ? `${d.sourcePool}/${d.sourceVolume}` : null);
      if (!source) continue;
      if (d.isRemovable || d.readonly || d.shareable || d.device === 'lun') {
        disks.push({ target, source, action: 'share', pool: null, newVolume: null });
        continue;
      }
      let src: remote_nonnull_storage_vol | null = null;
      if (d.type === 'volume' && d.sourcePool && d.sourceVolume) {
        const { pool } = await client.call('STORAGE_POOL_LOOKUP_BY_NAME', { name: d.sourcePool });
        src = (await client.call('STORAGE_VOL_LOOKUP_BY_NAME', { pool, name: d.sourceVolume })).vol;
      } else if (d.type === 'file' || d.type === 'block') {
        src = await volumeForPath(client, source);
      }
      if (!src) {
        problems.push(`disk ${target} (${source}) is not in a storage pool; libvirt can only copy pool volumes`);
        continue;
      }
      const { pool } = await client.call('STORAGE_POOL_LOOKUP_BY_NAME', { name: src.pool });
      const [info, volXml] = await Promise.all([
        client.call('STORAGE_VOL_GET_INFO', { vol: src }),
        client.call('STORAGE_VOL_GET_XML_DESC', { vol: src, flags: 0 }),
      ]);
      const volFormat = at(parseXml(volXml.xml), 'target', 'format')?.getAttribute('type') || d.driverType || 'raw';
      const newName = await uniqueVolumeName(client, pool, withSuffix(src.name, 'clone'), taken);
      copies.push({ target, src, pool, newName, capacity: toNumber(info.capacity), allocation: toNumber(info.allocation), format: volFormat });
      disks.push({ target, source, action: 'copy', pool: src.pool, newVolume: newName });
    }
    if (problems.length) throw new ApiError('CANNOT_CLONE', `"${dom.name}" cannot be cloned: ${problems.join('; ')}`);
    return { xml, sourceName: dom.name, disks, copies };
  }

  private async run(client: LibvirtClient, p: Prepared, name: string, ctx: JobContext): Promise<{ uuid: string; name: string }> {
    const total = p.copies.reduce((n, c) => n + Math.max(c.allocation, 1), 0);
    ctx.progress(0, total);
    const made: { vol: remote_nonnull_storage_vol; copy: CopyPlan }[] = [];
    let done = 0;
    try {
      for (const copy of p.copies) {
        if (ctx.signal.aborted) break;
        // libvirt cannot interrupt a volume copy: a cancel takes effect when the current one ends.
        const vol = await this.copyVolume(client, copy, (now) => ctx.progress(done + Math.min(now, copy.allocation), total));
        made.push({ vol, copy });
        done += Math.max(copy.allocation, 1);
        ctx.progress(done, total);
      }
      if (ctx.signal.aborted) throw new ApiError('CANCELLED', `cloning ${p.sourceName} was cancelled; the copies made so far were deleted`);

      const xml = p.xml.clone();
      asNewVm(xml, name);
      for (const { vol, copy } of made) {
        const disk = xml.devices.disks.find(copy.target);
        if (!disk) continue;
        const path = (await client.call('STORAGE_VOL_GET_PATH', { vol })).name;
        if (disk.type === 'volume') disk.sourceVolume = vol.name;
        else if (disk.type === 'block') disk.sourceDev = path;
        else disk.sourceFile = path;
      }
      const { dom } = await client.call('DOMAIN_DEFINE_XML_FLAGS', { xml: xml.serialize(), flags: DEFINE_VALIDATE });
      (this.options.log ?? ((l: string) => console.info(l)))(`[virtdeck] cloned ${p.sourceName} to ${name}`);
      return { uuid: uuidToString(dom.uuid), name: dom.name };
    } catch (err) {
      for (const { vol } of made) await client.call('STORAGE_VOL_DELETE', { vol, flags: 0 }).catch(() => undefined);
      throw err;
    }
  }

  /** One CREATE_XML_FROM, reporting the new volume's allocation while libvirt copies. */
  private async copyVolume(client: LibvirtClient, c: CopyPlan, onProgress: (bytes: number) => void): Promise<remote_nonnull_storage_vol> {
    let running = true;
    const poll = (async () => {
      while (running) {
        await new Promise((r) => setTimeout(r, this.options.pollMs ?? 500));
        if (!running) break;
        try {
          const { vol } = await client.call('STORAGE_VOL_LOOKUP_BY_NAME', { pool: c.pool, name: c.newName });
          const info = await client.call('STORAGE_VOL_GET_INFO', { vol });
          if (running) onProgress(toNumber(info.allocation));
        } catch {
          /* not visible yet */
        }
      }
    })();
    try {
      const xml = volumeXml(c.newName, c.capacity, 0, c.format);
      return (await client.call('STORAGE_VOL_CREATE_XML_FROM', { pool: c.pool, xml, clonevol: c.src, flags: 0 })).vol;
    } finally {
      running = false;
      await poll;
    }
  }
}
