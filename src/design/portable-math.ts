// sin, cos, exp, log and powers from + − × ÷ and sqrt alone, for the filter
// design. IEEE-754 makes those operations give the same bits in every
// engine; Math.sin/cos/exp/log/pow/hypot do not (their last bit is the
// engine's choice: Chromium 156 and Node 20 differ), and the minimum-phase
// `low-latency` design amplifies one ulp in its FFT's twiddles into ±1 LSB of
// output. Accuracy is within a few ulp over the ranges the design uses;
// speed is not a concern (designs are cached).

const HALF_PI_1 = 1.5707963267341256; // π/2 in three parts, each exact in 33 bits
const HALF_PI_2 = 6.077100506303966e-11;
const HALF_PI_3 = 2.0222662487959506e-21;
const LN2_HI = 0.6931471803691238; // ln 2 in two parts, the first exact in 32 bits
const LN2_LO = 1.9082149292705877e-10;
const LN10 = 2.302585092994046;
const SQRT2 = Math.SQRT2; // a constant, the same everywhere

/** Coefficients 1/n! for the Taylor series, computed by division (exact operations, same bits everywhere). */
const INVERSE_FACTORIAL: number[] = [1];
for (let n = 1; n <= 24; n++) INVERSE_FACTORIAL.push(INVERSE_FACTORIAL[n - 1] / n);

/** sin r for |r| ≤ π/4: r − r³/3! + … to r^23. */
function sinReduced(r: number): number {
  const r2 = r * r;
  let sum = 0;
  for (let n = 23; n >= 3; n -= 2) sum = (n % 4 === 1 ? INVERSE_FACTORIAL[n] : -INVERSE_FACTORIAL[n]) + r2 * sum;
  return r + r * r2 * sum;
}

/** cos r for |r| ≤ π/4: 1 − r²/2! + … to r^24. */
function cosReduced(r: number): number {
  const r2 = r * r;
  let sum = 0;
  for (let n = 24; n >= 2; n -= 2) sum = (n % 4 === 0 ? INVERSE_FACTORIAL[n] : -INVERSE_FACTORIAL[n]) + r2 * sum;
  return 1 + r2 * sum;
}

/** x = q·π/2 + r, |r| ≤ π/4 (Cody–Waite: exact for |q| < 2^20). */
function reduce(x: number): { quadrant: number; r: number } {
  if (!(Math.abs(x) < 1e6)) throw new RangeError(`portable sin/cos: |x| must be < 1e6, got ${x}`);
  const q = Math.round(x / (HALF_PI_1 + HALF_PI_2));
  const r = x - q * HALF_PI_1 - q * HALF_PI_2 - q * HALF_PI_3;
  return { quadrant: ((q % 4) + 4) % 4, r };
}

export function sin(x: number): number {
  const { quadrant, r } = reduce(x);
  switch (quadrant) {
    case 0: return sinReduced(r);
    case 1: return cosReduced(r);
    case 2: return -sinReduced(r);
    default: return -cosReduced(r);
  }
}

export function cos(x: number): number {
  const { quadrant, r } = reduce(x);
  switch (quadrant) {
    case 0: return cosReduced(r);
    case 1: return -sinReduced(r);
    case 2: return -cosReduced(r);
    default: return sinReduced(r);
  }
}

const bits = new DataView(new ArrayBuffer(8));

/** 2^k for an integer k, built from its bits (exact; 0 below the subnormals, ∞ above). */
function powerOfTwo(k: number): number {
  if (k > 1023) return Infinity;
  if (k < -1022) return powerOfTwo(k + 600) * powerOfTwo(-600); // exact while the result is representable
  bits.setUint32(0, (k + 1023) << 20);
  bits.setUint32(4, 0);
  return bits.getFloat64(0);
}

export function exp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.8) return Infinity;
  if (x < -745.2) return 0;
  const k = Math.round(x / (LN2_HI + LN2_LO));
  const r = x - k * LN2_HI - k * LN2_LO; // |r| ≤ ln2/2
  let sum = 0;
  for (let n = 18; n >= 1; n--) sum = INVERSE_FACTORIAL[n] + r * sum;
  return (1 + r * sum) * powerOfTwo(k);
}

export function log(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: subnormal to normal, exactly
    e = -54;
  }
  bits.setFloat64(0, x);
  const high = bits.getUint32(0);
  e += ((high >>> 20) & 0x7ff) - 1023;
  bits.setUint32(0, (high & 0x000fffff) | 0x3ff00000); // mantissa m in [1, 2)
  let m = bits.getFloat64(0);
  if (m > SQRT2) {
    m /= 2;
    e++;
  }
  // log m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172: 2·(s + s³/3 + … + s^27/27)
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let sum = 0;
  for (let n = 27; n >= 3; n -= 2) sum = 1 / n + s2 * sum;
  const logM = 2 * s + 2 * s * s2 * sum;
  return e * LN2_HI + (e * LN2_LO + logM);
}

/** 10^x. */
export function exp10(x: number): number {
  return exp(x * LN10);
}

/** base^exponent for base > 0. */
export function pow(base: number, exponent: number): number {
  return exp(exponent * log(base));
}

/** log10 x. */
export function log10(x: number): number {
  return log(x) / LN10;
}

/** √(a² + b²) (no overflow guard: the design's values are far from the limits). */
export function hypot(a: number, b: number): number {
  return Math.sqrt(a * a + b * b);
}
