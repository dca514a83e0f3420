// Prometheus text exposition format (version 0.0.4): what /metrics returns.
import { columnValue, HOST_METRICS, VM_METRICS, type HostMetric, type StatsTickEvent, type VmMetric } from '../../../preload/contract/stats';

export interface Names {
  host(hostId: string): string | undefined;
  vm(hostId: string, uuid: string): string | undefined;
}

/** A host's latest sample with its key table resolved (ticks only carry keys when they change). */
export interface HostSnapshot {
  tick: StatsTickEvent;
  keys: string[];
}

const VM_HELP: Record<VmMetric, [string, string]> = {
  cpu: ['virtdeck_vm_cpu_host_percent', 'CPU used by the VM, % of all host CPUs'],
  cpuVcpu: ['virtdeck_vm_cpu_vcpu_percent', 'CPU used by the VM, % of its own vCPUs'],
  memUsed: ['virtdeck_vm_memory_used_bytes', 'Memory used by the guest'],
  memTotal: ['virtdeck_vm_memory_total_bytes', 'Memory available to the guest'],
  diskRd: ['virtdeck_vm_disk_read_bytes_per_second', 'Disk read rate'],
  diskWr: ['virtdeck_vm_disk_write_bytes_per_second', 'Disk write rate'],
  diskRdIops: ['virtdeck_vm_disk_read_iops', 'Disk read requests per second'],
  diskWrIops: ['virtdeck_vm_disk_write_iops', 'Disk write requests per second'],
  netRx: ['virtdeck_vm_network_receive_bytes_per_second', 'Network receive rate'],
  netTx: ['virtdeck_vm_network_transmit_bytes_per_second', 'Network transmit rate'],
};
const HOST_HELP: Record<HostMetric, [string, string]> = {
  cpu: ['virtdeck_host_cpu_percent', 'Host CPU use, % of all CPUs'],
  memUsed: ['virtdeck_host_memory_used_bytes', 'Host memory in use'],
  memTotal: ['virtdeck_host_memory_total_bytes', 'Host memory'],
  running: ['virtdeck_host_running_vms', 'VMs in state running'],
};
// The stats contract reports memory in KiB; Prometheus convention is base units.
const KIB_METRICS = new Set<string>(['memUsed', 'memTotal']);

export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;
}

function value(metric: string, v: number | null): string | null {
  if (v === null || !Number.isFinite(v)) return null;
  return String(KIB_METRICS.has(metric) ? v * 1024 : v);
}

export function renderMetrics(snapshots: Iterable<HostSnapshot>, names: Names): string {
  const snaps = [...snapshots];
  const out: string[] = [];
  for (const metric of HOST_METRICS) {
    const [name, help] = HOST_HELP[metric];
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const { tick } of snaps) {
      const v = value(metric, tick.host[metric]);
      if (v !== null) out.push(`${name}${labels({ host: names.host(tick.hostId) ?? tick.hostId, host_id: tick.hostId })} ${v} ${tick.t}`);
    }
  }
  for (const metric of VM_METRICS) {
    const [name, help] = VM_HELP[metric];
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const { tick, keys } of snaps) {
      const host = names.host(tick.hostId) ?? tick.hostId;
      const column = tick.vms[metric];
      keys.forEach((uuid, i) => {
        const v = value(metric, columnValue(column, i));
        if (v !== null) out.push(`${name}${labels({ host, vm: names.vm(tick.hostId, uuid) ?? uuid, uuid })} ${v} ${tick.t}`);
      });
    }
  }
  return out.join('\n') + '\n';
}
