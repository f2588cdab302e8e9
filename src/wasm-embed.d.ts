// The release .wasm, inlined by tsup's base64 loader (see package.json "tsup").
declare module "*.wasm" {
  const base64: string;
  export default base64;
}
