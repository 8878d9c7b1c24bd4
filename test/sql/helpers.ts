/** Largest |a − b| over rows where both are numbers; counts rows where only one is missing. */
export function numericDiff(
  expected: ArrayLike<number>,
  actual: ArrayLike<unknown>,
): { maxAbs: number; missingMismatch: number } {
  let maxAbs = 0;
  let missingMismatch = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const a = actual[i];
    const aMissing = a === null || (typeof a === 'number' && Number.isNaN(a));
    if (Number.isNaN(e) !== aMissing) missingMismatch++;
    else if (!aMissing) maxAbs = Math.max(maxAbs, Math.abs(e - (a as number)));
  }
  return { maxAbs, missingMismatch };
}

/** Rows where two label columns differ (null ≡ NaN ≡ missing), as `row: expected ≠ actual`. */
export function labelMismatches(
  expected: ArrayLike<unknown>,
  actual: ArrayLike<unknown>,
): string[] {
  const missing = (v: unknown): boolean =>
    v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
  const out: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (!(e === a || (missing(e) && missing(a)))) out.push(`${i}: ${String(e)} ≠ ${String(a)}`);
  }
  return out;
}
