/** Nearest-rank percentile (p in 0–100) of a non-empty list. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export const median = (values: number[]) => percentile(values, 50);

export const roundMs = (ms: number) => Math.round(ms * 10) / 10;

export const mebibytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
