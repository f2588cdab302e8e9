// Module hook for bench/native/inputs.ts: src/_filters.ts (phaseLayout)
// imports src/_load.ts, which imports "../dist/telaudio.wasm" as a base64
// string (tsup's loader). Plain Node cannot import a .wasm file that way, and
// phaseLayout never touches the instance, so that one import becomes an
// empty string module.

export async function load(url, context, nextLoad) {
  if (url.startsWith("file:") && url.endsWith("/dist/telaudio.wasm")) {
    return { format: "module", source: 'export default "";', shortCircuit: true };
  }
  return nextLoad(url, context);
}
