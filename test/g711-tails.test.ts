// Every input through every G.711 code path, checked against ITU-T G.191:
// the SIMD body and the table tail at each tail length (test/_tails.ts),
// from an odd byteOffset and in place, and across the API's scratch pieces.
// test/mutation/run.mjs shows a wrong table entry or SIMD constant fails here.

import { beforeAll, describe, expect, it } from "vitest";
import { alawDecode, alawEncode, ulawDecode, ulawEncode } from "telaudio";
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
  tailCoverage,
  type Layout,
} from "./_tails.js";

beforeAll(initFromEnv);

type Encode = (src: Int16Array | Uint8Array, dst?: Uint8Array) => Uint8Array;
type Decode = (src: Uint8Array, dst?: Int16Array) => Int16Array;

const laws = [
  { law: "ulaw", encode: ulawEncode as Encode, decode: ulawDecode as Decode },
  { law: "alaw", encode: alawEncode as Encode, decode: alawDecode as Decode },
] as const;

/** Runs `layout`'s calls one by one; `call(a, b)` encodes input [a, b) into out[a, b). */
type EncodeWay = (encode: Encode, layout: Layout<Int16Array>) => Uint8Array;
type DecodeWay = (decode: Decode, layout: Layout<Uint8Array>) => Int16Array;

const encodeWays: [string, EncodeWay][] = [
  [
    "Int16Array in, new dst per call",
    (encode, { n, input, calls }) => {
      const out = new Uint8Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) out.set(encode(input.subarray(a, a + n)), a);
      return out;
    },
  ],
  [
    "PCM16LE bytes at an odd byteOffset into a dst at an odd byteOffset",
    (encode, { n, input, calls }) => {
      const bytes = atOddOffset(bytesOf(input));
      const out = atOddOffset(new Uint8Array(input.length));
      for (let j = 0, a = 0; j < calls; j++, a += n) encode(bytes.subarray(2 * a, 2 * (a + n)), out.subarray(a, a + n));
      return out;
    },
  ],
  [
    "in place: PCM16LE bytes at an odd byteOffset, codes over their first half",
    (encode, { n, input, calls }) => {
      const bytes = bytesOf(input);
      const work = atOddOffset(new Uint8Array(2 * n));
      const codes = work.subarray(0, n);
      const out = new Uint8Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) {
        work.set(bytes.subarray(2 * a, 2 * (a + n)));
        out.set(encode(work, codes), a);
      }
      return out;
    },
  ],
  [
    "in place: Int16Array in, codes over its own bytes",
    (encode, { n, input, calls }) => {
      const work = new Int16Array(n);
      const codes = new Uint8Array(work.buffer, 0, n);
      const out = new Uint8Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) {
        work.set(input.subarray(a, a + n));
        encode(work, codes);
        out.set(codes, a);
      }
      return out;
    },
  ],
];

const decodeWays: [string, DecodeWay][] = [
  [
    "new dst per call",
    (decode, { n, input, calls }) => {
      const out = new Int16Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) out.set(decode(input.subarray(a, a + n)), a);
      return out;
    },
  ],
  [
    "codes at an odd byteOffset, into dst",
    (decode, { n, input, calls }) => {
      const codes = atOddOffset(input);
      const out = new Int16Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) decode(codes.subarray(a, a + n), out.subarray(a, a + n));
      return out;
    },
  ],
  [
    "in place: codes in the first half of dst's bytes",
    (decode, { n, input, calls }) => {
      const work = new Int16Array(n);
      const codes = new Uint8Array(work.buffer, 0, n);
      const out = new Int16Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) {
        codes.set(input.subarray(a, a + n));
        out.set(decode(codes, work), a);
      }
      return out;
    },
  ],
  [
    "in place: codes at an odd byteOffset inside dst's bytes",
    (decode, { n, input, calls }) => {
      const work = new Int16Array(n + 1);
      const codes = new Uint8Array(work.buffer, 1, n);
      const dst = work.subarray(0, n);
      const out = new Int16Array(input.length);
      for (let j = 0, a = 0; j < calls; j++, a += n) {
        codes.set(input.subarray(a, a + n));
        decode(codes, dst);
        out.set(dst, a);
      }
      return out;
    },
  ],
];

describe("the layouts put every input in a tail position", () => {
  it.each(LENGTHS)("calls of %i: all 65,536 samples and all 256 codes reach the tail", (n) => {
    expect(tailCoverage(cachedSampleLayout(n), 65536)).toBe(65536);
    expect(tailCoverage(cachedCodeLayout(n), 256)).toBe(256);
  });
});

describe.each(laws)("$law encode: all 65,536 inputs at every tail length match G.191", ({ law, encode }) => {
  const table = encodeTable(law);
  it.each(encodeWays)("%s", (_, way) => {
    for (const n of LENGTHS) {
      const layout = cachedSampleLayout(n);
      expectEncoded(layout, way(encode, layout), table);
    }
  });
});

describe.each(laws)("$law decode: all 256 codes at every tail position and length match G.191", ({ law, decode }) => {
  const table = decodeTable(law);
  it.each(decodeWays)("%s", (_, way) => {
    for (const n of LENGTHS) {
      const layout = cachedCodeLayout(n);
      expectDecoded(layout, way(decode, layout), table);
    }
  });
});

// 65,536 samples is one scratch piece: longer inputs end in a piece of length % 65,536.
describe.each(laws)("$law across scratch pieces, in place, ending in a tail", ({ law, encode, decode }) => {
  const codesOf = encodeTable(law);
  const samplesOf = decodeTable(law);

  it.each([1, 7, 15, 17, 31])("65,536 + %i samples encoded over their own bytes", (extra) => {
    const n = 65536 + extra;
    // The last `extra` samples (the tail piece) walk through the inputs from 20,000 on.
    const input = Int16Array.from({ length: n }, (_, i) => (i < 65536 ? i * 7919 : 20000 + (i - 65536) * 4099) & 0xffff);
    const work = new Int16Array(input);
    const codes = encode(work, new Uint8Array(work.buffer, 0, n));
    expectEncoded({ n, input, calls: 1 }, codes, codesOf);
  });

  it.each([1, 7, 15, 17, 31])("65,536 + %i codes decoded from the first half of dst's bytes", (extra) => {
    const n = 65536 + extra;
    const input = Uint8Array.from({ length: n }, (_, i) => (i < 65536 ? i * 37 : 0x80 + i) & 0xff);
    const work = new Int16Array(n);
    const codes = new Uint8Array(work.buffer, 0, n);
    codes.set(input);
    decode(codes, work);
    expectDecoded({ n, input, calls: 1 }, work, samplesOf);
  });
});
