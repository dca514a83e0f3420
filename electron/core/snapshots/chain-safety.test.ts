import { describe, expect, it } from 'vitest';
import { checkCreate, checkDelete, checkRevert, supportFor, type ChainModel } from './chain-safety';
import type { DomainDisk } from './host-disks';
import { overlayPath, parseSnapshotXml, type ParsedSnapshot } from './snapshot-xml';

const disk = (source: string, extra: Partial<DomainDisk> = {}): DomainDisk => ({
  target: 'vda',
  device: 'disk',
  type: 'file',
  format: 'qcow2',
  source,
  readonly: false,
  shareable: false,
  chain: [],
  pool: null,
  volume: null,
  ...extra,
});
const internal = (name: string, holder: string, parent: string | null = null): ParsedSnapshot => ({
  name,
  description: '',
  createdAt: 0,
  state: 'shutoff',
  kind: 'internal',
  withMemory: false,
  parent,
  memory: 'no',
  disks: [{ target: 'vda', snapshot: 'internal', overlay: null, source: holder }],
});
const external = (name: string, base: string, overlay: string, parent: string | null = null): ParsedSnapshot => ({
  ...internal(name, base, parent),
  kind: 'external',
  disks: [{ target: 'vda', snapshot: 'external', overlay, source: base }],
});

function model(p: Partial<ChainModel> & { snapshots: ParsedSnapshot[]; disks: DomainDisk[] }): ChainModel {
  const backing = new Map<string, string>();
  for (const s of p.snapshots) for (const d of s.disks) if (d.overlay && d.source) backing.set(d.overlay, d.source);
  return { backing, usersOf: () => [], support: supportFor(9_000_000), ...p };
}

describe('chain safety', () => {
  it('parses snapshot XML: kind, parent, overlay and the disk it was taken from', () => {
    const s = parseSnapshotXml(`<domainsnapshot><name>e1</name><state>disk-snapshot</state><parent><name>p</name></parent><creationTime>1700000000</creationTime>
      <memory snapshot='no'/><disks><disk name='vda' snapshot='external' type='file'><driver type='qcow2'/><source file='/i/a.e1.qcow2'/></disk><disk name='hdc' snapshot='no'/></disks>
      <domain type='kvm'><name>x</name><devices><disk type='file' device='disk'><source file='/i/a.qcow2'/><target dev='vda'/></disk></devices></domain></domainsnapshot>`);
    expect(s).toMatchObject({ name: 'e1', kind: 'external', parent: 'p', createdAt: 1_700_000_000_000, state: 'disk-snapshot', withMemory: false });
    expect(s.disks[0]).toEqual({ target: 'vda', snapshot: 'external', overlay: '/i/a.e1.qcow2', source: '/i/a.qcow2' });
    expect(overlayPath('/i/a.qcow2', 'e1')).toBe('/i/a.e1.qcow2');
    expect(overlayPath('/i/disk', 'e1')).toBe('/i/disk.e1.qcow2');
  });

  it('allows plain internal chains and refuses internal snapshots of raw disks', () => {
    const m = model({ snapshots: [internal('i1', '/a.qcow2'), internal('i2', '/a.qcow2', 'i1')], disks: [disk('/a.qcow2')] });
    expect(checkCreate(m, 'internal').allowed).toBe(true);
    expect(checkRevert(m, 'i1').allowed).toBe(true);
    expect(checkDelete(m, 'i1', { children: true }).allowed).toBe(true);
    expect(checkCreate(model({ snapshots: [], disks: [disk('/a.img', { format: 'raw' })] }), 'internal').reasons[0]).toContain('vda is raw');
  });

  it('refuses to mix internal and external snapshots when creating', () => {
    const ext = model({ snapshots: [external('e1', '/a.qcow2', '/a.e1.qcow2')], disks: [disk('/a.e1.qcow2')] });
    expect(checkCreate(ext, 'internal').reasons[0]).toContain('external snapshots ("e1")');
    expect(checkCreate(ext, 'external').allowed).toBe(true);
    const int = model({ snapshots: [internal('i1', '/a.qcow2')], disks: [disk('/a.qcow2')] });
    expect(checkCreate(int, 'external').reasons[0]).toContain('internal snapshots ("i1")');
  });

  it('refuses reverting to an internal snapshot that now sits under an external overlay', () => {
    const m = model({ snapshots: [internal('i1', '/a.qcow2'), external('e1', '/a.qcow2', '/a.e1.qcow2', 'i1')], disks: [disk('/a.e1.qcow2')] });
    const v = checkRevert(m, 'i1');
    expect(v.allowed).toBe(false);
    expect(v.reasons[0]).toContain('the overlay /a.e1.qcow2 of external snapshot "e1"');
    expect(checkDelete(m, 'i1').reasons[0]).toContain('read-only backing image');
  });

  it('external delete: by version, mixed chains, and bases other VMs use', () => {
    const snaps = [external('e1', '/a.qcow2', '/a.e1.qcow2')];
    const disks = [disk('/a.e1.qcow2')];
    expect(checkDelete(model({ snapshots: snaps, disks }), 'e1')).toMatchObject({ allowed: true, notes: ['vda: /a.e1.qcow2 is merged into /a.qcow2 and removed'] });
    expect(checkDelete(model({ snapshots: snaps, disks, support: supportFor(8_10_000) }), 'e1').reasons[0]).toContain('cannot delete external snapshots (added in libvirt 9.0)');
    expect(checkRevert(model({ snapshots: snaps, disks }), 'e1').reasons[0]).toContain('added in libvirt 9.7');
    expect(checkRevert(model({ snapshots: snaps, disks, support: supportFor(9_007_000) }), 'e1').allowed).toBe(true);
    const mixed = model({ snapshots: [...snaps, internal('i1', '/a.e1.qcow2', 'e1')], disks });
    expect(checkDelete(mixed, 'e1').reasons[0]).toContain('internal snapshots "i1" are stored in');
    const shared = model({ snapshots: snaps, disks, usersOf: (f) => (f === '/a.qcow2' ? ['web2'] : []) });
    expect(checkDelete(shared, 'e1').reasons[0]).toContain('"web2" also uses');
    expect(checkDelete(shared, 'e1', { metadataOnly: true }).allowed).toBe(true);
  });
});
