/**
 * Resampler quality presets (figures measured by the test suite, in the README):
 * - `low-latency`: minimum phase, ≤ 0.5 ms delay at 8 kHz ⇄ 24 kHz;
 * - `voice` (default): linear phase, ≤ 3 ms, ripple ≤ 0.05 dB, images/aliases ≥ 70–80 dB down;
 * - `high`: linear phase, ≤ 5 ms, ripple ≤ 0.01 dB, ≥ 85–107 dB down.
 */
export type Quality = "low-latency" | "voice" | "high";

export const QUALITIES: readonly Quality[] = ["low-latency", "voice", "high"];

export function checkQuality(value: unknown, name: string): Quality {
  if (value === undefined) return "voice";
  if (typeof value !== "string") throw new TypeError(`${name} must be a string, got ${value === null ? "null" : typeof value}`);
  if (!QUALITIES.includes(value as Quality)) {
    throw new RangeError(`${name} must be one of ${QUALITIES.map((q) => `'${q}'`).join(", ")}, got ${String(value)}`);
  }
  return value as Quality;
}
