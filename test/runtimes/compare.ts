// Comparing one runtime's checks.mjs result with Node's main thread's.
import { expect } from "vitest";
import type { CheckResult } from "./checks.mjs";

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
