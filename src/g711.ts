// G.711 μ-law and A-law, stateless, bit-exact with ITU-T G.191.
// Each call copies the input into the wasm scratch region, runs one kernel
// over it and copies the result out; inputs longer than the region are
// looped through it, so any length works and wasm memory never grows.

import { unaliased } from "./_aliasing.js";
import { checkBytes, checkPcm16 } from "./errors.js";
import { codesTarget, samplesTarget } from "./_targets.js";
import { bytesView, heap, samplesView, ScratchView, wasm, type Kernels } from "./wasm.js";

type CodecKernel = (k: Kernels, src: number, dst: number, count: number) => void;

const decoded = new ScratchView(samplesView);
const encoded = new ScratchView(bytesView);

const ulawDecodeKernel: CodecKernel = (k, src, dst, count) => k.ulawDecode(src, dst, count);
const alawDecodeKernel: CodecKernel = (k, src, dst, count) => k.alawDecode(src, dst, count);
const ulawEncodeKernel: CodecKernel = (k, src, dst, count) => k.ulawEncode(src, dst, count);
const alawEncodeKernel: CodecKernel = (k, src, dst, count) => k.alawEncode(src, dst, count);

function decode<B extends ArrayBufferLike>(
  kernel: CodecKernel,
  src: Uint8Array,
  dst: Int16Array<B> | undefined,
): Int16Array<B> {
  const k = wasm();
  checkBytes(src, "src");
  const count = src.length;
  const out = samplesTarget(dst, count);
  const inPtr = heap.scratchIn;
  const outPtr = heap.scratchOut;
  const chunk = heap.scratchBytes >> 1; // output is 2 bytes a sample
  if (count > chunk) src = unaliased(src, out);
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    heap.u8.set(n === count ? src : src.subarray(start, start + n), inPtr);
    kernel(k, inPtr, outPtr, n);
    out.set(decoded.at(outPtr, n), start);
  }
  return out;
}

function encode<B extends ArrayBufferLike>(
  kernel: CodecKernel,
  src: Int16Array | Uint8Array,
  dst: Uint8Array<B> | undefined,
): Uint8Array<B> {
  const k = wasm();
  const count = checkPcm16(src, "src");
  const out = codesTarget(dst, count);
  const inPtr = heap.scratchIn;
  const outPtr = heap.scratchOut;
  const chunk = heap.scratchBytes >> 1; // input is 2 bytes a sample
  if (count > chunk) src = unaliased(src, out);
  const srcBytes = src instanceof Uint8Array;
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    if (srcBytes) heap.u8.set(n === count ? src : src.subarray(2 * start, 2 * (start + n)), inPtr);
    else heap.i16.set(n === count ? src : src.subarray(start, start + n), inPtr >> 1);
    kernel(k, inPtr, outPtr, n);
    out.set(encoded.at(outPtr, n), start);
  }
  return out;
}

/**
 * Decodes G.711 μ-law codes to PCM16 samples (ITU-T G.711 Table 2, as
 * G.191's `ulaw_expand`).
 *
 * @param src μ-law codes, one byte a sample.
 * @param dst where to write the samples (at least `src.length`); omitted, a
 *   new array. With `dst` nothing is allocated.
 * @returns the samples: `dst` itself when it is exactly as long as `src`,
 *   otherwise the view of its first `src.length` samples.
 * @throws Error before `init()`; TypeError if `src` is not a Uint8Array or
 *   `dst` not an Int16Array; RangeError if `dst` is too short.
 * @example
 *   const pcm = ulawDecode(Buffer.from(msg.media.payload, "base64"));
 */
export function ulawDecode<B extends ArrayBufferLike = ArrayBuffer>(
  src: Uint8Array,
  dst?: Int16Array<B>,
): Int16Array<B> {
  return decode(ulawDecodeKernel, src, dst);
}

/**
 * Decodes G.711 A-law codes to PCM16 samples (as G.191's `alaw_expand`).
 * Arguments, result and errors as for {@link ulawDecode}.
 */
export function alawDecode<B extends ArrayBufferLike = ArrayBuffer>(
  src: Uint8Array,
  dst?: Int16Array<B>,
): Int16Array<B> {
  return decode(alawDecodeKernel, src, dst);
}

/**
 * Encodes PCM16 samples to G.711 μ-law codes, bit-exact with G.191's
 * `ulaw_compress` (the sample is truncated to 14 bits, not rounded).
 *
 * @param src samples: an Int16Array, or PCM16 little-endian bytes in a
 *   Uint8Array at any byteOffset (an even count).
 * @param dst where to write the codes (at least one byte a sample); omitted, a
 *   new array. With `dst` nothing is allocated.
 * @returns the codes: `dst` itself when it is exactly as long as needed,
 *   otherwise the view of its first bytes.
 * @throws Error before `init()`; TypeError if `src` or `dst` has the wrong
 *   type; RangeError for an odd byte count in `src` or a too short `dst`.
 */
export function ulawEncode<B extends ArrayBufferLike = ArrayBuffer>(
  src: Int16Array | Uint8Array,
  dst?: Uint8Array<B>,
): Uint8Array<B> {
  return encode(ulawEncodeKernel, src, dst);
}

/**
 * Encodes PCM16 samples to G.711 A-law codes, bit-exact with G.191's
 * `alaw_compress` (truncated to 13 bits). Arguments, result and errors as for
 * {@link ulawEncode}.
 */
export function alawEncode<B extends ArrayBufferLike = ArrayBuffer>(
  src: Int16Array | Uint8Array,
  dst?: Uint8Array<B>,
): Uint8Array<B> {
  return encode(alawEncodeKernel, src, dst);
}
