// The designs made at build time (src/_prebuilt-prototypes.ts, written by
// generate-prebuilt.ts), decoded on first use: a stream of a bridge pair
// then starts without running Parks–McClellan. Each is the float64 output of
// the same design code, stored bit for bit, so the tables laid out from it
// are those a run-time design gives.

import { bytesFromBase64 } from "../_base64.js";
import { PREBUILT_DESIGNS, type PrebuiltDesign } from "../_prebuilt-prototypes.js";
import type { Prototype, PrototypeQuality } from "./prototype.js";

/** Float64 little-endian taps of `design`, the mirrored half restored for a symmetric one. */
export function decodePrebuilt(design: PrebuiltDesign): Prototype {
  const bytes = bytesFromBase64(design.taps);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const taps = new Float64Array(design.length);
  const stored = bytes.byteLength / 8;
  for (let k = 0; k < stored; k++) taps[k] = view.getFloat64(8 * k, true);
  for (let k = stored; k < design.length; k++) taps[k] = taps[design.length - 1 - k];
  return { taps, delay: design.delay };
}

/** A DesignSource (see setDesignSource) over the prebuilt designs. */
export function prebuiltDesign(quality: PrototypeQuality, oversampling: number | "base"): Prototype | undefined {
  const design = PREBUILT_DESIGNS[`${quality}/${oversampling}`];
  return design === undefined ? undefined : decodePrebuilt(design);
}
