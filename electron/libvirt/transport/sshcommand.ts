/**
 * The remote command libvirt runs over ssh (src/rpc/virnetclient.c virNetClientSSHHelperCommand),
 * reproduced byte for byte so hosts see exactly what virsh/virt-manager would send.
 */
import { chooseUnixSocket, type LibvirtUri, type ProxyMode } from '../uri';

/** libvirt's virBufferEscapeShell: quote only when shell metacharacters are present. */
export function escapeShell(str: string): string {
  if (str === '') return "''";
  if (!/[\r\t\n !"#$&'()*;<>?[\\\]^`{|}~]/.test(str)) return str;
  return "'" + str.replace(/'/g, "'\\''") + "'";
}

/** The ssh server runs our command through a shell, which runs `sh -c` again: escape twice. */
export function doubleEscapeShell(str: string): string {
  return escapeShell(escapeShell(str));
}

export function sshHelperCommand(proxy: ProxyMode, netcatPath: string | undefined, socketPath: string, driverURI: string, readonly: boolean): string {
  const nc = doubleEscapeShell(netcatPath ?? 'nc');
  const uriSafe = doubleEscapeShell(driverURI);
  if (proxy === 'auto' && netcatPath !== undefined) proxy = 'netcat';
  const nccmd =
    `if '${nc}' -q 2>&1 | grep "requires an argument" >/dev/null 2>&1; then ` +
    `ARG=-q0;` +
    `else ` +
    `ARG=;` +
    `fi;` +
    `'${nc}' $ARG -U ${socketPath}`;
  const helpercmd = `virt-ssh-helper${readonly ? ' -r ' : ' '}'${uriSafe}'`;
  switch (proxy) {
    case 'auto':
      return `sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     ${helpercmd}; else    ${nccmd}; fi'`;
    case 'netcat':
      return `sh -c '${nccmd}'`;
    case 'native':
      if (netcatPath !== undefined) throw new Error('netcat path not valid with native proxy mode');
      return `sh -c '${helpercmd}'`;
  }
}

export interface RemoteCommandPlan {
  command: string;
  proxy: ProxyMode;
  socketPath: string;
}

/**
 * Decide proxy mode and remote socket the way doRemoteOpen does: socket= forces netcat, a session
 * URI (only when *we* run unprivileged, like libvirt) uses virt-ssh-helper only, else try
 * virt-ssh-helper and fall back to nc.
 */
export function planRemoteCommand(uri: LibvirtUri, opts: { euid?: number; runtimeDir?: string; readonly?: boolean } = {}): RemoteCommandPlan {
  const readonly = opts.readonly ?? false;
  const choiceEnv: Parameters<typeof chooseUnixSocket>[1] = { runDir: '/var/run', readonly, runtimeDir: opts.runtimeDir ?? process.env.XDG_RUNTIME_DIR ?? '/run/user/0' };
  if (opts.euid !== undefined) choiceEnv.euid = opts.euid;
  const choice = uri.client.socket !== undefined ? undefined : chooseUnixSocket(uri, choiceEnv);
  let proxy: ProxyMode;
  if (uri.client.proxy) proxy = uri.client.proxy;
  else if (uri.client.socket) proxy = 'netcat';
  else if (choice?.session) proxy = 'native';
  else proxy = 'auto';
  const socketPath = uri.client.socket ?? choice!.path;
  const command = sshHelperCommand(proxy, uri.client.netcat, socketPath, uri.sshHelperName, readonly);
  return { command, proxy: proxy === 'auto' && uri.client.netcat !== undefined ? 'netcat' : proxy, socketPath };
}
