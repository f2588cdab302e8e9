// Memory under load: 10,000 concurrent call legs created, fed and freed, for
// 10 rounds; streams forgotten without dispose() freed by the
// FinalizationRegistry. Runs in a child process that has gc().

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

interface Measurements {
  wasmBefore: number;
  wasmWithTables: number;
  bytesPerLeg: number;
  rounds: { wasmBytes: number; heapUsed: number }[];
}

function runWithGc<T>(script: string): T {
  const path = fileURLToPath(new URL(`./memory/${script}`, import.meta.url));
  return JSON.parse(execFileSync(process.execPath, ["--expose-gc", path], { encoding: "utf8" }).trim()) as T;
}

const measured = runWithGc<Measurements>("streams.mjs");

describe("memory stays steady under load", () => {
  it("10,000 concurrent legs × 10 rounds: wasm memory stops growing after the first round", () => {
    const first = measured.rounds[0].wasmBytes;
    for (const round of measured.rounds) expect(round.wasmBytes).toBe(first);
  });

  it("the JS heap does not grow from round to round", () => {
    const heaps = measured.rounds.map((round) => round.heapUsed);
    // After gc, the heap may wander by a few hundred KB; a leak of even 100 bytes a stream would add 1 MB a round.
    expect(Math.max(...heaps.slice(2)) - heaps[1]).toBeLessThan(1_000_000);
  });

  it("a leg's state (inbound + outbound, voice) takes under 2 KiB of wasm memory", () => {
    expect(measured.bytesPerLeg).toBeGreaterThan(0);
    expect(measured.bytesPerLeg).toBeLessThan(2048);
    console.log(`wasm memory: ${measured.wasmBefore} B at start, ${measured.wasmWithTables} B with the voice tables, ${measured.bytesPerLeg.toFixed(0)} B per full-duplex leg`);
  });

  it("streams forgotten without dispose() are freed by the FinalizationRegistry", () => {
    const forgotten = runWithGc<{ start: number; afterFirst: number; afterSecond: number; streamsBeforeCollect: number; streamsAfterCollect: number }>("forgotten.mjs");
    // The first batch had to grow memory (so the check below can fail); the second reuses it.
    expect(forgotten.afterFirst).toBeGreaterThan(forgotten.start);
    expect(forgotten.afterSecond).toBe(forgotten.afterFirst);
    // memoryUsage() counted the batch, and counts the collected ones out.
    expect(forgotten.streamsBeforeCollect).toBe(10_000);
    expect(forgotten.streamsAfterCollect).toBeLessThan(100);
  });
});

describe("memoryUsage() counts the streams alive and their state", () => {
  it("each stream adds its state block on creation and takes it back on dispose(), once", async () => {
    const { initSync, memoryUsage, Resampler, UlawToPcm16, RealtimeToTwilio } = await import("telaudio");
    initSync();
    const start = memoryUsage();
    const up = new Resampler({ from: 8000, to: 24000 });
    const decoder = new UlawToPcm16();
    const helper = new RealtimeToTwilio();
    const during = memoryUsage();
    expect(during.streams - start.streams).toBe(3);
    // A ×3 voice stream carries its history as f32: more than its taps per phase (≥ 145 / 3) × 4 bytes.
    expect(during.stateBytes - start.stateBytes).toBeGreaterThan(3 * 49 * 4);
    up.dispose();
    up.dispose();
    decoder.dispose();
    helper.dispose();
    expect(memoryUsage()).toEqual({ ...start, wasmBytes: memoryUsage().wasmBytes });
  });
});
