import { expect } from "vitest";

type NumericArray = ArrayLike<number> & { readonly constructor: { name: string } };

/**
 * Asserts two arrays hold the same values, reporting the first difference
 * (much faster than toEqual on 65,536-element typed arrays).
 */
export function expectSameValues(actual: NumericArray, expected: NumericArray): void {
  expect(actual.constructor.name).toBe(expected.constructor.name);
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      expect.fail(`element ${i}: got ${actual[i]}, expected ${expected[i]}`);
    }
  }
}
