// What every stream shares about its life: its wasm state blocks are counted
// in memoryUsage() and freed exactly once, by dispose() or, when the stream
// is dropped without it, by the FinalizationRegistry safety net; and the one
// error a disposed stream gives.

import { liveStreams } from "./_load.js";

export const disposeSymbol: typeof Symbol.dispose = Symbol.dispose ?? Symbol.for("Symbol.dispose");

/** Throws the one "disposed" error every class gives, naming the class. */
export function checkLive(disposed: boolean, className: string): void {
  if (disposed) throw new Error(`this ${className} was disposed: create a new one`);
}

/** A stream's state blocks in wasm memory: their size, and how to free them. */
export interface StateBlocks {
  readonly bytes: number;
  /** Frees the blocks; must not hold the stream itself, or the safety net could never fire. */
  readonly free: () => void;
}

function release(blocks: StateBlocks): void {
  liveStreams.count--;
  liveStreams.bytes -= blocks.bytes;
  blocks.free();
}

// Created only where the runtime has one: Workers before compatibility date
// 2025-05-05 have none, and the library must still load there.
const forgotten = typeof FinalizationRegistry === "function" ? new FinalizationRegistry<StateBlocks>(release) : undefined;

/** Counts a new stream's state blocks and arms the safety net for `owner`; `dispose` hands the result to `freeState`. */
export function holdState(owner: object, bytes: number, free: () => void): StateBlocks {
  const blocks: StateBlocks = { bytes, free };
  liveStreams.count++;
  liveStreams.bytes += bytes;
  forgotten?.register(owner, blocks, blocks);
  return blocks;
}

export function freeState(blocks: StateBlocks): void {
  forgotten?.unregister(blocks);
  release(blocks);
}
