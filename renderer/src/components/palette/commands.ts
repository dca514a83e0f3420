// What the command palette offers, built from the current context: the selected VMs (or the VM
// of the active tab), every host, and app-wide commands.
import type { HostSummary, VmSummary } from '../../../../preload/contract/model';
import { connectHost, disconnectHost, removeHost } from '../../actions/host-actions';
import { runVmAction } from '../../actions/vm-actions';
import { vmDialogCommands } from '../../actions/vm-lifecycle';
import type { ThemeChoice } from '../../composables/useTheme';
import { ACTION_LABELS, LIFECYCLE_ACTIONS, actionAllowed } from '../../lib/vm-actions';
import { vmKey } from '../../lib/vm-list';

export interface Command {
  id: string;
  label: string;
  group: string;
  run: () => unknown;
}

export interface CommandContext {
  vms: readonly VmSummary[];
  hosts: readonly HostSummary[];
  /** The host the user is looking at (its details tab, or the sidebar's filter), if any. */
  selectedHost?: HostSummary;
  openVm: (key: string) => void;
  /** Moves the VM's details into their own window (absent in a detached window). */
  detachVm?: (key: string) => void;
  addConnection: () => void;
  setTheme: (t: ThemeChoice) => void;
  openHost?: (hostId: string, page?: 'overview' | 'networks' | 'storage') => void;
  /** Opens the host's tab on that page and asks it to open the create dialog. */
  createOnHost?: (hostId: string, what: 'create-network' | 'create-volume' | 'create-pool') => void;
  openDashboard?: () => void;
  openAllVms?: () => void;
  openPreferences?: () => void;
  toggleJobs?: () => void;
}

export function buildCommands(ctx: CommandContext): Command[] {
  const out: Command[] = [];
  const { vms } = ctx;
  if (vms.length) {
    const target = vms.length === 1 ? vms[0]!.name : `${vms.length} selected VMs`;
    for (const a of LIFECYCLE_ACTIONS) {
      if (!vms.some((vm) => actionAllowed(a, vm.state))) continue;
      out.push({ id: `vm-${a}`, label: `${ACTION_LABELS[a]} ${target}`, group: 'VM', run: () => runVmAction(vms, a) });
    }
    if (vms.length === 1) out.push(...vmDialogCommands(vms[0]!));
    if (vms.length === 1) out.push({ id: 'vm-open', label: `Open details of ${vms[0]!.name}`, group: 'VM', run: () => ctx.openVm(vmKey(vms[0]!)) });
    const detach = ctx.detachVm;
    if (vms.length === 1 && detach) out.push({ id: 'vm-detach', label: `Open ${vms[0]!.name} in its own window`, group: 'VM', run: () => detach(vmKey(vms[0]!)) });
  }
  const sel = ctx.selectedHost;
  if (sel && sel.status.state === 'connected' && ctx.createOnHost) {
    const create = ctx.createOnHost;
    out.push({ id: `host-create-network-${sel.id}`, label: `Create virtual network on ${sel.name}…`, group: 'Host', run: () => create(sel.id, 'create-network') });
    out.push({ id: `host-create-volume-${sel.id}`, label: `Create volume on ${sel.name}…`, group: 'Host', run: () => create(sel.id, 'create-volume') });
    out.push({ id: `host-create-pool-${sel.id}`, label: `Create storage pool on ${sel.name}…`, group: 'Host', run: () => create(sel.id, 'create-pool') });
  }
  for (const h of ctx.hosts) {
    if (ctx.openHost) {
      const open = ctx.openHost;
      out.push({ id: `host-details-${h.id}`, label: `Open details of ${h.name}`, group: 'Host', run: () => open(h.id) });
      if (h.status.state === 'connected') {
        out.push({ id: `host-networks-${h.id}`, label: `Virtual networks of ${h.name}`, group: 'Host', run: () => open(h.id, 'networks') });
        out.push({ id: `host-storage-${h.id}`, label: `Storage of ${h.name}`, group: 'Host', run: () => open(h.id, 'storage') });
      }
    }
    if (h.status.state === 'connected' || h.status.state === 'connecting' || h.status.state === 'reconnecting')
      out.push({ id: `host-disconnect-${h.id}`, label: `Disconnect ${h.name}`, group: 'Host', run: () => disconnectHost(h) });
    else out.push({ id: `host-connect-${h.id}`, label: `Connect ${h.name}`, group: 'Host', run: () => connectHost(h) });
    out.push({ id: `host-remove-${h.id}`, label: `Remove connection ${h.name}…`, group: 'Host', run: () => removeHost(h) });
  }
  out.push({ id: 'add-connection', label: 'Add connection…', group: 'App', run: ctx.addConnection });
  if (ctx.openDashboard) out.push({ id: 'open-dashboard', label: 'Go to Dashboard', group: 'App', run: ctx.openDashboard });
  if (ctx.openAllVms) out.push({ id: 'open-all-vms', label: 'Go to All VMs', group: 'App', run: ctx.openAllVms });
  if (ctx.openPreferences) out.push({ id: 'open-preferences', label: 'Preferences…', group: 'App', run: ctx.openPreferences });
  if (ctx.toggleJobs) out.push({ id: 'toggle-jobs', label: 'Show jobs (uploads, downloads, clones)', group: 'App', run: ctx.toggleJobs });
  for (const t of ['light', 'dark', 'system'] as const)
    out.push({ id: `theme-${t}`, label: `Theme: ${t[0]!.toUpperCase()}${t.slice(1)}`, group: 'App', run: () => ctx.setTheme(t) });
  return out;
}
