// The module's exports: the scratch regions and the kernels the TypeScript
// side calls. Every kernel takes byte pointers and counts and allocates nothing.

export { scratchInPtr, scratchOutPtr, scratchBytes } from "./scratch";
import { ulawDecodeInto, alawDecodeInto, ulawEncodeInto, alawEncodeInto } from "./g711";

export function ulawDecode(src: usize, dst: usize, count: i32): void {
  ulawDecodeInto(src, dst, count);
}

export function alawDecode(src: usize, dst: usize, count: i32): void {
  alawDecodeInto(src, dst, count);
}

export function ulawEncode(src: usize, dst: usize, count: i32): void {
  ulawEncodeInto(src, dst, count);
}

export function alawEncode(src: usize, dst: usize, count: i32): void {
  alawEncodeInto(src, dst, count);
}

export { allocate, release } from "./alloc";
export { resamplerCreate, resamplerReset, resamplerDestroy, resamplerMaxChunk, resamplerPending, resamplerProcess, resamplerStateBytes } from "./resample";
export { g722Create, g722Reset, g722Destroy, g722StateBytes, g722Carried, g722Encode, g722Decode, g722EncodeSubbands, g722DecodeSubbands, g722DecodeResample, g722ResampleEncode } from "./g722";
