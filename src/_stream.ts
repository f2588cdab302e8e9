// The engine under Resampler and the G.711 streams: one state block in the
// shared wasm instance per stream, one kernel call per chunk (per
// scratch-sized piece of a long chunk), optional G.711 decode on the way in
// or encode on the way out inside that same call.
//
// Each fact has one owner: the stream's position (inputs·L − outputs·M) is
// the kernel's (resamplerPending); whether it is disposed is `#state === 0`.

import { phaseTable } from "./_filters.js";
import { createResamplerState, SampleFormat, type Kernels } from "./_kernels.js";
import { checkLive, disposeSymbol, freeState, holdState, type StateBlocks } from "./_life-cycle.js";
import { kernels } from "./_load.js";
import { bytesView, heap, sampleBytesView, samplesView, ScratchView, throughScratch, type ScratchKernel } from "./_memory.js";
import type { Quality } from "./_quality.js";
import { reducedRatio } from "./_rates.js";


export class Stream {
  /** Output samples by which the output lags the input. */
  readonly delay: number;
  readonly #up: number;
  readonly #down: number;
  readonly #output: SampleFormat;
  /** Bytes a sample when the input comes as a Uint8Array: 2 for PCM16 (either byte order), 1 for G.711 codes. */
  readonly #bytesPerSample: number;
  /** Elements of `out` an output sample takes: 2 when PCM16 (either order) goes out as bytes, else 1. */
  readonly #outputWidth: number;
  readonly #kernels: Kernels;
  #state: number;
  readonly #blocks: StateBlocks;
  /** Input samples one kernel call may take: its working buffer, and the scratch regions for input and output. */
  readonly #piece: number;
  /** The scratch output as this stream's output type (its own, so other streams' lengths do not evict it). */
  readonly #outputView: ScratchView<Int16Array> | ScratchView<Uint8Array>;
  readonly #run: ScratchKernel;

  constructor(from: number, to: number, quality: Quality, input: SampleFormat, output: SampleFormat, outputBytes: boolean, owner: object) {
    const k = kernels();
    const { up, down } = reducedRatio(from, to);
    this.#kernels = k;
    this.#up = up;
    this.#down = down;
    this.#output = output;
    this.#bytesPerSample = input === SampleFormat.Pcm16 || input === SampleFormat.L16be ? 2 : 1;
    const pcmOut = output === SampleFormat.Pcm16 || output === SampleFormat.L16be;
    this.#outputWidth = pcmOut && outputBytes ? 2 : 1;
    this.#outputView = !pcmOut ? new ScratchView(bytesView) : outputBytes ? new ScratchView(sampleBytesView) : new ScratchView(samplesView);
    const table = phaseTable(quality, up, down);
    this.delay = table.delay;
    const state = createResamplerState(k, { ...table, up, down });
    this.#state = state;
    heap.refresh(k.memory);
    const scratchSamples = heap.scratchBytes >> 1; // PCM16 samples each scratch region holds
    this.#piece = Math.min(k.resamplerMaxChunk(state), scratchSamples, Math.floor(((scratchSamples - 1) * down) / up));
    this.#run = (inPtr, count, outPtr) => k.resamplerProcess(state, inPtr, count, outPtr, input, output);
    this.#blocks = holdState(owner, k.resamplerStateBytes(state), () => k.resamplerDestroy(state));
  }

  get disposed(): boolean {
    return this.#state === 0;
  }

  /** How many samples `count` more input samples complete. */
  outputLength(count: number): number {
    return Math.floor((this.#kernels.resamplerPending(this.#state) + count * this.#up) / this.#down);
  }

  /**
   * Runs `count` input samples held in `src` (PCM16 as Int16Array or
   * little-endian bytes, or G.711 codes) into `out`, which has exactly
   * outputLength(count) room. The caller has validated everything.
   */
  process(src: Int16Array | Uint8Array, count: number, out: Int16Array | Uint8Array): void {
    throughScratch(src, count, this.#bytesPerSample, this.#piece, this.#run, out, this.#outputView);
  }

  /** Drains ceil(delay) samples (`out.length` elements) into `out`, then resets. */
  flush(out: Int16Array | Uint8Array): void {
    if (out.length > 0) {
      const k = this.#kernels;
      const inPtr = heap.scratchIn;
      const outPtr = heap.scratchOut;
      // Enough silence to complete the tail, fed as PCM16 zeros whatever
      // the input format: the filter state is f32 either way.
      const samples = out.length / this.#outputWidth;
      const zeros = Math.max(0, Math.ceil((samples * this.#down - k.resamplerPending(this.#state)) / this.#up));
      heap.i16.fill(0, inPtr >> 1, (inPtr >> 1) + zeros);
      const produced = k.resamplerProcess(this.#state, inPtr, zeros, outPtr, SampleFormat.Pcm16, this.#output);
      out.set(this.#outputView.at(outPtr, Math.min(produced, samples)) as Int16Array & Uint8Array);
    }
    this.reset();
  }

  reset(): void {
    this.#kernels.resamplerReset(this.#state);
  }

  dispose(): void {
    if (this.#state === 0) return;
    freeState(this.#blocks);
    this.#state = 0;
  }
}


/** What every public streaming class shares: the life cycle of its Stream. */
export abstract class StreamOwner {
  /** Output samples by which the output lags the input. */
  readonly delay: number;
  protected readonly stream: Stream;

  /** `outputBytes`: PCM16 output (either byte order) goes to a Uint8Array, two bytes a sample. */
  protected constructor(from: number, to: number, quality: Quality, input: SampleFormat, output: SampleFormat, outputBytes = false) {
    this.stream = new Stream(from, to, quality, input, output, outputBytes, this);
    this.delay = this.stream.delay;
  }

  /** True once `dispose()` has run. */
  get disposed(): boolean {
    return this.stream.disposed;
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
    checkLive(this.stream.disposed, this.constructor.name);
  }
}
