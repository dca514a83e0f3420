// libvirt's push-mode backup job (virDomainBackupBegin): QEMU copies a consistent point-in-time
// image of each disk of a running VM into target files. The files are written on the host, so
// this is only used when the host is this machine. Progress from the job stats; cancel aborts the job.
import type { LibvirtClient, remote_nonnull_domain, remote_typed_param } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { el, renderXml } from '../storage/xml-util';

// virDomainJobType
const JOB_NONE = 0;
const JOB_COMPLETED = 3;
const JOB_CANCELLED = 5;
// virDomainGetJobStatsFlags
const STATS_COMPLETED = 1;
const STATS_KEEP_COMPLETED = 2;

export interface BackupTarget {
  target: string;
  /** Absolute file for the copy; libvirt creates it. */
  file: string;
}

export function backupXml(targets: BackupTarget[], excluded: string[]): string {
  return renderXml(
    el(
      'domainbackup',
      { mode: 'push' },
      el(
        'disks',
        {},
        ...targets.map((t) => el('disk', { name: t.target, backup: 'yes', type: 'file' }, el('driver', { type: 'qcow2' }), el('target', { file: t.file }))),
        ...excluded.map((t) => el('disk', { name: t, backup: 'no' })),
      ),
    ),
  );
}

function num(params: remote_typed_param[], ...names: string[]): number | null {
  for (const name of names) {
    const p = params.find((x) => x.field === name)?.value;
    if (!p) continue;
    if (p.type === 3) return Number(p.l);
    if (p.type === 4) return Number(p.ul);
    if (p.type === 1) return p.i;
    if (p.type === 2) return p.ui;
  }
  return null;
}

function str(params: remote_typed_param[], name: string): string | null {
  const p = params.find((x) => x.field === name)?.value;
  return p?.type === 7 ? p.s : null;
}

/** Runs the backup job to its end. Resolves when libvirt reports it completed. */
export async function runBackupJob(
  client: LibvirtClient,
  dom: remote_nonnull_domain,
  xml: string,
  opts: { signal: AbortSignal; onProgress: (done: number, total: number | null) => void; pollMs?: number },
): Promise<void> {
  await client.call('DOMAIN_BACKUP_BEGIN', { dom, backup_xml: xml, checkpoint_xml: null, flags: 0 });
  let aborting = false;
  const abort = () => {
    aborting = true;
    client.call('DOMAIN_ABORT_JOB', { dom }).catch(() => undefined);
  };
  opts.signal.addEventListener('abort', abort, { once: true });
  if (opts.signal.aborted) abort();
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
      const now = await client.call('DOMAIN_GET_JOB_STATS', { dom, flags: 0 });
      if (now.type !== JOB_NONE) {
        const total = num(now.params, 'disk_total', 'data_total');
        const done = num(now.params, 'disk_processed', 'data_processed');
        if (done !== null) opts.onProgress(done, total);
        continue;
      }
      const end = await client.call('DOMAIN_GET_JOB_STATS', { dom, flags: STATS_COMPLETED | STATS_KEEP_COMPLETED });
      if (end.type === JOB_COMPLETED && !aborting) return;
      if (aborting || end.type === JOB_CANCELLED) throw new ApiError('CANCELLED', 'the backup was cancelled');
      throw new ApiError('BACKUP_FAILED', `libvirt's backup job failed${str(end.params, 'errmsg') ? `: ${str(end.params, 'errmsg')}` : ''}`);
    }
  } finally {
    opts.signal.removeEventListener('abort', abort);
  }
}
