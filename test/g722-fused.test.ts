// G722ToPcm16 and Pcm16ToG722 (one wasm call per chunk) against the
// composition of the separate streams they fuse: G722Decoder then Resampler,
// Resampler then G722Encoder. Bit for bit, for any chunking, flush included.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { G722Decoder, G722Encoder, G722ToPcm16, memoryUsage, Pcm16ToG722, Resampler, type Quality } from "telaudio";
import { expectSameValues } from "./_assert.js";
import { g722Words } from "./_g722-vectors.js";
import { initFromEnv } from "./_init.js";
import { seeded, type Rng } from "./_seeded.js";

beforeAll(initFromEnv);

const FILE = "test/g722-fused.test.ts";
const codes = () => Uint8Array.from(g722Words("codspw.cod"), (word) => word & 0xff);

/** The project's speech at `rate` (48 kHz: its 16 kHz copy upsampled). */
function speechAt(rate: number): Int16Array {
  if (rate === 48000) return new Resampler({ from: 16000, to: 48000 }).process(speechAt(16000));
  const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL(`../vectors/speech/speech-${rate}.raw`, import.meta.url))));
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
}

function chunks(random: Rng, total: number): number[] {
  const out: number[] = [];
  for (let left = total; left > 0; ) {
    const n = Math.min(left, random() < 0.05 ? random.int(401, 40000) : random.int(0, 400));
    out.push(n);
    left -= n;
  }
  return out;
}

function concat<T extends Uint8Array | Int16Array>(parts: T[], make: (n: number) => T): T {
  const out = make(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part as never, at);
    at += part.length;
  }
  return out;
}

const cases: { rate: number; quality: Quality; mode: 1 | 2 | 3 }[] = [
  { rate: 24000, quality: "voice", mode: 1 },
  { rate: 24000, quality: "low-latency", mode: 2 },
  { rate: 16000, quality: "voice", mode: 1 },
  { rate: 48000, quality: "high", mode: 3 },
  { rate: 8000, quality: "voice", mode: 1 },
];

describe.each(cases)("G.722 ⇄ PCM16 at $rate Hz ($quality, decoder mode $mode)", ({ rate, quality, mode }) => {
  const decodeName = `G722ToPcm16 equals G722Decoder then Resampler, random chunking, flush included (to ${rate})`;
  it(decodeName, seeded(FILE, decodeName, (random) => {
      const input = codes();
      const reference = new Resampler({ from: 16000, to: rate, quality });
      const expected = concat([reference.process(new G722Decoder({ mode }).process(input)), reference.flush()], (n) => new Int16Array(n));
      const fused = new G722ToPcm16({ to: rate, quality, mode });
      const parts: Int16Array[] = [];
      let at = 0;
      for (const n of chunks(random, input.length)) {
        const length = fused.outputLength(n);
        const out = fused.process(input.subarray(at, at + n), random() < 0.5 ? undefined : new Int16Array(length + 2));
        expect(out.length).toBe(length);
        parts.push(out);
        at += n;
      }
      parts.push(fused.flush());
      expectSameValues(concat(parts, (n) => new Int16Array(n)), expected);
      // After flush the stream is as new.
      expectSameValues(fused.process(input.subarray(0, 160)), new G722ToPcm16({ to: rate, quality, mode }).process(input.subarray(0, 160)));
      fused.dispose();
    }),
  );

  const encodeName = `Pcm16ToG722 equals Resampler then G722Encoder, random chunking, flush included (from ${rate})`;
  it(encodeName, seeded(FILE, encodeName, (random) => {
      const input = speechAt(rate);
      const reference = new Resampler({ from: rate, to: 16000, quality });
      const resampled = concat([reference.process(input), reference.flush()], (n) => new Int16Array(n));
      const expected = new G722Encoder().process(resampled);
      const fused = new Pcm16ToG722({ from: rate, quality });
      const parts: Uint8Array[] = [];
      let at = 0;
      for (const n of chunks(random, input.length)) {
        const length = fused.outputLength(n);
        const out = fused.process(input.subarray(at, at + n), random() < 0.5 ? undefined : new Uint8Array(length + 2));
        expect(out.length).toBe(length);
        parts.push(out);
        at += n;
      }
      parts.push(fused.flush());
      expectSameValues(concat(parts, (n) => new Uint8Array(n)), expected);
      fused.dispose();
    }),
  );
});

describe("the bridge frame and the life cycle", () => {
  it("20 ms: 160 octets give 480 samples at 24 kHz; 480 samples give 160 octets", () => {
    expect(new G722ToPcm16().process(new Uint8Array(160)).length).toBe(480);
    expect(new Pcm16ToG722().process(new Int16Array(480)).length).toBe(160);
  });

  it("each fused stream counts once in memoryUsage and frees both blocks on dispose", () => {
    const before = memoryUsage();
    const a = new G722ToPcm16();
    const b = new Pcm16ToG722({ from: 48000 });
    expect(memoryUsage().streams).toBe(before.streams + 2);
    a.dispose();
    b[Symbol.dispose]();
    b.dispose();
    expect(memoryUsage().streams).toBe(before.streams);
    expect(memoryUsage().stateBytes).toBe(before.stateBytes);
    expect(() => a.process(new Uint8Array(2))).toThrow(/G722ToPcm16 was disposed/);
    expect(() => b.flush()).toThrow(/Pcm16ToG722 was disposed/);
  });

  it("bad options name the option", () => {
    expect(() => new G722ToPcm16({ to: 12345 })).toThrow(RangeError);
    expect(() => new G722ToPcm16({ to: null as never })).toThrow(/^to/);
    expect(() => new G722ToPcm16({ mode: 4 as never })).toThrow(/^mode/);
    expect(() => new Pcm16ToG722({ quality: "best" as never })).toThrow(/^quality/);
    expect(() => new Pcm16ToG722({ from: "24000" as never })).toThrow(TypeError);
    expect(() => new Pcm16ToG722().process(new Uint8Array(3))).toThrow(/^src/);
    expect(() => new G722ToPcm16().process(new Int16Array(3) as never)).toThrow(/^src/);
  });
});
