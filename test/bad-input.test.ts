// Bad input, everywhere: every public function and class gets wrong types,
// impossible rates, unknown presets, odd byte counts, short or detached or
// shared arrays, 100 MB inputs, and calls after dispose(). The contract
// (README, "API"): a TypeError (wrong type) or RangeError (wrong size or
// value) whose message starts with the argument's name, or a correct result;
// and a rejected call changes nothing — the next good call gives what a twin
// stream that never saw the bad call gives. fast-check interleaves good and
// bad calls through every streaming class.

import fc from "fast-check";
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as telaudio from "telaudio";
import { expectRejected, type ErrorClass } from "./_assert.js";
import {
  alawDecode,
  alawEncode,
  AlawToPcm16,
  initSync,
  memoryUsage,
  Pcm16ToAlaw,
  Pcm16ToUlaw,
  RealtimeToTwilio,
  Resampler,
  TwilioToRealtime,
  ulawDecode,
  ulawEncode,
  UlawToPcm16,
} from "telaudio";

beforeAll(() => initSync());

const SEED = 20261124;

/** A view of `bytes` bytes whose buffer has been transferred away (detached). */
function detached<T>(make: (buffer: ArrayBuffer) => T, bytes = 64): T {
  const buffer = new ArrayBuffer(bytes);
  const view = make(buffer);
  structuredClone(buffer, { transfer: [buffer] });
  expect(buffer.byteLength).toBe(0);
  return view;
}

function sharedSamples(values: ArrayLike<number>): Int16Array<SharedArrayBuffer> {
  const out = new Int16Array(new SharedArrayBuffer(values.length * 2));
  out.set(values);
  return out;
}

function sharedBytes(values: ArrayLike<number>): Uint8Array<SharedArrayBuffer> {
  const out = new Uint8Array(new SharedArrayBuffer(values.length));
  out.set(values);
  return out;
}

/** Deterministic PCM16: noise shaped by a slow sine, from `seed`. */
function pcm(count: number, seed: number): Int16Array {
  let state = (seed * 2654435761) >>> 0 || 1;
  return Int16Array.from({ length: count }, (_, i) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return Math.round(20000 * Math.sin(i / 17 + seed) + ((state & 0x1fff) - 0x1000));
  });
}

/** Little-endian bytes of `samples`, starting `offset` bytes into a fresh buffer. */
function bytesAt(samples: Int16Array, offset: number): Uint8Array {
  const bytes = new Uint8Array(offset + 2 * samples.length).subarray(offset);
  for (let i = 0; i < samples.length; i++) {
    bytes[2 * i] = samples[i] & 0xff;
    bytes[2 * i + 1] = (samples[i] >> 8) & 0xff;
  }
  return bytes;
}

/** Where two arrays first differ (and how many elements differ), or undefined when equal: cheap on millions of elements. */
function difference(actual: ArrayLike<number>, expected: ArrayLike<number>): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length}, expected ${expected.length}`;
  let first = -1;
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      if (first < 0) first = i;
      count++;
    }
  }
  return count === 0 ? undefined : `${count} of ${expected.length} differ, first [${first}] = ${actual[first]}, expected ${expected[first]}`;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

/** Values that are not typed arrays at all. */
const NOT_ARRAYS: [string, unknown][] = [
  ["undefined", undefined],
  ["null", null],
  ["a number", 160],
  ["a string", "abcd"],
  ["a plain array", [1, 2, 3, 4]],
  ["an object", { length: 4 }],
  ["an ArrayBuffer", new ArrayBuffer(4)],
  ["a DataView", new DataView(new ArrayBuffer(4))],
];

// ---------------------------------------------------------------------------

describe("G.711 functions: wrong types are TypeErrors naming src or dst", () => {
  const decoders = [
    ["ulawDecode", ulawDecode],
    ["alawDecode", alawDecode],
  ] as const;
  const encoders = [
    ["ulawEncode", ulawEncode],
    ["alawEncode", alawEncode],
  ] as const;
  const notCodes: [string, unknown][] = [
    ...NOT_ARRAYS,
    ["an Int16Array", new Int16Array(4)],
    ["an Int8Array", new Int8Array(4)],
    ["a Uint8ClampedArray", new Uint8ClampedArray(4)],
    ["a Uint16Array", new Uint16Array(4)],
  ];
  const notPcm: [string, unknown][] = [
    ...NOT_ARRAYS,
    ["an Int8Array", new Int8Array(4)],
    ["a Uint16Array", new Uint16Array(4)],
    ["a Float32Array", new Float32Array(4)],
    ["an Int32Array", new Int32Array(4)],
  ];

  for (const [name, decode] of decoders) {
    it.each(notCodes)(`${name}(src = %s)`, (_, src) => {
      expectRejected(() => decode(src as Uint8Array), TypeError, /^src must be a Uint8Array/);
    });
    it.each([...NOT_ARRAYS.slice(1), ["a Uint8Array", new Uint8Array(8)], ["a Uint16Array", new Uint16Array(8)]] as [string, unknown][])(
      `${name}(codes, dst = %s)`,
      (_, dst) => {
        expectRejected(() => decode(new Uint8Array(4), dst as Int16Array), TypeError, /^dst must be an Int16Array/);
      },
    );
  }
  for (const [name, encode] of encoders) {
    it.each(notPcm)(`${name}(src = %s)`, (_, src) => {
      expectRejected(() => encode(src as Int16Array), TypeError, /^src must be an Int16Array or a Uint8Array/);
    });
    it.each([...NOT_ARRAYS.slice(1), ["an Int16Array", new Int16Array(8)], ["an Int8Array", new Int8Array(8)]] as [string, unknown][])(
      `${name}(samples, dst = %s)`,
      (_, dst) => {
        expectRejected(() => encode(new Int16Array(4), dst as Uint8Array), TypeError, /^dst must be a Uint8Array/);
      },
    );
  }
});

describe("typed arrays from another realm (vm contexts, iframes, Jest) are accepted", () => {
  const foreign = <T>(code: string): T => runInNewContext(code) as T;
  const codes = Uint8Array.from({ length: 200 }, (_, i) => (i * 37) & 0xff);
  const samples = pcm(200, 7);

  it("they really are foreign: instanceof fails, so the check must go by the array's own tag", () => {
    expect(foreign<unknown>("new Uint8Array(4)") instanceof Uint8Array).toBe(false);
  });
  it.each([
    ["ulawDecode", ulawDecode],
    ["alawDecode", alawDecode],
  ] as const)("%s: a foreign src and a foreign dst give the same samples as local arrays", (_, decode) => {
    const src = foreign<Uint8Array>(`new Uint8Array(${codes.length})`);
    src.set(codes);
    const dst = foreign<Int16Array>(`new Int16Array(${codes.length})`);
    expect(decode(src, dst)).toBe(dst);
    expect(Array.from(dst)).toEqual(Array.from(decode(codes)));
  });
  it.each([
    ["ulawEncode", ulawEncode],
    ["alawEncode", alawEncode],
  ] as const)("%s: foreign Int16Array, foreign PCM16LE bytes and a foreign dst give the same codes", (_, encode) => {
    const expected = Array.from(encode(samples));
    const src = foreign<Int16Array>(`new Int16Array(${samples.length})`);
    src.set(samples);
    const bytes = foreign<Uint8Array>(`new Uint8Array(${2 * samples.length})`);
    bytes.set(bytesAt(samples, 0));
    const dst = foreign<Uint8Array>(`new Uint8Array(${samples.length})`);
    expect(Array.from(encode(src))).toEqual(expected);
    expect(Array.from(encode(bytes))).toEqual(expected);
    expect(encode(samples, dst)).toBe(dst);
    expect(Array.from(dst)).toEqual(expected);
  });
  it("Resampler and the fused classes take foreign src and dst", () => {
    const src = foreign<Int16Array>(`new Int16Array(${samples.length})`);
    src.set(samples);
    const local = new Resampler({ from: 8000, to: 24000 });
    const remote = new Resampler({ from: 8000, to: 24000 });
    const dst = foreign<Int16Array>(`new Int16Array(${3 * samples.length})`);
    expect(remote.process(src, dst)).toBe(dst);
    expect(Array.from(dst)).toEqual(Array.from(local.process(samples)));
    const codeSrc = foreign<Uint8Array>(`new Uint8Array(${codes.length})`);
    codeSrc.set(codes);
    expect(Array.from(new UlawToPcm16().process(codeSrc))).toEqual(Array.from(new UlawToPcm16().process(codes)));
    const codeDst = foreign<Uint8Array>(`new Uint8Array(${samples.length / 3})`);
    expect(Array.from(new Pcm16ToUlaw().process(src, codeDst))).toEqual(Array.from(new Pcm16ToUlaw().process(samples)));
  });
  it("a wrong foreign type is still refused, and the message says what it got, with the right article", () => {
    expectRejected(() => ulawDecode(foreign<Uint8Array>("new Int16Array(4)")), TypeError, /^src must be a Uint8Array, got an Int16Array$/);
    expectRejected(() => ulawEncode(new Int16Array(4), foreign<Uint8Array>("new Int16Array(4)")), TypeError, /^dst must be a Uint8Array, got an Int16Array$/);
    expectRejected(() => ulawDecode(new Uint8Array(4), new Uint8Array(8) as never), TypeError, /^dst must be an Int16Array, got a Uint8Array$/);
    // An object that only claims the tag is not an array.
    expectRejected(() => ulawDecode({ [Symbol.toStringTag]: "Uint8Array", length: 4 } as never), TypeError, /^src must be a Uint8Array/);
  });
});

describe("G.711 functions: odd byte counts and short dst are RangeErrors, and dst is left as it was", () => {
  it.each([1, 3, 161, 959])("ulawEncode/alawEncode of %i PCM16LE bytes", (count) => {
    for (const encode of [ulawEncode, alawEncode]) {
      const dst = new Uint8Array(count).fill(0x5a);
      expectRejected(() => encode(new Uint8Array(count), dst), RangeError, new RegExp(`^src holds ${count} bytes of PCM16LE: an odd count`));
      expect(dst.every((value) => value === 0x5a)).toBe(true);
    }
  });

  it("any src and dst lengths: a result equal to the allocating call, with dst's tail untouched, or a RangeError naming dst with dst untouched", () => {
    const codecs = [
      { name: "ulawDecode", run: (n: number, dst?: Int16Array) => ulawDecode(Uint8Array.from({ length: n }, (_, i) => (i * 37) & 255), dst), Dst: Int16Array },
      { name: "alawDecode", run: (n: number, dst?: Int16Array) => alawDecode(Uint8Array.from({ length: n }, (_, i) => (i * 91) & 255), dst), Dst: Int16Array },
      { name: "ulawEncode", run: (n: number, dst?: Uint8Array) => ulawEncode(pcm(n, 1), dst), Dst: Uint8Array },
      { name: "alawEncode bytes", run: (n: number, dst?: Uint8Array) => alawEncode(bytesAt(pcm(n, 2), 1), dst), Dst: Uint8Array },
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...codecs), fc.nat(400), fc.nat(450), fc.boolean(), (codec, n, room, shared) => {
        const make = (length: number) =>
          codec.Dst === Int16Array
            ? new Int16Array(shared ? new SharedArrayBuffer(2 * length) : new ArrayBuffer(2 * length))
            : new Uint8Array(shared ? new SharedArrayBuffer(length) : new ArrayBuffer(length));
        const dst = make(room).fill(0x5a);
        const run = codec.run as (n: number, dst?: Int16Array | Uint8Array) => Int16Array | Uint8Array;
        if (room < n) {
          expectRejected(() => run(n, dst), RangeError, new RegExp(`^dst is too short: needs ${n} \\w+, has ${room}`));
          expect(dst.every((value) => value === 0x5a)).toBe(true);
          return;
        }
        const result = run(n, dst);
        expect(result.buffer).toBe(dst.buffer);
        if (room === n) expect(result).toBe(dst);
        expect(Array.from(result)).toEqual(Array.from(run(n)));
        expect(dst.subarray(n).every((value) => value === 0x5a)).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("detached and SharedArrayBuffer-backed arrays", () => {
  it("a detached src is an empty input: an empty result", () => {
    expect(ulawDecode(detached((b) => new Uint8Array(b))).length).toBe(0);
    expect(alawEncode(detached((b) => new Int16Array(b))).length).toBe(0);
    expect(ulawEncode(detached((b) => new Uint8Array(b))).length).toBe(0);
    const resampler = new Resampler({ from: 8000, to: 24000 });
    const twin = new Resampler({ from: 8000, to: 24000 });
    expect(resampler.process(detached((b) => new Int16Array(b))).length).toBe(0);
    const next = pcm(160, 3);
    expect(Array.from(resampler.process(next))).toEqual(Array.from(twin.process(next)));
  });

  it("a detached dst has no room: a RangeError naming dst, and the stream goes on as its twin", () => {
    expectRejected(() => ulawDecode(new Uint8Array(4), detached((b) => new Int16Array(b))), RangeError, /^dst is too short: needs 4 samples, has 0/);
    expectRejected(() => alawEncode(new Int16Array(4), detached((b) => new Uint8Array(b))), RangeError, /^dst is too short/);
    const resampler = new Resampler({ from: 8000, to: 24000 });
    const twin = new Resampler({ from: 8000, to: 24000 });
    const chunk = pcm(160, 4);
    expectRejected(() => resampler.process(chunk, detached((b) => new Int16Array(b))), RangeError, /^dst is too short: needs 480 samples, has 0/);
    expectRejected(() => resampler.flush(detached((b) => new Int16Array(b))), RangeError, /^dst is too short/);
    expect(Array.from(resampler.process(chunk))).toEqual(Array.from(twin.process(chunk)));
  });

  it("SharedArrayBuffer-backed src and dst give the same values as ordinary ones, written into dst itself", () => {
    const codes = Uint8Array.from({ length: 300 }, (_, i) => (i * 13) & 255);
    const samples = pcm(300, 5);
    const dstSamples = sharedSamples(new Int16Array(300));
    expect(ulawDecode(sharedBytes(codes), dstSamples)).toBe(dstSamples);
    expect(Array.from(dstSamples)).toEqual(Array.from(ulawDecode(codes)));
    const dstCodes = sharedBytes(new Uint8Array(300));
    expect(alawEncode(sharedSamples(samples), dstCodes)).toBe(dstCodes);
    expect(Array.from(dstCodes)).toEqual(Array.from(alawEncode(samples)));
    expect(Array.from(ulawEncode(sharedBytes(bytesAt(samples, 0))))).toEqual(Array.from(ulawEncode(samples)));

    const a = new Resampler({ from: 24000, to: 16000 });
    const b = new Resampler({ from: 24000, to: 16000 });
    const out = sharedSamples(new Int16Array(200));
    expect(a.process(sharedSamples(samples), out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(b.process(samples)));
    const fused = new Pcm16ToUlaw({ from: 24000 });
    const fusedTwin = new Pcm16ToUlaw({ from: 24000 });
    expect(Array.from(fused.process(sharedBytes(bytesAt(samples, 0)), sharedBytes(new Uint8Array(100))))).toEqual(Array.from(fusedTwin.process(samples)));
  });
});

describe("src and dst in the same buffer (in place)", () => {
  it("ulawEncode/alawEncode in place over the PCM bytes give the codes (the codes never overtake the samples)", () => {
    const samples = pcm(200_000, 6);
    const expected = alawEncode(samples);
    const bytes = bytesAt(samples, 0);
    expect(difference(alawEncode(bytes, bytes.subarray(0, samples.length)), expected)).toBeUndefined();
  });

  it("short inputs (one scratch-sized piece) decode and resample correctly in place", () => {
    const codes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 255);
    const expected = ulawDecode(codes);
    const buffer = new ArrayBuffer(2000);
    new Uint8Array(buffer).set(codes);
    expect(Array.from(ulawDecode(new Uint8Array(buffer, 0, 1000), new Int16Array(buffer)))).toEqual(Array.from(expected));
  });

  // Regression (was a bug, fixed; src/g711.ts `decode`, src/_stream.ts `Stream.process`): inputs longer
  // than one scratch piece (65,536 codes; 21,845 samples for 8k → 24k) are
  // copied into wasm piece by piece, and each piece's output, written to dst,
  // overwrites input bytes not yet read when dst shares src's buffer:
  // ulawDecode of 200,000 codes in place gives 133,676 wrong samples;
  // Resampler 8k → 24k of 200,000 samples in place, 534,437 of 600,000.
  // Either copy src first when `src.buffer === dst.buffer` and the ranges
  // overlap, or reject it (RangeError naming dst), or document "must not
  // overlap".
  it("long inputs decode and resample correctly in place", () => {
    const n = 200_000;
    const codes = Uint8Array.from({ length: n }, (_, i) => (i * 7) & 255);
    const buffer = new ArrayBuffer(2 * n);
    new Uint8Array(buffer).set(codes);
    expect(difference(ulawDecode(new Uint8Array(buffer, 0, n), new Int16Array(buffer)), ulawDecode(codes))).toBeUndefined();

    const samples = pcm(n, 7);
    const expected = new Resampler({ from: 8000, to: 24000 }).process(samples);
    const shared = new ArrayBuffer(6 * n);
    new Int16Array(shared).set(samples);
    const got = new Resampler({ from: 8000, to: 24000 }).process(new Int16Array(shared, 0, n), new Int16Array(shared));
    expect(difference(got, expected)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------

describe("constructors: impossible rates, unknown presets and non-objects are rejected, naming the option", () => {
  const badNumbers: [string, number][] = [
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["negative", -8000],
    ["zero", 0],
    ["fractional", 8000.5],
    ["huge", 1e12],
    ["MAX_VALUE", Number.MAX_VALUE],
    ["unsupported", 12345],
  ];
  const notNumbers: [string, unknown][] = [
    ["a string", "8000"],
    ["a bigint", 8000n],
    ["null", null],
    ["a Number object", new Number(8000)],
    ["a boolean", true],
  ];

  describe("Resampler({ from, to, quality })", () => {
    it.each(badNumbers)("from: %s → RangeError naming from", (_, value) => {
      expectRejected(() => new Resampler({ from: value, to: 8000 }), RangeError, /^from is .* Hz: supported rates are 8000, 11025, 16000/);
    });
    it.each(badNumbers)("to: %s → RangeError naming to", (_, value) => {
      expectRejected(() => new Resampler({ from: 8000, to: value }), RangeError, /^to is .* Hz: supported rates/);
    });
    it.each(notNumbers)("from: %s → TypeError naming from", (_, value) => {
      expectRejected(() => new Resampler({ from: value as number, to: 8000 }), TypeError, /^from must be a sample rate in Hz \(a number\)/);
    });
    it("from or to missing → TypeError naming it", () => {
      expectRejected(() => new Resampler({ to: 8000 } as never), TypeError, /^from must be a sample rate/);
      expectRejected(() => new Resampler({ from: 8000 } as never), TypeError, /^to must be a sample rate/);
    });
    it.each([
      [11025, 22050],
      [44100, 32000],
      [22050, 44100],
    ])("%i → %i (two extra rates) → RangeError naming both", (from, to) => {
      expectRejected(() => new Resampler({ from, to }), RangeError, new RegExp(`^no resampler from ${from} Hz to ${to} Hz`));
    });
    it.each(["best", "", "Voice", " voice", "low_latency"])("quality %o → RangeError naming quality", (quality) => {
      expectRejected(() => new Resampler({ from: 8000, to: 16000, quality: quality as never }), RangeError, /^quality must be one of 'low-latency', 'voice', 'high'/);
    });
    it.each([[3], [null], [{}], [new String("voice")]])("quality %o → TypeError naming quality", (quality) => {
      expectRejected(() => new Resampler({ from: 8000, to: 16000, quality: quality as never }), TypeError, /^quality must be a string/);
    });
    it.each([[undefined], [null], [42], ["8000:24000"], [true]])("options %o → TypeError naming options", (options) => {
      expectRejected(() => new Resampler(options as never), TypeError, /^options must be an object/);
    });
  });

  const g711Streams = [
    ["UlawToPcm16", (o: unknown) => new UlawToPcm16(o as never), "to"],
    ["AlawToPcm16", (o: unknown) => new AlawToPcm16(o as never), "to"],
    ["Pcm16ToUlaw", (o: unknown) => new Pcm16ToUlaw(o as never), "from"],
    ["Pcm16ToAlaw", (o: unknown) => new Pcm16ToAlaw(o as never), "from"],
  ] as const;

  describe.each(g711Streams)("%s", (_, make, rate) => {
    it("no options means 24 kHz, voice", () => {
      const stream = make(undefined);
      expect((stream as unknown as Record<string, unknown>)[rate]).toBe(24000);
      expect(stream.quality).toBe("voice");
      stream.dispose();
    });
    it.each(badNumbers)(`${rate}: %s → RangeError naming ${rate}`, (__, value) => {
      expectRejected(() => make({ [rate]: value }), RangeError, new RegExp(`^${rate} is .* Hz`));
    });
    // null included: only an omitted option takes the default (it once silently became 24000).
    it.each(notNumbers)(`${rate}: %s → TypeError naming ${rate}`, (__, value) => {
      expectRejected(() => make({ [rate]: value }), TypeError, new RegExp(`^${rate} must be a sample rate`));
    });
    it("quality 'best' → RangeError, quality 3 → TypeError", () => {
      expectRejected(() => make({ quality: "best" }), RangeError, /^quality must be one of/);
      expectRejected(() => make({ quality: 3 }), TypeError, /^quality must be a string/);
    });
    it.each([[null], [42], ["24000"]])("options %o → TypeError naming options", (options) => {
      expectRejected(() => make(options), TypeError, /^options must be an object/);
    });
  });

  describe.each([
    ["TwilioToRealtime", (o: unknown) => new TwilioToRealtime(o as never)],
    ["RealtimeToTwilio", (o: unknown) => new RealtimeToTwilio(o as never)],
  ] as const)("%s", (_, make) => {
    it.each(badNumbers)("rate: %s → RangeError naming rate", (__, value) => {
      expectRejected(() => make({ rate: value }), RangeError, /^rate is .* Hz/);
    });
    it.each(notNumbers)("rate: %s → TypeError naming rate", (__, value) => {
      expectRejected(() => make({ rate: value }), TypeError, /^rate must be a sample rate/);
    });
    it.each([["opus"], ["ULAW"], [""]])("codec %o → RangeError naming codec", (codec) => {
      expectRejected(() => make({ codec }), RangeError, /^codec must be 'ulaw' or 'alaw', got '/);
    });
    it.each([[1], [null], [{}]])("codec %o (not a string) → TypeError naming codec", (codec) => {
      expectRejected(() => make({ codec }), TypeError, /^codec must be 'ulaw' or 'alaw'/);
    });
    it("quality 'best' → RangeError naming quality", () => {
      expectRejected(() => make({ quality: "best" }), RangeError, /^quality must be one of/);
    });
    it.each([[null], [42], ["ulaw"]])("options %o → TypeError naming options", (options) => {
      expectRejected(() => make(options), TypeError, /^options must be an object/);
    });
  });

  it("10,000 rejected constructions allocate nothing in wasm memory", () => {
    const before = memoryUsage().wasmBytes;
    for (let i = 0; i < 2000; i++) {
      expect(() => new Resampler({ from: 8000, to: 16000, quality: "best" as never })).toThrow(RangeError);
      expect(() => new UlawToPcm16({ to: 12345 })).toThrow(RangeError);
      expect(() => new Pcm16ToAlaw({ quality: 1 as never })).toThrow(TypeError);
      expect(() => new TwilioToRealtime({ codec: "opus" as never })).toThrow(RangeError);
      expect(() => new RealtimeToTwilio({ quality: "x" as never })).toThrow(RangeError);
    }
    expect(memoryUsage().wasmBytes).toBe(before);
  });
});

// ---------------------------------------------------------------------------
// Streams: random interleavings of good and bad calls against a twin.

/** One call on a stream: good ones run on the subject and the twin; bad ones only on the subject, and must throw. */
type Call<S> =
  | { label: string; good: true; run: (stream: S) => unknown }
  | { label: string; good: false; run: (stream: S) => unknown; error: ErrorClass; message: RegExp };

/** What a good call returned, in a form `toEqual` compares by value. */
function comparable(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

function interleavings<S extends { dispose(): void }>(make: () => S, calls: fc.Arbitrary<Call<S>>, numRuns = 60): void {
  fc.assert(
    fc.property(fc.array(calls, { maxLength: 24 }), (sequence) => {
      const subject = make();
      const twin = make();
      try {
        sequence.forEach((call, step) => {
          if (call.good) {
            expect(comparable(call.run(subject)), `step ${step}: ${call.label}`).toEqual(comparable(call.run(twin)));
          } else {
            expectRejected(() => call.run(subject), call.error, call.message);
          }
        });
      } finally {
        subject.dispose();
        twin.dispose();
      }
    }),
    { seed: SEED, numRuns },
  );
}

const length = fc.integer({ min: 0, max: 700 });
const seed = fc.integer({ min: 1, max: 1000 });
const offset = fc.integer({ min: 0, max: 3 });

/** Good and bad calls for anything with process(PCM16)/flush/reset and Int16Array output (Resampler). */
type PcmToPcm = Resampler;
const pcmToPcmCalls: fc.Arbitrary<Call<PcmToPcm>> = fc.oneof(
  fc.record({ n: length, s: seed }).map(({ n, s }): Call<PcmToPcm> => ({ label: `process(Int16Array ${n})`, good: true, run: (r) => r.process(pcm(n, s)) })),
  fc.record({ n: length, s: seed, o: offset }).map(({ n, s, o }): Call<PcmToPcm> => ({ label: `process(bytes ${2 * n} at +${o})`, good: true, run: (r) => r.process(bytesAt(pcm(n, s), o)) })),
  fc.record({ n: length, s: seed, extra: fc.nat(50) }).map(({ n, s, extra }): Call<PcmToPcm> => ({
    label: `process(shared ${n}, dst +${extra})`,
    good: true,
    run: (r) => r.process(sharedSamples(pcm(n, s)), new Int16Array(r.outputLength(n) + extra)),
  })),
  fc.constant<Call<PcmToPcm>>({ label: "flush()", good: true, run: (r) => r.flush() }),
  fc.constant<Call<PcmToPcm>>({ label: "reset()", good: true, run: (r) => r.reset() }),
  fc.record({ n: length }).map(({ n }): Call<PcmToPcm> => ({ label: `outputLength(${n})`, good: true, run: (r) => r.outputLength(n) })),
  fc.record({ n: fc.integer({ min: 0, max: 350 }) }).map(({ n }): Call<PcmToPcm> => ({
    label: `process(${2 * n + 1} bytes)`,
    good: false,
    run: (r) => r.process(new Uint8Array(2 * n + 1)),
    error: RangeError,
    message: /^src holds \d+ bytes of PCM16LE: an odd count/,
  })),
  fc.constantFrom(...NOT_ARRAYS, ["a Float32Array", new Float32Array(8)] as [string, unknown], ["an Int8Array", new Int8Array(8)] as [string, unknown]).map(
    ([name, src]): Call<PcmToPcm> => ({ label: `process(${name})`, good: false, run: (r) => r.process(src as Int16Array), error: TypeError, message: /^src must be an Int16Array or a Uint8Array/ }),
  ),
  fc.record({ s: seed, short: fc.integer({ min: 1, max: 40 }) }).map(({ s, short }): Call<PcmToPcm> => ({
    label: `process(200 samples, dst ${short} short)`,
    good: false,
    run: (r) => r.process(pcm(200, s), new Int16Array(Math.max(0, r.outputLength(200) - short))),
    error: RangeError,
    message: /^dst is too short: needs \d+ samples/,
  })),
  fc.constantFrom<[string, unknown]>(["a Uint8Array", new Uint8Array(2000)], ["a Float32Array", new Float32Array(2000)], ["a plain array", []], ["null", null]).map(
    ([name, dst]): Call<PcmToPcm> => ({ label: `process(200 samples, dst ${name})`, good: false, run: (r) => r.process(pcm(200, 1), dst as Int16Array), error: TypeError, message: /^dst must be an Int16Array/ }),
  ),
  fc.constant<Call<PcmToPcm>>({
    label: "process(200 samples, detached dst)",
    good: false,
    run: (r) => r.process(pcm(200, 1), detached((b) => new Int16Array(b))),
    error: RangeError,
    message: /^dst is too short/,
  }),
  fc.constant<Call<PcmToPcm>>({ label: "flush(short dst)", good: false, run: (r) => r.flush(new Int16Array(Math.ceil(r.delay) - 1)), error: RangeError, message: /^dst is too short/ }),
  fc.constant<Call<PcmToPcm>>({ label: "flush(Uint8Array)", good: false, run: (r) => r.flush(new Uint8Array(1000) as never), error: TypeError, message: /^dst must be an Int16Array/ }),
);

describe("Resampler: any interleaving of good and bad calls equals the good calls alone", () => {
  it.each([
    [8000, 24000, "voice"],
    [24000, 8000, "low-latency"],
    [48000, 16000, "high"],
    [44100, 16000, "voice"],
    [8000, 11025, "low-latency"],
  ] as const)("%i → %i %s", (from, to, quality) => {
    interleavings(() => new Resampler({ from, to, quality }), pcmToPcmCalls);
  });
});

describe("fused G.711 paths: any interleaving of good and bad calls equals the good calls alone", () => {
  type Decoder = UlawToPcm16 | AlawToPcm16;
  const codes = (n: number, s: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + s * 7) & 255);
  const decoderCalls: fc.Arbitrary<Call<Decoder>> = fc.oneof(
    fc.record({ n: length, s: seed }).map(({ n, s }): Call<Decoder> => ({ label: `process(${n} codes)`, good: true, run: (d) => d.process(codes(n, s)) })),
    fc.record({ n: length, s: seed, extra: fc.nat(40) }).map(({ n, s, extra }): Call<Decoder> => ({
      label: `process(shared ${n} codes, dst +${extra})`,
      good: true,
      run: (d) => d.process(sharedBytes(codes(n, s)), sharedSamples(new Int16Array(d.outputLength(n) + extra))),
    })),
    fc.constant<Call<Decoder>>({ label: "flush()", good: true, run: (d) => d.flush() }),
    fc.constant<Call<Decoder>>({ label: "reset()", good: true, run: (d) => d.reset() }),
    fc.constantFrom(...NOT_ARRAYS, ["an Int16Array", new Int16Array(8)] as [string, unknown]).map(
      ([name, src]): Call<Decoder> => ({ label: `process(${name})`, good: false, run: (d) => d.process(src as Uint8Array), error: TypeError, message: /^src must be a Uint8Array/ }),
    ),
    fc.record({ short: fc.integer({ min: 1, max: 30 }) }).map(({ short }): Call<Decoder> => ({
      label: `process(160 codes, dst ${short} short)`,
      good: false,
      run: (d) => d.process(codes(160, 1), new Int16Array(Math.max(0, d.outputLength(160) - short))),
      error: RangeError,
      message: /^dst is too short/,
    })),
    fc.constant<Call<Decoder>>({ label: "process(codes, Uint8Array dst)", good: false, run: (d) => d.process(codes(160, 1), new Uint8Array(2000) as never), error: TypeError, message: /^dst must be an Int16Array/ }),
    fc.constant<Call<Decoder>>({ label: "flush(short dst)", good: false, run: (d) => d.flush(new Int16Array(Math.ceil(d.delay) - 1)), error: RangeError, message: /^dst is too short/ }),
  );

  type Encoder = Pcm16ToUlaw | Pcm16ToAlaw;
  const encoderCalls: fc.Arbitrary<Call<Encoder>> = fc.oneof(
    fc.record({ n: length, s: seed }).map(({ n, s }): Call<Encoder> => ({ label: `process(Int16Array ${n})`, good: true, run: (e) => e.process(pcm(n, s)) })),
    fc.record({ n: length, s: seed, o: offset, extra: fc.nat(40) }).map(({ n, s, o, extra }): Call<Encoder> => ({
      label: `process(bytes at +${o}, dst +${extra})`,
      good: true,
      run: (e) => e.process(bytesAt(pcm(n, s), o), new Uint8Array(e.outputLength(n) + extra)),
    })),
    fc.constant<Call<Encoder>>({ label: "flush()", good: true, run: (e) => e.flush() }),
    fc.constant<Call<Encoder>>({ label: "reset()", good: true, run: (e) => e.reset() }),
    fc.record({ n: fc.integer({ min: 0, max: 400 }) }).map(({ n }): Call<Encoder> => ({
      label: `process(${2 * n + 1} bytes)`,
      good: false,
      run: (e) => e.process(new Uint8Array(2 * n + 1)),
      error: RangeError,
      message: /^src holds \d+ bytes of PCM16LE: an odd count/,
    })),
    fc.constantFrom(...NOT_ARRAYS, ["a Float32Array", new Float32Array(8)] as [string, unknown]).map(
      ([name, src]): Call<Encoder> => ({ label: `process(${name})`, good: false, run: (e) => e.process(src as Int16Array), error: TypeError, message: /^src must be an Int16Array or a Uint8Array/ }),
    ),
    fc.constant<Call<Encoder>>({ label: "process(480 samples, Int16Array dst)", good: false, run: (e) => e.process(pcm(480, 1), new Int16Array(500) as never), error: TypeError, message: /^dst must be a Uint8Array/ }),
    fc.constant<Call<Encoder>>({
      label: "process(960 samples, short dst)",
      good: false,
      run: (e) => e.process(pcm(960, 1), new Uint8Array(Math.max(0, e.outputLength(960) - 1))),
      error: RangeError,
      message: /^dst is too short: needs \d+ bytes/,
    }),
    fc.constant<Call<Encoder>>({ label: "flush(short dst)", good: false, run: (e) => e.flush(new Uint8Array(Math.ceil(e.delay) - 1)), error: RangeError, message: /^dst is too short/ }),
  );

  it("UlawToPcm16 (to 24000) and AlawToPcm16 (to 16000, low-latency)", () => {
    interleavings(() => new UlawToPcm16(), decoderCalls);
    interleavings(() => new AlawToPcm16({ to: 16000, quality: "low-latency" }), decoderCalls);
  });

  it("Pcm16ToUlaw (from 24000) and Pcm16ToAlaw (from 48000, high)", () => {
    interleavings(() => new Pcm16ToUlaw(), encoderCalls);
    interleavings(() => new Pcm16ToAlaw({ from: 48000, quality: "high" }), encoderCalls);
  });
});

describe("message helpers: any interleaving of good and bad base64 equals the good messages alone", () => {
  const INVALID_STRINGS = ["abc", "ab=c", "a b c d", "****", "YQ===", "YQ-_", "YWI-", "YW_=", "YQ\n=", "=AAA", "AA=A", "\u00e9\u00e9\u00e9\u00e9", "Y Q=="];
  /** Valid base64 of `bytes` with one character made invalid, or a length that cannot be base64. */
  const brokenBase64 = fc.oneof(
    fc.constantFrom(...INVALID_STRINGS),
    fc.record({ n: fc.integer({ min: 3, max: 300 }), s: seed, at: fc.nat(), bad: fc.constantFrom("!", " ", "-", "_", "=", ".", "\u0000") }).map(({ n, s, at, bad }) => {
      const text = base64(Uint8Array.from({ length: n }, (_, i) => (i * s) & 255));
      const i = at % Math.max(1, text.length - 2);
      return text.slice(0, i) + bad + text.slice(i + 1);
    }),
    fc.record({ n: fc.integer({ min: 1, max: 300 }), cut: fc.integer({ min: 1, max: 3 }) }).map(({ n, cut }) => base64(new Uint8Array(n)).slice(0, -cut)),
  );
  const notStrings: unknown[] = [undefined, null, 42, new Uint8Array(4), ["YQ=="], { toString: () => "YQ==" }, new String("YQ==")];

  it("TwilioToRealtime.push: a bad payload is a TypeError naming payload, and nothing is consumed", () => {
    const calls: fc.Arbitrary<Call<TwilioToRealtime>> = fc.oneof(
      fc.record({ n: fc.integer({ min: 0, max: 400 }), s: seed }).map(({ n, s }): Call<TwilioToRealtime> => ({
        label: `push(${n} codes)`,
        good: true,
        run: (h) => h.push(base64(Uint8Array.from({ length: n }, (_, i) => (i * 11 + s) & 255))),
      })),
      fc.constant<Call<TwilioToRealtime>>({ label: "flush()", good: true, run: (h) => h.flush() }),
      brokenBase64.map((text): Call<TwilioToRealtime> => ({ label: `push(${JSON.stringify(text)})`, good: false, run: (h) => h.push(text), error: TypeError, message: /^payload is not valid base64/ })),
      fc.constantFrom(...notStrings).map((value): Call<TwilioToRealtime> => ({ label: `push(${String(value)})`, good: false, run: (h) => h.push(value as string), error: TypeError, message: /^payload must be a base64 string/ })),
    );
    interleavings(() => new TwilioToRealtime(), calls, 80);
    interleavings(() => new TwilioToRealtime({ codec: "alaw", rate: 16000, quality: "high" }), calls, 40);
  });

  it("RealtimeToTwilio.push: a bad delta is a TypeError naming delta; the odd byte and the waiting codes stay as they were", () => {
    const calls: fc.Arbitrary<Call<RealtimeToTwilio>> = fc.oneof(
      fc.record({ n: fc.integer({ min: 0, max: 2000 }), s: seed }).map(({ n, s }): Call<RealtimeToTwilio> => ({
        label: `push(${n} bytes)`,
        good: true,
        run: (h) => [h.push(base64(bytesAt(pcm((n + 1) >> 1, s), 0).subarray(0, n))), h.buffered],
      })),
      fc.record({ n: fc.integer({ min: 0, max: 2000 }).filter((n) => n % 2 === 1), s: seed }).map(({ n, s }): Call<RealtimeToTwilio> => ({
        label: `push(${n} bytes, odd)`,
        good: true,
        run: (h) => [h.push(base64(Uint8Array.from({ length: n }, (_, i) => (i * 29 + s) & 255))), h.buffered],
      })),
      fc.constant<Call<RealtimeToTwilio>>({ label: "flush()", good: true, run: (h) => [h.flush(), h.buffered] }),
      fc.constant<Call<RealtimeToTwilio>>({ label: "clear()", good: true, run: (h) => [h.clear(), h.buffered] }),
      brokenBase64.map((text): Call<RealtimeToTwilio> => ({ label: `push(${JSON.stringify(text)})`, good: false, run: (h) => h.push(text), error: TypeError, message: /^delta is not valid base64/ })),
      fc.constantFrom(...notStrings).map((value): Call<RealtimeToTwilio> => ({ label: `push(${String(value)})`, good: false, run: (h) => h.push(value as string), error: TypeError, message: /^delta must be a base64 string/ })),
    );
    interleavings(() => new RealtimeToTwilio(), calls, 80);
    interleavings(() => new RealtimeToTwilio({ codec: "alaw", rate: 48000, quality: "low-latency" }), calls, 40);
  });
});

// ---------------------------------------------------------------------------

describe("use after dispose(): every call throws an Error saying so; dispose() stays harmless", () => {
  const streams = [
    ["Resampler", () => new Resampler({ from: 8000, to: 16000 }), (s: Resampler) => s.process(new Int16Array(4))],
    ["UlawToPcm16", () => new UlawToPcm16(), (s: UlawToPcm16) => s.process(new Uint8Array(4))],
    ["AlawToPcm16", () => new AlawToPcm16(), (s: AlawToPcm16) => s.process(new Uint8Array(4))],
    ["Pcm16ToUlaw", () => new Pcm16ToUlaw(), (s: Pcm16ToUlaw) => s.process(new Int16Array(6))],
    ["Pcm16ToAlaw", () => new Pcm16ToAlaw(), (s: Pcm16ToAlaw) => s.process(new Int16Array(6))],
  ] as const;

  it.each(streams)("%s: process, flush, reset throw; dispose and Symbol.dispose do not", (name, make, process) => {
    const stream = make();
    stream.dispose();
    const call = process as (s: ReturnType<typeof make>) => unknown;
    expectRejected(() => call(stream), Error, new RegExp(`^this ${name} was disposed`));
    expectRejected(() => stream.flush(), Error, /was disposed/);
    expectRejected(() => stream.reset(), Error, /was disposed/);
    expect(() => stream.dispose()).not.toThrow();
    expect(() => stream[Symbol.dispose]()).not.toThrow();
  });

  it("a bad argument after dispose() still says disposed first (the stream is gone either way)", () => {
    const stream = new Resampler({ from: 8000, to: 16000 });
    stream.dispose();
    expectRejected(() => stream.process(new Uint8Array(3)), Error, /was disposed/);
  });

  // Regression (was a bug, fixed; src/_stream.ts StreamOwner.outputLength): README says "afterwards
  // every call but dispose() throws", but outputLength() still answers after
  // dispose() (new Resampler({from: 8000, to: 24000}) → dispose() →
  // outputLength(160) returns 480).
  it.each(streams)("%s.outputLength() after dispose() throws", (name, make) => {
    const stream = make();
    stream.dispose();
    expectRejected(() => stream.outputLength(160), Error, new RegExp(`^this ${name} was disposed`));
  });

  // Regression (was a bug, fixed; src/messages.ts): after dispose() the
  // helpers' errors named the stream inside them ("this UlawToPcm16 was
  // disposed"), and a bad payload got a TypeError instead.
  it("TwilioToRealtime and RealtimeToTwilio: push, flush and clear throw naming the helper after dispose(), before looking at the argument", () => {
    const inbound = new TwilioToRealtime();
    inbound.dispose();
    expectRejected(() => inbound.push("/////w=="), Error, /^this TwilioToRealtime was disposed/);
    expectRejected(() => inbound.push("not base64!"), Error, /^this TwilioToRealtime was disposed/);
    expectRejected(() => inbound.flush(), Error, /^this TwilioToRealtime was disposed/);
    expect(() => inbound.dispose()).not.toThrow();
    const outbound = new RealtimeToTwilio({ codec: "alaw" });
    outbound.dispose();
    expectRejected(() => outbound.push(base64(new Uint8Array(960))), Error, /^this RealtimeToTwilio was disposed/);
    expectRejected(() => outbound.flush(), Error, /^this RealtimeToTwilio was disposed/);
    expectRejected(() => outbound.clear(), Error, /^this RealtimeToTwilio was disposed/);
    expect(() => outbound.dispose()).not.toThrow();
    expect(() => outbound[Symbol.dispose]()).not.toThrow();
  });
});

describe("outputLength(count): a count of samples", () => {
  it("gives floor((pending + count·to) / from) for whole counts", () => {
    const up = new Resampler({ from: 8000, to: 24000 });
    expect(up.outputLength(0)).toBe(0);
    expect(up.outputLength(160)).toBe(480);
    const down = new Resampler({ from: 24000, to: 8000 });
    down.process(new Int16Array(1001));
    expect(down.outputLength(2)).toBe(1);
  });

  // Regression (was a bug, fixed; src/_stream.ts Stream.outputLength): the count is not checked, so
  // outputLength(-1) is -3, outputLength(1.5) is 4, outputLength(NaN) and
  // outputLength(undefined) are NaN, outputLength(Infinity) is Infinity and
  // outputLength("160") is 480 (8k → 24k). README: bad arguments throw a
  // TypeError/RangeError naming the argument.
  it.each([[-1], [1.5], [NaN], [Infinity], [2 ** 53], ["160"], [undefined], [null]])(
    "outputLength(%o) is a TypeError or RangeError naming count",
    (count) => {
      const up = new Resampler({ from: 8000, to: 24000 });
      let thrown: unknown;
      try {
        up.outputLength(count as number);
      } catch (error) {
        thrown = error;
      }
      expect(thrown instanceof TypeError || thrown instanceof RangeError).toBe(true);
      expect((thrown as Error).message).toMatch(/^count /);
    },
  );
});

// ---------------------------------------------------------------------------

describe("100 MB inputs work (memory stays bounded by the output), or fail with a clear RangeError", () => {
  const MB100 = 100_000_000;
  /** Runs `work`, returns its result and logs the seconds it took (a figure for the log, not asserted: timings belong to benchmarks). */
  function timed<T>(label: string, work: () => T): T {
    const start = performance.now();
    const result = work();
    const seconds = (performance.now() - start) / 1000;
    console.log(`${label}: ${seconds.toFixed(2)} s`);
    return result;
  }

  it("ulawDecode and alawEncode of 100 MB", () => {
    const codes = new Uint8Array(MB100);
    for (let i = 0; i < 256; i++) codes[MB100 - 256 + i] = i;
    const wasm = memoryUsage().wasmBytes;
    const samples = timed("ulawDecode 100 MB", () => ulawDecode(codes));
    expect(samples.length).toBe(MB100);
    expect(Array.from(samples.subarray(MB100 - 256))).toEqual(Array.from(ulawDecode(codes.subarray(MB100 - 256))));
    const encoded = timed("alawEncode 100 MB of PCM16LE bytes", () => alawEncode(codes));
    expect(encoded.length).toBe(MB100 / 2);
    expect(memoryUsage().wasmBytes, "long inputs go through the scratch region: wasm memory does not grow").toBe(wasm);
  }, 60_000);

  it("Resampler 48k → 8k and Pcm16ToUlaw of 100 MB in one call equal the same input in 1 MB chunks", () => {
    // Cheap loud noise (pcm() would spend seconds on Math.sin), at an odd byteOffset.
    const bytes = new Uint8Array(MB100 + 1).subarray(1);
    let state = 8;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24;
    const once = new Resampler({ from: 48000, to: 8000 });
    const chunked = new Resampler({ from: 48000, to: 8000 });
    const out = timed("Resampler 48k → 8k, 100 MB", () => once.process(bytes));
    expect(out.length).toBe(Math.floor(MB100 / 2 / 6));
    let at = 0;
    for (let start = 0; start < bytes.length; start += 1_000_000) {
      const piece = chunked.process(bytes.subarray(start, start + 1_000_000));
      expect(difference(out.subarray(at, at + piece.length), piece), `from output sample ${at}`).toBeUndefined();
      at += piece.length;
    }
    const codes = timed("Pcm16ToUlaw from 24k, 100 MB", () => new Pcm16ToUlaw().process(bytes));
    expect(codes.length).toBe(Math.floor(MB100 / 2 / 3));
  }, 60_000);

  it("RealtimeToTwilio.push of a 100 MB base64 delta gives all its whole frames", () => {
    const outbound = new RealtimeToTwilio();
    const delta = Buffer.alloc(75_000_000, 1).toString("base64"); // 100,000,000 characters
    const frames = timed("RealtimeToTwilio.push, 100 MB delta", () => outbound.push(delta));
    expect(frames.length * 160 + outbound.buffered).toBe(75_000_000 / 2 / 3);
  }, 60_000);

  // Regression (was a bug, fixed; src/messages.ts TwilioToRealtime.push): the base64 out of a payload
  // of more than 67,108,861 μ-law codes (a ~89.5 MB payload, at 24 kHz) is
  // longer than V8's longest string (0x1fffffe8 characters). push() then
  // throws Node's `Error [ERR_STRING_TOO_LONG]: Cannot create a string longer
  // than 0x1fffffe8 characters` — not a RangeError naming payload — and only
  // after the decoder has consumed the payload: the stream has moved on (the
  // next 160-code frame gives -14989, -14991, … where its twin gives 10, 12, …).
  // Check the output length before decoding and throw a RangeError naming
  // payload.
  it("TwilioToRealtime.push of a 100 MB payload: a RangeError naming payload, and the stream as it was", () => {
    const inbound = new TwilioToRealtime();
    const twin = new TwilioToRealtime();
    const payload = Buffer.alloc(75_000_000, 0x12).toString("base64");
    let thrown: unknown;
    timed("TwilioToRealtime.push, 100 MB payload", () => {
      try {
        inbound.push(payload);
      } catch (error) {
        thrown = error;
      }
    });
    const frame = base64(Uint8Array.from({ length: 160 }, (_, i) => i));
    const next = inbound.push(frame);
    expect(next).toBe(twin.push(frame));
    expect(thrown).toBeInstanceOf(RangeError);
    expect((thrown as Error).message).toMatch(/^payload /);
  }, 60_000);
});

// ---------------------------------------------------------------------------

describe("init and initSync: bad sources are rejected and leave telaudio loadable", () => {
  type Telaudio = typeof telaudio;
  async function fresh(): Promise<Telaudio> {
    vi.resetModules();
    return import("telaudio");
  }
  const works = (t: Telaudio) => expect(Array.from(t.ulawDecode(Uint8Array.of(0x00, 0xff, 0x80)))).toEqual([-32124, 0, 32124]);

  it.each([["a string", "AGFzbQ=="], ["a number", 42], ["null", null], ["a plain array", [0, 97, 115, 109]], ["an object", {}], ["a Promise", Promise.resolve()]])(
    "source = %s → TypeError naming source, from init and initSync; init() then works",
    async (_, source) => {
      const t = await fresh();
      await expect(t.init(source as never)).rejects.toThrow(TypeError);
      await expect(t.init(source as never)).rejects.toThrow(/^source must be/);
      expectRejected(() => t.initSync(source as never), TypeError, /^source must be/);
      await t.init();
      works(t);
    },
  );

  it("a detached ArrayBuffer as source is rejected (empty bytes), and init() then works", async () => {
    const t = await fresh();
    await expect(t.init(detached((b) => b))).rejects.toThrow();
    expect(() => t.initSync(detached((b) => new Uint8Array(b)))).toThrow();
    expect(() => t.ulawDecode(new Uint8Array(1))).toThrow(/not initialised/);
    t.initSync();
    works(t);
  });

  it("the .wasm bytes in a SharedArrayBuffer load like any other bytes", async () => {
    const t = await fresh();
    const { readFileSync } = await import("node:fs");
    const bytes = readFileSync(new URL("../dist/telaudio.wasm", import.meta.url));
    t.initSync(sharedBytes(bytes));
    works(t);
  });

  // Regression (was a bug, fixed; src/_load.ts adopt): a valid WebAssembly module that is not
  // telaudio's (here the empty module, 8 bytes) is adopted before its exports
  // are checked: init(emptyModule) rejects with "TypeError:
  // exports.scratchInPtr is not a function", but `kernels` is already set, so
  // every later init() resolves at once without loading anything and every
  // call then fails with "TypeError: Cannot read properties of undefined
  // (reading 'buffer')". Check the exports before adopting (and reject with a
  // TypeError naming source); leave telaudio uninitialised.
  it("a wasm module that is not telaudio's is rejected naming source, and init() then works", async () => {
    const t = await fresh();
    const empty = new WebAssembly.Module(Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00));
    await expect(t.init(empty)).rejects.toThrow(/^source /);
    await t.init();
    works(t);
  });
});
