// Restoring a Virtdeck backup: every checksum is verified before anything is created; disks are
// uploaded into new pool volumes; the definition is then defined as a new VM (new name, UUID, MACs)
// or, confirmed by the caller and with the original shut off, replaces the original's definition.
// Overwrite never writes into the original's disk files: the restored disks are new volumes and
// the old files stay (listed in the log and the result) until the user deletes them; if defining
// fails the old definition is put back.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { JobInfo } from '../../../preload/contract/jobs';
import type { BackupManifest, RestoreOptions } from '../../../preload/contract/vm-lifecycle-ext';
import type { LibvirtClient, remote_nonnull_domain, remote_nonnull_storage_pool, remote_nonnull_storage_vol } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { DomainXml } from '../domain-xml';
import type { ClientResolver } from '../hosts/client-resolver';
import type { JobContext, JobRegistry } from '../jobs/job-registry';
import { domainState, isLibvirtCode, listSnapshots, lookupDomain } from '../snapshots/host-disks';
import { uploadFile } from '../storage/transfer';
import { volumeXml } from '../storage/volume-xml';
import { uuidToString } from '../util/uuid';
import { asNewVm, checkNewVmName, uniqueVolumeName } from '../vms/vm-clone';
import { readManifest, sha256File, verifyBackup } from './manifest';

const XML_SECURE_INACTIVE = 1 | 2;
const DEFINE_VALIDATE = 1;

export interface RestoreResult {
  uuid: string;
  name: string;
  /** overwrite: the original's disk files, left in place. */
  previousDisks: string[];
}

interface Plan {
  folder: string;
  manifest: BackupManifest;
  xml: string;
  name: string;
  mode: RestoreOptions['mode'];
  /** overwrite: the VM being replaced and its definition to roll back to. */
  original: { dom: remote_nonnull_domain; xml: string } | null;
  disks: { entry: BackupManifest['files'][number]; pool: remote_nonnull_storage_pool }[];
}

export class VmRestore {
  constructor(
    private readonly resolve: ClientResolver,
    private readonly jobs: JobRegistry,
    private readonly log: (line: string) => void = (l) => console.info(l),
  ) {}

  async restore(hostId: string, folder: string, options: RestoreOptions): Promise<JobInfo> {
    return (await this.start(hostId, folder, options)).job;
  }

  async start(hostId: string, folder: string, options: RestoreOptions): Promise<{ job: JobInfo; result: Promise<RestoreResult> }> {
    const client = this.resolve(hostId);
    const plan = await this.plan(client, folder, options);
    return this.jobs.run({ hostId, kind: 'restore-backup', title: `Restore ${plan.manifest.vm.name} as ${plan.name}` }, (ctx) => this.run(client, plan, ctx));
  }

  private async plan(client: LibvirtClient, folder: string, o: RestoreOptions): Promise<Plan> {
    const manifest = await readManifest(folder);
    const xmlEntry = manifest.files.find((f) => f.kind === 'domain-xml');
    if (!xmlEntry) throw new ApiError('NOT_A_BACKUP', 'the manifest names no domain XML');
    // The XML is small and read now: check it here so a bad one is refused before the job starts.
    const xmlFile = path.join(folder, xmlEntry.file);
    const { sha256 } = await sha256File(xmlFile).catch(() => ({ sha256: '' }));
    if (sha256 !== xmlEntry.sha256) throw new ApiError('BACKUP_CORRUPT', `${xmlEntry.file} does not match its sha256 checksum; nothing was restored`);
    const xml = await readFile(xmlFile, 'utf8');
    DomainXml.parse(xml);

    let name: string;
    let original: Plan['original'] = null;
    if (o.mode === 'new') {
      name = o.newName ?? `${manifest.vm.name}-restored`;
      await checkNewVmName(client, name);
    } else {
      if (o.confirmOverwrite !== true) throw new ApiError('CONFIRM_REQUIRED', `restoring over "${manifest.vm.name}" replaces its definition and disks: confirm it first`);
      let dom: remote_nonnull_domain;
      try {
        dom = await lookupDomain(client, manifest.vm.uuid);
      } catch (e) {
        if (isLibvirtCode(e, 'VIR_ERR_NO_DOMAIN')) throw new ApiError('NO_DOMAIN', `"${manifest.vm.name}" no longer exists on this host; restore it as a new VM`);
        throw e;
      }
      const state = await domainState(client, dom);
      if (state !== 'shutoff') throw new ApiError('VM_RUNNING', `"${dom.name}" is ${state}; shut it down before restoring over it`);
      const snaps = await listSnapshots(client, dom);
      if (snaps.length) throw new ApiError('HAS_SNAPSHOTS', `"${dom.name}" has ${snaps.length} snapshot(s) that refer to its current disks; delete them first or restore as a new VM`);
      name = dom.name;
      original = { dom, xml: (await client.call('DOMAIN_GET_XML_DESC', { dom, flags: XML_SECURE_INACTIVE })).xml };
    }

    const disks: Plan['disks'] = [];
    for (const entry of manifest.files.filter((f) => f.kind === 'disk')) {
      const poolName = o.pool ?? (entry.sourcePool && (await poolUsable(client, entry.sourcePool)) ? entry.sourcePool : 'default');
      let pool: remote_nonnull_storage_pool;
      try {
        pool = (await client.call('STORAGE_POOL_LOOKUP_BY_NAME', { name: poolName })).pool;
      } catch (e) {
        if (isLibvirtCode(e, 'VIR_ERR_NO_STORAGE_POOL')) throw new ApiError('NO_POOL', `there is no storage pool "${poolName}" for disk ${entry.target ?? entry.file}; choose a pool`);
        throw e;
      }
      disks.push({ entry, pool });
    }
    return { folder, manifest, xml, name, mode: o.mode, original, disks };
  }

  private async run(client: LibvirtClient, p: Plan, ctx: JobContext): Promise<RestoreResult> {
    const verifyTotal = p.manifest.files.reduce((n, f) => n + f.size, 0);
    const uploadTotal = p.disks.reduce((n, d) => n + d.entry.size, 0);
    const total = verifyTotal + uploadTotal;
    await verifyBackup(p.folder, p.manifest, (done) => ctx.progress(done, total), ctx.signal);

    const created: remote_nonnull_storage_vol[] = [];
    let defined = false;
    try {
      const xml = DomainXml.parse(p.xml);
      if (p.mode === 'new') asNewVm(xml, p.name);
      else xml.name = p.name;
      const taken = new Set<string>();
      let done = verifyTotal;
      for (const { entry, pool } of p.disks) {
        if (ctx.signal.aborted) throw new ApiError('CANCELLED', 'the restore was cancelled');
        const file = path.join(p.folder, entry.file);
        const format = entry.format ?? 'raw';
        const volName = await uniqueVolumeName(client, pool, `${p.name.replace(/[^A-Za-z0-9_.+@-]/g, '_')}-${entry.target ?? 'disk'}.${format}`, taken);
        const size = (await stat(file)).size;
        const { vol } = await client.call('STORAGE_VOL_CREATE_XML', { pool, xml: volumeXml(volName, Math.max(entry.capacity ?? 0, size), 0, format), flags: 0 });
        created.push(vol);
        const before = done;
        done += await uploadFile(client, vol, file, { signal: ctx.signal, onProgress: (n) => ctx.progress(before + n, total) });
        const volPath = (await client.call('STORAGE_VOL_GET_PATH', { vol })).name;
        const disk = entry.target ? xml.devices.disks.find(entry.target) : undefined;
        if (!disk) throw new ApiError('NOT_A_BACKUP', `the saved XML has no disk ${entry.target ?? '?'}`);
        if (disk.type === 'volume') {
          disk.sourcePool = pool.name;
          disk.sourceVolume = volName;
        } else if (disk.type === 'block') {
          disk.sourceDev = volPath;
        } else {
          disk.type = 'file';
          disk.sourceFile = volPath;
        }
        disk.driverType = format;
      }
      if (ctx.signal.aborted) throw new ApiError('CANCELLED', 'the restore was cancelled');
      const { dom } = await client.call('DOMAIN_DEFINE_XML_FLAGS', { xml: xml.serialize(), flags: DEFINE_VALIDATE });
      defined = true;
      const previousDisks = p.original ? oldDiskFiles(p.original.xml, p.disks.map((d) => d.entry.target ?? '')) : [];
      this.log(
        `[virtdeck] restored ${p.manifest.vm.name} from ${p.folder} as ${dom.name}` +
          (previousDisks.length ? `; the previous disk files were kept: ${previousDisks.join(', ')}` : ''),
      );
      return { uuid: uuidToString(dom.uuid), name: dom.name, previousDisks };
    } catch (err) {
      if (defined && p.original) await client.call('DOMAIN_DEFINE_XML_FLAGS', { xml: p.original.xml, flags: 0 }).catch(() => undefined);
      for (const vol of created) await client.call('STORAGE_VOL_DELETE', { vol, flags: 0 }).catch(() => undefined);
      throw err;
    }
  }
}

async function poolUsable(client: LibvirtClient, name: string): Promise<boolean> {
  try {
    const { pool } = await client.call('STORAGE_POOL_LOOKUP_BY_NAME', { name });
    return (await client.call('STORAGE_POOL_IS_ACTIVE', { pool })).active !== 0;
  } catch {
    return false;
  }
}

function oldDiskFiles(xml: string, targets: string[]): string[] {
  const doc = DomainXml.parse(xml);
  return doc.devices.disks
    .all()
    .filter((d) => targets.includes(d.targetDev ?? ''))
    .map((d) => d.sourceFile ?? d.sourceDev ?? '')
    .filter(Boolean);
}
