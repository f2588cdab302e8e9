// The folded ×3 kernel (assembly/folded.ts) for linear-phase prototypes:
// its table against the plain polyphase sums it replaces (float64), and the
// kernel itself, run through the raw wasm exports, against the plain-TS
// definition (test/reference/polyphase.ts) for each of the three
// self-mirrored phases s = 0, 1, 2 (the shipped designs reach only 0 and 1).

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { designPrototype } from "../src/design/prototype.js";
import { foldUp3, isSymmetric } from "../src/_folding.js";
import { createResamplerState, SampleFormat, type Kernels } from "../src/_kernels.js";
import { PlainPolyphase } from "./reference/polyphase.js";

/** A symmetric low-pass of length n (windowed sinc at 1/3 of Nyquist): any length, so any s. */
function symmetricLowPass(n: number): Float64Array {
  const h = new Float64Array(n);
  const centre = (n - 1) / 2;
  for (let k = 0; k < n; k++) {
    const t = k - centre;
    const sinc = t === 0 ? 1 / 3 : Math.sin((Math.PI * t) / 3) / (Math.PI * t);
    h[k] = sinc * (0.54 - 0.46 * Math.cos((2 * Math.PI * k) / (n - 1)));
  }
  for (let k = 0; k < n; k++) h[k] = h[n - 1 - k] = (h[k] + h[n - 1 - k]) / 2; // exactly symmetric
  return h;
}

function noise(count: number, seed: number): Int16Array {
  let a = seed >>> 0;
  return Int16Array.from({ length: count }, () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return (a >> 16) - 32768;
  });
}

const prototypes: [string, Float64Array][] = [
  [`voice (N = ${designPrototype("voice", 3).taps.length})`, designPrototype("voice", 3).taps],
  [`high (N = ${designPrototype("high", 3).taps.length})`, designPrototype("high", 3).taps],
  ["synthetic N = 145", symmetricLowPass(145)],
  ["synthetic N = 146", symmetricLowPass(146)],
  ["synthetic N = 147", symmetricLowPass(147)],
];

describe("foldUp3: the folded sums equal the three phases' plain sums", () => {
  it("covers s = 0, 1 and 2 and recognises symmetry exactly", () => {
    expect(prototypes.map(([, h]) => foldUp3(h).selfPhase).sort()).toEqual([0, 0, 1, 1, 2]);
    expect(prototypes.every(([, h]) => isSymmetric(h))).toBe(true);
    expect(isSymmetric(designPrototype("low-latency", 3).taps)).toBe(false);
  });

  for (const [name, h] of prototypes) {
    it(`${name}: every phase within 0.02 of Σ 3·h[p + 3k]·x[n − k] (f32 taps)`, () => {
      const { taps, pairs, reach, selfPhase } = foldUp3(h);
      const reachPair = reach + selfPhase - 1;
      const x = noise(400, h.length);
      let worst = 0;
      for (let n = 200; n < 400; n++) {
        let s = 0;
        let u = 0;
        let v = 0;
        for (let k = 0; k < pairs; k++) {
          s += taps[4 * k] * (x[n - k] + x[n - reach + k]);
          u += taps[4 * k + 1] * (x[n - k] + x[n - reachPair + k]);
          v += taps[4 * k + 2] * (x[n - k] - x[n - reachPair + k]);
        }
        const folded = [0, 0, 0];
        folded[selfPhase] = s;
        folded[(selfPhase + 1) % 3] = u + v;
        folded[(selfPhase + 2) % 3] = u - v;
        for (let p = 0; p < 3; p++) {
          let plain = 0;
          for (let k = 0; p + 3 * k < h.length; k++) plain += 3 * h[p + 3 * k] * x[n - k];
          worst = Math.max(worst, Math.abs(folded[p] - plain));
        }
      }
      expect(worst).toBeLessThan(0.02);
    });
  }
});

describe("the folded kernel (raw wasm exports) against the plain-TS definition", () => {
  let raw: Kernels;
  beforeAll(() => {
    const bytes = readFileSync(new URL("../dist/telaudio.wasm", import.meta.url));
    raw = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort: () => {} } }).exports as unknown as Kernels;
  });

  const copyIn = (values: Float32Array): number => {
    const ptr = raw.allocate(values.byteLength);
    new Float32Array(raw.memory.buffer, ptr, values.length).set(values);
    return ptr;
  };

  /** A folded 8k → 24k stream over `h`; returns its output for `input` cut into `chunks`. */
  function run(h: Float64Array, input: Int16Array, chunks: number[]): Int16Array {
    const fold = foldUp3(h);
    const perPhase = Math.ceil(h.length / 3);
    const tapsPerPhase = Math.ceil(perPhase / 4) * 4;
    // The plain phase table is all zeros: only the folded path can give the right output.
    const plain = new Float32Array(3 * tapsPerPhase);
    const folded = { ptr: copyIn(fold.taps), pairs: fold.pairs, reach: fold.reach, selfPhase: fold.selfPhase };
    const state = createResamplerState(raw, { ptr: copyIn(plain), up: 3, down: 1, tapsPerPhase, leadingZeros: tapsPerPhase - perPhase, folded });
    const out = new Int16Array(3 * input.length);
    const inPtr = raw.scratchInPtr();
    const outPtr = raw.scratchOutPtr();
    let read = 0;
    let written = 0;
    for (const chunk of chunks) {
      new Int16Array(raw.memory.buffer, inPtr, chunk).set(input.subarray(read, read + chunk));
      const produced = raw.resamplerProcess(state, inPtr, chunk, outPtr, SampleFormat.Pcm16, SampleFormat.Pcm16);
      expect(produced).toBe(3 * chunk);
      out.set(new Int16Array(raw.memory.buffer, outPtr, produced), written);
      read += chunk;
      written += produced;
    }
    return out;
  }

  for (const [name, h] of prototypes) {
    it(`${name}: within ±1 LSB (> 99% exact), the same for any chunking`, () => {
      const input = noise(4000, 7 * h.length).map((x) => x >> 1); // half scale: no saturation
      const whole = run(h, input, [input.length]);
      const reference = new Int16Array(whole.length);
      new PlainPolyphase(h, 3, 1).process(input, reference);
      let exact = 0;
      for (let i = 0; i < whole.length; i++) {
        expect(Math.abs(whole[i] - reference[i])).toBeLessThanOrEqual(1);
        if (whole[i] === reference[i]) exact++;
      }
      expect(exact / whole.length).toBeGreaterThan(0.99);
      // blocks of 8 inputs, single inputs and every mix of them
      const chunks = [1, 7, 8, 9, 3, 160, 15, 17, 2];
      for (let total = chunks.reduce((a, b) => a + b); total < input.length; total += 13) chunks.push(Math.min(13, input.length - total));
      expect(run(h, input, chunks)).toEqual(whole);
    });
  }
});
