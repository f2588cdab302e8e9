// A worker_threads worker: loads its own copy of telaudio (ESM import or CJS
// require), so its own wasm instance, initialises it the way it is told, runs
// checks.mjs and posts the result back.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import { runChecks } from "./checks.mjs";

const require = createRequire(import.meta.url);
const { seed, loader, how } = workerData;
const t = loader === "require" ? require("telaudio") : await import("telaudio");

let beforeInit = "no error";
try {
  t.ulawDecode(new Uint8Array(1));
} catch (error) {
  beforeInit = String(error.message);
}

if (how === "initSync") t.initSync();
else if (how === "init") await t.init();
else if (how === "module") await t.init(new WebAssembly.Module(readFileSync(require.resolve("telaudio/telaudio.wasm"))));
else if (how === "bytes") t.initSync(readFileSync(require.resolve("telaudio/telaudio.wasm")));
else throw new Error(`unknown init ${how}`);

const result = runChecks(t, seed);
parentPort.postMessage({ beforeInit, result, wasmBytes: t.memoryUsage().wasmBytes });
