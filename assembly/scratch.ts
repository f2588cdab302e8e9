// Two fixed I/O regions in linear memory. The TypeScript side copies a chunk
// in, runs one kernel over it, and copies the result out; inputs larger than a
// region are looped through it in chunks, so memory never grows with input size.

/** Bytes in each scratch region. */
export const SCRATCH_BYTES: i32 = 131072;

const scratchIn = memory.data(SCRATCH_BYTES, 16);
const scratchOut = memory.data(SCRATCH_BYTES, 16);

export function scratchInPtr(): usize {
  return scratchIn;
}

export function scratchOutPtr(): usize {
  return scratchOut;
}

export function scratchBytes(): i32 {
  return SCRATCH_BYTES;
}
