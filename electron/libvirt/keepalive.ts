export interface KeepaliveOptions {
  /** Seconds of silence from the daemon before we PING it (libvirt default 5). */
  intervalSec?: number;
  /** Unanswered PINGs before the connection is declared dead (libvirt default 5). */
  count?: number;
}

export const KEEPALIVE_DEFAULTS = { intervalSec: 5, count: 5 } as const;

/**
 * libvirt's keepalive timing (virkeepalive.c): we only PING when nothing at all has arrived for
 * `interval`; anything received — a reply, an event, a PONG — proves the peer alive and resets the
 * miss count. After `count` PINGs in a row go unanswered the peer is dead. The timer is unref'd so
 * an idle connection never keeps the process alive on its own.
 */
export class Keepalive {
  private lastRecv = Date.now();
  private missed = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly count: number;

  constructor(
    options: KeepaliveOptions,
    private readonly sendPing: () => void,
    private readonly onDead: (reason: string) => void,
  ) {
    this.intervalMs = Math.max(1, (options.intervalSec ?? KEEPALIVE_DEFAULTS.intervalSec) * 1000);
    this.count = Math.max(1, Math.floor(options.count ?? KEEPALIVE_DEFAULTS.count));
  }

  start(): void {
    if (this.timer) return;
    this.lastRecv = Date.now();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Called for every message received from the peer. */
  touch(): void {
    this.lastRecv = Date.now();
    this.missed = 0;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    // A timer that fires a little early must not count as a miss.
    if (Date.now() - this.lastRecv < this.intervalMs * 0.9) return;
    if (this.missed >= this.count) {
      this.stop();
      this.onDead(
        `keepalive timeout: no response from the daemon to ${this.missed} pings sent every ${this.intervalMs / 1000} s`,
      );
      return;
    }
    this.missed++;
    this.sendPing();
  }
}
