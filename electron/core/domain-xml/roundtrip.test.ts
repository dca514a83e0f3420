import { describe, expect, it } from 'vitest';
import { DomainXml } from './domain';
import { DomainXmlError } from './errors';
import { fixture, fixtureNames } from './testing';

describe('fixture corpus round-trips byte-for-byte', () => {
  it('has the expected corpus', () => {
    expect(fixtureNames()).toEqual(expect.arrayContaining(['win11.xml', 'linux-server.xml', 'passthrough.xml', 'direct-kernel.xml', 'quirky.xml']));
  });

  it.each(fixtureNames())('%s', (name) => {
    const src = fixture(name);
    const dom = DomainXml.parse(src);
    expect(dom.serialize()).toBe(src);
    // Reading every view must not disturb anything either.
    void dom.toJSON();
    void [dom.memory.toJSON(), dom.cpu.toJSON(), dom.os.toJSON(), dom.features.toJSON(), dom.cputune.pins];
    for (const d of dom.devices.disks.all()) void d.toJSON();
    expect(dom.serialize()).toBe(src);
    expect(dom.clone().serialize()).toBe(src);
  });

  it('survives no-op writes of the same values', () => {
    const src = fixture('linux-server.xml');
    const dom = DomainXml.parse(src);
    const same = <T>(v: T): T => v;
    dom.name = same(dom.name);
    dom.memory.memoryKiB = same(dom.memory.memoryKiB);
    const disk = dom.devices.disks.find('vda')!;
    disk.cache = same(disk.cache);
    disk.totalBytesSec = same(disk.totalBytesSec);
    expect(dom.serialize()).toBe(src);
  });
});

describe('shape checks', () => {
  it.each([
    [`<network><name>x</name></network>`, /expected <domain>/],
    [`<domain><name>x</name></domain>`, /missing type/],
    [`<domain type='kvm'/>`, /missing <name>/],
    [`<domain type='kvm'><name>a</name><name>b</name></domain>`, /more than one <name>/],
    [`<domain type='kvm'><name>a</domain>`, /malformed/],
  ])('rejects %s', (xml, re) => {
    expect(() => DomainXml.parse(xml)).toThrow(DomainXmlError);
    expect(() => DomainXml.parse(xml)).toThrow(re);
  });
});
