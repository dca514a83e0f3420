// Runs lifecycle actions on one or many VMs: asks first for destructive ones (naming every VM),
// calls the API, and reports the outcome as toasts. Stores are read, never written here: the
// resulting state arrives through live events.
import type { VmSummary } from '../../../preload/contract/model';
import { api } from '../api/virtdeck';
import { ACTION_DONE, ACTION_LABELS, actionAllowed, isDestructive, type LifecycleAction } from '../lib/vm-actions';
import { useDialogsStore } from '../stores/dialogs';
import { useHostsStore } from '../stores/hosts';
import { useToastsStore } from '../stores/toasts';

export async function runVmAction(targets: readonly VmSummary[], action: LifecycleAction): Promise<void> {
  const dialogs = useDialogsStore();
  const toasts = useToastsStore();
  const hosts = useHostsStore();
  const vms = targets.filter((vm) => actionAllowed(action, vm.state));
  if (vms.length === 0) return;
  const label = (vm: VmSummary) => (hosts.hosts.length > 1 ? `${vm.name} (${hosts.nameOf(vm.hostId)})` : vm.name);
  if (isDestructive(action)) {
    const ok = await dialogs.confirm({
      title: vms.length === 1 ? `Force off ${vms[0]!.name}?` : `Force off ${vms.length} VMs?`,
      message: 'The guest is stopped immediately, like pulling the power cord. Unsaved data in the guest is lost.',
      items: vms.map(label),
      confirmLabel: 'Force off',
      danger: true,
    });
    if (!ok) return;
  }
  const results = await Promise.allSettled(vms.map((vm) => api.vms.act(vm.hostId, vm.uuid, action)));
  const failed: string[] = [];
  results.forEach((r, i) => {
    if (r.status === 'rejected') {
      failed.push(vms[i]!.name);
      toasts.error(`${ACTION_LABELS[action]} failed for ${vms[i]!.name}`, r.reason);
    }
  });
  const okCount = vms.length - failed.length;
  if (okCount > 0)
    toasts.success(okCount === 1 ? `${vms.find((vm) => !failed.includes(vm.name))!.name} ${ACTION_DONE[action]}` : `${okCount} VMs ${ACTION_DONE[action]}`);
}
