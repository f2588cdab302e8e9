// A Cloudflare Worker (ES module syntax), run by workerd through miniflare.
// As a Workers project would, it imports the package (resolved through the
// "workerd" export condition, whose init() defaults to the package's .wasm
// imported as a module: workerd refuses to compile wasm from bytes) and the
// .wasm itself, to check that init(module) works too.
import * as telaudio from "telaudio";
import wasmModule from "telaudio/telaudio.wasm";
import { nonCanonicalBase64, runChecks } from "./checks.mjs";

const describeError = (error) => `${error?.name}: ${error?.message}`;

let loading; // what happened the first time, before init(module)

async function load() {
  let beforeInit = "no error";
  try {
    telaudio.ulawDecode(new Uint8Array(1));
  } catch (error) {
    beforeInit = describeError(error);
  }
  let embedded = "ok";
  try {
    await telaudio.init();
  } catch (error) {
    embedded = describeError(error);
  }
  await telaudio.init(wasmModule);
  return { beforeInit, embedded };
}

export default {
  async fetch(request) {
    try {
      loading ??= load();
      const loaded = await loading;
      const seed = Number(new URL(request.url).searchParams.get("seed"));
      return Response.json({
        ...loaded,
        wasmIsModule: wasmModule instanceof WebAssembly.Module,
        hasBuffer: typeof globalThis.Buffer !== "undefined",
        result: runChecks(telaudio, seed),
        nonCanonical: nonCanonicalBase64(telaudio),
      });
    } catch (error) {
      return Response.json({ error: `${describeError(error)}\n${error?.stack}` }, { status: 500 });
    }
  },
};
