// G.722 against ITU-T's own vectors, every word:
// - Appendix II (QMF bypassed): the sub-band coders through the raw kernel
//   exports g722EncodeSubbands/g722DecodeSubbands, 2 encoder and 9 decoder runs;
// - the STL speech vector: the full codec, public API, encode and modes 1–3;
// - derived full-scale and random-code vectors (made by the STL reference),
//   where a QMF without its clamp to −16384…16383 goes wrong.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { G722Decoder, G722Encoder } from "telaudio";
import type { Kernels } from "../src/_kernels.js";
import { expectSameValues } from "./_assert.js";
import { g722Bytes, g722VectorNames, g722Words } from "./_g722-vectors.js";
import { initFromEnv } from "./_init.js";

beforeAll(initFromEnv);

describe("the G.722 vectors are the files the manifest describes", () => {
  it.each(g722VectorNames())("%s has its CRC-32 and size", (name) => {
    expect(() => g722Bytes(name)).not.toThrow();
  });
});

/** Runs of words between reset words (bit 0 set), as [start, end). */
function segments(words: Int16Array): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  while (i < words.length) {
    while (i < words.length && (words[i] & 1) !== 0) i++;
    const start = i;
    while (i < words.length && (words[i] & 1) === 0) i++;
    if (i > start) out.push([start, i]);
  }
  return out;
}

describe("Appendix II digital test sequences (QMF bypassed), raw kernel exports", () => {
  let raw: Kernels;
  beforeAll(() => {
    const path = process.env.TELAUDIO_WASM ?? new URL("../dist/telaudio.wasm", import.meta.url);
    raw = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), { env: { abort: () => {} } }).exports as unknown as Kernels;
  });

  /** Each run between reset words from a freshly reset state; reset words give 0x0001. */
  function encode(input: Int16Array): Int16Array {
    const state = raw.g722Create(0);
    const out = new Int16Array(input.length).fill(1);
    const inPtr = raw.scratchInPtr();
    const outPtr = raw.scratchOutPtr();
    for (const [start, end] of segments(input)) {
      raw.g722Reset(state);
      const n = end - start;
      const x = new Int16Array(raw.memory.buffer, inPtr, n);
      for (let i = 0; i < n; i++) x[i] = input[start + i] >> 1;
      raw.g722EncodeSubbands(state, inPtr, inPtr, n, outPtr);
      const codes = new Uint8Array(raw.memory.buffer, outPtr, n);
      for (let i = 0; i < n; i++) out[start + i] = codes[i] << 8;
    }
    raw.g722Destroy(state);
    return out;
  }

  function decode(input: Int16Array, mode: number): { low: Int16Array; high: Int16Array } {
    const state = raw.g722Create(mode);
    const low = new Int16Array(input.length).fill(1);
    const high = new Int16Array(input.length).fill(1);
    const inPtr = raw.scratchInPtr();
    const outPtr = raw.scratchOutPtr();
    for (const [start, end] of segments(input)) {
      raw.g722Reset(state);
      const n = end - start;
      const codes = new Uint8Array(raw.memory.buffer, inPtr, n);
      for (let i = 0; i < n; i++) codes[i] = (input[start + i] >> 8) & 0xff;
      raw.g722DecodeSubbands(state, inPtr, n, outPtr, outPtr + 2 * n);
      const l = new Int16Array(raw.memory.buffer, outPtr, n);
      const h = new Int16Array(raw.memory.buffer, outPtr + 2 * n, n);
      for (let i = 0; i < n; i++) {
        low[start + i] = l[i] << 1;
        high[start + i] = h[i] << 1;
      }
    }
    raw.g722Destroy(state);
    return { low, high };
  }

  it.each([
    ["bt1c1.xmt", "bt2r1.cod"],
    ["bt1c2.xmt", "bt2r2.cod"],
  ])("encoder: %s gives %s", (input, expected) => {
    expectSameValues(encode(g722Words(input)), g722Words(expected));
  });

  const inputs: [string, number][] = [["bt2r1.cod", 1], ["bt2r2.cod", 2], ["bt1d3.cod", 3]];
  const decoderRuns: [string, number, number][] = [1, 2, 3].flatMap((mode) => inputs.map(([input, set]): [string, number, number] => [input, mode, set]));
  it.each(decoderRuns)(
    "decoder: %s in mode %i",
    (input, mode, set) => {
      const { low, high } = decode(g722Words(input), mode);
      expectSameValues(low, g722Words(`bt3l${set}.rc${mode}`));
      expectSameValues(high, g722Words(`bt3h${set}.rc0`));
    },
  );
});

describe("the full codec (QMF included) through the public API", () => {
  it("encodes the STL speech vector to codspw.cod, every code", () => {
    const expected = Uint8Array.from(g722Words("codspw.cod"), (word) => word & 0xff);
    expectSameValues(new G722Encoder().process(g722Words("inpsp.bin")), expected);
  });

  it.each([1, 2, 3] as const)("decodes codspw.cod in mode %i to outsp%i.bin, every sample", (mode) => {
    const codes = Uint8Array.from(g722Words("codspw.cod"), (word) => word & 0xff);
    expectSameValues(new G722Decoder({ mode }).process(codes), g722Words(`outsp${mode}.bin`));
  });

  it("encodes full-scale input (square, chirp, ±32767 alternation) as the STL reference does", () => {
    expectSameValues(new G722Encoder().process(g722Bytes("overload.pcm")), g722Bytes("overload.g722"));
  });

  it.each([1, 2, 3] as const)("decodes the overload and random codes in mode %i as the STL reference does", (mode) => {
    expectSameValues(new G722Decoder({ mode }).process(g722Bytes("overload.g722")), g722Words(`overload.mode${mode}.pcm`));
    expectSameValues(new G722Decoder({ mode }).process(g722Bytes("random.g722")), g722Words(`random.mode${mode}.pcm`));
  });
});
