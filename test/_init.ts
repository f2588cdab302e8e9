// The wasm the tests load: the package's embedded copy, or the .wasm file
// named by TELAUDIO_WASM (how test/mutation/run.mjs runs them against mutants).

import { readFileSync } from "node:fs";
import { initSync } from "telaudio";

export function initFromEnv(): void {
  const path = process.env.TELAUDIO_WASM;
  initSync(path ? readFileSync(path) : undefined);
}
