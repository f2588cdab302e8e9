// The presets' promises (PRESET_LIMITS: DESIGN.md's table, in units of fn,
// the lower Nyquist frequency of a pair), checked three ways:
// - for every supported pair, on the response of the taps the stream runs
//   on: float64, and as stored (f32 of h·L; for ×3 linear phase, the folded
//   table summed back into taps);
// - once per kernel loop, that streaming equals the taps' convolution
//   (test/reference/polyphase.ts) within 1 LSB, so the taps' response is the
//   stream's;
// - on PCM16 streams of clean tones, where rounding can undo what the taps
//   promise (an odd-length ×3 `high` design did: images at −101 dB).
// bench/_measure.ts (`npm run quality`) streams 20 s tones for the README's
// table; too slow for every pair here.

import { beforeAll, describe, expect, it } from "vitest";
import { initSync, Resampler, type Quality } from "telaudio";
import { fft, nextPowerOfTwo } from "../src/design/fft.js";
import { designPrototype } from "../src/design/prototype.js";
import { foldUp3, isSymmetric } from "../src/_folding.js";
import { QUALITIES } from "../src/_quality.js";
import { CORE_RATES, EXTRA_RATES, isSupportedPair, reducedRatio } from "../src/_rates.js";
import { kaiserWindow, PRESET_LIMITS, sineWave, streamIn20msChunks, toneAt } from "../bench/_measure.js";
import { PlainPolyphase } from "./reference/polyphase.js";

beforeAll(() => initSync());

const RATES = [...CORE_RATES, ...EXTRA_RATES];
const PAIRS: [number, number][] = RATES.flatMap((from) => RATES.filter((to) => to !== from && isSupportedPair(from, to)).map((to) => [from, to] as [number, number]));

const decibels = (ratio: number): number => 20 * Math.log10(ratio);

/**
 * The prototype as the kernel holds it, at passband gain 1: f32(h·L) / L
 * per tap; for ×3 with a symmetric prototype, the folded table's (cs, cu, cd)
 * unfolded by the algebra in assembly/folded.ts: self phase cs[k] at k and
 * Ks − k (2·cs at a centre), pair a: cu + cd at k and cu − cd at K − k,
 * b the mirror of a.
 */
function storedTaps(h: Float64Array, up: number, down: number): Float64Array {
  if (!(up === 3 && down === 1 && isSymmetric(h))) return Float64Array.from(h, (t) => Math.fround(t * up) / up);
  const { taps, pairs, reach, selfPhase } = foldUp3(h);
  const a = (selfPhase + 1) % 3;
  const b = (selfPhase + 2) % 3;
  const reachPair = reach + selfPhase - 1;
  const g = new Float64Array(h.length);
  const put = (phase: number, k: number, value: number) => {
    if (value !== 0) g[phase + 3 * k] += value;
  };
  for (let k = 0; k < pairs; k++) {
    const [cs, cu, cd] = [taps[4 * k], taps[4 * k + 1], taps[4 * k + 2]];
    if (2 * k < reach) (put(selfPhase, k, cs), put(selfPhase, reach - k, cs));
    else if (2 * k === reach) put(selfPhase, k, 2 * cs);
    if (2 * k < reachPair) {
      put(a, k, cu + cd);
      put(a, reachPair - k, cu - cd);
      put(b, k, cu - cd);
      put(b, reachPair - k, cu + cd);
    } else if (2 * k === reachPair) (put(a, k, 2 * cu), put(b, k, 2 * cu));
  }
  return g.map((t) => t / 3);
}

interface TapsResponse {
  rippleDb: number;
  /** Attenuation over [1.15 fn, the prototype's Nyquist]: images of tones ≤ 0.85 fn (up), aliases of tones ≥ 1.15 fn (down). */
  farDb: number;
  /** Attenuation over [fn, 1.15 fn]: images of tones 0.85–0.975 fn (up), aliases of tones 1.0–1.15 fn (down). */
  nearDb: number;
}

/** The response of `taps` at the prototype rate, fn in cycles per sample, by a zero-padded FFT (16 points per tap). */
function tapsResponse(taps: Float64Array, fn: number): TapsResponse {
  const size = nextPowerOfTwo(16 * taps.length);
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re.set(taps);
  fft(re, im);
  let passMin = Infinity;
  let passMax = 0;
  let near = 0;
  let far = 0;
  for (let bin = 0; bin <= size / 2; bin++) {
    const f = bin / size;
    const magnitude = Math.hypot(re[bin], im[bin]);
    if (f <= 0.85 * fn) (passMin = Math.min(passMin, magnitude), (passMax = Math.max(passMax, magnitude)));
    else if (f >= fn && f <= 1.15 * fn) near = Math.max(near, magnitude);
    if (f >= 1.15 * fn) far = Math.max(far, magnitude);
  }
  return { rippleDb: decibels(passMax / passMin), farDb: -decibels(far), nearDb: -decibels(near) };
}

/** Group delay of `taps` at f (cycles per sample): the phase slope of a direct DFT, central difference. */
function phaseSlopeDelay(taps: Float64Array, f: number): number {
  const phase = (x: number) => {
    let re = 0;
    let im = 0;
    for (let n = 0; n < taps.length; n++) (re += taps[n] * Math.cos(2 * Math.PI * x * n), (im -= taps[n] * Math.sin(2 * Math.PI * x * n)));
    return Math.atan2(im, re);
  };
  const step = 1e-3 * f;
  let difference = phase(f + step) - phase(f - step);
  difference = ((difference + 3 * Math.PI) % (2 * Math.PI)) - Math.PI;
  return -difference / (2 * Math.PI * 2 * step);
}

describe.each(QUALITIES)("the %s preset's taps meet its table, on every supported pair", (quality) => {
  const limits = PRESET_LIMITS[quality];
  const responses = new Map<string, TapsResponse[]>();
  it.each(PAIRS)("%i Hz → %i Hz (float64 and as stored)", (from, to) => {
    const { up, down } = reducedRatio(from, to);
    const oversampling = Math.max(up, down);
    const { taps } = designPrototype(quality, oversampling);
    const fn = 1 / (2 * oversampling); // the lower Nyquist at the prototype rate L·from
    const key = `${oversampling}/${up}/${down === 1 && up === 3}`;
    let measured = responses.get(key);
    if (measured === undefined) {
      measured = [tapsResponse(taps, fn), tapsResponse(storedTaps(taps, up, down), fn)];
      responses.set(key, measured);
    }
    for (const response of measured) {
      expect(response.rippleDb).toBeLessThanOrEqual(limits.rippleDb);
      expect(response.farDb).toBeGreaterThanOrEqual(limits.farDb);
      expect(response.nearDb).toBeGreaterThanOrEqual(limits.nearDb);
    }
    // Delay: the reported one is the taps' group delay at 0.25 fn, within the bound.
    const resampler = new Resampler({ from, to, quality });
    const reported = resampler.delay;
    resampler.dispose();
    expect(reported).toBeCloseTo(phaseSlopeDelay(taps, 0.25 * fn) / down, 3);
    expect((reported / to) * 1000).toBeLessThanOrEqual((limits.delayMs * 4000) / (Math.min(from, to) / 2) + 1e-9);
  });
});

describe("the folded table, summed back into taps, is the prototype", () => {
  it.each(["voice", "high"] as const)("%s ×3: every tap within f32 rounding of h", (quality) => {
    const h = designPrototype(quality, 3).taps;
    const stored = storedTaps(h, 3, 1);
    // Each table entry is within ½ ulp of its ≤ 3·max|h|; a tap sums two, over 3.
    const largest = h.reduce((m, t) => Math.max(m, Math.abs(t)), 0);
    for (let i = 0; i < h.length; i++) expect(Math.abs(stored[i] - h[i])).toBeLessThanOrEqual(2 ** -23 * largest);
  });
});

/** Fixed pseudo-random PCM16 noise (LCG), half scale: no saturation. */
function noise(count: number, seed: number): Int16Array {
  let state = seed >>> 0;
  return Int16Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >> 17) - 16384;
  });
}

describe("each kernel loop streams the taps' convolution (float64 reference) within 1 LSB", () => {
  // One pair per loop in assembly/resample.ts.
  const CASES: [string, Quality, number, number][] = [
    ["folded ×3 (linear phase)", "high", 8000, 24000],
    ["×3, eight inputs × three phases (minimum phase)", "low-latency", 8000, 24000],
    ["×L (L ≠ 3), sixteen inputs a phase", "voice", 8000, 48000],
    ["÷3, eight outputs at constant offsets", "high", 48000, 16000],
    ["÷2, eight then four outputs", "voice", 16000, 8000],
    ["rational 3/2", "high", 16000, 24000],
    ["rational 160/441", "voice", 44100, 16000],
  ];
  it.each(CASES)("%s: %s %i → %i", (_loop, quality, from, to) => {
    const { up, down } = reducedRatio(from, to);
    const input = noise(Math.round(from * 0.3) + 37, from + up);
    const resampler = new Resampler({ from, to, quality });
    const out = new Int16Array(resampler.outputLength(input.length));
    let written = 0;
    // 20 ms frames, then odd sizes: block and one-at-a-time paths, and chunk edges inside blocks.
    const sizes = [from / 50, from / 50, 1, 7, 8, 9, 17, 3];
    for (let start = 0, i = 0; start < input.length; start += sizes[i++ % sizes.length]) {
      written += resampler.process(input.subarray(start, start + sizes[i % sizes.length]), out.subarray(written)).length;
    }
    resampler.dispose();
    const expected = new Int16Array(out.length);
    expect(new PlainPolyphase(designPrototype(quality, Math.max(up, down)).taps, up, down).process(input, expected)).toBe(written);
    let exact = 0;
    for (let i = 0; i < written; i++) {
      expect(Math.abs(out[i] - expected[i])).toBeLessThanOrEqual(1);
      if (out[i] === expected[i]) exact++;
    }
    expect(exact / written).toBeGreaterThan(0.99);
  });
});

describe("PCM16 streams of clean tones keep the far-image promise (rounding included)", () => {
  // A phase whose outputs fall on input samples rounds back to the bare
  // input for a clean tone; an odd-length ×L design had one (−101 dB at
  // 8k → 24k `high`). ±1 LSB TPDF: the usual 16-bit dither, too little to
  // hide that. 2 s tones: noise in a bin stays ≥ 10 dB under the bound.
  const tones = Array.from({ length: 16 }, (_, i) => 300 + i * 206.5 + Math.SQRT2);
  it.each([
    [8000, 24000],
    [16000, 48000],
    [8000, 32000],
    [8000, 16000],
  ])("high, %i Hz → %i Hz: images of −6 dBFS tones at 0.075–0.85 fn ≥ 107 dB down", (from, to) => {
    const amplitude = 16384;
    let worst = Infinity;
    for (const tone of tones) {
      const f = (tone * from) / 8000;
      const output = streamIn20msChunks(sineWave(2 * from, from, f, amplitude, 0, 1), from, to, "high");
      const segment = output.subarray(to / 10, to / 10 + Math.round(1.8 * to));
      for (const image of [from - f, from + f]) {
        if (image < to / 2) worst = Math.min(worst, -decibels(toneAt(segment, to, image).amplitude / amplitude));
      }
    }
    expect(worst).toBeGreaterThanOrEqual(PRESET_LIMITS.high.farDb);
  });
});

/** THD+N in the band 20 Hz – fn, by the spectrum of the windowed output with the tone's main lobe removed. */
function thdPlusNoise(signal: Int16Array, rate: number, frequency: number, bandTop: number): number {
  const length = 1 << Math.floor(Math.log2(signal.length));
  const window = kaiserWindow(length);
  const re = new Float64Array(length);
  const im = new Float64Array(length);
  for (let n = 0; n < length; n++) re[n] = signal[n] * window[n];
  fft(re, im);
  const binHz = rate / length;
  const toneBin = Math.round(frequency / binHz);
  let tone = 0;
  let rest = 0;
  for (let bin = Math.ceil(20 / binHz); bin <= Math.floor(bandTop / binHz); bin++) {
    const power = re[bin] ** 2 + im[bin] ** 2;
    if (Math.abs(bin - toneBin) <= 10) tone += power;
    else rest += power;
  }
  return 10 * Math.log10(tone / rest);
}

describe("THD+N of a −3 dBFS 997 Hz tone stays ≥ 85 dB (band 20 Hz – fn)", () => {
  it.each(QUALITIES)("%s, 8 kHz ⇄ 24 kHz", (quality) => {
    for (const [from, to] of [[8000, 24000], [24000, 8000]]) {
      const input = sineWave(from * 2, from, 997, 23197);
      const output = streamIn20msChunks(input, from, to, quality);
      const segment = output.subarray(to / 4, to / 4 + to);
      expect(thdPlusNoise(segment, to, 997, Math.min(from, to) / 2)).toBeGreaterThanOrEqual(85);
    }
  });
});

describe("a round trip 8k → 24k → 8k keeps the 300–3400 Hz band", () => {
  /** 24 tones across 300–3400 Hz with fixed phases, at 8 kHz, `delay` samples late (fractional delays exact). */
  function multitone(count: number, delay = 0): Float64Array {
    const out = new Float64Array(count);
    for (let n = 0; n < count; n++) {
      let value = 0;
      for (let k = 0; k < 24; k++) value += Math.sin((2 * Math.PI * (300 + k * 134.7) * (n - delay)) / 8000 + k * k * 0.7);
      out[n] = value * 900;
    }
    return out;
  }
  it.each(["voice", "high"] as const)("%s: SNR against the input delayed by the two reported delays meets the table", (quality) => {
    const input = Int16Array.from(multitone(16000), Math.round);
    const up = streamIn20msChunks(input, 8000, 24000, quality);
    const back = streamIn20msChunks(up, 24000, 8000, quality);
    // Both delays in 8 kHz samples; with linear phase the round trip is a pure (maybe fractional) delay.
    const delay = new Resampler({ from: 8000, to: 24000, quality }).delay / 3 + new Resampler({ from: 24000, to: 8000, quality }).delay;
    const expected = multitone(16000, delay);
    let signal = 0;
    let error = 0;
    for (let n = 2000; n < 14000; n++) {
      signal += expected[n] ** 2;
      error += (back[n] - expected[n]) ** 2;
    }
    expect(10 * Math.log10(signal / error)).toBeGreaterThanOrEqual(PRESET_LIMITS[quality].roundTripSnrDb!);
  });
});

describe("an impulse comes out as the filter, centred on the reported delay (linear-phase presets)", () => {
  it.each(["voice", "high"] as const)("%s, 8k → 24k: peak at `delay`, symmetric about it", (quality) => {
    const resampler = new Resampler({ from: 8000, to: 24000, quality });
    const impulse = new Int16Array(400);
    impulse[100] = 16000;
    const out = resampler.process(impulse);
    // Whole delay: one peak sample; half-sample delay (even length): two equal ones.
    const centre = 300 + resampler.delay;
    const left = Math.floor(centre);
    const right = Math.ceil(centre);
    let peak = 0;
    for (let i = 0; i < out.length; i++) if (Math.abs(out[i]) > Math.abs(out[peak])) peak = i;
    expect([left, right]).toContain(peak);
    for (let k = 0; k < 60; k++) expect(Math.abs(out[right + k] - out[left - k])).toBeLessThanOrEqual(1);
  });
});
