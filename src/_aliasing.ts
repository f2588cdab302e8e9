// Long inputs are processed in scratch-sized pieces; when the output array
// shares memory with the input, a piece's output could overwrite input not
// yet read. Such an input is copied first (short inputs, one piece, need not be).

/** `src`, or a copy of it when it overlaps `dst` in memory. */
export function unaliased<T extends Int16Array | Uint8Array>(src: T, dst: ArrayBufferView): T {
  if (src.buffer !== dst.buffer) return src;
  const overlaps = src.byteOffset < dst.byteOffset + dst.byteLength && dst.byteOffset < src.byteOffset + src.byteLength;
  return overlaps ? (src.slice() as T) : src;
}
