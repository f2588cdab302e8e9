// Argument checks shared by the API. Each names the argument it rejects:
// TypeError for a wrong type, RangeError for a wrong size or value.
//
// Typed arrays are recognised by their own tag (the internal
// [[TypedArrayName]] that %TypedArray%.prototype[@@toStringTag] reads), not
// by `instanceof`: arrays made in another realm (vm contexts, iframes, Jest)
// fail `instanceof` here, yet are as good as local ones.

const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)!.get!;

/** "Uint8Array", "Int16Array"… for a typed array from any realm; undefined for anything else. */
function tagOf(value: unknown): string | undefined {
  return typedArrayTag.call(value) as string | undefined;
}

export function isSamples(value: unknown): value is Int16Array {
  return tagOf(value) === "Int16Array";
}

export function isBytes(value: unknown): value is Uint8Array {
  return tagOf(value) === "Uint8Array";
}

function withArticle(noun: string): string {
  return `${/^([aeio]|u(?!int))/i.test(noun) ? "an" : "a"} ${noun}`; // an Int16Array, a Uint8Array, an undefined
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a plain Array";
  const tag = tagOf(value);
  if (tag !== undefined) return withArticle(tag);
  if (typeof value === "object") return withArticle((value as object).constructor?.name ?? "object");
  return withArticle(typeof value);
}

/** `value` must be a Uint8Array (a Node Buffer is one). */
export function checkBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!isBytes(value)) throw new TypeError(`${name} must be a Uint8Array, got ${describe(value)}`);
}

/** `value` must be an Int16Array. */
export function checkSamples(value: unknown, name: string): asserts value is Int16Array {
  if (!isSamples(value)) throw new TypeError(`${name} must be an Int16Array, got ${describe(value)}`);
}

/**
 * `value` must be PCM16: an Int16Array, or little-endian bytes in a
 * Uint8Array at any byteOffset (an even count of them). Returns the sample count.
 */
export function checkPcm16(value: unknown, name: string): number {
  if (isSamples(value)) return value.length;
  if (isBytes(value)) {
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

/** `options` must be an object, or omitted (then every option takes its default). */
export function checkOptions(options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  return options as Record<string, unknown>;
}
