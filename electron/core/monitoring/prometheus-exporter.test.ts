import { afterEach, describe, expect, it } from 'vitest';
import { emptyVmColumns, type StatsTickEvent } from '../../../preload/contract/stats';
import { PrometheusExporter } from './prometheus-exporter';
import { escapeLabel } from './prometheus-text';

const HOST = '11111111-2222-4333-8444-555555555555';
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';

function tick(seq: number, keys: string[] | undefined, cpu: (number | null)[]): StatsTickEvent {
  const vms = emptyVmColumns(cpu.length);
  vms.state.fill(1);
  vms.cpu.set(cpu.map((x) => x ?? NaN));
  for (const [m, v] of [['memUsed', 2048], ['memTotal', 4096], ['diskRd', 0], ['diskWr', 10], ['diskRdIops', 0], ['diskWrIops', 1], ['netRx', 5], ['netTx', 6]] as const) vms[m].fill(v);
  return {
    type: 'stats-tick',
    hostId: HOST,
    t: 1_700_000_000_000 + seq * 1000,
    seq,
    keysVersion: 1,
    ...(keys ? { keys } : {}),
    host: { cpu: 12.5, memUsed: 1024, memTotal: 4096, running: 2, active: 2, cpus: 4 },
    vms,
  };
}

let exporter: PrometheusExporter | undefined;
afterEach(async () => exporter?.close());

describe('PrometheusExporter', () => {
  it('renders the latest tick with names, base units, and no value for what libvirt did not report', () => {
    exporter = new PrometheusExporter({ host: () => 'Lab "1"', vm: (_h, u) => (u === A ? 'web' : undefined) });
    exporter.onStats(tick(1, [A, B], [50, null]));
    exporter.onStats(tick(2, undefined, [75, 3])); // keys unchanged: reuses the table
    const text = exporter.render();
    expect(text).toContain('# TYPE virtdeck_vm_cpu_host_percent gauge');
    expect(text).toContain(`virtdeck_vm_cpu_host_percent{host="Lab \\"1\\"",vm="web",uuid="${A}"} 75 1700000002000`);
    expect(text).toContain(`virtdeck_vm_cpu_host_percent{host="Lab \\"1\\"",vm="${B}",uuid="${B}"} 3 1700000002000`);
    expect(text).toContain(`virtdeck_host_memory_used_bytes{host="Lab \\"1\\"",host_id="${HOST}"} 1048576 `);
    expect(text).not.toMatch(/virtdeck_vm_cpu_vcpu_percent\{/);
  });

  it('serves /metrics on 127.0.0.1 only', async () => {
    exporter = new PrometheusExporter({ host: () => 'h', vm: () => 'v' });
    exporter.onStats(tick(1, [A], [1]));
    const port = await exporter.listen(0);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain('virtdeck_vm_cpu_host_percent{host="h",vm="v"');
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    await expect(fetch(`http://[::1]:${port}/metrics`)).rejects.toThrow();
  });

  it('escapes label values', () => {
    expect(escapeLabel('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});
