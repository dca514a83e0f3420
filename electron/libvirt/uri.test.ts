import { describe, expect, it } from 'vitest';
import { chooseUnixSocket, LibvirtUriError, parseLibvirtUri } from './uri';

describe('parseLibvirtUri: transports and hosts', () => {
  it.each([
    ['qemu:///system', 'qemu', 'unix', undefined, undefined, '/system', 'qemu:///system'],
    ['qemu:///session', 'qemu', 'unix', undefined, undefined, '/session', 'qemu:///session'],
    ['test:///default', 'test', 'unix', undefined, undefined, '/default', 'test:///default'],
    ['test+unix:///default', 'test', 'unix', undefined, undefined, '/default', 'test:///default'],
    ['qemu://host.example.com/system', 'qemu', 'tls', 'host.example.com', undefined, '/system', 'qemu:///system'],
    ['qemu+tls://host:1234/system', 'qemu', 'tls', 'host', 1234, '/system', 'qemu:///system'],
    ['qemu+tcp://10.0.0.1/system', 'qemu', 'tcp', '10.0.0.1', undefined, '/system', 'qemu:///system'],
    ['qemu+tcp:///system', 'qemu', 'tcp', undefined, undefined, '/system', 'qemu:///system'],
    ['qemu+ssh://root@host/system', 'qemu', 'ssh', 'host', undefined, '/system', 'qemu:///system'],
    ['qemu+SSH://host:2222/system', 'qemu', 'ssh', 'host', 2222, '/system', 'qemu:///system'],
    ['qemu+libssh://host/system', 'qemu', 'libssh', 'host', undefined, '/system', 'qemu:///system'],
    ['qemu+libssh2://host/system', 'qemu', 'libssh2', 'host', undefined, '/system', 'qemu:///system'],
    ['lxc:///', 'lxc', 'unix', undefined, undefined, '/', 'lxc:///'],
    ['qemu+ssh://[::1]:22/system', 'qemu', 'ssh', '::1', 22, '/system', 'qemu:///system'],
    ['qemu+ssh://user@[fe80::1%25eth0]/system', 'qemu', 'ssh', 'fe80::1%eth0', undefined, '/system', 'qemu:///system'],
    ['qemu:/system', 'qemu', 'unix', undefined, undefined, '/system', 'qemu:///system'],
  ])('%s', (raw, driver, transport, host, port, path, openName) => {
    const u = parseLibvirtUri(raw);
    expect(u.driver).toBe(driver);
    expect(u.transport).toBe(transport);
    expect(u.host).toBe(host);
    expect(u.port).toBe(port);
    expect(u.path).toBe(path);
    expect(u.openName).toBe(openName);
  });

  it('keeps the user and marks explicit transports', () => {
    const u = parseLibvirtUri('qemu+ssh://alice@host/system');
    expect(u.user).toBe('alice');
    expect(u.explicitTransport).toBe(true);
    expect(parseLibvirtUri('qemu:///system').explicitTransport).toBe(false);
  });

  it('decodes percent-escapes in the user name', () => {
    expect(parseLibvirtUri('qemu+ssh://a%40b@host/system').user).toBe('a@b');
  });

  it('accepts ext but dial refuses later (parse keeps it)', () => {
    expect(parseLibvirtUri('qemu+ext:///system?command=/bin/foo').transport).toBe('ext');
  });

  it('openName of the remote driver is empty (server probes), unless name= is given', () => {
    expect(parseLibvirtUri('remote://host/').openName).toBe('');
    expect(parseLibvirtUri('remote+ssh://host/').openName).toBe('');
    expect(parseLibvirtUri('remote+ssh://host/?name=qemu:///system').openName).toBe('qemu:///system');
  });
});

describe('parseLibvirtUri: parameters', () => {
  it('strips transport-only parameters from the open name and keeps others', () => {
    const u = parseLibvirtUri(
      'qemu+ssh://root@host:2222/system?keyfile=/k/id&no_verify=1&no_tty=1&known_hosts=/tmp/kh&known_hosts_verify=auto&netcat=/bin/nc&command=/usr/bin/ssh&sshauth=privkey&foo=bar&mode=legacy&proxy=auto&socket=/var/run/x&pkipath=/p&tls_priority=NORMAL&no_sanity=1&authfile=/a&auth=sasl',
    );
    expect(u.openName).toBe('qemu:///system?foo=bar');
    expect(u.sshHelperName).toBe('qemu:///system?foo=bar&mode=legacy&socket=%2Fvar%2Frun%2Fx');
    expect(u.passthroughParams).toEqual([{ name: 'foo', value: 'bar' }]);
    expect(u.client).toMatchObject({
      keyfile: '/k/id',
      noVerify: true,
      noTty: true,
      knownHosts: '/tmp/kh',
      knownHostsVerify: 'auto',
      netcat: '/bin/nc',
      command: '/usr/bin/ssh',
      sshauth: 'privkey',
      mode: 'legacy',
      proxy: 'auto',
      socket: '/var/run/x',
      pkipath: '/p',
      tlsPriority: 'NORMAL',
      noSanity: true,
      auth: 'sasl',
    });
  });

  it('parameter names are case-insensitive like STRCASEEQ', () => {
    const u = parseLibvirtUri('qemu+ssh://h/system?KeyFile=/k&No_Verify=1');
    expect(u.client.keyfile).toBe('/k');
    expect(u.client.noVerify).toBe(true);
    expect(u.openName).toBe('qemu:///system');
  });

  it('name= overrides the open name', () => {
    const u = parseLibvirtUri('qemu+tls://h/system?name=qemu:///session');
    expect(u.openName).toBe('qemu:///session');
    expect(u.sshHelperName).toBe('qemu:///session');
  });

  it('no_verify=0 is false; the last occurrence wins', () => {
    expect(parseLibvirtUri('qemu://h/system?no_verify=0').client.noVerify).toBe(false);
    expect(parseLibvirtUri('qemu://h/system?keyfile=/a&keyfile=/b').client.keyfile).toBe('/b');
  });

  it('decodes values and re-encodes passthrough params', () => {
    const u = parseLibvirtUri('esx://h/?transport=https&x=a%20b&flag');
    expect(u.passthroughParams).toEqual([
      { name: 'transport', value: 'https' },
      { name: 'x', value: 'a b' },
      { name: 'flag', value: '' },
    ]);
    expect(u.openName).toBe('esx:///?transport=https&x=a%20b&flag=');
  });

  it('skips empty sections like libvirt', () => {
    expect(parseLibvirtUri('qemu:///system?&&=x&a=1').params).toEqual([{ name: 'a', value: '1' }]);
  });

  it('keeps the fragment in the open name', () => {
    expect(parseLibvirtUri('test:///default#frag').openName).toBe('test:///default#frag');
  });
});

describe('parseLibvirtUri: errors', () => {
  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['   ', /empty/],
    [' qemu:///system', /whitespace/],
    ['qemu', /no scheme/],
    ['/var/run/libvirt', /no scheme/],
    [':///system', /empty scheme/],
    ['1qemu:///system', /invalid scheme '1qemu'/],
    ['qemu+foo://host/system', /transport 'foo' in URI 'qemu\+foo:\/\/host\/system' not recognised \(should be tls\|unix\|ssh\|ext\|tcp\|libssh2\|libssh\)/],
    ['+ssh://host/system', /no driver name/],
    ['qemu+unix://host/system', /using unix socket and remote server 'host' is not supported/],
    ['qemu+ssh://host:abc/system', /invalid port 'abc'/],
    ['qemu+ssh://host:0/system', /out-of-range port 0/],
    ['qemu+ssh://host:70000/system', /out-of-range port 70000/],
    ['qemu+ssh://@host/system', /empty user name/],
    ['qemu+ssh://[::1/system', /unterminated IPv6/],
    ['qemu+ssh://[::1]x/system', /unexpected text 'x'/],
    ['qemu+ssh://[zz]/system', /invalid IPv6 address/],
    ['qemu+ssh://::1/system', /not enclosed in brackets/],
    ['qemu+ssh://user@/system', /names a user but no host/],
    ['qemu+ssh://:22/system', /names a port but no host/],
    ['qemu:///system?no_verify=yes', /Failed to parse value of URI component no_verify/],
    ['qemu:///system?mode=fast', /Unknown remote mode 'fast'/],
    ['qemu+ssh://h/system?proxy=socks', /Unknown proxy type 'socks'/],
    ['qemu+ssh://h/system?known_hosts_verify=maybe', /Unknown known_hosts_verify value 'maybe'/],
    ['qemu:///system?socket=relative/sock', /socket= .* must be an absolute path/],
    ['qemu:///sys%ZZtem', /malformed percent-escape in the path/],
    ['qemu+ssh://ho st/system', /whitespace/],
    ['qemu+ssh://ho<st/system', /invalid host name/],
    ['qemu:///sys\x01tem', /control characters/],
  ];
  it.each(bad)('%j', (raw, re) => {
    let err: unknown;
    try {
      parseLibvirtUri(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LibvirtUriError);
    expect((err as Error).message).toMatch(re);
  });
});

describe('chooseUnixSocket', () => {
  const none = () => false;
  it('root, qemu:///system, legacy socket exists -> libvirt-sock (legacy)', () => {
    const c = chooseUnixSocket(parseLibvirtUri('qemu:///system'), { euid: 0, exists: (p) => p === '/run/libvirt/libvirt-sock' });
    expect(c).toEqual({ path: '/run/libvirt/libvirt-sock', mode: 'legacy', session: false });
  });
  it('root, modular daemon socket exists -> virtqemud-sock (direct)', () => {
    const c = chooseUnixSocket(parseLibvirtUri('qemu:///system'), { euid: 0, exists: (p) => p.endsWith('virtqemud-sock') || p.endsWith('libvirt-sock') });
    expect(c.path).toBe('/run/libvirt/virtqemud-sock');
    expect(c.mode).toBe('direct');
  });
  it('nothing exists -> build default', () => {
    expect(chooseUnixSocket(parseLibvirtUri('qemu:///system'), { euid: 0, exists: none, defaultMode: 'direct' }).path).toBe('/run/libvirt/virtqemud-sock');
    expect(chooseUnixSocket(parseLibvirtUri('qemu:///system'), { euid: 0, exists: none, defaultMode: 'legacy' }).path).toBe('/run/libvirt/libvirt-sock');
  });
  it('read-only socket', () => {
    expect(chooseUnixSocket(parseLibvirtUri('qemu:///system?mode=legacy'), { euid: 0, readonly: true }).path).toBe('/run/libvirt/libvirt-sock-ro');
  });
  it('mode= forces the choice', () => {
    expect(chooseUnixSocket(parseLibvirtUri('qemu:///system?mode=direct'), { euid: 0, exists: () => true }).path).toBe('/run/libvirt/virtqemud-sock');
    expect(chooseUnixSocket(parseLibvirtUri('qemu:///system?mode=legacy'), { euid: 0, exists: () => true }).path).toBe('/run/libvirt/libvirt-sock');
  });
  it('non-root session -> $XDG_RUNTIME_DIR/libvirt/<daemon>-sock with autostart', () => {
    const c = chooseUnixSocket(parseLibvirtUri('qemu:///session'), { euid: 1000, runtimeDir: '/run/user/1000', exists: none, defaultMode: 'direct' });
    expect(c).toEqual({ path: '/run/user/1000/libvirt/virtqemud-sock', mode: 'direct', session: true, autostartDaemon: 'virtqemud' });
    const l = chooseUnixSocket(parseLibvirtUri('qemu:///session'), { euid: 1000, runtimeDir: '/run/user/1000', exists: none, defaultMode: 'legacy' });
    expect(l).toEqual({ path: '/run/user/1000/libvirt/libvirt-sock', mode: 'legacy', session: true, autostartDaemon: 'libvirtd' });
  });
  it('LIBVIRT_AUTOSTART=0 disables autostart', () => {
    const c = chooseUnixSocket(parseLibvirtUri('qemu:///session'), { euid: 1000, runtimeDir: '/r', autostartEnv: '0' });
    expect(c.autostartDaemon).toBeUndefined();
  });
  it('root with qemu:///session uses the system daemon (like libvirt)', () => {
    expect(chooseUnixSocket(parseLibvirtUri('qemu:///session'), { euid: 0, exists: none, defaultMode: 'legacy' })).toEqual({
      path: '/run/libvirt/libvirt-sock',
      mode: 'legacy',
      session: false,
    });
  });
  it('test+unix:// means the session daemon for non-root; test:/// does not', () => {
    expect(chooseUnixSocket(parseLibvirtUri('test+unix:///default'), { euid: 1000, runtimeDir: '/r', defaultMode: 'legacy' }).path).toBe('/r/libvirt/libvirt-sock');
    expect(chooseUnixSocket(parseLibvirtUri('test:///default'), { euid: 1000, runtimeDir: '/r', defaultMode: 'legacy' }).session).toBe(false);
  });
  it('ssh transports use the legacy socket on the remote side (/var/run), direct is an error', () => {
    expect(chooseUnixSocket(parseLibvirtUri('qemu+ssh://h/system'), { euid: 0, runDir: '/var/run' }).path).toBe('/var/run/libvirt/libvirt-sock');
    expect(() => chooseUnixSocket(parseLibvirtUri('qemu+ssh://h/system?mode=direct'), { euid: 0 })).toThrow(/Cannot use direct socket mode for ssh transport/);
  });
  it('session without a runtime dir is an error', () => {
    expect(() => chooseUnixSocket(parseLibvirtUri('qemu:///session'), { euid: 1000 })).toThrow(/XDG_RUNTIME_DIR/);
  });
});
