// `npm run soak`: one call leg fed a simulated day of 20 ms frames
// (4,320,000 each way) through the fused paths, with caller-owned buffers.
// Checks that the counts stay exact and memory flat; prints the figures the
// README quotes. Not a unit test: it takes a while.

import { initSync, memoryUsage, Pcm16ToUlaw, UlawToPcm16 } from "telaudio";
import { machineLine } from "./_harness.js";
import { spliceIntoReadme } from "./_readme.js";

const FRAMES = Number(process.env.SOAK_FRAMES ?? 4_320_000);
initSync();
const inbound = new UlawToPcm16();
const outbound = new Pcm16ToUlaw();
const codes = Uint8Array.from({ length: 160 }, (_, i) => (i * 37) & 0xff);
const pcm = new Int16Array(480);
const back = new Uint8Array(160);
const heapAt = () => process.memoryUsage().heapUsed;

let samplesOut = 0;
let codesBack = 0;
const started = performance.now();
const heapStart = heapAt();
const wasmStart = memoryUsage().wasmBytes;
let heapPeak = heapStart;
for (let frame = 1; frame <= FRAMES; frame++) {
  samplesOut += inbound.process(codes, pcm).length;
  codesBack += outbound.process(pcm, back).length;
  if (frame % 432_000 === 0) {
    heapPeak = Math.max(heapPeak, heapAt());
    // After any call: exactly floor(inputs × to / from).
    if (samplesOut !== frame * 480 || codesBack !== frame * 160) throw new Error(`count drift at frame ${frame}: ${samplesOut}, ${codesBack}`);
    process.stderr.write(`${((frame / FRAMES) * 24).toFixed(1)} h of audio\n`);
  }
}
const seconds = (performance.now() - started) / 1000;
const report = [
  `Soak: ${FRAMES.toLocaleString("en-US")} frames of 20 ms each way (${(FRAMES / 180_000).toFixed(1)} h of audio), one leg, fused voice paths.`,
  `- counts exact: ${samplesOut.toLocaleString("en-US")} samples at 24 kHz in, ${codesBack.toLocaleString("en-US")} codes at 8 kHz back (${FRAMES} × 480, × 160)`,
  `- wall time ${seconds.toFixed(1)} s (${((seconds / FRAMES) * 1e6).toFixed(2)} µs per leg-frame, both directions)`,
  `- wasm memory ${wasmStart} B at start, ${memoryUsage().wasmBytes} B at the end`,
  `- JS heap ${(heapStart / 1e6).toFixed(1)} MB at start, peak ${(heapPeak / 1e6).toFixed(1)} MB, ${(heapAt() / 1e6).toFixed(1)} MB at the end`,
  `- ${machineLine()}`,
].join("\n");
console.log(report);
if (FRAMES === 4_320_000) spliceIntoReadme("soak", report);
if (memoryUsage().wasmBytes !== wasmStart) process.exitCode = 1;
