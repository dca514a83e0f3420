import { describe, expect, it } from 'vitest';
import type { AuthAnswer, AuthPrompt, VirtdeckEvent } from '../../../preload/contract/model';
import { memorySecretStore } from '../secrets/secret-store';
import { AuthPrompts } from './auth-prompts';

const HOST = '11111111-2222-4333-8444-555555555555';

/** Answers every prompt with the next scripted answer, recording what was asked. */
function scripted(answers: AuthAnswer[]) {
  const asked: AuthPrompt[] = [];
  const emit = (e: VirtdeckEvent) => {
    if (e.type !== 'auth-prompt') return;
    asked.push(e.prompt);
    queueMicrotask(() => prompts.answer(e.prompt.id, answers.shift() ?? null));
  };
  const secrets = memorySecretStore();
  // emit only answers in a later microtask, by when `prompts` is set.
  const prompts: AuthPrompts = new AuthPrompts(emit, secrets);
  return { prompts, asked, secrets };
}

describe('AuthPrompts', () => {
  it('asks the user for an unknown host key with its fingerprint and passes the verdict', async () => {
    const { prompts, asked } = scripted([{ accept: true }, { accept: false }]);
    const ssh = prompts.sshCallbacks(HOST, () => undefined);
    const info = { host: 'lab', port: 22, keyType: 'ssh-ed25519', fingerprintSha256: 'SHA256:abc' };
    expect(await ssh.onUnknownHostKey!(info)).toBe(true);
    expect(await ssh.onUnknownHostKey!(info)).toBe(false);
    expect(asked[0]).toMatchObject({ kind: 'host-key', hostId: HOST, fingerprint: 'SHA256:abc' });
  });

  it('remembers a password when asked to, tries it once next time, and forgets it when wrong', async () => {
    const { prompts, asked, secrets } = scripted([{ secret: 'pw1', remember: true }, { secret: 'pw2' }]);
    const who = { host: 'lab', port: 22, username: 'root' };
    expect(await prompts.sshCallbacks(HOST, () => undefined).askPassword!(who)).toBe('pw1');
    expect(await secrets.get('ssh-password:root@lab:22')).toBe('pw1');

    const next = prompts.sshCallbacks(HOST, () => undefined);
    expect(await next.askPassword!(who)).toBe('pw1'); // from the store, no prompt
    expect(asked).toHaveLength(1);
    expect(await next.askPassword!(who)).toBe('pw2'); // asked again in the same attempt: it was wrong
    expect(asked).toHaveLength(2);
    expect(await secrets.get('ssh-password:root@lab:22')).toBeNull();
  });

  it('asks SASL credentials with the mechanism and previous error, remembering them in the secret store', async () => {
    const { prompts, asked, secrets } = scripted([{ username: 'alice', secret: 's3', remember: true }, { username: 'alice', secret: 's4' }]);
    const sasl = prompts.saslCallbacks(HOST, 'qemu+tls://lab/system', () => undefined);
    expect(await sasl.askCredentials({ mechanism: 'SCRAM-SHA-256', host: 'lab', attempt: 1 })).toEqual({ username: 'alice', password: 's3' });
    expect(asked[0]).toMatchObject({ kind: 'credentials', host: 'lab', mechanism: 'SCRAM-SHA-256', previousError: null });
    expect(await secrets.get('sasl:qemu+tls://lab/system')).toContain('s3');
    const next = prompts.saslCallbacks(HOST, 'qemu+tls://lab/system', () => undefined);
    expect(await next.askCredentials({ mechanism: 'SCRAM-SHA-256', host: 'lab', attempt: 1 })).toEqual({ username: 'alice', password: 's3' });
    expect(asked).toHaveLength(1);
    const retry = await next.askCredentials({ mechanism: 'SCRAM-SHA-256', host: 'lab', attempt: 2, previousError: 'authentication failed' });
    expect(retry).toEqual({ username: 'alice', password: 's4' });
    // The user name of the rejected try (here the remembered one) is offered again.
    expect(asked[1]).toMatchObject({ previousError: 'authentication failed', username: 'alice' });
    expect(await secrets.get('sasl:qemu+tls://lab/system')).toBeNull();
  });

  it('offers the user name typed for a rejected SASL try again, over the one from the URI', async () => {
    const { prompts, asked } = scripted([
      { username: 'bob', secret: 'wrong' },
      { username: 'bob', secret: 'right' },
    ]);
    const sasl = prompts.saslCallbacks(HOST, 'qemu+tls://alice@lab/system', () => undefined);
    await sasl.askCredentials({ mechanism: 'PLAIN', host: 'lab', username: 'alice', attempt: 1 });
    await sasl.askCredentials({ mechanism: 'PLAIN', host: 'lab', username: 'alice', attempt: 2, previousError: 'rejected' });
    expect(asked.map((a) => (a.kind === 'credentials' ? a.username : null))).toEqual(['alice', 'bob']);
  });

  it('treats cancel as giving up and expires unanswered prompts', async () => {
    const { prompts } = scripted([null]);
    expect(await prompts.sshCallbacks(HOST, () => undefined).askPassphrase!({ keyPath: '/k' })).toBeNull();
    const silent = new AuthPrompts(() => undefined, memorySecretStore(), 20);
    expect(await silent.ask(HOST, { kind: 'passphrase', keyPath: '/k' })).toBeNull();
    expect(() => silent.answer('nope', null)).toThrow(/already answered or has expired/);
  });
});
