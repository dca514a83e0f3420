// Backing a VM up into a new subfolder of a local folder: its XML, a copy of each writable disk
// and manifest.json (sizes, sha256). A running VM on this machine is copied by libvirt's backup job
// (consistent while it runs); otherwise volumes are streamed through the connection, which works
// for remote hosts too. The manifest is written last: a folder without one is not a backup.
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackupFileEntry, BackupManifest, BackupStart } from '../../../preload/contract/vm-lifecycle-ext';
import type { LibvirtClient, remote_nonnull_domain, remote_nonnull_storage_vol } from '../../libvirt';
import { ApiError } from '../api/api-error';
import type { ClientResolver } from '../hosts/client-resolver';
import type { JobContext, JobRegistry } from '../jobs/job-registry';
import { XML_INACTIVE, domainDisks, domainState, lookupDomain, resolveVolumeDisks, volumeBackingFile, volumeForPath, type DomainDisk } from '../snapshots/host-disks';
import { snapshotWorthy } from '../snapshots/snapshot-xml';
import { downloadToFile } from '../storage/transfer';
import { at, parseXml } from '../storage/xml-util';
import { toNumber } from '../util/numbers';
import { runBackupJob, backupXml } from './backup-job';
import { isLocalUri } from './local-host';
import { MANIFEST, checkFolder, sha256File } from './manifest';

interface DiskPlan {
  disk: DomainDisk;
  file: string;
  format: string;
  capacity: number;
  allocation: number;
  vol: remote_nonnull_storage_vol | null;
}

interface Plan {
  dom: remote_nonnull_domain;
  xml: string;
  method: BackupManifest['method'];
  disks: DiskPlan[];
  skipped: BackupManifest['skipped'];
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');

export class VmBackup {
  constructor(
    private readonly resolve: ClientResolver,
    private readonly jobs: JobRegistry,
    private readonly hostUri: (hostId: string) => string | undefined,
    private readonly options: { pollMs?: number; log?: (line: string) => void } = {},
  ) {}

  async backup(hostId: string, uuid: string, folder: string): Promise<BackupStart> {
    const s = await this.start(hostId, uuid, folder);
    return { job: s.job, folder: s.folder };
  }

  /** For callers inside main: `result` settles with the manifest. */
  async start(hostId: string, uuid: string, folder: string): Promise<BackupStart & { result: Promise<BackupManifest> }> {
    await checkFolder(folder);
    const client = this.resolve(hostId);
    const plan = await this.plan(client, uuid, isLocalUri(this.hostUri(hostId)));
    // A new subfolder, never an existing one: nothing the user has is ever overwritten.
    const base = `${plan.dom.name.replace(/[^A-Za-z0-9_.+@-]/g, '_')}-${stamp(new Date())}`;
    let sub = '';
    for (let i = 1; !sub; i++) {
      const candidate = path.join(folder, i === 1 ? base : `${base}-${i}`);
      try {
        await mkdir(candidate, { mode: 0o755 });
        sub = candidate;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i > 100) throw e;
      }
    }
    const { job, result } = this.jobs.run({ hostId, kind: 'backup', title: `Back up ${plan.dom.name} to ${sub}` }, async (ctx) => {
      try {
        return await this.run(client, plan, sub, ctx);
      } catch (err) {
        await rm(sub, { recursive: true, force: true }); // our own new folder: nothing else is in it
        throw err;
      }
    });
    return { job, folder: sub, result };
  }

  private async plan(client: LibvirtClient, uuid: string, local: boolean): Promise<Plan> {
    const dom = await lookupDomain(client, uuid);
    const state = await domainState(client, dom);
    const xml = (await client.call('DOMAIN_GET_XML_DESC', { dom, flags: XML_INACTIVE })).xml;
    const running = state === 'running';
    if (running && !local) {
      throw new ApiError(
        'VM_RUNNING',
        `"${dom.name}" is running on a remote host: libvirt's backup job would write on that host, and copying disks through the connection while the VM writes to them gives a broken copy. Shut it down or pause it first`,
      );
    }
    if (state !== 'running' && state !== 'paused' && state !== 'shutoff') throw new ApiError('VM_RUNNING', `"${dom.name}" is ${state}; wait until it is running, paused or shut off`);
    const method: BackupManifest['method'] = running ? 'backup-job' : 'download';
    const all = domainDisks(xml);
    await resolveVolumeDisks(client, all);
    const disks: DiskPlan[] = [];
    const skipped: BackupManifest['skipped'] = [];
    const problems: string[] = [];
    const used = new Set<string>();
    for (const d of all) {
      if (!snapshotWorthy(d)) {
        skipped.push({ target: d.target, path: d.source, reason: d.device !== 'disk' ? `${d.device} media is not backed up` : d.readonly ? 'read-only disk' : d.shareable ? 'shareable disk (used by other VMs too)' : 'empty' });
        continue;
      }
      const vol = d.source ? await volumeForPath(client, d.source) : null;
      let format = d.format ?? 'raw';
      let capacity = 0;
      let allocation = 0;
      if (vol) {
        const [info, vxml] = await Promise.all([client.call('STORAGE_VOL_GET_INFO', { vol }), client.call('STORAGE_VOL_GET_XML_DESC', { vol, flags: 0 })]);
        capacity = toNumber(info.capacity);
        allocation = toNumber(info.allocation);
        format = at(parseXml(vxml.xml), 'target', 'format')?.getAttribute('type') || format;
      }
      if (method === 'download') {
        if (!vol) {
          problems.push(`disk ${d.target} (${d.source ?? '?'}) is not in a storage pool, so it cannot be read through libvirt`);
          continue;
        }
        const backing = await volumeBackingFile(client, vol);
        if (backing) problems.push(`disk ${d.target} is an overlay on ${backing}; a copy of the top layer alone could not be restored (delete or merge its external snapshots first)`);
        if (format !== 'qcow2' && format !== 'raw') problems.push(`disk ${d.target} is ${format}; only qcow2 and raw disks are backed up`);
      } else {
        format = 'qcow2'; // the backup job writes qcow2 copies
      }
      let name = `${d.target.replace(/[^A-Za-z0-9_]/g, '_')}.${format}`;
      while (used.has(name)) name = `_${name}`;
      used.add(name);
      disks.push({ disk: d, file: name, format, capacity, allocation, vol });
    }
    if (problems.length) throw new ApiError('CANNOT_BACKUP', `"${dom.name}" cannot be backed up: ${problems.join('; ')}`);
    return { dom, xml, method, disks, skipped };
  }

  private async run(client: LibvirtClient, plan: Plan, sub: string, ctx: JobContext): Promise<BackupManifest> {
    const entries: BackupFileEntry[] = [];
    const xmlFile = path.join(sub, 'domain.xml');
    await writeFile(xmlFile, plan.xml, { flag: 'wx' });
    entries.push({ file: 'domain.xml', kind: 'domain-xml', ...(await sha256File(xmlFile)) });

    if (plan.method === 'backup-job') {
      const targets = plan.disks.map((d) => ({ target: d.disk.target, file: path.join(sub, d.file) }));
      const excluded = domainDisks(plan.xml).map((d) => d.target).filter((t) => !targets.some((x) => x.target === t));
      await runBackupJob(client, plan.dom, backupXml(targets, excluded), { signal: ctx.signal, onProgress: (d, t) => ctx.progress(d, t), pollMs: this.options.pollMs });
    } else {
      const total = plan.disks.reduce((n, d) => n + d.allocation, 0);
      let before = 0;
      for (const d of plan.disks) {
        if (!d.vol) continue;
        const bytes = await downloadToFile(client, d.vol, path.join(sub, d.file), {
          signal: ctx.signal,
          onProgress: (done) => ctx.progress(before + done, Math.max(total, before + done)),
        });
        before += bytes;
      }
    }
    for (const d of plan.disks) {
      const file = path.join(sub, d.file);
      if (ctx.signal.aborted) throw new ApiError('CANCELLED', 'the backup was cancelled');
      const st = await stat(file);
      entries.push({
        file: d.file,
        kind: 'disk',
        target: d.disk.target,
        format: d.format,
        capacity: d.capacity,
        sourcePath: d.disk.source ?? undefined,
        sourcePool: d.vol?.pool ?? null,
        ...(await sha256File(file, undefined, ctx.signal)),
      });
      if (entries.at(-1)?.size !== st.size) throw new ApiError('BACKUP_FAILED', `${d.file} changed while it was being checked`);
    }
    const manifest: BackupManifest = {
      format: 'virtdeck-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      vm: { name: plan.dom.name, uuid: uuidOf(plan.xml) },
      method: plan.method,
      files: entries,
      skipped: plan.skipped,
    };
    await writeFile(path.join(sub, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
    (this.options.log ?? ((l: string) => console.info(l)))(`[virtdeck] backed up ${plan.dom.name} to ${sub} (${plan.method})`);
    return manifest;
  }
}

function uuidOf(xml: string): string {
  return at(parseXml(xml), 'uuid')?.textContent?.trim() ?? '';
}
