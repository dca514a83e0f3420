// Delete, clone, back up and restore VMs: calls the API, reports the outcome as toasts, and for
// the long ones (jobs) follows `job-updated` until the job ends so the user hears about it even
// with the jobs panel closed. Stores are read, never written: state arrives through live events.
import type { JobInfo } from '../../../preload/contract/jobs';
import type { VmSummary } from '../../../preload/contract/model';
import type { VirtdeckEvent } from '../../../preload/contract/model';
import type { BackupStart, DeletePlanFile, RestoreOptions } from '../../../preload/contract/vm-lifecycle-ext';
import { api, onEvent } from '../api/virtdeck';
import { useToastsStore } from '../stores/toasts';
import { useVmActionDialogsStore } from '../stores/vm-action-dialogs';

interface JobMessages {
  done: string;
  doneDetail?: string;
  failed: string;
  cancelled: string;
}

/**
 * Starts a job and toasts when it ends. Listens before starting: a job that fails at once may
 * report its end before the call that started it returns.
 */
export async function startFollowedJob(start: () => Promise<JobInfo>, messages: JobMessages): Promise<JobInfo> {
  const toasts = useToastsStore();
  const early = new Map<string, JobInfo>();
  let id: string | null = null;
  let stop: (() => void) | null = null;
  const settle = (job: JobInfo) => {
    if (job.state === 'running') return;
    stop?.();
    stop = null;
    if (job.state === 'done') toasts.success(messages.done, messages.doneDetail);
    else if (job.state === 'cancelled') toasts.push({ kind: 'info', title: messages.cancelled });
    else toasts.error(messages.failed, new Error(job.error ?? 'the job failed'));
  };
  stop = onEvent((e: VirtdeckEvent) => {
    if (e.type !== 'job-updated') return;
    if (id === null) early.set(e.job.id, e.job);
    else if (e.job.id === id) settle(e.job);
  });
  let job: JobInfo;
  try {
    job = await start();
  } catch (err) {
    stop();
    throw err;
  }
  id = job.id;
  const latest = early.get(id);
  early.clear();
  settle(latest && latest.state !== 'running' ? latest : job);
  return job;
}

/** 1536 → "1.5 KiB" (binary units, as libvirt shows them). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 || v >= 100 ? 0 : 1).replace(/\.0$/, '')} ${units[i]}`;
}

// ---- delete -------------------------------------------------------------------------------------

/** "2 disks", "1 file": disks when every picked file is a disk of the VM, files otherwise. */
export function filesNoun(files: readonly DeletePlanFile[]): string {
  const disks = files.every((f) => f.roles.includes('disk'));
  const word = disks ? 'disk' : 'file';
  return `${files.length} ${word}${files.length === 1 ? '' : 's'}`;
}

/** The picked files' sizes as the user knows them (disk size; space on disk when unknown); null when nothing is known. */
export function filesSize(files: readonly DeletePlanFile[]): number | null {
  let total = 0;
  let known = false;
  for (const f of files) {
    const n = f.capacity ?? f.allocation;
    if (n !== null) {
      total += n;
      known = true;
    }
  }
  return known ? total : null;
}

/** The confirm button: exactly what goes ("Delete vm1 and 2 disks (20 GiB)"). */
export function deleteButtonLabel(vmName: string, files: readonly DeletePlanFile[]): string {
  if (files.length === 0) return `Delete ${vmName}, keep its files`;
  const size = filesSize(files);
  return `Delete ${vmName} and ${filesNoun(files)}${size === null ? '' : ` (${formatBytes(size)})`}`;
}

/** Deletes the VM and the picked files; true when the VM is gone (some files may have failed). */
export async function deleteVm(vm: VmSummary, files: readonly DeletePlanFile[], forceOff: boolean): Promise<boolean> {
  const toasts = useToastsStore();
  try {
    const res = await api.vmLifecycle.delete(vm.hostId, vm.uuid, { removeDisks: files.map((f) => f.path), forceOff });
    const removed = files.filter((f) => res.removed.includes(f.path));
    toasts.success(removed.length ? `Deleted ${vm.name} and ${filesNoun(removed)}` : `Deleted ${vm.name}`, removed.length ? removed.map((f) => f.path).join(', ') : undefined);
    for (const f of res.failed) toasts.error(`${vm.name} was deleted, but ${f.path} was not`, new Error(f.reason));
    return true;
  } catch (err) {
    toasts.error(`Could not delete ${vm.name}`, err);
    return false;
  }
}

// ---- clone --------------------------------------------------------------------------------------

export async function startClone(vm: VmSummary, name: string): Promise<JobInfo | null> {
  const toasts = useToastsStore();
  try {
    const job = await startFollowedJob(() => api.vmLifecycle.clone(vm.hostId, vm.uuid, { name }), {
      done: `Cloned ${vm.name} to ${name}`,
      failed: `Cloning ${vm.name} to ${name} failed`,
      cancelled: `Cloning ${vm.name} to ${name} was cancelled`,
    });
    if (job.state === 'running') toasts.push({ kind: 'info', title: `Cloning ${vm.name} to ${name}…`, message: 'Progress is shown in Jobs.' });
    return job;
  } catch (err) {
    toasts.error(`Could not clone ${vm.name}`, err);
    return null;
  }
}

// ---- backup / restore ---------------------------------------------------------------------------

export async function startBackup(vm: VmSummary, folder: string): Promise<BackupStart | null> {
  const toasts = useToastsStore();
  let started: BackupStart | null = null;
  try {
    const messages: JobMessages = { done: `Backed up ${vm.name}`, failed: `Backup of ${vm.name} failed`, cancelled: `Backup of ${vm.name} was cancelled` };
    await startFollowedJob(async () => {
      started = await api.vmLifecycle.backup(vm.hostId, vm.uuid, folder);
      messages.doneDetail = started.folder;
      return started.job;
    }, messages);
    const s = started as BackupStart | null;
    if (s?.job.state === 'running') toasts.push({ kind: 'info', title: `Backing up ${vm.name}…`, message: `Into ${s.folder}. Progress is shown in Jobs.` });
    return s;
  } catch (err) {
    toasts.error(`Could not back up ${vm.name}`, err);
    return null;
  }
}

export async function startRestore(hostId: string, folder: string, options: RestoreOptions, vmName: string): Promise<JobInfo | null> {
  const toasts = useToastsStore();
  const target = options.mode === 'overwrite' ? vmName : (options.newName ?? `${vmName}-restored`);
  const what = options.mode === 'overwrite' ? `Restoring ${vmName} over itself` : `Restoring ${vmName} as ${target}`;
  try {
    const job = await startFollowedJob(() => api.vmLifecycle.restore(hostId, folder, options), {
      done: options.mode === 'overwrite' ? `Restored ${vmName} from its backup` : `Restored ${vmName} as ${target}`,
      doneDetail: folder,
      failed: `${what} failed`,
      cancelled: `${what} was cancelled`,
    });
    if (job.state === 'running') toasts.push({ kind: 'info', title: `${what}…`, message: 'Progress is shown in Jobs.' });
    return job;
  } catch (err) {
    toasts.error(`Could not restore ${vmName}`, err);
    return null;
  }
}

/** Remembered between sessions: where the user last put or found backups. */
const LAST_FOLDER_KEY = 'virtdeck.backupFolder';
export function lastBackupFolder(): string | null {
  try {
    return localStorage.getItem(LAST_FOLDER_KEY);
  } catch {
    return null;
  }
}
export function rememberBackupFolder(folder: string): void {
  try {
    localStorage.setItem(LAST_FOLDER_KEY, folder);
  } catch {
    /* storage unavailable: nothing to remember */
  }
}

// ---- entry points for menus and the palette -------------------------------------------------------

export type VmDialogAction = 'clone' | 'backup' | 'restore' | 'delete';

/** Context-menu items (ids are the actions; ContextMenu gives them data-testid `menu-<id>`). */
export function vmDialogMenuItems(): { id: VmDialogAction; label: string; danger?: boolean; separatorBefore?: boolean }[] {
  return [
    { id: 'clone', label: 'Clone…', separatorBefore: true },
    { id: 'backup', label: 'Back up…' },
    { id: 'restore', label: 'Restore from backup…' },
    { id: 'delete', label: 'Delete…', danger: true, separatorBefore: true },
  ];
}

export function isVmDialogAction(id: string): id is VmDialogAction {
  return id === 'clone' || id === 'backup' || id === 'restore' || id === 'delete';
}

export function openVmDialog(vm: VmSummary, action: VmDialogAction): void {
  const d = useVmActionDialogsStore();
  if (action === 'clone') d.openClone(vm);
  else if (action === 'backup') d.openBackup(vm);
  else if (action === 'restore') d.openRestore(vm.hostId, vm);
  else d.openDelete(vm);
}

/** Palette commands for one VM (shape of palette/commands.ts' Command). */
export function vmDialogCommands(vm: VmSummary): { id: string; label: string; group: string; run: () => void }[] {
  return [
    { id: 'vm-clone', label: `Clone ${vm.name}…`, group: 'VM', run: () => openVmDialog(vm, 'clone') },
    { id: 'vm-backup', label: `Back up ${vm.name}…`, group: 'VM', run: () => openVmDialog(vm, 'backup') },
    { id: 'vm-restore', label: `Restore a backup of ${vm.name}…`, group: 'VM', run: () => openVmDialog(vm, 'restore') },
    { id: 'vm-delete', label: `Delete ${vm.name}…`, group: 'VM', run: () => openVmDialog(vm, 'delete') },
  ];
}
