// Node: the main thread and worker_threads. Every worker loads its own copy of
// telaudio (so its own wasm instance), several run at once, and each gives,
// bit for bit, what the main thread gives for the same input.

import { Worker } from "node:worker_threads";
import { beforeAll, describe, expect, it } from "vitest";
import * as telaudio from "telaudio";
import { runChecks, type CheckResult } from "./runtimes/checks.mjs";
import { expectSameResults } from "./runtimes/compare.js";

const WORKER = new URL("./runtimes/node-worker.mjs", import.meta.url);

interface WorkerReport {
  beforeInit: string;
  result: CheckResult;
  wasmBytes: number;
}

function runWorker(workerData: { seed: number; loader: "import" | "require"; how: string }): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData });
    let report: WorkerReport | undefined;
    worker.once("message", (message: WorkerReport) => (report = message));
    worker.once("error", reject);
    worker.once("exit", (code) => (report !== undefined && code === 0 ? resolve(report) : reject(new Error(`worker exited with ${code} and no result`))));
  });
}

const expected = new Map<number, CheckResult>();
function mainThread(seed: number): CheckResult {
  if (!expected.has(seed)) expected.set(seed, runChecks(telaudio, seed));
  return expected.get(seed)!;
}

beforeAll(() => telaudio.initSync());

describe("the main thread gives the G.711 values of the ITU table", () => {
  it("μ-law and A-law decode, and the encoders' round trip", () => {
    const result = mainThread(1);
    const ulaw = result.ulawDecode as number[];
    const alaw = result.alawDecode as number[];
    expect([ulaw[0x00], ulaw[0x7f], ulaw[0x80], ulaw[0xff]]).toEqual([-32124, 0, 32124, 0]);
    expect([alaw[0xd5], alaw[0x55], alaw[0xaa], alaw[0x2a]]).toEqual([8, -8, 32256, -32256]);
    const ulawEncode = result.ulawEncode as number[];
    expect(ulawEncode[32768]).toBe(0xff); // sample 0
    expect(ulawEncode[0]).toBe(0x00); // sample -32768
    expect(ulawEncode[65535]).toBe(0x80); // sample 32767
  });

  it("a Resampler 8k → 24k turns 160 samples into 480, and the fused path equals decode-then-resample", () => {
    const up = new telaudio.Resampler({ from: 8000, to: 24000 });
    const codes = telaudio.ulawEncode(Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 3))));
    const twoStep = up.process(telaudio.ulawDecode(codes));
    expect(twoStep.length).toBe(480);
    const fused = new telaudio.UlawToPcm16();
    expect(Array.from(fused.process(codes))).toEqual(Array.from(twoStep));
    up.dispose();
    fused.dispose();
  });
});

describe("worker_threads: several workers at once, one wasm instance each, bit-identical to the main thread", () => {
  const setups = [
    { seed: 1, loader: "import", how: "initSync" },
    { seed: 2, loader: "require", how: "init" },
    { seed: 3, loader: "import", how: "module" },
    { seed: 4, loader: "require", how: "bytes" },
    { seed: 1, loader: "require", how: "initSync" },
  ] as const;

  it(`${setups.length} workers (ESM and CJS, every way to init) run streams, codecs and message helpers concurrently`, async () => {
    const reports = await Promise.all(setups.map((setup) => runWorker({ ...setup })));
    setups.forEach((setup, i) => {
      const where = `worker ${i} (${setup.loader}, ${setup.how}, seed ${setup.seed})`;
      // Its own, never initialised copy: it had to init before the first call.
      expect(reports[i].beforeInit, where).toMatch(/call `await init\(\)`/);
      expect(reports[i].wasmBytes, where).toBeGreaterThan(0);
      expectSameResults(reports[i].result, mainThread(setup.seed), where);
    });
  }, 60_000);

  it("different seeds give different results (the comparison can fail)", () => {
    expect(mainThread(1)["resample 8000->24000 voice"]).not.toEqual(mainThread(2)["resample 8000->24000 voice"]);
  });
});
