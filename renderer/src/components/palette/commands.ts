// What the command palette offers, built from the current context: the selected VMs (or the VM
// of the active tab), every host, and app-wide commands.
import type { HostSummary, VmSummary } from '../../../../preload/contract/model';
import { connectHost, disconnectHost, removeHost } from '../../actions/host-actions';
import { runVmAction } from '../../actions/vm-actions';
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
  openVm: (key: string) => void;
  addConnection: () => void;
  setTheme: (t: ThemeChoice) => void;
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
    if (vms.length === 1) out.push({ id: 'vm-open', label: `Open details of ${vms[0]!.name}`, group: 'VM', run: () => ctx.openVm(vmKey(vms[0]!)) });
  }
  for (const h of ctx.hosts) {
    if (h.status.state === 'connected' || h.status.state === 'connecting' || h.status.state === 'reconnecting')
      out.push({ id: `host-disconnect-${h.id}`, label: `Disconnect ${h.name}`, group: 'Host', run: () => disconnectHost(h) });
    else out.push({ id: `host-connect-${h.id}`, label: `Connect ${h.name}`, group: 'Host', run: () => connectHost(h) });
    out.push({ id: `host-remove-${h.id}`, label: `Remove connection ${h.name}…`, group: 'Host', run: () => removeHost(h) });
  }
  out.push({ id: 'add-connection', label: 'Add connection…', group: 'App', run: ctx.addConnection });
  for (const t of ['light', 'dark', 'system'] as const)
    out.push({ id: `theme-${t}`, label: `Theme: ${t[0]!.toUpperCase()}${t.slice(1)}`, group: 'App', run: () => ctx.setTheme(t) });
  return out;
}
