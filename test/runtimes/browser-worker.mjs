// A dedicated module worker in the browser: its own copy of telaudio (import
// maps do not reach workers, hence the path), initialised with initSync (no
// main-thread limit on synchronous compiles here), running checks.mjs.
import * as telaudio from "/dist/index.js";
import { runChecks } from "/runtimes/checks.mjs";

self.onmessage = (event) => {
  try {
    telaudio.initSync();
    self.postMessage({ result: runChecks(telaudio, event.data.seed), hasBuffer: typeof Buffer !== "undefined" });
  } catch (error) {
    self.postMessage({ error: `${error?.name}: ${error?.message}` });
  }
};
