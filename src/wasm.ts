// Loading the one shared WebAssembly instance, and views of its memory.
//
// The instance is created through @assemblyscript/loader (which supplies the
// `env` imports AssemblyScript expects), but the hot path calls the raw
// `instance.exports`: the loader wraps each export in a rest-args closure that
// allocates an array per call (measured in bench/loader-overhead).

import { instantiate, instantiateSync } from "@assemblyscript/loader";
import embeddedWasm from "../dist/telaudio.wasm";
import { bytesFromBase64 } from "./_base64.js";

/** The kernels' raw exports. Pointers are byte offsets into `memory`. */
export interface Kernels {
  readonly memory: WebAssembly.Memory;
  scratchInPtr(): number;
  scratchOutPtr(): number;
  scratchBytes(): number;
  ulawDecode(src: number, dst: number, count: number): void;
  alawDecode(src: number, dst: number, count: number): void;
  ulawEncode(src: number, dst: number, count: number): void;
  alawEncode(src: number, dst: number, count: number): void;
  allocate(bytes: number): number;
  release(ptr: number): void;
  resamplerCreate(taps: number, up: number, down: number, tapsPerPhase: number, leadingZeros: number, folded: number, pairs: number, reach: number, selfPhase: number): number;
  resamplerReset(state: number): void;
  resamplerDestroy(state: number): void;
  resamplerMaxChunk(state: number): number;
  resamplerProcess(state: number, src: number, count: number, dst: number, input: SampleFormat, output: SampleFormat): number;
}

/** What a kernel reads or writes: the constants of assembly/g711.ts. */
export const SampleFormat = { Pcm16: 0, Ulaw: 1, Alaw: 2 } as const;
export type SampleFormat = (typeof SampleFormat)[keyof typeof SampleFormat];

/**
 * A compiled `WebAssembly.Module`. Declared here, empty as the DOM lib
 * declares it, so that the package's types need no DOM lib (Node projects
 * often have none); `init` checks the real type at run time.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CompiledWasmModule {}

/** What `init`/`initSync` accept: a compiled module, or the .wasm bytes. */
export type WasmSource = CompiledWasmModule | ArrayBuffer | ArrayBufferView;

let kernels: Kernels | undefined;
let pending: Promise<void> | undefined;

function checkSource(source: unknown): void {
  if (source === undefined || source instanceof WebAssembly.Module) return;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return;
  throw new TypeError(
    "source must be a WebAssembly.Module, an ArrayBuffer or a typed array of the .wasm bytes, or omitted",
  );
}

function embeddedBytes(): Uint8Array<ArrayBuffer> {
  return bytesFromBase64(embeddedWasm) as Uint8Array<ArrayBuffer>;
}

const REQUIRED_EXPORTS = ["memory", "scratchInPtr", "scratchOutPtr", "scratchBytes", "ulawDecode", "resamplerProcess"] as const;

/** Takes the instance as telaudio's, unless it is some other module (then nothing changes). */
function adopt(instance: WebAssembly.Instance): void {
  const exports = instance.exports as unknown as Kernels;
  for (const name of REQUIRED_EXPORTS) {
    if (!(name in exports)) throw new TypeError(`source is not telaudio's wasm: it has no export "${name}"`);
  }
  kernels = exports;
  heap.scratchIn = exports.scratchInPtr();
  heap.scratchOut = exports.scratchOutPtr();
  heap.scratchBytes = exports.scratchBytes();
  heap.refresh(exports.memory);
}

/**
 * Loads telaudio's WebAssembly. Call once before any other function; later
 * calls (and concurrent ones) resolve to the same instance.
 *
 * @param source the compiled module (required where compiling from bytes is
 *   refused, such as Cloudflare Workers) or the .wasm bytes; omitted, the
 *   copy embedded in the package is used.
 * @throws TypeError if `source` is neither.
 * @example
 *   import { init, ulawDecode } from "telaudio";
 *   await init();
 */
export function init(source?: WasmSource): Promise<void> {
  if (kernels !== undefined) return Promise.resolve();
  if (pending !== undefined) return pending;
  try {
    checkSource(source);
  } catch (error) {
    return Promise.reject(error);
  }
  pending = instantiate(source ?? embeddedBytes())
    .then((result) => {
      if (kernels === undefined) adopt(result.instance);
    })
    .catch((error: unknown) => {
      pending = undefined; // a failed load can be retried
      throw error;
    });
  return pending;
}

/**
 * Loads telaudio's WebAssembly synchronously (Node, workers). Idempotent.
 *
 * @param source as for {@link init}.
 * @throws TypeError if `source` is neither a module nor bytes.
 */
export function initSync(source?: WasmSource): void {
  if (kernels !== undefined) return;
  checkSource(source);
  adopt(instantiateSync(source ?? embeddedBytes()).instance);
}

/** The kernels, or a clear error when neither `init` has run. */
export function wasm(): Kernels {
  if (kernels === undefined) {
    throw new Error("telaudio is not initialised: call `await init()` (or `initSync()`) first");
  }
  return kernels;
}

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

  refresh(memory: WebAssembly.Memory): void {
    if (memory.buffer === this.buffer) return;
    this.buffer = memory.buffer;
    this.generation++;
    this.u8 = new Uint8Array(this.buffer);
    this.i16 = new Int16Array(this.buffer);
  }
}

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

export const heap = new HeapViews();

/**
 * Size of the shared wasm memory: tables, scratch regions, every stream's
 * state block. It grows as streams are created and is reused after
 * `dispose()`; it never shrinks. For monitoring a bridge process.
 */
export function memoryUsage(): { wasmBytes: number } {
  return { wasmBytes: wasm().memory.buffer.byteLength };
}
