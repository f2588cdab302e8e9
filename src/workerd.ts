// The entry for runtimes that refuse to compile wasm from bytes and import
// .wasm files as compiled modules instead (Cloudflare Workers' workerd,
// selected by the "workerd" export condition): the same API, but init() and
// initSync() default to the module imported beside this file.

import wasmModule from "./telaudio.wasm"; // left external by the build: the runtime's module import
import { init as initFrom, initSync as initSyncFrom, type WasmSource } from "./index.js";

export * from "./index.js";

/** As in the main entry; with no argument, the package's own `telaudio.wasm` module. */
export function init(source?: WasmSource): Promise<void> {
  return initFrom(source ?? (wasmModule as unknown as WasmSource));
}

/** As in the main entry; with no argument, the package's own `telaudio.wasm` module. */
export function initSync(source?: WasmSource): void {
  initSyncFrom(source ?? (wasmModule as unknown as WasmSource));
}
