// Resampling an impulse response onto a finer (or any) time grid with a
// Kaiser-windowed sinc: for an oversampled response, whose spectrum is empty
// well below the input Nyquist, a short kernel reaches a deep floor. This
// turns one equiripple design at a modest rate into prototypes for rates
// where a direct design would need tens of thousands of taps.

import { besselI0, kaiserBeta, kaiserHalfWidth } from "./kaiser.js";
import { sin } from "./portable-math.js";

/** A windowed-sinc kernel on the input's time axis (unit = one input sample). */
export interface InterpolationKernel {
  /** The kernel is zero for |t| ≥ halfWidth. */
  readonly halfWidth: number;
  readonly beta: number;
}

/**
 * The shortest Kaiser-windowed sinc that passes 0 … `passEdge` (cycles per
 * input sample) and attenuates from 1 − passEdge on, where the first image
 * of that passband begins, by about `attenuationDb`. The cutoff is half the
 * input rate, so the sinc's zeros fall on the input samples.
 */
export function interpolationKernel(passEdge: number, attenuationDb: number): InterpolationKernel {
  if (!(passEdge > 0 && passEdge < 0.5)) throw new RangeError(`interpolationKernel: passEdge must be in (0, 0.5), got ${passEdge}`);
  const beta = kaiserBeta(attenuationDb);
  return { halfWidth: kaiserHalfWidth(beta, 1 - 2 * passEdge), beta };
}

/** Kernel value at offset t (input samples); windowScale = 1 / I0(β). */
function kernelAt(t: number, halfWidth: number, beta: number, windowScale: number): number {
  const r = t / halfWidth;
  if (r <= -1 || r >= 1) return 0;
  const sinc = t === 0 ? 1 : sin(Math.PI * t) / (Math.PI * t);
  return sinc * besselI0(beta * Math.sqrt(1 - r * r)) * windowScale;
}

/**
 * Samples the continuous response Σ_k taps[k]·g(t − k) at t = first + j·step
 * for j < count, times `step` so that the DC gain is kept (a response at a
 * rate 1/step times higher has 1/step times more taps adding up to it).
 *
 * If `period`·step is an integer, t_j's fractional part depends on j mod
 * `period` only, so the kernel is evaluated once per residue instead of once
 * per output sample (pass such a period when there is one; the default,
 * `count`, is always correct).
 */
export function sampleContinuous(
  taps: ArrayLike<number>,
  kernel: InterpolationKernel,
  first: number,
  step: number,
  count: number,
  period = count,
): Float64Array {
  const { halfWidth, beta } = kernel;
  const windowScale = 1 / besselI0(beta);
  const span = Math.ceil(2 * halfWidth) + 1;
  const periodShift = Math.round(period * step); // input samples per period of j
  const table = new Float64Array(Math.min(period, count) * span);
  const tableFirstTap = new Int32Array(Math.min(period, count));
  for (let p = 0; p < tableFirstTap.length; p++) {
    const t = first + p * step;
    const firstTap = Math.ceil(t - halfWidth);
    tableFirstTap[p] = firstTap;
    for (let i = 0; i < span; i++) table[p * span + i] = kernelAt(t - (firstTap + i), halfWidth, beta, windowScale);
  }

  const result = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const p = j % period;
    const shift = ((j - p) / period) * periodShift;
    const firstTap = tableFirstTap[p] + shift;
    let sum = 0;
    for (let i = 0; i < span; i++) {
      const k = firstTap + i;
      if (k >= 0 && k < taps.length) sum += taps[k] * table[p * span + i];
    }
    result[j] = sum * step;
  }
  return result;
}
