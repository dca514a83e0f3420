// Save a running VM's memory to a file on its host, and start one again from such a file. The
// path is on the (possibly remote) host, so existence is asked of libvirt, not of our filesystem.
import { LibvirtError, type LibvirtClient, type remote_nonnull_domain } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { checkAbsolutePath } from '../domain-xml';
import type { JobContext } from '../jobs/job-registry';
import { toNumber } from '../util/numbers';
import { SAVE_PAUSED, SAVE_RUNNING } from './flags';

const JOB_POLL_MS = 500;

function checkPath(path: string): void {
  const bad = checkAbsolutePath(path);
  if (bad) throw new ApiError('INVALID_ARGUMENT', `save file: ${bad}`);
  if (path.endsWith('/')) throw new ApiError('INVALID_ARGUMENT', 'save file: give a file name, not a directory');
}

/**
 * libvirt overwrites silently, so we ask it to read the file's save header first: any answer but
 * "no such file" means something is there. (A file created between this check and the save is
 * the one race left; the window is one round trip.)
 */
async function assertAbsent(client: LibvirtClient, path: string): Promise<void> {
  try {
    await client.call('DOMAIN_SAVE_IMAGE_GET_XML_DESC', { file: path, flags: 0 });
  } catch (err) {
    if (err instanceof LibvirtError && /no such file/i.test(err.message)) return;
    if (err instanceof LibvirtError) throw new ApiError('FILE_EXISTS', `'${path}' exists or cannot be checked on the host (${err.message}); choose a new file name`);
    throw err;
  }
  throw new ApiError('FILE_EXISTS', `'${path}' already exists on the host; choose a new file name`);
}

/** Checks done before a save becomes a job: a refused request never shows up as a failed job. */
export async function checkSaveTarget(client: LibvirtClient, path: string): Promise<void> {
  checkPath(path);
  await assertAbsent(client, path);
}

/**
 * Saves and, while the save runs, reports libvirt's job progress (memory processed of total) and
 * aborts the domain job when the user cancels — the VM then keeps running.
 */
export async function saveToFile(client: LibvirtClient, dom: remote_nonnull_domain, path: string, job?: JobContext): Promise<void> {
  let done = false;
  const onAbort = () => void client.call('DOMAIN_ABORT_JOB', { dom }).catch(() => undefined);
  job?.signal.addEventListener('abort', onAbort, { once: true });
  const poll = (async () => {
    while (job && !done) {
      await new Promise((r) => setTimeout(r, JOB_POLL_MS));
      if (done) break;
      try {
        const info = await client.call('DOMAIN_GET_JOB_INFO', { dom });
        if (info.dataTotal > 0n) job.progress(toNumber(info.dataProcessed), toNumber(info.dataTotal));
      } catch {
        // no job yet, or already finished
      }
    }
  })();
  try {
    // No dxml: the saved image keeps the running definition. No timeout: RAM size decides how long it takes.
    await client.call('DOMAIN_SAVE_FLAGS', { dom, to: path, dxml: null, flags: 0 });
  } finally {
    done = true;
    job?.signal.removeEventListener('abort', onAbort);
    await poll;
  }
}

export async function restoreFromFile(client: LibvirtClient, path: string, paused = false): Promise<void> {
  checkPath(path);
  await client.call('DOMAIN_RESTORE_FLAGS', { from: path, dxml: null, flags: paused ? SAVE_PAUSED : SAVE_RUNNING });
}
