import type { DomainXml } from '../domain';
import { hostdevKey } from '../devices/hostdev';
import { normalizeMac } from '../mac';
import type { Issues } from './issues';
import { checkAbsolutePath, checkCount, checkMac, checkPort, checkTargetDev } from './rules';

const PATH_CHAR_TYPES = new Set(['file', 'dev', 'pipe', 'unix']);
const NET_CHAR_TYPES = new Set(['tcp', 'udp']);

function duplicate(seen: Map<string, string>, key: string | undefined, at: string, what: string, out: Issues): void {
  if (key === undefined) return;
  const first = seen.get(key);
  if (first) out.add(at, `${what} '${key}' is already used by ${first}`);
  else seen.set(key, at);
}

export function checkDisks(dom: DomainXml, out: Issues): void {
  const targets = new Map<string, string>();
  dom.devices.disks.all().forEach((d, i) => {
    const at = `devices.disks[${i}]`;
    out.check(`${at}.targetDev`, checkTargetDev(d.targetBus, d.targetDev));
    duplicate(targets, d.targetDev, `${at}.targetDev`, 'target', out);
    if (d.type === 'file') out.check(`${at}.sourceFile`, checkAbsolutePath(d.sourceFile));
    if (d.type === 'block') out.check(`${at}.sourceDev`, checkAbsolutePath(d.sourceDev));
    if (d.type === 'file' && d.sourceFile === undefined && !d.isRemovable) out.add(`${at}.sourceFile`, 'a disk needs an image file');
    for (const kind of ['Bytes', 'Iops'] as const) {
      for (const dir of ['total', 'read', 'write'] as const) {
        const v = d[`${dir}${kind}Sec`];
        if (v !== undefined && v < 0) out.add(`${at}.${dir}${kind}Sec`, 'limit must not be negative');
      }
      if (d[`total${kind}Sec`] && (d[`read${kind}Sec`] || d[`write${kind}Sec`])) {
        out.add(`${at}.total${kind}Sec`, `total ${kind === 'Bytes' ? 'bytes' : 'IOPS'} limit cannot be combined with read/write limits`);
      }
    }
  });
}

export function checkInterfaces(dom: DomainXml, out: Issues): void {
  const macs = new Map<string, string>();
  dom.devices.interfaces.all().forEach((n, i) => {
    const at = `devices.interfaces[${i}]`;
    const bad = checkMac(n.mac);
    out.check(`${at}.mac`, bad);
    if (!bad && n.mac) duplicate(macs, normalizeMac(n.mac), `${at}.mac`, 'MAC', out);
    if (n.type === 'network' && !n.sourceNetwork) out.add(`${at}.sourceNetwork`, 'choose a virtual network');
    if (n.type === 'bridge' && !n.sourceBridge) out.add(`${at}.sourceBridge`, 'choose a host bridge');
    if (n.type === 'direct' && !n.sourceDev) out.add(`${at}.sourceDev`, 'choose a host interface');
    if (n.linkState !== undefined && n.linkState !== 'up' && n.linkState !== 'down') out.add(`${at}.linkState`, "link state must be 'up' or 'down'");
  });
}

export function checkGraphics(dom: DomainXml, out: Issues): void {
  dom.devices.graphics.all().forEach((g, i) => {
    const at = `devices.graphics[${i}]`;
    const min = g.type === 'vnc' ? 5900 : 1;
    if (g.autoport !== true && g.port !== undefined && g.port !== -1) out.check(`${at}.port`, checkPort(g.port, min));
    if (g.tlsPort !== undefined && g.tlsPort !== -1) out.check(`${at}.tlsPort`, checkPort(g.tlsPort));
    // QEMU's VNC auth silently uses only the first 8 characters.
    if (g.type === 'vnc' && g.passwd !== undefined && g.passwd.length > 8) out.add(`${at}.passwd`, 'VNC passwords are limited to 8 characters');
  });
  dom.devices.videos.all().forEach((v, i) => {
    if (v.heads !== undefined) out.check(`devices.videos[${i}].heads`, checkCount(v.heads, 'heads'));
    if (v.vram !== undefined) out.check(`devices.videos[${i}].vram`, checkCount(v.vram, 'video RAM'));
  });
}

export function checkPassthrough(dom: DomainXml, out: Issues): void {
  const keys = new Map<string, string>();
  dom.devices.hostdevs.all().forEach((h, i) => {
    const at = `devices.hostdevs[${i}]`;
    const range = (key: 'usbVendor' | 'usbProduct' | 'pciDomain' | 'pciBus' | 'pciSlot' | 'pciFunction', max: number): void => {
      const v = h[key];
      if (v === undefined) out.add(`${at}.${key}`, 'value is missing');
      else if (v < 0 || v > max) out.add(`${at}.${key}`, `must be between 0 and 0x${max.toString(16)}`);
    };
    if (h.type === 'usb' && h.usbBus === undefined) {
      range('usbVendor', 0xffff);
      range('usbProduct', 0xffff);
    }
    if (h.type === 'pci') {
      range('pciDomain', 0xffff);
      range('pciBus', 0xff);
      range('pciSlot', 0x1f);
      range('pciFunction', 7);
    }
    duplicate(keys, hostdevKey(h), at, 'host device', out);
  });
  dom.devices.redirdevs.all().forEach((r, i) => {
    if (r.type === 'tcp') out.check(`devices.redirdevs[${i}].sourceService`, checkPort(r.sourceService ?? 'missing'));
  });
}

export function checkOtherDevices(dom: DomainXml, out: Issues): void {
  const d = dom.devices;
  const chars = [
    ['serials', d.serials.all()],
    ['consoles', d.consoles.all()],
    ['channels', d.channels.all()],
  ] as const;
  for (const [name, list] of chars) {
    list.forEach((c, i) => {
      const at = `devices.${name}[${i}]`;
      if (c.type && PATH_CHAR_TYPES.has(c.type)) out.check(`${at}.sourcePath`, checkAbsolutePath(c.sourcePath ?? ''));
      if (c.type && NET_CHAR_TYPES.has(c.type)) out.check(`${at}.sourceService`, checkPort(c.sourceService ?? 'missing'));
    });
  }
  d.tpms.all().forEach((t, i) => {
    if (t.backendType === 'passthrough') out.check(`devices.tpms[${i}].backendDevicePath`, checkAbsolutePath(t.backendDevicePath ?? ''));
  });
  d.rngs.all().forEach((r, i) => {
    if (r.backendModel === 'random') out.check(`devices.rngs[${i}].backendDevice`, checkAbsolutePath(r.backendDevice ?? ''));
  });
  const tags = new Map<string, string>();
  d.filesystems.all().forEach((f, i) => {
    const at = `devices.filesystems[${i}]`;
    out.check(`${at}.sourceDir`, checkAbsolutePath(f.sourceDir ?? ''));
    if (!f.targetDir) out.add(`${at}.targetDir`, 'a mount tag is required');
    duplicate(tags, f.targetDir, `${at}.targetDir`, 'mount tag', out);
    if (f.driverType === 'virtiofs' && dom.memory.accessMode !== 'shared') {
      out.add(`${at}.driverType`, "virtiofs needs shared memory (<memoryBacking><access mode='shared'/>)");
    }
  });
}

/** Per-device `<boot order>` must be unique, ≥ 1, and not mixed with `<os><boot dev>`. */
export function checkBootOrder(dom: DomainXml, out: Issues): void {
  const d = dom.devices;
  const lists = { disks: d.disks.all(), interfaces: d.interfaces.all(), hostdevs: d.hostdevs.all(), redirdevs: d.redirdevs.all() };
  const orders = new Map<string, string>();
  let any = false;
  for (const [name, list] of Object.entries(lists)) {
    list.forEach((dev, i) => {
      const o = dev.bootOrder;
      if (o === undefined) return;
      any = true;
      const at = `devices.${name}[${i}].bootOrder`;
      out.check(at, checkCount(o, 'boot order'));
      duplicate(orders, String(o), at, 'boot order', out);
    });
  }
  if (any && dom.os.bootDevices.length) out.add('os.bootDevices', 'per-device boot order cannot be combined with <os><boot dev=…>');
}
