// `npm run bench`: every benchmark, one process, one table.
// Writes the table to stdout, to bench/results.md and (a full run) into
// README.md; a full run then measures allocation per frame
// (bench/allocation.ts, its own process, also into README.md).

import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { g711Jobs, loaderOverheadJob } from "./g711.js";
import { g722Jobs } from "./g722.js";
import { recorderJobs } from "./recorder.js";
import { resamplerJobs } from "./resampler.js";
import { bridgeJobs } from "./bridge.js";
import { converterJobs } from "./converter.js";
import { profileJobs } from "./profiles.js";
import { nativeRows } from "./native.js";
import { machineLine, markdownTable, runJob, type Row } from "./_harness.js";
import { spliceIntoReadme } from "./_readme.js";

const rows: Row[] = [];
const only = process.argv[2]; // e.g. `npm run bench -- resample` runs the jobs whose title contains it
const jobs = [
  ...g711Jobs(),
  loaderOverheadJob(),
  ...g722Jobs(),
  ...(await resamplerJobs()),
  ...(await bridgeJobs()),
  ...(await converterJobs()),
  ...profileJobs(),
  ...recorderJobs(),
].filter((job) => only === undefined || job.title.includes(only));
for (const job of jobs) {
  process.stderr.write(`running: ${job.title}\n`);
  rows.push(...(await runJob(job)));
}
// telaudio vs the same work in native C (a message and no rows without gcc)
rows.push(...(await nativeRows(only)));

/**
 * Full-duplex call legs one core sustains: every 20 ms a leg converts one
 * frame each way, so a core fits 20 ms / (time for both) legs, if it did
 * nothing else (no sockets, no JSON): an upper bound for the audio part.
 */
function capacity(): string[] {
  const median = (job: string, name: string) => rows.find((r) => r.job.startsWith(job) && r.name.startsWith(name))?.medianNs;
  const lines: string[] = [];
  const add = (label: string, ns: number | undefined) => {
    if (ns !== undefined) lines.push(`- ${label}: ${(ns / 1000).toFixed(2)} µs per leg-frame → ${Math.floor(20e6 / ns).toLocaleString("en-US")} full-duplex legs per core`);
  };
  add("telaudio, arrays with dst (fused voice)", median("full-duplex leg", "telaudio"));
  add("alawmulaw + speexdsp SIMD q3, arrays", median("full-duplex leg", "alawmulaw + speexdsp SIMD q3"));
  const inbound = median("inbound message", "telaudio");
  const outbound = median("outbound message", "telaudio");
  if (inbound !== undefined && outbound !== undefined) add("telaudio, base64 messages both ways", inbound + outbound);
  const speexIn = median("inbound message", "alawmulaw + speexdsp");
  const speexOut = median("outbound message", "speexdsp");
  if (speexIn !== undefined && speexOut !== undefined) add("alawmulaw + speexdsp q3, base64 messages both ways", speexIn + speexOut);
  return lines.length > 0 ? ["", "Capacity (20 ms ÷ time per leg-frame; the audio work alone):", "", ...lines] : [];
}

const report = [
  `Machine: ${machineLine()}`,
  `Date: ${new Date().toISOString().slice(0, 10)}; medians of tinybench samples (each sample times a batch of calls), ${process.env.BENCH_TIME_MS ?? 500} ms per alternative.`,
  "",
  markdownTable(rows),
  ...capacity(),
  "",
].join("\n");
process.stdout.write(report);
writeFileSync(new URL("./results.md", import.meta.url), report);
if (only === undefined) {
  spliceIntoReadme("bench", report);
  // JS heap bytes per frame on the hot paths (its own process: it needs --expose-gc and a large young generation).
  process.stderr.write("running: allocation per frame (bench/allocation.ts)\n");
  const allocation = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./allocation.ts", import.meta.url))], { stdio: "inherit" });
  if (allocation.status !== 0) process.exitCode = allocation.status ?? 1;
}
// LiveKit's native FFI library (bench/resampler.ts) keeps the event loop alive.
process.exit(process.exitCode ?? 0);
