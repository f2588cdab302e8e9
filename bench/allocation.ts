// JS heap bytes allocated per frame on telaudio's hot paths: with caller-owned
// dst the audio paths should allocate nothing; the message helpers must
// allocate their result strings (and, for RealtimeToTwilio, the array), and
// this reports what they allocate beyond those.
//
// Method (Node 20 has no allocated-bytes counter: v8.getHeapStatistics() has
// no total_allocated_bytes before V8 12): with a young generation larger than
// a measured window (--min/--max-semi-space-size=64), nothing is collected
// during the window, so the rise of process.memoryUsage().heapUsed over it is
// exactly the bytes allocated; v8.GCProfiler checks that no GC ran in the
// window (a window with a GC is discarded and reported). Each path is warmed
// up first (optimized code, as in a bridge), then measured over 100,000
// frames in windows of 10,000, gc() before each. An empty loop is measured
// the same way as a baseline; the figure is the median window (compiling
// optimized code also allocates on the heap, in a few windows). Where a path allocates, a sampling heap profile
// (inspector HeapProfiler, 32-byte interval) names the functions that
// allocate, mapped to src/ through dist's source map.
//
// Run: `npx tsx bench/allocation.ts` (re-runs itself under
// `node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 --enable-source-maps --import tsx`).

import { spliceIntoReadme } from "./_readme.js";
import { spawnSync } from "node:child_process";
import { Session } from "node:inspector/promises";
import { findSourceMap } from "node:module";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { initSync, Pcm16ToUlaw, RealtimeToTwilio, Resampler, TwilioToRealtime, ulawDecode, ulawEncode, UlawToPcm16 } from "telaudio";

const FLAGS = ["--expose-gc", "--min-semi-space-size=64", "--max-semi-space-size=64", "--enable-source-maps"];
const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));

if (typeof globalThis.gc !== "function") {
  const result = spawnSync(process.execPath, [...FLAGS, "--import", "tsx", self, ...process.argv.slice(2)], { stdio: "inherit", cwd: root });
  process.exit(result.status ?? 1);
}
const gc = globalThis.gc as () => void;

const FRAMES = Number(process.env.ALLOC_FRAMES ?? 100_000);
const WINDOW = 10_000;
const WARMUP = 30_000;
/** Warm-up also lasts at least this long: V8 tiers code up in the background, and its allocations must land before the windows. */
const WARMUP_MS = 1000;

interface Path {
  name: string;
  run: () => unknown;
  /** Bytes of results a call must allocate (strings, array), by construction. */
  required?: { bytes: number; what: string };
}

interface Measured {
  name: string;
  /** Median over windows of the heapUsed rise, per frame. */
  bytesPerFrame: number;
  /** The largest window's rise, per frame (JIT work — optimized code, deopt data — lands in some windows). */
  maxWindowPerFrame: number;
  /** The smallest: what every window has, so what a path allocates per frame at most. */
  minWindowPerFrame: number;
  arrayBuffersPerFrame: number;
  windows: number;
  discarded: number;
  required?: Path["required"];
}

let sink: unknown;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function measure(path: Path): Measured {
  const run = path.run;
  const start = performance.now();
  for (let i = 0; i < WARMUP || performance.now() - start < WARMUP_MS; i++) sink = run();
  const rises: number[] = [];
  const external: number[] = [];
  let discarded = 0;
  for (let done = 0; done < FRAMES; done += WINDOW) {
    gc();
    gc();
    const profiler = new v8.GCProfiler();
    profiler.start();
    const before = process.memoryUsage();
    for (let i = 0; i < WINDOW; i++) sink = run();
    const after = process.memoryUsage();
    const collections = profiler.stop().statistics.length;
    if (collections > 0) {
      discarded++;
      continue;
    }
    rises.push((after.heapUsed - before.heapUsed) / WINDOW);
    external.push((after.arrayBuffers - before.arrayBuffers) / WINDOW);
  }
  return {
    name: path.name,
    bytesPerFrame: median(rises),
    maxWindowPerFrame: Math.max(...rises),
    minWindowPerFrame: Math.min(...rises),
    arrayBuffersPerFrame: median(external),
    windows: rises.length,
    discarded,
    required: path.required,
  };
}

/** V8's size of a sequential one-byte string of `length` characters (64-bit, no pointer compression: 16-byte header, 8-byte alignment). */
function oneByteStringBytes(length: number): number {
  return Math.ceil((16 + length) / 8) * 8;
}

interface Site {
  functionName: string;
  where: string;
  bytes: number;
}

/** Sampling heap profile of `frames` calls: bytes per frame by allocating function, src/ positions through the source map. */
async function allocationSites(run: () => unknown, frames: number): Promise<Site[]> {
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.enable");
  gc();
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 32,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as never);
  for (let i = 0; i < frames; i++) sink = run();
  const { profile } = (await session.post("HeapProfiler.stopSampling")) as unknown as { profile: { head: ProfileNode } };
  await session.post("HeapProfiler.disable");
  session.disconnect();
  const sites = new Map<string, Site>();
  const visit = (node: ProfileNode, stack: string[]) => {
    const frame = node.callFrame;
    const where = sourcePosition(frame.url, frame.lineNumber, frame.columnNumber);
    const label = `${frame.functionName || "(anonymous)"} @ ${where}`;
    if (node.selfSize > 0) {
      const caller = stack.length > 0 ? ` ← ${stack[stack.length - 1]}` : "";
      const key = label + caller;
      const site = sites.get(key) ?? { functionName: frame.functionName || "(anonymous)", where: where + caller, bytes: 0 };
      site.bytes += node.selfSize;
      sites.set(key, site);
    }
    for (const child of node.children) visit(child, [...stack, label]);
  };
  visit(profile.head, []);
  return [...sites.values()]
    .map((s) => ({ ...s, bytes: s.bytes / frames }))
    .filter((s) => s.bytes >= 1 && !s.where.includes("bench/allocation.ts @") && s.functionName !== "(root)")
    .sort((a, b) => b.bytes - a.bytes);
}

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

function sourcePosition(url: string, line: number, column: number): string {
  if (url === "") return "(native)";
  const map = url.startsWith("file:") ? findSourceMap(fileURLToPath(url)) : undefined;
  const short = (u: string) => u.replace(/^file:\/\//, "").replace(root, "");
  if (map !== undefined) {
    const entry = map.findEntry(line, column) as { originalSource?: string; originalLine?: number };
    if (entry.originalSource !== undefined && entry.originalLine !== undefined) {
      return `${short(entry.originalSource).replace(/^.*\/src\//, "src/")}:${entry.originalLine + 1} (function start)`;
    }
  }
  return `${short(url)}:${line + 1}`;
}

// ---- the paths

initSync();

function speech(count: number, rate: number): Int16Array {
  return Int16Array.from({ length: count }, (_, i) => Math.round(7000 * Math.sin((2 * Math.PI * 310 * i) / rate) + 4000 * Math.sin((2 * Math.PI * 1630 * i) / rate)));
}

const codes = ulawEncode(speech(160, 8000));
const pcm8k = speech(160, 8000);
const pcm24k = speech(480, 24000);
const pcmOut = new Int16Array(480);
const pcmOut160 = new Int16Array(160);
const codesOut = new Uint8Array(160);
const decoder = new UlawToPcm16();
const encoder = new Pcm16ToUlaw();
const up = new Resampler({ from: 8000, to: 24000 });
const down = new Resampler({ from: 24000, to: 8000 });
const up2 = new Resampler({ from: 8000, to: 24000 });
const inbound = new TwilioToRealtime();
const outbound = new RealtimeToTwilio();
const payload = Buffer.from(codes).toString("base64"); // 160 B → 216 chars
const delta = Buffer.from(pcm24k.buffer).toString("base64"); // 960 B → 1280 chars
const inboundOut = 4 * Math.ceil(960 / 3); // base64 of 480 samples
const outboundOut = 4 * Math.ceil(160 / 3);
const reference = Buffer.from(new Uint8Array(960));

const paths: Path[] = [
  { name: "empty loop (baseline)", run: () => 0 },
  { name: "full-duplex leg: UlawToPcm16.process(codes, dst) + Pcm16ToUlaw.process(pcm, dst)", run: () => (decoder.process(codes, pcmOut), encoder.process(pcm24k, codesOut)) },
  { name: "ulawDecode(codes160, dst)", run: () => ulawDecode(codes, pcmOut160) },
  { name: "ulawEncode(pcm160, dst)", run: () => ulawEncode(pcm8k, codesOut) },
  { name: "ulawDecode + ulawEncode (dst), one frame each", run: () => (ulawDecode(codes, pcmOut160), ulawEncode(pcm8k, codesOut)) },
  { name: "Resampler 8k → 24k (dst) alone", run: () => up2.process(pcm8k, pcmOut) },
  { name: "Resampler 8k → 24k + Resampler 24k → 8k (dst), one frame each", run: () => (up.process(pcm8k, pcmOut), down.process(pcm24k, pcmOut160)) },
  { name: "UlawToPcm16.process(dst) + ulawDecode(dst) in the same process", run: () => (decoder.process(codes, pcmOut), ulawDecode(codes, pcmOut160)) },
  {
    name: "reference: Buffer#toString('base64') of 960 bytes (the string alone)",
    run: () => reference.toString("base64", 0, 960),
    required: { bytes: oneByteStringBytes(inboundOut), what: `a ${inboundOut}-char string` },
  },
  {
    name: "TwilioToRealtime.push(payload of 160 codes)",
    run: () => inbound.push(payload),
    required: { bytes: oneByteStringBytes(inboundOut), what: `the ${inboundOut}-char result string` },
  },
  {
    name: "RealtimeToTwilio.push(delta of 480 samples) → one frame",
    run: () => outbound.push(delta),
    required: { bytes: oneByteStringBytes(outboundOut), what: `the ${outboundOut}-char frame string (the array counted as beyond)` },
  },
];

const results: Measured[] = [];
for (const path of paths) {
  process.stderr.write(`measuring: ${path.name}\n`);
  results.push(measure(path));
}
const baseline = results[0].bytesPerFrame;

const lines: string[] = [
  `Node ${process.version}; ${FRAMES.toLocaleString("en-US")} frames per path in windows of ${WINDOW.toLocaleString("en-US")} after ${WARMUP.toLocaleString("en-US")} warm-up frames and at least ${WARMUP_MS} ms; flags ${FLAGS.join(" ")}.`,
  "JS heap bytes per frame = rise of process.memoryUsage().heapUsed over a GC-free window (v8.GCProfiler: no collection) ÷ its frames, median over the windows, minus the empty loop's figure. An allocation per frame shows in every window, so the smallest window bounds it; V8's own work (optimized code and its data) lands in some windows only, and shows in the largest (and, in an unlucky run, the median: then the sampling profile below finds no JS allocation site).",
  "",
  "| path | JS heap bytes / frame (median window) | smallest window | largest window | ArrayBuffer bytes / frame | required results | beyond the results | windows (discarded) |",
  "|---|---:|---:|---:|---:|---:|---:|---:|",
];
for (const r of results) {
  const bytes = r === results[0] ? r.bytesPerFrame : r.bytesPerFrame - baseline;
  const required = r.required === undefined ? "" : `${r.required.bytes} (${r.required.what})`;
  const beyond = r.required === undefined ? "" : (bytes - r.required.bytes).toFixed(1);
  const smallest = r === results[0] ? r.minWindowPerFrame : r.minWindowPerFrame - results[0].minWindowPerFrame;
  lines.push(`| ${r.name} | ${bytes.toFixed(1)} | ${smallest.toFixed(1)} | ${r.maxWindowPerFrame.toFixed(1)} | ${r.arrayBuffersPerFrame.toFixed(1)} | ${required} | ${beyond} | ${r.windows} (${r.discarded}) |`);
}

lines.push("", "Where the allocating paths allocate (sampling heap profile, bytes per frame by function; positions are function starts):");
for (let i = 1; i < paths.length; i++) {
  const bytes = results[i].bytesPerFrame - baseline;
  if (bytes < 4 || paths[i].name.startsWith("reference")) continue;
  const sites = await allocationSites(paths[i].run, 20_000);
  lines.push("", `- ${paths[i].name} (${bytes.toFixed(0)} B/frame):`);
  for (const site of sites.slice(0, 8)) lines.push(`  - ${site.bytes.toFixed(0)} B in ${site.functionName} @ ${site.where}`);
}
process.stdout.write(lines.join("\n") + "\n");
spliceIntoReadme("allocation", lines.join("\n"));
void sink;
