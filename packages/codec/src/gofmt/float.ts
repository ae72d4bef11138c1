// fmt's %.2f for float64, used for the percentages of `go tool trace -d=footprint`.

/**
 * Digits after the point for a value that lies exactly halfway between two hundredths,
 * keyed by the value's eighths (see formatFixed2): Go rounds such ties to the even digit.
 */
const TIE_FRACTIONS: Readonly<Record<number, string>> = { 1: "12", 3: "38", 5: "62", 7: "88" };

/**
 * Formats `x` exactly like Go's `fmt.Sprintf("%.2f", x)`: the exact binary value rounded
 * to two decimals, ties to even; `NaN`, `+Inf`, `-Inf`; and a kept minus sign for
 * negative values that round to zero, including `-0.00` for negative zero.
 */
export function formatFixed2(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "+Inf";
  if (x === Number.NEGATIVE_INFINITY) return "-Inf";
  if (x === 0) return Object.is(x, -0) ? "-0.00" : "0.00";
  const abs = Math.abs(x);
  const sign = x < 0 ? "-" : "";
  // toFixed switches to exponent notation from 1e21 on; such doubles are integers.
  if (abs >= 1e21) return `${sign}${BigInt(abs).toString()}.00`;
  // A tie needs x*100 = k + 1/2, i.e. x = (2k+1)/200. A double is m/2^e, which equals that
  // only when 25 divides 2k+1, i.e. x = j/8 with j odd. So exact ties are exactly the
  // odd multiples of 1/8, and 8x is computed without rounding.
  const eighths = abs * 8;
  if (Number.isInteger(eighths) && eighths % 2 === 1) {
    const rem = eighths % 8;
    return `${sign}${(eighths - rem) / 8}.${TIE_FRACTIONS[rem]}`;
  }
  // Not a tie: toFixed rounds the exact binary value to nearest (ECMA-262 picks n minimising
  // |n/100 - x| exactly), which is Go's answer whenever there is no tie.
  return `${sign}${abs.toFixed(2)}`;
}
