// The Converter's G.722 stages: G.722 octets in, any other wire format out
// (decode, resample from 16 kHz, write as G.711 codes or L16 in either byte
// order), or any wire format in, G.722 out (read, resample to 16 kHz,
// encode). Each is one wasm call per chunk (assembly/g722.ts's fused
// kernels), bytes in and bytes out, and owns two state blocks (the codec's
// and the resampler's) counted as one stream in memoryUsage().

import { phaseTable } from "./_filters.js";
import { createResamplerState, SampleFormat, type Kernels } from "./_kernels.js";
import { freeState, holdState, type StateBlocks } from "./_life-cycle.js";
import { kernels } from "./_load.js";
import { bytesView, heap, sampleBytesView, ScratchView, throughScratch, type ScratchKernel } from "./_memory.js";
import type { Quality } from "./_quality.js";
import { reducedRatio } from "./_rates.js";

export const G722_RATE = 16000;

/** What the Converter asks of a stage: counts in input samples (octets for G.722), output in bytes. */
export interface ByteStage {
  /** Output samples (at the output rate; 16 kHz for G.722 out) by which the output lags. */
  readonly delay: number;
  readonly disposed: boolean;
  /** Bytes `count` more input samples (octets) give. */
  outputBytes(count: number): number;
  /** Bytes flush() gives. */
  flushBytes(): number;
  /** Runs `count` input samples held in `src` into `out`, which has exactly outputBytes(count) room. */
  process(src: Uint8Array, count: number, out: Uint8Array): void;
  /** Drains the filter's tail into `out` (flushBytes() long), then resets. */
  flush(out: Uint8Array): void;
  reset(): void;
  dispose(): void;
}

function isL16(format: SampleFormat): boolean {
  return format === SampleFormat.Pcm16 || format === SampleFormat.L16be;
}

/** The two state blocks, the ratio and the filter's tail both directions share. */
abstract class G722Stage implements ByteStage {
  readonly delay: number;
  protected readonly k: Kernels;
  protected readonly g722: number;
  protected readonly resampler: number;
  protected readonly up: number;
  protected readonly down: number;
  #blocks: StateBlocks | undefined;

  protected constructor(from: number, to: number, quality: Quality, mode: number, owner: object) {
    const k = kernels();
    this.k = k;
    const { up, down } = reducedRatio(from, to);
    this.up = up;
    this.down = down;
    const table = phaseTable(quality, up, down);
    this.delay = table.delay;
    const g722 = k.g722Create(mode);
    const resampler = createResamplerState(k, { ...table, up, down });
    this.g722 = g722;
    this.resampler = resampler;
    heap.refresh(k.memory); // allocation may have grown memory
    this.#blocks = holdState(owner, k.g722StateBytes() + k.resamplerStateBytes(resampler), () => {
      k.g722Destroy(g722);
      k.resamplerDestroy(resampler);
    });
  }

  get disposed(): boolean {
    return this.#blocks === undefined;
  }

  abstract outputBytes(count: number): number;
  abstract flushBytes(): number;
  abstract process(src: Uint8Array, count: number, out: Uint8Array): void;
  abstract flush(out: Uint8Array): void;

  /** Resampler outputs `inputs` more input-side samples complete. */
  protected resampled(inputs: number): number {
    return Math.floor((this.k.resamplerPending(this.resampler) + inputs * this.up) / this.down);
  }

  /** Runs enough PCM16 silence through the resampler for `samples` more outputs, written at scratchOut as `output`; returns how many it wrote. */
  protected drain(samples: number, output: SampleFormat): number {
    const inPtr = heap.scratchIn;
    const zeros = Math.max(0, Math.ceil((samples * this.down - this.k.resamplerPending(this.resampler)) / this.up));
    heap.i16.fill(0, inPtr >> 1, (inPtr >> 1) + zeros);
    return Math.min(samples, this.k.resamplerProcess(this.resampler, inPtr, zeros, heap.scratchOut, SampleFormat.Pcm16, output));
  }

  reset(): void {
    this.k.g722Reset(this.g722);
    this.k.resamplerReset(this.resampler);
  }

  dispose(): void {
    if (this.#blocks === undefined) return;
    freeState(this.#blocks);
    this.#blocks = undefined;
  }
}

/** G.722 octets (decoded at `mode`) → resampled from 16 kHz to `to` → written as `output`: g722DecodeResample. */
export class FromG722 extends G722Stage {
  readonly #width: 1 | 2;
  readonly #output: SampleFormat;
  readonly #piece: number;
  readonly #outputView: ScratchView<Uint8Array>;
  readonly #run: ScratchKernel;

  constructor(to: number, output: SampleFormat, quality: Quality, mode: number, owner: object) {
    super(G722_RATE, to, quality, mode, owner);
    this.#output = output;
    this.#width = isL16(output) ? 2 : 1;
    this.#outputView = new ScratchView(this.#width === 2 ? sampleBytesView : bytesView);
    const { k, g722, resampler } = this;
    const bytes = heap.scratchBytes;
    // As G722ToPcm16: an octet and its two decoded samples share the input
    // region (plus alignment); the resampler works on 2 samples an octet; its
    // output, PCM16 at most, fills the output region.
    this.#piece = Math.min(Math.floor((bytes - 16) / 5), k.resamplerMaxChunk(resampler) >> 1, Math.floor((((bytes >> 1) - 1) * this.down) / this.up / 2));
    this.#run = (inPtr, count, outPtr) => k.g722DecodeResample(g722, resampler, inPtr, count, inPtr + ((count + 15) & ~15), outPtr, output);
  }

  outputBytes(count: number): number {
    return this.#width * this.resampled(2 * count);
  }

  flushBytes(): number {
    return this.#width * Math.ceil(this.delay);
  }

  process(src: Uint8Array, count: number, out: Uint8Array): void {
    throughScratch(src, count, 1, this.#piece, this.#run, out, this.#outputView);
  }

  flush(out: Uint8Array): void {
    if (out.length > 0) out.set(this.#outputView.at(heap.scratchOut, this.drain(out.length / this.#width, this.#output)));
    this.reset();
  }
}

/** Samples read as `input` at `from` → resampled to 16 kHz → G.722 at 64 kbit/s: g722ResampleEncode. */
export class ToG722 extends G722Stage {
  readonly #bytesPerSample: 1 | 2;
  readonly #piece: number;
  readonly #outputView = new ScratchView(bytesView);
  readonly #run: ScratchKernel;

  constructor(from: number, input: SampleFormat, quality: Quality, owner: object) {
    super(from, G722_RATE, quality, 0, owner);
    this.#bytesPerSample = isL16(input) ? 2 : 1;
    const { k, g722, resampler } = this;
    const samples = heap.scratchBytes >> 1; // the 16 kHz PCM16 the output region holds, before it is encoded in place
    this.#piece = Math.min(samples, k.resamplerMaxChunk(resampler), Math.floor(((samples - 1) * this.down) / this.up));
    this.#run = (inPtr, count, outPtr) => k.g722ResampleEncode(resampler, g722, inPtr, count, outPtr, input);
  }

  /** Octets for `samples16k` more 16 kHz samples, with one the encoder carries. */
  #octets(samples16k: number): number {
    return (this.k.g722Carried(this.g722) + samples16k) >> 1;
  }

  outputBytes(count: number): number {
    return this.#octets(this.resampled(count));
  }

  flushBytes(): number {
    return this.#octets(Math.ceil(this.delay));
  }

  process(src: Uint8Array, count: number, out: Uint8Array): void {
    throughScratch(src, count, this.#bytesPerSample, this.#piece, this.#run, out, this.#outputView);
  }

  /** Encodes the resampler's last ceil(delay) samples (after a carried one); a sample left unpaired is dropped. */
  flush(out: Uint8Array): void {
    const tail = Math.ceil(this.delay);
    if (tail > 0) {
      const produced = this.drain(tail, SampleFormat.Pcm16);
      const written = this.k.g722Encode(this.g722, heap.scratchOut, produced, heap.scratchOut);
      out.set(this.#outputView.at(heap.scratchOut, written));
    }
    this.reset();
  }
}
