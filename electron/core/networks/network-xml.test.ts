import { describe, expect, it } from 'vitest';
import type { NetworkSpec } from '../../../preload/contract/networks';
import { ApiError } from '../api/api-error';
import { at, attr, children, parseXml, text } from '../storage/xml-util';
import { checkMac, formatIp, netmaskToPrefix, overlaps, parseIp, subnetOf } from './ip';
import { buildNetworkXml, networkSpecProblems, readNetworkXml, type ExistingNetwork } from './network-xml';

const base: NetworkSpec = {
  name: 'vdtest-lab',
  mode: 'nat',
  bridge: 'vdtbr0',
  ipv4: { address: '10.213.5.1', prefix: 24, dhcp: { start: '10.213.5.100', end: '10.213.5.200' } },
};

const parse = (spec: NetworkSpec, existing: ExistingNetwork[] = []) => parseXml(buildNetworkXml(spec, existing));

describe('network XML builders', () => {
  it('nat with forward device, DHCP, static hosts, domain, MTU and IPv6', () => {
    const root = parse({
      ...base,
      forwardDev: 'eth0',
      domain: 'lab.internal',
      mtu: 9000,
      ipv4: {
        ...base.ipv4!,
        hosts: [
          { mac: '52:54:00:AA:BB:01', ip: '10.213.5.10', name: 'web' },
          { mac: '52-54-00-aa-bb-02', ip: '10.213.5.11' },
        ],
      },
      ipv6: { address: 'fd00:213:5::1', prefix: 64, dhcp: { start: 'fd00:213:5::100', end: 'fd00:213:5::1ff' } },
    });
    expect(text(at(root, 'name'))).toBe('vdtest-lab');
    expect(attr(at(root, 'forward'), 'mode')).toBe('nat');
    expect(attr(at(root, 'forward'), 'dev')).toBe('eth0');
    expect(attr(at(root, 'bridge'), 'name')).toBe('vdtbr0');
    expect(attr(at(root, 'bridge'), 'stp')).toBe('on');
    expect(attr(at(root, 'mtu'), 'size')).toBe('9000');
    expect(attr(at(root, 'domain'), 'name')).toBe('lab.internal');
    const [v4, v6] = children(root, 'ip');
    expect(attr(v4, 'address')).toBe('10.213.5.1');
    expect(attr(v4, 'prefix')).toBe('24');
    expect(attr(at(v4, 'dhcp', 'range'), 'start')).toBe('10.213.5.100');
    expect(attr(at(v4, 'dhcp', 'range'), 'end')).toBe('10.213.5.200');
    const hosts = children(at(v4, 'dhcp')!, 'host');
    expect(hosts.map((h) => [attr(h, 'mac'), attr(h, 'ip'), attr(h, 'name')])).toEqual([
      ['52:54:00:aa:bb:01', '10.213.5.10', 'web'],
      ['52:54:00:aa:bb:02', '10.213.5.11', undefined],
    ]);
    expect(attr(v6, 'family')).toBe('ipv6');
    expect(attr(v6, 'prefix')).toBe('64');
    expect(attr(at(v6, 'dhcp', 'range'), 'start')).toBe('fd00:213:5::100');
  });

  it('routed', () => {
    const root = parse({ ...base, mode: 'route', forwardDev: 'eth1' });
    expect(attr(at(root, 'forward'), 'mode')).toBe('route');
    expect(attr(at(root, 'forward'), 'dev')).toBe('eth1');
  });

  it('isolated has no <forward>, and may have no addresses at all', () => {
    const root = parse({ ...base, mode: 'isolated' });
    expect(at(root, 'forward')).toBeUndefined();
    expect(children(root, 'ip')).toHaveLength(1);
    const bare = parse({ name: 'l2only', mode: 'isolated' });
    expect(children(bare, 'ip')).toHaveLength(0);
    expect(at(bare, 'bridge')).toBeDefined();
  });

  it('open', () => {
    const root = parse({ ...base, mode: 'open' });
    expect(attr(at(root, 'forward'), 'mode')).toBe('open');
    expect(attr(at(root, 'forward'), 'dev')).toBeUndefined();
  });

  it('bridge-forward to an existing host bridge', () => {
    const root = parse({ name: 'lan', mode: 'bridge', bridge: 'br0' });
    expect(attr(at(root, 'forward'), 'mode')).toBe('bridge');
    expect(attr(at(root, 'bridge'), 'name')).toBe('br0');
    expect(attr(at(root, 'bridge'), 'stp')).toBeUndefined();
    expect(children(root, 'ip')).toHaveLength(0);
  });

  it('reads the facts back, also from netmask form', () => {
    expect(readNetworkXml(buildNetworkXml(base))).toMatchObject({ mode: 'nat', bridge: 'vdtbr0', ipv4: { address: '10.213.5.1', prefix: 24 }, ipv6: null });
    const facts = readNetworkXml(
      "<network><name>default</name><forward mode='nat'/><bridge name='virbr0'/><ip address='192.168.122.1' netmask='255.255.255.0'/></network>",
    );
    expect(facts.ipv4).toEqual({ address: '192.168.122.1', prefix: 24 });
    expect(readNetworkXml('<network><name>x</name></network>').mode).toBe('isolated');
  });
});

describe('network validation', () => {
  it('accepts a good spec', () => {
    expect(networkSpecProblems(base)).toEqual([]);
  });

  it('lists every problem at once', () => {
    const spec: NetworkSpec = {
      name: 'bad name',
      mode: 'isolated',
      bridge: 'averyveryverylongbridge',
      forwardDev: 'eth0',
      mtu: 10,
      domain: 'not a domain',
      ipv4: {
        address: '10.213.5.1',
        prefix: 24,
        dhcp: { start: '10.213.6.10', end: '10.213.5.300' },
        hosts: [
          { mac: '52:54:00:zz:00:01', ip: '10.213.5.20' },
          { mac: '01:00:5e:00:00:01', ip: '10.213.9.1' },
          { mac: '52:54:00:00:00:03', ip: '10.213.5.20', name: 'under_score' },
        ],
      },
    };
    const problems = networkSpecProblems(spec);
    const expected = [
      /network name "bad name"/,
      /bridge name "averyveryverylongbridge" is longer than 15/,
      /forward device only applies to nat and route/,
      /MTU 10/,
      /domain "not a domain"/,
      /DHCP range start 10.213.6.10 is outside 10.213.5.0\/24/,
      /DHCP range end "10.213.5.300" is not an IPv4 address/,
      /static host 1 MAC "52:54:00:zz:00:01" is not a MAC address/,
      /static host 2 MAC "01:00:5e:00:00:01" is a multicast address/,
      /static host 2: 10.213.9.1 is not a usable address in 10.213.5.0\/24/,
      /static host 3 \(under_score\): 10.213.5.20 is given to two hosts/,
      /"under_score" is not a host name/,
    ];
    for (const m of expected) expect(problems.some((p) => m.test(p)), `${m} in ${JSON.stringify(problems, null, 1)}`).toBe(true);
    expect(problems).toHaveLength(expected.length);
    expect(() => buildNetworkXml(spec)).toThrow(ApiError);
  });

  it.each<[Partial<NetworkSpec>, RegExp]>([
    [{ ipv4: { address: '10.213.5.0', prefix: 24 } }, /network address of 10.213.5.0\/24; use a host address such as 10.213.5.1/],
    [{ ipv4: { address: '10.213.5.255', prefix: 24 } }, /broadcast address/],
    [{ ipv4: { address: '10.213.5.1', prefix: 31 } }, /prefix \/31 is not between/],
    [{ ipv4: { address: '10.213.5.1', prefix: 24, dhcp: { start: '10.213.5.200', end: '10.213.5.100' } } }, /starts \(10.213.5.200\) after it ends/],
    [{ ipv4: { address: '10.213.5.1', prefix: 24, dhcp: { start: '10.213.5.1', end: '10.213.5.100' } } }, /includes the host's own address 10.213.5.1/],
    [{ ipv4: { address: '10.213.5.1', prefix: 24, dhcp: { start: '10.213.5.0', end: '10.213.5.100' } } }, /start 10.213.5.0 is outside/],
    [{ ipv4: { address: '10.213.5.1', prefix: 24, hosts: [{ mac: '52:54:00:00:00:01', ip: '10.213.5.1' }] } }, /host's own address/],
    [
      { ipv4: { address: '10.213.5.1', prefix: 24, hosts: [{ mac: '52:54:00:00:00:01', ip: '10.213.5.9' }, { mac: '52:54:00:00:00:01', ip: '10.213.5.8' }] } },
      /MAC 52:54:00:00:00:01 is listed twice/,
    ],
    [{ mode: 'nat', ipv4: undefined }, /NAT network needs an IPv4/],
    [{ mode: 'route', ipv4: undefined }, /route network needs an IPv4 or IPv6/],
    [{ mode: 'bridge', bridge: undefined, ipv4: undefined }, /needs the name of an existing host bridge/],
    [{ mode: 'bridge', bridge: 'br0' }, /no addresses or DHCP/],
    [{ mode: 'bridge', bridge: 'br0', ipv4: undefined, mtu: 1500 }, /MTU on the host bridge/],
    [{ ipv6: { address: 'fd00::1', prefix: 48, dhcp: { start: 'fd00::10', end: 'fd00::20' } } }, /DHCPv6 .* \/64/],
    [{ ipv6: { address: 'fd00::', prefix: 64 } }, /subnet-router address/],
    [{ ipv6: { address: '10.0.0.1', prefix: 64 } }, /not an IPv6 address/],
    [{ ipv6: { address: 'fd00::1', prefix: 64, dhcp: { start: 'fd01::10', end: 'fd00::20' } } }, /DHCPv6 range start fd01::10 is outside fd00::\/64/],
  ])('%j', (patch, message) => {
    const problems = networkSpecProblems({ ...base, ...patch });
    expect(problems.some((p) => message.test(p)), JSON.stringify(problems)).toBe(true);
  });

  it('checks names, bridges and subnets against the host’s other networks', () => {
    const existing: ExistingNetwork[] = [
      { name: 'default', bridge: 'virbr0', subnets: [subnetOf(parseIp('192.168.122.1')!, 24)] },
      { name: 'vdtest-lab', bridge: 'vdtbr0', subnets: [subnetOf(parseIp('10.213.0.1')!, 16)] },
      { name: 'v6', bridge: 'virbr9', subnets: [subnetOf(parseIp('fd00:213:5::1')!, 64)] },
    ];
    const problems = networkSpecProblems({ ...base, ipv6: { address: 'fd00:213:5:0:1::1', prefix: 80 } }, existing);
    expect(problems).toEqual([
      'a network named "vdtest-lab" already exists on this host',
      'bridge vdtbr0 is already used by network "vdtest-lab"',
      '10.213.5.0/24 overlaps 10.213.0.0/16 of network "vdtest-lab"',
      'fd00:213:5:0:1::/80 overlaps fd00:213:5::/64 of network "v6"',
    ]);
    expect(networkSpecProblems({ ...base, name: 'other', bridge: 'vdtbr1', ipv4: { address: '10.214.5.1', prefix: 24 } }, existing)).toEqual([]);
  });
});

describe('ip helpers', () => {
  it('parses and formats', () => {
    expect(formatIp(parseIp('10.213.5.1')!)).toBe('10.213.5.1');
    expect(formatIp(parseIp('fd00:0:0:0:0:0:0:1')!)).toBe('fd00::1');
    expect(formatIp(parseIp('::ffff:192.0.2.1')!)).toBe('::ffff:c000:201');
    expect(formatIp(parseIp('2001:db8:0:1:1:1:1:1')!)).toBe('2001:db8:0:1:1:1:1:1');
    expect(parseIp('1.2.3')).toBeNull();
    expect(parseIp('fd00:::1')).toBeNull();
    expect(netmaskToPrefix('255.255.255.0')).toBe(24);
    expect(netmaskToPrefix('255.0.255.0')).toBeNull();
  });

  it('overlaps', () => {
    const a = subnetOf(parseIp('10.0.0.1')!, 8);
    expect(overlaps(a, subnetOf(parseIp('10.200.0.1')!, 24))).toBe(true);
    expect(overlaps(a, subnetOf(parseIp('11.0.0.1')!, 24))).toBe(false);
    expect(overlaps(a, subnetOf(parseIp('fd00::1')!, 8))).toBe(false);
  });

  it('MAC format', () => {
    expect(checkMac('52:54:00:12:34:56', 'mac')).toBeNull();
    expect(checkMac('52-54-00-12-34-56', 'mac')).toBeNull();
    expect(checkMac('52:54:00-12:34:56', 'mac')).toMatch(/not a MAC/);
    expect(checkMac('52:54:00:12:34', 'mac')).toMatch(/not a MAC/);
    expect(checkMac('00:00:00:00:00:00', 'mac')).toMatch(/all zeros/);
  });
});
