// What each quality preset promises of its prototype low-pass, in units of
// fn (the lower Nyquist frequency of the rate pair), and the margins the
// design keeps so the promise survives rounding the taps to float32 or Q15.

import { PRESETS, QUALITIES, type Quality } from "../_quality.js";

/** A resampler quality preset. */
export type PrototypeQuality = Quality;

/** Passband 0 … 0.85 fn (300–3400 Hz of an 8 kHz telephone channel). */
export const PASSBAND_EDGE = 0.85;
/** First stopband from 1.0 fn (aliases from 4000 Hz at 8 kHz). */
export const STOPBAND_EDGE = 1.0;
/** Deep stopband from 1.15 fn (aliases from 4600 Hz, images of tones ≤ 3400 Hz). */
export const DEEP_STOPBAND_EDGE = 1.15;
/** Where the group delay of a minimum-phase prototype is quoted (1 kHz at 8 kHz). */
export const DELAY_FREQUENCY = 0.25;

export interface PrototypeSpecification {
  /** Peak-to-peak passband ripple, dB. */
  readonly rippleDb: number;
  /** Attenuation over STOPBAND_EDGE … DEEP_STOPBAND_EDGE, dB. */
  readonly stopbandDb: number;
  /** Attenuation from DEEP_STOPBAND_EDGE to the prototype's Nyquist, dB. */
  readonly deepStopbandDb: number;
  readonly phase: "linear" | "minimum";
  /**
   * Largest group delay in samples at the lower rate of the pair: (N − 1)/2
   * for linear phase, the delay at DELAY_FREQUENCY for minimum phase.
   */
  readonly maxDelay: number;
}

/** Samples at the lower rate per ms of delay, at the 8 kHz the promises are stated for. */
const SAMPLES_PER_MS_AT_8K = 8;

/** The published promises (src/_quality.ts PRESETS) as the design reads them. */
export const SPECIFICATIONS: Readonly<Record<PrototypeQuality, PrototypeSpecification>> = Object.fromEntries(
  QUALITIES.map((quality) => {
    const promise = PRESETS[quality];
    const specification: PrototypeSpecification = {
      rippleDb: promise.rippleDb,
      stopbandDb: promise.nearDb,
      deepStopbandDb: promise.farDb,
      phase: promise.phase,
      maxDelay: promise.delayMs * SAMPLES_PER_MS_AT_8K,
    };
    return [quality, specification];
  }),
) as Record<PrototypeQuality, PrototypeSpecification>;

/**
 * Designs aim this many dB beyond each promised attenuation. `voice` keeps
 * less: its delay bound leaves no room, and float32 taps cost it nothing
 * measurable; the dB go to a flatter passband (ROUND_TRIP_RIPPLE_DB).
 */
export const ATTENUATION_MARGIN_DB: Readonly<Record<PrototypeQuality, number>> = {
  "low-latency": 2,
  voice: 1,
  high: 2,
};
/** Designs aim at this fraction of each promised ripple. */
export const RIPPLE_MARGIN = 0.8;

/**
 * Flatter passbands than the ripple promise asks, where the round trip
 * 8k → 24k → 8k must keep its promised SNR against the delayed input (≥ 50 dB
 * `voice`, ≥ 70 dB `high`): two passes of ±δ ripple leave an error of up to
 * 2δ, so `voice` needs δ ≤ 1.7e-3 (0.03 dB p-p) and `high` δ ≤ 1.2e-4
 * (0.002 dB p-p), with a few dB of room.
 */
const ROUND_TRIP_RIPPLE_DB: Readonly<Record<PrototypeQuality, number>> = {
  "low-latency": Infinity,
  voice: 0.03,
  high: 0.002,
};

/**
 * The figures a design aims at: the promise plus the margins; with
 * `flatPassband`, also the round trip's flatness. The base that large-P
 * prototypes are interpolated from is designed without it: interpolation
 * lengthens the response by ~0.3 samples, which `voice` has no room for.
 */
export function designTarget(quality: PrototypeQuality, flatPassband = true): PrototypeSpecification {
  const spec = SPECIFICATIONS[quality];
  const rippleDb = spec.rippleDb * RIPPLE_MARGIN;
  return {
    ...spec,
    rippleDb: flatPassband ? Math.min(rippleDb, ROUND_TRIP_RIPPLE_DB[quality]) : rippleDb,
    stopbandDb: spec.stopbandDb + ATTENUATION_MARGIN_DB[quality],
    deepStopbandDb: spec.deepStopbandDb + ATTENUATION_MARGIN_DB[quality],
  };
}
