// The package ships no types; bench/_peers.ts describes the exports it uses.
declare module "@echogarden/speex-resampler-wasm/simd" {
  const createModule: () => Promise<unknown>;
  export default createModule;
}
