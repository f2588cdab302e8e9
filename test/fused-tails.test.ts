// The fused classes' own G.711 paths, exhaustively. At 8 kHz → 8 kHz the
// kernel skips the filter (assembly/resample.ts convertSameRate: the plain
// decode, and encodeInPlace, 16 samples a step then a table tail), so
// UlawToPcm16 & co. are checked there against ITU-T G.191 at each tail
// length. When it resamples, codes are decoded straight into the filter's
// f32 input (decodeToF32, 8 codes a SIMD step then a table tail): that path
// is checked at each tail length against decode-then-Resampler.

import { beforeAll, describe, expect, it } from "vitest";
import { alawDecode, AlawToPcm16, Pcm16ToAlaw, Pcm16ToUlaw, Resampler, ulawDecode, UlawToPcm16 } from "telaudio";
import { initFromEnv } from "./_init.js";
import {
  atOddOffset,
  bytesOf,
  cachedCodeLayout,
  cachedSampleLayout,
  decodeTable,
  encodeTable,
  expectDecoded,
  expectEncoded,
  LENGTHS,
  type Layout,
} from "./_tails.js";

beforeAll(initFromEnv);

type Decoder = UlawToPcm16 | AlawToPcm16;
type Encoder = Pcm16ToUlaw | Pcm16ToAlaw;

const laws = [
  { law: "ulaw", Decoder: UlawToPcm16, Encoder: Pcm16ToUlaw },
  { law: "alaw", Decoder: AlawToPcm16, Encoder: Pcm16ToAlaw },
] as const;

describe("8 kHz → 8 kHz is exact, so the fused classes are plain G.711 there", () => {
  it("Resampler 8000 → 8000 gives back every input, in calls of every tail length", () => {
    for (const n of LENGTHS) {
      const { input, calls } = cachedSampleLayout(n);
      const resampler = new Resampler({ from: 8000, to: 8000 });
      expect(resampler.delay).toBe(0);
      const out = new Int16Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) resampler.process(input.subarray(a, a + n), out.subarray(a, a + n));
      const first = out.findIndex((x, i) => x !== input[i]);
      expect(first, `calls of ${n}: input ${input[first]} came back as ${out[first]}`).toBe(-1);
      resampler.dispose();
    }
  });

  it.each(laws)("$law: the fused classes have no delay and one output per input", ({ Decoder, Encoder }) => {
    for (const stream of [new Decoder({ to: 8000 }), new Encoder({ from: 8000 })]) {
      expect(stream.delay).toBe(0);
      expect(stream.outputLength(31)).toBe(31);
      stream.dispose();
    }
  });
});

type DecodeWay = (decoder: Decoder, layout: Layout<Uint8Array>) => Int16Array;
type EncodeWay = (encoder: Encoder, layout: Layout<Int16Array>) => Uint8Array;

const decodeWays: [string, DecodeWay][] = [
  [
    "into dst",
    (decoder, { n, input, calls }) => {
      const out = new Int16Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) decoder.process(input.subarray(a, a + n), out.subarray(a, a + n));
      return out;
    },
  ],
  [
    "codes at an odd byteOffset",
    (decoder, { n, input, calls }) => {
      const codes = atOddOffset(input);
      const out = new Int16Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) out.set(decoder.process(codes.subarray(a, a + n)), a);
      return out;
    },
  ],
  [
    "in place: codes in the first half of dst's bytes",
    (decoder, { n, input, calls }) => {
      const work = new Int16Array(n);
      const codes = new Uint8Array(work.buffer, 0, n);
      const out = new Int16Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) {
        codes.set(input.subarray(a, a + n));
        out.set(decoder.process(codes, work), a);
      }
      return out;
    },
  ],
];

const encodeWays: [string, EncodeWay][] = [
  [
    "Int16Array in",
    (encoder, { n, input, calls }) => {
      const out = new Uint8Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) encoder.process(input.subarray(a, a + n), out.subarray(a, a + n));
      return out;
    },
  ],
  [
    "PCM16LE bytes at an odd byteOffset into a dst at an odd byteOffset",
    (encoder, { n, input, calls }) => {
      const bytes = atOddOffset(bytesOf(input));
      const out = atOddOffset(new Uint8Array(input.length));
      for (let j = 0, a = 0; j < calls; j++, a += n) encoder.process(bytes.subarray(2 * a, 2 * (a + n)), out.subarray(a, a + n));
      return out;
    },
  ],
  [
    "in place: PCM16LE bytes at an odd byteOffset, codes over their first half",
    (encoder, { n, input, calls }) => {
      const bytes = bytesOf(input);
      const work = atOddOffset(new Uint8Array(2 * n));
      const codes = work.subarray(0, n);
      const out = new Uint8Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) {
        work.set(bytes.subarray(2 * a, 2 * (a + n)));
        out.set(encoder.process(work, codes), a);
      }
      return out;
    },
  ],
];

describe.each(laws)("$law fused decode (8 kHz → 8 kHz): all 256 codes at every tail position and length match G.191", ({ law, Decoder }) => {
  const table = decodeTable(law);
  it.each(decodeWays)("%s", (_, way) => {
    for (const n of LENGTHS) {
      const decoder = new Decoder({ to: 8000 });
      expectDecoded(cachedCodeLayout(n), way(decoder, cachedCodeLayout(n)), table);
      decoder.dispose();
    }
  });
});

describe.each(laws)("$law fused encode (8 kHz → 8 kHz): all 65,536 inputs at every tail length match G.191", ({ law, Encoder }) => {
  const table = encodeTable(law);
  it.each(encodeWays)("%s", (_, way) => {
    for (const n of LENGTHS) {
      const encoder = new Encoder({ from: 8000 });
      expectEncoded(cachedSampleLayout(n), way(encoder, cachedSampleLayout(n)), table);
      encoder.dispose();
    }
  });
});

// One call longer than the stream's scratch piece: the pieces' ends are tails
// too. In place, the input is copied first (src/_aliasing.ts).
describe.each(laws)("$law fused, long calls", ({ law, Decoder, Encoder }) => {
  it.each([1, 7, 15])("2 × 65,536 + %i inputs in one call, and in place", (extra) => {
    const n = 2 * 65536 + extra;
    const samples = Int16Array.from({ length: n }, (_, i) => (i * 7919) & 0xffff);
    const samplesLayout = { n, input: samples, calls: 1 };
    const encoder = new Encoder({ from: 8000 });
    expectEncoded(samplesLayout, encoder.process(samples), encodeTable(law));
    const bytes = atOddOffset(bytesOf(samples));
    expectEncoded(samplesLayout, encoder.process(bytes, bytes.subarray(0, n)), encodeTable(law));
    encoder.dispose();

    const codes = Uint8Array.from({ length: n }, (_, i) => (i * 37) & 0xff);
    const codesLayout = { n, input: codes, calls: 1 };
    const decoder = new Decoder({ to: 8000 });
    expectDecoded(codesLayout, decoder.process(codes), decodeTable(law));
    const work = new Int16Array(n);
    new Uint8Array(work.buffer, 0, n).set(codes);
    expectDecoded(codesLayout, decoder.process(new Uint8Array(work.buffer, 0, n), work), decodeTable(law));
    decoder.dispose();
  });
});

describe("decoding straight into the filter (decodeToF32): every code at every tail length, as decode then Resampler", () => {
  it.each(laws)("$law → PCM16 at 16 kHz, calls of 1–15, 17 and 31 codes", ({ law, Decoder }) => {
    const decode = law === "ulaw" ? ulawDecode : alawDecode;
    for (const n of LENGTHS) {
      const { input, calls } = cachedCodeLayout(n);
      const fused = new Decoder({ to: 16000 });
      const reference = new Resampler({ from: 8000, to: 16000 });
      for (let j = 0, a = 0; j < calls; j++, a += n) {
        const codes = input.subarray(a, a + n);
        const got = fused.process(codes);
        const want = reference.process(decode(codes));
        const first = got.findIndex((x, i) => x !== want[i]);
        if (got.length !== want.length || first >= 0) {
          throw new Error(`calls of ${n}, call ${j}: sample ${first} is ${got[first]}, decode then Resampler gives ${want[first]}`);
        }
      }
      fused.dispose();
      reference.dispose();
    }
  });
});
