// The engine under Resampler and the fused bridge paths: one state block in
// the shared wasm instance per stream, one kernel call per chunk (per
// scratch-sized piece of a long chunk), optional G.711 decode on the way in
// or encode on the way out inside that same call.

import { unaliased } from "./_aliasing.js";
import { phaseTable } from "./_filters.js";
import type { Quality } from "./_quality.js";
import { reducedRatio } from "./_rates.js";
import { bytesView, heap, SampleFormat, samplesView, ScratchView, wasm, type Kernels } from "./wasm.js";

// Safety net for streams dropped without dispose(): frees their state block.
// (Created only where the runtime has one: Workers before compatibility
// date 2025-05-05 have none, and the library must still load there.)
const forgotten =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<number>((state) => {
        wasm().resamplerDestroy(state);
      })
    : undefined;

export class Stream {
  /** Output samples by which the output lags the input. */
  readonly delay: number;
  readonly #up: number;
  readonly #down: number;
  readonly #input: SampleFormat;
  readonly #output: SampleFormat;
  #state: number;
  /** inputsSoFar·L − outputsSoFar·M, always in [0, M). */
  #pending = 0;
  readonly #maxChunk: number;
  /** The scratch output as this stream's output type (its own, so other streams' lengths do not evict it). */
  readonly #outputView: ScratchView<Int16Array> | ScratchView<Uint8Array>;

  constructor(from: number, to: number, quality: Quality, input: SampleFormat, output: SampleFormat, owner: object) {
    const k = wasm();
    const { up, down } = reducedRatio(from, to);
    this.#up = up;
    this.#down = down;
    this.#input = input;
    this.#output = output;
    this.#outputView = output === SampleFormat.Pcm16 ? new ScratchView(samplesView) : new ScratchView(bytesView);
    const table = phaseTable(quality, up, down);
    this.delay = table.delay;
    const folded = table.folded;
    this.#state = k.resamplerCreate(table.ptr, up, down, table.tapsPerPhase, table.leadingZeros, folded?.ptr ?? 0, folded?.pairs ?? 0, folded?.reach ?? 0, folded?.selfPhase ?? 0);
    heap.refresh(k.memory);
    // Largest chunk whose input and output both fit the scratch regions.
    const scratchSamples = heap.scratchBytes >> 1; // PCM16 samples each scratch region holds
    this.#maxChunk = Math.min(k.resamplerMaxChunk(this.#state), scratchSamples, Math.floor(((scratchSamples - 1) * down) / up));
    forgotten?.register(owner, this.#state, this);
  }

  get disposed(): boolean {
    return this.#state === 0;
  }

  /** How many samples `count` more input samples complete. */
  outputLength(count: number): number {
    return Math.floor((this.#pending + count * this.#up) / this.#down);
  }

  /**
   * Runs `count` input samples held in `src` (PCM16 as Int16Array or
   * little-endian bytes, or G.711 codes) into `out`, which has exactly
   * outputLength(count) room. The caller has validated everything.
   */
  process(src: Int16Array | Uint8Array, count: number, out: Int16Array | Uint8Array): void {
    const k = this.#kernels();
    const inPtr = heap.scratchIn;
    const outPtr = heap.scratchOut;
    const width = this.#input === SampleFormat.Pcm16 ? 2 : 1; // bytes a sample when src is a Uint8Array
    if (count > this.#maxChunk) src = unaliased(src, out);
    let written = 0;
    for (let start = 0; start < count; start += this.#maxChunk) {
      const n = Math.min(this.#maxChunk, count - start);
      if (src instanceof Int16Array) heap.i16.set(n === count ? src : src.subarray(start, start + n), inPtr >> 1);
      else heap.u8.set(n === count ? src : src.subarray(width * start, width * (start + n)), inPtr);
      written += this.#run(k, inPtr, n, outPtr, out, written);
    }
    this.#pending += count * this.#up - written * this.#down;
  }

  /** Drains `ceil(delay)` samples into `out` (exactly that long), then resets. */
  flush(out: Int16Array | Uint8Array): void {
    const k = this.#kernels();
    if (out.length > 0) {
      const inPtr = heap.scratchIn;
      const outPtr = heap.scratchOut;
      // Enough silence to complete the tail, fed as PCM16 zeros whatever
      // the input format: the filter state is f32 either way.
      const zeros = Math.max(0, Math.ceil((out.length * this.#down - this.#pending) / this.#up));
      heap.i16.fill(0, inPtr >> 1, (inPtr >> 1) + zeros);
      const produced = k.resamplerProcess(this.#state, inPtr, zeros, outPtr, SampleFormat.Pcm16, this.#output);
      this.#copyOut(outPtr, Math.min(produced, out.length), out, 0);
    }
    this.reset();
  }

  reset(): void {
    this.#kernels().resamplerReset(this.#state);
    this.#pending = 0;
  }

  dispose(): void {
    if (this.#state === 0) return;
    forgotten?.unregister(this);
    wasm().resamplerDestroy(this.#state);
    this.#state = 0;
  }

  #run(k: Kernels, inPtr: number, n: number, outPtr: number, out: Int16Array | Uint8Array, written: number): number {
    const produced = k.resamplerProcess(this.#state, inPtr, n, outPtr, this.#input, this.#output);
    this.#copyOut(outPtr, produced, out, written);
    return produced;
  }

  #copyOut(outPtr: number, produced: number, out: Int16Array | Uint8Array, at: number): void {
    out.set(this.#outputView.at(outPtr, produced), at);
  }

  #kernels(): Kernels {
    if (this.#state === 0) throw new Error("this stream was disposed: create a new one");
    return wasm();
  }
}

const disposeSymbol: typeof Symbol.dispose = Symbol.dispose ?? Symbol.for("Symbol.dispose");

/** What every public streaming class shares: the life cycle of its Stream. */
export abstract class StreamOwner {
  /** Output samples by which the output lags the input. */
  readonly delay: number;
  protected readonly stream: Stream;

  protected constructor(from: number, to: number, quality: Quality, input: SampleFormat, output: SampleFormat) {
    this.stream = new Stream(from, to, quality, input, output, this);
    this.delay = this.stream.delay;
  }

  /**
   * How many output samples `count` more input samples give.
   * @throws TypeError/RangeError unless `count` is a non-negative safe integer; Error after dispose().
   */
  outputLength(count: number): number {
    this.checkLive();
    if (typeof count !== "number") throw new TypeError(`count must be a number of samples, got ${typeof count}`);
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    return this.stream.outputLength(count);
  }

  /** Back to the state of a new stream: silent history, no pending input. */
  reset(): void {
    this.checkLive();
    this.stream.reset();
  }

  /** Frees the stream's state block. Idempotent; any later call but dispose() throws. */
  dispose(): void {
    this.stream.dispose();
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  protected checkLive(): void {
    if (this.stream.disposed) throw new Error(`this ${this.constructor.name} was disposed: create a new one`);
  }
}
