// The contract's VmLifecycleExtService: delete (vms/vm-delete.ts), clone (vms/vm-clone.ts),
// backup and restore (this folder), all reaching libvirt through the host's client.
import type { VmLifecycleExtService } from '../../../preload/contract/vm-lifecycle-ext';
import type { ClientResolver } from '../hosts/client-resolver';
import type { JobRegistry } from '../jobs/job-registry';
import { VmClone } from '../vms/vm-clone';
import { VmDelete } from '../vms/vm-delete';
import { VmBackup } from './backup';
import { readManifest } from './manifest';
import { VmRestore } from './restore';

export interface VmLifecycleExtDeps {
  resolve: ClientResolver;
  jobs: JobRegistry;
  /** The saved URI of a host: a backup job (which writes on the host) is only used for local ones. */
  hostUri: (hostId: string) => string | undefined;
}

export function createVmLifecycleExtService(deps: VmLifecycleExtDeps): VmLifecycleExtService {
  const del = new VmDelete(deps.resolve);
  const clone = new VmClone(deps.resolve, deps.jobs);
  const backup = new VmBackup(deps.resolve, deps.jobs, deps.hostUri);
  const restore = new VmRestore(deps.resolve, deps.jobs);
  return {
    deletePlan: (h, u) => del.deletePlan(h, u),
    delete: (h, u, o) => del.delete(h, u, o),
    clonePlan: (h, u, s) => clone.plan(h, u, s),
    clone: (h, u, s) => clone.clone(h, u, s),
    backup: (h, u, f) => backup.backup(h, u, f),
    inspectBackup: (f) => readManifest(f),
    restore: (h, f, o) => restore.restore(h, f, o),
  };
}
