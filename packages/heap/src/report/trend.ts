// Trend statistics for a short series (one value per GC cycle): Kendall's
// rank correlation with time, which says how consistently it rises, and the
// Theil–Sen slope, the median of the slopes between every pair of points,
// which says by how much per step and ignores a few outliers (a flat cycle
// or two at the end, a spike). Both are O(n²) in the points; callers keep n
// small or sample it.

/** Kendall's tau-a against the index: (rising pairs − falling pairs) / all pairs, from −1 to 1; 0 below two points. */
export function kendallTau(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  let score = 0;
  for (let i = 0; i < n; i++) {
    const vi = values[i] as number;
    for (let j = i + 1; j < n; j++) {
      const vj = values[j] as number;
      if (vj > vi) score++;
      else if (vj < vi) score--;
    }
  }
  return score / ((n * (n - 1)) / 2);
}

/** The Theil–Sen slope against the index: the median of (v[j] − v[i]) / (j − i) over all pairs i < j; 0 below two points. */
export function theilSenSlope(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) slopes[at++] = ((values[j] as number) - (values[i] as number)) / (j - i);
  }
  slopes.sort();
  const mid = slopes.length >> 1;
  return slopes.length % 2 === 1
    ? (slopes[mid] as number)
    : ((slopes[mid - 1] as number) + (slopes[mid] as number)) / 2;
}
