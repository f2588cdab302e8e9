// Minimum-phase conversion of a linear-phase FIR by the homomorphic
// (cepstral) method, as scipy.signal.minimum_phase(h, method='homomorphic'):
// the result is about half as long and its magnitude approximates the square
// root of the input's, so its dB attenuation and dB ripple are about halved.
// Design the linear-phase input for twice the target in dB.

import { fft, isPowerOfTwo, nextPowerOfTwo } from "./fft.js";
import { cos, exp, hypot, log, sin } from "./portable-math.js";

export interface MinimumPhaseOptions {
  /**
   * FFT length, a power of two ≥ taps.length. Longer means less cepstral
   * aliasing around the stopband zeros. Default as scipy:
   * 2^ceil(log2(2·(N − 1) / 0.01)).
   */
  readonly fftSize?: number;
  /**
   * Keep the whole causal cepstrum instead of only its first ceil(N/2)
   * coefficients as scipy does. scipy's shortening smooths log|H| and costs a
   * few dB of stopband; with the whole cepstrum the result is the exact
   * spectral factor (up to FFT aliasing) when the input's amplitude response
   * is ≥ 0 everywhere, whose length is then ceil(N/2) indeed.
   */
  readonly wholeCepstrum?: boolean;
}

/** scipy's default FFT length for a length-N input. */
export function defaultMinimumPhaseFftSize(length: number): number {
  return nextPowerOfTwo(Math.ceil((2 * (length - 1)) / 0.01));
}

/**
 * The minimum-phase filter, ceil(N/2) taps long, whose magnitude response
 * approximates sqrt(|H|) of the symmetric filter `taps` (length N).
 */
export function minimumPhase(taps: ArrayLike<number>, options: MinimumPhaseOptions = {}): Float64Array {
  const length = taps.length;
  if (length < 2) throw new RangeError(`minimumPhase: need at least 2 taps, got ${length}`);
  const size = options.fftSize ?? defaultMinimumPhaseFftSize(length);
  if (!isPowerOfTwo(size) || size < length) {
    throw new RangeError(`minimumPhase: fftSize must be a power of two ≥ ${length}, got ${size}`);
  }

  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let n = 0; n < length; n++) re[n] = taps[n];
  fft(re, im);

  // log sqrt|H| = ½·log|H|, with |H| lifted by 1e-7 of its smallest non-zero
  // value so the zeros of a linear-phase stopband do not send the log to −∞.
  let smallestNonZero = Infinity;
  for (let k = 0; k < size; k++) {
    re[k] = hypot(re[k], im[k]);
    im[k] = 0;
    if (re[k] > 0 && re[k] < smallestNonZero) smallestNonZero = re[k];
  }
  const floor = 1e-7 * smallestNonZero;
  for (let k = 0; k < size; k++) re[k] = 0.5 * log(re[k] + floor);

  // Real cepstrum; fold it onto n ≥ 0 (the cepstrum of a minimum-phase
  // sequence is causal): c[0], 2c[n] up to the fold, c[fold], zeros after.
  fft(re, im, true);
  const fold = options.wholeCepstrum ? size >> 1 : (length + 1) >> 1;
  const keepFold = options.wholeCepstrum || length % 2 === 1;
  for (let n = 1; n < fold; n++) re[n] *= 2;
  for (let n = keepFold ? fold + 1 : fold; n < size; n++) re[n] = 0;
  im.fill(0);

  // Back to the spectrum, exponentiate, and to the impulse response.
  fft(re, im);
  for (let k = 0; k < size; k++) {
    const magnitude = exp(re[k]);
    const phase = im[k];
    re[k] = magnitude * cos(phase);
    im[k] = magnitude * sin(phase);
  }
  fft(re, im, true);
  return re.slice(0, (length >> 1) + (length % 2));
}
