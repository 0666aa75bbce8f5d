/** Up to `limit` candidates closest to `word` by edit distance (within a third of its length), nearest first. */
export function closestNames(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const target = word.toLowerCase();
  const budget = Math.max(2, Math.floor(target.length / 3));
  const scored: Array<[string, number]> = [];
  for (const candidate of candidates) {
    const distance = editDistance(target, candidate.toLowerCase(), budget);
    const contains = candidate.toLowerCase().includes(target) && target.length >= 4;
    if (distance <= budget || contains) scored.push([candidate, contains ? Math.min(distance, budget) : distance]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([candidate]) => candidate);
}

/** Levenshtein distance, giving up (returning budget + 1) once every path exceeds `budget`. */
function editDistance(a: string, b: string, budget: number): number {
  if (Math.abs(a.length - b.length) > budget) return budget + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > budget) return budget + 1;
    previous = current;
  }
  return previous[b.length];
}
