import { describe, expect, it } from 'vitest';
import type { VmSummary } from '../../../preload/contract/model';
import { filterVms, groupRows, labelsInUse, nextSort, NO_GROUP, rangeKeys, sortVms, stateGroup, vmKey } from './vm-list';

const vm = (name: string, over: Partial<VmSummary> = {}): VmSummary => ({
  hostId: 'h1',
  uuid: `00000000-0000-0000-0000-${String(name.length).padStart(12, '0')}`,
  name,
  id: null,
  state: 'shutoff',
  vcpus: 1,
  memoryKiB: 1024,
  maxMemoryKiB: 1024,
  persistent: true,
  title: '',
  autostart: false,
  group: null,
  tags: [],
  os: null,
  ...over,
});
const hostNames: Record<string, string> = { h1: 'beta', h2: 'alpha' };
const hostName = (id: string) => hostNames[id] ?? '?';

const list = [
  vm('web10', { state: 'running', vcpus: 4, memoryKiB: 4096, uuid: 'a' }),
  vm('web2', { state: 'paused', vcpus: 2, memoryKiB: 8192, uuid: 'b', hostId: 'h2' }),
  vm('db', { state: 'shutoff', vcpus: 8, memoryKiB: 2048, uuid: 'c' }),
  vm('Cache', { state: 'crashed', vcpus: 1, memoryKiB: 512, uuid: 'd', hostId: 'h2' }),
];
const names = (vms: VmSummary[]) => vms.map((v) => v.name);

describe('sortVms', () => {
  it('sorts names naturally and case-insensitively', () => {
    expect(names(sortVms(list, { key: 'name', dir: 'asc' }, hostName))).toEqual(['Cache', 'db', 'web2', 'web10']);
    expect(names(sortVms(list, { key: 'name', dir: 'desc' }, hostName))).toEqual(['web10', 'web2', 'db', 'Cache']);
  });
  it('sorts by state rank (running first), numbers and host name', () => {
    expect(names(sortVms(list, { key: 'state', dir: 'asc' }, hostName))).toEqual(['web10', 'web2', 'Cache', 'db']);
    expect(names(sortVms(list, { key: 'vcpus', dir: 'desc' }, hostName))).toEqual(['db', 'web10', 'web2', 'Cache']);
    expect(names(sortVms(list, { key: 'memory', dir: 'asc' }, hostName))).toEqual(['Cache', 'db', 'web10', 'web2']);
    expect(names(sortVms(list, { key: 'host', dir: 'asc' }, hostName))).toEqual(['Cache', 'web2', 'db', 'web10']);
  });
  it('does not change its input', () => {
    const copy = [...list];
    sortVms(list, { key: 'vcpus', dir: 'asc' }, hostName);
    expect(list).toEqual(copy);
  });
});

describe('filterVms', () => {
  it('filters by text, state group and host', () => {
    expect(names(filterVms(list, { text: 'WEB', state: 'all', hostId: '' }))).toEqual(['web10', 'web2']);
    expect(names(filterVms(list, { text: '', state: 'running', hostId: '' }))).toEqual(['web10']);
    expect(names(filterVms(list, { text: '', state: 'other', hostId: '' }))).toEqual(['Cache']);
    expect(names(filterVms(list, { text: '', state: 'all', hostId: 'h2' }))).toEqual(['web2', 'Cache']);
    expect(names(filterVms(list, { text: 'web', state: 'paused', hostId: 'h2' }))).toEqual(['web2']);
  });
  it('finds VMs by title, group and tag in the search box', () => {
    const labelled = [vm('a1', { title: 'Payroll server', uuid: 'e' }), vm('a2', { group: 'Finance', uuid: 'f' }), vm('a3', { tags: ['prod-db'], uuid: 'g' })];
    expect(names(filterVms(labelled, { text: 'payroll', state: 'all', hostId: '' }))).toEqual(['a1']);
    expect(names(filterVms(labelled, { text: 'finance', state: 'all', hostId: '' }))).toEqual(['a2']);
    expect(names(filterVms(labelled, { text: 'PROD', state: 'all', hostId: '' }))).toEqual(['a3']);
  });
  it('finds VMs by their guest OS', () => {
    const debian = { id: 'http://debian.org/debian/12', family: 'linux', distro: 'debian', label: 'Debian 12' } as const;
    const win = { id: 'http://microsoft.com/win/11', family: 'windows', distro: 'win', label: 'Windows 11' } as const;
    const list = [vm('d', { uuid: '1', os: debian }), vm('w', { uuid: '2', os: win }), vm('n', { uuid: '3' })];
    expect(names(filterVms(list, { text: 'debian 12', state: 'all', hostId: '' }))).toEqual(['d']);
    expect(names(filterVms(list, { text: 'windows', state: 'all', hostId: '' }))).toEqual(['w']);
    expect(names(filterVms(list, { text: 'fedora', state: 'all', hostId: '' }))).toEqual([]);
  });
  it('groups libvirt states', () => {
    expect(stateGroup('blocked')).toBe('running');
    expect(stateGroup('pmsuspended')).toBe('paused');
    expect(stateGroup('shutdown')).toBe('other');
  });
});

describe('nextSort / rangeKeys', () => {
  it('flips the direction on the same column and starts ascending on another', () => {
    expect(nextSort({ key: 'name', dir: 'asc' }, 'name')).toEqual({ key: 'name', dir: 'desc' });
    expect(nextSort({ key: 'name', dir: 'desc' }, 'memory')).toEqual({ key: 'memory', dir: 'asc' });
  });
  it('selects a range in either direction', () => {
    expect(rangeKeys(list, 1, 3)).toEqual(list.slice(1, 4).map(vmKey));
    expect(rangeKeys(list, 2, 0)).toEqual(list.slice(0, 3).map(vmKey));
  });
});

describe('labels: filter, groups in use, grouping', () => {
  const labelled = [
    vm('a1', { uuid: '1', group: 'Web', tags: ['prod'] }),
    vm('a2', { uuid: '2', group: 'db', tags: ['prod', 'eu'] }),
    vm('a3', { uuid: '3', hostId: 'h2' }),
    vm('a4', { uuid: '4', group: 'Web', tags: ['eu'], hostId: 'h2' }),
  ];
  it('filters by group (or no group) and by tag', () => {
    const f = { text: '', state: 'all' as const, hostId: '' };
    expect(names(filterVms(labelled, { ...f, group: 'Web' }))).toEqual(['a1', 'a4']);
    expect(names(filterVms(labelled, { ...f, group: NO_GROUP }))).toEqual(['a3']);
    expect(names(filterVms(labelled, { ...f, tag: 'eu' }))).toEqual(['a2', 'a4']);
    expect(names(filterVms(labelled, { ...f, group: 'Web', tag: 'prod' }))).toEqual(['a1']);
  });
  it('lists the groups and tags in use', () => {
    expect(labelsInUse(labelled)).toEqual({ groups: ['db', 'Web'], tags: ['eu', 'prod'] });
  });
  it('groups by label (no group last) and by host, keeping the sort inside each group', () => {
    const g = groupRows(labelled, 'group', hostName);
    expect(g.items.map((i) => (i.kind === 'group' ? `[${i.label} ${i.count}]` : i.vm.name))).toEqual(['[db 1]', 'a2', '[Web 2]', 'a1', 'a4', '[No group 1]', 'a3']);
    expect(names(g.rows)).toEqual(['a2', 'a1', 'a4', 'a3']);
    expect(g.itemOfRow).toEqual([1, 3, 4, 6]);
    g.rows.forEach((r, i) => expect(g.items[g.itemOfRow[i]!]).toMatchObject({ kind: 'vm', vm: r, index: i }));
    const h = groupRows(labelled, 'host', hostName);
    expect(h.items.map((i) => (i.kind === 'group' ? `[${i.label}]` : i.vm.name))).toEqual(['[alpha]', 'a3', 'a4', '[beta]', 'a1', 'a2']);
  });
});
