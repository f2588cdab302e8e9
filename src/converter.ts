// One byte-level converter between any two wire formats: G.711 (μ-law,
// A-law) at 8 kHz, G.722 at 16 kHz and L16 in either byte order at the
// resampler's rates. One kernel call per chunk decodes (or byte-swaps) on the
// way in, resamples, and encodes (or byte-swaps) on the way out; the same
// format at the same rate is a copy. Output is identical, bit for bit, to the
// composition of the functions below it (decode, Resampler, encode, byte swap).

import { checkBytes } from "./_arguments.js";
import { FromG722, G722_RATE, ToG722, type ByteStage } from "./_g722-stage.js";
import { SampleFormat } from "./_kernels.js";
import { disposeSymbol, checkLive } from "./_life-cycle.js";
import { codesTarget } from "./_output-arrays.js";
import { checkQuality, type Quality } from "./_quality.js";
import { checkPair, checkRate, G711_RATE } from "./_rates.js";
import { Stream } from "./_stream.js";
import { checkMode, type G722Mode } from "./g722.js";

/** How a wire carries audio: G.711 codes, PCM16 little-endian (`l16le`) or network order (`l16be`), or G.722 octets. */
export type Encoding = "ulaw" | "alaw" | "l16le" | "l16be" | "g722";

/**
 * An encoding and its rate in Hz: G.711 is 8000 only and G.722 16000 only
 * (the defaults when omitted); L16 takes any rate the Resampler does. G.722's
 * `mode` is the decoder's bit rate (1 = 64 kbit/s, the default; 2 = 56; 3 =
 * 48); the encoder writes 64 kbit/s only, so a `to` takes mode 1 alone.
 */
export type WireFormat =
  | { readonly encoding: "ulaw" | "alaw"; readonly rate?: number }
  | { readonly encoding: "l16le" | "l16be"; readonly rate: number }
  | { readonly encoding: "g722"; readonly rate?: number; readonly mode?: G722Mode };

/** A checked wire format; `mode` only for G.722. */
export interface CheckedFormat {
  readonly encoding: Encoding;
  readonly rate: number;
  readonly mode?: G722Mode;
}

export interface ConverterOptions {
  from: WireFormat;
  to: WireFormat;
  /** Filter preset when the rates differ; `voice` when omitted. */
  quality?: Quality;
}

/**
 * What the resampler kernel reads or writes for each encoding, and its bytes
 * a sample (an octet, two 16 kHz samples, for G.722, whose own stage
 * (src/_g722-stage.ts) stands between the codec and the resampler).
 */
const ENCODINGS: Record<Encoding, { readonly format: SampleFormat; readonly width: 1 | 2; readonly onlyRate?: number }> = {
  ulaw: { format: SampleFormat.Ulaw, width: 1, onlyRate: G711_RATE },
  alaw: { format: SampleFormat.Alaw, width: 1, onlyRate: G711_RATE },
  l16le: { format: SampleFormat.Pcm16, width: 2 },
  l16be: { format: SampleFormat.L16be, width: 2 },
  g722: { format: SampleFormat.Pcm16, width: 1, onlyRate: G722_RATE },
};

function checkWireFormat(value: unknown, name: string): CheckedFormat {
  if (typeof value !== "object" || value === null) {
    throw new TypeError(`${name} must be a wire format { encoding, rate }, got ${value === null ? "null" : typeof value}`);
  }
  const given = value as { encoding?: unknown; rate?: unknown; mode?: unknown };
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
  if (encoding !== "g722") return { encoding, rate };
  const mode = checkMode(given.mode, `${name}.mode`);
  if (name === "to" && mode !== 1) throw new RangeError(`to.mode is ${mode}: the G.722 encoder writes 64 kbit/s (mode 1) only`);
  return { encoding, rate, mode };
}

function checkConverterOptions(options: unknown) {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  const given = options as { from?: unknown; to?: unknown; quality?: unknown };
  const from = checkWireFormat(given.from, "from");
  const to = checkWireFormat(given.to, "to");
  checkPair(from.rate, to.rate);
  return { from, to, quality: checkQuality(given.quality, "quality") };
}

/** The plain path (no G.722): the resampling engine, bytes out. */
class PlainStage implements ByteStage {
  readonly delay: number;
  readonly #stream: Stream;
  readonly #width: 1 | 2;

  constructor(from: CheckedFormat, to: CheckedFormat, quality: Quality, owner: object) {
    this.#stream = new Stream(from.rate, to.rate, quality, ENCODINGS[from.encoding].format, ENCODINGS[to.encoding].format, true, owner);
    this.#width = ENCODINGS[to.encoding].width;
    this.delay = this.#stream.delay;
  }

  get disposed(): boolean {
    return this.#stream.disposed;
  }

  outputBytes(count: number): number {
    return this.#width * this.#stream.outputLength(count);
  }

  flushBytes(): number {
    return this.#width * Math.ceil(this.delay);
  }

  process(src: Uint8Array, count: number, out: Uint8Array): void {
    this.#stream.process(src, count, out);
  }

  flush(out: Uint8Array): void {
    this.#stream.flush(out);
  }

  reset(): void {
    this.#stream.reset();
  }

  dispose(): void {
    this.#stream.dispose();
  }
}

/** The stage for a pair: G.722 on either side takes the fused codec kernels, else the plain engine. */
function stageFor(from: CheckedFormat, to: CheckedFormat, quality: Quality, owner: object): ByteStage {
  if (from.encoding === "g722" && to.encoding !== "g722") return new FromG722(to.rate, ENCODINGS[to.encoding].format, quality, from.mode!, owner);
  if (to.encoding === "g722" && from.encoding !== "g722") return new ToG722(from.rate, ENCODINGS[from.encoding].format, quality, owner);
  return new PlainStage(from, to, quality, owner); // G.722 to G.722 is a copy: the 1:1 engine is never called
}

/**
 * Converts a stream of audio bytes from one wire format to another: μ-law
 * or A-law at 8 kHz, G.722 at 16 kHz (64 kbit/s out; 64/56/48 in), L16
 * little-endian (`l16le`: Vonage, Exotel, AudioSocket, jambonz, FreeSWITCH,
 * OpenAI Realtime) or big-endian (`l16be`: RTP, Telnyx L16) at 8–48 kHz.
 *
 * - One wasm call per chunk: decode or byte swap, resample, encode or byte
 *   swap, fused (G.722 included). The same encoding at the same rate is a
 *   copy (G.722 to G.722 too, whatever `from.mode`: the octets are kept).
 * - Output equals, bit for bit, decode (ulawDecode/alawDecode, G722Decoder,
 *   or the bytes read in their order) → Resampler (when the rates differ) →
 *   encode (ulawEncode/alawEncode, G722Encoder, or byte order).
 * - L16 input of an odd byte count: the last byte (half a sample) waits for
 *   the next chunk; `flush()` and `reset()` drop it. G.722 output of an odd
 *   count of 16 kHz samples: the last waits for its pair, as G722Encoder's.
 * - `delay`: output samples (at `to.rate`) by which the output lags; `flush()`
 *   returns the tail the filter holds. The stream is then as new.
 *
 * @example
 *   const toModel = new Converter({ from: { encoding: "ulaw", rate: 8000 }, to: { encoding: "l16le", rate: 16000 } });
 *   const out = new Uint8Array(640);
 *   toModel.process(codes160, out); // 320 samples of PCM16LE, no allocation
 */
export class Converter {
  readonly from: CheckedFormat;
  readonly to: CheckedFormat;
  readonly quality: Quality;
  /** Output samples (at `to.rate`) by which the output lags the input. */
  readonly delay: number;
  readonly #stage: ByteStage;
  /** Bytes an input sample (an octet for G.722). */
  readonly #inWidth: 1 | 2;
  /** The same format both sides: bytes are copied, the kernel is not called. */
  readonly #copy: boolean;
  /** The odd byte of L16 input waiting for its other half, or -1. */
  #carried = -1;
  /** The carried byte and the chunk's whole samples, when a byte is carried (grown, never shrunk). */
  #joined = new Uint8Array(0);

  /**
   * @throws TypeError if `options`, `from` or `to` is not an object, or an
   *   encoding is not a string or a rate or mode not a number; RangeError
   *   naming an unknown encoding, an unsupported rate or pair, G.711 at a
   *   rate other than 8000, G.722 at a rate other than 16000, a G.722 mode
   *   other than 1, 2, 3 (1 only for `to`), or an unknown `quality`; Error
   *   before `init()`.
   */
  constructor(options: ConverterOptions) {
    const { from, to, quality } = checkConverterOptions(options);
    this.#stage = stageFor(from, to, quality, this);
    this.from = Object.freeze(from);
    this.to = Object.freeze(to);
    this.quality = quality;
    this.delay = this.#stage.delay;
    this.#inWidth = ENCODINGS[from.encoding].width;
    this.#copy = from.encoding === to.encoding && from.rate === to.rate;
  }

  /** True once `dispose()` has run. */
  get disposed(): boolean {
    return this.#stage.disposed;
  }

  /**
   * How many bytes `process()` returns for `bytes` more input bytes (a byte
   * carried from the last chunk counted).
   * @throws TypeError/RangeError unless `bytes` is a non-negative safe integer; Error after dispose().
   */
  outputLength(bytes: number): number {
    this.#checkLive();
    if (typeof bytes !== "number") throw new TypeError(`bytes must be a number of bytes, got ${typeof bytes}`);
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`bytes must be a non-negative integer, got ${bytes}`);
    return this.#stage.outputBytes(this.#samplesIn(bytes));
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
    this.#checkLive();
    checkBytes(src, "src");
    const count = this.#samplesIn(src.length);
    const out = codesTarget(dst, this.#stage.outputBytes(count));
    let input: Uint8Array = src;
    let carried = -1;
    if (this.#inWidth === 2) {
      const total = src.length + (this.#carried >= 0 ? 1 : 0);
      if ((total & 1) !== 0) carried = src.length > 0 ? src[src.length - 1] : this.#carried;
      if (this.#carried >= 0) input = this.#join(src, 2 * count);
      else if (src.length !== 2 * count) input = src.subarray(0, 2 * count); // a whole frame allocates no view
    }
    if (this.#copy) out.set(input);
    else this.#stage.process(input, count, out);
    this.#carried = carried;
    return out;
  }

  /**
   * Drains the filter: the `ceil(delay)` output samples still held, as if
   * silence followed the input (none for a copy; for G.722 out, their
   * octets, a sample left unpaired dropped). A carried half sample is
   * dropped. The stream is then as new (like `reset()`).
   *
   * @param dst where to write; needs the tail's bytes of room. Omitted, a new array.
   */
  flush<B extends ArrayBufferLike = ArrayBuffer>(dst?: Uint8Array<B>): Uint8Array<B> {
    this.#checkLive();
    const out = codesTarget(dst, this.#copy ? 0 : this.#stage.flushBytes());
    if (!this.#copy) this.#stage.flush(out);
    this.#carried = -1;
    return out;
  }

  /** Back to the state of a new stream: silent history, no carried byte or sample. */
  reset(): void {
    this.#checkLive();
    this.#stage.reset();
    this.#carried = -1;
  }

  /** Frees the stream's state blocks. Idempotent; any later call but dispose() throws. */
  dispose(): void {
    this.#stage.dispose();
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  #checkLive(): void {
    checkLive(this.#stage.disposed, "Converter");
  }

  /** Input samples (octets) that `bytes` more bytes complete. */
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
