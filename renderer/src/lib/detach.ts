// VM details detached into their own window. The window loads the same app with `vm=<host>/<uuid>`
// added to the URL fragment (which also carries the dev host's token, so it stays). In Electron the
// main process lets only our own origin open, with the same hardened preferences.

const VM_PARAM = 'vm';

function params(): URLSearchParams {
  return new URLSearchParams(location.hash.slice(1));
}

/** The VM this window is dedicated to, or null for the main window. */
export function detachedVmKey(): string | null {
  return params().get(VM_PARAM);
}

export function detachedVmUrl(key: string, base: Pick<Location, 'origin' | 'pathname' | 'hash'> = location): string {
  const p = new URLSearchParams(base.hash.slice(1));
  p.set(VM_PARAM, key);
  return `${base.origin}${base.pathname}#${p.toString()}`;
}

export function openDetachedVm(key: string): boolean {
  return window.open(detachedVmUrl(key), '_blank', 'popup,width=1100,height=760') !== null;
}
