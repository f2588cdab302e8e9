// Polyphase filter tables in wasm memory, one per (quality, L, M), shared by
// every stream of that kind and kept for the life of the instance.

import type { Quality } from "./_quality.js";
import { designPrototype, setDesignSource } from "./design/prototype.js";
import { prebuiltDesign } from "./design/prebuilt.js";
import { foldUp3, isSymmetric } from "./_folding.js";
import { kernels } from "./_load.js";
import { copyToWasm } from "./_memory.js";

export interface PhaseTable {
  /** Byte address of L phases × tapsPerPhase f32 in wasm memory. */
  readonly ptr: number;
  readonly tapsPerPhase: number;
  /** Zero taps at the front of every phase (padding to a multiple of 4). */
  readonly leadingZeros: number;
  /** Group delay in output samples. */
  readonly delay: number;
  /** The folded table (×3, linear-phase prototype), which the kernel then uses instead. */
  readonly folded: { readonly ptr: number; readonly pairs: number; readonly reach: number; readonly selfPhase: number } | undefined;
}

/**
 * Splits prototype `h` (at rate L·from) into L phases: phase p holds
 * h[p], h[p + L], h[p + 2L]… reversed, so that one output is a dot product
 * with the history slice ending at its newest input. Phases are padded at the
 * front (the oldest end) with zeros to a multiple of 4 taps for f32x4.
 * Scaled by L: zero-stuffing the input by L divides its level by L.
 */
export function phaseLayout(h: Float64Array, up: number): { taps: Float32Array; tapsPerPhase: number; leadingZeros: number } {
  const perPhase = Math.ceil(h.length / up);
  const tapsPerPhase = Math.ceil(perPhase / 4) * 4;
  const taps = new Float32Array(up * tapsPerPhase);
  for (let phase = 0; phase < up; phase++) {
    const row = phase * tapsPerPhase;
    for (let k = 0; k < perPhase; k++) {
      const index = phase + k * up;
      if (index < h.length) taps[row + tapsPerPhase - 1 - k] = h[index] * up;
    }
  }
  return { taps, tapsPerPhase, leadingZeros: tapsPerPhase - perPhase };
}

const tables = new Map<string, PhaseTable>();
let prebuiltInUse = false;

export function phaseTable(quality: Quality, up: number, down: number): PhaseTable {
  const key = `${quality}/${up}/${down}`;
  let table = tables.get(key);
  if (table === undefined) {
    // The bridge pairs' prototypes come from the build (bit for bit the
    // run-time design); other pairs are designed here. Set on first use, so
    // that importing the package does no work.
    if (!prebuiltInUse) {
      setDesignSource(prebuiltDesign);
      prebuiltInUse = true;
    }
    // from === to: a one-tap unit filter, so a copy (or a fused decode/encode) takes the same path.
    const prototype = up === 1 && down === 1 ? { taps: Float64Array.of(1), delay: 0 } : designPrototype(quality, Math.max(up, down));
    const { taps, tapsPerPhase, leadingZeros } = phaseLayout(prototype.taps, up);
    const fold = up === 3 && down === 1 && isSymmetric(prototype.taps) ? foldUp3(prototype.taps) : undefined;
    const folded = fold && { ptr: copyToWasm(kernels(), fold.taps), pairs: fold.pairs, reach: fold.reach, selfPhase: fold.selfPhase };
    table = { ptr: copyToWasm(kernels(), taps), tapsPerPhase, leadingZeros, delay: prototype.delay / down, folded };
    tables.set(key, table);
  }
  return table;
}
