// Where a call writes its output: the caller's `dst` (checked, and cut to the
// exact length so the result is `dst` itself or a view of its start), or a
// new array when there is none. One rule for every function and class.

import { checkBytes, checkRoom, checkSamples } from "./_arguments.js";

export function samplesTarget<B extends ArrayBufferLike>(dst: Int16Array<B> | undefined, length: number): Int16Array<B> {
  if (dst === undefined) return new Int16Array(length) as Int16Array<B>;
  checkSamples(dst, "dst");
  checkRoom(dst, length, "dst", "samples");
  return dst.length === length ? dst : dst.subarray(0, length);
}

export function codesTarget<B extends ArrayBufferLike>(dst: Uint8Array<B> | undefined, length: number): Uint8Array<B> {
  if (dst === undefined) return new Uint8Array(length) as Uint8Array<B>;
  checkBytes(dst, "dst");
  checkRoom(dst, length, "dst", "bytes");
  return dst.length === length ? dst : dst.subarray(0, length);
}
