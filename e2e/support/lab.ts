// A private libvirtd (test driver) for e2e tests that change state, with extra VMs defined in it,
// and `virsh` against it to check what libvirt really holds.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPrivateDaemon, type PrivateDaemon } from '../../electron/core/testing/private-daemon';

export interface Lab {
  uri: string;
  daemon: PrivateDaemon;
  virsh(...args: string[]): string;
  domstate(name: string): string;
  dispose(): Promise<void>;
}

export interface LabVm {
  name: string;
  vcpus?: number;
  memoryMiB?: number;
  title?: string;
}

export function domainXml(vm: LabVm): string {
  const mem = (vm.memoryMiB ?? 512) * 1024;
  return `<domain type='test'>
  <name>${vm.name}</name>${vm.title ? `\n  <title>${vm.title}</title>` : ''}
  <memory unit='KiB'>${mem}</memory>
  <currentMemory unit='KiB'>${mem}</currentMemory>
  <vcpu placement='static'>${vm.vcpus ?? 1}</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
</domain>
`;
}

export async function startLab(vms: LabVm[]): Promise<Lab> {
  const daemon = await startPrivateDaemon();
  // libvirt's test driver keeps test:///default only while some connection has it open: an idle
  // interactive virsh holds it, so what we define survives between virsh runs and the app's
  // (re)connections.
  const holder = spawn('virsh', ['-q', '-c', daemon.uri], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    holder.once('exit', (code) => reject(new Error(`virsh exited with ${code}`)));
    holder.stdout.once('data', () => resolve());
    holder.stdin.write('uri\n');
  });
  holder.stdout.resume();
  const virsh = (...args: string[]) => execFileSync('virsh', ['-q', '-c', daemon.uri, ...args], { encoding: 'utf8' }).trim();
  if (vms.length) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-lab-'));
    try {
      // One virsh run for all of them, commands on stdin.
      const files = vms.map((vm, i) => {
        const file = path.join(dir, `${i}.xml`);
        writeFileSync(file, domainXml(vm));
        return file;
      });
      execFileSync('virsh', ['-q', '-c', daemon.uri], { input: files.map((f) => `define ${f}\n`).join(''), encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    uri: daemon.uri,
    daemon,
    virsh,
    domstate: (name) => virsh('domstate', name),
    dispose: async () => {
      holder.stdin.end('quit\n');
      holder.kill();
      await daemon.dispose();
    },
  };
}
