#!/usr/bin/env bash
# Test rig: makes this machine able to run Virtdeck's whole test suite, idempotently.
#  - installs (only when missing) Debian's libvirt daemon, QEMU, Chromium, OpenSSH server and
#    the C client's Python binding used as the benchmark baseline;
#  - starts virtlogd and libvirtd as root when they are not running;
#  - waits until the daemon answers on /run/libvirt/libvirt-sock.
# Safe to run again and again: does nothing when everything is already there.
set -euo pipefail

SOCK=/run/libvirt/libvirt-sock
# With their recommends (as the tests were written against): dnsmasq for virtual networks,
# netcat for the ssh fallback, the storage and network drivers.
PKGS=(libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils chromium openssh-server openssh-client
  python3-libvirt cpio busybox-static openssl sasl2-bin libsasl2-modules dnsmasq-base netcat-openbsd iproute2)

log() { echo "[rig] $*"; }

if [ "$(id -u)" != 0 ]; then
  echo "[rig] must run as root (it installs packages and starts libvirtd); try: sudo bash $0" >&2
  exit 1
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  apt-get update -qq
  # No service starts from the postinst scripts: this machine may have no init, and we start
  # the daemons ourselves below.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/tmp/virtdeck-rig-apt.log 2>&1 \
    || { tail -30 /tmp/virtdeck-rig-apt.log >&2; exit 1; }
fi

answers() { timeout 10 virsh -c qemu:///system version >/dev/null 2>&1; }

if ! pgrep -x virtlogd >/dev/null; then
  log "starting virtlogd"
  virtlogd -d
fi
if ! answers; then
  if ! pgrep -x libvirtd >/dev/null; then
    log "starting libvirtd"
    mkdir -p /run/libvirt
    libvirtd -d
  fi
  for _ in $(seq 1 60); do
    answers && break
    sleep 0.5
  done
fi
answers || { echo "[rig] libvirtd does not answer on $SOCK" >&2; exit 1; }
[ -S "$SOCK" ] || { echo "[rig] no socket at $SOCK" >&2; exit 1; }
log "libvirtd answers on $SOCK ($(virsh -c qemu:///system version 2>/dev/null | awk '/Running hypervisor/{print $3, $4}'))"

# The tiny Linux guest the QEMU tests boot (../shared/guest/ beside the repository).
GUEST_DIR=/var/cache/virtdeck-test/guest
if [ ! -s "$GUEST_DIR/vmlinuz" ] || [ ! -s "$GUEST_DIR/initrd.gz" ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  maker="$here/../shared/guest/make-tiny-guest.sh"
  if [ -f "$maker" ]; then
    log "building the tiny test guest in $GUEST_DIR"
    mkdir -p "$(dirname "$GUEST_DIR")"
    bash "$maker" "$GUEST_DIR" >/tmp/virtdeck-rig-guest.log 2>&1 || { tail -20 /tmp/virtdeck-rig-guest.log >&2; exit 1; }
  else
    log "no $maker: tests that boot a real guest will build it themselves or fail"
  fi
fi
