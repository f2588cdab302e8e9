// telaudio against the same work in native C (bench/native/telaudio_native.c):
// μ-law decode and encode of a 20 ms frame, 8k → 24k and 24k → 8k `voice`
// resampling of a 20 ms frame, and the full-duplex leg (fused paths), with
// the same f32 taps (designPrototype + phaseLayout, written by
// bench/native/inputs.ts) and the same arithmetic in the same order, so the
// outputs are checked to be equal bit for bit before anything is timed.
//
// The C program times itself the way bench/_harness.ts times JS (samples of a
// batch of calls, median over samples); telaudio runs the same jobs through
// tinybench, through the public API with caller-owned dst (what a bridge
// calls) and through the raw wasm exports on data already in wasm memory (the
// kernel alone: the difference is the JS side's checks and copies).
//
// `nativeRows(only)` returns harness rows (the first row of each job is
// telaudio, so ratioToFirst < 1 means C is faster); run alone,
// `npx tsx bench/native.ts [filter]` prints the table and the bit-exactness check.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { instantiateSync } from "@assemblyscript/loader";
import { initSync, Pcm16ToUlaw, Resampler, ulawDecode, ulawEncode, UlawToPcm16 } from "telaudio";
import { markdownTable, machineLine, runJob, type Job, type Row } from "./_harness.js";
import type { Kernels } from "../src/_kernels.js";
import { nativeInputs, rawStreams, writeNativeInputs, type NativeInputs } from "./native/inputs.js";

const SOURCE = fileURLToPath(new URL("./native/telaudio_native.c", import.meta.url));
const BUILD = fileURLToPath(new URL("./native/build", import.meta.url));
const COMPILER = process.env.CC ?? "gcc";
/** Required for bit-exactness: wasm multiplies and adds separately; gcc fuses a·b + c into an FMA where it can by default. */
const COMMON_FLAGS = ["-std=c11", "-D_GNU_SOURCE", "-ffp-contract=off", "-Wall", "-Wextra"];

export interface NativeVariant {
  /** File label: build/tn-<label>, build/out-<label>.bin. */
  label: string;
  /** Row name. */
  name: string;
  flags: string[];
  /** A control build whose outputs must differ (rows are still reported). */
  expectDifferent?: boolean;
}

export const NATIVE_VARIANTS: NativeVariant[] = [
  { label: "native", name: "C -O3 -march=native", flags: ["-O3", "-march=native"] },
  { label: "o3", name: "C -O3 (x86-64 baseline, SSE2)", flags: ["-O3"] },
  { label: "novec", name: "C -O3 -march=native -fno-tree-vectorize", flags: ["-O3", "-march=native", "-fno-tree-vectorize"] },
  { label: "vec4", name: "C, the wasm's f32x4 ops as GCC vector extensions, -O3 -march=native", flags: ["-O3", "-march=native", "-DTELAUDIO_VEC4"] },
  { label: "naive", name: "C, naive loops (gcc: in-order reduction), -O3 -march=native", flags: ["-O3", "-march=native", "-DTELAUDIO_NAIVE"] },
  // A control for the bit-exactness check, and what fused multiply-adds would give: not bit-exact.
  { label: "fma", name: "C -O3 -march=native -ffp-contract=fast (FMA: not the wasm's arithmetic)", flags: ["-O3", "-march=native", "-ffp-contract=fast"], expectDifferent: true },
];

/** The builds `npm run bench` compares against (the others: `npx tsx bench/native.ts`). */
export const DEFAULT_VARIANTS = NATIVE_VARIANTS.filter((v) => ["native", "o3", "novec"].includes(v.label));

/** C job key → the title shared with the telaudio rows and the batch (as in bench/g711.ts, bench/bridge.ts). */
const JOBS = [
  { key: "decode160", title: "native C: μ-law decode, 160 samples", batch: 200 },
  { key: "encode160", title: "native C: μ-law encode, 160 samples", batch: 200 },
  { key: "up160", title: "native C: resample 8k → 24k voice, 160 → 480 samples", batch: 20 },
  { key: "down480", title: "native C: resample 24k → 8k voice, 480 → 160 samples", batch: 20 },
  { key: "leg", title: "native C: full-duplex leg, μ-law 8k → PCM16 24k + PCM16 24k → μ-law 8k (fused voice)", batch: 20 },
] as const;
type JobKey = (typeof JOBS)[number]["key"];

export function gccVersion(): string | undefined {
  const result = spawnSync(COMPILER, ["--version"], { encoding: "utf8" });
  if (result.error !== undefined || result.status !== 0) return undefined;
  return result.stdout.split("\n")[0];
}

function compile(variant: NativeVariant): string {
  const binary = `${BUILD}/tn-${variant.label}`;
  const args = [...COMMON_FLAGS, ...variant.flags, "-o", binary, SOURCE, "-lm"];
  const result = spawnSync(COMPILER, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${COMPILER} ${args.join(" ")} failed:\n${result.stderr}`);
  return binary;
}

export interface NativeRun {
  variant: NativeVariant;
  command: string;
  medians: Map<string, number>;
  samples: Map<string, number>;
}

function runNative(variant: NativeVariant, timeMs: number): NativeRun {
  const binary = compile(variant);
  const result = spawnSync(binary, [BUILD, variant.label, String(timeMs)], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${binary} failed (${result.status}):\n${result.stderr}`);
  const medians = new Map<string, number>();
  const samples = new Map<string, number>();
  for (const line of result.stdout.trim().split("\n")) {
    const record = JSON.parse(line) as { job: string; medianNs: number; samples: number };
    medians.set(record.job, record.medianNs);
    samples.set(record.job, record.samples);
  }
  return { variant, command: `${COMPILER} ${[...COMMON_FLAGS, ...variant.flags].join(" ")}`, medians, samples };
}

// ---- the wasm side of the bit-exactness check: the same frames through the public API

function concat(parts: ArrayLike<number>[], type: "i16" | "u8"): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  if (type === "u8") {
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) (out.set(p, at), (at += p.length));
    return out;
  }
  const out = new Int16Array(total);
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return new Uint8Array(out.buffer);
}

interface Section {
  name: string;
  type: "i16" | "u8";
  bytes: Uint8Array;
  /** For the per-frame section: what each frame holds, in order (to name a mismatch). */
  parts?: { name: string; type: "i16" | "u8"; length: number }[];
}

/** What telaudio gives for the verification frames, in the layout of out-<label>.bin. */
function telaudioOutputs(inputs: NativeInputs): Section[] {
  const up = new Resampler({ from: 8000, to: 24000, quality: "voice" });
  const down = new Resampler({ from: 24000, to: 8000, quality: "voice" });
  const decoder = new UlawToPcm16({ quality: "voice" });
  const encoder = new Pcm16ToUlaw({ quality: "voice" });
  const perFrame: Section[][] = [];
  for (const frame of inputs.frames) {
    perFrame.push([
      { name: "μ-law decode", type: "i16", bytes: concat([ulawDecode(frame.codes)], "i16") },
      { name: "μ-law encode", type: "u8", bytes: concat([ulawEncode(frame.pcm8k)], "u8") },
      { name: "8k → 24k", type: "i16", bytes: concat([up.process(frame.pcm8k)], "i16") },
      { name: "24k → 8k", type: "i16", bytes: concat([down.process(frame.pcm24k)], "i16") },
      { name: "leg: UlawToPcm16", type: "i16", bytes: concat([decoder.process(frame.codes)], "i16") },
      { name: "leg: Pcm16ToUlaw", type: "u8", bytes: concat([encoder.process(frame.pcm24k)], "u8") },
    ]);
  }
  // the same streams cut at odd places
  const all8k = Int16Array.from(inputs.frames.flatMap((f) => Array.from(f.pcm8k)));
  const all24k = Int16Array.from(inputs.frames.flatMap((f) => Array.from(f.pcm24k)));
  const chunked = (resampler: Resampler, all: Int16Array, chunks: number[]) => {
    const outs: Int16Array[] = [];
    let at = 0;
    for (const n of chunks) {
      outs.push(resampler.process(all.subarray(at, at + n)));
      at += n;
    }
    return concat(outs, "i16");
  };
  const up2 = new Resampler({ from: 8000, to: 24000, quality: "voice" });
  const down2 = new Resampler({ from: 24000, to: 8000, quality: "voice" });
  for (const r of [up, down, decoder, encoder]) r.dispose();
  // per frame, in the order the C program writes them
  const parts = perFrame[0].map((section) => ({ name: section.name, type: section.type, length: section.bytes.length }));
  const frameBytes = parts.reduce((n, part) => n + part.length, 0);
  const frames = new Uint8Array(frameBytes * perFrame.length);
  perFrame.forEach((sections, f) => {
    let at = f * frameBytes;
    for (const section of sections) (frames.set(section.bytes, at), (at += section.bytes.length));
  });
  const sections: Section[] = [
    { name: "frames", type: "u8", bytes: frames, parts },
    { name: "8k → 24k, chunked", type: "i16", bytes: chunked(up2, all8k, inputs.upChunks) },
    { name: "24k → 8k, chunked", type: "i16", bytes: chunked(down2, all24k, inputs.downChunks) },
  ];
  up2.dispose();
  down2.dispose();
  return sections;
}

export interface Verification {
  label: string;
  equal: boolean;
  detail: string;
}

function verify(label: string, expected: Section[]): Verification {
  const actual = new Uint8Array(readFileSync(`${BUILD}/out-${label}.bin`));
  const total = expected.reduce((n, s) => n + s.bytes.length, 0);
  if (actual.length !== total) return { label, equal: false, detail: `output size ${actual.length} B, telaudio ${total} B` };
  let at = 0;
  const problems: string[] = [];
  for (const section of expected) {
    const c = actual.subarray(at, at + section.bytes.length);
    at += section.bytes.length;
    let first = -1;
    let differing = 0;
    for (let i = 0; i < c.length; i++) {
      if (c[i] !== section.bytes[i]) {
        differing++;
        if (first < 0) first = i;
      }
    }
    if (differing === 0) continue;
    let where = `byte ${first}`;
    const parts = section.parts;
    if (parts !== undefined) {
      const frameBytes = parts.reduce((n, p) => n + p.length, 0);
      let offset = first % frameBytes;
      const part = parts.find((p) => (offset < p.length ? true : ((offset -= p.length), false)));
      where = `frame ${Math.floor(first / frameBytes)}, ${part?.name}, ${part?.type === "i16" ? `sample ${offset >> 1}` : `code ${offset}`}`;
    }
    problems.push(`${section.name}: ${differing} bytes differ, first at ${where}`);
  }
  return { label, equal: problems.length === 0, detail: problems.length === 0 ? `all ${total} bytes equal` : problems.join("; ") };
}

// ---- telaudio's rows: the public API with dst, and the raw kernels on data already in wasm memory

function telaudioAlternatives(inputs: NativeInputs): Record<JobKey, Job["alternatives"]> {
  initSync();
  const frame = inputs.frames[0];
  const pcmOut = new Int16Array(480);
  const pcmOut160 = new Int16Array(160);
  const codesOut = new Uint8Array(160);
  const up = new Resampler({ from: 8000, to: 24000, quality: "voice" });
  const down = new Resampler({ from: 24000, to: 8000, quality: "voice" });
  const decoder = new UlawToPcm16({ quality: "voice" });
  const encoder = new Pcm16ToUlaw({ quality: "voice" });

  // A separate instance of the same .wasm, its streams built from the same taps.
  const bytes = readFileSync(new URL("../dist/telaudio.wasm", import.meta.url));
  const raw = instantiateSync(bytes).instance.exports as unknown as Kernels;
  const streams = rawStreams(raw, inputs);
  const upState = streams.up();
  const downState = streams.down();
  const legUpState = streams.up();
  const legDownState = streams.down();
  const inPtr = raw.scratchInPtr();
  const outPtr = raw.scratchOutPtr();
  const codesAt = inPtr;
  const pcm8kAt = inPtr + 256;
  const pcm24kAt = inPtr + 1024;
  const heap = new Uint8Array(raw.memory.buffer);
  heap.set(frame.codes, codesAt);
  heap.set(new Uint8Array(frame.pcm8k.buffer, frame.pcm8k.byteOffset, 320), pcm8kAt);
  heap.set(new Uint8Array(frame.pcm24k.buffer, frame.pcm24k.byteOffset, 960), pcm24kAt);
  const out2 = outPtr + 2048;
  const API = "telaudio (public API, dst)";
  const RAW = "telaudio raw wasm export (input already in wasm memory, no JS checks or copies)";
  return {
    decode160: [
      { name: `${API}: ulawDecode`, run: () => ulawDecode(frame.codes, pcmOut160) },
      { name: RAW, run: () => raw.ulawDecode(codesAt, outPtr, 160) },
    ],
    encode160: [
      { name: `${API}: ulawEncode`, run: () => ulawEncode(frame.pcm8k, codesOut) },
      { name: RAW, run: () => raw.ulawEncode(pcm8kAt, outPtr, 160) },
    ],
    up160: [
      { name: `${API}: Resampler.process`, run: () => up.process(frame.pcm8k, pcmOut) },
      { name: RAW, run: () => raw.resamplerProcess(upState, pcm8kAt, 160, outPtr, 0, 0) },
    ],
    down480: [
      { name: `${API}: Resampler.process`, run: () => down.process(frame.pcm24k, pcmOut160) },
      { name: RAW, run: () => raw.resamplerProcess(downState, pcm24kAt, 480, out2, 0, 0) },
    ],
    leg: [
      { name: `${API}: UlawToPcm16 + Pcm16ToUlaw`, run: () => (decoder.process(frame.codes, pcmOut), encoder.process(frame.pcm24k, codesOut)) },
      { name: RAW, run: () => (raw.resamplerProcess(legUpState, codesAt, 160, outPtr, 1, 0), raw.resamplerProcess(legDownState, pcm24kAt, 480, out2, 0, 1)) },
    ],
  };
}

export interface NativeReport {
  rows: Row[];
  runs: NativeRun[];
  verifications: Verification[];
  compiler: string;
}

/**
 * Builds and runs the C program (every variant), checks its outputs against
 * telaudio's bit for bit, then times telaudio on the same jobs. Undefined
 * (with a message on stderr) when there is no gcc.
 */
export async function nativeReport(only?: string, variants: NativeVariant[] = NATIVE_VARIANTS): Promise<NativeReport | undefined> {
  const jobs = JOBS.filter((job) => only === undefined || job.title.includes(only));
  if (jobs.length === 0) return { rows: [], runs: [], verifications: [], compiler: "" };
  const compiler = gccVersion();
  if (compiler === undefined) {
    process.stderr.write(`native C comparison skipped: no working \`${COMPILER}\` on PATH (set CC to use another)\n`);
    return undefined;
  }
  initSync();
  const inputs = await nativeInputs();
  writeNativeInputs(BUILD, inputs);
  const timeMs = Number(process.env.BENCH_TIME_MS ?? 500);
  const expected = telaudioOutputs(inputs);
  const runs: NativeRun[] = [];
  const verifications: Verification[] = [];
  for (const variant of variants) {
    process.stderr.write(`running: native C, ${variant.name}\n`);
    const run = runNative(variant, timeMs);
    runs.push(run);
    const check = verify(variant.label, expected);
    verifications.push(check);
    const verdict = check.equal ? "yes" : variant.expectDifferent ? "no, as expected for this control build" : "NO";
    process.stderr.write(`  bit-exact with telaudio: ${verdict} (${check.detail})\n`);
  }
  const alternatives = telaudioAlternatives(inputs);
  const rows: Row[] = [];
  for (const job of jobs) {
    process.stderr.write(`running: ${job.title}\n`);
    const telaudio = await runJob({ title: job.title, batch: job.batch, alternatives: alternatives[job.key] }, timeMs);
    rows.push(...telaudio);
    const first = telaudio[0].medianNs;
    for (const run of runs) {
      const median = run.medians.get(job.key);
      if (median === undefined) continue;
      rows.push({ job: job.title, name: run.variant.name, medianNs: median, ratioToFirst: median / first, samples: run.samples.get(job.key) ?? 0 });
    }
  }
  return { rows, runs, verifications, compiler };
}

/** Harness rows for bench/run.ts: telaudio first in each job, then native C. Empty without gcc. */
export async function nativeRows(only?: string, variants: NativeVariant[] = DEFAULT_VARIANTS): Promise<Row[]> {
  return (await nativeReport(only, variants))?.rows ?? [];
}

/** Per job: telaudio (API, raw export) against C -O3 -march=native, as time ratios. */
export function summaryTable(rows: Row[]): string {
  const lines = [
    "| job | telaudio public API (dst) | telaudio raw wasm export | C -O3 -march=native | API ÷ C | raw wasm ÷ C |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  const jobs = [...new Set(rows.map((r) => r.job))];
  for (const job of jobs) {
    const of = (match: (name: string) => boolean) => rows.find((r) => r.job === job && match(r.name))?.medianNs;
    const api = of((n) => n.startsWith("telaudio (public API"));
    const raw = of((n) => n.startsWith("telaudio raw"));
    const c = of((n) => n === "C -O3 -march=native");
    if (api === undefined || raw === undefined || c === undefined) continue;
    lines.push(`| ${job.replace(/^native C: /, "")} | ${api.toFixed(0)} ns | ${raw.toFixed(0)} ns | ${c.toFixed(0)} ns | ${(api / c).toFixed(2)}× | ${(raw / c).toFixed(2)}× |`);
  }
  return lines.join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await nativeReport(process.argv[2]);
  if (report !== undefined) {
    const lines = [
      `Machine: ${machineLine()}; ${report.compiler}`,
      `Medians over samples of a batch of calls (C: the same scheme as tinybench), ${process.env.BENCH_TIME_MS ?? 500} ms per alternative. Ratio: time vs the job's first row (telaudio public API).`,
      "",
      summaryTable(report.rows),
      "",
      markdownTable(report.rows),
      "",
      "Bit-exactness (200 frames of μ-law codes, 8k and 24k PCM16, plus both streams cut into odd chunks):",
      ...report.verifications.map((v, i) => `- ${v.label}: ${v.equal ? "equal" : "DIFFERENT"}${report.runs[i].variant.expectDifferent ? " (control build)" : ""}: ${v.detail}`),
      "",
      "Builds:",
      ...report.runs.map((r) => `- ${r.variant.label}: \`${r.command} -o bench/native/build/tn-${r.variant.label} bench/native/telaudio_native.c -lm\`; run: \`bench/native/build/tn-${r.variant.label} bench/native/build ${r.variant.label} <timeMs>\``),
      "",
      "Parts of the C work (-O3 -march=native; ns per call):",
      ...(() => {
        const run = report.runs.find((r) => r.variant.label === "native");
        if (run === undefined) return [];
        return [
          `- widen 480 PCM16 → f32: ${run.medians.get("widen480")?.toFixed(1)} ns`,
          `- history copies of one 8k → 24k and one 24k → 8k call (in and out, 52 + 150 f32): ${run.medians.get("historyCopies")?.toFixed(1)} ns`,
        ];
      })(),
      "",
    ];
    process.stdout.write(lines.join("\n"));
  }
}
