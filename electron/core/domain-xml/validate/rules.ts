/**
 * Field-level checks shared by the UI forms and `validateDomain`. Each returns an error message
 * or undefined when the value is acceptable.
 */

export function checkName(name: string | undefined): string | undefined {
  if (name === undefined || name.trim() === '') return 'name must not be empty';
  if (name.includes('/')) return "name must not contain '/'";
  return undefined;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function checkUuid(uuid: string): string | undefined {
  return UUID.test(uuid) ? undefined : 'UUID must be 32 hex digits, e.g. 8f3c0c3e-6a1b-4c4e-9c55-2f0d5b1a7e21';
}

export function checkMac(mac: string | undefined): string | undefined {
  if (mac === undefined) return 'MAC address is required';
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(mac)) return `'${mac}' is not a MAC address (xx:xx:xx:xx:xx:xx)`;
  const first = parseInt(mac.slice(0, 2), 16);
  if (first & 1) return `${mac} is a multicast address; a NIC needs a unicast MAC`;
  if (/^00(:00){5}$/.test(mac)) return 'MAC address must not be all zeros';
  return undefined;
}

/** Device names libvirt accepts per disk bus. */
export const TARGET_DEV: Readonly<Record<string, { re: RegExp; example: string }>> = {
  virtio: { re: /^vd[a-z]+$/, example: 'vda' },
  sata: { re: /^sd[a-z]+$/, example: 'sda' },
  scsi: { re: /^sd[a-z]+$/, example: 'sda' },
  usb: { re: /^sd[a-z]+$/, example: 'sda' },
  ide: { re: /^hd[a-z]+$/, example: 'hda' },
  fdc: { re: /^fd[a-z]+$/, example: 'fda' },
  xen: { re: /^xvd[a-z]+$/, example: 'xvda' },
  sd: { re: /^mmcblk\d+$/, example: 'mmcblk0' },
};

export function checkTargetDev(bus: string | undefined, dev: string | undefined): string | undefined {
  if (!dev) return 'target device name is required';
  const rule = bus === undefined ? undefined : TARGET_DEV[bus];
  if (!rule) return bus === undefined ? undefined : `unknown disk bus '${bus}'`;
  return rule.re.test(dev) ? undefined : `'${dev}' is not a ${bus} device name (e.g. ${rule.example})`;
}

/**
 * Parses libvirt's cpuset syntax (`0-3,^2,8`) into sorted CPU numbers. Throws with a message
 * describing the first syntax error.
 */
export function parseCpuset(spec: string): number[] {
  const on = new Set<number>();
  const off = new Set<number>();
  if (spec.trim() === '') throw new Error('cpuset must not be empty');
  for (const term of spec.split(',')) {
    const m = /^(\^)?(\d+)(?:-(\d+))?$/.exec(term.trim());
    if (!m) throw new Error(`'${term}' is not a CPU number, range (a-b) or exclusion (^n)`);
    const lo = Number(m[2]);
    const hi = m[3] === undefined ? lo : Number(m[3]);
    if (m[1] && m[3] !== undefined) throw new Error(`exclusion '${term}' must be a single CPU`);
    if (hi < lo) throw new Error(`range '${term}' is reversed`);
    if (hi > 4095) throw new Error(`CPU ${hi} is beyond 4095`);
    for (let c = lo; c <= hi; c++) (m[1] ? off : on).add(c);
  }
  const cpus = [...on].filter((c) => !off.has(c)).sort((a, b) => a - b);
  if (!cpus.length) throw new Error(`cpuset '${spec}' selects no CPU`);
  return cpus;
}

export function checkCpuset(spec: string | undefined): string | undefined {
  if (spec === undefined) return undefined;
  try {
    parseCpuset(spec);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export function checkPort(port: number | string | undefined, min = 1, max = 65535): string | undefined {
  if (port === undefined) return undefined;
  const n = typeof port === 'number' ? port : /^\d+$/.test(port) ? Number(port) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) return `port ${String(port)} is outside ${min}-${max}`;
  return undefined;
}

export function checkAbsolutePath(p: string | undefined): string | undefined {
  if (p === undefined) return undefined;
  if (!p.startsWith('/')) return `'${p}' is not an absolute path`;
  if (p.includes('\0')) return 'path contains a NUL character';
  return undefined;
}

export function checkCount(n: number | undefined, what: string, min = 1): string | undefined {
  if (n === undefined || !Number.isInteger(n)) return `${what} must be a whole number`;
  return n < min ? `${what} must be at least ${min}` : undefined;
}
