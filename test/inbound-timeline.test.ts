import { describe, expect, it } from "vitest";
import { InboundTimeline, type InboundCounters } from "telaudio";
import { expectSameValues } from "./_assert.js";

// The call: frame i holds 160 codes (20 ms at 8 kHz) starting at 20·i ms.
// Codes stay below 0xD5, so no frame byte can pass for silence.
const FRAME = 160;
const codesOf = (i: number, length = FRAME) => Uint8Array.from({ length }, (_, j) => (i * 31 + j * 7) % 200);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
const media = (i: number) => ({ chunk: String(i + 1), timestamp: String(20 * i), payload: b64(codesOf(i)) });

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** Pushes frames (indices) in the given order, then flushes; all released bytes. */
function run(order: number[], timeline = new InboundTimeline()): { bytes: Uint8Array; timeline: InboundTimeline } {
  const out: string[] = [];
  for (const i of order) out.push(...timeline.push(media(i)));
  out.push(...(timeline.flush() as string[]));
  return { bytes: concat(out.map(unb64)), timeline };
}

/** Expected call audio: a frame index, or a run of silent frames. */
type Piece = number | { silence: number };
function audio(pieces: Piece[], silence = 0xff): Uint8Array {
  return concat(pieces.map((p) => (typeof p === "number" ? codesOf(p) : new Uint8Array(p.silence * FRAME).fill(silence))));
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

function counters(partial: Partial<InboundCounters>): InboundCounters {
  return { received: 0, released: 0, gaps: 0, silenceSamples: 0, duplicates: 0, reordered: 0, late: 0, trimmedSamples: 0, ...partial };
}

describe("InboundTimeline: in order", () => {
  it("passes an in-order stream through untouched: each push returns its own payload string", () => {
    const timeline = new InboundTimeline();
    for (let i = 0; i < 100; i++) {
      const m = media(i);
      const out = timeline.push(m);
      expect(out).toHaveLength(1);
      expect(out[0]).toBe(m.payload);
    }
    expect(timeline.flush()).toEqual([]);
    expect(timeline.counters).toEqual(counters({ received: 100, released: 100 }));
    expect(timeline.position).toBe(100 * FRAME);
  });

  it("returns the same Uint8Array when given bytes", () => {
    const timeline = new InboundTimeline();
    const payload = codesOf(0);
    const out = timeline.push({ timestamp: 0, payload });
    expect(out[0]).toBe(payload);
  });

  it("works without chunk numbers (timestamps alone)", () => {
    const timeline = new InboundTimeline();
    const out: string[] = [];
    for (const i of [0, 1, 3, 2, 4]) out.push(...timeline.push({ timestamp: String(20 * i), payload: b64(codesOf(i)) }));
    expectSameValues(concat(out.map(unb64)), audio([0, 1, 2, 3, 4]));
    expect(timeline.counters).toEqual(counters({ received: 5, released: 5, reordered: 1 }));
  });
});

describe("InboundTimeline: gaps", () => {
  it.each([
    [1, [5]],
    [2, [5, 6]],
    [7, range(5, 12)],
  ])("a gap of %i frame(s) becomes exactly that much silence", (n, missing) => {
    const order = range(0, 20).filter((i) => !missing.includes(i));
    const { bytes, timeline } = run(order);
    expectSameValues(bytes, audio([...range(0, 5), { silence: n }, ...range(5 + n, 20)]));
    expect(timeline.counters).toEqual(counters({ received: 20 - n, released: 20 - n, gaps: 1, silenceSamples: n * FRAME }));
    expect(timeline.position).toBe(20 * FRAME);
  });

  it("fills the gap once the window is full, not before (window 3 = 60 ms of audio held)", () => {
    const timeline = new InboundTimeline();
    for (let i = 0; i < 5; i++) timeline.push(media(i));
    expect(timeline.push(media(6))).toEqual([]);
    expect(timeline.push(media(7))).toEqual([]);
    expect(timeline.push(media(8))).toEqual([]);
    expect(timeline.held).toBe(3);
    const out = timeline.push(media(9)); // 80 ms waiting: give up on frame 5
    expectSameValues(concat(out.map(unb64)), audio([{ silence: 1 }, 6, 7, 8, 9]));
    expect(timeline.held).toBe(0);
  });

  it("a gap at the start (first timestamp 100 ms) is silence from the stream's start", () => {
    const { bytes, timeline } = run(range(5, 12));
    expectSameValues(bytes, audio([{ silence: 5 }, ...range(5, 12)]));
    expect(timeline.counters).toEqual(counters({ received: 7, released: 7, gaps: 1, silenceSamples: 800 }));
  });

  it("reorderWindow 0 fills every gap at once", () => {
    const timeline = new InboundTimeline({ reorderWindow: 0 });
    timeline.push(media(0));
    const out = timeline.push(media(2));
    expectSameValues(concat(out.map(unb64)), audio([{ silence: 1 }, 2]));
    expect(timeline.push(media(1))).toEqual([]);
    expect(timeline.counters).toEqual(counters({ received: 3, released: 2, gaps: 1, silenceSamples: 160, late: 1 }));
  });

  it("A-law silence is 0xD5; bytes in give bytes out", () => {
    const timeline = new InboundTimeline({ codec: "alaw", reorderWindow: 0 });
    timeline.push({ timestamp: 0, payload: codesOf(0) });
    const out = timeline.push({ timestamp: 40, payload: codesOf(2) });
    expect(out).toHaveLength(2);
    expect(out[0]).toBeInstanceOf(Uint8Array);
    expectSameValues(concat(out), audio([{ silence: 1 }, 2], 0xd5));
  });
});

describe("InboundTimeline: duplicates", () => {
  it("drops a frame sent twice in a row", () => {
    const { bytes, timeline } = run([0, 1, 1, 2]);
    expectSameValues(bytes, audio([0, 1, 2]));
    expect(timeline.counters).toEqual(counters({ received: 4, released: 3, duplicates: 1 }));
  });

  it("drops a frame sent again later (30 frames on)", () => {
    const { bytes, timeline } = run([...range(0, 31), 1, 31]);
    expectSameValues(bytes, audio(range(0, 32)));
    expect(timeline.counters).toEqual(counters({ received: 33, released: 32, duplicates: 1 }));
  });

  it("drops a copy of a frame still held behind a gap", () => {
    const { bytes, timeline } = run([0, 2, 2, 1]);
    expectSameValues(bytes, audio([0, 1, 2]));
    expect(timeline.counters).toEqual(counters({ received: 4, released: 3, duplicates: 1, reordered: 1 }));
  });
});

describe("InboundTimeline: reordering", () => {
  it.each([1, 2, 3])("a frame %i frame(s) late is put back in its place", (d) => {
    const order = [0, 1, 2, ...range(4, 4 + d), 3, ...range(4 + d, 10)];
    const { bytes, timeline } = run(order);
    expectSameValues(bytes, audio(range(0, 10)));
    expect(timeline.counters).toEqual(counters({ received: 10, released: 10, reordered: 1 }));
  });

  it("a frame 4 frames late (beyond the window of 3) finds silence in its place: dropped as late", () => {
    const { bytes, timeline } = run([0, 1, 2, 4, 5, 6, 7, 3, 8, 9]);
    expectSameValues(bytes, audio([0, 1, 2, { silence: 1 }, ...range(4, 10)]));
    expect(timeline.counters).toEqual(counters({ received: 10, released: 9, gaps: 1, silenceSamples: 160, late: 1 }));
  });

  it("reverses within the window: 3 2 1 after 0", () => {
    const { bytes, timeline } = run([0, 3, 2, 1, 4]);
    expectSameValues(bytes, audio(range(0, 5)));
    expect(timeline.counters).toEqual(counters({ received: 5, released: 5, reordered: 2 }));
  });

  it("a wider reorderWindow waits longer", () => {
    const { bytes } = run([0, ...range(2, 8), 1, 8], new InboundTimeline({ reorderWindow: 6 }));
    expectSameValues(bytes, audio(range(0, 9)));
  });
});

// An independent model of the promise, in whole frame indices: a frame is
// released when every earlier slot is released; frames wait behind a gap
// while they span at most `window` frames; a gap given up on is silence.
function model(order: number[], window: number, memory = 64) {
  const pieces: Piece[] = [];
  const c = counters({});
  const released: number[] = [];
  const held = new Set<number>();
  let next = 0;
  const release = (i: number) => {
    pieces.push(i);
    released.push(i);
    c.released++;
    next = i + 1;
    while (held.has(next)) {
      held.delete(next);
      release(next);
    }
  };
  const giveUp = () => {
    const first = Math.min(...held);
    held.delete(first);
    pieces.push({ silence: first - next });
    c.gaps++;
    c.silenceSamples += (first - next) * FRAME;
    release(first);
  };
  for (const i of order) {
    c.received++;
    if (held.has(i) || released.slice(-memory).includes(i)) c.duplicates++;
    else if (i < next) c.late++;
    else if (i === next) {
      if (held.size > 0) c.reordered++;
      release(i);
    } else {
      if ([...held].some((h) => h > i)) c.reordered++;
      held.add(i);
      while (held.size > 0 && Math.max(...held) + 1 - Math.min(...held) > window) giveUp();
    }
  }
  while (held.size > 0) giveUp();
  return { pieces, counters: c, end: next };
}

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A delivery of frames 0..n-1: some lost, some sent twice, some displaced by up to `spread` places. */
function delivery(seed: number, n: number, spread: number): number[] {
  const random = prng(seed);
  const keyed: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.08 && i > 0) continue; // lost
    keyed.push([i + random() * spread, i]);
    if (r > 0.93) keyed.push([i + 1 + random() * 2 * spread, i]); // sent again, later
  }
  return keyed.sort((a, b) => a[0] - b[0]).map(([, i]) => i);
}

describe("InboundTimeline: losses, copies and reordering from a seeded PRNG", () => {
  const cases = Array.from({ length: 40 }, (_, k) => ({ seed: 1000 + k, window: k % 5, spread: 1 + (k % 7) }));
  it.each(cases)("seed $seed, window $window, displacement up to $spread", ({ seed, window, spread }) => {
    const order = delivery(seed, 120, spread);
    const expected = model(order, window);
    const { bytes, timeline } = run(order, new InboundTimeline({ reorderWindow: window }));
    const context = `seed ${seed}: order ${order.join(",")}`;
    expectSameValues(bytes, audio(expected.pieces)); // the test name carries the seed
    expect(timeline.counters, context).toEqual(expected.counters);
    const c = timeline.counters;
    expect(c.received, context).toBe(c.released + c.duplicates + c.late);
    // The alignment promise: the audio released spans the call's clock to the end of the last frame.
    expect(bytes.length, context).toBe((Math.max(...order) + 1) * FRAME);
    expect(timeline.position).toBe(bytes.length);
  });
});

describe("InboundTimeline: payloads of any length, on the call's clock", () => {
  // Lengths in whole milliseconds (8 samples each), as Twilio's ms timestamps can express.
  function call(seed: number, n: number) {
    const random = prng(seed);
    const frames: { timestamp: number; codes: Uint8Array }[] = [];
    let ms = 0;
    for (let i = 0; i < n; i++) {
      const length = 8 * (1 + Math.floor(random() * 40));
      frames.push({ timestamp: ms, codes: codesOf(i, length) });
      ms += length / 8;
    }
    return frames;
  }

  it.each([7, 8, 9])("seed %i: a lost payload is silence of exactly its length; the end is the clock's", (seed) => {
    const frames = call(seed, 60);
    const lost = new Set([3, 17, 18, 40]);
    const timeline = new InboundTimeline({ tolerance: 0, reorderWindow: 0 });
    const out: string[] = [];
    for (const [i, f] of frames.entries()) if (!lost.has(i)) out.push(...timeline.push({ timestamp: f.timestamp, payload: b64(f.codes) }));
    out.push(...(timeline.flush() as string[]));
    const expected = concat(frames.map((f, i) => (lost.has(i) ? new Uint8Array(f.codes.length).fill(0xff) : f.codes)));
    expectSameValues(concat(out.map(unb64)), expected);
    const last = frames[frames.length - 1];
    expect(timeline.position).toBe(last.timestamp * 8 + last.codes.length);
    expect(timeline.counters.silenceSamples).toBe(frames[3].codes.length + frames[17].codes.length + frames[18].codes.length + frames[40].codes.length);
  });

  it("an overlapping payload is trimmed to what was not released yet", () => {
    const timeline = new InboundTimeline({ tolerance: 0 });
    const first = codesOf(0);
    const second = codesOf(1); // starts 5 ms (40 samples) before the first ends
    timeline.push({ timestamp: 0, payload: b64(first) });
    const out = timeline.push({ timestamp: 15, payload: b64(second) });
    expectSameValues(concat(out.map(unb64)), second.subarray(40));
    expect(timeline.counters).toEqual(counters({ received: 2, released: 2, trimmedSamples: 40 }));
    expect(timeline.position).toBe(15 * 8 + FRAME);
  });

  it("timestamp jitter within the tolerance (±2 ms) moves nothing: no silence, no trimming", () => {
    const random = prng(42);
    const timeline = new InboundTimeline();
    const out: string[] = [];
    for (let i = 0; i < 200; i++) {
      const jitter = i === 0 ? 0 : Math.floor(random() * 5) - 2;
      out.push(...timeline.push({ chunk: i + 1, timestamp: 20 * i + jitter, payload: b64(codesOf(i)) }));
    }
    expectSameValues(concat(out.map(unb64)), audio(range(0, 200)));
    expect(timeline.counters).toEqual(counters({ received: 200, released: 200 }));
  });

  it("a clock running 1% fast against the payloads is followed: never more than the tolerance off", () => {
    const timeline = new InboundTimeline({ reorderWindow: 0 }); // nothing held: every push is on the clock
    let total = 0;
    for (let i = 0; i < 500; i++) {
      const timestamp = Math.round(20.2 * i);
      for (const p of timeline.push({ timestamp, payload: b64(codesOf(i)) })) total += unb64(p).length;
      expect(Math.abs(total - (timestamp * 8 + FRAME))).toBeLessThanOrEqual(timeline.tolerance);
    }
    expect(timeline.counters.gaps).toBeGreaterThan(0);
  });
});

describe("InboundTimeline: bad input is refused and changes nothing", () => {
  const bad: [string, Record<string, unknown>, ErrorConstructor, RegExp][] = [
    ["non-numeric timestamp", { chunk: "4", timestamp: "6O", payload: b64(codesOf(3)) }, TypeError, /^timestamp /],
    ["empty timestamp", { chunk: "4", timestamp: "", payload: b64(codesOf(3)) }, TypeError, /^timestamp /],
    ["negative timestamp", { chunk: "4", timestamp: -20, payload: b64(codesOf(3)) }, RangeError, /^timestamp /],
    ["missing timestamp", { chunk: "4", payload: b64(codesOf(3)) }, TypeError, /^timestamp /],
    ["non-numeric chunk", { chunk: "four", timestamp: "60", payload: b64(codesOf(3)) }, TypeError, /^chunk /],
    ["fractional chunk", { chunk: 4.5, timestamp: "60", payload: b64(codesOf(3)) }, TypeError, /^chunk /],
    ["payload not base64", { chunk: "4", timestamp: "60", payload: "not base64!!" }, TypeError, /^payload /],
    ["payload with a bad length", { chunk: "4", timestamp: "60", payload: "abc" }, TypeError, /^payload /],
    ["payload of bytes after base64 ones", { chunk: "4", timestamp: "60", payload: codesOf(3) }, TypeError, /^payload /],
    ["payload a number", { chunk: "4", timestamp: "60", payload: 42 }, TypeError, /^payload /],
    ["timestamp going backwards against its chunk", { chunk: "5", timestamp: "20", payload: b64(codesOf(3)) }, RangeError, /^timestamp 20 ms of chunk 5 goes backwards: chunk 3 was at 40 ms/],
    ["a chunk again with another timestamp", { chunk: "3", timestamp: "60", payload: b64(codesOf(3)) }, RangeError, /^timestamp 60 ms of chunk 3 differs from the same chunk's earlier 40 ms/],
    ["a chunk going backwards against its timestamp", { chunk: "2", timestamp: "60", payload: b64(codesOf(3)) }, RangeError, /^chunk 2 at 60 ms goes backwards: chunk 3 was at 40 ms/],
    ["a chunk going backwards against a held one", { chunk: "7", timestamp: "60", payload: b64(codesOf(3)) }, RangeError, /^timestamp 60 ms of chunk 7 goes backwards: chunk 6 was at 100 ms/],
    ["a timestamp an hour ahead", { chunk: "100", timestamp: "3600000", payload: b64(codesOf(3)) }, RangeError, /^timestamp 3600000 ms jumps/],
  ];
  it.each(bad)("%s: the right error, and the next frames give what a twin that never saw it gives", (_, frame, Type, message) => {
    const timeline = new InboundTimeline();
    const twin = new InboundTimeline();
    const outA: string[] = [];
    const outB: string[] = [];
    for (const i of [0, 1, 2]) {
      outA.push(...timeline.push(media(i)));
      outB.push(...twin.push(media(i)));
    }
    timeline.push(media(5)); // held behind a gap: must survive the refusal
    twin.push(media(5));
    let thrown: unknown;
    try {
      timeline.push(frame as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Type);
    expect((thrown as Error).message).toMatch(message);
    expect(timeline.counters).toEqual(twin.counters);
    for (const i of [3, 4, 6, 7]) {
      outA.push(...timeline.push(media(i)));
      outB.push(...twin.push(media(i)));
    }
    outA.push(...(timeline.flush() as string[]));
    outB.push(...(twin.flush() as string[]));
    expect(outA).toEqual(outB);
    expect(timeline.counters).toEqual(twin.counters);
    expectSameValues(concat(outA.map(unb64)), audio(range(0, 8)));
  });

  it("a frame that is not an object", () => {
    expect(() => new InboundTimeline().push(null as never)).toThrow(TypeError);
    expect(() => new InboundTimeline().push("x" as never)).toThrow(/^frame /);
  });

  it.each([
    [{ rate: 0 }, RangeError, /^rate /],
    [{ rate: "8000" }, TypeError, /^rate /],
    [{ frameSamples: 1.5 }, RangeError, /^frameSamples /],
    [{ reorderWindow: -1 }, RangeError, /^reorderWindow /],
    [{ tolerance: NaN }, RangeError, /^tolerance /],
    [{ codec: "pcm" }, RangeError, /^codec /],
    [{ codec: 1 }, TypeError, /^codec /],
    [{ maxGap: -5 }, RangeError, /^maxGap /],
  ])("options %o are refused", (options, Type, message) => {
    expect(() => new InboundTimeline(options as never)).toThrow(Type);
    expect(() => new InboundTimeline(options as never)).toThrow(message);
  });

  it("options must be an object", () => {
    expect(() => new InboundTimeline(3 as never)).toThrow(/^options /);
  });
});
