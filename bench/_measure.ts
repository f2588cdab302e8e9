// Measuring a resampler from its own streaming output: tones in, amplitude
// and phase at chosen frequencies out, by a Kaiser-windowed single-bin DFT.
// A Kaiser window with β = 20 keeps every other tone ≥ ~50 Hz away below
// −150 dB, far under the levels the presets promise, so a tone's leakage
// cannot pass for an image.

import { Resampler, type Quality } from "telaudio";

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 60; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

const windows = new Map<number, Float64Array>();

export function kaiserWindow(length: number, beta = 20): Float64Array {
  let window = windows.get(length);
  if (window === undefined) {
    window = new Float64Array(length);
    const denominator = besselI0(beta);
    for (let n = 0; n < length; n++) {
      const r = (2 * n) / (length - 1) - 1;
      window[n] = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / denominator;
    }
    windows.set(length, window);
  }
  return window;
}

export interface Tone {
  /** Peak amplitude of the sinusoid at `frequency`. */
  amplitude: number;
  /** Phase in radians at sample 0 of the analysed segment. */
  phase: number;
}

/** Amplitude and phase of `signal` at `frequency` (Hz) for a sample rate `rate`. */
export function toneAt(signal: ArrayLike<number>, rate: number, frequency: number): Tone {
  const window = kaiserWindow(signal.length);
  let re = 0;
  let im = 0;
  let gain = 0;
  const omega = (2 * Math.PI * frequency) / rate;
  // e^{-iωn} by rotating a phasor, re-anchored on exact values every 4096 samples.
  const stepRe = Math.cos(omega);
  const stepIm = -Math.sin(omega);
  let phasorRe = 1;
  let phasorIm = 0;
  for (let n = 0; n < signal.length; n++) {
    if ((n & 4095) === 0) {
      phasorRe = Math.cos(omega * n);
      phasorIm = -Math.sin(omega * n);
    }
    const w = window[n] * signal[n];
    re += w * phasorRe;
    im += w * phasorIm;
    gain += window[n];
    const nextRe = phasorRe * stepRe - phasorIm * stepIm;
    phasorIm = phasorRe * stepIm + phasorIm * stepRe;
    phasorRe = nextRe;
  }
  return { amplitude: (2 * Math.hypot(re, im)) / gain, phase: Math.atan2(im, re) + Math.PI / 2 };
}

export function decibels(ratio: number): number {
  return 20 * Math.log10(ratio);
}

/**
 * A sinusoid of `count` samples, rounded to PCM16; with `dither` > 0, plus
 * triangular (TPDF) noise of ±`dither` LSB before rounding (deterministic).
 */
export function sineWave(count: number, rate: number, frequency: number, amplitude: number, phase = 0, dither = 0): Int16Array {
  const out = new Int16Array(count);
  let seed = 12345;
  const uniform = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  for (let n = 0; n < count; n++) {
    const noise = dither > 0 ? dither * (uniform() - uniform()) : 0;
    out[n] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * n) / rate + phase) + noise);
  }
  return out;
}

/**
 * A streaming resampler as the measurement drives it: fed 20 ms chunks in
 * order, then flushed. telaudio's Resampler is one (`telaudio()`); the peers
 * of bench/_peers.ts are others.
 */
export interface Stream {
  /** Resamples `src` into the start of `dst` (room for all output still to come); returns the samples written. */
  process(src: Int16Array, dst: Int16Array): number;
  /** Writes what it still holds into `dst`; returns the samples written. */
  flush?(dst: Int16Array): number;
  dispose?(): void;
}

/** A resampler under test: a new stream per tone, and the delay it reports, if it reports one. */
export interface Subject {
  open(): Stream;
  /** Reported delay in output samples, if the resampler reports one. */
  reportedDelay?: number;
}

/** telaudio's Resampler at a preset, as a Subject. */
export function telaudio(from: number, to: number, quality: Quality): Subject {
  const probe = new Resampler({ from, to, quality });
  const reportedDelay = probe.delay;
  probe.dispose();
  return {
    reportedDelay,
    open() {
      const resampler = new Resampler({ from, to, quality });
      return {
        process: (src, dst) => resampler.process(src, dst).length,
        flush: (dst) => resampler.flush(dst).length,
        dispose: () => resampler.dispose(),
      };
    },
  };
}

/**
 * Feeds `input` through `stream` in 20 ms chunks into a buffer of `capacity`
 * samples; returns the buffer (flush included) and how many samples each
 * call returned.
 */
export function streamThrough(input: Int16Array, from: number, stream: Stream, capacity: number): { output: Int16Array; perCall: number[] } {
  const chunk = from / 50;
  const output = new Int16Array(capacity);
  const perCall: number[] = [];
  let written = 0;
  for (let start = 0; start < input.length; start += chunk) {
    const count = stream.process(input.subarray(start, start + chunk), output.subarray(written));
    perCall.push(count);
    written += count;
  }
  stream.flush?.(output.subarray(written));
  stream.dispose?.();
  return { output, perCall };
}

/** Feeds `input` through a new resampler in 20 ms chunks; returns every output sample (flush included). */
export function streamIn20msChunks(input: Int16Array, from: number, to: number, quality: Quality): Int16Array {
  const resampler = new Resampler({ from, to, quality });
  const capacity = resampler.outputLength(input.length) + Math.ceil(resampler.delay);
  resampler.dispose();
  return streamThrough(input, from, telaudio(from, to, quality).open(), capacity).output;
}

/** `frequency` as it lands after sampling at `rate`: folded into [0, rate/2]. */
export function folded(frequency: number, rate: number): number {
  const wrapped = ((frequency % rate) + rate) % rate;
  return wrapped > rate / 2 ? rate - wrapped : wrapped;
}

/**
 * Where a resampler from `from` to `to` can put spurious copies of a tone at
 * `frequency` (sampled at `from`): its images k·from ± f (k = 1, 2; the
 * strongest, next to the transition band) and, for a tone above to/2, its
 * alias, each folded into the output band. Copies within 50 Hz of the tone
 * itself cannot be told from it and are left out.
 */
export function spurFrequencies(frequency: number, from: number, to: number): number[] {
  const candidates = [frequency, from - frequency, from + frequency, 2 * from - frequency, 2 * from + frequency];
  const tone = frequency < to / 2 ? frequency : Number.NaN;
  const spurs = new Set<number>();
  for (const candidate of candidates) {
    const spur = folded(candidate, to);
    if (!(Math.abs(spur - tone) < 50)) spurs.add(spur);
  }
  return [...spurs];
}

/** The presets' promises for 8 kHz ⇄ 24 kHz (other pairs scale with fn): src/_quality.ts, the one definition. */
export { PRESETS as PRESET_LIMITS } from "../src/_quality.js";

export interface Response {
  /** Peak-to-peak gain variation of tones across 0.075–0.85 fn, dB. */
  rippleDb: number;
  /** Smallest distance (dB below the tone fed in) of an image (up) or alias (down) of tones far from fn: 0.075–0.85 fn up, ≥ 1.15 fn down. */
  farDb: number;
  /** Same for tones near fn: 0.85–0.975 fn up, 1.0–1.15 fn down. */
  nearDb: number;
  /** Group delay at 0.25 fn, from the phase of two tones 20 Hz apart, in ms. */
  delayMs: number;
  /** The delay the resampler reports, in ms (NaN if it reports none). */
  reportedDelayMs: number;
  /**
   * Audio fed in but not yet returned after each 20 ms call (input time fed
   * minus output time returned), over the calls of one tone: its mean and
   * largest, in ms, and how many calls returned nothing.
   */
  heldBack: { meanMs: number; maxMs: number; emptyCalls: number; calls: number };
}

const TONE_AMPLITUDE = 16384; // −6 dBFS
/** Length of each test tone: long enough that noise in a DFT bin stays ≥ 10 dB under the `high` preset's figures. */
const SECONDS = 20;

/**
 * `count` tones across [low, high], each moved √2 Hz inward: a tone at a
 * simple fraction of the sample rate has a periodic rounding error, whose
 * harmonics can land exactly on the image or alias being measured.
 */
function spread(low: number, high: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => low + ((high - low) * i) / (count - 1) + (i < count - 1 ? Math.SQRT2 : -Math.SQRT2));
}

/**
 * Output of a SECONDS tone, past the filter's start-up: a segment and its
 * offset in the output. The tone carries ±1 LSB TPDF dither, the usual
 * 16-bit dither, both ways: undithered, a downsampler's alias below ½ LSB
 * would round away unseen. The figures are the PCM16 stream's, rounding
 * included: an upsampler phase that rounds back to its bare input shows as
 * images here (an odd-length ×3 `high` design: 104.6 dB on the far grid,
 * 101.3 dB on a 100 Hz grid), where the ±4 LSB this once used hid it
 * (108.8 dB, the filter's). Over SECONDS the dither's noise in a bin stays
 * ≥ 10 dB under the figures measured.
 */
function toneResponse(from: number, to: number, subject: Subject, frequency: number, seconds: number) {
  const input = sineWave(seconds * from, from, frequency, TONE_AMPLITUDE, 0, 1);
  // Room for the whole output, its delay and a peer's bursts.
  const capacity = Math.ceil((input.length * to) / from) + Math.ceil(to / 10);
  const { output, perCall } = streamThrough(input, from, subject.open(), capacity);
  const start = Math.round(to * 0.25);
  return { segment: output.subarray(start, start + Math.round(to * (seconds - 0.5))), start, perCall };
}

/**
 * Measures a preset (or any Subject) on a rate pair from its own streaming
 * output (tones fed in 20 ms chunks); `seconds` per tone.
 */
export function measureResponse(from: number, to: number, quality: Quality | Subject, seconds = SECONDS): Response {
  const subject = typeof quality === "string" ? telaudio(from, to, quality) : quality;
  const fn = Math.min(from, to) / 2;
  const up = to > from;

  let minGain = Infinity;
  let maxGain = -Infinity;
  for (const f of spread(0.075 * fn, 0.85 * fn, 12)) {
    const { segment } = toneResponse(from, to, subject, f, seconds);
    const gain = decibels(toneAt(segment, to, f).amplitude / TONE_AMPLITUDE);
    minGain = Math.min(minGain, gain);
    maxGain = Math.max(maxGain, gain);
  }

  /** dB by which the strongest image/alias of a tone at f lies below the tone fed in. */
  const worstSpur = (f: number): number => {
    const { segment } = toneResponse(from, to, subject, f, seconds);
    const reference = TONE_AMPLITUDE;
    const spurs = spurFrequencies(f, from, to);
    let worst = Infinity;
    for (const spur of spurs) worst = Math.min(worst, -decibels(toneAt(segment, to, spur).amplitude / reference));
    return worst;
  };
  let farDb = Infinity;
  let nearDb = Infinity;
  if (up) {
    // ~100 Hz apart at 8 kHz: rounding's lines differ from tone to tone by several dB.
    for (const f of spread(0.075 * fn, 0.85 * fn, 32)) farDb = Math.min(farDb, worstSpur(f));
    for (const f of spread(0.85 * fn, 0.975 * fn, 6)) nearDb = Math.min(nearDb, worstSpur(f));
  } else {
    for (const f of spread(1.15 * fn, 0.98 * (from / 2), 14)) farDb = Math.min(farDb, worstSpur(f));
    for (const f of spread(1.005 * fn, 1.15 * fn, 6)) nearDb = Math.min(nearDb, worstSpur(f));
  }

  // Group delay: phase slope between two tones 20 Hz apart around 0.25 fn.
  const f1 = 0.25 * fn - 10;
  const f2 = 0.25 * fn + 10;
  let perCall: number[] = [];
  const phaseDelay = (f: number) => {
    const response = toneResponse(from, to, subject, f, seconds);
    const { segment, start } = response;
    perCall = response.perCall;
    // Output phase at output sample `start`, against the input tone's phase at the same instant.
    const inputPhase = (2 * Math.PI * f * start) / to;
    return toneAt(segment, to, f).phase - inputPhase;
  };
  let difference = phaseDelay(f2) - phaseDelay(f1);
  difference = ((difference % (2 * Math.PI)) + 3 * Math.PI) % (2 * Math.PI) - Math.PI;
  const delayMs = (-difference / (2 * Math.PI * (f2 - f1))) * 1000;

  const reportedDelayMs = subject.reportedDelay === undefined ? Number.NaN : (subject.reportedDelay / to) * 1000;
  return { rippleDb: maxGain - minGain, farDb, nearDb, delayMs, reportedDelayMs, heldBack: heldBack(perCall, to) };
}

/** Input time fed minus output time returned, after each 20 ms call. */
function heldBack(perCall: number[], to: number): Response["heldBack"] {
  let returned = 0;
  let sum = 0;
  let maxMs = -Infinity;
  let emptyCalls = 0;
  perCall.forEach((count, call) => {
    returned += count;
    if (count === 0) emptyCalls++;
    const ms = (call + 1) * 20 - (returned / to) * 1000;
    sum += ms;
    maxMs = Math.max(maxMs, ms);
  });
  return { meanMs: sum / perCall.length, maxMs, emptyCalls, calls: perCall.length };
}
