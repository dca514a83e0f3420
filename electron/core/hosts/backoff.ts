/** Reconnect delays: 1 s, 2 s, 4 s … capped, with ±20 % jitter so many hosts don't retry in step. */
export function backoffDelayMs(attempt: number, { baseMs = 1000, maxMs = 30_000, jitter = 0.2, random = Math.random } = {}): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (1 - jitter + 2 * jitter * random()));
}
