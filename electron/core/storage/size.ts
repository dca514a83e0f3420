// Sizes as people type them, following virsh's scaled integers: a bare number is bytes; K, M, G,
// T, P, E (and KiB, MiB, ...) are powers of 1024; KB, MB, GB, ... are powers of 1000. Case and a
// space before the unit do not matter ("10G", "512MiB", "1.5 TB", "20 gib").

const UNITS: Record<string, bigint> = { b: 1n, byte: 1n, bytes: 1n };
const PREFIXES = ['k', 'm', 'g', 't', 'p', 'e'] as const;
PREFIXES.forEach((p, i) => {
  const bin = 1024n ** BigInt(i + 1);
  const dec = 1000n ** BigInt(i + 1);
  UNITS[p] = bin;
  UNITS[`${p}ib`] = bin;
  UNITS[`${p}b`] = dec;
});

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Why a size string was refused, as a sentence for the user; or the size in bytes. */
export type SizeResult = { ok: true; bytes: number } | { ok: false; error: string };

/**
 * Parses "10G", "512MiB", "1.5 TB", "1048576" (bytes) or a byte count given as a number.
 * Fractions are allowed with a unit and rounded up to a whole byte (never smaller than asked).
 */
export function parseSizeResult(input: string | number, what = 'size'): SizeResult {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, error: `${what} is not a number` };
    if (!Number.isInteger(input)) return { ok: false, error: `${what} in bytes must be a whole number, got ${input}` };
    if (input < 0) return { ok: false, error: `${what} cannot be negative` };
    if (input > Number.MAX_SAFE_INTEGER) return { ok: false, error: `${what} is too large` };
    return { ok: true, bytes: input };
  }
  const text = input.trim();
  if (text === '') return { ok: false, error: `${what} is empty (e.g. 10G, 512MiB, 1.5 TB)` };
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)$/i.exec(text);
  if (!m) return { ok: false, error: `${what} "${input}" is not a size (e.g. 10G, 512MiB, 1.5 TB)` };
  const [, sign, num = '', unitRaw = ''] = m;
  if (sign === '-') return { ok: false, error: `${what} cannot be negative` };
  const unit = unitRaw.toLowerCase();
  const scale = unit === '' ? 1n : UNITS[unit];
  if (scale === undefined) {
    return { ok: false, error: `${what} "${input}": unknown unit "${unitRaw}" (use B, KiB/K, MiB/M, GiB/G, TiB/T or KB, MB, GB, TB)` };
  }
  const [whole = '0', frac = ''] = num.split('.');
  if (frac.replace(/0+$/, '') !== '' && scale === 1n) {
    return { ok: false, error: `${what} "${input}": bytes must be a whole number` };
  }
  // Exact: (whole.frac) * scale = (whole * 10^f + frac) * scale / 10^f, rounded up.
  const den = 10n ** BigInt(frac.length);
  const numerator = (BigInt(whole || '0') * den + BigInt(frac || '0')) * scale;
  const bytes = (numerator + den - 1n) / den;
  if (bytes > MAX) return { ok: false, error: `${what} "${input}" is too large` };
  return { ok: true, bytes: Number(bytes) };
}

/** Like parseSizeResult but throws an Error with the message. */
export function parseSize(input: string | number, what = 'size'): number {
  const r = parseSizeResult(input, what);
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
}

/** 10737418240 → "10 GiB", 1536 → "1.5 KiB": for messages. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const shown = i === 0 ? String(v) : (Math.round(v * 100) / 100).toString();
  return `${shown} ${units[i]}`;
}
