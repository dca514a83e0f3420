// Deleting a VM: first a plan (every file the VM uses, who else uses it, whether libvirt can
// delete it), then the delete itself: force off if asked, undefine (managed save, snapshot and
// checkpoint metadata, NVRAM), and only then the volumes the user picked, through their pools.
// A file another VM needs is never deleted; a file in no pool is left to the user.
import type { DeletePlan, DeletePlanFile, DeleteVmOptions, DeleteVmResult, DiskFileRole } from '../../../preload/contract/vm-lifecycle-ext';
import type { LibvirtClient } from '../../libvirt';
import { ApiError, toErrorInfo } from '../api/api-error';
import type { ClientResolver } from '../hosts/client-resolver';
import {
  XML_INACTIVE,
  chainBelow,
  domainDisks,
  domainState,
  listSnapshots,
  lookupDomain,
  resolveVolumeDisks,
  scanHostDisks,
  volumeForPath,
} from '../snapshots/host-disks';
import { toNumber } from '../util/numbers';

// virDomainUndefineFlagsValues
const UNDEFINE_MANAGED_SAVE = 1;
const UNDEFINE_SNAPSHOTS_METADATA = 2;
const UNDEFINE_NVRAM = 4;
const UNDEFINE_CHECKPOINTS_METADATA = 16;

interface Collected {
  path: string;
  roles: Set<DiskFileRole>;
  target: string | null;
  /** Writable disk of this VM or part of its own snapshot chain (what the UI pre-selects). */
  own: boolean;
}

export class VmDelete {
  constructor(
    private readonly resolve: ClientResolver,
    private readonly log: (line: string) => void = (l) => console.info(l),
  ) {}

  async deletePlan(hostId: string, uuid: string): Promise<DeletePlan> {
    const client = this.resolve(hostId);
    const dom = await lookupDomain(client, uuid);
    const state = await domainState(client, dom);
    const xmls = [(await client.call('DOMAIN_GET_XML_DESC', { dom, flags: XML_INACTIVE })).xml];
    if (state !== 'shutoff') xmls.push((await client.call('DOMAIN_GET_XML_DESC', { dom, flags: 0 })).xml);
    const snapshots = await listSnapshots(client, dom);
    const usage = await scanHostDisks(client);

    const files = new Map<string, Collected>();
    const add = (path: string, role: DiskFileRole, target: string | null, own: boolean) => {
      const f = files.get(path) ?? { path, roles: new Set(), target, own: false };
      f.roles.add(role);
      f.own ||= own;
      f.target ??= target;
      files.set(path, f);
    };
    for (const xml of xmls) {
      const disks = domainDisks(xml);
      await resolveVolumeDisks(client, disks);
      for (const d of disks) {
        if (!d.source) continue;
        const writable = d.device === 'disk' && !d.readonly && !d.shareable;
        add(d.source, d.device === 'cdrom' || d.device === 'floppy' ? 'cdrom' : 'disk', d.target, writable);
        for (const b of [...d.chain, ...chainBelow(usage.backing, d.source)]) add(b, 'backing', d.target, false);
      }
    }
    for (const s of snapshots) {
      for (const sd of s.disks) {
        if (sd.overlay) add(sd.overlay, 'snapshot-overlay', sd.target, true);
        if (sd.snapshot === 'external' && sd.source) add(sd.source, 'snapshot-base', sd.target, true);
      }
    }

    const refreshed = new Set<string>();
    const out: DeletePlanFile[] = [];
    for (const f of files.values()) {
      const vol = await volumeForPath(client, f.path, refreshed).catch(() => null);
      const info = vol ? await client.call('STORAGE_VOL_GET_INFO', { vol }).catch(() => null) : null;
      const usedBy = usage.usersOf(f.path, uuid);
      const reason = usedBy.length
        ? `also used by ${usedBy.map((n) => `"${n}"`).join(', ')}`
        : !vol
          ? 'not in any storage pool, so libvirt cannot delete it (remove it by hand if you no longer need it)'
          : null;
      out.push({
        path: f.path,
        roles: [...f.roles],
        target: f.target,
        pool: vol?.pool ?? null,
        volume: vol?.name ?? null,
        capacity: info ? toNumber(info.capacity) : null,
        allocation: info ? toNumber(info.allocation) : null,
        usedBy,
        deletable: reason === null,
        reason,
        suggested: reason === null && f.own,
      });
    }
    return { name: dom.name, state, files: out, snapshotCount: snapshots.length };
  }

  async delete(hostId: string, uuid: string, options: DeleteVmOptions): Promise<DeleteVmResult> {
    const client = this.resolve(hostId);
    const plan = await this.deletePlan(hostId, uuid);
    const picked = [...new Set(options.removeDisks)];
    const inUse: string[] = [];
    const problems: string[] = [];
    for (const p of picked) {
      const f = plan.files.find((x) => x.path === p);
      if (!f) problems.push(`${p} is not a file of "${plan.name}"`);
      else if (f.usedBy.length) inUse.push(`${p} is used by ${f.usedBy.map((n) => `"${n}"`).join(', ')}`);
      else if (!f.deletable) problems.push(`${p}: ${f.reason ?? 'cannot be deleted'}`);
    }
    // Refused as a whole before anything happens: the user decides again with the facts.
    if (inUse.length) throw new ApiError('DISK_IN_USE', `"${plan.name}" was not deleted: ${[...inUse, ...problems].join('; ')}`);
    if (problems.length) throw new ApiError('INVALID_ARGUMENT', `"${plan.name}" was not deleted: ${problems.join('; ')}`);

    const dom = await lookupDomain(client, uuid);
    if (plan.state !== 'shutoff') {
      if (!options.forceOff) throw new ApiError('VM_RUNNING', `"${plan.name}" is ${plan.state}; shut it down first, or choose to force it off`);
      await client.call('DOMAIN_DESTROY_FLAGS', { dom, flags: 0 });
    }
    const persistent = (await client.call('DOMAIN_IS_PERSISTENT', { dom }).catch(() => ({ persistent: 0 }))).persistent !== 0;
    if (persistent) {
      // If this fails nothing is deleted: the error goes to the user as libvirt said it.
      await client.call('DOMAIN_UNDEFINE_FLAGS', {
        dom,
        flags: UNDEFINE_MANAGED_SAVE | UNDEFINE_SNAPSHOTS_METADATA | UNDEFINE_NVRAM | UNDEFINE_CHECKPOINTS_METADATA,
      });
    }
    this.log(`[virtdeck] deleted VM ${plan.name} (${uuid}) on host ${hostId}`);

    const result: DeleteVmResult = { removed: [], failed: [] };
    for (const p of picked) {
      try {
        await deleteVolumeAt(client, p);
        result.removed.push(p);
        this.log(`[virtdeck] deleted volume ${p} of ${plan.name}`);
      } catch (e) {
        result.failed.push({ path: p, reason: toErrorInfo(e).message });
      }
    }
    return result;
  }
}

async function deleteVolumeAt(client: LibvirtClient, path: string): Promise<void> {
  const vol = await volumeForPath(client, path);
  if (!vol) throw new ApiError('NOT_IN_POOL', `${path} is no longer in a storage pool`);
  await client.call('STORAGE_VOL_DELETE', { vol, flags: 0 });
}
