// Run by test/memory.test.ts in a child process with --expose-gc (vitest's
// workers have no gc()). Prints one JSON line of measurements.
import { initSync, memoryUsage, Pcm16ToUlaw, UlawToPcm16, Resampler } from "../../dist/index.js";

initSync();
const STREAMS = 10_000;
const ROUNDS = 10;
const codes = new Uint8Array(160).fill(0x55);
const pcm = new Int16Array(480).fill(1234);
const pcmOut = new Int16Array(480);
const codesOut = new Uint8Array(160);

function settle() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

const wasmBefore = memoryUsage().wasmBytes;
// Warm the filter tables (designed once per preset and ratio, kept for the process).
new UlawToPcm16().dispose();
new Pcm16ToUlaw().dispose();
const wasmWithTables = memoryUsage().wasmBytes;

const rounds = [];
let bytesPerLeg = 0;
for (let round = 0; round < ROUNDS; round++) {
  const legs = [];
  for (let i = 0; i < STREAMS; i++) legs.push([new UlawToPcm16(), new Pcm16ToUlaw()]);
  for (const [inbound, outbound] of legs) {
    inbound.process(codes, pcmOut);
    outbound.process(pcm, codesOut);
  }
  const wasmLive = memoryUsage().wasmBytes;
  if (round === 0) bytesPerLeg = (wasmLive - wasmWithTables) / STREAMS;
  for (const [inbound, outbound] of legs) {
    inbound.dispose();
    outbound.dispose();
  }
  legs.length = 0;
  rounds.push({ wasmBytes: memoryUsage().wasmBytes, heapUsed: settle() });
}

console.log(JSON.stringify({ wasmBefore, wasmWithTables, bytesPerLeg, rounds }));
