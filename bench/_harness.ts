// A thin layer over tinybench: groups of alternatives for one job, run in one
// process, reported as medians and as ratios to telaudio.
//
// A 20 ms frame takes well under a microsecond for some alternatives, below
// the timer's resolution; each tinybench sample therefore times `batch`
// consecutive calls and the figures are divided by `batch`.

import { Bench, hrtimeNowTimestampProvider } from "tinybench";
import os from "node:os";

export interface Alternative {
  name: string;
  run: () => unknown;
}

export interface Job {
  title: string;
  /** Calls per timed sample. */
  batch: number;
  alternatives: Alternative[];
}

export interface Row {
  job: string;
  name: string;
  medianNs: number;
  /** This one's median over the job's first alternative's (telaudio): > 1 means slower. */
  ratioToFirst: number;
  samples: number;
}

let sink: unknown;

export async function runJob(job: Job, timeMs = Number(process.env.BENCH_TIME_MS ?? 500)): Promise<Row[]> {
  const bench = new Bench({ time: timeMs, warmup: true, timestampProvider: hrtimeNowTimestampProvider });
  for (const alternative of job.alternatives) {
    const run = alternative.run;
    const batch = job.batch;
    bench.add(alternative.name, () => {
      for (let i = 0; i < batch; i++) sink = run();
    });
  }
  await bench.run();
  const medians = bench.tasks.map((task) => {
    const result = task.result as { latency?: { p50: number; samplesCount?: number }; state: string; error?: unknown };
    if (result.latency === undefined) throw new Error(`${job.title} / ${task.name}: ${result.state}`, { cause: result.error });
    return { name: task.name, medianNs: (result.latency.p50 * 1e6) / job.batch, samples: result.latency.samplesCount ?? 0 };
  });
  const first = medians[0].medianNs;
  return medians.map((m) => ({
    job: job.title,
    name: m.name,
    medianNs: m.medianNs,
    ratioToFirst: m.medianNs / first,
    samples: m.samples,
  }));
}

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `Node ${process.version}, ${os.cpus().length} × ${cpu}, ${os.platform()} ${os.arch()}`;
}

function formatNs(ns: number): string {
  return ns >= 100_000 ? `${(ns / 1000).toFixed(0)} µs` : ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`;
}

/** A Markdown table: job, alternative, median per call, ratio to the job's first row. */
export function markdownTable(rows: Row[]): string {
  const lines = ["| job | implementation | median per call | time vs first row |", "|---|---|---:|---:|"];
  for (const row of rows) {
    lines.push(`| ${row.job} | ${row.name} | ${formatNs(row.medianNs)} | ${row.ratioToFirst.toFixed(2)}× |`);
  }
  return lines.join("\n");
}
