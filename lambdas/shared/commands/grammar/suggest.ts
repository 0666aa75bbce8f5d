/**
 * "Did you mean …?" for a mistyped service, operation or parameter: the candidate with the smallest
 * Damerau-Levenshtein (optimal string alignment) distance, if it is close enough to be a likely
 * typo, or a candidate the word is a clear prefix of ("describe-alarm" → "describe-alarms").
 */

/** Longer words are not typos of a name; comparing them would only cost time. */
const MAX_WORD_LENGTH = 100;
const MIN_PREFIX_LENGTH = 3;

export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const typed = word.toLowerCase();
  if (typed === "" || typed.length > MAX_WORD_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= allowedDistance(typed)) return best;
  if (typed.length < MIN_PREFIX_LENGTH) return undefined;
  // The shortest candidate that starts with the word: "list" → "list-topics" rather than "list-subscriptions-by-topic".
  return candidates.filter((candidate) => candidate.toLowerCase().startsWith(typed)).sort((a, b) => a.length - b.length)[0];
}

/** One edit for short words, up to a third of the word for long ones. */
function allowedDistance(word: string): number {
  return Math.max(1, Math.floor(word.length / 3));
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
