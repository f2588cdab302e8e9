// Inputs laid out so that every PCM16 input (every code) passes through the
// kernels' scalar tail, not only their SIMD body. The G.711 kernels take 16
// samples a SIMD step (the fused decode 8) and the last length % 16 one at a
// time by table (assembly/g711.ts); one call over all 65,536 inputs never
// reaches that table. So: many calls of length n, for n = 1…15 (all tail)
// and 17, 31 (one SIMD step, then a tail of 1 or 15).

import { expect } from "vitest";
import { allSamples, expectedCodes, expectedDecodeTable } from "./_itu-vectors.js";

export const LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 31];
const SIMD_STEP = 16;

export interface Layout<T extends Int16Array | Uint8Array> {
  /** Call length. */
  readonly n: number;
  /** The concatenated inputs of all calls; call j is [j·n, (j + 1)·n). */
  readonly input: T;
  readonly calls: number;
}

function tailOf(n: number): { body: number; tail: number } {
  const tail = n % SIMD_STEP;
  if (tail === 0) throw new RangeError(`calls of ${n} have no tail`);
  return { body: n - tail, tail };
}

/**
 * Calls of n samples whose tails, in order, hold all 65,536 inputs; the
 * SIMD steps before them hold other inputs (a stride through all of them).
 */
export function sampleLayout(n: number): Layout<Int16Array> {
  const { body, tail } = tailOf(n);
  const calls = Math.ceil(65536 / tail);
  const input = new Int16Array(calls * n);
  for (let j = 0; j < calls; j++) {
    for (let k = 0; k < body; k++) input[j * n + k] = ((j * body + k) * 7919) & 0xffff;
    for (let i = 0; i < tail; i++) input[j * n + body + i] = (j * tail + i) & 0xffff;
  }
  return { n, input, calls };
}

/** 256 calls of n codes: every code at every tail position (the SIMD steps take a stride through the codes). */
export function codeLayout(n: number): Layout<Uint8Array> {
  const { body, tail } = tailOf(n);
  const calls = 256;
  const input = new Uint8Array(calls * n);
  for (let j = 0; j < calls; j++) {
    for (let k = 0; k < body; k++) input[j * n + k] = ((j * body + k) * 37) & 0xff;
    for (let i = 0; i < tail; i++) input[j * n + body + i] = (j + i) & 0xff;
  }
  return { n, input, calls };
}

/** Which inputs (as u16) the tails of `layout` reach: the layout's own check. */
export function tailCoverage(layout: Layout<Int16Array> | Layout<Uint8Array>, size: number): number {
  const { body } = tailOf(layout.n);
  const seen = new Uint8Array(size);
  for (let j = 0; j < layout.calls; j++) {
    for (let p = j * layout.n + body; p < (j + 1) * layout.n; p++) seen[layout.input[p] & (size - 1)] = 1;
  }
  return seen.reduce((sum, x) => sum + x, 0);
}

const layouts = new Map<string, Layout<Int16Array> | Layout<Uint8Array>>();

export function cachedSampleLayout(n: number): Layout<Int16Array> {
  const key = `s${n}`;
  if (!layouts.has(key)) layouts.set(key, sampleLayout(n));
  return layouts.get(key) as Layout<Int16Array>;
}

export function cachedCodeLayout(n: number): Layout<Uint8Array> {
  const key = `c${n}`;
  if (!layouts.has(key)) layouts.set(key, codeLayout(n));
  return layouts.get(key) as Layout<Uint8Array>;
}

/** G.191's code for each input, indexed by the input as u16 (from the ITU vectors, not the code under test). */
export function encodeTable(law: "ulaw" | "alaw"): Uint8Array {
  const codes = expectedCodes(law);
  const table = new Uint8Array(65536);
  for (let i = 0; i < allSamples.length; i++) table[allSamples[i] & 0xffff] = codes[i];
  return table;
}

export { expectedDecodeTable as decodeTable };

/** Fails at the first output that differs from G.191, naming the call length, position and input. */
export function expectEncoded(layout: Layout<Int16Array>, got: Uint8Array, table: Uint8Array): void {
  expect(got.length).toBe(layout.input.length);
  for (let p = 0; p < got.length; p++) {
    const x = layout.input[p];
    if (got[p] !== table[x & 0xffff]) {
      expect.fail(`calls of ${layout.n}: position ${p % layout.n} of call ${Math.floor(p / layout.n)}, input ${x}: code ${got[p]}, G.191 ${table[x & 0xffff]}`);
    }
  }
}

export function expectDecoded(layout: Layout<Uint8Array>, got: Int16Array, table: Int16Array): void {
  expect(got.length).toBe(layout.input.length);
  for (let p = 0; p < got.length; p++) {
    const code = layout.input[p];
    if (got[p] !== table[code]) {
      expect.fail(`calls of ${layout.n}: position ${p % layout.n} of call ${Math.floor(p / layout.n)}, code ${code}: sample ${got[p]}, G.191 ${table[code]}`);
    }
  }
}

/** `bytes` copied to an odd byteOffset (as Node's pooled Buffers often are). */
export function atOddOffset(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length + 1).subarray(1);
  copy.set(bytes);
  return copy;
}

export function bytesOf(samples: Int16Array): Uint8Array {
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}
