import { beforeAll, describe, expect, it } from "vitest";
import { alawDecode, alawEncode, ulawDecode, ulawEncode } from "telaudio";
import { initFromEnv } from "./_init.js";
import * as reference from "./reference/g711.js";
import { expectSameValues } from "./_assert.js";
import {
  allSamples,
  crc32,
  expectedCodes,
  expectedDecodeTable,
  expectedRoundTrip,
  vectorBytes,
  vectorFileNames,
} from "./_itu-vectors.js";

// One call over all 65,536 inputs runs only the SIMD body; the table tail is
// covered input by input in g711-tails.test.ts.
beforeAll(initFromEnv);

const allCodes = Uint8Array.from({ length: 256 }, (_, code) => code);

/** The samples as PCM16LE bytes at an odd byteOffset, as Node's pooled Buffers are. */
function asOddOffsetBytes(samples: Int16Array): Uint8Array {
  const backing = new Uint8Array(samples.byteLength + 1);
  const bytes = backing.subarray(1);
  bytes.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
  return bytes;
}

const laws = [
  { law: "ulaw", encode: ulawEncode, decode: ulawDecode, referenceEncode: reference.ulawEncodeReference, referenceDecode: reference.ulawDecodeReference },
  { law: "alaw", encode: alawEncode, decode: alawDecode, referenceEncode: reference.alawEncodeReference, referenceDecode: reference.alawDecodeReference },
] as const;

describe("the ITU vectors are the files the manifest describes", () => {
  it.each(vectorFileNames())("%s has its CRC-32", (name) => {
    expect(() => vectorBytes(name)).not.toThrow();
  });
  it("the CRC-32 routine is the standard one", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
});

describe.each(laws)("$law is bit-exact with ITU-T G.191", ({ law, encode, decode }) => {
  it("encode matches G.191 for all 65,536 inputs", () => {
    expectSameValues(encode(allSamples), expectedCodes(law));
  });

  it("encode takes PCM16LE bytes at an odd byteOffset and gives the same codes", () => {
    expectSameValues(encode(asOddOffsetBytes(allSamples)), expectedCodes(law));
  });

  it("decode matches G.191 for all 256 codes", () => {
    expectSameValues(decode(allCodes), expectedDecodeTable(law));
  });

  it("encode then decode matches G.191's round trip for all 65,536 inputs", () => {
    expectSameValues(decode(encode(allSamples)), expectedRoundTrip(law));
  });
});

describe.each(laws)("the independent plain-TS $law path agrees with G.191", ({ law, referenceEncode, referenceDecode }) => {
  it("encode, all 65,536 inputs", () => {
    expectSameValues(referenceEncode(allSamples), expectedCodes(law));
  });
  it("decode, all 256 codes", () => {
    expectSameValues(referenceDecode(allCodes), expectedDecodeTable(law));
  });
});

describe.each(laws)("$law takes inputs of any length", ({ encode, decode, referenceEncode, referenceDecode }) => {
  // 65,536 is one scratch chunk of samples; cross it, and go well past it.
  it.each([0, 1, 159, 160, 65535, 65536, 65537, 200001])("%i samples", (length) => {
    const samples = Int16Array.from({ length }, (_, i) => ((i * 7919) % 65536) - 32768);
    const codes = Uint8Array.from({ length }, (_, i) => (i * 31) & 0xff);
    expectSameValues(encode(samples), referenceEncode(samples));
    expectSameValues(decode(codes), referenceDecode(codes));
  });
});

describe.each(laws)("$law writes into the caller's dst", ({ encode, decode, referenceEncode, referenceDecode }) => {
  const samples = allSamples.subarray(1000, 1160);
  const codes = allCodes.subarray(0, 160);

  it("returns dst itself when it has exactly the room", () => {
    const samplesOut = new Int16Array(160);
    const codesOut = new Uint8Array(160);
    expect(decode(codes, samplesOut)).toBe(samplesOut);
    expect(encode(samples, codesOut)).toBe(codesOut);
    expectSameValues(samplesOut, referenceDecode(codes));
    expectSameValues(codesOut, referenceEncode(samples));
  });

  it("returns a view of dst's first elements when dst is longer, leaving the rest alone", () => {
    const samplesOut = new Int16Array(170).fill(7);
    const result = decode(codes, samplesOut);
    expect(result.buffer).toBe(samplesOut.buffer);
    expect(result.length).toBe(160);
    expectSameValues(result, referenceDecode(codes));
    expect(samplesOut.subarray(160)).toEqual(new Int16Array(10).fill(7));
  });

  it("rejects a dst that is too short, naming it, and writes nothing", () => {
    const samplesOut = new Int16Array(159).fill(7);
    expect(() => decode(codes, samplesOut)).toThrow(RangeError);
    expect(() => decode(codes, samplesOut)).toThrow(/dst.*160/);
    expect(samplesOut).toEqual(new Int16Array(159).fill(7));
    expect(() => encode(samples, new Uint8Array(159))).toThrow(/dst/);
  });
});

describe.each(laws)("$law rejects bad input with an error naming the argument", ({ encode, decode }) => {
  const notArrays: unknown[] = [[1, 2, 3], "abc", null, undefined, 42, {}, new Float32Array(4), new Uint16Array(4), new ArrayBuffer(4)];

  it.each(notArrays.map((value) => [value]))("decode(%o) is a TypeError naming src", (value) => {
    expect(() => decode(value as Uint8Array)).toThrow(TypeError);
    expect(() => decode(value as Uint8Array)).toThrow(/^src must be a Uint8Array/);
  });

  it.each(notArrays.map((value) => [value]))("encode(%o) is a TypeError naming src", (value) => {
    expect(() => encode(value as Int16Array)).toThrow(TypeError);
    expect(() => encode(value as Int16Array)).toThrow(/^src must be an Int16Array or a Uint8Array/);
  });

  it("encode of an odd count of PCM16LE bytes is a RangeError naming src", () => {
    expect(() => encode(new Uint8Array(3))).toThrow(RangeError);
    expect(() => encode(new Uint8Array(3))).toThrow(/^src holds 3 bytes/);
  });

  it("a dst of the wrong type is a TypeError naming dst", () => {
    expect(() => decode(new Uint8Array(4), new Float32Array(4) as unknown as Int16Array)).toThrow(/^dst must be an Int16Array/);
    expect(() => encode(new Int16Array(4), new Int16Array(4) as unknown as Uint8Array)).toThrow(/^dst must be a Uint8Array/);
  });
});
