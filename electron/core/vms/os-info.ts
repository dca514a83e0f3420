// The guest OS that virt-install, virt-manager and cockpit record in a domain's <metadata> as a
// libosinfo id:
//   <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
//     <libosinfo:os id="http://debian.org/debian/12"/>
//   </libosinfo:libosinfo>
// understood without libosinfo's database: ids are `http://<vendor>/<short name>/<version>`
// (osinfo-db's data/os/*), so a table of short names gives the family, the distribution and a
// name for people. Pure: anything unexpected becomes family 'other', never an exception.
import type { Element as XmlElement } from '@xmldom/xmldom';
import type { OsFamily, VmOs } from '../../../preload/contract/model';
import { parseXml } from '../storage/xml-util';

export const LIBOSINFO_NS = 'http://libosinfo.org/xmlns/libvirt/domain/1.0';

/** Longest id we keep (the metadata is user-editable; a real id is < 60 characters). */
const MAX_ID = 256;
const MAX_LABEL = 80;

interface Known {
  family: OsFamily;
  distro: string | null;
  name: string;
}

const k = (family: OsFamily, distro: string | null, name: string): Known => ({ family, distro, name });

/**
 * osinfo-db short names (the path segment after the vendor), or `vendor/short` where the short
 * name alone is ambiguous or meaningless.
 */
const KNOWN: Record<string, Known> = {
  // Linux
  debian: k('linux', 'debian', 'Debian'),
  ubuntu: k('linux', 'ubuntu', 'Ubuntu'),
  fedora: k('linux', 'fedora', 'Fedora'),
  silverblue: k('linux', 'fedora', 'Fedora Silverblue'),
  'fedoraproject.org/coreos': k('linux', 'fedora', 'Fedora CoreOS'),
  rhel: k('linux', 'rhel', 'Red Hat Enterprise Linux'),
  'rhel-atomic': k('linux', 'rhel', 'Red Hat Enterprise Linux Atomic Host'),
  rhl: k('linux', 'rhel', 'Red Hat Linux'),
  centos: k('linux', 'centos', 'CentOS'),
  'centos-stream': k('linux', 'centos', 'CentOS Stream'),
  rocky: k('linux', 'rocky', 'Rocky Linux'),
  almalinux: k('linux', 'alma', 'AlmaLinux'),
  'almalinux-kitten': k('linux', 'alma', 'AlmaLinux Kitten'),
  'oracle.com/ol': k('linux', 'oracle', 'Oracle Linux'),
  'oracle.com/oel': k('linux', 'oracle', 'Oracle Enterprise Linux'),
  scientificlinux: k('linux', 'scientific', 'Scientific Linux'),
  'euro-linux.com/eurolinux': k('linux', 'eurolinux', 'EuroLinux'),
  opensuse: k('linux', 'opensuse', 'openSUSE'),
  sles: k('linux', 'sles', 'SUSE Linux Enterprise Server'),
  sled: k('linux', 'sles', 'SUSE Linux Enterprise Desktop'),
  sle: k('linux', 'sles', 'SUSE Linux Enterprise'),
  slem: k('linux', 'sles', 'SUSE Linux Enterprise Micro'),
  caasp: k('linux', 'sles', 'SUSE CaaS Platform'),
  archlinux: k('linux', 'arch', 'Arch Linux'),
  manjaro: k('linux', 'manjaro', 'Manjaro'),
  alpinelinux: k('linux', 'alpine', 'Alpine Linux'),
  gentoo: k('linux', 'gentoo', 'Gentoo'),
  nixos: k('linux', 'nixos', 'NixOS'),
  'guix-system': k('linux', 'guix', 'Guix System'),
  slackware: k('linux', 'slackware', 'Slackware'),
  slackwarearm: k('linux', 'slackware', 'Slackware ARM'),
  mageia: k('linux', 'mageia', 'Mageia'),
  mandrake: k('linux', 'mandriva', 'Mandrake Linux'),
  mandriva: k('linux', 'mandriva', 'Mandriva Linux'),
  'mandriva.com/mes': k('linux', 'mandriva', 'Mandriva Enterprise Server'),
  'mandriva.com/mbs': k('linux', 'mandriva', 'Mandriva Business Server'),
  'altlinux.org/alt': k('linux', 'alt', 'ALT'),
  altlinux: k('linux', 'alt', 'ALT Linux'),
  popos: k('linux', 'popos', 'Pop!_OS'),
  elementary: k('linux', 'elementary', 'elementary OS'),
  voidlinux: k('linux', 'void', 'Void Linux'),
  clearlinux: k('linux', 'clear', 'Clear Linux'),
  solus: k('linux', 'solus', 'Solus'),
  trisquel: k('linux', 'trisquel', 'Trisquel'),
  pureos: k('linux', 'pureos', 'PureOS'),
  'endlessos.com/eos': k('linux', 'endless', 'Endless OS'),
  cirros: k('linux', 'cirros', 'CirrOS'),
  anolis: k('linux', 'anolis', 'Anolis OS'),
  asianux: k('linux', 'asianux', 'Asianux'),
  miraclelinux: k('linux', 'miraclelinux', 'MIRACLE LINUX'),
  'cclinux.org/circle': k('linux', 'circle', 'Circle Linux'),
  hyperbola: k('linux', 'hyperbola', 'Hyperbola'),
  freenix: k('linux', 'freenix', 'Freenix'),
  'univention.de/ucs': k('linux', 'univention', 'Univention Corporate Server'),
  'gnome.org/gnome': k('linux', 'gnome', 'GNOME OS'),
  'gnome-continuous': k('linux', 'gnome', 'GNOME Continuous'),
  'android-x86': k('linux', 'android', 'Android-x86'),
  'libosinfo.org/linux': k('linux', null, 'Generic Linux'),
  // Windows
  'microsoft.com/winnt': k('windows', 'win', 'Windows NT'),
  // BSD
  freebsd: k('bsd', 'freebsd', 'FreeBSD'),
  openbsd: k('bsd', 'openbsd', 'OpenBSD'),
  netbsd: k('bsd', 'netbsd', 'NetBSD'),
  dragonflybsd: k('bsd', 'dragonfly', 'DragonFly BSD'),
  // Everything else
  'microsoft.com/msdos': k('other', 'msdos', 'MS-DOS'),
  freedos: k('other', 'freedos', 'FreeDOS'),
  haiku: k('other', 'haiku', 'Haiku'),
  'sun.com/solaris': k('other', 'solaris', 'Solaris'),
  'oracle.com/solaris': k('other', 'solaris', 'Oracle Solaris'),
  opensolaris: k('other', 'solaris', 'OpenSolaris'),
  smartos: k('other', 'illumos', 'SmartOS'),
  'omnios.org/bloody': k('other', 'illumos', 'OmniOS bloody'),
  'openindiana.org/hipster': k('other', 'illumos', 'OpenIndiana Hipster'),
  netware: k('other', 'netware', 'NetWare'),
};

/** Version words osinfo-db uses, as people write them; null drops the word. */
const VERSION_WORDS: Record<string, string | null> = {
  unknown: null,
  rolling: null,
  rawhide: 'Rawhide',
  tumbleweed: 'Tumbleweed',
  factory: 'Factory',
  eln: 'ELN',
};

const WINDOWS: Record<string, string> = {
  '2k': 'Windows 2000',
  me: 'Windows Me',
  xp: 'Windows XP',
  vista: 'Windows Vista',
};

function windowsName(version: string): string {
  const known = WINDOWS[version];
  if (known) return known;
  // 2k3, 2k3r2, 2k8r2, 2k12, 2k16, 2k19, 2k22, 2k25: Windows Server 20NN [R2]
  const server = /^2k(\d{1,2})(r2)?$/.exec(version);
  if (server) return `Windows Server 20${server[1]!.padStart(2, '0')}${server[2] ? ' R2' : ''}`;
  return version ? `Windows ${version}` : 'Windows';
}

function macName(version: string): string {
  const m = /^(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) return version ? `macOS ${version}` : 'macOS';
  const major = Number(m[1]);
  const minor = Number(m[2] ?? 0);
  if (major === 10 && minor <= 7) return `Mac OS X ${version}`;
  if (major === 10 && minor <= 11) return `OS X ${version}`;
  return `macOS ${version}`;
}

/** Ubuntu's April releases of even years (and 6.06) are LTS. */
function ubuntuSuffix(version: string): string {
  const m = /^(\d+)\.04$/.exec(version);
  return version === '6.06' || (m && Number(m[1]) >= 8 && Number(m[1]) % 2 === 0) ? ' LTS' : '';
}

/** 'debian' → 'Debian' for vendors we do not know; keeps what the id says otherwise. */
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One version segment as people read it, or null (unknown, rolling, or junk). */
function versionText(segment: string): string | null {
  const lower = segment.toLowerCase();
  if (lower in VERSION_WORDS) return VERSION_WORDS[lower]!;
  // RHEL-style "9-unknown": all that is known is the major version.
  const major = /^(\d+)-unknown$/i.exec(segment);
  if (major) return major[1]!;
  return /^[\w.+-]{1,24}$/.test(segment) ? segment : null;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

const UNKNOWN = (id: string): VmOs => ({ id, family: 'other', distro: null, label: 'Unknown OS' });

/** What a libosinfo id means: family, distribution, a name for people. Never throws. */
export function osFromLibosinfoId(raw: unknown): VmOs {
  // eslint-disable-next-line no-control-regex
  const id = clip((typeof raw === 'string' ? raw : '').trim().replace(/[\u0000-\u001f\u007f]/g, ''), MAX_ID);
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]+)\/([^?#\s]+)$/i.exec(id);
  if (!m) return UNKNOWN(id);
  const vendor = m[1]!.toLowerCase().replace(/^www\./, '');
  const segments = m[2]!.split('/').filter(Boolean);
  const short = segments[0]?.toLowerCase();
  if (!short || !/^[\w.+-]{1,40}$/.test(short)) return UNKNOWN(id);
  if (vendor === 'libosinfo.org' && short === 'unknown') return UNKNOWN(id);
  const versions = segments.slice(1).map(versionText).filter((v): v is string => v !== null);
  const version = versions.join(' ');

  if (vendor === 'microsoft.com' && short === 'win') return { id, family: 'windows', distro: 'win', label: clip(windowsName(version.toLowerCase()), MAX_LABEL) };
  if (vendor === 'apple.com' && short.startsWith('macos')) return { id, family: 'macos', distro: 'macos', label: clip(macName(version), MAX_LABEL) };

  const known = KNOWN[`${vendor}/${short}`] ?? KNOWN[short];
  if (known) {
    const suffix = known.distro === 'ubuntu' ? ubuntuSuffix(version) : '';
    // openSUSE Leap is 15.x/16.x and the odd 42.x; the old numbered releases were plain openSUSE.
    const name = known.distro === 'opensuse' && /^(1[5-9]|42)\./.test(version) ? 'openSUSE Leap' : known.name;
    return { id, family: known.family, distro: known.distro, label: clip(version ? `${name} ${version}${suffix}` : name, MAX_LABEL) };
  }

  // A vendor osinfo-db may add later: guess the family from the words in the id.
  const words = `${vendor}/${short}`;
  const family: OsFamily = /bsd/.test(words) ? 'bsd' : /linux/.test(words) ? 'linux' : /microsoft\.com/.test(vendor) ? 'windows' : 'other';
  const name = capitalize(short);
  return { id, family, distro: null, label: clip(version ? `${name} ${version}` : name, MAX_LABEL) };
}

/**
 * The id in the element libvirt returns for the libosinfo namespace (virDomainGetMetadata), or
 * null when there is none or the XML is not what virt-install writes.
 */
export function libosinfoIdFromMetadata(xml: string): string | null {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch {
    return null;
  }
  for (let n = root.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const e = n as XmlElement;
    if ((e.localName ?? e.tagName) !== 'os') continue;
    const id = e.getAttribute('id')?.trim();
    if (id) return id;
  }
  return null;
}
