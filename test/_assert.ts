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

export type ErrorClass = typeof TypeError | typeof RangeError | typeof Error;

/** `call` throws an `errorClass` (exactly that class, not a subclass) whose message matches `message`. */
export function expectRejected(call: () => unknown, errorClass: ErrorClass, message: RegExp): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected ${errorClass.name} ${message}`).toBeInstanceOf(Error);
  expect((thrown as Error).constructor, `${String(thrown)}`).toBe(errorClass);
  expect((thrown as Error).message).toMatch(message);
}
