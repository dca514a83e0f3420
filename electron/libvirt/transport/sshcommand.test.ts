import { describe, expect, it } from 'vitest';
import { parseLibvirtUri } from '../uri';
import { doubleEscapeShell, escapeShell, planRemoteCommand, sshHelperCommand } from './sshcommand';

const NC = (nc: string, sock: string) =>
  `if '${nc}' -q 2>&1 | grep "requires an argument" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'${nc}' $ARG -U ${sock}`;

describe('libvirt ssh remote command', () => {
  it('escapes like virBufferEscapeShell', () => {
    expect(escapeShell('')).toBe("''");
    expect(escapeShell('qemu:///system')).toBe('qemu:///system');
    expect(escapeShell('a b')).toBe("'a b'");
    expect(escapeShell("it's")).toBe("'it'\\''s'");
    expect(doubleEscapeShell('qemu:///system?x=1')).toBe("''\\''qemu:///system?x=1'\\'''");
  });

  it('auto: probe for virt-ssh-helper, fall back to nc', () => {
    expect(sshHelperCommand('auto', undefined, '/var/run/libvirt/libvirt-sock', 'qemu:///system', false)).toBe(
      `sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper 'qemu:///system'; else    ${NC('nc', '/var/run/libvirt/libvirt-sock')}; fi'`,
    );
  });

  it('netcat=, native, readonly', () => {
    expect(sshHelperCommand('auto', '/opt/nc', '/s', 'qemu:///system', false)).toBe(`sh -c '${NC('/opt/nc', '/s')}'`);
    expect(sshHelperCommand('native', undefined, '/s', 'qemu:///session', true)).toBe(`sh -c 'virt-ssh-helper -r 'qemu:///session''`);
    expect(() => sshHelperCommand('native', '/opt/nc', '/s', 'qemu:///system', false)).toThrow(/netcat path not valid/);
  });

  it('plans like doRemoteOpen', () => {
    const sys = planRemoteCommand(parseLibvirtUri('qemu+ssh://root@h/system'), { euid: 0 });
    expect(sys.proxy).toBe('auto');
    expect(sys.socketPath).toBe('/var/run/libvirt/libvirt-sock');
    expect(sys.command).toContain("virt-ssh-helper 'qemu:///system'");
    const sock = planRemoteCommand(parseLibvirtUri('qemu+ssh://h/system?socket=/tmp/s'), { euid: 0 });
    expect(sock.proxy).toBe('netcat');
    expect(sock.command).toBe(`sh -c '${NC('nc', '/tmp/s')}'`);
    const sess = planRemoteCommand(parseLibvirtUri('qemu+ssh://u@h/session'), { euid: 1000, runtimeDir: '/run/user/1000' });
    expect(sess.proxy).toBe('native');
    const forced = planRemoteCommand(parseLibvirtUri('qemu+ssh://h/system?proxy=netcat'), { euid: 0 });
    expect(forced.command).toBe(`sh -c '${NC('nc', '/var/run/libvirt/libvirt-sock')}'`);
    const ro = planRemoteCommand(parseLibvirtUri('qemu+ssh://h/system?proxy=netcat'), { euid: 0, readonly: true });
    expect(ro.socketPath).toBe('/var/run/libvirt/libvirt-sock-ro');
    const q = planRemoteCommand(parseLibvirtUri('qemu+ssh://h/system?mode=legacy&foo=1'), { euid: 0 });
    expect(q.command).toContain(`virt-ssh-helper '''\\''qemu:///system?mode=legacy&foo=1'\\''''`);
  });
});
