import { describe, expect, it } from 'vitest';
import { parseLossless } from './parse';
import { parsePath } from './path';
import { flag, hex, int, onOff, readOnly, sizeKiB, str, yesNo } from './props';
import { serializeLossless } from './serialize';

function load(xml: string) {
  const doc = parseLossless(xml);
  const root = doc.documentElement!;
  return { root, out: () => serializeLossless(doc) };
}

const DISK = `<devices>\n  <disk type='file'>\n    <source file='/a.img'/>\n    <target dev='vda' bus='virtio'/>\n  </disk>\n</devices>\n`;

describe('properties', () => {
  it('creates intermediate elements in libvirt order with matching indentation', () => {
    const { root, out } = load(DISK);
    const disk = root.getElementsByTagName('disk').item(0)!;
    str('./driver/@cache').set(disk, 'none');
    int('./iotune/read_bytes_sec').set(disk, 1000);
    expect(out()).toBe(
      `<devices>\n  <disk type='file'>\n    <driver cache='none'/>\n    <source file='/a.img'/>\n    <target dev='vda' bus='virtio'/>\n    <iotune>\n      <read_bytes_sec>1000</read_bytes_sec>\n    </iotune>\n  </disk>\n</devices>\n`,
    );
    str('./driver/@cache').set(disk, undefined);
    int('./iotune/read_bytes_sec').set(disk, undefined);
    expect(out()).toBe(DISK);
  });

  it('clearing keeps elements that still carry other data', () => {
    const { root, out } = load(`<disk><driver name='qemu' cache='none'/></disk>`);
    str('./driver/@cache').set(root, undefined);
    expect(out()).toBe(`<disk><driver name='qemu'/></disk>`);
  });

  it('reads and writes text, ints and hex', () => {
    const { root, out } = load(`<a><name>x</name><addr bus='0x01' n='12'/></a>`);
    expect(str('./name').get(root)).toBe('x');
    expect(int('./addr/@n').get(root)).toBe(12);
    expect(int('./addr/@bus').get(root)).toBeUndefined();
    expect(hex('./addr/@bus', 2).get(root)).toBe(1);
    hex('./addr/@bus', 2).set(root, 0x1f);
    str('./name').set(root, 'a&b');
    expect(out()).toBe(`<a><name>a&amp;b</name><addr bus='0x1f' n='12'/></a>`);
    expect(hex('./x/@y', 4).get(parseLossless(`<a><x y='7'/></a>`).documentElement!)).toBe(7);
  });

  it('maps booleans for yes/no, on/off and element presence', () => {
    const { root, out } = load(`<a><f state='on'/><g v='maybe'/></a>`);
    expect(onOff('./f/@state').get(root)).toBe(true);
    expect(yesNo('./g/@v').get(root)).toBeUndefined();
    onOff('./f/@state').set(root, false);
    yesNo('./g/@v').set(root, true);
    flag('./h/readonly').set(root, true);
    expect(flag('./h/readonly').get(root)).toBe(true);
    expect(out()).toBe(`<a><f state='off'/><g v='yes'/><h><readonly/></h></a>`);
    flag('./h/readonly').set(root, false);
    expect(out()).toBe(`<a><f state='off'/><g v='yes'/></a>`);
  });

  it('handles predicates: selects by them and writes them on creation', () => {
    const p = `./os/firmware/feature[@name='secure-boot']/@enabled`;
    expect(parsePath(p).steps[2]?.preds).toEqual([['name', 'secure-boot']]);
    const { root, out } = load(`<domain>\n  <os>\n    <type>hvm</type>\n  </os>\n</domain>`);
    yesNo(p).set(root, true);
    expect(out()).toBe(
      `<domain>\n  <os>\n    <type>hvm</type>\n    <firmware>\n      <feature name='secure-boot' enabled='yes'/>\n    </firmware>\n  </os>\n</domain>`,
    );
    yesNo(p).set(root, undefined);
    expect(out()).toBe(`<domain>\n  <os>\n    <type>hvm</type>\n  </os>\n</domain>`);
  });

  it('converts sizes to KiB and leaves equal values untouched', () => {
    const { root, out } = load(`<d><memory unit='GiB'>4</memory><p size='2' unit='M'/><b unit='b'>1000</b><u unit='zz'>1</u></d>`);
    const mem = sizeKiB('./memory', './memory/@unit');
    expect(mem.get(root)).toBe(4 * 1024 * 1024);
    expect(sizeKiB('./p/@size', './p/@unit').get(root)).toBe(2048);
    expect(sizeKiB('./b', './b/@unit').get(root)).toBe(1);
    expect(sizeKiB('./u', './u/@unit').get(root)).toBeUndefined();
    mem.set(root, 4 * 1024 * 1024);
    expect(out()).toContain(`<memory unit='GiB'>4</memory>`);
    mem.set(root, 1024);
    expect(out()).toContain(`<memory unit='KiB'>1024</memory>`);
    mem.set(root, undefined);
    expect(out()).not.toContain('memory');
  });

  it('refuses writes to read-only properties and rejects bad paths', () => {
    const { root } = load(`<a i='1'/>`);
    expect(() => readOnly(int('./@i')).set(root, 2)).toThrow(/read-only/);
    expect(() => parsePath('os/type')).toThrow();
    expect(() => parsePath('./a[1]')).toThrow();
  });

  it('indents compact documents compactly', () => {
    const { root, out } = load(`<a><b/></a>`);
    str('./c/@x').set(root, '1');
    expect(out()).toBe(`<a><b/><c x='1'/></a>`);
  });
});
