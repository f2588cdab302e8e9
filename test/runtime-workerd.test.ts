// Cloudflare Workers' runtime: workerd (from the npm registry), driven by
// miniflare. The worker (runtimes/workerd-worker.mjs) imports "telaudio" and
// "telaudio/telaudio.wasm" as a Workers project does, each resolved here
// through the package's exports map with the conditions wrangler uses; the
// .wasm arrives as a WebAssembly.Module (CompiledWasm), since workerd refuses
// to compile wasm from bytes. Its results must equal Node's.
//
// Without miniflare (or a workerd that runs here) the tests are skipped with
// the reason, except under CI=true, where they must run.

import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as telaudio from "telaudio";
import { nonCanonicalBase64, runChecks, type CheckResult } from "./runtimes/checks.mjs";
import { expectSameResults } from "./runtimes/compare.js";

type MiniflareModule = typeof import("miniflare");
type Miniflare = InstanceType<MiniflareModule["Miniflare"]>;

const miniflare: MiniflareModule | undefined = await import("miniflare").catch(() => undefined);

/** The compatibility date of the workerd miniflare brings (its newest), and one from before FinalizationRegistry. */
const COMPATIBILITY_DATE = "2026-04-01";
const BEFORE_WEAK_REFS = "2025-05-04"; // enable_weak_ref became the default on 2025-05-05

const ROOT = new URL("../", import.meta.url);
const packageJson = JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8")) as { exports: Record<string, unknown> };

/**
 * Node's exports resolution (first key, in order, whose condition is set;
 * "types" never), with wrangler's conditions for an `import` in a Worker.
 */
function resolveExport(subpath: string, conditions = ["workerd", "worker", "browser", "import", "default"]): URL {
  const pick = (target: unknown): string | undefined => {
    if (typeof target === "string") return target;
    if (target === null || typeof target !== "object") return undefined;
    for (const [key, value] of Object.entries(target)) {
      if (key !== "types" && conditions.includes(key)) {
        const found = pick(value);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  const target = pick(packageJson.exports[subpath]);
  if (target === undefined) throw new Error(`package.json exports has no ${subpath} for ${conditions.join(", ")}`);
  return new URL(target, ROOT);
}

/**
 * The worker's modules, laid out as a Workers bundle keeps them: the worker,
 * and the package's files under node_modules/telaudio/ (every .js of dist/,
 * the .wasm as a CompiledWasm module), reached through two one-line modules
 * named "telaudio" and "telaudio/telaudio.wasm" that re-export what the
 * exports map resolves them to. An entry that imports "./telaudio.wasm"
 * itself (a "workerd" condition) would find it too.
 */
function workerOptions(compatibilityDate: string, compatibilityFlags: string[] = []) {
  const dist = new URL("dist/", ROOT);
  const inPackage = (url: URL) => url.href.slice(ROOT.href.length); // e.g. dist/index.js
  const fixture = (name: string) => readFileSync(new URL(`./runtimes/${name}`, import.meta.url), "utf8");
  return {
    modulesRoot: "/worker",
    modules: [
      { type: "ESModule" as const, path: "/worker/worker.mjs", contents: fixture("workerd-worker.mjs") },
      { type: "ESModule" as const, path: "/worker/checks.mjs", contents: fixture("checks.mjs") },
      { type: "ESModule" as const, path: "/worker/telaudio", contents: `export * from "./node_modules/telaudio/${inPackage(resolveExport("."))}";` },
      {
        type: "ESModule" as const,
        path: "/worker/telaudio/telaudio.wasm",
        contents: `export { default } from "../node_modules/telaudio/${inPackage(resolveExport("./telaudio.wasm"))}";`,
      },
      ...readdirSync(dist)
        .filter((name) => name.endsWith(".js"))
        .map((name) => ({ type: "ESModule" as const, path: `/worker/node_modules/telaudio/dist/${name}`, contents: readFileSync(new URL(name, dist), "utf8") })),
      { type: "CompiledWasm" as const, path: "/worker/node_modules/telaudio/dist/telaudio.wasm", contents: readFileSync(new URL("telaudio.wasm", dist)) },
    ],
    compatibilityDate,
    compatibilityFlags,
  };
}

interface WorkerReport {
  error?: string;
  beforeInit: string;
  embedded: string;
  wasmIsModule: boolean;
  hasBuffer: boolean;
  result: CheckResult;
  nonCanonical: string[];
}

/** Starts workerd with the worker, asks it for `seeds` one after the other, stops it. */
async function runWorker(options: ReturnType<typeof workerOptions>, seeds: number[]): Promise<WorkerReport[]> {
  const mf: Miniflare = new miniflare!.Miniflare(options);
  try {
    const reports: WorkerReport[] = [];
    for (const seed of seeds) {
      const response = await mf.dispatchFetch(`http://localhost/?seed=${seed}`);
      const report = (await response.json()) as WorkerReport;
      if (report.error !== undefined) throw new Error(`the worker failed: ${report.error}`);
      reports.push(report);
    }
    return reports;
  } finally {
    await mf.dispose();
  }
}

/** Why workerd cannot be used here, or undefined when it starts. */
async function workerdProblem(): Promise<string | undefined> {
  if (miniflare === undefined) return "miniflare is not installed (a dev dependency; it brings workerd)";
  let mf: Miniflare | undefined;
  try {
    mf = new miniflare.Miniflare({ modules: true, script: "export default { fetch() { return new Response('up') } }", compatibilityDate: COMPATIBILITY_DATE });
    const text = await (await mf.dispatchFetch("http://localhost/")).text();
    return text === "up" ? undefined : `workerd answered ${JSON.stringify(text)}`;
  } catch (error) {
    return `workerd does not run on this machine: ${String(error)}`;
  } finally {
    await mf?.dispose().catch(() => {});
  }
}

const problem = await workerdProblem();

const expected = new Map<number, CheckResult>();
function nodeResult(seed: number): CheckResult {
  if (!expected.has(seed)) expected.set(seed, runChecks(telaudio, seed));
  return expected.get(seed)!;
}

if (problem !== undefined && process.env.CI) {
  describe("Cloudflare Workers (workerd)", () => {
    it("runs in CI", () => {
      throw new Error(`the workerd tests must run in CI, but ${problem}`);
    });
  });
} else if (problem !== undefined) {
  console.warn(`runtime-workerd.test.ts skipped: ${problem}`);
  describe.skip(`Cloudflare Workers (skipped: ${problem})`, () => {
    it("runs the checks in workerd", () => {});
  });
} else {
  describe("Cloudflare Workers (workerd via miniflare): the .wasm imported as a module, same results as Node", () => {
    const seeds = [21, 22];
    let plain: WorkerReport[];
    let nodeCompat: WorkerReport[];

    beforeAll(async () => {
      telaudio.initSync();
      plain = await runWorker(workerOptions(COMPATIBILITY_DATE), seeds);
      nodeCompat = await runWorker(workerOptions(COMPATIBILITY_DATE, ["nodejs_compat"]), [23]);
    }, 60_000);

    afterAll(() => expected.clear());

    describe("loading: the workerd entry's init() takes the package's .wasm module", () => {
      it("before init every call says to call init()", () => {
        expect(plain[0].beforeInit).toMatch(/call `await init\(\)`/);
      });

      it("init() with no argument works (the workerd condition's entry imports telaudio.wasm as a module), and init(module) is then a no-op", () => {
        expect(plain[0].embedded).toBe("ok");
        expect(plain[0].wasmIsModule).toBe(true);
        const ulaw = plain[0].result.ulawDecode as number[];
        const alaw = plain[0].result.alawDecode as number[];
        expect([ulaw[0x00], ulaw[0xff], ulaw[0x80], alaw[0xd5], alaw[0x55]]).toEqual([-32124, 0, 32124, 8, -8]);
      });
    });

    describe("G.711, resampling in every preset, fused paths, message helpers, errors: bit-identical to Node", () => {
      it("without nodejs_compat (no Buffer: base64 by Uint8Array.fromBase64/toBase64 or atob/btoa), two requests in one isolate", () => {
        expect(plain[0].hasBuffer).toBe(false);
        plain.forEach((report, i) => expectSameResults(report.result, nodeResult(seeds[i]), `workerd, seed ${seeds[i]}`));
      });

      it("with nodejs_compat (workerd's own Buffer takes the Node path of the base64 code)", () => {
        expect(nodeCompat[0].hasBuffer).toBe(true);
        expectSameResults(nodeCompat[0].result, nodeResult(23), "workerd with nodejs_compat");
      });
    });

    it("base64 whose padding bits are set gets the same answer as in Node, with and without nodejs_compat", () => {
      const node = nonCanonicalBase64(telaudio);
      expect(plain[0].nonCanonical).toEqual(node);
      expect(nodeCompat[0].nonCanonical).toEqual(node);
    });

    describe("older Workers: a compatibility date before 2025-05-05 has no FinalizationRegistry", () => {
      // Regression (was a bug, fixed; src/_stream.ts): `new FinalizationRegistry(...)` runs when the
      // module is evaluated, so with compatibility_date < 2025-05-05 (and no
      // enable_weak_ref flag) importing telaudio fails before any code runs:
      //   Uncaught ReferenceError: FinalizationRegistry is not defined
      // and workerd refuses to start the worker. The registry is documented as
      // a safety net only: create it when `typeof FinalizationRegistry ===
      // "function"`, else go without.
      it("the worker starts and gives Node's results", async () => {
        const [report] = await runWorker(workerOptions(BEFORE_WEAK_REFS), [24]);
        expectSameResults(report.result, nodeResult(24), "workerd, compatibility date 2025-05-04");
      }, 30_000);
    });
  });
}
