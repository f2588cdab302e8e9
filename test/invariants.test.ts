// The invariant matrix: every supported pair × preset × stream class
// (Resampler, the four fused classes, the two message helpers), each cell
// checking the README's promises on 0.1–0.3 s of seeded noise:
//   1. counts: after every call, outputs so far = floor(inputsSoFar × to / from),
//      and outputLength(n) predicted the call (TwilioToRealtime in PCM16 samples,
//      half its bytes; RealtimeToTwilio in whole 160-code frames, the rest in `buffered`);
//   2. splits: 3 random chunkings (empty chunks; odd bytes for RealtimeToTwilio)
//      equal one call, bit for bit, flush included;
//   3. flush() equals the output trailing silence gives: PCM16 zeros after PCM
//      input; 0xFF (decodes to 0) after μ-law codes; after A-law codes, whose
//      silence 0xD5 decodes to +8, a Resampler fed the decoded codes then PCM16
//      zeros (the kernel drains with zeros after the decode); RealtimeToTwilio:
//      the waiting codes and the ceil(delay) drained ones, padded with the
//      silence code to a whole frame;
//   4. reset()/clear()/flush() after a random prefix leave the stream as new;
//   5. `.delay` equals the group delay measured from the class's own output at 0.25 fn.
// Seeded (test/_seeded.ts): a failure prints the seed and a one-line rerun.

import { beforeAll, describe, expect, it } from "vitest";
import {
  alawDecode,
  alawEncode,
  AlawToPcm16,
  FRAME_BYTES,
  initSync,
  Pcm16ToAlaw,
  Pcm16ToUlaw,
  RealtimeToTwilio,
  Resampler,
  TwilioToRealtime,
  ulawDecode,
  ulawEncode,
  UlawToPcm16,
  type Quality,
} from "telaudio";
import { measuredDelay } from "./_delay.js";
import { seeded, type Rng } from "./_seeded.js";
import { QUALITIES } from "../src/_quality.js";

beforeAll(() => initSync());

const FILE = "test/invariants.test.ts";
const CORE = [8000, 16000, 24000, 48000];
const EXTRA = [11025, 22050, 32000, 44100];
const RATES = [...CORE, ...EXTRA];

/** Every supported pair, from README: core ⇄ core, extra ⇄ core, and from === to. */
const PAIRS: [number, number][] = [];
for (const from of RATES) {
  for (const to of RATES) {
    const core = (rate: number) => CORE.includes(rate);
    if (from === to || (core(from) && core(to)) || core(from) !== core(to)) PAIRS.push([from, to]);
  }
}

// ---------------------------------------------------------------------------
// One adapter per class: what goes in, what comes out, in countable units.

type Units = Int16Array | Uint8Array;

interface Handle {
  /** Feeds one chunk; returns the output units it gave (samples, codes, or the frames' codes joined). */
  push(chunk: Units): Units;
  /** Output units `n` more input units give, when the class can say (outputLength). */
  predict?(n: number): number;
  flush(): Units;
  /** The ways the class offers back to "as new": reset(), clear(), flush(). */
  restarts: Record<string, () => void>;
  delay: number;
  /** Codes waiting for a frame (RealtimeToTwilio). */
  buffered?: number;
  dispose(): void;
}

interface Cell {
  name: string;
  from: number;
  to: number;
  /** Input units in 20 ms (chunk sizes are drawn around it). */
  frame: number;
  create(): Handle;
  /** Input units for `seconds` of seeded noise (PCM16 samples, G.711 codes, or PCM16LE bytes of any parity). */
  signal(random: Rng, seconds: number): Units;
  /** Output units so far after `inputs` input units (the count law). */
  law(inputs: number): number;
  /** What flush() after `x` should return: the output trailing silence would give (`body` = the output of x). */
  expectedFlush(x: Units, body: Units, delay: number): Units;
  /** `run(tone)`: a fresh stream's PCM16 output (at `to`) for a PCM16 tone (at `from`), through the class's own path. */
  run(tone: Int16Array): ArrayLike<number>;
  /** |measured − reported| allowed, in output samples (see the delay test). */
  delayTolerance: number;
}

/** Seeded PCM16 noise with loud passages (saturation at the output is part of what must split exactly). */
function pcmNoise(random: Rng, count: number): Int16Array {
  const out = new Int16Array(count);
  let gain = 0.5;
  for (let i = 0; i < count; i++) {
    if (i % 256 === 0) gain = random() < 0.2 ? 1 : 0.05 + 0.5 * random();
    out[i] = Math.round((2 * random() - 1) * 32767 * gain);
  }
  return out;
}

function codeNoise(random: Rng, count: number): Uint8Array {
  return Uint8Array.from({ length: count }, () => random.int(0, 255));
}

function join<T extends Units>(pieces: T[], make: new (n: number) => T): T {
  const out = new make(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

function concat<T extends Units>(a: T, b: T): T {
  return join([a, b], a.constructor as new (n: number) => T);
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
const bytesOf = (samples: Int16Array) => new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
const samplesOf = (bytes: Uint8Array) => new Int16Array(bytes.slice().buffer);

/** Frames to their codes joined, each checked to be exactly one Twilio frame. */
function framesToCodes(frames: string[]): Uint8Array {
  const decoded = frames.map(fromBase64);
  for (const frame of decoded) if (frame.length !== FRAME_BYTES) expect.fail(`a frame of ${frame.length} bytes, not ${FRAME_BYTES}`);
  return join(decoded, Uint8Array);
}

const floorRatio = (inputs: number, from: number, to: number) => Math.floor((inputs * to) / from);

/** Streaming classes sharing Resampler's life cycle: process/flush/reset/outputLength/delay. */
function streamHandle(stream: {
  process(src: never): Units;
  flush(): Units;
  reset(): void;
  outputLength(n: number): number;
  delay: number;
  dispose(): void;
}): Handle {
  return {
    push: (chunk) => stream.process(chunk as never),
    predict: (n) => stream.outputLength(n),
    flush: () => stream.flush(),
    restarts: { "reset()": () => stream.reset(), "flush()": () => void stream.flush() },
    delay: stream.delay,
    dispose: () => stream.dispose(),
  };
}

/** Silence after `x` through a fresh stream; the flush must be the `ceil(delay)` output units after x's own. */
function tailOf(output: Units, body: Units, delay: number): Units {
  return output.subarray(body.length, body.length + Math.ceil(delay));
}

/** Enough trailing input units to push `ceil(delay)` more outputs out, with a margin. */
function silenceLength(from: number, to: number, delay: number): number {
  return Math.ceil(((Math.ceil(delay) + 2) * from) / to) + 2;
}

// Tolerances for |measured − reported delay|, in output samples. The
// measurement is deterministic (fixed tones), so these are margins over what
// it gives today, far below any real misreport (a unit mix-up or a half
// sample is ≥ 0.5):
// - PCM16 out: int16 rounding and the window's leakage; ≤ 0.00094 measured
//   over the matrix (0.3 s tones; 0.1 s gave 0.009 at 8k → 22.05k);
const PCM_OUT_TOLERANCE = 0.003;
// - G.711 codes out (decoded to measure): the quantizer's intermodulation
//   puts a fixed bias on the tone's phase, ≤ 0.067 samples measured
//   (Pcm16ToAlaw 44.1k → 8k, low-latency), the same for 0.3 s, 1 s or 2 s.
//   The fused classes' exact equality with Resampler + encode
//   (test/fused.test.ts) ties them to the Resampler's tighter figure.
const CODE_OUT_TOLERANCE = 0.15;

function resamplerCell(from: number, to: number, quality: Quality): Cell {
  const make = () => new Resampler({ from, to, quality });
  return {
    name: `Resampler ${from} → ${to} ${quality}`,
    from,
    to,
    frame: from / 50,
    create: () => streamHandle(make()),
    signal: (random, seconds) => pcmNoise(random, Math.round(seconds * from)),
    law: (inputs) => floorRatio(inputs, from, to),
    expectedFlush: (x, body, delay) => {
      const reference = make();
      const out = reference.process(concat(x as Int16Array, new Int16Array(silenceLength(from, to, delay))));
      reference.dispose();
      return tailOf(out, body, delay);
    },
    run: (tone) => {
      const stream = make();
      const out = stream.process(tone);
      stream.dispose();
      return out;
    },
    delayTolerance: PCM_OUT_TOLERANCE,
  };
}

const LAWS = {
  ulaw: { Decoder: UlawToPcm16, Encoder: Pcm16ToUlaw, decode: ulawDecode, encode: ulawEncode, silence: 0xff },
  alaw: { Decoder: AlawToPcm16, Encoder: Pcm16ToAlaw, decode: alawDecode, encode: alawEncode, silence: 0xd5 },
} as const;
type Law = keyof typeof LAWS;

/**
 * Trailing silence for a G.711 decoder. μ-law 0xFF decodes to 0, so the
 * reference is the same class fed 0xFF codes. No A-law code decodes to 0
 * (0xD5 → +8, 0x55 → −8: checked below), and flush() drains the filter with
 * PCM zeros after the decode, so for A-law the reference is a Resampler fed
 * the decoded codes then PCM16 zeros.
 */
function decoderSilenceTail(law: Law, to: number, quality: Quality, x: Uint8Array, body: Units, delay: number): Units {
  const zeros = silenceLength(8000, to, delay);
  if (law === "ulaw") {
    const reference = new UlawToPcm16({ to, quality });
    const out = reference.process(concat(x, new Uint8Array(zeros).fill(0xff)));
    reference.dispose();
    return tailOf(out, body, delay);
  }
  const reference = new Resampler({ from: 8000, to, quality });
  const out = reference.process(concat(alawDecode(x), new Int16Array(zeros)));
  reference.dispose();
  return tailOf(out, body, delay);
}

function decoderCell(law: Law, to: number, quality: Quality): Cell {
  const { Decoder, encode } = LAWS[law];
  const make = () => new Decoder({ to, quality });
  return {
    name: `${Decoder.name} 8000 → ${to} ${quality}`,
    from: 8000,
    to,
    frame: 160,
    create: () => streamHandle(make()),
    signal: (random, seconds) => codeNoise(random, Math.round(seconds * 8000)),
    law: (inputs) => floorRatio(inputs, 8000, to),
    expectedFlush: (x, body, delay) => decoderSilenceTail(law, to, quality, x as Uint8Array, body, delay),
    run: (tone) => {
      const stream = make();
      const out = stream.process(encode(tone));
      stream.dispose();
      return out;
    },
    delayTolerance: PCM_OUT_TOLERANCE,
  };
}

function encoderCell(law: Law, from: number, quality: Quality): Cell {
  const { Encoder, decode } = LAWS[law];
  const make = () => new Encoder({ from, quality });
  return {
    name: `${Encoder.name} ${from} → 8000 ${quality}`,
    from,
    to: 8000,
    frame: from / 50,
    create: () => streamHandle(make()),
    signal: (random, seconds) => pcmNoise(random, Math.round(seconds * from)),
    law: (inputs) => floorRatio(inputs, from, 8000),
    // PCM zeros in: exact silence.
    expectedFlush: (x, body, delay) => {
      const reference = make();
      const out = reference.process(concat(x as Int16Array, new Int16Array(silenceLength(from, 8000, delay))));
      reference.dispose();
      return tailOf(out, body, delay);
    },
    run: (tone) => {
      const stream = make();
      const out = decode(stream.process(tone));
      stream.dispose();
      return out;
    },
    delayTolerance: CODE_OUT_TOLERANCE,
  };
}

function twilioToRealtimeCell(law: Law, rate: number, quality: Quality): Cell {
  const make = () => new TwilioToRealtime({ codec: law, rate, quality });
  return {
    name: `TwilioToRealtime ${law} 8000 → ${rate} ${quality}`,
    from: 8000,
    to: rate,
    frame: 160,
    create: () => {
      const helper = make();
      return {
        push: (chunk) => samplesOf(fromBase64(helper.push(base64(chunk as Uint8Array)))),
        flush: () => samplesOf(fromBase64(helper.flush())),
        // No reset(): flush() is the documented way back to a new stream.
        restarts: { "flush()": () => void helper.flush() },
        delay: helper.delay,
        dispose: () => helper.dispose(),
      };
    },
    signal: (random, seconds) => codeNoise(random, Math.round(seconds * 8000)),
    // In samples: the PCM16LE bytes out are twice these.
    law: (inputs) => floorRatio(inputs, 8000, rate),
    expectedFlush: (x, body, delay) => decoderSilenceTail(law, rate, quality, x as Uint8Array, body, delay),
    run: (tone) => {
      const helper = make();
      const out = samplesOf(fromBase64(helper.push(base64(LAWS[law].encode(tone)))));
      helper.dispose();
      return out;
    },
    delayTolerance: PCM_OUT_TOLERANCE,
  };
}

function realtimeToTwilioCell(law: Law, rate: number, quality: Quality): Cell {
  const make = () => new RealtimeToTwilio({ codec: law, rate, quality });
  const { silence, decode } = LAWS[law];
  return {
    name: `RealtimeToTwilio ${law} ${rate} → 8000 ${quality}`,
    from: rate,
    to: 8000,
    frame: (2 * rate) / 50,
    create: () => {
      const helper = make();
      const handle: Handle = {
        push: (chunk) => framesToCodes(helper.push(base64(chunk as Uint8Array))),
        flush: () => framesToCodes(helper.flush()),
        restarts: { "clear()": () => helper.clear(), "flush()": () => void helper.flush() },
        delay: helper.delay,
        get buffered() {
          return helper.buffered;
        },
        dispose: () => helper.dispose(),
      };
      return handle;
    },
    // PCM16LE bytes of any parity: an odd byte waits for the next delta.
    signal: (random, seconds) => bytesOf(pcmNoise(random, Math.round(seconds * rate))).slice(0, random.int(0, 1) ? undefined : -1),
    // Codes in whole frames: floor(codes so far / 160) frames.
    law: (inputs) => FRAME_BYTES * Math.floor(floorRatio(inputs >> 1, rate, 8000) / FRAME_BYTES),
    // The codes still waiting, then the filter's ceil(delay) codes (as PCM
    // zeros would push them out), padded with the silence code to a whole frame.
    expectedFlush: (x, body, delay) => {
      const reference = new (LAWS[law].Encoder)({ from: rate, quality });
      const whole = x.subarray(0, x.length & ~1); // flush drops a carried odd byte
      const codes = reference.process(concat(whole as Uint8Array, new Uint8Array(2 * silenceLength(rate, 8000, delay))));
      reference.dispose();
      const end = floorRatio(whole.length >> 1, rate, 8000) + Math.ceil(delay);
      const tail = codes.slice(body.length, end);
      const padded = new Uint8Array(Math.ceil(tail.length / FRAME_BYTES) * FRAME_BYTES).fill(silence);
      padded.set(tail);
      return padded;
    },
    run: (tone) => {
      const helper = make();
      const out = decode(framesToCodes(helper.push(base64(bytesOf(tone)))));
      helper.dispose();
      return out;
    },
    delayTolerance: CODE_OUT_TOLERANCE,
  };
}

// ---------------------------------------------------------------------------
// The checks.

function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  if (actual.length !== expected.length) expect.fail(`${what}: ${actual.length} units, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) expect.fail(`${what}: unit ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

/** Random chunk lengths summing to `total`: empty chunks, a few units, about a 20 ms frame, or large. */
function chunking(random: Rng, total: number, frame: number): number[] {
  const sizes: number[] = [];
  for (let left = total; left > 0; ) {
    const kind = random();
    const size = kind < 0.15 ? 0 : kind < 0.4 ? random.int(1, 7) : kind < 0.85 ? random.int(1, Math.ceil(1.5 * frame)) : random.int(1, total);
    sizes.push(Math.min(size, left));
    left -= Math.min(size, left);
  }
  return sizes;
}

/** Runs `x` through a new stream in the given chunks, checking the count law after every call; returns the output and flush. */
function runInChunks(cell: Cell, x: Units, sizes: number[]): { out: Units; tail: Units } {
  const stream = cell.create();
  const pieces: Units[] = [];
  let inputs = 0;
  let outputs = 0;
  for (const size of sizes) {
    const chunk = x.subarray(inputs, inputs + size);
    const predicted = stream.predict?.(size);
    const out = stream.push(chunk);
    inputs += size;
    outputs += out.length;
    if (predicted !== undefined && out.length !== predicted) expect.fail(`outputLength(${size}) said ${predicted}, process gave ${out.length}`);
    if (outputs !== cell.law(inputs)) expect.fail(`after ${inputs} inputs: ${outputs} outputs, the count law says ${cell.law(inputs)}`);
    if (stream.buffered !== undefined) {
      const codes = floorRatio(inputs >> 1, cell.from, cell.to);
      if (stream.buffered !== codes - outputs) expect.fail(`after ${inputs} bytes: buffered ${stream.buffered}, expected ${codes - outputs}`);
    }
    pieces.push(out);
  }
  const tail = stream.flush();
  stream.dispose();
  return { out: join(pieces, (pieces[0]?.constructor ?? Uint8Array) as new (n: number) => Units), tail };
}

const SPLITS = 3;

function checkCell(cell: Cell, random: Rng): void {
  const x = cell.signal(random, 0.1 + 0.2 * random());
  const frame = cell.frame;

  // 1 + 2: one call, then random chunkings: counts after every call, same units bit for bit.
  const whole = runInChunks(cell, x, [x.length]);
  for (let split = 0; split < SPLITS; split++) {
    const sizes = chunking(random, x.length, frame);
    const pieces = runInChunks(cell, x, sizes);
    expectSame(pieces.out, whole.out, `split ${split} (${sizes.length} chunks: ${sizes.slice(0, 12).join(", ")}…) against one call`);
    expectSame(pieces.tail, whole.tail, `flush after split ${split}`);
  }

  // 3: flush = trailing silence.
  const stream = cell.create();
  const delay = stream.delay;
  stream.dispose();
  expectSame(whole.tail, cell.expectedFlush(x, whole.out, delay), "flush() against trailing silence");

  // 4: each restart, after a prefix of random length (a partial phase, maybe an odd byte), gives a new stream.
  const probe = cell.create();
  const restartNames = Object.keys(probe.restarts);
  probe.dispose();
  for (const restartName of restartNames) {
    const restarted = cell.create();
    restarted.push(cell.signal(random, 0.001 + 0.05 * random()));
    restarted.restarts[restartName]();
    if (restarted.buffered !== undefined) expect(restarted.buffered, `buffered after ${restartName}`).toBe(0);
    const out = restarted.push(x);
    const tail = restarted.flush();
    restarted.dispose();
    expectSame(out, whole.out, `after ${restartName}, the output`);
    expectSame(tail, whole.tail, `after ${restartName}, the flush`);
  }
}

function cells(quality: Quality): Cell[] {
  const list: Cell[] = PAIRS.map(([from, to]) => resamplerCell(from, to, quality));
  for (const law of ["ulaw", "alaw"] as const) {
    for (const rate of RATES) {
      list.push(decoderCell(law, rate, quality), encoderCell(law, rate, quality));
      list.push(twilioToRealtimeCell(law, rate, quality), realtimeToTwilioCell(law, rate, quality));
    }
  }
  return list;
}

describe.each(QUALITIES)("invariants, %s", (quality) => {
  for (const cell of cells(quality)) {
    it(
      cell.name,
      seeded(FILE, cell.name, (random) => {
        checkCell(cell, random);
        // 5: the reported delay against the one measured from the class's own output.
        const stream = cell.create();
        const reported = stream.delay;
        stream.dispose();
        const measured = measuredDelay(cell.run, cell.from, cell.to, 0.3);
        expect(Math.abs(measured - reported), `measured delay ${measured}, reported ${reported}`).toBeLessThanOrEqual(cell.delayTolerance);
      }),
      // A hang guard, not a timing assertion: a ratio's first cell designs its
      // filters (up to 1.3 s alone for 8k → 48k high), several times that on a loaded box.
      60_000,
    );
  }
});

it("the matrix's pairs are exactly the supported ones (12 core, 32 extra ⇄ core, 8 copies)", () => {
  expect(PAIRS.length).toBe(52);
  for (const from of RATES) {
    for (const to of RATES) {
      if (PAIRS.some(([a, b]) => a === from && b === to)) continue;
      expect(() => new Resampler({ from, to }), `${from} → ${to}`).toThrow(RangeError);
    }
  }
});

it("the A-law silence code decodes to +8, not 0 (why A-law flush is checked against PCM zeros); μ-law's to 0", () => {
  expect([...alawDecode(Uint8Array.of(0xd5, 0x55))]).toEqual([8, -8]);
  expect([...alawEncode(Int16Array.of(0))]).toEqual([0xd5]);
  expect([...ulawDecode(Uint8Array.of(0xff))]).toEqual([0]);
});

// Issue 10 defect 4 (fixed): a RealtimeToTwilio with nothing pushed since it
// started (or since the last flush or clear) returned a frame of silence from
// flush(); it returns [] (no audio, no frame), at every rate and codec.
it("RealtimeToTwilio.flush() with nothing pushed since start, flush or clear returns no frame", () => {
  for (const codec of ["ulaw", "alaw"] as const) {
    for (const rate of RATES) {
      const helper = new RealtimeToTwilio({ codec, rate });
      expect(helper.flush(), `${codec} ${rate} at start`).toEqual([]);
      helper.push(base64(new Uint8Array(2 * rate / 100)));
      helper.flush();
      expect(helper.flush(), `${codec} ${rate} after a flush`).toEqual([]);
      helper.push(base64(new Uint8Array(2 * rate / 100)));
      helper.clear();
      expect(helper.flush(), `${codec} ${rate} after clear`).toEqual([]);
      helper.dispose();
    }
  }
});
