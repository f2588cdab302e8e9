// Loads the ITU-T G.191 G.711 vectors from vectors/itu-g711/, refusing any
// file whose CRC-32 differs from the manifest.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const directory = fileURLToPath(new URL("../vectors/itu-g711/", import.meta.url));

interface Manifest {
  files: Record<string, { crc32: string }>;
}

const manifest = JSON.parse(readFileSync(directory + "manifest.json", "utf8")) as Manifest;

export function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

export function vectorFileNames(): string[] {
  return Object.keys(manifest.files);
}

export function vectorBytes(name: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(directory + name));
  const expected = manifest.files[name]?.crc32;
  const actual = crc32(bytes).toString(16).toUpperCase().padStart(8, "0");
  if (actual !== expected) throw new Error(`vectors/itu-g711/${name}: CRC-32 ${actual}, manifest says ${expected}`);
  return bytes;
}

/** A vector file as its 65,536 little-endian 16-bit words. */
export function vectorWords(name: string): Int16Array {
  const bytes = vectorBytes(name);
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
}

/** Every int16 in ascending order (the content of sweep.src). */
export const allSamples = vectorWords("sweep.src");

/** The code G.191 gives each of `allSamples`. */
export function expectedCodes(law: "ulaw" | "alaw"): Uint8Array {
  const words = vectorWords(law === "ulaw" ? "sweep-r.u" : "sweep-r.a");
  return Uint8Array.from(words, (word) => word & 0xff);
}

/** G.191 encode-then-decode of each of `allSamples`. */
export function expectedRoundTrip(law: "ulaw" | "alaw"): Int16Array {
  return vectorWords(law === "ulaw" ? "sweep-r.u-u" : "sweep-r.a-a");
}

/**
 * The G.191 decoded value of every code 0…255, read off the vectors: each
 * code occurs among the encodes, and each occurrence must decode alike.
 */
export function expectedDecodeTable(law: "ulaw" | "alaw"): Int16Array {
  const codes = expectedCodes(law);
  const decoded = expectedRoundTrip(law);
  const table = new Int16Array(256);
  const seen = new Uint8Array(256);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (seen[code] && table[code] !== decoded[i]) throw new Error(`${law} code ${code} decodes two ways in the vectors`);
    table[code] = decoded[i];
    seen[code] = 1;
  }
  if (seen.includes(0)) throw new Error(`${law}: not every code occurs in the vectors`);
  return table;
}
