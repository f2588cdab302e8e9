// src/design/portable-math.ts: the filter design's sin/cos/exp/log, built
// from IEEE-exact operations so every engine designs the same taps. Checked
// against the engine's Math (a different implementation of the same
// functions) to a few units in the last place, over the ranges the design
// uses and beyond.

import { describe, expect, it } from "vitest";
import { cos, exp, exp10, hypot, log, log10, pow, sin } from "../src/design/portable-math.js";

/** |a − b| in units of the last place of b. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const spacing = Math.max(Number.MIN_VALUE, Math.abs(b) * Number.EPSILON);
  return Math.abs(a - b) / spacing;
}

function samples(from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + ((to - from) * (i + 0.37)) / count);
}

describe("portable math against the engine's Math", () => {
  it("sin and cos: within 2 ulp, or 1e-16 absolute near their zeros, for |x| ≤ 1000", () => {
    for (const x of [...samples(-7, 7, 20000), ...samples(-1000, 1000, 20000)]) {
      for (const [mine, theirs] of [[sin(x), Math.sin(x)], [cos(x), Math.cos(x)]]) {
        if (Math.abs(theirs) > 1e-3) expect(ulps(mine, theirs)).toBeLessThanOrEqual(2);
        else expect(Math.abs(mine - theirs)).toBeLessThan(1e-16);
      }
    }
    expect([sin(0), cos(0)]).toEqual([0, 1]);
  });

  it("exp: within 2 ulp on [-700, 700]; exp(0) = 1; under- and overflow", () => {
    for (const x of [...samples(-1, 1, 20000), ...samples(-700, 700, 20000)]) expect(ulps(exp(x), Math.exp(x))).toBeLessThanOrEqual(2);
    expect(exp(0)).toBe(1);
    expect(exp(-800)).toBe(0);
    expect(exp(800)).toBe(Infinity);
  });

  it("log: within 2 ulp from subnormals to 1e300; log(1) = 0; log(0) = −∞", () => {
    const xs = [...samples(0.5, 2, 20000), ...samples(1e-9, 1e3, 20000), 5e-324, 1e-310, 1e-200, 1e300];
    for (const x of xs) {
      const theirs = Math.log(x);
      if (Math.abs(theirs) > 1e-3) expect(ulps(log(x), theirs)).toBeLessThanOrEqual(2);
      else expect(Math.abs(log(x) - theirs)).toBeLessThan(1e-18);
    }
    expect(log(1)).toBe(0);
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
  });

  it("exp10, pow, log10, hypot: within 1e-14 relative over the design's ranges", () => {
    for (const db of samples(-240, 20, 2000)) expect(Math.abs(exp10(db / 20) / 10 ** (db / 20) - 1)).toBeLessThan(1e-14);
    for (const a of samples(0, 150, 2000)) expect(Math.abs(pow(a, 0.4) / a ** 0.4 - 1)).toBeLessThan(1e-14);
    for (const x of samples(1e-12, 1e3, 2000)) expect(Math.abs(log10(x) - Math.log10(x))).toBeLessThan(1e-14);
    for (const a of samples(-3, 3, 200)) for (const b of samples(-3, 3, 50)) expect(ulps(hypot(a, b), Math.hypot(a, b))).toBeLessThanOrEqual(2);
  });

  it("sin/cos refuse arguments where their reduction loses accuracy", () => {
    expect(() => sin(1e7)).toThrow(RangeError);
  });
});
