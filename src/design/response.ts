// Measuring a tap set: magnitude and group delay at chosen frequencies by
// direct sums (exact, O(N) per frequency), and the magnitude on a dense
// uniform grid by one zero-padded FFT (for whole-band maxima of long filters).

import { fft, nextPowerOfTwo } from "./fft.js";
import { cos, hypot, log10, sin } from "./portable-math.js";

/** |H(f)| in dB (20·log10) at each normalized frequency f (cycles/sample). */
export function magnitudeDb(taps: ArrayLike<number>, frequencies: ArrayLike<number>): Float64Array {
  const result = new Float64Array(frequencies.length);
  for (let i = 0; i < frequencies.length; i++) {
    const { re, im } = transformAt(taps, frequencies[i]);
    result[i] = 20 * log10(hypot(re, im));
  }
  return result;
}

/**
 * Group delay −dφ/dω in samples at normalized frequency f, as
 * Re{ Σ n·h[n]e^(−iωn) / Σ h[n]e^(−iωn) }.
 */
export function groupDelay(taps: ArrayLike<number>, frequency: number): number {
  const omega = 2 * Math.PI * frequency;
  let re = 0;
  let im = 0;
  let rampRe = 0;
  let rampIm = 0;
  for (let n = 0; n < taps.length; n++) {
    const c = cos(omega * n);
    const s = -sin(omega * n);
    re += taps[n] * c;
    im += taps[n] * s;
    rampRe += n * taps[n] * c;
    rampIm += n * taps[n] * s;
  }
  return (rampRe * re + rampIm * im) / (re * re + im * im);
}

function transformAt(taps: ArrayLike<number>, frequency: number): { re: number; im: number } {
  const omega = 2 * Math.PI * frequency;
  let re = 0;
  let im = 0;
  for (let n = 0; n < taps.length; n++) {
    re += taps[n] * cos(omega * n);
    im -= taps[n] * sin(omega * n);
  }
  return { re, im };
}

/** |H| sampled at f = k / fftSize for k = 0 … fftSize/2. */
export interface DenseMagnitude {
  readonly fftSize: number;
  /** Linear magnitude, fftSize/2 + 1 values. */
  readonly magnitude: Float64Array;
}

/**
 * |H(f)| on the uniform grid f = k / fftSize, with fftSize the power of two
 * ≥ pointsPerTap × taps.length (so a stopband lobe, ~1/N wide, gets
 * ≥ pointsPerTap samples and its peak is read within a few hundredths of a dB).
 */
export function denseMagnitude(taps: ArrayLike<number>, pointsPerTap = 16): DenseMagnitude {
  const fftSize = nextPowerOfTwo(Math.max(2, pointsPerTap * taps.length));
  const re = new Float64Array(fftSize);
  const im = new Float64Array(fftSize);
  for (let n = 0; n < taps.length; n++) re[n] = taps[n];
  fft(re, im);
  const magnitude = new Float64Array(fftSize / 2 + 1);
  for (let k = 0; k <= fftSize / 2; k++) magnitude[k] = hypot(re[k], im[k]);
  return { fftSize, magnitude };
}

/** The largest and smallest |H| over the grid points with from ≤ f ≤ to. */
export function magnitudeRange(dense: DenseMagnitude, from: number, to: number): { min: number; max: number } {
  const first = Math.ceil(from * dense.fftSize);
  const last = Math.min(Math.floor(to * dense.fftSize), dense.magnitude.length - 1);
  let min = Infinity;
  let max = 0;
  for (let k = first; k <= last; k++) {
    const m = dense.magnitude[k];
    if (m < min) min = m;
    if (m > max) max = m;
  }
  return { min, max };
}
