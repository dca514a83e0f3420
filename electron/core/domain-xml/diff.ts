import { maskSecrets } from './mask';

export interface DiffOptions {
  /** Unchanged lines shown around each change (default 3). */
  context?: number;
  fromLabel?: string;
  toLabel?: string;
}

type Op = readonly ['=' | '-' | '+', string];

/**
 * Unified diff of two texts by line (`--- / +++ / @@` hunks), empty when equal. Uses an LCS
 * table; domain XML is a few hundred lines, so O(n·m) is fine.
 */
export function unifiedDiff(before: string, after: string, opts: DiffOptions = {}): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = lineOps(a, b);
  const ctx = opts.context ?? 3;
  const out = [`--- ${opts.fromLabel ?? 'before'}`, `+++ ${opts.toLabel ?? 'after'}`];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]?.[0] === '=') {
      i++;
      continue;
    }
    // Grow a hunk from this change until a run of more than 2*ctx unchanged lines.
    const start = Math.max(0, i - ctx);
    let end = i;
    let lastChange = i;
    while (end < ops.length && end - lastChange <= 2 * ctx) {
      if (ops[end]?.[0] !== '=') lastChange = end;
      end++;
    }
    end = Math.min(ops.length, lastChange + ctx + 1);
    const hunk = ops.slice(start, end);
    const [aStart, bStart] = position(ops, start);
    const aLen = hunk.filter((o) => o[0] !== '+').length;
    const bLen = hunk.filter((o) => o[0] !== '-').length;
    out.push(`@@ -${aStart + (aLen ? 1 : 0)},${aLen} +${bStart + (bLen ? 1 : 0)},${bLen} @@`);
    for (const [op, line] of hunk) out.push(`${op === '=' ? ' ' : op}${line}`);
    i = end;
  }
  return `${out.join('\n')}\n`;
}

/** The diff the core logs before a redefine and the UI shows before apply: passwords masked. */
export function domainDiff(beforeXml: string, afterXml: string, opts?: DiffOptions): string {
  return unifiedDiff(maskSecrets(beforeXml), maskSecrets(afterXml, beforeXml), opts);
}

function position(ops: readonly Op[], upto: number): [number, number] {
  let a = 0;
  let b = 0;
  for (let k = 0; k < upto; k++) {
    const op = ops[k]?.[0];
    if (op !== '+') a++;
    if (op !== '-') b++;
  }
  return [a, b];
}

function lineOps(a: string[], b: string[]): Op[] {
  // Trim the common prefix/suffix first: edits are local, so the table stays tiny.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => lcs[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = am[i] === bm[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const ops: Op[] = a.slice(0, pre).map((l) => ['=', l] as const);
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) {
      ops.push(['=', am[i++] ?? '']);
      j++;
    } else if (i < n && (j >= m || at(i + 1, j) >= at(i, j + 1))) ops.push(['-', am[i++] ?? '']);
    else ops.push(['+', bm[j++] ?? '']);
  }
  for (const l of a.slice(a.length - suf)) ops.push(['=', l]);
  return ops;
}
