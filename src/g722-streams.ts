// The bridge's G.722 conversions as one wasm call per chunk each: G.722
// decoded at 16 kHz straight into the resampler (G722ToPcm16), or resampled
// to 16 kHz straight into the encoder (Pcm16ToG722). Output is identical,
// bit for bit, to G722Decoder-then-Resampler (or Resampler-then-G722Encoder).
//
// Each stream owns two state blocks (the codec's and the resampler's) and
// counts as one stream in memoryUsage().

import { checkBytes, checkOptions, checkPcm16 } from "./_arguments.js";
import { phaseTable } from "./_filters.js";
import { createResamplerState, SampleFormat, type Kernels } from "./_kernels.js";
import { checkLive, disposeSymbol, freeState, holdState, type StateBlocks } from "./_life-cycle.js";
import { kernels } from "./_load.js";
import { bytesView, heap, samplesView, ScratchView, throughScratch, type ScratchKernel } from "./_memory.js";
import { codesTarget, samplesTarget } from "./_output-arrays.js";
import { checkQuality, type Quality } from "./_quality.js";
import { checkPair, checkRate, reducedRatio } from "./_rates.js";
import { checkMode, type G722Mode } from "./g722.js";

const G722_RATE = 16000;
/** The PCM16 side's rate when the option is omitted: OpenAI Realtime's. */
const DEFAULT_PCM_RATE = 24000;

export interface G722ToPcm16Options {
  /** PCM16 output rate in Hz; 24000 (OpenAI Realtime) when omitted. */
  to?: number;
  quality?: Quality;
  /** G.722 bit rate: 1 (64 kbit/s, default), 2 (56), 3 (48). */
  mode?: G722Mode;
}

export interface Pcm16ToG722Options {
  /** PCM16 input rate in Hz; 24000 (OpenAI Realtime) when omitted. */
  from?: number;
  quality?: Quality;
}

interface States {
  g722: number;
  resampler: number;
}


function checkCount(count: unknown): number {
  if (typeof count !== "number") throw new TypeError(`count must be a number, got ${typeof count}`);
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  return count;
}

/** The life cycle and the resampler facts both directions share. */
abstract class FusedG722 {
  /** Output samples (at the output rate; 16 kHz for Pcm16ToG722) by which the output lags the input, from the resampler. */
  readonly delay: number;
  readonly quality: Quality;
  readonly #kernels: Kernels;
  protected readonly up: number;
  protected readonly down: number;
  #states: States | undefined;
  #blocks: StateBlocks;

  protected constructor(from: number, to: number, quality: Quality, mode: number) {
    const k = kernels();
    this.#kernels = k;
    const { up, down } = reducedRatio(from, to);
    this.up = up;
    this.down = down;
    this.quality = quality;
    const table = phaseTable(quality, up, down);
    this.delay = table.delay;
    const states = { g722: k.g722Create(mode), resampler: createResamplerState(k, { ...table, up, down }) };
    this.#states = states;
    heap.refresh(k.memory); // allocation may have grown memory
    // One stream in memoryUsage(), two blocks: the codec's and the resampler's.
    this.#blocks = holdState(this, k.g722StateBytes() + k.resamplerStateBytes(states.resampler), () => {
      k.g722Destroy(states.g722);
      k.resamplerDestroy(states.resampler);
    });
  }

  get disposed(): boolean {
    return this.#states === undefined;
  }

  protected get states(): States {
    return this.#states!;
  }

  /** Resampler outputs `inputs` more 16 kHz-side (or input-side) samples complete. */
  protected resampled(inputs: number): number {
    return Math.floor((this.#kernels.resamplerPending(this.states.resampler) + inputs * this.up) / this.down);
  }

  /** Back to the state of a new stream: silent history, nothing pending or carried. */
  reset(): void {
    this.checkLive();
    this.#kernels.g722Reset(this.states.g722);
    this.#kernels.resamplerReset(this.states.resampler);
  }

  /** Frees the stream's state blocks. Idempotent; any later call but dispose() throws. */
  dispose(): void {
    if (this.#states === undefined) return;
    freeState(this.#blocks);
    this.#states = undefined;
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  protected checkLive(): void {
    checkLive(this.#states === undefined, this.constructor.name);
  }
}

/**
 * G.722 octets (16 kHz audio, RTP clock rate 8000) in, PCM16 at `to`
 * (default 24000, OpenAI Realtime) out: decode and resample in one wasm call
 * per chunk. 160 octets (20 ms) give 480 samples at 24 kHz. `flush()` drains
 * the resampler's tail, as Resampler's does.
 * @example
 *   const inbound = new G722ToPcm16();           // G.722 → 24k PCM16
 *   const pcm = new Int16Array(480);
 *   inbound.process(payload160, pcm);
 */
export class G722ToPcm16 extends FusedG722 {
  readonly to: number;
  readonly mode: G722Mode;
  readonly #piece: number;
  readonly #outputView = new ScratchView(samplesView);
  readonly #run: ScratchKernel;

  constructor(options?: G722ToPcm16Options) {
    const given = checkOptions(options);
    const to = checkRate(given.to === undefined ? DEFAULT_PCM_RATE : given.to, "to");
    checkPair(G722_RATE, to);
    const quality = checkQuality(given.quality, "quality");
    const mode = checkMode(given.mode);
    super(G722_RATE, to, quality, mode);
    this.to = to;
    this.mode = mode;
    const k = kernels();
    const { g722, resampler } = this.states;
    const bytes = heap.scratchBytes;
    // Octets a call may take: their codes and decoded samples share the input
    // region (1 + 4 bytes each, plus alignment); the resampler's working
    // buffer takes 2 samples each; its output fills the output region.
    this.#piece = Math.min(Math.floor((bytes - 16) / 5), k.resamplerMaxChunk(resampler) >> 1, Math.floor((((bytes >> 1) - 1) * this.down) / this.up / 2));
    this.#run = (inPtr, count, outPtr) => k.g722DecodeResample(g722, resampler, inPtr, count, inPtr + ((count + 15) & ~15), outPtr, SampleFormat.Pcm16);
  }

  /**
   * How many samples `count` more octets give.
   * @throws TypeError/RangeError unless `count` is a non-negative safe integer; Error after dispose().
   */
  outputLength(count: number): number {
    this.checkLive();
    return this.resampled(2 * checkCount(count));
  }

  /** Decodes and resamples the next chunk of octets. `dst` and the errors as for G722Decoder. */
  process<B extends ArrayBufferLike = ArrayBuffer>(src: Uint8Array, dst?: Int16Array<B>): Int16Array<B> {
    this.checkLive();
    checkBytes(src, "src");
    const out = samplesTarget(dst, this.resampled(2 * src.length));
    throughScratch(src, src.length, 1, this.#piece, this.#run, out, this.#outputView);
    return out;
  }

  /** The resampler's last `ceil(delay)` samples; then the stream is as new. */
  flush<B extends ArrayBufferLike = ArrayBuffer>(dst?: Int16Array<B>): Int16Array<B> {
    this.checkLive();
    const out = samplesTarget(dst, Math.ceil(this.delay));
    if (out.length > 0) {
      const k = kernels();
      const { resampler } = this.states;
      const inPtr = heap.scratchIn;
      const zeros = Math.max(0, Math.ceil((out.length * this.down - k.resamplerPending(resampler)) / this.up));
      heap.i16.fill(0, inPtr >> 1, (inPtr >> 1) + zeros);
      const produced = k.resamplerProcess(resampler, inPtr, zeros, heap.scratchOut, SampleFormat.Pcm16, SampleFormat.Pcm16);
      out.set(this.#outputView.at(heap.scratchOut, Math.min(produced, out.length)));
    }
    this.reset();
    return out;
  }
}

/**
 * PCM16 at `from` (default 24000) in, G.722 octets out: resample to 16 kHz
 * and encode in one wasm call per chunk. 480 samples at 24 kHz (20 ms) give
 * 160 octets. A 16 kHz sample left without its pair is carried to the next
 * call, as G722Encoder does. `flush()` encodes the resampler's tail.
 */
export class Pcm16ToG722 extends FusedG722 {
  readonly from: number;
  readonly #piece: number;
  readonly #outputView = new ScratchView(bytesView);
  readonly #run: ScratchKernel;

  constructor(options?: Pcm16ToG722Options) {
    const given = checkOptions(options);
    const from = checkRate(given.from === undefined ? DEFAULT_PCM_RATE : given.from, "from");
    checkPair(from, G722_RATE);
    const quality = checkQuality(given.quality, "quality");
    super(from, G722_RATE, quality, 0);
    this.from = from;
    const k = kernels();
    const { g722, resampler } = this.states;
    const samples = heap.scratchBytes >> 1;
    this.#piece = Math.min(samples, k.resamplerMaxChunk(resampler), Math.floor(((samples - 1) * this.down) / this.up));
    this.#run = (inPtr, count, outPtr) => k.g722ResampleEncode(resampler, g722, inPtr, count, outPtr, SampleFormat.Pcm16);
  }

  /**
   * How many octets `count` more input samples give.
   * @throws TypeError/RangeError unless `count` is a non-negative safe integer; Error after dispose().
   */
  outputLength(count: number): number {
    this.checkLive();
    return this.#octets(this.resampled(checkCount(count)));
  }

  #octets(samples16k: number): number {
    return (kernels().g722Carried(this.states.g722) + samples16k) >> 1;
  }

  /** Resamples and encodes the next chunk (Int16Array or PCM16LE bytes). `dst` and the errors as for G722Encoder. */
  process<B extends ArrayBufferLike = ArrayBuffer>(src: Int16Array | Uint8Array, dst?: Uint8Array<B>): Uint8Array<B> {
    this.checkLive();
    const count = checkPcm16(src, "src");
    const out = codesTarget(dst, this.#octets(this.resampled(count)));
    throughScratch(src, count, 2, this.#piece, this.#run, out, this.#outputView);
    return out;
  }

  /** Encodes the resampler's last `ceil(delay)` samples (with a carried one); then the stream is as new. */
  flush<B extends ArrayBufferLike = ArrayBuffer>(dst?: Uint8Array<B>): Uint8Array<B> {
    this.checkLive();
    const tail = Math.ceil(this.delay);
    const out = codesTarget(dst, this.#octets(tail));
    if (tail > 0) {
      const k = kernels();
      const { resampler, g722 } = this.states;
      const inPtr = heap.scratchIn;
      const outPtr = heap.scratchOut;
      const zeros = Math.max(0, Math.ceil((tail * this.down - k.resamplerPending(resampler)) / this.up));
      heap.i16.fill(0, inPtr >> 1, (inPtr >> 1) + zeros);
      const produced = k.resamplerProcess(resampler, inPtr, zeros, outPtr, SampleFormat.Pcm16, SampleFormat.Pcm16);
      const written = k.g722Encode(g722, outPtr, Math.min(produced, tail), outPtr);
      out.set(this.#outputView.at(outPtr, written));
    }
    this.reset();
    return out;
  }
}
