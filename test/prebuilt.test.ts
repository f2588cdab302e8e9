// The bridge pairs' prototypes are built ahead (src/_prebuilt-prototypes.ts):
// every table phaseTable() lays out from them must equal, bit for bit, the
// one a run-time design gives, and no bridge pair may run Parks–McClellan
// (remez, counted by a spy) at start-up. Other pairs still design then.

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { QUALITIES, type Quality } from "../src/_quality.js";
import { reducedRatio } from "../src/_rates.js";
import { foldUp3 } from "../src/_folding.js";
import { phaseLayout, phaseTable, type PhaseTable } from "../src/_filters.js";
import { remez } from "../src/design/remez.js";
import { designPrototype, interpolationBase, setDesignSource } from "../src/design/prototype.js";
import { decodePrebuilt, prebuiltDesign } from "../src/design/prebuilt.js";
import { PREBUILT_DESIGNS } from "../src/_prebuilt-prototypes.js";
import { expectSameValues } from "./_assert.js";

vi.mock("../src/design/remez.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/design/remez.js")>();
  return { ...real, remez: vi.fn(real.remez) };
});

// src/_load.ts imports the .wasm as base64 (tsup's loader), which vitest cannot: the raw instance instead.
vi.mock("../src/_load.js", () => {
  const bytes = readFileSync(new URL("../dist/telaudio.wasm", import.meta.url));
  const raw = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort: () => {} } }).exports;
  return { kernels: () => raw };
});
const { kernels } = await import("../src/_load.js");
const memory = () => kernels().memory;

/** The pairs issue 10 asks to start without designing: 8/16/24/48 kHz among themselves, 44.1/22.05 kHz to or from 16/24 kHz. */
const CORE = [8000, 16000, 24000, 48000];
const BRIDGE_PAIRS: [number, number][] = [];
for (const from of CORE) for (const to of CORE) if (from !== to) BRIDGE_PAIRS.push([from, to]);
for (const tts of [44100, 22050]) for (const rate of [16000, 24000]) BRIDGE_PAIRS.push([tts, rate], [rate, tts]);

function bytesOf(values: Float32Array | Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

describe("prebuilt designs", () => {
  const tables = new Map<string, PhaseTable>();
  let remezCallsForBridgePairs = -1;
  let remezCallsFor32To8 = -1;

  beforeAll(() => {
    // First, as a fresh process would: the source src/_filters.ts set on import.
    vi.mocked(remez).mockClear();
    for (const quality of QUALITIES) {
      for (const [from, to] of BRIDGE_PAIRS) {
        const { up, down } = reducedRatio(from, to);
        tables.set(`${quality} ${from}→${to}`, phaseTable(quality, up, down));
      }
    }
    remezCallsForBridgePairs = vi.mocked(remez).mock.calls.length;
    phaseTable("voice", 1, 4); // 32 kHz → 8 kHz: P = 4, not prebuilt
    remezCallsFor32To8 = vi.mocked(remez).mock.calls.length;
    // From here on, every design is computed: the reference.
    setDesignSource(undefined);
  }, 120_000);

  afterAll(() => setDesignSource(prebuiltDesign));

  it("every bridge pair of every preset gets its table without running Parks–McClellan", () => {
    expect(tables.size).toBe(3 * 20);
    expect(remezCallsForBridgePairs).toBe(0);
  });

  it("a pair outside the list (32 kHz → 8 kHz) still designs at run time", () => {
    expect(remezCallsFor32To8).toBeGreaterThan(0);
  });

  it("holds P = 2, 3, 6 and the interpolation base (for P = 147, 160, 441), for each preset", () => {
    const expected = QUALITIES.flatMap((q) => [`${q}/2`, `${q}/3`, `${q}/6`, `${q}/base`]);
    expect(Object.keys(PREBUILT_DESIGNS).sort()).toEqual(expected.sort());
  });

  it("every prebuilt design equals the run-time design: taps and delay, bit for bit", () => {
    for (const [key, stored] of Object.entries(PREBUILT_DESIGNS)) {
      const [quality, p] = key.split("/") as [Quality, string];
      const designed = p === "base" ? interpolationBase(quality) : designPrototype(quality, Number(p));
      const decoded = decodePrebuilt(stored);
      expectSameValues(bytesOf(decoded.taps), bytesOf(designed.taps));
      expect(Object.is(decoded.delay, designed.delay), `${key} delay ${decoded.delay} vs ${designed.delay}`).toBe(true);
    }
  }, 120_000);

  it("every bridge pair's table in wasm memory (plain and folded) equals the layout of the run-time design, bit for bit", () => {
    for (const [name, table] of tables) {
      const [quality, pair] = name.split(" ") as [Quality, string];
      const [from, to] = pair.split("→").map(Number);
      const { up, down } = reducedRatio(from, to);
      const designed = designPrototype(quality, Math.max(up, down));
      const layout = phaseLayout(designed.taps, up);
      expect([table.tapsPerPhase, table.leadingZeros], name).toEqual([layout.tapsPerPhase, layout.leadingZeros]);
      expect(table.delay, name).toBe(designed.delay / down);
      expectSameValues(new Uint8Array(memory().buffer, table.ptr, layout.taps.byteLength), bytesOf(layout.taps));
      // ×3 from 8 kHz in the linear-phase presets runs on the folded table.
      expect(table.folded !== undefined, name).toBe(up === 3 && down === 1 && quality !== "low-latency");
      if (table.folded !== undefined) {
        const fold = foldUp3(designed.taps);
        expect([table.folded.pairs, table.folded.reach, table.folded.selfPhase]).toEqual([fold.pairs, fold.reach, fold.selfPhase]);
        expectSameValues(new Uint8Array(memory().buffer, table.folded.ptr, fold.taps.byteLength), bytesOf(fold.taps));
      }
    }
  }, 120_000);
});

describe("decodePrebuilt", () => {
  const base64 = (values: number[]) => Buffer.from(bytesOf(Float64Array.from(values))).toString("base64");

  it("reads float64 little-endian taps and the delay as stored", () => {
    const decoded = decodePrebuilt({ length: 3, delay: 0.1 + 0.2, taps: base64([1 / 3, -0, 5e-324]) });
    expectSameValues(bytesOf(decoded.taps), bytesOf(Float64Array.of(1 / 3, -0, 5e-324)));
    expect(decoded.delay).toBe(0.30000000000000004);
  });

  it("mirrors the stored first half of a symmetric response (odd and even lengths)", () => {
    expect([...decodePrebuilt({ length: 5, delay: 2, taps: base64([0.25, -0.5, 1]) }).taps]).toEqual([0.25, -0.5, 1, -0.5, 0.25]);
    expect([...decodePrebuilt({ length: 4, delay: 1.5, taps: base64([0.25, 0.75]) }).taps]).toEqual([0.25, 0.75, 0.75, 0.25]);
  });

  it("gives undefined for a design not built ahead", () => {
    expect(prebuiltDesign("voice", 4)).toBeUndefined();
    expect(prebuiltDesign("high", 441)).toBeUndefined(); // interpolated at run time from high/base
  });
});
