// A small in-place radix-2 complex FFT in Float64, for filter design only
// (minimum-phase conversion, dense response measurement). Not on any hot path.

import * as portable from "./portable-math.js";

/** cos/sin of 2πk/n for k < n/2, kept per size: design calls reuse a few sizes. */
const twiddleTables = new Map<number, { cos: Float64Array; sin: Float64Array }>();

function twiddles(size: number): { cos: Float64Array; sin: Float64Array } {
  let table = twiddleTables.get(size);
  if (table === undefined) {
    const half = size >> 1;
    const cos = new Float64Array(half);
    const sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      // Direct evaluation per entry: a recurrence would accumulate error at 2^20 points.
      cos[k] = portable.cos((2 * Math.PI * k) / size);
      sin[k] = portable.sin((2 * Math.PI * k) / size);
    }
    table = { cos, sin };
    twiddleTables.set(size, table);
  }
  return table;
}

/** True when `n` is a power of two ≥ 1. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

/** The smallest power of two ≥ `n`. */
export function nextPowerOfTwo(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

/**
 * In-place complex DFT of (`re`, `im`), whose common length must be a power of
 * two: X[k] = Σ x[n]·e^(∓2πi·kn/N), with the minus sign (forward) unless
 * `inverse`. The inverse includes the 1/N factor, so inverse(forward(x)) = x.
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const size = re.length;
  if (im.length !== size) throw new RangeError(`fft: re and im lengths differ (${size} vs ${im.length})`);
  if (!isPowerOfTwo(size)) throw new RangeError(`fft: length must be a power of two, got ${size}`);
  if (size === 1) return;

  // Bit-reversal permutation.
  for (let i = 1, j = 0; i < size; i++) {
    let bit = size >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }

  const { cos, sin } = twiddles(size);
  const sign = inverse ? 1 : -1;
  for (let span = 1; span < size; span *= 2) {
    const stride = size / (2 * span);
    for (let start = 0; start < size; start += 2 * span) {
      for (let k = 0; k < span; k++) {
        const wr = cos[k * stride];
        const wi = sign * sin[k * stride];
        const a = start + k;
        const b = a + span;
        const br = re[b] * wr - im[b] * wi;
        const bi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - br;
        im[b] = im[a] - bi;
        re[a] += br;
        im[a] += bi;
      }
    }
  }

  if (inverse) {
    const scale = 1 / size;
    for (let i = 0; i < size; i++) {
      re[i] *= scale;
      im[i] *= scale;
    }
  }
}
