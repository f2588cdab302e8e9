// A/B of kernel builds: two or more .wasm files (say, dist/telaudio.wasm
// before and after a change to assembly/) run the same 20 ms voice frames
// through their raw exports, side by side in one process. Prints whether
// each build's outputs equal the first's, bit for bit, then the medians of
// 8k → 24k, 24k → 8k and the fused μ-law leg per frame, as ratios to the
// first build. The per-lever figures in the README came from this.
//
//   npm run build:wasm && cp dist/telaudio.wasm /tmp/before.wasm
//   (change assembly/) && npm run build:wasm
//   npx tsx bench/kernels-ab.ts /tmp/before.wasm dist/telaudio.wasm
//
// Builds from before the folded ×3 kernel ignore its arguments and run the
// plain loops (their outputs then differ in the last bit, as expected).

import { readFileSync } from "node:fs";
import { initSync } from "telaudio";
import { markdownTable, machineLine, runJob, type Row } from "./_harness.js";
import { SampleFormat, type Kernels } from "../src/_kernels.js";
import { nativeInputs, rawStreams } from "./native/inputs.js";

const { Pcm16: PCM16, Ulaw: ULAW } = SampleFormat;

const files = process.argv.slice(2);
if (files.length === 0) files.push(new URL("../dist/telaudio.wasm", import.meta.url).pathname);
initSync(); // the inputs' μ-law frame is encoded by the library
const inputs = await nativeInputs();

function kit(file: string) {
  const raw = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), { env: { abort: () => {} } }).exports as unknown as Kernels;
  const make = rawStreams(raw, inputs);
  const streams = () => ({ up: make.up(), down: make.down() });
  const inPtr = raw.scratchInPtr();
  const outPtr = raw.scratchOutPtr();
  const heap = () => new Uint8Array(raw.memory.buffer);
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

  // Every frame through fresh streams: 8k → 24k, 24k → 8k, and the fused leg.
  const outputs: Uint8Array[] = [];
  const checked = streams();
  const leg = streams();
  const run = (state: number, input: Uint8Array, count: number, format: SampleFormat, output: SampleFormat, width: number) => {
    heap().set(input, inPtr);
    const produced = raw.resamplerProcess(state, inPtr, count, outPtr, format, output);
    outputs.push(heap().slice(outPtr, outPtr + width * produced));
  };
  for (const frame of inputs.frames) {
    run(checked.up, bytes(frame.pcm8k), 160, PCM16, PCM16, 2);
    run(checked.down, bytes(frame.pcm24k), 480, PCM16, PCM16, 2);
    run(leg.up, frame.codes, 160, ULAW, PCM16, 2);
    run(leg.down, bytes(frame.pcm24k), 480, PCM16, ULAW, 1);
  }

  // Timed: frame 0 already in wasm memory, fresh streams.
  const frame = inputs.frames[0];
  const codesAt = inPtr;
  const pcm8kAt = inPtr + 256;
  const pcm24kAt = inPtr + 1024;
  heap().set(frame.codes, codesAt);
  heap().set(bytes(frame.pcm8k), pcm8kAt);
  heap().set(bytes(frame.pcm24k), pcm24kAt);
  const timed = streams();
  const timedLeg = streams();
  const out2 = outPtr + 2048;
  return {
    outputs,
    up: () => raw.resamplerProcess(timed.up, pcm8kAt, 160, outPtr, PCM16, PCM16),
    down: () => raw.resamplerProcess(timed.down, pcm24kAt, 480, out2, PCM16, PCM16),
    leg: () => (raw.resamplerProcess(timedLeg.up, codesAt, 160, outPtr, ULAW, PCM16), raw.resamplerProcess(timedLeg.down, pcm24kAt, 480, out2, PCM16, ULAW)),
  };
}

const kits = files.map(kit);
for (let i = 1; i < kits.length; i++) {
  let differing = 0;
  kits[i].outputs.forEach((output, j) => {
    const first = kits[0].outputs[j];
    if (output.length !== first.length) differing += Math.max(output.length, first.length);
    else for (let k = 0; k < output.length; k++) if (output[k] !== first[k]) differing++;
  });
  console.log(`${files[i]}: ${differing === 0 ? "bit-identical to" : `${differing} bytes differ from`} ${files[0]}`);
}

const rows: Row[] = [];
for (const job of ["up", "down", "leg"] as const) {
  const title = { up: "8k → 24k voice, 160 samples", down: "24k → 8k voice, 480 samples", leg: "fused μ-law leg, both directions" }[job];
  rows.push(...(await runJob({ title, batch: 20, alternatives: kits.map((k, i) => ({ name: files[i], run: k[job] })) })));
}
console.log(`\n${machineLine()}\n`);
console.log(markdownTable(rows));
