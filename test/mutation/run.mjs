// Mutation check for the G.711 tests: each mutant below (one wrong table
// entry, or one changed constant in a SIMD path of assembly/g711.ts) is
// compiled from a temporary copy of assembly/ with the release settings, and
// the G.711 test files are run against it (TELAUDIO_WASM=<mutant.wasm>, read
// by test/_init.ts). Every mutant must make them fail; the unmutated copy,
// built the same way, must pass. Exit status 0 only then.
//
//   npm run test:mutation                      (builds dist/ first, then this)
//   node test/mutation/run.mjs                 (dist/ already built)
//   node test/mutation/run.mjs --only ulaw-encode-table-20000 --files test/g711.test.ts
//
// --only NAME[,NAME] picks mutants; --files F[,F] picks the test files (with
// only test/g711.test.ts, the suite before the tail tests, the table mutants survive).

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = (name) => join(root, "node_modules", ".bin", name);

// After the tables are filled at instantiation, spoil one entry.
const TABLES_FILLED = "\nfillTables();\n";
const spoil = (statement) => ({ find: TABLES_FILLED, replace: `${TABLES_FILLED}${statement} // mutant\n` });

const MUTANTS = [
  {
    name: "ulaw-encode-table-20000",
    what: "μ-law encode table (tail only): entry of input 20000, bit 0 flipped (the issue's example)",
    ...spoil("store<u8>(ULAW_ENCODE + (20000 >> 2), load<u8>(ULAW_ENCODE + (20000 >> 2)) ^ 1);"),
  },
  {
    name: "alaw-encode-table",
    what: "A-law encode table (tail only): entry of input -20000, bit 0 flipped",
    ...spoil("store<u8>(ALAW_ENCODE + ((-20000 & 0xffff) >> 3), load<u8>(ALAW_ENCODE + ((-20000 & 0xffff) >> 3)) ^ 1);"),
  },
  {
    name: "ulaw-decode-table",
    what: "μ-law decode table (tail only): code 0x33, bit 0 of its sample flipped",
    ...spoil("store<i16>(ULAW_DECODE + (0x33 << 1), <i16>(load<i16>(ULAW_DECODE + (0x33 << 1)) ^ 1));"),
  },
  {
    name: "alaw-decode-table",
    what: "A-law decode table (tail only): code 0xd5 (sample 8), bit 1 flipped",
    ...spoil("store<i16>(ALAW_DECODE + (0xd5 << 1), <i16>(load<i16>(ALAW_DECODE + (0xd5 << 1)) ^ 2));"),
  },
  {
    name: "ulaw-decode-simd",
    what: "μ-law decode SIMD: 2^7 taken as 127 (segment-7 codes only)",
    find: "[1, 2, 4, 8, 16, 32, 64, 128, 0,",
    replace: "[1, 2, 4, 8, 16, 32, 64, 127, 0,",
  },
  {
    name: "ulaw-encode-simd",
    what: "μ-law encode SIMD: clamp 0x1fff → 0x1dff (the loudest interval only)",
    find: "i32x4.splat(0x1fff)",
    replace: "i32x4.splat(0x1dff)",
  },
  {
    name: "alaw-decode-simd",
    what: "A-law decode SIMD: segment-7 power 64 → 63",
    find: "[1, 1, 2, 4, 8, 16, 32, 64, 0,",
    replace: "[1, 1, 2, 4, 8, 16, 32, 63, 0,",
  },
  {
    name: "alaw-encode-simd",
    what: "A-law encode SIMD: segment-0 threshold 16 → 15 (inputs ±240…255 only)",
    find: "i32x4.lt_s(ix, i32x4.splat(16))",
    replace: "i32x4.lt_s(ix, i32x4.splat(15))",
  },
  {
    name: "fused-decode-simd",
    what: "fused decode SIMD (decodeToF32's storeF32x8): second half stored at +12 bytes, not +16",
    find: "i32x4.extend_high_i16x8_s(samples)), 16);",
    replace: "i32x4.extend_high_i16x8_s(samples)), 12);",
  },
];

function option(flag, fallback) {
  const at = process.argv.indexOf(flag);
  return at < 0 ? fallback : process.argv[at + 1].split(",");
}

const files = option("--files", ["test/g711.test.ts", "test/g711-tails.test.ts", "test/fused-tails.test.ts"]);
const only = option("--only", undefined);
const mutants = only ? MUTANTS.filter((m) => only.includes(m.name)) : MUTANTS;
if (only && mutants.length !== only.length) throw new Error(`unknown mutant in --only ${only}; known: ${MUTANTS.map((m) => m.name)}`);
if (!existsSync(join(root, "dist", "index.js"))) throw new Error("dist/index.js is missing: run `npm run build` first");

const work = mkdtempSync(join(tmpdir(), "telaudio-mutation-"));
const source = readFileSync(join(root, "assembly", "g711.ts"), "utf8");

/** Compiles assembly/ with g711.ts replaced by `g711`, as asconfig.json's release target; returns the .wasm path. */
function compile(name, g711) {
  const dir = join(work, name);
  cpSync(join(root, "assembly"), join(dir, "assembly"), { recursive: true });
  cpSync(join(root, "asconfig.json"), join(dir, "asconfig.json"));
  writeFileSync(join(dir, "assembly", "g711.ts"), g711);
  const result = spawnSync(bin("asc"), ["--config", "asconfig.json", "--target", "release"], { cwd: dir, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`asc failed for ${name}:\n${result.stderr}`);
  return join(dir, "dist", "telaudio.wasm");
}

/** Runs the test files against `wasm`; returns the failed tests' names and first messages. */
function runTests(name, wasm) {
  const report = join(work, `${name}.json`);
  spawnSync(bin("vitest"), ["run", ...files, "--reporter=json", `--outputFile=${report}`], {
    cwd: root,
    env: { ...process.env, TELAUDIO_WASM: wasm },
    encoding: "utf8",
  });
  if (!existsSync(report)) throw new Error(`vitest wrote no report for ${name}`);
  const { testResults, numTotalTests } = JSON.parse(readFileSync(report, "utf8"));
  const failed = [];
  for (const file of testResults) {
    if (file.assertionResults.length === 0 && file.status === "failed") failed.push({ file: file.name, test: "(file failed to load)", message: file.message });
    for (const test of file.assertionResults) {
      if (test.status === "failed") failed.push({ file: file.name.slice(root.length), test: test.fullName, message: test.failureMessages?.[0] ?? "" });
    }
  }
  return { failed, total: numTotalTests };
}

const started = Date.now();
let ok = true;
try {
  const base = compile("unmutated", source);
  const shipped = join(root, "dist", "telaudio.wasm");
  if (existsSync(shipped) && !readFileSync(shipped).equals(readFileSync(base))) {
    console.warn("note: dist/telaudio.wasm differs from assembly/ built now (stale dist?)");
  }
  const baseline = runTests("unmutated", base);
  console.log(`unmutated: ${baseline.failed.length} of ${baseline.total} tests fail${baseline.failed.length ? " ← MUST BE 0" : ""}`);
  for (const f of baseline.failed) console.log(`    ${f.file}: ${f.test}\n      ${f.message.split("\n")[0]}`);
  if (baseline.failed.length > 0 || baseline.total === 0) ok = false;

  for (const mutant of mutants) {
    const t0 = Date.now();
    if (source.split(mutant.find).length !== 2) throw new Error(`${mutant.name}: "${mutant.find}" must occur exactly once in assembly/g711.ts`);
    const wasm = compile(mutant.name, source.replace(mutant.find, mutant.replace));
    if (readFileSync(wasm).equals(readFileSync(base))) throw new Error(`${mutant.name}: compiles to the unmutated wasm (an equivalent edit)`);
    const { failed, total } = runTests(mutant.name, wasm);
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    console.log(`${failed.length > 0 ? "killed  " : "SURVIVED"} ${mutant.name}: ${failed.length} of ${total} tests fail (${seconds} s) — ${mutant.what}`);
    const byFile = new Map();
    for (const f of failed) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    for (const [file, list] of byFile) console.log(`    ${file}: ${list.length} failed, first: ${list[0].message.split("\n")[0]}`);
    if (failed.length === 0) ok = false;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${ok ? "ok" : "FAILED"}: ${mutants.length} mutants, ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(ok ? 0 : 1);
