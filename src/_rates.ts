// The rate pairs a bridge meets, and their ratio reduced by the gcd.

/** Carriers and Twilio (8 kHz), Gemini Live and most ASR (16 kHz), OpenAI Realtime (24 kHz), WebRTC (48 kHz). */
export const CORE_RATES = [8000, 16000, 24000, 48000] as const;
/** TTS outputs: to or from any core rate. */
export const EXTRA_RATES = [11025, 22050, 32000, 44100] as const;

/** G.711's one rate: Twilio, carriers. */
export const G711_RATE = 8000;

const core = new Set<number>(CORE_RATES);
const extra = new Set<number>(EXTRA_RATES);

export function isSupportedPair(from: number, to: number): boolean {
  if (from === to) return core.has(from) || extra.has(from);
  return (core.has(from) && core.has(to)) || (core.has(from) && extra.has(to)) || (extra.has(from) && core.has(to));
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** `to / from` as L / M in lowest terms. */
export function reducedRatio(from: number, to: number): { up: number; down: number } {
  const divisor = gcd(from, to);
  return { up: to / divisor, down: from / divisor };
}

export function checkRate(value: unknown, name: string): number {
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a sample rate in Hz (a number), got ${value === null ? "null" : typeof value}`);
  }
  if (!core.has(value) && !extra.has(value)) {
    throw new RangeError(
      `${name} is ${value} Hz: supported rates are ${[...CORE_RATES, ...EXTRA_RATES].sort((a, b) => a - b).join(", ")}`,
    );
  }
  return value;
}

export function checkPair(from: number, to: number): void {
  if (!isSupportedPair(from, to)) {
    throw new RangeError(
      `no resampler from ${from} Hz to ${to} Hz: ${[...EXTRA_RATES].join("/")} Hz convert only to or from ${[...CORE_RATES].join("/")} Hz`,
    );
  }
}
