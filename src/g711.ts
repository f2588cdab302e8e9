// G.711 μ-law and A-law, stateless, bit-exact with ITU-T G.191.
// Each call carries the input through the wasm scratch regions (one kernel
// call per scratch-sized piece), so any length works and memory never grows.

import { checkBytes, checkPcm16 } from "./_arguments.js";
import { kernels } from "./_load.js";
import { bytesView, heap, samplesView, ScratchView, throughScratch, type ScratchKernel } from "./_memory.js";
import { codesTarget, samplesTarget } from "./_output-arrays.js";

const decoded = new ScratchView(samplesView);
const encoded = new ScratchView(bytesView);

const ulawDecodeKernel: ScratchKernel = (src, count, dst) => (kernels().ulawDecode(src, dst, count), count);
const alawDecodeKernel: ScratchKernel = (src, count, dst) => (kernels().alawDecode(src, dst, count), count);
const ulawEncodeKernel: ScratchKernel = (src, count, dst) => (kernels().ulawEncode(src, dst, count), count);
const alawEncodeKernel: ScratchKernel = (src, count, dst) => (kernels().alawEncode(src, dst, count), count);

function decode<B extends ArrayBufferLike>(kernel: ScratchKernel, src: Uint8Array, dst: Int16Array<B> | undefined): Int16Array<B> {
  kernels(); // before the arguments: "not initialised" comes first
  checkBytes(src, "src");
  const out = samplesTarget(dst, src.length);
  throughScratch(src, src.length, 1, heap.scratchBytes >> 1, kernel, out, decoded); // output: 2 bytes a sample
  return out;
}

function encode<B extends ArrayBufferLike>(kernel: ScratchKernel, src: Int16Array | Uint8Array, dst: Uint8Array<B> | undefined): Uint8Array<B> {
  kernels();
  const count = checkPcm16(src, "src");
  const out = codesTarget(dst, count);
  throughScratch(src, count, 2, heap.scratchBytes >> 1, kernel, out, encoded); // input: 2 bytes a sample
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
