// Writes a node.xml for libvirt's test driver (test+unix:///path/node.xml): a custom fake host with
// as many domains as a benchmark needs, served by the real daemon.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TestHostOptions {
  domains: number;
  /** Name prefix; every name is PREFIX-0001 … */
  prefix?: string;
  /**
   * How many of them run (the first N); the rest are shut off. Default: all. The test driver starts
   * every domain of a node.xml unless its <test:runstate> (virDomainState, 5 = shutoff) says otherwise.
   */
  running?: number;
}

export function writeTestHostXml(file: string, { domains, prefix = 'vdbench', running = domains }: TestHostOptions): string {
  const doms: string[] = [];
  for (let i = 1; i <= domains; i++) {
    const n = String(i).padStart(4, '0');
    const uuid = `7d0e1c3a-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const runstate = i <= running ? '' : `<test:runstate>5</test:runstate>`;
    doms.push(
      `  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>${prefix}-${n}</name><uuid>${uuid}</uuid><memory unit='MiB'>512</memory>` +
        `<vcpu>2</vcpu><os><type arch='x86_64'>hvm</type></os>` +
        `<devices><disk type='file' device='disk'><source file='/guest/${n}.img'/><target dev='vda' bus='virtio'/></disk>` +
        `<interface type='network'><source network='default'/><mac address='52:54:00:${hex(i >> 16)}:${hex(i >> 8)}:${hex(i)}'/></interface></devices>${runstate}</domain>`,
    );
  }
  const xml = `<node>
  <cpu><mhz>2400</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets><cores>8</cores><threads>2</threads><active>16</active></cpu>
  <memory>67108864</memory>
${doms.join('\n')}
</node>
`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, xml);
  return file;
}

function hex(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}
