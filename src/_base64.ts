// Base64 → bytes for the embedded wasm, by the fastest path the runtime has.

interface Uint8ArrayWithBase64 {
  fromBase64?: (text: string) => Uint8Array;
}

export function bytesFromBase64(text: string): Uint8Array {
  const native = (Uint8Array as unknown as Uint8ArrayWithBase64).fromBase64;
  if (typeof native === "function") return native(text);
  const nodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: string): Uint8Array } }).Buffer;
  if (nodeBuffer !== undefined) return nodeBuffer.from(text, "base64");
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
