// Loading the one shared WebAssembly instance.
//
// The instance is created through @assemblyscript/loader (which supplies the
// `env` imports AssemblyScript expects), but the hot path calls the raw
// `instance.exports`: the loader wraps each export in a rest-args closure that
// allocates an array per call.

import { instantiate, instantiateSync } from "@assemblyscript/loader";
import embeddedWasm from "../dist/telaudio.wasm";
import { bytesFromBase64 } from "./_base64.js";
import { REQUIRED_EXPORTS, type Kernels } from "./_kernels.js";
import { heap } from "./_memory.js";

/**
 * A compiled `WebAssembly.Module`. Declared here, empty as the DOM lib
 * declares it, so that the package's types need no DOM lib (Node projects
 * often have none); `init` checks the real type at run time.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CompiledWasmModule {}

/** What `init`/`initSync` accept: a compiled module, or the .wasm bytes. */
export type WasmSource = CompiledWasmModule | ArrayBuffer | ArrayBufferView;

let loaded: Kernels | undefined;
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

/** Takes the instance as telaudio's, unless it is some other module (then nothing changes). */
function adopt(instance: WebAssembly.Instance): void {
  const exports = instance.exports as unknown as Kernels;
  for (const name of REQUIRED_EXPORTS) {
    if (!(name in exports)) throw new TypeError(`source is not telaudio's wasm: it has no export "${name}"`);
  }
  loaded = exports;
  heap.attach(exports);
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
  if (loaded !== undefined) return Promise.resolve();
  if (pending !== undefined) return pending;
  try {
    checkSource(source);
  } catch (error) {
    return Promise.reject(error);
  }
  pending = instantiate(source ?? embeddedBytes())
    .then((result) => {
      if (loaded === undefined) adopt(result.instance);
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
  if (loaded !== undefined) return;
  checkSource(source);
  adopt(instantiateSync(source ?? embeddedBytes()).instance);
}

/** The kernels, or a clear error when neither `init` has run. */
export function kernels(): Kernels {
  if (loaded === undefined) {
    throw new Error("telaudio is not initialised: call `await init()` (or `initSync()`) first");
  }
  return loaded;
}

/** What {@link memoryUsage} reports. */
export interface MemoryUsage {
  /** Size of the shared wasm memory: tables, scratch regions, state blocks. It grows as streams are created, is reused after `dispose()`, and never shrinks. */
  wasmBytes: number;
  /** Streams alive (created and not yet disposed or collected), of every class. */
  streams: number;
  /** Bytes of their state blocks (filter history and position). */
  stateBytes: number;
}

/** Live stream state, kept by src/_stream.ts as streams come and go. */
export const liveStreams = { count: 0, bytes: 0 };

/** For monitoring a bridge process: wasm memory, and the streams alive in it. */
export function memoryUsage(): MemoryUsage {
  return { wasmBytes: kernels().memory.buffer.byteLength, streams: liveStreams.count, stateBytes: liveStreams.bytes };
}
