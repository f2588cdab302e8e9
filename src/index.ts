export { init, initSync, type WasmSource } from "./wasm.js";
export { ulawDecode, ulawEncode, alawDecode, alawEncode } from "./g711.js";
