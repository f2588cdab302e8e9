// Cold start: the time from initSync() to the first 20 ms frame out, in a
// fresh process (Node) or a fresh isolate (workerd, through miniflare), for
// the bridge's fused paths at 24 kHz, a TTS pair (44.1 → 16 kHz) and a pair
// whose filter is still designed at run time (32 → 8 kHz), in every preset;
// and the time to import the package. Medians of RUNS (default 11) starts.
// Prints a Markdown table and splices it into README.md (cold-start block).
//
//   npm run bench:cold-start
//   npx tsx bench/cold-start.ts --dist /tmp/old-dist   (another build's dist/; README left alone)
//
// workerd: Date.now() and performance.now() there tick in whole milliseconds
// (and do advance during a request under miniflare's local workerd), so its
// figures are whole ms; the import is timed by a module evaluated just
// before the package's.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { machineLine } from "./_harness.js";
import { spliceIntoReadme } from "./_readme.js";

import { QUALITIES } from "../src/_quality.js";
const RUNS = Number(process.env.RUNS ?? 11);

interface Case {
  name: string;
  /** Export to construct ("": none), its options (quality added), and the 20 ms input frame. */
  className: string;
  options: Record<string, number>;
  frame: "ulaw160" | "pcm480" | "pcm882" | "pcm640";
}

const CASES: Case[] = [
  { name: "`initSync()` alone", className: "", options: {}, frame: "ulaw160" },
  { name: "`UlawToPcm16`, 8 → 24 kHz", className: "UlawToPcm16", options: { to: 24000 }, frame: "ulaw160" },
  { name: "`Pcm16ToUlaw`, 24 → 8 kHz", className: "Pcm16ToUlaw", options: { from: 24000 }, frame: "pcm480" },
  { name: "`Resampler`, 44.1 → 16 kHz", className: "Resampler", options: { from: 44100, to: 16000 }, frame: "pcm882" },
  { name: "`Resampler`, 32 → 8 kHz (designed at run time)", className: "Resampler", options: { from: 32000, to: 8000 }, frame: "pcm640" },
];

const distIndex = process.argv.indexOf("--dist");
const DIST = distIndex > 0 ? new URL(`${process.argv[distIndex + 1].replace(/\/?$/, "/")}`, pathToFileURL(process.cwd() + "/")) : new URL("../dist/", import.meta.url);

/** Code that makes the case's stream and runs its first frame into `out`. */
function firstFrame(c: Case, quality: string): string {
  if (c.className === "") return "const out = { length: 0 };";
  return `const stream = new telaudio.${c.className}(${JSON.stringify({ ...c.options, quality })});
const out = stream.process(frame(${JSON.stringify(c.frame)}));`;
}

/** Source of a function making the case's 20 ms frame (a 1 kHz tone), run inside the child or the worker. */
const FRAME_SOURCE = `function frame(kind) {
  if (kind === "ulaw160") return Uint8Array.from({ length: 160 }, (_, i) => (i * 37) & 255);
  const n = Number(kind.slice(3));
  return Int16Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 20 * i) / n)));
}`;

interface Sample {
  importMs: number;
  firstFrameMs: number;
  /** Node only: the process's CPU time (all threads) over the same span. */
  firstFrameCpuMs?: number;
  outputs: number;
}

function nodeRun(c: Case, quality: string): Sample {
  const script = `${FRAME_SOURCE}
const t0 = performance.now();
const telaudio = await import(${JSON.stringify(new URL("index.js", DIST).href)});
const c1 = process.cpuUsage();
const t1 = performance.now();
telaudio.initSync();
${firstFrame(c, quality)}
const t2 = performance.now();
const c2 = process.cpuUsage(c1);
console.log(JSON.stringify({ importMs: t1 - t0, firstFrameMs: t2 - t1, firstFrameCpuMs: (c2.user + c2.system) / 1000, outputs: out.length }));`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as Sample;
}

/** One workerd process per run, one worker (a fresh isolate) per case and preset, each asked once, in rotating order. */
async function workerdRuns(): Promise<Map<string, Sample[]>> {
  const { Miniflare } = await import("miniflare");
  const dist = (name: string) => readFileSync(new URL(name, DIST));
  const workers = CASES.flatMap((c, i) =>
    QUALITIES.map((quality) => ({
      name: `case${i}-${quality}`,
      compatibilityDate: "2026-04-01",
      modulesRoot: "/w",
      modules: [
        {
          type: "ESModule" as const,
          path: "/w/worker.mjs",
          contents: `import { t0 } from "./clock.mjs";
import * as telaudio from "./dist/workerd.js";
const importMs = Date.now() - t0;
${FRAME_SOURCE}
export default {
  fetch() {
    const t1 = Date.now();
    telaudio.initSync();
    ${firstFrame(c, quality)}
    const t2 = Date.now();
    return Response.json({ importMs, firstFrameMs: t2 - t1, outputs: out.length });
  },
};`,
        },
        { type: "ESModule" as const, path: "/w/clock.mjs", contents: "export const t0 = Date.now();" },
        { type: "ESModule" as const, path: "/w/dist/workerd.js", contents: dist("workerd.js").toString("utf8") },
        { type: "ESModule" as const, path: "/w/dist/index.js", contents: dist("index.js").toString("utf8") },
        { type: "CompiledWasm" as const, path: "/w/dist/telaudio.wasm", contents: dist("telaudio.wasm") },
      ],
    })),
  );
  const samples = new Map<string, Sample[]>();
  for (let run = 0; run < RUNS; run++) {
    const mf = new Miniflare({ workers });
    try {
      // Rotated each run: the first request a workerd process serves costs more.
      for (const worker of [...workers.slice(run % workers.length), ...workers.slice(0, run % workers.length)]) {
        const fetcher = (await mf.getWorker(worker.name)) as unknown as { fetch(url: string): Promise<{ json(): Promise<unknown> }> };
        const sample = (await (await fetcher.fetch("http://localhost/")).json()) as Sample;
        samples.set(worker.name, [...(samples.get(worker.name) ?? []), sample]);
      }
    } finally {
      await mf.dispose();
    }
  }
  return samples;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const ms = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(1));

const nodeSamples = new Map<string, Sample[]>();
for (const [i, c] of CASES.entries()) {
  for (const quality of QUALITIES) {
    const runs: Sample[] = [];
    for (let run = 0; run < RUNS; run++) runs.push(nodeRun(c, quality));
    nodeSamples.set(`case${i}-${quality}`, runs);
    process.stderr.write(`node ${c.className} ${JSON.stringify(c.options)} ${quality}: ${ms(median(runs.map((s) => s.firstFrameMs)))} ms\n`);
  }
}

let workerdSamples: Map<string, Sample[]> | undefined;
let workerdProblem = "";
try {
  workerdSamples = await workerdRuns();
} catch (error) {
  workerdProblem = String(error);
  process.stderr.write(`workerd not measured: ${workerdProblem}\n`);
}

const lines = [
  `| initSync() → first 20 ms frame out, fresh process | preset | Node | Node, CPU time | workerd |`,
  `|---|---|---:|---:|---:|`,
];
for (const [i, c] of CASES.entries()) {
  for (const quality of QUALITIES) {
    const key = `case${i}-${quality}`;
    const node = nodeSamples.get(key)!;
    const workerd = workerdSamples?.get(key);
    lines.push(`| ${c.name} | ${quality} | ${ms(median(node.map((s) => s.firstFrameMs)))} ms | ${ms(median(node.map((s) => s.firstFrameCpuMs!)))} ms | ${workerd ? `${median(workerd.map((s) => s.firstFrameMs))} ms` : "–"} |`);
  }
}
const allNode = [...nodeSamples.values()].flat();
const allWorkerd = workerdSamples ? [...workerdSamples.values()].flat() : undefined;
lines.push(
  `| importing the package (before initSync) | all | ${ms(median(allNode.map((s) => s.importMs)))} ms | | ${allWorkerd ? `${median(allWorkerd.map((s) => s.importMs))} ms` : "–"} |`,
);
const report = [
  lines.join("\n"),
  "",
  `Medians of ${RUNS} fresh Node processes (wall: \`performance.now()\`; CPU: \`process.cpuUsage()\`, all threads, which a busy machine inflates less) and ${RUNS} workerd processes with a fresh isolate per row (miniflare; \`Date.now()\`, whole ms; load average ${os.loadavg()[0].toFixed(1)} at the end). ${machineLine()}. \`npm run bench:cold-start\`.`,
].join("\n");

const outputs = new Set(allNode.map((s) => s.outputs));
console.log(report);
if (workerdProblem) console.log(`\nworkerd: ${workerdProblem}`);
if (![...outputs].every((n) => [0, 480, 160, 320].includes(n))) console.log(`\nunexpected output lengths: ${[...outputs].join(", ")}`);
if (distIndex < 0) spliceIntoReadme("cold-start", report);
