/**
 * Fixed-point formatting that rounds exact ties to even, like Python's `format(x, '.2f')`,
 * so printed reports match scikit-learn's character for character.
 *
 * @module
 */

/**
 * `value` with `digits` decimals. JavaScript's `toFixed` rounds a value lying exactly halfway
 * (e.g. 0.125 to two decimals) up; Python rounds it to the even digit. Values that are not
 * exact ties round the same in both. NaN is "nan", infinities "inf" / "-inf" as in Python.
 */
export function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const plain = value.toFixed(digits);
  // The exact decimal expansion (toFixed is exact up to 100 digits, enough for any tie).
  const exact = Math.abs(value).toFixed(100);
  const point = exact.indexOf('.');
  const tail = exact.slice(point + 1 + digits);
  if (!/^50*$/.test(tail)) return plain;
  // An exact tie: toFixed rounded away from zero, right when the kept digit was odd.
  const kept = exact.slice(0, point + 1 + digits).replace(/\.$/, '');
  if (Number(kept.at(-1)) % 2 === 1) return plain;
  return (value < 0 ? '-' : '') + kept;
}
