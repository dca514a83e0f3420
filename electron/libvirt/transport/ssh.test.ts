/**
 * ssh transport against an in-process ssh2 Server: covers the auth paths a stock sshd without PAM
 * can't (keyboard-interactive, successful password) and checks the exact remote command.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dial, type SshOptions } from './index';

const { Server, utils } = ssh2;

describe('ssh transport (in-process ssh2 server)', () => {
  let server: InstanceType<typeof Server>;
  let port = 0;
  let dir = '';
  const commands: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-ssh2srv-'));
    const hostKey = utils.generateKeyPairSync('ed25519');
    server = new Server({ hostKeys: [hostKey.private] }, (client) => {
      client.on('error', () => undefined);
      client.on('authentication', (ctx) => {
        if (ctx.method === 'keyboard-interactive') {
          ctx.prompt([{ prompt: 'Verification code: ', echo: false }], 'OTP', 'Enter the code', (answers) => {
            if (answers[0] === '424242') ctx.accept();
            else ctx.reject();
          });
        } else if (ctx.method === 'password' && ctx.username === 'alice' && ctx.password === 'pw') {
          ctx.accept();
        } else {
          ctx.reject(['password', 'keyboard-interactive']);
        }
      });
      client.on('ready', () => {
        client.on('session', (accept) => {
          const session = accept();
          session.on('exec', (acceptExec, _reject, info) => {
            commands.push(info.command);
            const ch = acceptExec();
            ch.on('data', (d: Buffer) => ch.write(d)); // echo
          });
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  }, 30_000);
  afterAll(async () => {
    if (server) await new Promise<void>((r) => server.close(() => r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function echoes(uri: string, ssh: SshOptions) {
    const r = await dial(uri, { timeoutMs: 10_000, ssh });
    try {
      const got = new Promise<string>((resolve) => r.stream.once('data', (d: Buffer) => resolve(d.toString())));
      r.stream.write('ping');
      expect(await got).toBe('ping');
      return r;
    } finally {
      r.stream.destroy();
    }
  }

  it('keyboard-interactive: prompts go to the callback, answers come back', async () => {
    const keyboardInteractive = vi.fn(() => ['424242']);
    await echoes(`qemu+ssh://bob@127.0.0.1:${port}/system?known_hosts=${dir}/kh1&known_hosts_verify=auto&sshauth=keyboard-interactive`, {
      agent: false,
      keyboardInteractive,
    });
    expect(keyboardInteractive).toHaveBeenCalledWith({
      host: '127.0.0.1',
      port,
      username: 'bob',
      name: 'OTP',
      instructions: 'Enter the code',
      prompts: [{ prompt: 'Verification code: ', echo: false }],
    });
  });

  it('password that works; the exact libvirt command is executed', async () => {
    commands.length = 0;
    const askPassword = vi.fn(() => 'pw');
    await echoes(`qemu+libssh2://alice@127.0.0.1:${port}/system?known_hosts=${dir}/kh2&known_hosts_verify=auto`, { agent: false, askPassword, privateKeyPaths: [] });
    expect(askPassword).toHaveBeenCalledTimes(1);
    expect(commands).toEqual([
      `sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper 'qemu:///system'; else    if 'nc' -q 2>&1 | grep "requires an argument" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'nc' $ARG -U /var/run/libvirt/libvirt-sock; fi'`,
    ]);
  });

  it('known_hosts_verify=ignore neither asks nor records', async () => {
    const onUnknownHostKey = vi.fn(() => false);
    await echoes(`qemu+ssh://alice@127.0.0.1:${port}/system?known_hosts=${dir}/kh3&known_hosts_verify=ignore`, { agent: false, askPassword: () => 'pw', onUnknownHostKey });
    expect(onUnknownHostKey).not.toHaveBeenCalled();
  });

  it('a throwing callback fails the dial cleanly', async () => {
    const e = await dial(`qemu+ssh://alice@127.0.0.1:${port}/system?known_hosts=${dir}/kh4`, {
      ssh: {
        agent: false,
        onUnknownHostKey: () => {
          throw new Error('UI went away');
        },
      },
    }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'IO' });
    expect((e as Error).message).toMatch(/UI went away/);
  });

  it('unknown sshauth method is an INVALID_URI error', async () => {
    await expect(dial(`qemu+ssh://a@127.0.0.1:${port}/system?sshauth=gssapi`)).rejects.toMatchObject({ code: 'INVALID_URI' });
  });
});
