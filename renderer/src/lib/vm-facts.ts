// Small facts for the VM overview: the OS libosinfo recorded in the domain's <metadata>, and
// durations in words.

const LIBOSINFO_NS = 'http://libosinfo.org/xmlns/libvirt/domain/1.0';

const VENDORS: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  fedora: 'Fedora',
  rhel: 'Red Hat Enterprise Linux',
  centos: 'CentOS',
  'centos-stream': 'CentOS Stream',
  rocky: 'Rocky Linux',
  almalinux: 'AlmaLinux',
  opensuse: 'openSUSE',
  sles: 'SUSE Linux Enterprise Server',
  win: 'Windows',
  freebsd: 'FreeBSD',
  openbsd: 'OpenBSD',
  netbsd: 'NetBSD',
  alpinelinux: 'Alpine Linux',
  archlinux: 'Arch Linux',
  gentoo: 'Gentoo',
  nixos: 'NixOS',
  linux: 'Linux',
  generic: 'Generic',
};

/** 'http://debian.org/debian/12' → 'Debian 12'; 'http://microsoft.com/win/2k22' → 'Windows 2k22'. */
export function osNameFromId(id: string): string {
  const parts = id.replace(/^[a-z]+:\/\/[^/]+\//i, '').split('/').filter(Boolean);
  if (!parts.length) return id;
  const [family, ...rest] = parts;
  const name = VENDORS[family!.toLowerCase()] ?? family!.charAt(0).toUpperCase() + family!.slice(1);
  const version = rest.join(' ');
  return version && version !== 'unknown' ? `${name} ${version}` : name;
}

/** The libosinfo OS id in a domain XML's <metadata>, or null. */
export function osIdFromXml(xml: string): string | null {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return null;
  const os = doc.getElementsByTagNameNS(LIBOSINFO_NS, 'os')[0];
  return os?.getAttribute('id') || null;
}

/** 93784000 → '1 d 2 h'; 185000 → '3 min 5 s'. Two most significant units. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const units: [number, string][] = [
    [Math.floor(s / 86400), 'd'],
    [Math.floor((s % 86400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'min'],
    [s % 60, 's'],
  ];
  const first = units.findIndex(([n]) => n > 0);
  if (first < 0) return '0 s';
  return units
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n} ${u}`)
    .join(' ');
}
