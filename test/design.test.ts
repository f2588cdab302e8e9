// Filter design (src/design): Parks–McClellan and the homomorphic minimum
// phase against scipy (vectors/design, made by make_design_vectors.py), and
// the resampler prototypes measured against the quality presets' promises.

import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { fft } from "../src/design/fft.js";
import { interpolationKernel, sampleContinuous } from "../src/design/interpolate.js";
import { minimumPhase } from "../src/design/minimum-phase.js";
import { designPrototype, type PrototypeQuality } from "../src/design/prototype.js";
import { remez, type RemezBand } from "../src/design/remez.js";
import { QUALITIES } from "../src/_quality.js";
import { ATTENUATION_MARGIN_DB } from "../src/design/specification.js";
import { denseMagnitude, groupDelay, magnitudeDb, magnitudeRange } from "../src/design/response.js";

interface RemezCase {
  name: string;
  call: string;
  numTaps: number;
  bands: RemezBand[];
  taps: number[];
}
interface MinimumPhaseCase {
  name: string;
  call: string;
  fftSize: number;
  input: number[];
  output: number[];
}
const vectors = JSON.parse(readFileSync(new URL("../vectors/design/design-vectors.json", import.meta.url), "utf8")) as {
  provenance: { scipy: string };
  remez: RemezCase[];
  minimumPhase: MinimumPhaseCase[];
};

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** A fixed pseudo-random sequence (xorshift32), so failures reproduce. */
function noise(length: number, seed = 12345): Float64Array {
  const out = new Float64Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = (state >>> 0) / 2 ** 32 - 0.5;
  }
  return out;
}

const decibels = (ratio: number): number => 20 * Math.log10(ratio);

/**
 * Group delay at f (cycles/sample) from the phase of a direct DFT, by a
 * central difference: independent of src/design/response.ts groupDelay.
 */
function phaseSlopeDelay(taps: ArrayLike<number>, f: number): number {
  const phase = (x: number) => {
    let re = 0;
    let im = 0;
    for (let n = 0; n < taps.length; n++) {
      re += taps[n] * Math.cos(2 * Math.PI * x * n);
      im -= taps[n] * Math.sin(2 * Math.PI * x * n);
    }
    return Math.atan2(im, re);
  };
  const step = 1e-6 * f;
  return -(phase(f + step) - phase(f - step)) / (4 * Math.PI * step);
}

describe("fft", () => {
  it("matches a direct DFT and inverts", () => {
    const size = 64;
    const input = noise(2 * size);
    const re = input.slice(0, size);
    const im = input.slice(size);
    fft(re, im);
    let worst = 0;
    for (let k = 0; k < size; k++) {
      let sumRe = 0;
      let sumIm = 0;
      for (let n = 0; n < size; n++) {
        const angle = (-2 * Math.PI * k * n) / size;
        sumRe += input[n] * Math.cos(angle) - input[size + n] * Math.sin(angle);
        sumIm += input[n] * Math.sin(angle) + input[size + n] * Math.cos(angle);
      }
      worst = Math.max(worst, Math.abs(sumRe - re[k]), Math.abs(sumIm - im[k]));
    }
    expect(worst).toBeLessThan(1e-12);
    fft(re, im, true);
    expect(maxAbsDifference(re, input.subarray(0, size))).toBeLessThan(1e-15);
    expect(maxAbsDifference(im, input.subarray(size))).toBeLessThan(1e-15);
  });

  it("rejects lengths that are not powers of two", () => {
    expect(() => fft(new Float64Array(12), new Float64Array(12))).toThrow(RangeError);
  });
});

describe("remez", () => {
  // Same grid as scipy (spacing 0.5/(16·r), last point on the band edge), so
  // both converge to the same discrete minimax solution: the taps agree to
  // rounding (~1e-13 seen), far inside 1e-8; a different grid alone would
  // move taps by ~1e-6.
  for (const c of vectors.remez) {
    it(`matches scipy ${vectors.provenance.scipy}: ${c.name}`, () => {
      const result = remez(c.numTaps, c.bands);
      expect(result.converged).toBe(true);
      expect(maxAbsDifference(result.taps, c.taps)).toBeLessThan(1e-8);
    });
  }

  it("is equiripple: each band deviates by δ / weight at most, and reaches it", () => {
    const bands: RemezBand[] = [
      { start: 0, stop: 0.2, gain: 1, weight: 1 },
      { start: 0.25, stop: 0.5, gain: 0, weight: 10 },
    ];
    const { taps, deviation } = remez(61, bands);
    const frequencies = Float64Array.from({ length: 4001 }, (_, i) => (0.5 * i) / 4000);
    const magnitude = magnitudeDb(taps, frequencies).map((db) => 10 ** (db / 20));
    let passError = 0;
    let stopError = 0;
    frequencies.forEach((f, i) => {
      if (f <= 0.2) passError = Math.max(passError, Math.abs(magnitude[i] - 1));
      if (f >= 0.25) stopError = Math.max(stopError, magnitude[i]);
    });
    // Between the grid's points (16 per extremal) the error peaks ~1 % higher.
    expect(passError).toBeGreaterThan(deviation * 0.99);
    expect(passError).toBeLessThan(deviation * 1.03);
    expect(stopError).toBeGreaterThan((deviation / 10) * 0.99);
    expect(stopError).toBeLessThan((deviation / 10) * 1.03);
  });

  it("converges for 1500 taps with a narrow transition and 100 dB of weight range", () => {
    const bands: RemezBand[] = [
      { start: 0, stop: 0.85 / 32, gain: 1, weight: 1 / 0.0005 },
      { start: 1 / 32, stop: 0.5, gain: 0, weight: 1e5 },
    ];
    for (const numTaps of [1499, 1500]) {
      const result = remez(numTaps, bands);
      expect(result.converged).toBe(true);
      const stop = magnitudeRange(denseMagnitude(result.taps, 8), 1 / 32, 0.5).max;
      expect(stop).toBeLessThan((result.deviation / 1e5) * 1.05);
    }
  });

  it("rejects bad arguments", () => {
    const band = { start: 0, stop: 0.2, gain: 1, weight: 1 };
    expect(() => remez(2, [band])).toThrow(RangeError);
    expect(() => remez(31.5, [band])).toThrow(RangeError);
    expect(() => remez(31, [])).toThrow(RangeError);
    expect(() => remez(31, [{ ...band, stop: 0.6 }])).toThrow(RangeError);
    expect(() => remez(31, [band, { start: 0.1, stop: 0.5, gain: 0, weight: 1 }])).toThrow(RangeError);
    expect(() => remez(31, [{ ...band, weight: 0 }])).toThrow(RangeError);
  });
});

describe("minimumPhase", () => {
  // Same algorithm and FFT length as scipy, all float64: the only differences
  // are FFT rounding through log and exp, ~1e-12 on taps of ~0.26.
  for (const c of vectors.minimumPhase) {
    it(`matches scipy ${vectors.provenance.scipy}: ${c.name}`, () => {
      const result = minimumPhase(c.input, { fftSize: c.fftSize });
      expect(maxAbsDifference(result, c.output)).toBeLessThan(1e-10);
      // scipy's default FFT length is the same one.
      expect(maxAbsDifference(minimumPhase(c.input), c.output)).toBeLessThan(1e-10);
    });
  }

  it("with the whole cepstrum, factors a non-negative amplitude exactly: |H_min|² = |H|", () => {
    // Stopband aimed at [0, 2e-4]: amplitude ≥ 0, so a spectral factor exists.
    const level = 1e-4;
    const bands: RemezBand[] = [
      { start: 0, stop: 0.1, gain: 1, weight: 100 },
      { start: 0.15, stop: 0.5, gain: level, weight: 1 / level },
    ];
    const linear = remez(71, bands);
    expect(linear.deviation).toBeLessThan(1);
    const factor = minimumPhase(linear.taps, { fftSize: 4096, wholeCepstrum: true });
    expect(factor.length).toBe(36);
    const frequencies = Float64Array.from({ length: 501 }, (_, i) => (0.5 * i) / 500);
    const linearDb = magnitudeDb(linear.taps, frequencies);
    const factorDb = magnitudeDb(factor, frequencies);
    frequencies.forEach((_, i) => expect(Math.abs(2 * factorDb[i] - linearDb[i])).toBeLessThan(0.01));
    // Minimum phase: far less delay than the linear-phase original's 35.
    expect(groupDelay(factor, 0.02)).toBeLessThan(10);
  });
});

describe("sampleContinuous", () => {
  it("passes through the input samples and reproduces an oversampled sinusoid", () => {
    // A Kaiser-tapered sinusoid at 0.03 cycles/sample: oversampled 16 times.
    const length = 200;
    const signal = (t: number): number =>
      Math.cos(2 * Math.PI * 0.03 * t) * Math.exp(-(((t - length / 2) / 40) ** 2));
    const samples = Float64Array.from({ length }, (_, n) => signal(n));
    const kernel = interpolationKernel(0.06, 100);
    // 7 outputs per input sample, from t = 50: every 7th lands on an input sample.
    const step = 1 / 7;
    const fine = sampleContinuous(samples, kernel, 50, step, 700, 7);
    let onSamples = 0;
    let between = 0;
    for (let j = 0; j < fine.length; j++) {
      const t = 50 + j * step;
      const error = Math.abs(fine[j] / step - signal(t));
      if (j % 7 === 0) onSamples = Math.max(onSamples, error);
      else between = Math.max(between, error);
    }
    expect(onSamples).toBeLessThan(1e-14);
    // The kernel (100 dB) deviates by ~1e-5 in its passband as in its stopband.
    expect(between).toBeLessThan(3e-5);
  });
});

// The quality presets' promises (DESIGN.md), in units of fn: ripple over
// 0–0.85 fn, attenuation over 1.0–1.15 fn and from 1.15 fn up, and the delay
// in samples at the lower rate of the pair.
const PROMISES: Record<PrototypeQuality, { rippleDb: number; stopDb: number; deepStopDb: number; maxDelay: number }> = {
  "low-latency": { rippleDb: 0.2, stopDb: 50, deepStopDb: 60, maxDelay: 4 },
  voice: { rippleDb: 0.05, stopDb: 70, deepStopDb: 80, maxDelay: 24 },
  high: { rippleDb: 0.01, stopDb: 85, deepStopDb: 107, maxDelay: 40 },
};
const OVERSAMPLINGS = [2, 3, 4, 6, 147, 160, 320, 441, 640];

interface Measured {
  rippleDb: number;
  stopDb: number;
  deepStopDb: number;
}

function measure(taps: ArrayLike<number>, oversampling: number): Measured {
  const fn = 1 / (2 * oversampling);
  const dense = denseMagnitude(taps, 16);
  const pass = magnitudeRange(dense, 0, 0.85 * fn);
  return {
    rippleDb: decibels(pass.max) - decibels(pass.min),
    stopDb: -decibels(magnitudeRange(dense, fn, 1.15 * fn).max),
    deepStopDb: -decibels(magnitudeRange(dense, 1.15 * fn, 0.5).max),
  };
}

describe("designPrototype", () => {
  const rows: string[] = [];
  afterAll(() => {
    console.log(
      [
        "preset       P     N  taps/phase  delay(proto)  delay(minRate)  ms@8k  ripple dB  A1 dB   A2 dB   design ms",
        ...rows,
      ].join("\n"),
    );
  });

  for (const quality of QUALITIES) {
    for (const oversampling of OVERSAMPLINGS) {
      it(`${quality}, P = ${oversampling}: meets the promise with float64 and float32 taps`, () => {
        const started = performance.now();
        const prototype = designPrototype(quality, oversampling);
        const designMs = performance.now() - started; // logged in the table below, not asserted: timings belong to benchmarks

        const promise = PROMISES[quality];
        const { taps, delay } = prototype;
        const measured = measure(taps, oversampling);
        const rounded = measure(Float32Array.from(taps), oversampling);
        for (const m of [measured, rounded]) {
          expect(m.rippleDb).toBeLessThanOrEqual(promise.rippleDb);
          expect(m.stopDb).toBeGreaterThanOrEqual(promise.stopDb);
          expect(m.deepStopDb).toBeGreaterThanOrEqual(promise.deepStopDb);
        }
        // The design keeps most of the margin it aims for (ATTENUATION_MARGIN_DB, 20 % of the ripple).
        const margin = ATTENUATION_MARGIN_DB[quality] - 0.5;
        expect(measured.rippleDb).toBeLessThanOrEqual(promise.rippleDb * 0.85);
        expect(measured.stopDb).toBeGreaterThanOrEqual(promise.stopDb + margin);
        expect(measured.deepStopDb).toBeGreaterThanOrEqual(promise.deepStopDb + margin);

        const fn = 1 / (2 * oversampling);
        if (quality === "low-latency") {
          expect(delay).toBeCloseTo(phaseSlopeDelay(taps, 0.25 * fn), 6);
        } else {
          expect(delay).toBe((taps.length - 1) / 2);
          expect(maxAbsDifference(taps, taps.slice().reverse())).toBe(0); // symmetric: linear phase
        }
        expect(delay / oversampling).toBeLessThanOrEqual(promise.maxDelay);

        // Passband gain 1: DC within the ripple.
        expect(Math.abs(decibels(Math.abs(taps.reduce((sum, t) => sum + t, 0))))).toBeLessThan(promise.rippleDb);
        expect(designPrototype(quality, oversampling)).toBe(prototype); // cached

        const minRateDelay = delay / oversampling;
        rows.push(
          [
            quality.padEnd(11),
            String(oversampling).padStart(4),
            String(taps.length).padStart(6),
            String(Math.ceil(taps.length / oversampling)).padStart(11),
            delay.toFixed(1).padStart(13),
            minRateDelay.toFixed(3).padStart(15),
            (minRateDelay / 8).toFixed(3).padStart(6),
            measured.rippleDb.toFixed(4).padStart(10),
            measured.stopDb.toFixed(2).padStart(7),
            measured.deepStopDb.toFixed(2).padStart(7),
            designMs.toFixed(1).padStart(10),
          ].join(" "),
        );
      });
    }
  }

  it("rejects an unknown quality and a P that is not an integer ≥ 2", () => {
    expect(() => designPrototype("best" as PrototypeQuality, 3)).toThrow(RangeError);
    expect(() => designPrototype("voice", 1)).toThrow(RangeError);
    expect(() => designPrototype("voice", 2.5)).toThrow(RangeError);
  });
});
