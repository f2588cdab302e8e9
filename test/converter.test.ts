// Converter equals the composition of the functions below it, bit for bit:
// decode (ulawDecode / alawDecode, or the L16 bytes read in their order by
// DataView) → Resampler when the rates differ (nothing when they match) →
// encode (ulawEncode / alawEncode, or DataView writes). Every pair of wire
// formats × every preset, fed in seeded random chunks (odd L16 byte counts,
// empty chunks, with and without dst), the flush included. The references
// never call the Converter, and the same-rate ones call no resampler: a
// kernel path that is not the identity fails them.

import { beforeAll, describe, expect, it } from "vitest";
import { alawDecode, alawEncode, Converter, Resampler, ulawDecode, ulawEncode, type Encoding, type Quality } from "telaudio";
import { concat, decodeWire as decode, encodeWire as encode, runChunked } from "./_wire.js";
import { expectSameValues } from "./_assert.js";
import { initFromEnv } from "./_init.js";
import { seeded, type Rng } from "./_seeded.js";
import { QUALITIES } from "../src/_quality.js";
import { isSupportedPair } from "../src/_rates.js";

beforeAll(() => initFromEnv());

const FILE = "test/converter.test.ts";

interface Format {
  encoding: Encoding;
  rate: number;
}

const L16_RATES = [8000, 16000, 24000, 44100, 48000];
const FORMATS: Format[] = [
  { encoding: "ulaw", rate: 8000 },
  { encoding: "alaw", rate: 8000 },
  ...(["l16le", "l16be"] as const).flatMap((encoding) => L16_RATES.map((rate) => ({ encoding, rate }))),
];

const name = (f: Format) => `${f.encoding} ${f.rate}`;
const width = (encoding: Encoding) => (encoding === "ulaw" || encoding === "alaw" ? 1 : 2);

/**
 * The composition on the whole input at once (a trailing half sample
 * dropped), then its flush. The same format at the same rate is a copy of
 * the bytes: it differs from decode → encode only in μ-law's negative zero
 * (0x7F, which decodes to 0 and encodes to 0xFF; tested below).
 */
function reference(from: Format, to: Format, quality: Quality, input: Uint8Array): { body: Uint8Array; tail: Uint8Array } {
  const whole = input.subarray(0, input.length - (input.length % width(from.encoding)));
  if (from.encoding === to.encoding && from.rate === to.rate) return { body: whole.slice(), tail: new Uint8Array(0) };
  const pcm = decode(whole, from.encoding);
  if (from.rate === to.rate) return { body: encode(pcm, to.encoding), tail: new Uint8Array(0) };
  const resampler = new Resampler({ from: from.rate, to: to.rate, quality });
  const body = encode(resampler.process(pcm), to.encoding);
  const tail = encode(resampler.flush(), to.encoding);
  resampler.dispose();
  return { body, tail };
}


function randomBytes(random: Rng, count: number): Uint8Array {
  return Uint8Array.from({ length: count }, () => random.int(0, 255));
}


describe("every pair of wire formats equals decode → Resampler → encode, bit for bit", () => {
  for (const from of FORMATS) {
    for (const to of FORMATS) {
      if (!isSupportedPair(from.rate, to.rate)) continue;
      const title = `${name(from)} → ${name(to)}`;
      it(
        title,
        seeded(FILE, title, (random) => {
          for (const quality of QUALITIES) {
            // 60 ms of random bytes (full-scale noise: saturation included), odd length for L16
            const input = randomBytes(random, Math.round((from.rate * 60) / 1000) * width(from.encoding) + (width(from.encoding) - 1));
            const { body, tail } = reference(from, to, quality, input);
            const converter = new Converter({ from, to, quality });
            expectSameValues(runChunked(converter, input, random, 2 * random.int(1, 200) + 1), body);
            expectSameValues(converter.flush(), tail);
            expect(converter.delay).toBe(from.rate === to.rate ? 0 : new Resampler({ from: from.rate, to: to.rate, quality }).delay);
            // after flush, as new: the same input gives the same body
            expectSameValues(runChunked(converter, input, random, 997), body);
            converter.dispose();
          }
        }),
      );
    }
  }
});

describe("L16 byte swap: every length of a kernel call hits the SIMD body and the scalar tail", () => {
  const cases: [Format, Format][] = [
    [{ encoding: "l16le", rate: 16000 }, { encoding: "l16be", rate: 16000 }],
    [{ encoding: "l16be", rate: 24000 }, { encoding: "l16le", rate: 24000 }],
    [{ encoding: "l16be", rate: 8000 }, { encoding: "ulaw", rate: 8000 }],
    [{ encoding: "alaw", rate: 8000 }, { encoding: "l16be", rate: 8000 }],
    [{ encoding: "l16be", rate: 16000 }, { encoding: "l16le", rate: 48000 }],
    [{ encoding: "l16le", rate: 24000 }, { encoding: "l16be", rate: 8000 }],
    [{ encoding: "l16be", rate: 16000 }, { encoding: "l16be", rate: 24000 }],
  ];
  it.each(cases)("%o → %o: chunks of 0…40 samples, one after another", (from, to) => {
    for (const quality of QUALITIES) {
      const lengths = Array.from({ length: 41 }, (_, n) => n);
      const input = Uint8Array.from({ length: width(from.encoding) * lengths.reduce((a, b) => a + b) }, (_, i) => (i * 113 + 7) & 0xff);
      const { body, tail } = reference(from, to, quality, input);
      const converter = new Converter({ from, to, quality });
      const parts: Uint8Array[] = [];
      let at = 0;
      for (const n of lengths) {
        parts.push(converter.process(input.subarray(at, at + n * width(from.encoding))));
        at += n * width(from.encoding);
      }
      expectSameValues(concat(parts), body);
      expectSameValues(converter.flush(), tail);
      converter.dispose();
    }
  });

  it("a known L16BE frame: the bytes are swapped, the samples kept", () => {
    const le = Uint8Array.of(0x01, 0x02, 0xff, 0x7f, 0x00, 0x80, 0xfe, 0xff, 0x34, 0x12);
    const converter = new Converter({ from: { encoding: "l16le", rate: 8000 }, to: { encoding: "l16be", rate: 8000 } });
    expect(Array.from(converter.process(le))).toEqual([0x02, 0x01, 0x7f, 0xff, 0x80, 0x00, 0xff, 0xfe, 0x12, 0x34]);
  });
});

describe("odd L16 byte counts carry the byte to the next chunk", () => {
  const from: Format = { encoding: "l16be", rate: 16000 };
  const to: Format = { encoding: "l16le", rate: 16000 };

  it("one byte at a time gives the samples as they complete", () => {
    const converter = new Converter({ from, to });
    const got = [0x12, 0x34, 0xab, 0xcd, 0x01].map((byte) => Array.from(converter.process(Uint8Array.of(byte))));
    expect(got).toEqual([[], [0x34, 0x12], [], [0xcd, 0xab], []]);
    expect(converter.outputLength(0)).toBe(0);
    expect(converter.outputLength(1)).toBe(2); // the carried 0x01 and one more byte make a sample
    expect(Array.from(converter.process(new Uint8Array(0)))).toEqual([]); // an empty chunk keeps the carried byte
    expect(Array.from(converter.process(Uint8Array.of(0x02, 0x03)))).toEqual([0x02, 0x01]);
  });

  it("flush drops a carried half sample; reset too", () => {
    const converter = new Converter({ from, to });
    converter.process(Uint8Array.of(0x12, 0x34, 0x56));
    expect(converter.flush().length).toBe(0);
    expect(Array.from(converter.process(Uint8Array.of(0xab, 0xcd)))).toEqual([0xcd, 0xab]);
    converter.process(Uint8Array.of(0x77));
    converter.reset();
    expect(Array.from(converter.process(Uint8Array.of(0xab, 0xcd)))).toEqual([0xcd, 0xab]);
  });

  it("through the resampler, a carried byte splits nothing: 8k L16LE one byte at a time equals one call", () => {
    const input = Uint8Array.from({ length: 1601 }, (_, i) => (i * 89) & 0xff);
    const pair = { from: { encoding: "l16le", rate: 8000 }, to: { encoding: "l16be", rate: 24000 } } as const;
    const whole = new Converter(pair);
    const bytewise = new Converter(pair);
    const expected = whole.process(input);
    expectSameValues(concat(Array.from(input, (byte) => bytewise.process(Uint8Array.of(byte)))), expected);
    expectSameValues(bytewise.flush(), whole.flush());
  });
});

describe("inputs longer than the scratch regions (several kernel calls in one process)", () => {
  const cases: [Format, Format][] = [
    [{ encoding: "l16le", rate: 48000 }, { encoding: "l16be", rate: 48000 }],
    [{ encoding: "ulaw", rate: 8000 }, { encoding: "l16le", rate: 48000 }],
    [{ encoding: "l16be", rate: 8000 }, { encoding: "l16le", rate: 44100 }],
    [{ encoding: "l16be", rate: 48000 }, { encoding: "alaw", rate: 8000 }],
  ];
  it.each(cases)("%o → %o: 400,001 bytes in one call", (from, to) => {
    const input = Uint8Array.from({ length: 400_001 }, (_, i) => (i * 2654435761) >>> 24);
    const { body, tail } = reference(from, to, "voice", input);
    const converter = new Converter({ from, to });
    expectSameValues(converter.process(input), body);
    expectSameValues(converter.flush(), tail);
    converter.dispose();
  });

  it("dst overlapping src (in place, a long chunk) gives the same bytes", () => {
    const from: Format = { encoding: "l16le", rate: 48000 };
    const to: Format = { encoding: "l16be", rate: 48000 };
    const input = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31) & 0xff);
    const { body } = reference(from, to, "voice", input);
    const buffer = input.slice();
    expectSameValues(new Converter({ from, to }).process(buffer, buffer), body);
  });
});

describe("a copy, and the options", () => {
  it("a copy is decode → encode but for μ-law's negative zero (0x7F), kept as sent", () => {
    const codes = Uint8Array.from({ length: 256 }, (_, code) => code);
    const recoded = ulawEncode(ulawDecode(codes));
    expect(Array.from(codes).filter((code) => recoded[code] !== code)).toEqual([0x7f]);
    expect(recoded[0x7f]).toBe(0xff);
    expectSameValues(alawEncode(alawDecode(codes)), codes);
    const copy = new Converter({ from: { encoding: "ulaw" }, to: { encoding: "ulaw" } });
    expectSameValues(copy.process(codes), codes);
    // A-law → μ-law → A-law is not a copy: it goes through PCM16 and keeps the composition's values
    const toUlaw = new Converter({ from: { encoding: "alaw" }, to: { encoding: "ulaw" } });
    expectSameValues(toUlaw.process(codes), ulawEncode(alawDecode(codes)));
  });

  it("the same encoding at the same rate is a copy (L16 still by whole samples)", () => {
    const codes = Uint8Array.from({ length: 333 }, (_, i) => (i * 7) & 0xff);
    const ulaw = new Converter({ from: { encoding: "ulaw", rate: 8000 }, to: { encoding: "ulaw", rate: 8000 } });
    const out = ulaw.process(codes);
    expect(out).not.toBe(codes);
    expectSameValues(out, codes);
    expect(ulaw.delay).toBe(0);
    const l16 = new Converter({ from: { encoding: "l16le", rate: 24000 }, to: { encoding: "l16le", rate: 24000 } });
    expectSameValues(l16.process(codes), codes.subarray(0, 332));
    expectSameValues(l16.process(Uint8Array.of(9)), Uint8Array.of(codes[332], 9));
  });

  it("G.711's rate may be omitted (8000); the formats, quality and delay are reported", () => {
    const converter = new Converter({ from: { encoding: "alaw" }, to: { encoding: "l16le", rate: 24000 }, quality: "high" });
    expect(converter.from).toEqual({ encoding: "alaw", rate: 8000 });
    expect(converter.to).toEqual({ encoding: "l16le", rate: 24000 });
    expect(Object.isFrozen(converter.from)).toBe(true);
    expect(converter.quality).toBe("high");
    expect(converter.delay).toBe(new Resampler({ from: 8000, to: 24000, quality: "high" }).delay);
    expect(converter.outputLength(160)).toBe(960);
    expect(new Converter({ from: { encoding: "ulaw" }, to: { encoding: "l16be", rate: 16000 } }).quality).toBe("voice");
  });

  it("the fused G.711 classes' output, as bytes", async () => {
    const { UlawToPcm16, Pcm16ToAlaw } = await import("telaudio");
    const codes = Uint8Array.from({ length: 480 }, (_, i) => (i * 57) & 0xff);
    const pcm = new UlawToPcm16({ to: 16000 }).process(codes);
    const bytes = new Converter({ from: { encoding: "ulaw" }, to: { encoding: "l16le", rate: 16000 } }).process(codes);
    expectSameValues(decode(bytes, "l16le"), pcm);
    const back = new Converter({ from: { encoding: "l16le", rate: 16000 }, to: { encoding: "alaw" } }).process(bytes);
    expectSameValues(back, new Pcm16ToAlaw({ from: 16000 }).process(pcm));
  });
});
