// Run by test/memory.test.ts with --expose-gc, in a fresh process: streams
// dropped without dispose() must be freed by the FinalizationRegistry, so a
// second batch reuses the first batch's memory instead of growing it.
import { initSync, memoryUsage, Resampler } from "../../dist/index.js";

initSync();
const STREAMS = 10_000;
const frame = new Int16Array(160);

function forget() {
  for (let i = 0; i < STREAMS; i++) new Resampler({ from: 8000, to: 24000 }).process(frame);
}

async function collect() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 20)); // finalizers run between tasks
  }
}

const start = memoryUsage().wasmBytes;
forget();
const afterFirst = memoryUsage().wasmBytes;
const streamsBeforeCollect = memoryUsage().streams;
await collect();
const streamsAfterCollect = memoryUsage().streams;
forget();
const afterSecond = memoryUsage().wasmBytes;
console.log(JSON.stringify({ start, afterFirst, afterSecond, streamsBeforeCollect, streamsAfterCollect }));
