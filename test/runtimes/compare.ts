// Comparing one runtime's checks.mjs result with Node's main thread's.
import { expect } from "vitest";
import type { CheckResult } from "./checks.mjs";

/**
 * Results that depend on the JS engine's Math.exp/log/sin/cos in the last
 * ulp: the `low-latency` preset's minimum-phase design (cepstral method) is
 * computed at run time in float64, and V8 versions differ there (Node 20's V8
 * and Chromium 156's give different last bits for ~3–10 % of arguments).
 */
export const dependsOnEngineMath = (key: string): boolean => key.includes("low-latency");

/**
 * Where `actual` differs from `expected` on `keys`: for each key, its first
 * difference and how many elements differ. Empty when they are the same, bit
 * for bit.
 */
export function differences(actual: CheckResult, expected: CheckResult, keys = Object.keys(expected)): string[] {
  const found: string[] = [];
  const extra = Object.keys(actual).filter((key) => !(key in expected));
  if (extra.length > 0) found.push(`unexpected keys: ${extra.join(", ")}`);
  for (const key of keys) {
    const want = expected[key];
    const got = actual[key];
    if (!Array.isArray(want)) {
      if (!Object.is(got, want)) found.push(`${key}: ${String(got)}, Node gave ${String(want)}`);
      continue;
    }
    if (!Array.isArray(got)) {
      found.push(`${key}: not an array (${typeof got})`);
      continue;
    }
    if (got.length !== want.length) found.push(`${key}: ${got.length} elements, Node gave ${want.length}`);
    let first = -1;
    let count = 0;
    for (let i = 0; i < Math.min(got.length, want.length); i++) {
      if (got[i] !== want[i]) {
        if (first < 0) first = i;
        count++;
      }
    }
    if (count > 0) found.push(`${key}: ${count} of ${want.length} differ, first [${first}] = ${String(got[first])}, Node gave ${String(want[first])}`);
  }
  return found;
}

/** Same keys, and for each the same values in the same order (`keys`: only those). */
export function expectSameResults(actual: CheckResult, expected: CheckResult, where: string, keys?: string[]): void {
  expect(differences(actual, expected, keys), `${where} differs from Node's main thread`).toEqual([]);
}

/** Everything that does not depend on the engine's Math, bit for bit. */
export function expectSameExceptEngineMath(actual: CheckResult, expected: CheckResult, where: string): void {
  expectSameResults(actual, expected, where, Object.keys(expected).filter((key) => !dependsOnEngineMath(key)));
}

/**
 * The engine-dependent results are close: `delay` within 1e-6 samples,
 * PCM16 within ±1 LSB, G.711 codes equal or adjacent quantisation levels.
 */
export function expectCloseOnEngineMath(actual: CheckResult, expected: CheckResult, where: string): void {
  const keys = Object.keys(expected).filter(dependsOnEngineMath);
  expect(keys.length).toBeGreaterThan(0);
  const levels = (law: "ulaw" | "alaw") => {
    const table = expected[`${law}Decode`] as number[];
    const sorted = [...new Set(table)].sort((a, b) => a - b);
    return table.map((value) => sorted.indexOf(value));
  };
  const found: string[] = [];
  for (const key of keys) {
    const want = expected[key];
    const got = actual[key];
    if (typeof want === "number") {
      if (typeof got !== "number" || Math.abs(got - want) > 1e-6) found.push(`${key}: ${String(got)}, Node gave ${want}`);
      continue;
    }
    const level = key.includes("ToAlaw") ? levels("alaw") : key.includes("ToUlaw") ? levels("ulaw") : undefined;
    const a = got as number[];
    const b = want as number[];
    if (a.length !== b.length) found.push(`${key}: ${a.length} elements, Node gave ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const apart = level === undefined ? Math.abs(a[i] - b[i]) : Math.abs(level[a[i]] - level[b[i]]);
      if (apart > 1) {
        found.push(`${key}[${i}] = ${a[i]}, Node gave ${b[i]}`);
        break;
      }
    }
  }
  expect(found, `${where}: engine-dependent results not within one step of Node's`).toEqual([]);
}
