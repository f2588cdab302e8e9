// The pacer, on an injected clock: frames released at their deadlines with
// no drift over an hour, the lead and the pre-roll kept, underruns and late
// polls counted, clear() dropping what waits. No wall clock anywhere.

import { describe, expect, it } from "vitest";
import { rng } from "./_seeded.js";
import { Pacer } from "telaudio";

/** A clock the test moves by hand. */
function manualClock(start = 1000) {
  let now = start;
  return { clock: () => now, set: (t: number) => (now = t), advance: (ms: number) => (now += ms) };
}


describe("frames come out at start + preroll + n × 20 ms − lead, whatever the polling", () => {
  it("an hour of frames (180,000) polled at random 1–9 ms intervals (seed 11): each released within one poll of its deadline, none early, zero drift", () => {
    const time = manualClock(5000);
    const pacer = new Pacer<number>({ leadMs: 60, prerollMs: 40, clock: time.clock });
    const FRAMES = 180_000;
    for (let n = 0; n < FRAMES; n++) pacer.push(n);
    const start = 5000;
    const next = rng(11);
    let released = 0;
    let worstLateness = 0;
    while (released < FRAMES) {
      const now = time.advance(1 + Math.floor(next() * 9));
      for (const n of pacer.release()) {
        if (n !== released) throw new Error(`frame ${n} came out as the ${released}th`);
        // Due at its deadline, or at once if that was before it was queued.
        const deadline = Math.max(start, start + 40 + n * 20 - 60);
        if (now < deadline) throw new Error(`frame ${n} released at ${now}, before its deadline ${deadline}`);
        worstLateness = Math.max(worstLateness, now - deadline);
        released++;
      }
    }
    expect(worstLateness).toBeLessThan(9);
    // The last frame's deadline is exactly n × 20 ms after the first's: no accumulated error.
    expect(pacer.playedOutAt()).toBe(start + 40 + FRAMES * 20);
    expect(pacer.stats).toEqual({ released: FRAMES, underruns: 0, lateFrames: 0, queued: 0 });
  });

  it("the lead: never more than lead/20 + 1 frames out ahead of what has played", () => {
    const time = manualClock(0);
    const pacer = new Pacer<number>({ leadMs: 100, clock: time.clock });
    for (let n = 0; n < 500; n++) pacer.push(n);
    let released = 0;
    for (let t = 0; t <= 10_000; t += 3) {
      time.set(t);
      released += pacer.release().length;
      const played = Math.max(0, Math.floor(t / 20)); // frame n plays during [20n, 20n + 20)
      expect(released - played).toBeLessThanOrEqual(100 / 20 + 1);
    }
    expect(released).toBe(500);
  });

  it("nextReleaseAt() says when to poll: polling only then releases every frame exactly on time", () => {
    const time = manualClock(0);
    const pacer = new Pacer<number>({ leadMs: 40, prerollMs: 100, clock: time.clock });
    for (let n = 0; n < 50; n++) pacer.push(n);
    const times: number[] = [];
    for (let at = pacer.nextReleaseAt(); at !== undefined; at = pacer.nextReleaseAt()) {
      time.set(at);
      for (const _ of pacer.release()) times.push(at);
    }
    expect(times).toEqual(Array.from({ length: 50 }, (_, n) => 100 + 20 * n - 40));
  });
});

describe("markers ride behind the frame before them", () => {
  it("a marker comes out with the frame it follows, not before", () => {
    const time = manualClock(0);
    const pacer = new Pacer<string>({ leadMs: 0, clock: time.clock });
    pacer.push("f0");
    pacer.push("m0", 0);
    pacer.push("f1");
    pacer.push("m1", 0);
    expect(pacer.release()).toEqual(["f0", "m0"]);
    time.set(19);
    expect(pacer.release()).toEqual([]);
    time.set(20);
    expect(pacer.release()).toEqual(["f1", "m1"]);
  });
});

describe("underruns, late polls, end() and clear()", () => {
  it("a source 100 ms late is one underrun; the next frame starts a new run at its arrival", () => {
    const time = manualClock(0);
    const pacer = new Pacer<number>({ leadMs: 0, clock: time.clock });
    for (let n = 0; n < 5; n++) pacer.push(n);
    for (let t = 0; t <= 100; t += 20) time.set(t), pacer.release();
    time.set(200); // frames 0–4 played out at 100 ms; nothing came for 100 ms
    pacer.push(5);
    pacer.push(6);
    expect(pacer.release()).toEqual([5]);
    time.set(219);
    expect(pacer.release()).toEqual([]);
    time.set(220);
    expect(pacer.release()).toEqual([6]);
    expect(pacer.stats.underruns).toBe(1);
  });

  it("silence after end() is not an underrun", () => {
    const time = manualClock(0);
    const pacer = new Pacer<number>({ leadMs: 0, clock: time.clock });
    pacer.push(0);
    pacer.release();
    pacer.end();
    time.set(500);
    pacer.push(1);
    expect(pacer.release()).toEqual([1]);
    expect(pacer.stats.underruns).toBe(0);
  });

  it("a frame that arrives while the last run is still playing continues it seamlessly", () => {
    const time = manualClock(0);
    const pacer = new Pacer<number>({ leadMs: 60, clock: time.clock });
    for (let n = 0; n < 3; n++) pacer.push(n);
    expect(pacer.release()).toEqual([0, 1, 2]); // they play at 0, 20, 40: all within the lead
    time.set(30);
    pacer.push(3); // frame 3 of the same run plays at 60, so is due at 0
    expect(pacer.release()).toEqual([3]);
    expect(pacer.playedOutAt()).toBe(80);
    expect(pacer.stats.underruns).toBe(0);
  });

  it("a poll later than a frame's play time counts a late frame and restarts the run from it (no burst)", () => {
    const time = manualClock(0);
    const pacer = new Pacer<number>({ leadMs: 20, clock: time.clock });
    for (let n = 0; n < 20; n++) pacer.push(n);
    expect(pacer.release()).toEqual([0, 1]);
    time.set(150); // frames 2… were due to play from 40 ms
    expect(pacer.release()).toEqual([2, 3]);
    expect(pacer.stats.lateFrames).toBe(1);
    time.set(170);
    expect(pacer.release()).toEqual([4]);
  });

  it("clear() drops what waits and says how many frames; markers are not frames", () => {
    const time = manualClock(0);
    const pacer = new Pacer<string>({ leadMs: 0, clock: time.clock });
    for (let n = 0; n < 5; n++) pacer.push(`f${n}`), pacer.push(`m${n}`, 0);
    expect(pacer.release()).toEqual(["f0", "m0"]);
    expect(pacer.clear()).toBe(4);
    expect(pacer.release()).toEqual([]);
    expect(pacer.nextReleaseAt()).toBeUndefined();
    time.set(7);
    pacer.push("g0");
    expect(pacer.release()).toEqual(["g0"]);
  });
});

describe("bad options are refused, naming them", () => {
  it.each([
    [{ leadMs: -1 }, RangeError, /^leadMs/],
    [{ leadMs: NaN }, RangeError, /^leadMs/],
    [{ prerollMs: "40" }, TypeError, /^prerollMs/],
    [{ frameMs: 0 }, RangeError, /^frameMs/],
    [{ frameMs: null }, TypeError, /^frameMs/],
    [{ clock: 5 }, TypeError, /^clock/],
  ] as const)("%o", (options, errorClass, message) => {
    expect(() => new Pacer(options as never)).toThrow(errorClass);
    expect(() => new Pacer(options as never)).toThrow(message);
  });
  it("push(item, 2) is a RangeError naming frames", () => {
    expect(() => new Pacer().push(1, 2 as never)).toThrow(/^frames must be 0 or 1/);
  });
});
