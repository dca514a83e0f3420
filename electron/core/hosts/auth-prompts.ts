// Questions a connecting host asks the user (SSH host key, password, passphrase, keyboard-
// interactive), carried out as events and answered through hosts.answerPrompt. Unanswered prompts
// time out so a connection attempt never hangs forever on a closed window.
import { randomUUID } from 'node:crypto';
import type { AuthAnswer, AuthPrompt, VirtdeckEvent } from '../../../preload/contract/model';
import type { SaslOptions } from '../../libvirt';
import type { SshOptions } from '../../libvirt/transport';
import { ApiError } from '../api/api-error';
import { memorySecretStore, type SecretStore } from '../secrets/secret-store';

type PromptBody = AuthPrompt extends infer P ? (P extends AuthPrompt ? Omit<P, 'id' | 'hostId'> : never) : never;

export class AuthPrompts {
  private readonly open = new Map<string, { resolve: (a: AuthAnswer) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly emit: (event: VirtdeckEvent) => void,
    private readonly secrets: SecretStore = memorySecretStore(),
    private readonly timeoutMs = 5 * 60_000,
  ) {}

  ask(hostId: string, body: PromptBody): Promise<AuthAnswer> {
    const prompt = { ...body, id: randomUUID(), hostId } as AuthPrompt;
    return new Promise<AuthAnswer>((resolve) => {
      const timer = setTimeout(() => this.settle(prompt.id, null), this.timeoutMs);
      timer.unref();
      this.open.set(prompt.id, { resolve, timer });
      this.emit({ type: 'auth-prompt', prompt });
    });
  }

  answer(promptId: string, answer: AuthAnswer): void {
    if (!this.settle(promptId, answer)) throw new ApiError('NO_PROMPT', 'that question was already answered or has expired');
  }

  cancelAll(): void {
    for (const id of [...this.open.keys()]) this.settle(id, null);
  }

  /**
   * The SSH transport's callbacks for one connection attempt, answered by the user through
   * prompts. A remembered secret is tried first, once: if the transport asks again in the same
   * attempt, it was wrong, so it is forgotten and the user is asked.
   */
  sshCallbacks(hostId: string, onWaiting: (what: string | null) => void): SshOptions {
    const asking = async <T>(what: string, body: PromptBody, pick: (a: AuthAnswer) => T): Promise<T> => {
      onWaiting(what);
      try {
        return pick(await this.ask(hostId, body));
      } finally {
        onWaiting(null);
      }
    };
    const triedStored = new Set<string>();
    const secretFor = async (key: string, what: string, body: PromptBody): Promise<string | null> => {
      if (!triedStored.has(key)) {
        triedStored.add(key);
        const stored = await this.secrets.get(key);
        if (stored !== null) return stored;
      } else {
        await this.secrets.delete(key);
      }
      const answer = await asking(what, body, (a) => a);
      if (answer === null || !('secret' in answer)) return null;
      if (answer.remember) await this.secrets.set(key, answer.secret);
      return answer.secret;
    };
    return {
      onUnknownHostKey: (info) =>
        asking(`confirm the host key of ${info.host}`, { kind: 'host-key', host: info.host, port: info.port, keyType: info.keyType, fingerprint: info.fingerprintSha256 }, (a) =>
          a !== null && 'accept' in a ? a.accept : false,
        ),
      askPassword: (info) =>
        secretFor(`ssh-password:${info.username}@${info.host}:${info.port}`, `password for ${info.username}@${info.host}`, {
          kind: 'password',
          host: info.host,
          username: info.username,
        }),
      askPassphrase: (info) =>
        secretFor(`ssh-passphrase:${info.keyPath}`, `passphrase for ${info.keyPath}`, { kind: 'passphrase', keyPath: info.keyPath }),
      keyboardInteractive: (info) =>
        asking(
          `answers for ${info.username}@${info.host}`,
          { kind: 'keyboard-interactive', host: info.host, username: info.username, instructions: info.instructions, prompts: info.prompts },
          (a) => (a !== null && 'responses' in a ? a.responses : null),
        ),
    };
  }

  /**
   * SASL credentials for one connection attempt (libvirt's auth_tls/auth_unix = "sasl"): a
   * remembered password for the host is tried first, once, like the SSH callbacks. After a
   * rejected try the user name just used is offered again, so only the password needs retyping.
   */
  saslCallbacks(hostId: string, hostLabel: string, onWaiting: (what: string | null) => void): SaslOptions {
    const key = `sasl:${hostLabel}`;
    let triedStored = false;
    let lastUsername: string | undefined;
    return {
      askCredentials: async (info) => {
        if (!triedStored) {
          triedStored = true;
          const stored = await this.secrets.get(key);
          if (stored) {
            const { username, password } = JSON.parse(stored) as { username: string; password: string };
            lastUsername = username;
            return { username, password };
          }
        } else if (info.attempt > 1) {
          await this.secrets.delete(key);
        }
        onWaiting(`SASL login for ${info.host ?? hostLabel}`);
        try {
          const answer = await this.ask(hostId, {
            kind: 'credentials',
            host: info.host ?? hostLabel,
            username: lastUsername ?? info.username ?? '',
            mechanism: info.mechanism,
            previousError: info.previousError ?? null,
          });
          if (answer === null || !('username' in answer)) return null;
          lastUsername = answer.username;
          if (answer.remember) await this.secrets.set(key, JSON.stringify({ username: answer.username, password: answer.secret }));
          return { username: answer.username, password: answer.secret };
        } finally {
          onWaiting(null);
        }
      },
    };
  }

  private settle(id: string, answer: AuthAnswer): boolean {
    const open = this.open.get(id);
    if (!open) return false;
    this.open.delete(id);
    clearTimeout(open.timer);
    open.resolve(answer);
    this.emit({ type: 'auth-prompt-closed', id });
    return true;
  }
}
