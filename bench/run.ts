// `npm run bench`: every benchmark, one process, one table.
// Writes the table to stdout, to bench/results.md and (a full run) into README.md.

import { writeFileSync } from "node:fs";
import { g711Jobs, loaderOverheadJob } from "./g711.js";
import { resamplerJobs } from "./resampler.js";
import { bridgeJobs } from "./bridge.js";
import { machineLine, markdownTable, runJob, type Row } from "./_harness.js";
import { spliceIntoReadme } from "./_readme.js";

const rows: Row[] = [];
const only = process.argv[2]; // e.g. `npm run bench -- resample` runs the jobs whose title contains it
const jobs = [...g711Jobs(), loaderOverheadJob(), ...(await resamplerJobs()), ...(await bridgeJobs())].filter((job) => only === undefined || job.title.includes(only));
for (const job of jobs) {
  process.stderr.write(`running: ${job.title}\n`);
  rows.push(...(await runJob(job)));
}

const report = [
  `Machine: ${machineLine()}`,
  `Date: ${new Date().toISOString().slice(0, 10)}; medians of tinybench samples (each sample times a batch of calls), ${process.env.BENCH_TIME_MS ?? 500} ms per alternative.`,
  "",
  markdownTable(rows),
  "",
].join("\n");
process.stdout.write(report);
writeFileSync(new URL("./results.md", import.meta.url), report);
if (only === undefined) spliceIntoReadme("bench", report);
