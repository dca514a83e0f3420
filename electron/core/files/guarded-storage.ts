import type { DownloadSpec, StorageService, UploadSpec } from '../../../preload/contract/storage';
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
