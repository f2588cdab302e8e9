// The package as users get it: `npm pack`, the tarball installed offline into
// a fresh project, then imported as ESM, required as CJS, and type-checked as
// a TypeScript consumer (moduleResolution nodenext and bundler). Needs
// `npm run build` first (npm test does it).

import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as telaudio from "telaudio";
import { runChecks, type CheckResult } from "./runtimes/checks.mjs";
import { expectSameResults } from "./runtimes/compare.js";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const TEMPLATE = fileURLToPath(new URL("./runtimes/consumer/", import.meta.url));
const CHECKS = new URL("./runtimes/checks.mjs", import.meta.url).href;
const TSC = join(REPO, "node_modules/.bin/tsc");

/** The environment without what an enclosing `npm test` sets for its own project. */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")));

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, env: cleanEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000, maxBuffer: 64 << 20 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    const tail = (text = "") => (text.length > 3000 ? `…${text.slice(-3000)}` : text);
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${tail(stdout)}\n${tail(stderr)}`);
  }
}

interface PackedFile {
  path: string;
  size: number;
}
interface Report {
  how: string;
  entry: string;
  wasm: string;
  packageJson: string;
  ulaw: number[];
  alaw: number[];
  ulawEncode: number[];
  resampled: number;
  twilio: number;
  realtime: number;
  deepImport: string;
  result?: CheckResult;
}

let work: string;
let consumer: string;
let packed: { filename: string; size: number; unpackedSize: number; files: PackedFile[] };
let manifest: { exports: Record<string, unknown>; main: string; module: string; types: string; files: string[] };
const reports: Record<string, Report> = {};

beforeAll(() => {
  expect(existsSync(join(REPO, "dist/index.js")), "dist/ is missing: run `npm run build` first").toBe(true);
  telaudio.initSync();
  work = realpathSync(mkdtempSync(join(tmpdir(), "telaudio-pack-")));
  [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], REPO));
  consumer = join(work, "consumer");
  cpSync(TEMPLATE, consumer, { recursive: true });
  cpSync(join(consumer, "package.template.json"), join(consumer, "package.json"));
  // No dependencies, so nothing to fetch: offline, from the tarball alone.
  run("npm", ["install", join(work, packed.filename), "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock"], consumer);
  manifest = JSON.parse(readFileSync(join(consumer, "node_modules/telaudio/package.json"), "utf8"));
}, 60_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

function consumerRun(script: string, how: "embedded" | "module", withChecks = false): Report {
  const key = `${script} ${how}`;
  reports[key] ??= JSON.parse(run(process.execPath, [script, how, ...(withChecks ? [CHECKS] : [])], consumer));
  return reports[key];
}

function expectKnownValues(report: Report): void {
  expect(report.ulaw, "μ-law 0x00, 0xFF, 0x80, 0x7F").toEqual([-32124, 0, 32124, 0]);
  expect(report.alaw, "A-law 0xD5, 0x55, 0xAA, 0x2A").toEqual([8, -8, 32256, -32256]);
  expect(report.ulawEncode, "μ-law of 0, -32768, 32767, 8").toEqual([0xff, 0x00, 0x80, 0xfe]);
  expect(report.resampled, "8k → 24k: 160 samples in").toBe(480);
  expect(report.twilio, "4 μ-law codes → 12 samples → base64 of 24 bytes").toBe(32);
  expect(report.realtime, "960 bytes at 24 kHz → one 160-byte frame").toBe(1);
}

describe("npm pack makes a tarball with what the exports map points at", () => {
  it("holds the bundles, their types and the .wasm, and nothing from src/, test/, vectors/", () => {
    const paths = packed.files.map((file) => file.path).sort();
    for (const needed of ["package.json", "README.md", "dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "dist/telaudio.wasm"]) {
      expect(paths).toContain(needed);
    }
    expect(paths.filter((path) => /^(src|test|vectors|bench|examples|assembly|node_modules)\//.test(path))).toEqual([]);
  });

  it("every path in exports, main, module and types is in the tarball", () => {
    const targets: string[] = [manifest.main, manifest.module, manifest.types];
    const collect = (value: unknown): void => {
      if (typeof value === "string") targets.push(value);
      else if (value !== null && typeof value === "object") Object.values(value).forEach(collect);
    };
    collect(manifest.exports);
    for (const target of targets) expect(existsSync(join(consumer, "node_modules/telaudio", target)), target).toBe(true);
  });

  it("lists types first in every condition block (TypeScript takes the first match)", () => {
    const check = (value: unknown, where: string): void => {
      if (value === null || typeof value !== "object") return;
      const keys = Object.keys(value);
      if (keys.includes("types")) expect(keys[0], `${where}: "types" must come first`).toBe("types");
      for (const [key, inner] of Object.entries(value)) check(inner, `${where}.${key}`);
    };
    check(manifest.exports, "exports");
  });

  // package.json "files" lists only what consumers load: not the debug build
  // (telaudio.debug.wasm, 448 KB, and its map) nor telaudio.wat; npm adds LICENSE.
  it("carries no debug build, no .wat, and a LICENSE file", () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths.filter((path) => /debug|\.wat$/.test(path))).toEqual([]);
    expect(paths.some((path) => /^LICEN[CS]E/i.test(path))).toBe(true);
  });
});

describe("installed from the tarball, imported as ESM", () => {
  it("resolves telaudio to dist/index.js, and telaudio/telaudio.wasm and telaudio/package.json through the exports map", () => {
    const report = consumerRun("esm.mjs", "embedded");
    const installed = pathToFileURL(join(consumer, "node_modules/telaudio/")).href;
    expect(report.entry).toBe(`${installed}dist/index.js`);
    expect(report.wasm).toBe(`${installed}dist/telaudio.wasm`);
    expect(report.packageJson).toBe(`${installed}package.json`);
    expect(report.deepImport, "paths outside the exports map are not importable").toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it("init() (embedded wasm): decodes, encodes, resamples and converts messages as G.711 and the README say", () => {
    expectKnownValues(consumerRun("esm.mjs", "embedded"));
  });

  it("init(new WebAssembly.Module(bytes of telaudio/telaudio.wasm)) works and gives what this repo's build gives", () => {
    const report = consumerRun("esm.mjs", "module", true);
    expectKnownValues(report);
    expectSameResults(report.result!, runChecks(telaudio, 31), "the installed package (ESM, init(module))");
  }, 30_000);
});

describe("installed from the tarball, loaded with require()", () => {
  it("resolves telaudio to dist/index.cjs and the .wasm through the exports map", () => {
    const report = consumerRun("cjs.cjs", "embedded");
    const installed = join(consumer, "node_modules/telaudio");
    expect(report.entry).toBe(join(installed, "dist/index.cjs"));
    expect(report.wasm).toBe(join(installed, "dist/telaudio.wasm"));
    expect(report.packageJson).toBe(join(installed, "package.json"));
    expect(report.deepImport).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it("initSync() (embedded) and initSync(module) give the known values and this repo's results", () => {
    expectKnownValues(consumerRun("cjs.cjs", "embedded"));
    const report = consumerRun("cjs.cjs", "module", true);
    expectKnownValues(report);
    expectSameResults(report.result!, runChecks(telaudio, 31), "the installed package (CJS, initSync(module))");
  }, 30_000);
});

describe("a TypeScript consumer type-checks against the shipped .d.ts/.d.cts", () => {
  const typeRoots = join(REPO, "node_modules/@types");
  const nodenext = (skipLibCheck: boolean) =>
    run(TSC, ["-p", "tsconfig.nodenext.json", "--typeRoots", typeRoots, "--skipLibCheck", String(skipLibCheck)], consumer);
  const bundler = (skipLibCheck: boolean) => run(TSC, ["-p", "tsconfig.bundler.json", "--skipLibCheck", String(skipLibCheck)], consumer);

  it("moduleResolution nodenext, lib ES2022 + @types/node, skipLibCheck (ESM, and a .cts using require)", () => nodenext(true), 30_000);

  it("moduleResolution bundler, lib ES2022 + DOM, no @types/node, skipLibCheck", () => bundler(true), 30_000);

  // Regression (was a bug, fixed; src/wasm.ts (now src/_load.ts) → dist/index.d.ts): `WasmSource = WebAssembly.Module |
  // BufferSource` needs lib "DOM": a Node project with lib ES2022 and
  // @types/node 20 (which declares neither) and skipLibCheck off gets
  //   index.d.ts(9,19): error TS2503: Cannot find namespace 'WebAssembly'.
  //   index.d.ts(9,40): error TS2304: Cannot find name 'BufferSource'.
  // (Fixed.)
  it("nodenext, lib ES2022 + @types/node, skipLibCheck off", () => nodenext(false), 30_000);

  // Regression (was a bug, fixed; src/_stream.ts, src/messages.ts → dist/index.d.ts): `declare const
  // disposeSymbol: typeof Symbol.dispose` needs lib esnext.disposable (or
  // @types/node): a browser project with lib ES2022 + DOM and skipLibCheck off gets
  //   index.d.ts(107,46): error TS2550: Property 'dispose' does not exist on type 'SymbolConstructor'.
  // (Fixed.)
  it("bundler, lib ES2022 + DOM, skipLibCheck off", () => bundler(false), 30_000);
});
