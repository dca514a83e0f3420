import type { HostSummary } from '../../../preload/contract/model';
import { api } from '../api/virtdeck';
import { useDialogsStore } from '../stores/dialogs';
import { useToastsStore } from '../stores/toasts';
import { useVmsStore } from '../stores/vms';

export async function connectHost(host: HostSummary): Promise<void> {
  try {
    await api.hosts.connect(host.id);
  } catch (err) {
    useToastsStore().error(`Could not connect to ${host.name}`, err);
  }
}

export async function disconnectHost(host: HostSummary): Promise<void> {
  try {
    await api.hosts.disconnect(host.id);
  } catch (err) {
    useToastsStore().error(`Could not disconnect ${host.name}`, err);
  }
}

export async function removeHost(host: HostSummary): Promise<void> {
  const count = useVmsStore().countByHost.get(host.id) ?? 0;
  const ok = await useDialogsStore().confirm({
    title: `Remove connection ${host.name}?`,
    message: `Virtdeck forgets this connection and disconnects from it. The host and its VMs are not changed${count ? ` (${count} ${count === 1 ? 'VM stays' : 'VMs stay'} on the host)` : ''}.`,
    items: [`${host.name} — ${host.uri}`],
    confirmLabel: 'Remove',
    danger: true,
  });
  if (!ok) return;
  try {
    await api.hosts.remove(host.id);
    useToastsStore().success(`Removed ${host.name}`);
  } catch (err) {
    useToastsStore().error(`Could not remove ${host.name}`, err);
  }
}
