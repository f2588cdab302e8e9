// Loads the ITU-T G.722 vectors from vectors/itu-g722/, refusing any file
// whose CRC-32 or size differs from the manifest.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { crc32 } from "./_itu-vectors.js";

const directory = fileURLToPath(new URL("../vectors/itu-g722/", import.meta.url));

interface Manifest {
  files: Record<string, { crc32: string; bytes: number }>;
}

const manifest = JSON.parse(readFileSync(directory + "manifest.json", "utf8")) as Manifest;

export function g722VectorNames(): string[] {
  return Object.keys(manifest.files);
}

export function g722Bytes(name: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(directory + name));
  const entry = manifest.files[name];
  const actual = crc32(bytes).toString(16).toUpperCase().padStart(8, "0");
  if (entry === undefined || actual !== entry.crc32 || bytes.length !== entry.bytes) {
    throw new Error(`vectors/itu-g722/${name}: CRC-32 ${actual}, ${bytes.length} bytes; manifest says ${entry?.crc32}, ${entry?.bytes}`);
  }
  return bytes;
}

/** A vector file as little-endian 16-bit words. */
export function g722Words(name: string): Int16Array {
  const bytes = g722Bytes(name);
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
}
