// The prototype low-pass of a polyphase resampler, designed when first asked
// for and cached.
//
// For a pair of rates with lower rate minRate and P = max(L, M), the
// prototype runs at P·minRate and its band edges, in units of fn = minRate/2,
// are the same for every pair: only P changes. Small P: one equiripple
// (Parks–McClellan) design at the prototype rate, as short as the preset
// allows. Large P (where that would take thousands of taps and seconds): the
// design at P = BASE_OVERSAMPLING, resampled onto the finer grid by a
// windowed-sinc interpolator whose images fall far below the stopband.
// `low-latency` is the minimum-phase spectral factor of a linear-phase design
// whose amplitude never goes negative.

import { interpolationKernel, sampleContinuous } from "./interpolate.js";
import { minimumPhase } from "./minimum-phase.js";
import { remez, type RemezBand, type RemezResult } from "./remez.js";
import { groupDelay } from "./response.js";
import { nextPowerOfTwo } from "./fft.js";
import { exp10 } from "./portable-math.js";
import { QUALITIES } from "../_quality.js";
import {
  DEEP_STOPBAND_EDGE,
  DELAY_FREQUENCY,
  PASSBAND_EDGE,
  STOPBAND_EDGE,
  designTarget,
  type PrototypeQuality,
  type PrototypeSpecification,
} from "./specification.js";

export type { PrototypeQuality } from "./specification.js";

export interface Prototype {
  /**
   * Impulse response at P·minRate with passband gain 1 (a polyphase
   * upsampler by L multiplies it by L). Shared by every caller through the
   * cache: read it, never write it.
   */
  readonly taps: Float64Array;
  /**
   * Group delay in prototype samples: (N − 1)/2 for the linear-phase presets,
   * the delay at 0.25 fn for `low-latency` (a real number).
   */
  readonly delay: number;
}

/** Large P interpolate the design at this P. */
export const BASE_OVERSAMPLING = 8;

/**
 * Smallest P designed by interpolation. Below it, the finer grid's Nyquist
 * (P·fn) falls inside the interpolator's transition band, where the base's
 * deep stopband would alias back onto itself and add up to 6 dB; from
 * 2·BASE − 1 on, everything that aliases is in the interpolator's stopband.
 */
export const SMALLEST_INTERPOLATED = 2 * BASE_OVERSAMPLING - 1;

/**
 * The interpolator's images lie this far below the deep-stopband target.
 * They can coincide with the base's own stopband peaks (after aliasing on the
 * finer grid), so 20 dB keeps their sum within 0.9 dB of the target.
 */
const INTERPOLATION_HEADROOM_DB = 20;

/**
 * Trimming the near-zero ends of an interpolated response may change its
 * response by at most this fraction of the deep-stopband target level.
 */
const TRIM_BUDGET = 0.01;

/**
 * Typical shortest lengths, as (N − 1)/P in samples at the lower rate, where
 * the search for the shortest design starts; measured for P = 2 … 8 as
 * 46.5–46.75 (`voice`), 61.5–62 (`high`), 54–54.25 (the linear-phase source
 * of `low-latency`), so the search usually takes two designs.
 */
const LENGTH_ESTIMATE: Readonly<Record<PrototypeQuality, number>> = {
  "low-latency": 54,
  voice: 46.7,
  high: 61.9,
};

function amplitudeDeviation(rippleDb: number): number {
  const ratio = exp10(rippleDb / 20);
  return (ratio - 1) / (ratio + 1);
}

/**
 * Equiripple bands meeting `target` exactly when remez's deviation is ≤ 1:
 * each band's weight is 1 / its allowed deviation. The stopband is split at
 * DEEP_STOPBAND_EDGE into two bands (a stepped weight), with a sliver of
 * 0.001 fn between them because remez wants bands apart.
 */
function linearPhaseBands(target: PrototypeSpecification, oversampling: number): RemezBand[] {
  const fn = 1 / (2 * oversampling);
  const passDeviation = amplitudeDeviation(target.rippleDb);
  const stopDeviation = exp10(-target.stopbandDb / 20);
  const deepStopDeviation = exp10(-target.deepStopbandDb / 20);
  return [
    { start: 0, stop: PASSBAND_EDGE * fn, gain: 1, weight: 1 / passDeviation },
    { start: STOPBAND_EDGE * fn, stop: (DEEP_STOPBAND_EDGE - 0.001) * fn, gain: 0, weight: 1 / stopDeviation },
    { start: DEEP_STOPBAND_EDGE * fn, stop: 0.5, gain: 0, weight: 1 / deepStopDeviation },
  ];
}

/**
 * Bands for the linear-phase filter whose spectral factor meets `target`.
 * The factor's magnitude is √A, so: passband deviation doubled (√(1 ± 2δ) ≈
 * 1 ± δ), and each stopband aimed at the middle of [0, δ²] for a factor
 * level δ. That keeps A ≥ 0 everywhere, so its zeros come in reciprocal
 * pairs and an exact factor of half the length exists: the homomorphic
 * conversion then loses nothing, where converting an ordinary equiripple
 * design (stopband zeros on the unit circle) costs 3–6 dB.
 */
function minimumPhaseSourceBands(target: PrototypeSpecification, oversampling: number): RemezBand[] {
  const fn = 1 / (2 * oversampling);
  const passDeviation = 2 * amplitudeDeviation(target.rippleDb);
  const stopLevel = exp10(-target.stopbandDb / 10) / 2;
  const deepStopLevel = exp10(-target.deepStopbandDb / 10) / 2;
  return [
    { start: 0, stop: PASSBAND_EDGE * fn, gain: 1, weight: 1 / passDeviation },
    { start: STOPBAND_EDGE * fn, stop: (DEEP_STOPBAND_EDGE - 0.001) * fn, gain: stopLevel, weight: 1 / stopLevel },
    { start: DEEP_STOPBAND_EDGE * fn, stop: 0.5, gain: deepStopLevel, weight: 1 / deepStopLevel },
  ];
}

/**
 * An equiripple design of `length` taps; when the exchange does not settle
 * from the given start (it can wander off from a poor one), again from
 * remez's own start.
 */
function settledDesign(length: number, bands: RemezBand[], initialExtremals?: Float64Array): RemezResult {
  const design = remez(length, bands, { initialExtremals });
  if (design.converged || initialExtremals === undefined) return design;
  return remez(length, bands);
}

/** Whether a design meets its bands: remez's weighted deviation ≤ 1 once settled. */
function meets(design: RemezResult): boolean {
  return design.converged && design.deviation <= 1;
}

/**
 * The shortest length whose equiripple design meets the bands, searched one
 * length (or, for a fixed parity, two) at a time from an estimate, each
 * design starting from the previous one's extremals (a handful of exchanges
 * instead of a dozen).
 */
function shortestDesign(bands: RemezBand[], startLength: number, parity: "any" | "odd" | "even", maxLength: number): RemezResult {
  const step = parity === "any" ? 1 : 2;
  let length = parity === "odd" ? startLength | 1 : parity === "even" ? startLength + (startLength & 1) : startLength;
  let design = settledDesign(length, bands);
  if (meets(design)) {
    for (;;) {
      if (length - step < 3) return design;
      const shorter = settledDesign(length - step, bands, design.extremals);
      if (!meets(shorter)) return design;
      length -= step;
      design = shorter;
    }
  }
  for (;;) {
    length += step;
    if (length > maxLength) throw new Error(`designPrototype: no design of ≤ ${maxLength} taps meets the specification`);
    design = settledDesign(length, bands, design.extremals);
    if (meets(design)) return design;
  }
}

/**
 * Linear-phase designs promising more than this deep-stopband attenuation
 * take even lengths. With an odd length the delay (N − 1)/2 is whole, so an
 * upsampler by L = P has a phase whose outputs fall on input samples: the
 * input plus a residual under 1 LSB, which rounding to PCM16 snaps to zero
 * for a clean tone. That phase then acts as a plain delay instead of as
 * designed, and images rise to ~−100 dB at −6 dBFS whatever the taps
 * (measured 8k → 24k: −101 dB for ±1 LSB dithered tones; even length: −109).
 * An even length puts no output on an input sample.
 */
const EVEN_LENGTH_BEYOND_DB = 90;

function designDirectly(quality: PrototypeQuality, oversampling: number, flatPassband = true): Prototype {
  const target = designTarget(quality, flatPassband);
  const startLength = Math.floor(LENGTH_ESTIMATE[quality] * oversampling) + 1;
  const maxLength = 4 * startLength;
  if (target.phase === "linear") {
    const parity = target.deepStopbandDb > EVEN_LENGTH_BEYOND_DB ? "even" : "any";
    const design = shortestDesign(linearPhaseBands(target, oversampling), startLength, parity, maxLength);
    return { taps: design.taps, delay: (design.taps.length - 1) / 2 };
  }
  // Odd lengths only: a type II response has a lone zero at 0.5, which has no spectral factor.
  const source = shortestDesign(minimumPhaseSourceBands(target, oversampling), startLength, "odd", maxLength);
  const taps = minimumPhase(source.taps, {
    fftSize: nextPowerOfTwo(32 * source.taps.length),
    wholeCepstrum: true,
  });
  return { taps, delay: minimumPhaseDelay(taps, oversampling) };
}

function minimumPhaseDelay(taps: Float64Array, oversampling: number): number {
  return groupDelay(taps, DELAY_FREQUENCY / (2 * oversampling));
}

/**
 * How many taps at each end of `taps` are negligible: dropping them changes
 * the response by at most `budget` anywhere. With `symmetric`, as many from
 * each end (kept symmetric for linear phase), the budget shared.
 */
function negligibleEnds(taps: Float64Array, budget: number, symmetric: boolean): { front: number; back: number } {
  if (symmetric) {
    let pairs = 0;
    let spent = 0;
    while (2 * pairs + 2 < taps.length) {
      const cost = Math.abs(taps[pairs]) + Math.abs(taps[taps.length - 1 - pairs]);
      if (spent + cost > budget) break;
      spent += cost;
      pairs++;
    }
    return { front: pairs, back: pairs };
  }
  let front = 0;
  let spent = 0;
  while (front < taps.length - 1 && spent + Math.abs(taps[front]) <= budget / 2) spent += Math.abs(taps[front++]);
  let back = 0;
  spent = 0;
  while (back < taps.length - front - 1 && spent + Math.abs(taps[taps.length - 1 - back]) <= budget / 2) {
    spent += Math.abs(taps[taps.length - 1 - back++]);
  }
  return { front, back };
}

/**
 * The base design (at BASE_OVERSAMPLING) resampled to P·minRate. The
 * interpolator passes what the base passes (to 1.15 fn) and attenuates its
 * images at multiples of the base rate by the deep-stopband target plus
 * headroom. It lengthens the response by its width (~1 sample at minRate),
 * less the negligible ends trimmed off; the tests measure the result.
 */
function designByInterpolation(quality: PrototypeQuality, oversampling: number): Prototype {
  const target = designTarget(quality, false);
  const base = interpolationBase(quality).taps;
  const kernel = interpolationKernel(
    DEEP_STOPBAND_EDGE / (2 * BASE_OVERSAMPLING),
    target.deepStopbandDb + INTERPOLATION_HEADROOM_DB,
  );
  const step = BASE_OVERSAMPLING / oversampling; // base samples per prototype sample
  const linear = target.phase === "linear";
  let first: number;
  let count: number;
  if (linear) {
    // Centred on the base's centre, so the result is symmetric too.
    const centre = (base.length - 1) / 2;
    const halfSpan = (centre + kernel.halfWidth) / step;
    count = 2 * Math.floor(halfSpan) + 1;
    if (halfSpan - Math.floor(halfSpan) >= 0.5) count++; // a half-sample-centred grid reaches further
    first = centre - ((count - 1) / 2) * step;
  } else {
    // Causal: start where the kernel's left tail around tap 0 starts.
    first = -kernel.halfWidth;
    count = Math.floor((base.length - 1 + 2 * kernel.halfWidth) / step) + 1;
  }
  const full = sampleContinuous(base, kernel, first, step, count, oversampling);
  const { front, back } = negligibleEnds(full, TRIM_BUDGET * exp10(-target.deepStopbandDb / 20), linear);
  const taps = full.slice(front, full.length - back);
  if (linear) {
    // Symmetric to the last bit (rounding in the sums leaves ~1e-17 of skew).
    for (let n = 0, m = taps.length - 1; n < m; n++, m--) taps[n] = taps[m] = (taps[n] + taps[m]) / 2;
  }
  const delay = linear ? (taps.length - 1) / 2 : minimumPhaseDelay(taps, oversampling);
  return { taps, delay };
}

const cache = new Map<string, Prototype>();

/**
 * Designs made ahead of time, by the same code: given (quality, P), or
 * (quality, "base") for the interpolation base, the design or undefined.
 */
export type DesignSource = (quality: PrototypeQuality, oversampling: number | "base") => Prototype | undefined;

let source: DesignSource | undefined;

/**
 * Takes designs from `designs` before computing any (src/_filters.ts passes
 * the build's prebuilt ones); undefined: compute every design. Empties the
 * cache, so that what follows comes from the new source.
 */
export function setDesignSource(designs: DesignSource | undefined): void {
  source = designs;
  cache.clear();
}

/** The design at BASE_OVERSAMPLING that large-P prototypes are interpolated from. */
export function interpolationBase(quality: PrototypeQuality): Prototype {
  const key = `${quality}/base`;
  let base = cache.get(key);
  if (base === undefined) {
    base = source?.(quality, "base") ?? designDirectly(quality, BASE_OVERSAMPLING, false);
    cache.set(key, base);
  }
  return base;
}

/**
 * The prototype low-pass for a resampler between rates whose lower rate is
 * minRate, at P·minRate where P = max(L, M) for the reduced ratio L/M, meeting
 * `quality`'s specification (see SPECIFICATIONS) with margin. Designed on
 * first use (or taken from the design source) and cached per (quality, P):
 * later calls return the same object.
 * Any integer P ≥ 2; measured for 2 … 1000.
 */
export function designPrototype(quality: PrototypeQuality, oversampling: number): Prototype {
  if (!QUALITIES.includes(quality)) {
    throw new RangeError(`designPrototype: quality must be 'low-latency', 'voice' or 'high', got ${String(quality)}`);
  }
  if (!Number.isInteger(oversampling) || oversampling < 2) {
    throw new RangeError(`designPrototype: P must be an integer ≥ 2, got ${oversampling}`);
  }
  const key = `${quality}/${oversampling}`;
  let prototype = cache.get(key);
  if (prototype === undefined) {
    prototype =
      source?.(quality, oversampling) ??
      (oversampling < SMALLEST_INTERPOLATED ? designDirectly(quality, oversampling) : designByInterpolation(quality, oversampling));
    cache.set(key, prototype);
  }
  return prototype;
}
