// Fuzzy matching for the command palette: every query character must appear in order; matches at
// word starts and in runs score higher. Returns null when it does not match.
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const t = text.toLowerCase();
  let score = 0;
  let ti = 0;
  let prev = -2;
  for (const ch of q) {
    if (ch === ' ') continue;
    const found = t.indexOf(ch, ti);
    if (found < 0) return null;
    const wordStart = found === 0 || /[\s\-_:/.(]/.test(t[found - 1]!);
    score += 1 + (wordStart ? 3 : 0) + (found === prev + 1 ? 2 : 0) - Math.min(3, (found - ti) * 0.1);
    prev = found;
    ti = found + 1;
  }
  if (t.startsWith(q)) score += 5;
  return score;
}

export function fuzzyFilter<T>(items: readonly T[], query: string, text: (item: T) => string): T[] {
  if (!query.trim()) return [...items];
  return items
    .map((item, i) => ({ item, i, s: fuzzyScore(query, text(item)) }))
    .filter((x): x is { item: T; i: number; s: number } => x.s !== null)
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.item);
}
