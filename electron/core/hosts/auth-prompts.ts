// Questions a connecting host asks the user (SSH host key, password, passphrase, keyboard-
// interactive), carried out as events and answered through hosts.answerPrompt. Unanswered prompts
// time out so a connection attempt never hangs forever on a closed window.
import { randomUUID } from 'node:crypto';
import type { AuthAnswer, AuthPrompt, VirtdeckEvent } from '../../../preload/contract/model';
import type { SshOptions } from '../../libvirt/transport';
import { ApiError } from '../api/api-error';

type PromptBody = AuthPrompt extends infer P ? (P extends AuthPrompt ? Omit<P, 'id' | 'hostId'> : never) : never;

export class AuthPrompts {
  private readonly open = new Map<string, { resolve: (a: AuthAnswer) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly emit: (event: VirtdeckEvent) => void,
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

  /** The SSH transport's callbacks for one host, answered by the user through prompts. */
  sshCallbacks(hostId: string, onWaiting: (what: string | null) => void): SshOptions {
    const asking = async <T>(what: string, body: PromptBody, pick: (a: AuthAnswer) => T): Promise<T> => {
      onWaiting(what);
      try {
        return pick(await this.ask(hostId, body));
      } finally {
        onWaiting(null);
      }
    };
    return {
      onUnknownHostKey: (info) =>
        asking(`confirm the host key of ${info.host}`, { kind: 'host-key', host: info.host, port: info.port, keyType: info.keyType, fingerprint: info.fingerprintSha256 }, (a) =>
          a !== null && 'accept' in a ? a.accept : false,
        ),
      askPassword: (info) =>
        asking(`password for ${info.username}@${info.host}`, { kind: 'password', host: info.host, username: info.username }, (a) =>
          a !== null && 'secret' in a ? a.secret : null,
        ),
      askPassphrase: (info) =>
        asking(`passphrase for ${info.keyPath}`, { kind: 'passphrase', keyPath: info.keyPath }, (a) => (a !== null && 'secret' in a ? a.secret : null)),
      keyboardInteractive: (info) =>
        asking(
          `answers for ${info.username}@${info.host}`,
          { kind: 'keyboard-interactive', host: info.host, username: info.username, instructions: info.instructions, prompts: info.prompts },
          (a) => (a !== null && 'responses' in a ? a.responses : null),
        ),
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
