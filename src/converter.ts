// One byte-level converter between any two wire formats: G.711 (μ-law,
// A-law) at 8 kHz and L16 in either byte order at the resampler's rates. One
// kernel call per chunk decodes (or byte-swaps) on the way in, resamples, and
// encodes (or byte-swaps) on the way out; the same format at the same rate is
// a copy. Output is identical, bit for bit, to the composition of the
// functions below it (decode, Resampler, encode, byte swap).

import { checkBytes } from "./_arguments.js";
import { SampleFormat } from "./_kernels.js";
import { codesTarget } from "./_output-arrays.js";
import { checkQuality, type Quality } from "./_quality.js";
import { checkPair, checkRate, G711_RATE } from "./_rates.js";
import { StreamOwner } from "./_stream.js";

/** How a wire carries audio: G.711 codes, or PCM16 little-endian (`l16le`) or network order (`l16be`). */
export type Encoding = "ulaw" | "alaw" | "l16le" | "l16be";

/** An encoding and its rate in Hz: G.711 is 8000 only (the default when omitted); L16 takes any rate the Resampler does. */
export type WireFormat = { readonly encoding: "ulaw" | "alaw"; readonly rate?: number } | { readonly encoding: "l16le" | "l16be"; readonly rate: number };

export interface ConverterOptions {
  from: WireFormat;
  to: WireFormat;
  /** Filter preset when the rates differ; `voice` when omitted. */
  quality?: Quality;
}

/** What the kernel reads or writes for each encoding, and its bytes a sample. (G.722, stateful, will need its own stage.) */
const ENCODINGS: Record<Encoding, { readonly format: SampleFormat; readonly width: 1 | 2; readonly onlyRate?: number }> = {
  ulaw: { format: SampleFormat.Ulaw, width: 1, onlyRate: G711_RATE },
  alaw: { format: SampleFormat.Alaw, width: 1, onlyRate: G711_RATE },
  l16le: { format: SampleFormat.Pcm16, width: 2 },
  l16be: { format: SampleFormat.L16be, width: 2 },
};

function checkWireFormat(value: unknown, name: string): { encoding: Encoding; rate: number } {
  if (typeof value !== "object" || value === null) {
    throw new TypeError(`${name} must be a wire format { encoding, rate }, got ${value === null ? "null" : typeof value}`);
  }
  const given = value as { encoding?: unknown; rate?: unknown };
  if (typeof given.encoding !== "string") {
    throw new TypeError(`${name}.encoding must be a string, got ${given.encoding === null ? "null" : typeof given.encoding}`);
  }
  if (!Object.hasOwn(ENCODINGS, given.encoding)) {
    throw new RangeError(`${name}.encoding is '${given.encoding}': supported encodings are ${Object.keys(ENCODINGS).join(", ")}`);
  }
  const encoding = given.encoding as Encoding;
  const { onlyRate } = ENCODINGS[encoding];
  const rate = checkRate(given.rate === undefined && onlyRate !== undefined ? onlyRate : given.rate, `${name}.rate`);
  if (onlyRate !== undefined && rate !== onlyRate) {
    throw new RangeError(`${name}.rate is ${rate} Hz: ${encoding} is ${onlyRate} Hz only`);
  }
  return { encoding, rate };
}

function checkConverterOptions(options: unknown) {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  const given = options as { from?: unknown; to?: unknown; quality?: unknown };
  const from = checkWireFormat(given.from, "from");
  const to = checkWireFormat(given.to, "to");
  checkPair(from.rate, to.rate);
  return { from, to, quality: checkQuality(given.quality, "quality") };
}

/**
 * Converts a stream of audio bytes from one wire format to another: μ-law
 * or A-law at 8 kHz, L16 little-endian (`l16le`: Vonage, Exotel,
 * AudioSocket, jambonz, FreeSWITCH, OpenAI Realtime) or big-endian (`l16be`:
 * RTP, Telnyx L16) at 8–48 kHz.
 *
 * - One wasm call per chunk: decode or byte swap, resample, encode or byte
 *   swap, fused. The same encoding at the same rate is a copy.
 * - Output equals, bit for bit, decode (ulawDecode/alawDecode, or the bytes
 *   read in their order) → Resampler (when the rates differ) → encode.
 * - L16 input of an odd byte count: the last byte (half a sample) waits for
 *   the next chunk; `flush()` and `reset()` drop it.
 * - `delay`: output samples (at `to.rate`) by which the output lags; `flush()`
 *   returns the tail the filter holds. The stream is then as new.
 *
 * @example
 *   const toModel = new Converter({ from: { encoding: "ulaw", rate: 8000 }, to: { encoding: "l16le", rate: 16000 } });
 *   const out = new Uint8Array(640);
 *   toModel.process(codes160, out); // 320 samples of PCM16LE, no allocation
 */
export class Converter extends StreamOwner {
  readonly from: { readonly encoding: Encoding; readonly rate: number };
  readonly to: { readonly encoding: Encoding; readonly rate: number };
  readonly quality: Quality;
  /** Bytes a sample in and out. */
  readonly #inWidth: 1 | 2;
  readonly #outWidth: 1 | 2;
  /** The same format both sides: bytes are copied, the kernel is not called. */
  readonly #copy: boolean;
  /** The odd byte of L16 input waiting for its other half, or -1. */
  #carried = -1;
  /** The carried byte and the chunk's whole samples, when a byte is carried (grown, never shrunk). */
  #joined = new Uint8Array(0);

  /**
   * @throws TypeError if `options`, `from` or `to` is not an object, or an
   *   encoding is not a string or a rate not a number; RangeError naming an
   *   unknown encoding, an unsupported rate or pair, G.711 at a rate other
   *   than 8000, or an unknown `quality`; Error before `init()`.
   */
  constructor(options: ConverterOptions) {
    const { from, to, quality } = checkConverterOptions(options);
    const input = ENCODINGS[from.encoding];
    const output = ENCODINGS[to.encoding];
    super(from.rate, to.rate, quality, input.format, output.format, true);
    this.from = Object.freeze(from);
    this.to = Object.freeze(to);
    this.quality = quality;
    this.#inWidth = input.width;
    this.#outWidth = output.width;
    this.#copy = from.encoding === to.encoding && from.rate === to.rate;
  }

  /**
   * How many bytes `process()` returns for `bytes` more input bytes (a byte
   * carried from the last chunk counted).
   * @throws TypeError/RangeError unless `bytes` is a non-negative safe integer; Error after dispose().
   */
  override outputLength(bytes: number): number {
    this.checkLive();
    if (typeof bytes !== "number") throw new TypeError(`bytes must be a number of bytes, got ${typeof bytes}`);
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`bytes must be a non-negative integer, got ${bytes}`);
    return this.#outWidth * this.stream.outputLength(this.#samplesIn(bytes));
  }

  /**
   * Converts the next chunk of the stream.
   *
   * @param src bytes in the `from` format, any count (L16: an odd byte waits for the next chunk).
   * @param dst where to write; needs `outputLength(src.length)` room. Omitted,
   *   a new array. With `dst`, nothing is allocated (but a carried L16 byte
   *   may grow an internal buffer once); the result is `dst` when exactly
   *   filled, else a view of its first bytes.
   * @throws TypeError/RangeError naming `src` or `dst`; Error after dispose().
   *   A rejected call changes nothing: the stream goes on as if it never happened.
   */
  process<B extends ArrayBufferLike = ArrayBuffer>(src: Uint8Array, dst?: Uint8Array<B>): Uint8Array<B> {
    this.checkLive();
    checkBytes(src, "src");
    const count = this.#samplesIn(src.length);
    const out = codesTarget(dst, this.#outWidth * this.stream.outputLength(count));
    let input: Uint8Array = src;
    let carried = -1;
    if (this.#inWidth === 2) {
      const total = src.length + (this.#carried >= 0 ? 1 : 0);
      if ((total & 1) !== 0) carried = src.length > 0 ? src[src.length - 1] : this.#carried;
      if (this.#carried >= 0) input = this.#join(src, 2 * count);
      else if (src.length !== 2 * count) input = src.subarray(0, 2 * count); // a whole frame allocates no view
    }
    if (this.#copy) out.set(input);
    else this.stream.process(input, count, out);
    this.#carried = carried;
    return out;
  }

  /**
   * Drains the filter: the `ceil(delay)` output samples still held, as if
   * silence followed the input (none for a copy). A carried half sample is
   * dropped. The stream is then as new (like `reset()`).
   *
   * @param dst where to write; needs `ceil(delay)` samples' room in bytes. Omitted, a new array.
   */
  flush<B extends ArrayBufferLike = ArrayBuffer>(dst?: Uint8Array<B>): Uint8Array<B> {
    this.checkLive();
    const out = codesTarget(dst, this.#outWidth * Math.ceil(this.delay));
    this.stream.flush(out);
    this.#carried = -1;
    return out;
  }

  /** Back to the state of a new stream: silent history, no carried byte. */
  override reset(): void {
    super.reset();
    this.#carried = -1;
  }

  /** Input samples that `bytes` more bytes complete. */
  #samplesIn(bytes: number): number {
    return this.#inWidth === 1 ? bytes : (bytes + (this.#carried >= 0 ? 1 : 0)) >> 1;
  }

  /** The carried byte, then the first `length − 1` bytes of `src`. */
  #join(src: Uint8Array, length: number): Uint8Array {
    if (this.#joined.length < length) this.#joined = new Uint8Array(Math.max(length, 2 * this.#joined.length));
    const joined = this.#joined.subarray(0, length);
    if (length > 0) {
      joined[0] = this.#carried;
      joined.set(src.subarray(0, length - 1), 1);
    }
    return joined;
  }
}
