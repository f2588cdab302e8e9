// G.722 in wasm against the same arithmetic in C (bench/native/g722_native.c,
// which checks itself against the ITU/STL vectors the wasm passes, so both
// give the same codes and samples). Per 20 ms frame: encode 320 samples,
// decode 160 octets. The wasm rows are the raw kernel on data already in
// wasm memory, and the public API with dst.
//
// `npx tsx bench/g722-native.ts` (after `npm run build`; needs gcc or $CC).

import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { g722Jobs } from "./g722.js";
import { machineLine, markdownTable, runJob, type Row } from "./_harness.js";

const SOURCE = fileURLToPath(new URL("./native/g722_native.c", import.meta.url));
const VECTORS = fileURLToPath(new URL("../vectors/itu-g722", import.meta.url));
const COMPILER = process.env.CC ?? "gcc";
const VARIANTS = [
  { name: "C -O3 -march=native", flags: ["-O3", "-march=native"] },
  { name: "C -O3 (x86-64 baseline)", flags: ["-O3"] },
];

/** Median ns per frame for encode and decode from each C build; undefined without a compiler. */
function nativeFigures(): { name: string; encode: number; decode: number }[] | undefined {
  if (spawnSync(COMPILER, ["--version"]).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "g722-native-"));
  return VARIANTS.map(({ name, flags }, i) => {
    const exe = join(dir, `g722-${i}`);
    const build = spawnSync(COMPILER, [...flags, "-std=c11", "-Wall", "-Wextra", SOURCE, "-o", exe], { encoding: "utf8" });
    if (build.status !== 0) throw new Error(`${COMPILER}: ${build.stderr}`);
    const run = spawnSync(exe, [VECTORS], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`${name}: ${run.stderr}`);
    const figure = (job: string) => Number(/^(\w+) (\d+)$/m.exec(run.stdout.split("\n").find((line) => line.startsWith(job)) ?? "")?.[2]);
    return { name, encode: figure("encode"), decode: figure("decode") };
  });
}

export async function g722NativeRows(): Promise<Row[]> {
  const native = nativeFigures();
  if (native === undefined) {
    process.stderr.write(`bench/g722-native.ts: no C compiler (${COMPILER}); wasm rows only\n`);
  }
  const rows: Row[] = [];
  for (const job of g722Jobs().filter((j) => j.title.startsWith("G.722 encode") || j.title.startsWith("G.722 decode"))) {
    job.alternatives = job.alternatives.filter((a) => a.name.startsWith("telaudio raw") || a.name === "telaudio (dst)").reverse();
    const measured = await runJob(job);
    const first = measured[0].medianNs;
    rows.push(...measured);
    for (const variant of native ?? []) {
      const ns = job.title.startsWith("G.722 encode") ? variant.encode : variant.decode;
      rows.push({ job: job.title, name: variant.name, medianNs: ns, ratioToFirst: ns / first, samples: 400 });
    }
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await g722NativeRows();
  process.stdout.write([`Machine: ${machineLine()}`, "", markdownTable(rows), ""].join("\n"));
}
