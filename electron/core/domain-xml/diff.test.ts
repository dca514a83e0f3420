import { describe, expect, it } from 'vitest';
import { domainDiff, unifiedDiff } from './diff';
import { maskSecrets } from './mask';
import { loadFixture } from './testing';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('emits hunks with context and line numbers', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].join('\n');
    const after = ['1', '2', 'three', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'].join('\n');
    expect(unifiedDiff(before, after, { context: 1, fromLabel: 'a.xml', toLabel: 'b.xml' })).toBe(
      ['--- a.xml', '+++ b.xml', '@@ -2,3 +2,3 @@', ' 2', '-3', '+three', ' 4', '@@ -12,1 +12,2 @@', ' 12', '+13', ''].join('\n'),
    );
  });

  it('merges nearby changes into one hunk and handles pure insertions/deletions', () => {
    expect(unifiedDiff('a\nb\nc', 'a\nB\nc\nd', { context: 3 })).toBe(['--- before', '+++ after', '@@ -1,3 +1,4 @@', ' a', '-b', '+B', ' c', '+d', ''].join('\n'));
    expect(unifiedDiff('x', '')).toBe(['--- before', '+++ after', '@@ -1,1 +1,1 @@', '-x', '+', ''].join('\n'));
    expect(unifiedDiff('a\nb', 'b')).toBe(['--- before', '+++ after', '@@ -1,2 +1,1 @@', '-a', ' b', ''].join('\n'));
    expect(unifiedDiff('b', 'a\nb')).toBe(['--- before', '+++ after', '@@ -1,1 +1,2 @@', '+a', ' b', ''].join('\n'));
  });

  it('shows a real domain edit as just the touched lines, passwords masked', () => {
    const dom = loadFixture('win11.xml');
    const before = dom.serialize();
    dom.devices.disks.find('sdb')!.eject();
    dom.devices.graphics.find(0)!.passwd = 'brand-new';
    const diff = domainDiff(before, dom.serialize());
    expect(diff).not.toMatch(/s3cr3t|brand-new/);
    expect(diff.split('\n').filter((l) => /^[-+][^-+]/.test(l))).toEqual([
      "-      <source file='/var/lib/libvirt/isos/Win11_23H2_English_x64.iso'/>",
      "-    <graphics type='spice' port='5900' autoport='yes' listen='127.0.0.1' passwd='***'>",
      "+    <graphics type='spice' port='5900' autoport='yes' listen='127.0.0.1' passwd='***changed***'>",
    ]);
  });
});

describe('maskSecrets', () => {
  it('masks passwd attributes in either quote style', () => {
    expect(maskSecrets(`<graphics passwd='a"b' type="vnc"/><graphics passwd="x'y"/>`)).toBe(`<graphics passwd='***' type="vnc"/><graphics passwd="***"/>`);
    expect(maskSecrets(`<graphics  passwd = 'z' />`)).toBe(`<graphics  passwd = '***' />`);
  });

  it('flags changed passwords against a previous version', () => {
    const before = `<a passwd='x'/><b passwd='y'/>`;
    expect(maskSecrets(`<a passwd='x'/><b passwd='z'/><c passwd='new'/>`, before)).toBe(`<a passwd='***'/><b passwd='***changed***'/><c passwd='***changed***'/>`);
  });
});
