// The resampler against golden vectors made by an independent implementation
// of the same filtering (scipy.signal.upfirdn, float64) over the taps
// telaudio designs: see vectors/resampler/make_vectors.py.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { initSync, Resampler, type Quality } from "telaudio";
import { designPrototype } from "../src/design/prototype.js";
import { QUALITIES } from "../src/_quality.js";
import { reducedRatio } from "../src/_rates.js";
import { PlainPolyphase } from "./reference/polyphase.js";

beforeAll(() => initSync());

const directory = new URL("../vectors/resampler/", import.meta.url);

interface Filter {
  quality: Quality;
  from: number;
  to: number;
  up: number;
  down: number;
  delay: number;
  taps: number[];
}
interface Output {
  file: string;
  input: string;
  quality: Quality;
  from: number;
  to: number;
  samples: number;
}

const taps = JSON.parse(readFileSync(new URL("taps.json", directory), "utf8")) as { filters: Filter[] };
const manifest = JSON.parse(readFileSync(new URL("manifest.json", directory), "utf8")) as { outputs: Output[] };

function samples(file: string): Int16Array {
  const bytes = readFileSync(new URL(file, directory));
  return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe("the design still gives the taps the vectors were made with", () => {
  it.each(taps.filters.map((f) => [f.quality, f.from, f.to, f] as const))("%s %i → %i", (_q, _f, _t, filter) => {
    const designed = designPrototype(filter.quality, Math.max(filter.up, filter.down));
    expect(designed.taps.length).toBe(filter.taps.length);
    for (let i = 0; i < designed.taps.length; i++) expect(Math.abs(designed.taps[i] - filter.taps[i])).toBeLessThan(1e-12);
    const resampler = new Resampler({ from: filter.from, to: filter.to, quality: filter.quality });
    expect(resampler.delay).toBeCloseTo(filter.delay, 9);
    resampler.dispose();
  });
});

describe("process() then flush() equals scipy's upfirdn within ±1 LSB", () => {
  it.each(manifest.outputs.map((o) => [o.quality, o.from, o.to, o.input, o] as const))(
    "%s %i → %i, %s",
    (_q, _f, _t, _i, output) => {
      const input = samples(output.input);
      const expected = samples(output.file);
      const resampler = new Resampler({ from: output.from, to: output.to, quality: output.quality });
      // 20 ms frames, as a bridge feeds it
      const frame = output.from / 50;
      const got = new Int16Array(expected.length);
      let written = 0;
      for (let start = 0; start < input.length; start += frame) {
        written += resampler.process(input.subarray(start, start + frame), got.subarray(written)).length;
      }
      written += resampler.flush(got.subarray(written)).length;
      expect(written).toBe(expected.length);
      let worst = 0;
      let exact = 0;
      for (let i = 0; i < expected.length; i++) {
        const difference = Math.abs(got[i] - expected[i]);
        worst = Math.max(worst, difference);
        if (difference === 0) exact++;
      }
      expect(worst).toBeLessThanOrEqual(1);
      // Off-by-one only where float32 and float64 round a value near .5 differently: rare.
      expect(exact / expected.length).toBeGreaterThan(0.99);
    },
  );
});

describe("every supported pair agrees with the plain-TS definition (test/reference/polyphase.ts) within ±1 LSB", () => {
  const CORE = [8000, 16000, 24000, 48000];
  const EXTRA = [11025, 22050, 32000, 44100];
  const pairs: [number, number][] = [];
  for (const from of CORE) for (const to of CORE) if (from !== to) pairs.push([from, to]);
  for (const extra of EXTRA) for (const core of CORE) pairs.push([extra, core], [core, extra]);

  it.each(pairs)("%i Hz → %i Hz, every preset, 10 ms chunks of loud noise", (from, to) => {
    for (const quality of QUALITIES) {
      const { up, down } = reducedRatio(from, to);
      const reference = new PlainPolyphase(designPrototype(quality, Math.max(up, down)).taps, up, down);
      const resampler = new Resampler({ from, to, quality });
      let seed = from + to;
      const input = Int16Array.from({ length: from / 5 }, () => {
        seed = (seed * 1103515245 + 12345) >>> 0;
        return (seed >>> 16) - 32768;
      });
      const chunk = from / 100;
      const expected = new Int16Array(resampler.outputLength(input.length));
      const got = new Int16Array(expected.length);
      let e = 0;
      let g = 0;
      for (let start = 0; start < input.length; start += chunk) {
        const piece = input.subarray(start, start + chunk);
        e += reference.process(piece, expected.subarray(e));
        g += resampler.process(piece, got.subarray(g)).length;
      }
      expect(g).toBe(e);
      for (let i = 0; i < e; i++) if (Math.abs(got[i] - expected[i]) > 1) expect.fail(`${quality} sample ${i}: ${got[i]} vs ${expected[i]}`);
      resampler.dispose();
    }
  });
});
