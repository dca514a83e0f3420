import type { DownloadSpec, StorageService, UploadSpec } from '../../../preload/contract/storage';
import type { VmLifecycleExtService } from '../../../preload/contract/vm-lifecycle-ext';
import type { PathGrants } from './path-grants';

/**
 * The storage service as the renderer may use it: uploads read and downloads write only files the
 * user picked in a file dialog. Every other method is the service's own.
 */
export function guardedStorage(storage: StorageService, grants: PathGrants): StorageService {
  const guarded = Object.create(storage) as StorageService;
  guarded.uploadVolume = (hostId: string, spec: UploadSpec) => {
    grants.require(spec.file, 'open', 'upload');
    return storage.uploadVolume(hostId, spec);
  };
  guarded.downloadVolume = (hostId: string, spec: DownloadSpec) => {
    grants.require(spec.file, 'save', 'download');
    return storage.downloadVolume(hostId, spec);
  };
  return guarded;
}

/** Backups are written into, and restored from, folders the user picked. */
export function guardedVmLifecycle(service: VmLifecycleExtService, grants: PathGrants): VmLifecycleExtService {
  return {
    ...service,
    backup: (hostId, uuid, folder) => {
      grants.require(folder, 'folder', 'backup');
      return service.backup(hostId, uuid, folder);
    },
    inspectBackup: (folder) => {
      grants.require(folder, 'folder', 'open backup');
      return service.inspectBackup(folder);
    },
    restore: (hostId, folder, options) => {
      grants.require(folder, 'folder', 'restore');
      return service.restore(hostId, folder, options);
    },
  };
}
