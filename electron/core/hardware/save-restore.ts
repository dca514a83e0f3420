// Save a running VM's memory to a file on its host, and start one again from such a file. The
// path is on the (possibly remote) host, so existence is asked of libvirt, not of our filesystem.
import { LibvirtError, type LibvirtClient, type remote_nonnull_domain } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { checkAbsolutePath } from '../domain-xml';
import { SAVE_PAUSED, SAVE_RUNNING } from './flags';

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

export async function saveToFile(client: LibvirtClient, dom: remote_nonnull_domain, path: string): Promise<void> {
  checkPath(path);
  await assertAbsent(client, path);
  // No dxml: the saved image keeps the running definition. No timeout: RAM size decides how long it takes.
  await client.call('DOMAIN_SAVE_FLAGS', { dom, to: path, dxml: null, flags: 0 });
}

export async function restoreFromFile(client: LibvirtClient, path: string, paused = false): Promise<void> {
  checkPath(path);
  await client.call('DOMAIN_RESTORE_FLAGS', { from: path, dxml: null, flags: paused ? SAVE_PAUSED : SAVE_RUNNING });
}
