// Converter's bad input, as test/bad-input.test.ts holds the streams to it: a
// TypeError (wrong type) or RangeError (wrong size or value) whose message
// starts with the argument's name; only an omitted option takes a default
// (null is a TypeError); and a rejected call changes nothing: any
// interleaving of good and bad calls gives what a twin converter fed the
// good calls alone gives, odd L16 byte counts (a carried byte) included.

import fc from "fast-check";
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { Converter, type ConverterOptions } from "telaudio";
import { expectRejected, type ErrorClass } from "./_assert.js";
import { initFromEnv } from "./_init.js";

beforeAll(() => initFromEnv());

const SEED = 20261202;

const ULAW_TO_L16 = { from: { encoding: "ulaw", rate: 8000 }, to: { encoding: "l16le", rate: 16000 } } as const;
const make = (options: unknown) => () => new Converter(options as ConverterOptions);

describe("constructor: non-objects, unknown encodings and impossible rates are rejected, naming the option", () => {
  it.each([
    ["options omitted", undefined, TypeError, /^options must be an object/],
    ["options null", null, TypeError, /^options must be an object/],
    ["options a string", "ulaw", TypeError, /^options must be an object/],
    ["from omitted", { to: ULAW_TO_L16.to }, TypeError, /^from must be a wire format \{ encoding, rate \}, got undefined/],
    ["from null", { ...ULAW_TO_L16, from: null }, TypeError, /^from must be a wire format .*got null/],
    ["to a string", { ...ULAW_TO_L16, to: "l16le" }, TypeError, /^to must be a wire format .*got string/],
    ["from.encoding omitted", { ...ULAW_TO_L16, from: { rate: 8000 } }, TypeError, /^from\.encoding must be a string, got undefined/],
    ["from.encoding null", { ...ULAW_TO_L16, from: { encoding: null, rate: 8000 } }, TypeError, /^from\.encoding must be a string, got null/],
    ["to.encoding a number", { ...ULAW_TO_L16, to: { encoding: 16, rate: 16000 } }, TypeError, /^to\.encoding must be a string, got number/],
    ["from.encoding 'pcmu'", { ...ULAW_TO_L16, from: { encoding: "pcmu", rate: 8000 } }, RangeError, /^from\.encoding is 'pcmu': supported encodings are ulaw, alaw, l16le, l16be/],
    ["to.encoding 'L16LE' (case matters)", { ...ULAW_TO_L16, to: { encoding: "L16LE", rate: 16000 } }, RangeError, /^to\.encoding is 'L16LE'/],
    ["to.encoding 'g729' (not supported)", { ...ULAW_TO_L16, to: { encoding: "g729", rate: 8000 } }, RangeError, /^to\.encoding is 'g729': supported encodings are ulaw, alaw, l16le, l16be, g722$/],
    ["from.encoding 'toString' (inherited, not an encoding)", { ...ULAW_TO_L16, from: { encoding: "toString", rate: 8000 } }, RangeError, /^from\.encoding is 'toString'/],
    ["from.encoding '__proto__'", { ...ULAW_TO_L16, from: { encoding: "__proto__", rate: 8000 } }, RangeError, /^from\.encoding is '__proto__'/],
    ["to.rate omitted for L16 (no default)", { ...ULAW_TO_L16, to: { encoding: "l16le" } }, TypeError, /^to\.rate must be a sample rate in Hz \(a number\), got undefined/],
    ["from.rate null for μ-law (only omitted defaults)", { ...ULAW_TO_L16, from: { encoding: "ulaw", rate: null } }, TypeError, /^from\.rate must be a sample rate .*got null/],
    ["to.rate a string", { ...ULAW_TO_L16, to: { encoding: "l16le", rate: "16000" } }, TypeError, /^to\.rate must be a sample rate .*got string/],
    ["to.rate 12345", { ...ULAW_TO_L16, to: { encoding: "l16le", rate: 12345 } }, RangeError, /^to\.rate is 12345 Hz: supported rates are 8000, 11025/],
    ["to.rate NaN", { ...ULAW_TO_L16, to: { encoding: "l16be", rate: NaN } }, RangeError, /^to\.rate is NaN Hz/],
    ["μ-law at 16 kHz", { ...ULAW_TO_L16, from: { encoding: "ulaw", rate: 16000 } }, RangeError, /^from\.rate is 16000 Hz: ulaw is 8000 Hz only/],
    ["A-law at 48 kHz", { ...ULAW_TO_L16, to: { encoding: "alaw", rate: 48000 } }, RangeError, /^to\.rate is 48000 Hz: alaw is 8000 Hz only/],
    ["44.1k → 22.05k (no such resampler)", { from: { encoding: "l16le", rate: 44100 }, to: { encoding: "l16be", rate: 22050 } }, RangeError, /^no resampler from 44100 Hz to 22050 Hz/],
    ["quality 'best'", { ...ULAW_TO_L16, quality: "best" }, RangeError, /^quality/],
    ["quality null", { ...ULAW_TO_L16, quality: null }, TypeError, /^quality/],
  ] as [string, unknown, ErrorClass, RegExp][])("%s", (_, options, errorClass, message) => {
    expectRejected(make(options), errorClass, message);
  });

  it("a rejected constructor allocates no stream", async () => {
    const { memoryUsage } = await import("telaudio");
    const before = memoryUsage().streams;
    expectRejected(make({ ...ULAW_TO_L16, to: { encoding: "l16le", rate: 12345 } }), RangeError, /^to\.rate/);
    expect(memoryUsage().streams).toBe(before);
  });
});

describe("process, flush and outputLength: wrong arguments", () => {
  const NOT_BYTES: [string, unknown][] = [
    ["undefined", undefined],
    ["null", null],
    ["a string", "abcd"],
    ["a plain array", [1, 2, 3, 4]],
    ["an ArrayBuffer", new ArrayBuffer(4)],
    ["an Int16Array", new Int16Array(4)],
    ["a Uint8ClampedArray", new Uint8ClampedArray(4)],
    ["a DataView", new DataView(new ArrayBuffer(4))],
  ];
  it.each(NOT_BYTES)("process(src = %s): TypeError naming src", (_, src) => {
    expectRejected(() => new Converter(ULAW_TO_L16).process(src as Uint8Array), TypeError, /^src must be a Uint8Array/);
  });
  it.each(NOT_BYTES.slice(1))("process(codes, dst = %s): TypeError naming dst", (_, dst) => {
    expectRejected(() => new Converter(ULAW_TO_L16).process(new Uint8Array(160), dst as Uint8Array), TypeError, /^dst must be a Uint8Array/);
  });
  it("short dst: RangeError naming dst and the bytes it needs", () => {
    expectRejected(() => new Converter(ULAW_TO_L16).process(new Uint8Array(160), new Uint8Array(639)), RangeError, /^dst is too short: needs 640 bytes, has 639/);
    expectRejected(() => new Converter(ULAW_TO_L16).flush(new Uint8Array(1)), RangeError, /^dst is too short: needs \d+ bytes/);
  });
  it.each([
    ["a string", "160", TypeError],
    ["null", null, TypeError],
    ["-1", -1, RangeError],
    ["1.5", 1.5, RangeError],
    ["NaN", NaN, RangeError],
    ["2^53", 2 ** 53, RangeError],
  ] as [string, unknown, ErrorClass][])("outputLength(%s): naming bytes", (_, value, errorClass) => {
    expectRejected(() => new Converter(ULAW_TO_L16).outputLength(value as number), errorClass, /^bytes must be/);
  });

  it("a Buffer and a Uint8Array from another realm are bytes like any other", () => {
    const foreign = runInNewContext("new Uint8Array(160).fill(0x5a)") as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    const dst = runInNewContext("new Uint8Array(640)") as Uint8Array;
    const expected = new Converter(ULAW_TO_L16).process(new Uint8Array(160).fill(0x5a));
    expect(Array.from(new Converter(ULAW_TO_L16).process(foreign, dst))).toEqual(Array.from(expected));
    expect(Array.from(new Converter(ULAW_TO_L16).process(Buffer.alloc(160, 0x5a)))).toEqual(Array.from(expected));
  });

  it("use after dispose(): every call throws an Error naming Converter; dispose() stays harmless", () => {
    const converter = new Converter(ULAW_TO_L16);
    converter[Symbol.dispose]();
    expect(converter.disposed).toBe(true);
    for (const call of [() => converter.process(new Uint8Array(4)), () => converter.flush(), () => converter.reset(), () => converter.outputLength(4)]) {
      expectRejected(call, Error, /^this Converter was disposed/);
    }
    converter.dispose();
  });
});

// ---------------------------------------------------------------------------
// Random interleavings of good and bad calls against a twin.

type Call =
  | { label: string; good: true; run: (c: Converter) => unknown }
  | { label: string; good: false; run: (c: Converter) => unknown; error: ErrorClass; message: RegExp };

const bytes = (n: number, s: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + s * 7) & 255);
const length = fc.integer({ min: 0, max: 701 }); // odd counts included: L16 carries the byte
const seed = fc.integer({ min: 1, max: 1000 });

const calls: fc.Arbitrary<Call> = fc.oneof(
  fc.record({ n: length, s: seed }).map(({ n, s }): Call => ({ label: `process(${n} bytes)`, good: true, run: (c) => c.process(bytes(n, s)) })),
  fc.record({ n: length, s: seed, o: fc.integer({ min: 0, max: 3 }), extra: fc.nat(40) }).map(({ n, s, o, extra }): Call => ({
    label: `process(${n} bytes at +${o}, dst +${extra} at +1)`,
    good: true,
    run: (c) => {
      const src = new Uint8Array(n + o).subarray(o);
      src.set(bytes(n, s));
      return c.process(src, new Uint8Array(c.outputLength(n) + extra + 1).subarray(1));
    },
  })),
  fc.constant<Call>({ label: "flush()", good: true, run: (c) => c.flush() }),
  fc.constant<Call>({ label: "reset()", good: true, run: (c) => c.reset() }),
  fc.record({ n: length }).map(({ n }): Call => ({ label: `outputLength(${n})`, good: true, run: (c) => c.outputLength(n) })),
  fc.constantFrom<[string, unknown]>(["null", null], ["an Int16Array", new Int16Array(8)], ["a string", "ab"], ["a plain array", [1, 2, 3]]).map(
    ([name, src]): Call => ({ label: `process(${name})`, good: false, run: (c) => c.process(src as Uint8Array), error: TypeError, message: /^src must be a Uint8Array/ }),
  ),
  fc.record({ n: fc.integer({ min: 1, max: 401 }), short: fc.integer({ min: 1, max: 30 }) }).map(({ n, short }): Call => ({
    label: `process(${n} bytes, dst ${short} short)`,
    good: false,
    // a dst too short by a sample or more (n large enough to give output)
    run: (c) => c.process(bytes(n + 200, 3), new Uint8Array(Math.max(0, c.outputLength(n + 200) - short))),
    error: RangeError,
    message: /^dst is too short/,
  })),
  fc.constant<Call>({ label: "process(bytes, Int16Array dst)", good: false, run: (c) => c.process(bytes(161, 1), new Int16Array(2000) as never), error: TypeError, message: /^dst must be a Uint8Array/ }),
  fc.constant<Call>({ label: "flush(Int16Array dst)", good: false, run: (c) => c.flush(new Int16Array(500) as never), error: TypeError, message: /^dst must be a Uint8Array/ }),
  fc.constant<Call>({ label: "outputLength(-1)", good: false, run: (c) => c.outputLength(-1), error: RangeError, message: /^bytes must be/ }),
);

/** flush(short dst) only where the tail is not empty (a copy's flush gives nothing, so any dst fits). */
const shortFlush: Call = {
  label: "flush(short dst)",
  good: false,
  // G.722 out: an octet per two tail samples, one more with a carried sample
  run: (c) => c.flush(new Uint8Array(c.to.encoding === "g722" ? (Math.ceil(c.delay) >> 1) - 1 : Math.ceil(c.delay) * (c.to.encoding.startsWith("l16") ? 2 : 1) - 1)),
  error: RangeError,
  message: /^dst is too short/,
};

function interleavings(options: ConverterOptions, numRuns = 40): void {
  const withFlush = options.from.rate === options.to.rate ? calls : fc.oneof(calls, fc.constant(shortFlush));
  fc.assert(
    fc.property(fc.array(withFlush, { maxLength: 24 }), (sequence) => {
      const subject = new Converter(options);
      const twin = new Converter(options);
      try {
        sequence.forEach((call, step) => {
          if (call.good) {
            const a = call.run(subject);
            const b = call.run(twin);
            expect(ArrayBuffer.isView(a) ? Array.from(a as Uint8Array) : a, `step ${step}: ${call.label}`).toEqual(ArrayBuffer.isView(b) ? Array.from(b as Uint8Array) : b);
          } else {
            expectRejected(() => call.run(subject), call.error, call.message);
          }
        });
        // and what each still holds (a carried byte, the filter's tail) is the same
        expect(Array.from(subject.process(bytes(33, 9)))).toEqual(Array.from(twin.process(bytes(33, 9))));
        expect(Array.from(subject.flush())).toEqual(Array.from(twin.flush()));
      } finally {
        subject.dispose();
        twin.dispose();
      }
    }),
    { seed: SEED, numRuns },
  );
}

describe("any interleaving of good and bad calls equals the good calls alone", () => {
  it.each([
    [ULAW_TO_L16],
    [{ from: { encoding: "l16be", rate: 16000 }, to: { encoding: "l16le", rate: 24000 }, quality: "low-latency" }],
    [{ from: { encoding: "l16le", rate: 24000 }, to: { encoding: "alaw", rate: 8000 }, quality: "high" }],
    [{ from: { encoding: "l16le", rate: 16000 }, to: { encoding: "l16be", rate: 16000 } }],
    [{ from: { encoding: "l16be", rate: 48000 }, to: { encoding: "l16be", rate: 48000 } }],
    [{ from: { encoding: "alaw", rate: 8000 }, to: { encoding: "ulaw", rate: 8000 } }],
    [{ from: { encoding: "g722", rate: 16000 }, to: { encoding: "l16le", rate: 24000 } }],
    [{ from: { encoding: "l16be", rate: 24000 }, to: { encoding: "g722", rate: 16000 }, quality: "low-latency" }],
    [{ from: { encoding: "ulaw", rate: 8000 }, to: { encoding: "g722", rate: 16000 } }],
  ] as [ConverterOptions][])("%o", (options) => {
    interleavings(options);
  });
});
