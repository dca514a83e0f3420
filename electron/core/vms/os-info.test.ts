import { describe, expect, it } from 'vitest';
import { LIBOSINFO_NS, libosinfoIdFromMetadata, osFromLibosinfoId } from './os-info';

const os = (id: string) => {
  const { family, distro, label } = osFromLibosinfoId(id);
  return [family, distro, label];
};

describe('osFromLibosinfoId', () => {
  it.each([
    // Linux
    ['http://debian.org/debian/12', 'linux', 'debian', 'Debian 12'],
    ['http://debian.org/debian/testing', 'linux', 'debian', 'Debian testing'],
    ['http://ubuntu.com/ubuntu/24.04', 'linux', 'ubuntu', 'Ubuntu 24.04 LTS'],
    ['http://ubuntu.com/ubuntu/24.10', 'linux', 'ubuntu', 'Ubuntu 24.10'],
    ['http://ubuntu.com/ubuntu/23.04', 'linux', 'ubuntu', 'Ubuntu 23.04'],
    ['http://ubuntu.com/ubuntu/6.06', 'linux', 'ubuntu', 'Ubuntu 6.06 LTS'],
    ['http://fedoraproject.org/fedora/40', 'linux', 'fedora', 'Fedora 40'],
    ['http://fedoraproject.org/fedora/rawhide', 'linux', 'fedora', 'Fedora Rawhide'],
    ['http://fedoraproject.org/fedora/eln', 'linux', 'fedora', 'Fedora ELN'],
    ['http://fedoraproject.org/fedora/unknown', 'linux', 'fedora', 'Fedora'],
    ['http://fedoraproject.org/silverblue/40', 'linux', 'fedora', 'Fedora Silverblue 40'],
    ['http://fedoraproject.org/coreos/stable', 'linux', 'fedora', 'Fedora CoreOS stable'],
    ['http://redhat.com/rhel/9.4', 'linux', 'rhel', 'Red Hat Enterprise Linux 9.4'],
    ['http://redhat.com/rhel/10-unknown', 'linux', 'rhel', 'Red Hat Enterprise Linux 10'],
    ['http://redhat.com/rhel/unknown', 'linux', 'rhel', 'Red Hat Enterprise Linux'],
    ['http://redhat.com/rhel-atomic/7.4', 'linux', 'rhel', 'Red Hat Enterprise Linux Atomic Host 7.4'],
    ['http://redhat.com/rhl/9', 'linux', 'rhel', 'Red Hat Linux 9'],
    ['http://centos.org/centos-stream/9', 'linux', 'centos', 'CentOS Stream 9'],
    ['http://centos.org/centos/7.0', 'linux', 'centos', 'CentOS 7.0'],
    ['http://rockylinux.org/rocky/9', 'linux', 'rocky', 'Rocky Linux 9'],
    ['http://rockylinux.org/rocky/8-unknown', 'linux', 'rocky', 'Rocky Linux 8'],
    ['http://almalinux.org/almalinux/9', 'linux', 'alma', 'AlmaLinux 9'],
    ['http://almalinux.org/almalinux-kitten/10', 'linux', 'alma', 'AlmaLinux Kitten 10'],
    ['http://oracle.com/ol/9.4', 'linux', 'oracle', 'Oracle Linux 9.4'],
    ['http://opensuse.org/opensuse/15.5', 'linux', 'opensuse', 'openSUSE Leap 15.5'],
    ['http://opensuse.org/opensuse/42.3', 'linux', 'opensuse', 'openSUSE Leap 42.3'],
    ['http://opensuse.org/opensuse/13.2', 'linux', 'opensuse', 'openSUSE 13.2'],
    ['http://opensuse.org/opensuse/tumbleweed', 'linux', 'opensuse', 'openSUSE Tumbleweed'],
    ['http://suse.com/sles/15.5', 'linux', 'sles', 'SUSE Linux Enterprise Server 15.5'],
    ['http://suse.com/sle/15.6', 'linux', 'sles', 'SUSE Linux Enterprise 15.6'],
    ['http://suse.com/slem/5.5', 'linux', 'sles', 'SUSE Linux Enterprise Micro 5.5'],
    ['http://archlinux.org/archlinux/rolling', 'linux', 'arch', 'Arch Linux'],
    ['http://alpinelinux.org/alpinelinux/3.19', 'linux', 'alpine', 'Alpine Linux 3.19'],
    ['http://gentoo.org/gentoo/rolling', 'linux', 'gentoo', 'Gentoo'],
    ['http://nixos.org/nixos/24.11', 'linux', 'nixos', 'NixOS 24.11'],
    ['http://nixos.org/nixos/unstable', 'linux', 'nixos', 'NixOS unstable'],
    ['http://system76.com/popos/22.04', 'linux', 'popos', 'Pop!_OS 22.04'],
    ['http://endlessos.com/eos/5.1', 'linux', 'endless', 'Endless OS 5.1'],
    ['http://guix.gnu.org/guix-system/1.4', 'linux', 'guix', 'Guix System 1.4'],
    ['http://cirros-cloud.net/cirros/0.6.2', 'linux', 'cirros', 'CirrOS 0.6.2'],
    ['http://libosinfo.org/linux/2022', 'linux', null, 'Generic Linux 2022'],
    // Windows
    ['http://microsoft.com/win/11', 'windows', 'win', 'Windows 11'],
    ['http://microsoft.com/win/10', 'windows', 'win', 'Windows 10'],
    ['http://microsoft.com/win/8.1', 'windows', 'win', 'Windows 8.1'],
    ['http://microsoft.com/win/7', 'windows', 'win', 'Windows 7'],
    ['http://microsoft.com/win/vista', 'windows', 'win', 'Windows Vista'],
    ['http://microsoft.com/win/xp', 'windows', 'win', 'Windows XP'],
    ['http://microsoft.com/win/me', 'windows', 'win', 'Windows Me'],
    ['http://microsoft.com/win/98', 'windows', 'win', 'Windows 98'],
    ['http://microsoft.com/win/3.1', 'windows', 'win', 'Windows 3.1'],
    ['http://microsoft.com/win/2k', 'windows', 'win', 'Windows 2000'],
    ['http://microsoft.com/win/2k3', 'windows', 'win', 'Windows Server 2003'],
    ['http://microsoft.com/win/2k3r2', 'windows', 'win', 'Windows Server 2003 R2'],
    ['http://microsoft.com/win/2k8', 'windows', 'win', 'Windows Server 2008'],
    ['http://microsoft.com/win/2k8r2', 'windows', 'win', 'Windows Server 2008 R2'],
    ['http://microsoft.com/win/2k12r2', 'windows', 'win', 'Windows Server 2012 R2'],
    ['http://microsoft.com/win/2k16', 'windows', 'win', 'Windows Server 2016'],
    ['http://microsoft.com/win/2k19', 'windows', 'win', 'Windows Server 2019'],
    ['http://microsoft.com/win/2k22', 'windows', 'win', 'Windows Server 2022'],
    ['http://microsoft.com/win/2k25', 'windows', 'win', 'Windows Server 2025'],
    ['http://microsoft.com/winnt/4.0', 'windows', 'win', 'Windows NT 4.0'],
    // BSD
    ['http://freebsd.org/freebsd/14.0', 'bsd', 'freebsd', 'FreeBSD 14.0'],
    ['http://openbsd.org/openbsd/7.5', 'bsd', 'openbsd', 'OpenBSD 7.5'],
    ['http://netbsd.org/netbsd/10.0', 'bsd', 'netbsd', 'NetBSD 10.0'],
    ['http://dragonflybsd.org/dragonflybsd/6.4', 'bsd', 'dragonfly', 'DragonFly BSD 6.4'],
    // macOS
    ['http://apple.com/macosx/10.7', 'macos', 'macos', 'Mac OS X 10.7'],
    ['http://apple.com/macosx/10.10', 'macos', 'macos', 'OS X 10.10'],
    ['http://apple.com/macosx/10.15', 'macos', 'macos', 'macOS 10.15'],
    // Others osinfo-db knows
    ['http://microsoft.com/msdos/6.22', 'other', 'msdos', 'MS-DOS 6.22'],
    ['http://freedos.org/freedos/1.3', 'other', 'freedos', 'FreeDOS 1.3'],
    ['http://haiku-os.org/haiku/r1beta4', 'other', 'haiku', 'Haiku r1beta4'],
    ['http://sun.com/solaris/10', 'other', 'solaris', 'Solaris 10'],
    ['http://oracle.com/solaris/11', 'other', 'solaris', 'Oracle Solaris 11'],
    ['http://openindiana.org/hipster/rolling', 'other', 'illumos', 'OpenIndiana Hipster'],
    ['http://libosinfo.org/unknown', 'other', null, 'Unknown OS'],
  ])('%s → %s / %s / %s', (id, family, distro, label) => {
    expect(os(id)).toEqual([family, distro, label]);
    expect(osFromLibosinfoId(id).id).toBe(id);
  });

  // One id of every OS short name in osinfo-db (data/os/*/*.xml.in): each is known by name.
  const OSINFO_DB = `http://almalinux.org/almalinux-kitten/10 http://almalinux.org/almalinux/10 http://alpinelinux.org/alpinelinux/3.10
    http://altlinux.org/alt/10.0 http://altlinux.org/altlinux/1.0 http://android-x86.org/android-x86/8.1 http://apple.com/macosx/10.0
    http://archlinux.org/archlinux/rolling http://asianux.com/asianux/4.6 http://cclinux.org/circle/8-unknown http://centos.org/centos-stream/10
    http://centos.org/centos/5.0 http://cirros-cloud.net/cirros/0.3.0 http://clearlinux.org/clearlinux/rolling http://debian.org/debian/1.1
    http://dragonflybsd.org/dragonflybsd/1.0 http://elementary.io/elementary/5.0 http://endlessos.com/eos/3.1 http://euro-linux.com/eurolinux/8
    http://fedoraproject.org/coreos/next http://fedoraproject.org/fedora/1 http://fedoraproject.org/silverblue/28 http://freebsd.org/freebsd/1.0
    http://freedos.org/freedos/1.2 http://freenix.net/freenix/14.2 http://gentoo.org/gentoo/rolling http://getsol.us/solus/rolling
    http://gnome.org/gnome-continuous/3.10 http://gnome.org/gnome/3.6 http://guix.gnu.org/guix-system/1.1 http://haiku-os.org/haiku/nightly
    http://hyperbola.info/hyperbola/03 http://libosinfo.org/linux/2016 http://mageia.org/mageia/1 http://mandriva.com/mandrake/10.0
    http://mandriva.com/mandriva/2006.0 http://mandriva.com/mbs/1.0 http://mandriva.com/mes/5.0 http://manjaro.org/manjaro/rolling
    http://microsoft.com/msdos/6.22 http://microsoft.com/win/1.0 http://microsoft.com/winnt/3.1 http://miraclelinux.com/miraclelinux/8-unknown
    http://netbsd.org/netbsd/0.8 http://nixos.org/nixos/20.03 http://novell.com/netware/4 http://omnios.org/bloody/rolling
    http://openanolis.cn/anolis/23.0 http://openbsd.org/openbsd/4.2 http://openindiana.org/hipster/rolling http://opensuse.org/opensuse/10.2
    http://oracle.com/oel/4.4 http://oracle.com/ol/5.10 http://oracle.com/solaris/11 http://pureos.net/pureos/10 http://redhat.com/rhel-atomic/7.0
    http://redhat.com/rhel/10-unknown http://redhat.com/rhl/1.0 http://rockylinux.org/rocky/10-unknown http://scientificlinux.org/scientificlinux/5.0
    http://slackware.com/slackware/10.0 http://slackware.com/slackwarearm/14.0 http://smartos.org/smartos/rolling http://sun.com/opensolaris/2009.06
    http://sun.com/solaris/10 http://suse.com/caasp/1.0 http://suse.com/sle/15-unknown http://suse.com/sled/10.1 http://suse.com/slem/5.0
    http://suse.com/sles/10.1 http://system76.com/popos/17.10 http://trisquel.info/trisquel/10 http://ubuntu.com/ubuntu/10.04
    http://univention.de/ucs/4.0 http://voidlinux.org/voidlinux/rolling`.split(/\s+/);

  it.each(OSINFO_DB)('knows %s', (id) => {
    const got = osFromLibosinfoId(id);
    if (id.startsWith('http://libosinfo.org/')) expect(got.distro).toBeNull();
    else expect(got.distro, id).not.toBeNull();
    // No "unknown"/"rolling" noise in the name.
    expect(got.label).not.toMatch(/unknown|rolling/i);
  });

  it('guesses the family of vendors it does not know, naming them from the id', () => {
    expect(os('http://example-linux.org/zork/1.0')).toEqual(['linux', null, 'Zork 1.0']);
    expect(os('http://example.org/ghostbsd/24.01')).toEqual(['bsd', null, 'Ghostbsd 24.01']);
    expect(os('http://microsoft.com/winfuture/1')).toEqual(['windows', null, 'Winfuture 1']);
    expect(os('http://example.com/zork/unknown')).toEqual(['other', null, 'Zork']);
    expect(os('https://www.debian.org/debian/13')).toEqual(['linux', 'debian', 'Debian 13']);
    expect(os('HTTP://DEBIAN.ORG/Debian/12')).toEqual(['linux', 'debian', 'Debian 12']);
  });

  it('turns garbage into "other" without throwing', () => {
    const garbage: unknown[] = [
      '',
      '   ',
      'debian12',
      'not a uri',
      'http://',
      'http://debian.org',
      'http://debian.org/',
      'http://debian.org//',
      'file:///etc/passwd',
      'http://debian.org/<script>/1',
      'http://debian.org/deb ian/12',
      'http://x/' + 'a'.repeat(100_000),
      '\u0000\u0001',
      'http://💥.org/💥/1',
      null,
      undefined,
      42,
      { id: 'http://debian.org/debian/12' },
    ];
    for (const g of garbage) {
      const got = osFromLibosinfoId(g);
      expect(got.family, String(g)).toBe('other');
      expect(got.distro).toBeNull();
      expect(got.label).toBe('Unknown OS');
      expect(got.id.length).toBeLessThanOrEqual(256);
    }
  });

  it('keeps labels short and clean when the version is junk', () => {
    expect(os('http://endlessos.com/eos/{{current_series}}')).toEqual(['linux', 'endless', 'Endless OS']);
    expect(os('http://debian.org/debian/' + '9'.repeat(40))).toEqual(['linux', 'debian', 'Debian']);
    expect(os('http://debian.org/debian/12/extra')).toEqual(['linux', 'debian', 'Debian 12 extra']);
    expect(osFromLibosinfoId('http://debian.org/debian/12?x=1').family).toBe('other');
    expect(osFromLibosinfoId(' http://debian.org/debian/12\n').id).toBe('http://debian.org/debian/12');
  });
});

describe('libosinfoIdFromMetadata', () => {
  it('reads the id from the element libvirt returns', () => {
    const xml = `<libosinfo:libosinfo xmlns:libosinfo="${LIBOSINFO_NS}">\n  <libosinfo:os id="http://debian.org/debian/12"/>\n</libosinfo:libosinfo>`;
    expect(libosinfoIdFromMetadata(xml)).toBe('http://debian.org/debian/12');
    expect(libosinfoIdFromMetadata(`<libosinfo xmlns="${LIBOSINFO_NS}"><os id=" http://microsoft.com/win/11 "/></libosinfo>`)).toBe('http://microsoft.com/win/11');
  });

  it('is null for no id, other elements or bad XML', () => {
    expect(libosinfoIdFromMetadata(`<libosinfo:libosinfo xmlns:libosinfo="${LIBOSINFO_NS}"/>`)).toBeNull();
    expect(libosinfoIdFromMetadata(`<libosinfo:libosinfo xmlns:libosinfo="${LIBOSINFO_NS}"><libosinfo:os/></libosinfo:libosinfo>`)).toBeNull();
    expect(libosinfoIdFromMetadata('<x><y id="http://debian.org/debian/12"/></x>')).toBeNull();
    expect(libosinfoIdFromMetadata('<x><os id="')).toBeNull();
    expect(libosinfoIdFromMetadata('')).toBeNull();
  });
});
