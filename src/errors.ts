// Input checks shared by the API. Each names the argument it rejects:
// TypeError for a wrong type, RangeError for a wrong size or value.

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a plain Array";
  if (typeof value === "object") return `a ${(value as object).constructor?.name ?? "object"}`;
  return `a ${typeof value}`;
}

/** `value` must be a Uint8Array (a Node Buffer is one). */
export function checkBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${name} must be a Uint8Array, got ${describe(value)}`);
  }
}

/** `value` must be an Int16Array. */
export function checkSamples(value: unknown, name: string): asserts value is Int16Array {
  if (!(value instanceof Int16Array)) {
    throw new TypeError(`${name} must be an Int16Array, got ${describe(value)}`);
  }
}

/**
 * `value` must be PCM16: an Int16Array, or little-endian bytes in a
 * Uint8Array at any byteOffset (an even count of them). Returns the sample count.
 */
export function checkPcm16(value: unknown, name: string): number {
  if (value instanceof Int16Array) return value.length;
  if (value instanceof Uint8Array) {
    if ((value.length & 1) !== 0) {
      throw new RangeError(
        `${name} holds ${value.length} bytes of PCM16LE: an odd count, not a whole number of samples`,
      );
    }
    return value.length >> 1;
  }
  throw new TypeError(
    `${name} must be an Int16Array or a Uint8Array of PCM16 little-endian bytes, got ${describe(value)}`,
  );
}

/** `dst` must hold at least `needed` elements. */
export function checkRoom(dst: { length: number }, needed: number, name: string, unit: string): void {
  if (dst.length < needed) {
    throw new RangeError(`${name} is too short: needs ${needed} ${unit}, has ${dst.length}`);
  }
}
