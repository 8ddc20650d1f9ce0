// "Did you mean" suggestions by edit distance.

/** Damerau-Levenshtein distance (optimal string alignment: adjacent transpositions count as one edit). */
export function editDistance(a: string, b: string): number {
  let before = new Array<number>(b.length + 1).fill(0); // row i-2, for transpositions
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1);
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/** Candidates compared per word: a file of thousands of blocks with an unknown name in each would
 *  otherwise cost names × names edit distances. */
export const MAX_SUGGESTION_CANDIDATES = 256;

/** The closest candidate (among the first MAX_SUGGESTION_CANDIDATES) within a distance that scales with the word's length, or null. */
export function closest(word: string, candidates: Iterable<string>): string | null {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | null = null;
  let bestDistance = Infinity;
  let compared = 0;
  for (const candidate of candidates) {
    if (compared++ >= MAX_SUGGESTION_CANDIDATES) break;
    if (Math.abs(candidate.length - word.length) > limit) continue; // cannot be close enough
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : null;
}

/** "; did you mean 'x'?" or "" — appended to unknown-name messages. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = closest(word, candidates);
  return best ? `; did you mean '${best}'?` : '';
}
