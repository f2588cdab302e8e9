export { init, initSync, memoryUsage, type WasmSource } from "./wasm.js";
export { ulawDecode, ulawEncode, alawDecode, alawEncode } from "./g711.js";
export { Resampler, type ResamplerOptions, type Quality } from "./resampler.js";
