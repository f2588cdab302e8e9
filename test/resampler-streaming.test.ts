import { beforeAll, describe, expect, it } from "vitest";
import { initSync, memoryUsage, Resampler, type Quality } from "telaudio";
import { expectSameValues } from "./_assert.js";
import { QUALITIES } from "../src/_quality.js";

beforeAll(() => initSync());

const CORE = [8000, 16000, 24000, 48000];
const EXTRA = [11025, 22050, 32000, 44100];

const allPairs: [number, number][] = [];
for (const from of CORE) for (const to of CORE) if (from !== to) allPairs.push([from, to]);
for (const extra of EXTRA) for (const core of CORE) allPairs.push([extra, core], [core, extra]);

/** Deterministic noise with some loud passages, as PCM16. */
function noise(count: number, seed = 1): Int16Array {
  let state = seed >>> 0 || 1;
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = (state >>> 16) - 32768;
  }
  return out;
}

function resampleOnce(from: number, to: number, quality: Quality, input: Int16Array): Int16Array {
  const resampler = new Resampler({ from, to, quality });
  const out = resampler.process(input);
  resampler.dispose();
  return out;
}

function resampleInPieces(from: number, to: number, quality: Quality, input: Int16Array, cuts: number[]): Int16Array {
  const resampler = new Resampler({ from, to, quality });
  const pieces: Int16Array[] = [];
  let start = 0;
  for (const cut of [...cuts, input.length]) {
    pieces.push(resampler.process(input.subarray(start, cut)));
    start = cut;
  }
  resampler.dispose();
  const out = new Int16Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}

/** A hang guard, not a timing assertion: the hour-long runs take 1–3 s alone, and overran vitest's 5 s default on a loaded 2-core box. */
const LONG_RUN = 60_000;

// The count law after every call, for every pair × preset × class: test/invariants.test.ts.
describe("output counts are exactly floor(inputsSoFar × to / from) after every call", () => {
  it("the examples of DESIGN.md: 160 → 480, 480 → 160, 1001 → 333 then the remainder", () => {
    expect(new Resampler({ from: 8000, to: 24000 }).process(new Int16Array(160)).length).toBe(480);
    expect(new Resampler({ from: 24000, to: 8000 }).process(new Int16Array(480)).length).toBe(160);
    const down = new Resampler({ from: 24000, to: 8000 });
    expect(down.process(new Int16Array(1001)).length).toBe(333);
    expect(down.process(new Int16Array(2)).length).toBe(1);
  });

  it("one simulated hour of 20 ms frames (180,000 each way) keeps the counts exact", () => {
    const up = new Resampler({ from: 8000, to: 24000 });
    const down = new Resampler({ from: 24000, to: 8000 });
    const frame8k = noise(160, 3);
    const frame24k = new Int16Array(480);
    const back = new Int16Array(160);
    let upSamples = 0;
    let downSamples = 0;
    for (let frame = 0; frame < 180_000; frame++) {
      upSamples += up.process(frame8k, frame24k).length;
      downSamples += down.process(frame24k, back).length;
    }
    expect(upSamples).toBe(180_000 * 480);
    expect(downSamples).toBe(180_000 * 160);
  }, LONG_RUN);

  it("an hour of 44.1 kHz in 10 ms chunks (441 samples) to 8 kHz: 80 out per chunk, exactly", () => {
    const resampler = new Resampler({ from: 44100, to: 8000 });
    const chunk = new Int16Array(441);
    const out = new Int16Array(80);
    let total = 0;
    for (let i = 0; i < 360_000; i++) total += resampler.process(chunk, out).length;
    expect(total).toBe(360_000 * 80);
  }, LONG_RUN);
});

// Random chunkings equal one call for every pair × preset × class: test/invariants.test.ts.
describe("every split of the input gives the same samples, bit for bit", () => {
  it("PCM16LE bytes at an odd byteOffset, in odd-sized pieces of whole samples, give the same samples", () => {
    const input = noise(2400, 9);
    const whole = resampleOnce(8000, 24000, "voice", input);
    const backing = new Uint8Array(input.byteLength + 1);
    const bytes = backing.subarray(1);
    bytes.set(new Uint8Array(input.buffer));
    const resampler = new Resampler({ from: 8000, to: 24000 });
    const out = new Int16Array(whole.length);
    let written = 0;
    for (let start = 0; start < bytes.length; start += 2 * 37) {
      written += resampler.process(bytes.subarray(start, Math.min(start + 2 * 37, bytes.length)), out.subarray(written)).length;
    }
    expect(written).toBe(whole.length);
    expectSameValues(out, whole);
  });

  it("inputs longer than the scratch region (200,000 samples) equal the same input in frames", () => {
    const input = noise(200_000, 5);
    for (const [from, to] of [[8000, 48000], [48000, 8000], [11025, 48000]]) {
      const cuts = Array.from({ length: Math.floor(input.length / 160) }, (_, i) => (i + 1) * 160).filter((c) => c < input.length);
      expectSameValues(resampleOnce(from, to, "voice", input), resampleInPieces(from, to, "voice", input, cuts));
    }
  });
});

describe("streams are independent", () => {
  it("interleaving two streams gives each what it gives alone", () => {
    const a = noise(4800, 11);
    const b = noise(4800, 12);
    const aliceAlone = resampleOnce(8000, 24000, "voice", a);
    const bobAlone = resampleOnce(8000, 24000, "voice", b);
    const alice = new Resampler({ from: 8000, to: 24000 });
    const bob = new Resampler({ from: 8000, to: 24000 });
    const aliceOut = new Int16Array(aliceAlone.length);
    const bobOut = new Int16Array(bobAlone.length);
    for (let frame = 0; frame < 30; frame++) {
      alice.process(a.subarray(frame * 160, frame * 160 + 160), aliceOut.subarray(frame * 480));
      bob.process(b.subarray(frame * 160, frame * 160 + 160), bobOut.subarray(frame * 480));
    }
    expectSameValues(aliceOut, aliceAlone);
    expectSameValues(bobOut, bobAlone);
  });

  it("10,000 concurrent resamplers fit, each fed a frame, and are freed: a second round reuses the memory", () => {
    const frame = noise(160, 2);
    const expected = resampleOnce(8000, 24000, "voice", frame);
    const out = new Int16Array(480);
    let bytesAfterFirstRound = 0;
    for (let round = 0; round < 3; round++) {
      const streams = Array.from({ length: 10_000 }, () => new Resampler({ from: 8000, to: 24000 }));
      for (const stream of streams) {
        stream.process(frame, out);
      }
      expectSameValues(out, expected);
      for (const stream of streams) stream.dispose();
      const bytes = memoryUsage().wasmBytes;
      if (round === 0) bytesAfterFirstRound = bytes;
      else expect(bytes).toBe(bytesAfterFirstRound);
    }
  });
});

// reset() and flush() against a new stream and trailing silence, every pair × preset × class: test/invariants.test.ts.
describe("dispose", () => {
  it("after dispose() every call throws; dispose() again is harmless", () => {
    const resampler = new Resampler({ from: 8000, to: 16000 });
    resampler.dispose();
    resampler.dispose();
    expect(() => resampler.process(new Int16Array(160))).toThrow(/disposed/);
    expect(() => resampler.flush()).toThrow(/disposed/);
    expect(() => resampler.reset()).toThrow(/disposed/);
  });

  it("`using` disposes (Symbol.dispose)", () => {
    const resampler = new Resampler({ from: 8000, to: 16000 });
    resampler[Symbol.dispose]();
    expect(() => resampler.process(new Int16Array(1))).toThrow(/disposed/);
  });
});

describe("output saturates, never wraps", () => {
  it.each(allPairs.filter(([from]) => from <= 24000).slice(0, 12))("full-scale square wave %i Hz → %i Hz", (from, to) => {
    for (const quality of QUALITIES) {
      const period = Math.round(from / 500);
      const square = Int16Array.from({ length: from / 5 }, (_, i) => (Math.floor(i / (period / 2)) % 2 === 0 ? 32767 : -32768));
      const out = resampleOnce(from, to, quality, square);
      const delay = Math.round(new Resampler({ from, to, quality }).delay);
      let clipped = 0;
      for (let i = delay + Math.ceil(to / 100); i < out.length; i++) {
        // Gibbs overshoot pushes past full scale: it must clip at the rails, not wrap to the other sign.
        const expectedSign = Math.sign(square[Math.floor(((i - delay) * from) / to)]);
        const t = ((i - delay) * from) / to;
        const nearEdge = Math.abs(t / (period / 2) - Math.round(t / (period / 2))) < 0.2;
        if (!nearEdge) expect(Math.sign(out[i])).toBe(expectedSign);
        if (out[i] === 32767 || out[i] === -32768) clipped++;
      }
      expect(clipped).toBeGreaterThan(0);
    }
  });
});

describe("from === to is a copy", () => {
  it.each([8000, 11025, 24000, 44100])("%i Hz", (rate) => {
    const input = noise(999, rate);
    const resampler = new Resampler({ from: rate, to: rate });
    expect(resampler.delay).toBe(0);
    expectSameValues(resampler.process(input), input);
    const bytes = new Uint8Array(input.buffer);
    expectSameValues(resampler.process(bytes), input);
    expect(resampler.flush().length).toBe(0);
  });
});
