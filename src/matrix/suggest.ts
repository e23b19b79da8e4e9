/** Edits (insert, delete, replace, swap two neighbours) from `a` to `b`, ignoring case. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(s.length, t.length);
}

/** How far a word may be from a candidate and still be a typo of it: 1 edit up to 4 letters, 2 up to 8, then 3. */
const maxEdits = (word: string) => (word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3);

/** The candidates nearest to `word` (at most two), within typo distance; none when `word` is one of them. */
export function nearest(word: string, candidates: Iterable<string>): string[] {
  const list = [...new Set(candidates)];
  if (list.includes(word)) return [];
  const scored = list.map((c) => ({ c, d: editDistance(word, c) })).filter(({ d }) => d <= maxEdits(word));
  const best = Math.min(...scored.map(({ d }) => d));
  return scored.filter(({ d }) => d === best).map(({ c }) => c).slice(0, 2);
}

/** "did you mean X? " or "did you mean 'X' or 'Y'? " (quoted with `quote`), or '' when nothing is near. */
export function didYouMean(word: string, candidates: Iterable<string>, quote = ''): string {
  const near = nearest(word, candidates).map((c) => `${quote}${c}${quote}`);
  return near.length === 0 ? '' : `did you mean ${near.join(' or ')}? `;
}
