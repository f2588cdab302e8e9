// Converter with G.722 on either side equals the composition of the streams
// below it, bit for bit: G722Decoder (at the given mode) → Resampler when
// 16 kHz differs from the other rate → the other side's encoding (ulawEncode /
// alawEncode, or DataView writes in the wire's byte order); or the other
// side decoded → Resampler to 16 kHz → G722Encoder, whose flush is the
// resampler's tail through the same encoder. Every pair with G.722 on a side,
// every preset, seeded random chunk splits (odd L16 byte counts, empty
// chunks, dst and none). The references never call the Converter nor a fused
// class.

import { beforeAll, describe, expect, it } from "vitest";
import { Converter, G722Decoder, G722Encoder, G722ToPcm16, memoryUsage, Pcm16ToG722, Resampler, type Encoding, type Quality } from "telaudio";
import { decodeWire as decode, encodeWire as encode, runChunked } from "./_wire.js";
import { expectRejected, expectSameValues } from "./_assert.js";
import { initFromEnv } from "./_init.js";
import { seeded, type Rng } from "./_seeded.js";
import { QUALITIES } from "../src/_quality.js";
import { isSupportedPair } from "../src/_rates.js";

beforeAll(() => initFromEnv());

const FILE = "test/converter-g722.test.ts";

interface Format {
  encoding: Encoding;
  rate: number;
  mode?: 1 | 2 | 3;
}

const G722: Format = { encoding: "g722", rate: 16000 };
const OTHERS: Format[] = [
  { encoding: "ulaw", rate: 8000 },
  { encoding: "alaw", rate: 8000 },
  ...(["l16le", "l16be"] as const).flatMap((encoding) => [8000, 16000, 24000, 44100, 48000].map((rate) => ({ encoding, rate }))),
];

const name = (f: Format) => `${f.encoding} ${f.rate}${f.mode === undefined ? "" : ` mode ${f.mode}`}`;
const width = (encoding: Encoding) => (encoding === "l16le" || encoding === "l16be" ? 2 : 1);



/** The composition on the whole input at once, then its flush. */
function reference(from: Format, to: Format, quality: Quality, input: Uint8Array): { body: Uint8Array; tail: Uint8Array } {
  const whole = input.subarray(0, input.length - (input.length % width(from.encoding)));
  if (from.encoding === "g722" && to.encoding === "g722") return { body: whole.slice(), tail: new Uint8Array(0) };
  const resampler = from.rate === to.rate ? undefined : new Resampler({ from: from.rate, to: to.rate, quality });
  const resample = (pcm: Int16Array) => (resampler === undefined ? pcm : resampler.process(pcm));
  const flush = () => (resampler === undefined ? new Int16Array(0) : resampler.flush());
  if (from.encoding === "g722") {
    const pcm16k = new G722Decoder({ mode: from.mode }).process(whole);
    return { body: encode(resample(pcm16k), to.encoding), tail: encode(flush(), to.encoding) };
  }
  const encoder = new G722Encoder();
  const body = encoder.process(resample(decode(whole, from.encoding)));
  return { body, tail: encoder.process(flush()) };
}


/** Speech-like G.722 octets: a real encoder's output (random octets would drive the decoder anywhere, which is fine too, but this is what a wire carries), with random octets mixed in. */
function inputFor(random: Rng, from: Format, ms: number): Uint8Array {
  const count = Math.round((from.rate * ms) / 1000) * width(from.encoding) + (width(from.encoding) - 1);
  if (from.encoding !== "g722") return Uint8Array.from({ length: count }, () => random.int(0, 255));
  const pcm = Int16Array.from({ length: 2 * count }, (_, i) => Math.round(9000 * Math.sin(i * 0.07) + random.int(-3000, 3000)));
  const octets = new G722Encoder().process(pcm);
  for (let i = 0; i < octets.length; i += random.int(5, 40)) octets[i] = random.int(0, 255);
  return octets;
}


const PAIRS: [Format, Format][] = [
  ...OTHERS.filter((f) => isSupportedPair(16000, f.rate)).flatMap((other): [Format, Format][] => [
    [G722, other],
    [other, G722],
  ]),
  [{ ...G722, mode: 2 }, { encoding: "l16le", rate: 24000 }],
  [{ ...G722, mode: 3 }, { encoding: "ulaw", rate: 8000 }],
  [G722, G722],
];

describe("every pair with G.722 on a side equals G722Decoder/G722Encoder composed with Resampler and the other encoding, bit for bit", () => {
  for (const [from, to] of PAIRS) {
    const title = `${name(from)} → ${name(to)}`;
    it(
      title,
      seeded(FILE, title, (random) => {
        for (const quality of QUALITIES) {
          const input = inputFor(random, from, 60);
          const { body, tail } = reference(from, to, quality, input);
          const converter = new Converter({ from, to, quality });
          expectSameValues(runChunked(converter, input, random, 2 * random.int(1, 150) + 1), body);
          expect(converter.outputLength(0)).toBe(0);
          const flushed = converter.flush();
          expectSameValues(flushed, tail);
          expect(converter.delay).toBe(from.rate === to.rate ? 0 : new Resampler({ from: from.rate, to: to.rate, quality }).delay);
          // after flush, as new
          expectSameValues(runChunked(converter, input, random, 997), body);
          converter.reset();
          expectSameValues(converter.process(input), body);
          converter.dispose();
        }
      }),
    );
  }
});

describe("G.722 specifics", () => {
  it("the fused G.722 classes' output, as bytes: g722 → l16le 24k is G722ToPcm16, l16le 24k → g722 is Pcm16ToG722", () => {
    const pcm = Int16Array.from({ length: 4800 }, (_, i) => Math.round(8000 * Math.sin(i * 0.05)));
    const octets = new G722Encoder().process(new Resampler({ from: 24000, to: 16000 }).process(pcm));
    const fused = new G722ToPcm16().process(octets);
    const bytes = new Converter({ from: { encoding: "g722" }, to: { encoding: "l16le", rate: 24000 } }).process(octets);
    expectSameValues(decode(bytes, "l16le"), fused);
    const back = new Converter({ from: { encoding: "l16le", rate: 24000 }, to: { encoding: "g722" } }).process(encode(pcm, "l16le"));
    expectSameValues(back, new Pcm16ToG722().process(pcm));
  });

  it("a 20 ms frame each way: 160 octets ⇄ 160 μ-law codes, 480 samples at 24k", () => {
    const fromG722 = new Converter({ from: { encoding: "g722" }, to: { encoding: "ulaw" } });
    expect(fromG722.outputLength(160)).toBe(160);
    const toG722 = new Converter({ from: { encoding: "l16be", rate: 24000 }, to: { encoding: "g722" } });
    expect(toG722.outputLength(960)).toBe(160);
    expect(new Converter({ from: { encoding: "g722" }, to: { encoding: "l16le", rate: 24000 } }).outputLength(160)).toBe(960);
  });

  it("an odd 16 kHz sample waits for its pair, counted by outputLength; flush and reset drop it", () => {
    const converter = new Converter({ from: { encoding: "l16le", rate: 16000 }, to: { encoding: "g722" } });
    expect(converter.process(Uint8Array.of(1, 2)).length).toBe(0);
    expect(converter.outputLength(2)).toBe(1);
    expect(converter.outputLength(1)).toBe(0); // half a sample completes nothing
    expect(converter.process(Uint8Array.of(3, 4)).length).toBe(1);
    converter.process(Uint8Array.of(5, 6));
    expect(converter.flush().length).toBe(0); // same rate: no tail; the unpaired sample is dropped
    expect(converter.process(Uint8Array.of(3, 4)).length).toBe(0);
  });

  it("G.722 to G.722 is a copy of the octets, whatever from.mode", () => {
    const octets = Uint8Array.from({ length: 321 }, (_, i) => (i * 97) & 0xff);
    for (const mode of [1, 2, 3] as const) {
      const copy = new Converter({ from: { encoding: "g722", mode }, to: { encoding: "g722" } });
      expectSameValues(copy.process(octets), octets);
      expect(copy.flush().length).toBe(0);
    }
  });

  it("the formats are reported (G.722's rate defaults to 16000 and its mode to 1); one stream in memoryUsage, freed by dispose", () => {
    const before = memoryUsage();
    const converter = new Converter({ from: { encoding: "g722" }, to: { encoding: "alaw" } });
    expect(converter.from).toEqual({ encoding: "g722", rate: 16000, mode: 1 });
    expect(converter.to).toEqual({ encoding: "alaw", rate: 8000 });
    expect(memoryUsage().streams).toBe(before.streams + 1);
    expect(memoryUsage().stateBytes).toBeGreaterThan(before.stateBytes);
    converter.dispose();
    expect(memoryUsage()).toMatchObject({ streams: before.streams, stateBytes: before.stateBytes });
    expectRejected(() => converter.process(new Uint8Array(1)), Error, /^this Converter was disposed/);
  });

  it("inputs longer than the scratch regions: 300,001 octets, and 400,000 L16 bytes, in one call", () => {
    const octets = Uint8Array.from({ length: 300_001 }, (_, i) => (i * 2654435761) >>> 24);
    const from: Format = G722;
    const to: Format = { encoding: "l16be", rate: 48000 };
    const expected = reference(from, to, "voice", octets);
    const converter = new Converter({ from, to });
    expectSameValues(converter.process(octets), expected.body);
    expectSameValues(converter.flush(), expected.tail);
    const l16 = Uint8Array.from({ length: 400_000 }, (_, i) => (i * 2654435761) >>> 24);
    const back = reference({ encoding: "l16le", rate: 8000 }, G722, "voice", l16);
    expectSameValues(new Converter({ from: { encoding: "l16le", rate: 8000 }, to: G722 }).process(l16), back.body);
  });
});

describe("G.722 bad options", () => {
  it.each([
    ["g722 at 8 kHz", { from: { encoding: "g722", rate: 8000 }, to: { encoding: "ulaw" } }, RangeError, /^from\.rate is 8000 Hz: g722 is 16000 Hz only/],
    ["mode 4", { from: { encoding: "g722", mode: 4 }, to: { encoding: "ulaw" } }, RangeError, /^from\.mode must be 1 \(64 kbit\/s\), 2 \(56\) or 3 \(48\), got 4/],
    ["mode a string", { from: { encoding: "g722", mode: "1" }, to: { encoding: "ulaw" } }, TypeError, /^from\.mode must be 1, 2 or 3, got string/],
    ["mode null", { from: { encoding: "g722", mode: null }, to: { encoding: "ulaw" } }, TypeError, /^from\.mode must be 1, 2 or 3, got null/],
    ["to.mode 2 (the encoder is 64 kbit/s)", { from: { encoding: "ulaw" }, to: { encoding: "g722", mode: 2 } }, RangeError, /^to\.mode is 2: the G\.722 encoder writes 64 kbit\/s \(mode 1\) only/],
    ["g722 rate a string", { from: { encoding: "g722", rate: "16000" }, to: { encoding: "ulaw" } }, TypeError, /^from\.rate must be a sample rate/],
  ] as [string, unknown, typeof TypeError, RegExp][])("%s", (_, options, errorClass, message) => {
    const before = memoryUsage().streams;
    expectRejected(() => new Converter(options as never), errorClass, message);
    expect(memoryUsage().streams).toBe(before);
  });
});
