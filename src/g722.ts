// G.722 wideband (HD voice) streams: 16 kHz PCM16 ⇄ 64 kbit/s SB-ADPCM
// octets, bit-exact with the ITU-T test vectors (assembly/g722.ts). One state
// block in the shared wasm instance per stream, one kernel call per chunk
// (per scratch-sized piece of a long chunk), the same life cycle and argument
// rules as the other streams.

import { checkBytes, checkOptions, checkPcm16 } from "./_arguments.js";
import type { Kernels } from "./_kernels.js";
import { checkLive, disposeSymbol, freeState, holdState, type StateBlocks } from "./_life-cycle.js";
import { kernels } from "./_load.js";
import { bytesView, heap, samplesView, ScratchView, throughScratch, type ScratchKernel } from "./_memory.js";
import { codesTarget, samplesTarget } from "./_output-arrays.js";

/** The decoder's bit rate: 1 = 64, 2 = 56, 3 = 48 kbit/s (drops 0, 1, 2 LSBs of each lower-band code). */
export type G722Mode = 1 | 2 | 3;

export interface G722DecoderOptions {
  /** 1 (64 kbit/s, the default and what RTP carries), 2 (56) or 3 (48). */
  mode?: G722Mode;
}

/** No options yet: the encoder runs at 64 kbit/s, as RTP carries G.722. */
export type G722EncoderOptions = Record<string, never>;


/** The `mode` option (named `name` in errors): omitted is 1 (64 kbit/s). */
export function checkMode(value: unknown, name = "mode"): G722Mode {
  if (value === undefined) return 1;
  if (typeof value !== "number") throw new TypeError(`${name} must be 1, 2 or 3, got ${value === null ? "null" : typeof value}`);
  if (value !== 1 && value !== 2 && value !== 3) throw new RangeError(`${name} must be 1 (64 kbit/s), 2 (56) or 3 (48), got ${value}`);
  return value;
}

function checkCount(count: unknown): number {
  if (typeof count !== "number") throw new TypeError(`count must be a number, got ${typeof count}`);
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  return count;
}

/** The life cycle both directions share. */
abstract class G722Stream {
  readonly #kernels: Kernels;
  #state: number;
  readonly #blocks: StateBlocks;

  protected constructor(mode: number) {
    const k = kernels();
    this.#kernels = k;
    const state = k.g722Create(mode);
    this.#state = state;
    heap.refresh(k.memory); // allocation may have grown memory
    this.#blocks = holdState(this, k.g722StateBytes(), () => k.g722Destroy(state));
  }

  /** True once `dispose()` has run. */
  get disposed(): boolean {
    return this.#state === 0;
  }

  protected get state(): number {
    return this.#state;
  }

  /** Back to the state of a new stream (ITU reset: silent predictors, empty QMF, nothing carried). */
  reset(): void {
    this.checkLive();
    this.#kernels.g722Reset(this.#state);
  }

  /** Frees the stream's state block. Idempotent; any later call but dispose() throws. */
  dispose(): void {
    if (this.#state === 0) return;
    freeState(this.#blocks);
    this.#state = 0;
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  protected checkLive(): void {
    checkLive(this.#state === 0, this.constructor.name);
  }
}

/**
 * PCM16 at 16 kHz in, G.722 at 64 kbit/s out: one octet per two samples,
 * packed as RFC 3551 puts G.722 in RTP (higher band in bits 7–6, lower band
 * in bits 5–0). A 20 ms frame is 320 samples in, 160 octets out.
 *
 * An odd sample count is fine: the last sample is carried to the next call
 * and paired with its first (`outputLength` counts it), so any split of the
 * input gives the same octets, bit for bit, as one call. At the end of a
 * stream a carried sample is dropped (G.722 codes pairs only).
 *
 * RTP trap: G.722's RTP clock rate is 8000 (RFC 3551, kept for historic
 * reasons) although the audio is sampled at 16 kHz: a 20 ms packet advances
 * the RTP timestamp by 160, not 320.
 * @example
 *   const encoder = new G722Encoder();
 *   const octets = encoder.process(pcm16k320);   // 160 octets
 */
export class G722Encoder extends G722Stream {
  readonly #kernels = kernels();
  #piece = 0;
  readonly #outputView = new ScratchView(bytesView);
  readonly #run: ScratchKernel;

  constructor(options?: G722EncoderOptions) {
    checkOptions(options);
    super(0);
    const k = this.#kernels;
    const state = this.state;
    this.#piece = heap.scratchBytes >> 1; // PCM16 samples the input region holds
    this.#run = (inPtr, count, outPtr) => k.g722Encode(state, inPtr, count, outPtr);
  }

  /**
   * How many octets `count` more input samples give (counting a sample
   * carried from the last call).
   * @throws TypeError/RangeError unless `count` is a non-negative safe integer; Error after dispose().
   */
  outputLength(count: number): number {
    this.checkLive();
    return (this.#kernels.g722Carried(this.state) + checkCount(count)) >> 1;
  }

  /**
   * Encodes the next chunk: an Int16Array, or PCM16 little-endian bytes at
   * any byteOffset (an even count of bytes). Returns the octets, in `dst`
   * (cut to length) when given.
   * @throws TypeError/RangeError naming the argument (the stream is then unchanged); Error after dispose().
   */
  process<B extends ArrayBufferLike = ArrayBuffer>(src: Int16Array | Uint8Array, dst?: Uint8Array<B>): Uint8Array<B> {
    this.checkLive();
    const count = checkPcm16(src, "src");
    const out = codesTarget(dst, (this.#kernels.g722Carried(this.state) + count) >> 1);
    throughScratch(src, count, 2, this.#piece, this.#run, out, this.#outputView);
    return out;
  }
}

/**
 * G.722 octets in, PCM16 at 16 kHz out: two samples per octet (160 octets,
 * one 20 ms RTP packet, give 320 samples). `mode` 2 or 3 decodes 56 or
 * 48 kbit/s streams (the lower band's 1 or 2 least significant bits unused).
 * Any split of the input gives the same samples, bit for bit, as one call.
 *
 * RTP trap: the RTP clock rate of G.722 is 8000 although the audio is 16 kHz
 * (RFC 3551): timestamps count octets, not samples.
 * @example
 *   const decoder = new G722Decoder();
 *   const pcm = decoder.process(payload160);     // 320 samples at 16 kHz
 */
export class G722Decoder extends G722Stream {
  readonly mode: G722Mode;
  #piece = 0;
  readonly #outputView = new ScratchView(samplesView);
  readonly #run: ScratchKernel;

  constructor(options?: G722DecoderOptions) {
    const given = checkOptions(options);
    const mode = checkMode(given.mode);
    super(mode);
    this.mode = mode;
    const k = kernels();
    const state = this.state;
    this.#piece = heap.scratchBytes >> 2; // octets whose samples the output region holds
    this.#run = (inPtr, count, outPtr) => k.g722Decode(state, inPtr, count, outPtr);
  }

  /**
   * How many samples `count` more octets give: 2·count.
   * @throws TypeError/RangeError unless `count` is a non-negative safe integer; Error after dispose().
   */
  outputLength(count: number): number {
    this.checkLive();
    return checkCount(count) * 2;
  }

  /**
   * Decodes the next chunk of octets. Returns the samples, in `dst` (cut to
   * length) when given.
   * @throws TypeError/RangeError naming the argument (the stream is then unchanged); Error after dispose().
   */
  process<B extends ArrayBufferLike = ArrayBuffer>(src: Uint8Array, dst?: Int16Array<B>): Int16Array<B> {
    this.checkLive();
    checkBytes(src, "src");
    const out = samplesTarget(dst, src.length * 2);
    throughScratch(src, src.length, 1, this.#piece, this.#run, out, this.#outputView);
    return out;
  }
}
