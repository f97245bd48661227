import { distance } from 'fastest-levenshtein';

/**
 * The known key a misspelt one most likely meant: the closest by edit distance, within a third of the
 * key's length (at least 1, 2 from five characters, at most 3). Returns null for a key that is simply different (kept verbatim).
 */
export function didYouMean(key: string, known: readonly string[]): string | null {
  if (known.includes(key)) return null;
  const lower = key.toLowerCase();
  const budget = Math.min(3, Math.max(key.length >= 5 ? 2 : 1, Math.floor(key.length / 3)));
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = distance(lower.replace(/[-_ ]/g, ''), candidate.toLowerCase().replace(/[-_ ]/g, ''));
    if (d < bestDistance || (d === bestDistance && best !== null && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= budget ? best : null;
}
