// What the Converter tests share: wire bytes ⇄ PCM16 by independent means
// (the library's G.711 functions, DataView in the wire's byte order), and
// feeding a converter in seeded random chunks.

import { expect } from "vitest";
import { alawDecode, alawEncode, ulawDecode, ulawEncode, type Converter, type Encoding } from "telaudio";
import type { Rng } from "./_seeded.js";

/** Wire bytes → PCM16, by the library's G.711 decoders or DataView in the wire's byte order (not G.722). */
export function decodeWire(bytes: Uint8Array, encoding: Encoding): Int16Array {
  if (encoding === "ulaw") return ulawDecode(bytes);
  if (encoding === "alaw") return alawDecode(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int16Array.from({ length: bytes.length >> 1 }, (_, i) => view.getInt16(2 * i, encoding === "l16le"));
}

/** PCM16 → wire bytes, the other way. */
export function encodeWire(samples: Int16Array, encoding: Encoding): Uint8Array {
  if (encoding === "ulaw") return ulawEncode(samples);
  if (encoding === "alaw") return alawEncode(samples);
  const bytes = new Uint8Array(2 * samples.length);
  const view = new DataView(bytes.buffer);
  samples.forEach((sample, i) => view.setInt16(2 * i, sample, encoding === "l16le"));
  return bytes;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Feeds `input` in random chunks (empty, odd, body-and-tail lengths), alternately into a new array and into a dst at an offset. */
export function runChunked(converter: Converter, input: Uint8Array, random: Rng, maxChunk: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let at = 0; at < input.length; ) {
    const size = Math.min(input.length - at, random() < 0.1 ? 0 : random.int(1, maxChunk));
    const chunk = input.subarray(at, at + size);
    const expected = converter.outputLength(chunk.length);
    if (random() < 0.5) {
      const out = converter.process(chunk);
      expect(out.length).toBe(expected);
      parts.push(out);
    } else {
      // dst at an odd byte offset, with room to spare: the result is a view of its start
      const backing = new Uint8Array(expected + 9);
      const dst = backing.subarray(1);
      const out = converter.process(chunk, dst);
      expect(out.length).toBe(expected);
      expect(out.buffer).toBe(backing.buffer);
      expect(out.byteOffset).toBe(1);
      parts.push(out.slice());
    }
    at += size;
  }
  return concat(parts);
}
