// Inputs of the native C baseline (bench/native/telaudio_native.c), written
// from the library's own code so both sides filter with the same f32 taps:
// designPrototype('voice', 3) laid out by src/_filters.ts phaseLayout, for
// 8k → 24k (L = 3: three phases) and 24k → 8k (M = 3: one phase), exactly as
// phaseTable() lays them out in wasm memory.
//
// src/_filters.ts imports src/_load.ts, which imports the .wasm file (a base64
// string under tsup's loader); ./wasm-hook.mjs stands in for that import so
// phaseLayout can be imported from source without bundling.

import { register } from "node:module";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ulawEncode } from "telaudio";
import { createResamplerState, type Kernels } from "../../src/_kernels.js";

export const FRAMES = 200;
/** Bytes of one frame in frames.bin: 160 codes, 160 PCM16 at 8k, 480 PCM16 at 24k. */
export const FRAME_BYTES = 160 + 2 * 160 + 2 * 480;

export interface Layout {
  taps: Float32Array;
  tapsPerPhase: number;
  leadingZeros: number;
}

/** src/_folding.ts foldUp3: the table the ×3 kernel reads for a linear-phase prototype. */
export interface Folded {
  taps: Float32Array;
  pairs: number;
  reach: number;
  selfPhase: number;
}

export interface NativeInputs {
  /** phaseLayout(designPrototype('voice', 3).taps, 3): 8k → 24k. */
  up: Layout;
  /** foldUp3(designPrototype('voice', 3).taps): what 8k → 24k runs on (voice is linear phase). */
  upFolded: Folded;
  /** phaseLayout(designPrototype('voice', 3).taps, 1): 24k → 8k. */
  down: Layout;
  frames: { codes: Uint8Array; pcm8k: Int16Array; pcm24k: Int16Array }[];
  /** Chunk lengths cutting the concatenated pcm8k (up) and pcm24k (down) streams. */
  upChunks: number[];
  downChunks: number[];
}

let hooked = false;

async function layouts(): Promise<{ up: Layout; down: Layout; upFolded: Folded }> {
  if (!hooked) {
    register(new URL("./wasm-hook.mjs", import.meta.url));
    hooked = true;
  }
  const { phaseLayout } = await import("../../src/_filters.js");
  const { designPrototype } = await import("../../src/design/prototype.js");
  const { foldUp3 } = await import("../../src/_folding.js");
  const h = designPrototype("voice", 3).taps;
  return { up: phaseLayout(h, 3), down: phaseLayout(h, 1), upFolded: foldUp3(h) };
}

/** The timed frame: the signal of bench/bridge.ts. */
function speech(count: number, rate: number): Int16Array {
  return Int16Array.from({ length: count }, (_, i) => Math.round(7000 * Math.sin((2 * Math.PI * 310 * i) / rate) + 4000 * Math.sin((2 * Math.PI * 1630 * i) / rate)));
}

/** Deterministic 32-bit generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Signals that reach every path: full-scale noise and square waves (the
 * upsampler overshoots: saturation), tones at random levels, silence, lone
 * full-scale impulses, tiny values; codes uniformly random (the whole table).
 */
function testSignal(count: number, kind: number, next: () => number): Int16Array {
  const out = new Int16Array(count);
  const level = 32768 * next();
  const f1 = next() * 0.5;
  const f2 = next() * 0.5;
  for (let i = 0; i < count; i++) {
    let v: number;
    switch (kind) {
      case 0: v = Math.floor(next() * 65536) - 32768; break;
      case 1: v = level * (0.6 * Math.sin(2 * Math.PI * f1 * i) + 0.4 * Math.sin(2 * Math.PI * f2 * i)); break;
      case 2: v = 0; break;
      case 3: v = next() < 0.03 ? (next() < 0.5 ? -32768 : 32767) : 0; break;
      case 4: v = Math.floor(i / (2 + Math.floor(f1 * 40))) % 2 === 0 ? 32767 : -32768; break;
      default: v = Math.floor(next() * 7) - 3; break;
    }
    out[i] = Math.max(-32768, Math.min(32767, Math.round(v)));
  }
  return out;
}

function chunking(total: number, next: () => number): number[] {
  const chunks: number[] = [];
  let left = total;
  while (left > 0) {
    // mostly short and odd lengths (scalar edges), sometimes long ones
    const n = Math.min(left, next() < 0.8 ? 1 + Math.floor(next() * 70) : 1 + Math.floor(next() * 3000));
    chunks.push(n);
    left -= n;
  }
  return chunks;
}

export async function nativeInputs(): Promise<NativeInputs> {
  const { up, down, upFolded } = await layouts();
  const next = random(0x7e1a0d10);
  const frames: NativeInputs["frames"] = [];
  const first = speech(160, 8000);
  frames.push({ codes: ulawEncode(first), pcm8k: first, pcm24k: speech(480, 24000) });
  for (let f = 1; f < FRAMES; f++) {
    const codes = Uint8Array.from({ length: 160 }, () => Math.floor(next() * 256));
    frames.push({ codes, pcm8k: testSignal(160, f % 6, next), pcm24k: testSignal(480, (f + 3) % 6, next) });
  }
  return { up, down, upFolded, frames, upChunks: chunking(FRAMES * 160, next), downChunks: chunking(FRAMES * 480, next) };
}

/** Writes taps.bin and frames.bin (formats in telaudio_native.c) into `dir`. */
export function writeNativeInputs(dir: string, inputs: NativeInputs): void {
  mkdirSync(dir, { recursive: true });
  const { up, down, upFolded } = inputs;
  const header = [up.tapsPerPhase, up.leadingZeros, down.tapsPerPhase, down.leadingZeros, upFolded.pairs, upFolded.reach, upFolded.selfPhase];
  const tables = [up.taps, down.taps, upFolded.taps];
  const taps = Buffer.alloc(4 + 4 * header.length + tables.reduce((n, t) => n + t.byteLength, 0));
  taps.write("TLTP", 0, "latin1");
  header.forEach((value, i) => taps.writeUInt32LE(value, 4 + 4 * i));
  let offset = 4 + 4 * header.length;
  for (const table of tables) {
    Buffer.from(table.buffer, table.byteOffset, table.byteLength).copy(taps, offset);
    offset += table.byteLength;
  }
  writeFileSync(join(dir, "taps.bin"), taps);

  const { frames, upChunks, downChunks } = inputs;
  const size = 8 + frames.length * FRAME_BYTES + 4 + 2 * upChunks.length + 4 + 2 * downChunks.length;
  const file = Buffer.alloc(size);
  file.write("TLFR", 0, "latin1");
  file.writeUInt32LE(frames.length, 4);
  let at = 8;
  for (const frame of frames) {
    file.set(frame.codes, at);
    Buffer.from(frame.pcm8k.buffer, frame.pcm8k.byteOffset, 320).copy(file, at + 160);
    Buffer.from(frame.pcm24k.buffer, frame.pcm24k.byteOffset, 960).copy(file, at + 480);
    at += FRAME_BYTES;
  }
  for (const chunks of [upChunks, downChunks]) {
    file.writeUInt32LE(chunks.length, at);
    at += 4;
    for (const n of chunks) {
      file.writeUInt16LE(n, at);
      at += 2;
    }
  }
  writeFileSync(join(dir, "frames.bin"), file);
}

/**
 * Streams on a raw instance of telaudio's wasm over the inputs' tables, as
 * src/_filters.ts builds them: 8k → 24k on the folded table (voice is
 * linear phase), 24k → 8k on the plain one. Each call makes a fresh stream.
 */
export function rawStreams(raw: Kernels, inputs: NativeInputs): { up: () => number; down: () => number } {
  const copyIn = (values: Float32Array) => {
    const ptr = raw.allocate(values.byteLength);
    new Float32Array(raw.memory.buffer, ptr, values.length).set(values);
    return ptr;
  };
  const up = copyIn(inputs.up.taps);
  const down = copyIn(inputs.down.taps);
  const folded = copyIn(inputs.upFolded.taps);
  const { pairs, reach, selfPhase } = inputs.upFolded;
  return {
    up: () => createResamplerState(raw, { ptr: up, up: 3, down: 1, ...inputs.up, folded: { ptr: folded, pairs, reach, selfPhase } }),
    down: () => createResamplerState(raw, { ptr: down, up: 1, down: 3, ...inputs.down }),
  };
}
