// Views of the wasm instance's memory, and the one loop that carries a chunk
// through its scratch regions: copy in, one kernel call, copy out, in
// scratch-sized pieces for long inputs (so memory never grows with input size).

import type { Kernels } from "./_kernels.js";

/**
 * Views of the instance's memory. Growing wasm memory detaches the old
 * buffer; memory grows only when `allocate` runs (a new stream or filter
 * table), and every caller of it calls `refresh` right after, so the hot
 * path never re-reads `memory.buffer`.
 */
class HeapViews {
  /** Byte addresses and size of the two scratch regions (fixed for the instance). */
  scratchIn = 0;
  scratchOut = 0;
  scratchBytes = 0;
  buffer = new ArrayBuffer(0);
  /** Counts buffer changes, so views can tell they are stale without reading `.buffer`. */
  generation = 0;
  u8 = new Uint8Array(0);
  i16 = new Int16Array(0);

  attach(k: Kernels): void {
    this.scratchIn = k.scratchInPtr();
    this.scratchOut = k.scratchOutPtr();
    this.scratchBytes = k.scratchBytes();
    this.refresh(k.memory);
  }

  refresh(memory: WebAssembly.Memory): void {
    if (memory.buffer === this.buffer) return;
    this.buffer = memory.buffer;
    this.generation++;
    this.u8 = new Uint8Array(this.buffer);
    this.i16 = new Int16Array(this.buffer);
  }
}

export const heap = new HeapViews();

/**
 * A view of `count` elements at `ptr` in wasm memory, kept while they (and
 * the memory) stay the same, so copying a frame out allocates nothing. Each
 * caller owns one: callers with different lengths do not evict each other.
 */
export class ScratchView<T extends Int16Array | Uint8Array> {
  #view: T | undefined;
  // What #view was made for, in plain fields: a typed array's .buffer and
  // .byteOffset getters cost ~25 ns a call (measured), a frame's copy ~20.
  #ptr = -1;
  #count = -1;
  #generation = -1;
  readonly #make: (buffer: ArrayBuffer, ptr: number, count: number) => T;

  constructor(make: (buffer: ArrayBuffer, ptr: number, count: number) => T) {
    this.#make = make;
  }

  at(ptr: number, count: number): T {
    const view = this.#view;
    if (view !== undefined && count === this.#count && ptr === this.#ptr && heap.generation === this.#generation) return view;
    this.#ptr = ptr;
    this.#count = count;
    this.#generation = heap.generation;
    return (this.#view = this.#make(heap.buffer, ptr, count));
  }
}

export const samplesView = (buffer: ArrayBuffer, ptr: number, count: number) => new Int16Array(buffer, ptr, count);
export const bytesView = (buffer: ArrayBuffer, ptr: number, count: number) => new Uint8Array(buffer, ptr, count);
/** `count` PCM16 samples as their 2·count bytes (either byte order), for byte-level outputs. */
export const sampleBytesView = (buffer: ArrayBuffer, ptr: number, count: number) => new Uint8Array(buffer, ptr, 2 * count);

/** Copies `values` into newly allocated wasm memory; returns its address. */
export function copyToWasm(k: Kernels, values: Float32Array): number {
  const ptr = k.allocate(values.byteLength);
  heap.refresh(k.memory);
  new Float32Array(heap.buffer, ptr, values.length).set(values);
  return ptr;
}

/** Runs `count` samples at scratchIn, writes its outputs at scratchOut, returns how many. */
export type ScratchKernel = (inPtr: number, count: number, outPtr: number) => number;

/**
 * Carries `count` samples of `src` through `kernel`, `piece` samples at a
 * time, into `out` (which has room for all it gives) through `outView`.
 * `bytesPerSample` says how a Uint8Array `src` holds them: 1 (G.711 codes)
 * or 2 (PCM16, either byte order). Returns the elements of `out` written.
 */
export function throughScratch(
  src: Int16Array | Uint8Array,
  count: number,
  bytesPerSample: number,
  piece: number,
  kernel: ScratchKernel,
  out: Int16Array | Uint8Array,
  outView: ScratchView<Int16Array> | ScratchView<Uint8Array>,
): number {
  const inPtr = heap.scratchIn;
  const outPtr = heap.scratchOut;
  const perSample = src.BYTES_PER_ELEMENT === 2 ? 1 : bytesPerSample; // src elements a sample
  // A later piece's output must not overwrite input not yet read.
  if (count > piece && overlaps(src, out)) src = src.slice();
  let written = 0;
  for (let start = 0; start < count; start += piece) {
    const n = Math.min(piece, count - start);
    const part = n === count ? src : src.subarray(perSample * start, perSample * (start + n));
    if (part.BYTES_PER_ELEMENT === 2) heap.i16.set(part, inPtr >> 1);
    else heap.u8.set(part, inPtr);
    const output = outView.at(outPtr, kernel(inPtr, n, outPtr));
    out.set(output, written);
    written += output.length; // elements of `out`: two a sample when a view gives PCM16 as bytes
  }
  return written;
}

function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}
