// The resampler's quality presets: their names and what each promises. The
// one definition: the API's checks, the filter design, the response tests,
// `npm run quality` and the README's preset table all read it.

export type Quality = "low-latency" | "voice" | "high";

export interface PresetPromise {
  /** Peak-to-peak passband ripple over 0.075–0.85 fn (300–3400 Hz at 8 kHz ⇄ 24 kHz), dB at most. */
  readonly rippleDb: number;
  /** Images (up) of tones in 0.075–0.85 fn, aliases (down) of tones ≥ 1.15 fn: dB below the tone fed in, at least. */
  readonly farDb: number;
  /** Images of tones in 0.85–0.975 fn, aliases of tones in 1.0–1.15 fn: dB below the tone fed in, at least. */
  readonly nearDb: number;
  /** Group delay in the passband at fn = 4 kHz, ms at most (scales by 4 kHz / fn). */
  readonly delayMs: number;
  readonly phase: "minimum" | "linear";
  /** 8k → 24k → 8k round trip, SNR over 300–3400 Hz against the delayed input, dB at least. */
  readonly roundTripSnrDb?: number;
}

/**
 * What each preset promises at 8 kHz ⇄ 24 kHz, driven in 20 ms chunks with
 * −6 dBFS tones; other pairs scale with fn, the lower Nyquist frequency.
 */
export const PRESETS: Readonly<Record<Quality, PresetPromise>> = {
  "low-latency": { rippleDb: 0.2, farDb: 60, nearDb: 50, delayMs: 0.5, phase: "minimum" },
  voice: { rippleDb: 0.05, farDb: 80, nearDb: 70, delayMs: 3.0, phase: "linear", roundTripSnrDb: 50 },
  high: { rippleDb: 0.01, farDb: 107, nearDb: 85, delayMs: 5.0, phase: "linear", roundTripSnrDb: 70 },
};

export const QUALITIES = Object.keys(PRESETS) as readonly Quality[];

const DEFAULT_QUALITY: Quality = "voice";

export function checkQuality(value: unknown, name: string): Quality {
  if (value === undefined) return DEFAULT_QUALITY;
  if (typeof value !== "string") throw new TypeError(`${name} must be a string, got ${value === null ? "null" : typeof value}`);
  if (!QUALITIES.includes(value as Quality)) {
    throw new RangeError(`${name} must be one of ${QUALITIES.map((q) => `'${q}'`).join(", ")}, got ${String(value)}`);
  }
  return value as Quality;
}
