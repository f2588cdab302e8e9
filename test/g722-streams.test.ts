// G722Encoder/G722Decoder as streams: any split of the input gives the same
// output, bit for bit, as one call (and as ITU's vectors); dst handling;
// reset, dispose and memoryUsage; bad input names its argument and changes
// nothing.

import { spawnSync } from "node:child_process";
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { G722Decoder, G722Encoder, memoryUsage } from "telaudio";
import { expectSameValues } from "./_assert.js";
import { g722Bytes, g722Words } from "./_g722-vectors.js";
import { initFromEnv } from "./_init.js";
import { seeded, type Rng } from "./_seeded.js";

beforeAll(initFromEnv);

const FILE = "test/g722-streams.test.ts";
const speech = () => g722Words("inpsp.bin");
const speechCodes = () => Uint8Array.from(g722Words("codspw.cod"), (word) => word & 0xff);

/** Cut points: mostly short chunks (0…400), some empty, a few long ones. */
function chunkLengths(random: Rng, total: number): number[] {
  const lengths: number[] = [];
  let left = total;
  while (left > 0) {
    const pick = random();
    const n = Math.min(left, pick < 0.1 ? 0 : pick < 0.95 ? random.int(1, 400) : random.int(401, 70000));
    lengths.push(n);
    left -= n;
  }
  return lengths;
}

/** The samples as PCM16LE bytes at an odd byteOffset (as Node's pooled Buffers may be). */
function oddOffsetBytes(samples: Int16Array): Uint8Array {
  const backing = new Uint8Array(samples.byteLength + 1);
  backing.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), 1);
  return backing.subarray(1);
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

describe("any split is bit-identical to one call and to ITU's vectors", () => {
  for (const trial of [1, 2, 3, 4, 5]) {
    const name = `encoder, random chunking ${trial} (odd chunks carry a sample; Int16Array and odd-offset bytes)`;
    it(name, seeded(FILE, name, (random) => {
        const input = trial % 2 ? speech() : g722Words("overload.pcm");
        const expected = trial % 2 ? speechCodes() : g722Bytes("overload.g722");
        const encoder = new G722Encoder();
        const parts: Uint8Array[] = [];
        let at = 0;
        for (const n of chunkLengths(random, input.length)) {
          const chunk = input.subarray(at, at + n);
          at += n;
          expect(encoder.outputLength(n)).toBe(((at - n) % 2 + n) >> 1);
          const out = random() < 0.5 ? encoder.process(chunk) : encoder.process(oddOffsetBytes(chunk), new Uint8Array(encoder.outputLength(n) + 3));
          parts.push(out);
        }
        expectSameValues(concat(parts, (n) => new Uint8Array(n)), expected);
        encoder.dispose();
      }),
    );
  }

  for (const mode of [1, 2, 3] as const) {
    const name = `decoder mode ${mode}, random chunking`;
    it(name, seeded(FILE, name, (random) => {
        const codes = speechCodes();
        const decoder = new G722Decoder({ mode });
        const parts: Int16Array[] = [];
        let at = 0;
        for (const n of chunkLengths(random, codes.length)) {
          parts.push(decoder.process(codes.subarray(at, at + n), random() < 0.5 ? undefined : new Int16Array(2 * n + 1)));
          at += n;
        }
        expectSameValues(concat(parts, (n) => new Int16Array(n)), g722Words(`outsp${mode}.bin`));
        decoder.dispose();
      }),
    );
  }

  it("one call longer than a scratch piece, as PCM16LE bytes at an odd byteOffset", () => {
    expectSameValues(new G722Encoder().process(oddOffsetBytes(speech())), speechCodes());
  });

  it("20 ms frames: 320 samples give 160 octets, 160 octets give 320 samples", () => {
    const encoder = new G722Encoder();
    const decoder = new G722Decoder();
    expect(encoder.process(new Int16Array(320)).length).toBe(160);
    expect(decoder.process(new Uint8Array(160)).length).toBe(320);
  });
});

describe("dst, reset, dispose", () => {
  it("writes into dst (cut to length) and returns it or its start", () => {
    const encoder = new G722Encoder();
    const exact = new Uint8Array(160);
    expect(encoder.process(new Int16Array(320), exact)).toBe(exact);
    const roomy = new Uint8Array(200);
    const out = encoder.process(new Int16Array(320), roomy);
    expect(out.buffer).toBe(roomy.buffer);
    expect(out.length).toBe(160);
    const decoder = new G722Decoder();
    const samples = new Int16Array(320);
    expect(decoder.process(new Uint8Array(160), samples)).toBe(samples);
  });

  it("decodes in place: codes in the back of the output's own buffer, longer than a scratch piece", () => {
    const codes = speechCodes();
    const buffer = new ArrayBuffer(codes.length * 4);
    const view = new Uint8Array(buffer, codes.length * 3, codes.length);
    view.set(codes);
    const out = new G722Decoder().process(view, new Int16Array(buffer));
    expectSameValues(out, g722Words("outsp1.bin"));
  });

  it("reset() gives a new stream's output, dropping a carried sample", () => {
    const input = speech().subarray(0, 3001);
    const encoder = new G722Encoder();
    const first = encoder.process(input);
    expect(encoder.outputLength(1)).toBe(1); // one sample carried
    encoder.reset();
    expect(encoder.outputLength(1)).toBe(0);
    expectSameValues(encoder.process(input), first);
    const decoder = new G722Decoder({ mode: 2 });
    const codes = speechCodes().subarray(0, 999);
    const decoded = decoder.process(codes);
    decoder.reset();
    expectSameValues(decoder.process(codes), decoded);
  });

  it("memoryUsage counts each stream once; dispose() is idempotent and later calls throw", () => {
    const before = memoryUsage();
    const encoder = new G722Encoder();
    const decoder = new G722Decoder({ mode: 3 });
    const during = memoryUsage();
    expect(during.streams).toBe(before.streams + 2);
    expect(during.stateBytes).toBeGreaterThan(before.stateBytes);
    encoder.dispose();
    encoder.dispose();
    decoder[Symbol.dispose]();
    expect(memoryUsage().streams).toBe(before.streams);
    expect(memoryUsage().stateBytes).toBe(before.stateBytes);
    expect(encoder.disposed).toBe(true);
    expect(() => encoder.process(new Int16Array(2))).toThrow(/G722Encoder was disposed/);
    expect(() => decoder.process(new Uint8Array(2))).toThrow(/G722Decoder was disposed/);
    expect(() => encoder.reset()).toThrow(/disposed/);
    expect(() => decoder.outputLength(1)).toThrow(/disposed/);
  });

  it("accepts typed arrays from another realm", () => {
    const foreignSamples = runInNewContext("new Int16Array(320)") as Int16Array;
    const foreignCodes = runInNewContext("new Uint8Array(160)") as Uint8Array;
    expect(new G722Encoder().process(foreignSamples).length).toBe(160);
    expect(new G722Decoder().process(foreignCodes).length).toBe(320);
  });
});

describe("bad input names its argument and changes nothing", () => {
  const expectError = (call: () => unknown, type: typeof TypeError | typeof RangeError, message: RegExp) => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(type);
    expect((thrown as Error).constructor).toBe(type);
    expect((thrown as Error).message).toMatch(message);
  };

  it("options and mode", () => {
    expectError(() => new G722Decoder(null as never), TypeError, /^options/);
    expectError(() => new G722Encoder(5 as never), TypeError, /^options/);
    expectError(() => new G722Decoder({ mode: null as never }), TypeError, /^mode/);
    expectError(() => new G722Decoder({ mode: "1" as never }), TypeError, /^mode/);
    for (const mode of [0, 4, 1.5, NaN]) expectError(() => new G722Decoder({ mode: mode as never }), RangeError, /^mode/);
    expect(new G722Decoder({}).mode).toBe(1);
  });

  it("src, dst and count", () => {
    const encoder = new G722Encoder();
    const decoder = new G722Decoder();
    expectError(() => encoder.process([1, 2] as never), TypeError, /^src/);
    expectError(() => encoder.process(new Float32Array(2) as never), TypeError, /^src/);
    expectError(() => encoder.process(new Uint8Array(3)), RangeError, /^src .*odd/);
    expectError(() => decoder.process(new Int16Array(2) as never), TypeError, /^src/);
    expectError(() => encoder.process(new Int16Array(320), new Uint8Array(159)), RangeError, /^dst is too short/);
    expectError(() => encoder.process(new Int16Array(320), new Int16Array(160) as never), TypeError, /^dst/);
    expectError(() => decoder.process(new Uint8Array(160), new Int16Array(319)), RangeError, /^dst is too short/);
    expectError(() => decoder.outputLength(-1), RangeError, /^count/);
    expectError(() => encoder.outputLength("2" as never), TypeError, /^count/);
  });

  const name = "a rejected call changes nothing: the stream goes on as its twin";
  it(name, seeded(FILE, name, (random) => {
      const input = speech().subarray(0, 8001);
      const codes = speechCodes().subarray(0, 4001);
      const encoder = new G722Encoder();
      const twin = new G722Encoder();
      const decoder = new G722Decoder();
      const decoderTwin = new G722Decoder();
      let at = 0;
      while (at < input.length) {
        const n = Math.min(random.int(0, 301), input.length - at);
        const chunk = input.subarray(at, at + n);
        const bad = [
          () => encoder.process(new Float32Array(n) as never),
          () => encoder.process(new Uint8Array(2 * n + 1)),
          () => encoder.process(chunk, new Int16Array(n) as never),
        ][random.int(0, 2)];
        expect(bad).toThrow();
        expect(() => decoder.process(codes.subarray(0, 7), new Int16Array(13))).toThrow(RangeError);
        expectSameValues(encoder.process(chunk), twin.process(chunk));
        const c = codes.subarray(at >> 1, (at + n) >> 1);
        expectSameValues(decoder.process(c), decoderTwin.process(c));
        at += n;
      }
    }),
  );
});

describe("the FinalizationRegistry safety net", () => {
  it("G.722 streams forgotten without dispose() are freed (fresh process, --expose-gc)", () => {
    const dist = new URL("../dist/index.js", import.meta.url).href;
    const script = `
      import { initSync, memoryUsage, G722Encoder, G722Decoder, G722ToPcm16, Pcm16ToG722 } from ${JSON.stringify(dist)};
      initSync();
      const forget = () => {
        for (let i = 0; i < 2500; i++) {
          new G722Encoder().process(new Int16Array(320));
          new G722Decoder().process(new Uint8Array(160));
          new G722ToPcm16().process(new Uint8Array(160));
          new Pcm16ToG722().process(new Int16Array(480));
        }
      };
      const collect = async () => { for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setTimeout(r, 20)); } };
      forget();
      const first = memoryUsage();
      await collect();
      const collected = memoryUsage();
      forget();
      const second = memoryUsage();
      console.log(JSON.stringify({ first, collected, second }));`;
    const run = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const { first, collected, second } = JSON.parse(run.stdout) as Record<string, { wasmBytes: number; streams: number; stateBytes: number }>;
    expect(first.streams).toBe(10_000);
    expect(collected.streams).toBeLessThan(100);
    expect(second.wasmBytes).toBe(first.wasmBytes); // the second batch reuses the first's blocks
  });
});
