// The streaming resampler: one state block in the shared wasm instance per
// stream, one kernel call per chunk (per scratch-sized piece of a long chunk).

import { checkPcm16, checkRoom, checkSamples } from "./errors.js";
import { phaseTable } from "./_filters.js";
import { checkQuality, type Quality } from "./_quality.js";
import { checkPair, checkRate, reducedRatio } from "./_rates.js";
import { heap, wasm, type Kernels } from "./wasm.js";

export type { Quality };

export interface ResamplerOptions {
  /** Input rate in Hz. */
  from: number;
  /** Output rate in Hz. */
  to: number;
  /** Filter preset; `voice` when omitted. */
  quality?: Quality;
}

/** Samples the scratch output region holds (128 KiB of PCM16). */
const SCRATCH_SAMPLES = 65536;

const disposeSymbol: typeof Symbol.dispose = Symbol.dispose ?? Symbol.for("Symbol.dispose");

// Safety net for streams dropped without dispose(): frees their state block.
const forgotten = new FinalizationRegistry<number>((state) => {
  wasm().resamplerDestroy(state);
});

/**
 * Converts a stream of PCM16 mono samples from one rate to another with a
 * polyphase FIR.
 *
 * - After every call, outputs so far number exactly `floor(inputsSoFar × to / from)`
 *   (8k→24k: 160 in, 480 out; 24k→8k: 1001 in, 333 out, the rest next time).
 * - Any split of the input into chunks gives the same samples, bit for bit.
 * - `delay`: output samples by which the output lags the input (group delay).
 * - `flush()`: the last `ceil(delay)` outputs the filter still holds; call it
 *   at the end of a stream or they are lost. The stream is then as new.
 *
 * @example
 *   const up = new Resampler({ from: 8000, to: 24000 });
 *   const out = new Int16Array(480);
 *   up.process(frame160, out); // 480 samples, no allocation
 */
export class Resampler {
  readonly from: number;
  readonly to: number;
  readonly quality: Quality;
  /** Output samples by which the output lags the input (for `low-latency`, the group delay at 0.25 × the lower Nyquist). */
  readonly delay: number;

  readonly #up: number;
  readonly #down: number;
  /** 0 when from === to (a copy). */
  #state: number;
  #disposed = false;
  /** inputsSoFar·L − outputsSoFar·M, always in [0, M). */
  #pending = 0;
  readonly #maxChunk: number;

  /**
   * @throws TypeError if `options` is not an object or a rate is not a number;
   *   RangeError for an unsupported rate or pair (the message names both) or
   *   an unknown `quality`; Error before `init()`.
   */
  constructor(options: ResamplerOptions) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError("options must be an object { from, to, quality? }");
    }
    const from = checkRate(options.from, "from");
    const to = checkRate(options.to, "to");
    checkPair(from, to);
    const quality = checkQuality(options.quality, "quality");
    const k = wasm();
    const { up, down } = reducedRatio(from, to);
    this.from = from;
    this.to = to;
    this.quality = quality;
    this.#up = up;
    this.#down = down;
    if (from === to) {
      this.#state = 0;
      this.delay = 0;
      this.#maxChunk = SCRATCH_SAMPLES;
      return;
    }
    const table = phaseTable(quality, up, down);
    this.delay = table.delay;
    this.#state = k.resamplerCreate(table.ptr, up, down, table.tapsPerPhase, table.leadingZeros);
    heap.refresh(k.memory);
    // Largest chunk whose input and output both fit the scratch regions.
    this.#maxChunk = Math.min(
      k.resamplerMaxChunk(this.#state),
      SCRATCH_SAMPLES,
      Math.floor(((SCRATCH_SAMPLES - 1) * down) / up),
    );
    forgotten.register(this, this.#state, this);
  }

  /** How many samples `process` gives for `count` more input samples. */
  outputLength(count: number): number {
    return Math.floor((this.#pending + count * this.#up) / this.#down);
  }

  /**
   * Resamples the next chunk of the stream.
   *
   * @param src PCM16 samples: an Int16Array, or little-endian bytes in a
   *   Uint8Array at any byteOffset (an even count).
   * @param dst where to write; needs `outputLength(samples)` room. Omitted, a
   *   new array. With `dst`, nothing is allocated; the result is `dst` when
   *   exactly filled, else a view of its first samples.
   * @throws TypeError/RangeError naming `src` or `dst`; Error after dispose().
   *   A rejected call changes nothing: the stream goes on as if it never happened.
   */
  process<B extends ArrayBufferLike = ArrayBuffer>(src: Int16Array | Uint8Array, dst?: Int16Array<B>): Int16Array<B> {
    const k = this.#kernels();
    const count = checkPcm16(src, "src");
    const total = this.outputLength(count);
    const out = this.#target(dst, total);
    if (this.#state === 0) {
      if (src instanceof Int16Array) out.set(src);
      else for (let i = 0; i < count; i++) out[i] = (src[2 * i] | (src[2 * i + 1] << 8)) << 16 >> 16;
      return out;
    }
    heap.refresh(k.memory);
    const inPtr = k.scratchInPtr();
    const outPtr = k.scratchOutPtr();
    const bytes = src instanceof Uint8Array;
    let written = 0;
    for (let start = 0; start < count; start += this.#maxChunk) {
      const n = Math.min(this.#maxChunk, count - start);
      if (bytes) heap.u8.set(n === count ? src : src.subarray(2 * start, 2 * (start + n)), inPtr);
      else heap.i16.set(n === count ? src : src.subarray(start, start + n), inPtr >> 1);
      const produced = k.resamplerProcess(this.#state, inPtr, n, outPtr);
      out.set(heap.samplesAt(outPtr, produced), written);
      written += produced;
    }
    this.#pending = this.#pending + count * this.#up - total * this.#down;
    return out;
  }

  /**
   * Drains the filter: the `ceil(delay)` output samples still held, as if
   * silence followed the input. The stream is then as new (like `reset()`).
   *
   * @param dst where to write; needs `ceil(delay)` room. Omitted, a new array.
   */
  flush<B extends ArrayBufferLike = ArrayBuffer>(dst?: Int16Array<B>): Int16Array<B> {
    const k = this.#kernels();
    const tail = Math.ceil(this.delay);
    const out = this.#target(dst, tail);
    if (tail === 0) return out;
    heap.refresh(k.memory);
    const inPtr = k.scratchInPtr();
    const outPtr = k.scratchOutPtr();
    // Enough silence to complete `tail` more outputs.
    const zeros = Math.max(0, Math.ceil((tail * this.#down - this.#pending) / this.#up));
    heap.i16.fill(0, inPtr >> 1, (inPtr >> 1) + zeros);
    k.resamplerProcess(this.#state, inPtr, zeros, outPtr);
    out.set(heap.samplesAt(outPtr, tail));
    this.reset();
    return out;
  }

  /** Back to the state of a new stream: silence history, no pending input. */
  reset(): void {
    const k = this.#kernels();
    if (this.#state !== 0) k.resamplerReset(this.#state);
    this.#pending = 0;
  }

  /** Frees the stream's state block. Idempotent; any later call but dispose() throws. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#state !== 0) {
      forgotten.unregister(this);
      wasm().resamplerDestroy(this.#state);
      this.#state = 0;
    }
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  #kernels(): Kernels {
    if (this.#disposed) throw new Error("this Resampler was disposed: create a new one");
    return wasm();
  }

  #target<B extends ArrayBufferLike>(dst: Int16Array<B> | undefined, length: number): Int16Array<B> {
    if (dst === undefined) return new Int16Array(length) as Int16Array<B>;
    checkSamples(dst, "dst");
    checkRoom(dst, length, "dst", "samples");
    return dst.length === length ? dst : dst.subarray(0, length);
  }
}
