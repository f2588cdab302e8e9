import { beforeAll, describe, expect, it } from "vitest";
import {
  alawDecode,
  alawEncode,
  AlawToPcm16,
  initSync,
  Pcm16ToAlaw,
  Pcm16ToUlaw,
  Resampler,
  ulawDecode,
  ulawEncode,
  UlawToPcm16,
  type Quality,
} from "telaudio";
import { expectSameValues } from "./_assert.js";
import { QUALITIES } from "../src/_quality.js";

beforeAll(() => initSync());

const RATES = [8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000];

function noise(count: number, seed: number): Int16Array {
  let state = seed >>> 0 || 1;
  return Int16Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 16) - 32768;
  });
}

function codes(count: number, seed: number): Uint8Array {
  return Uint8Array.from(noise(count, seed), (sample) => sample & 0xff);
}

const laws = [
  { law: "μ-law", Decoder: UlawToPcm16, Encoder: Pcm16ToUlaw, decode: ulawDecode, encode: ulawEncode },
  { law: "A-law", Decoder: AlawToPcm16, Encoder: Pcm16ToAlaw, decode: alawDecode, encode: alawEncode },
] as const;

// Any chunking equals one call, flush equals trailing silence, reset equals
// a new stream: test/invariants.test.ts, for every rate × preset. Here, the
// one thing the matrix does not check: one call and its flush equal the two
// separate steps, so the fused classes inherit the Resampler's properties
// (its measured delay among them).
describe.each(laws)("$law fused paths equal the two steps, bit for bit", ({ Decoder, Encoder, decode, encode }) => {
  it.each(RATES)("8 kHz codes → PCM16 at %i Hz equals decode then Resampler, every preset, flush included", (to) => {
    for (const quality of QUALITIES) {
      const input = codes(1600, to);
      const fused = new Decoder({ to, quality });
      const resampler = new Resampler({ from: 8000, to, quality });
      expectSameValues(fused.process(input), resampler.process(decode(input)));
      expectSameValues(fused.flush(), resampler.flush());
      fused.dispose();
      resampler.dispose();
    }
  });

  it.each(RATES)("PCM16 at %i Hz → 8 kHz codes equals Resampler then encode, every preset, flush included", (from) => {
    for (const quality of QUALITIES) {
      const input = noise(from / 5, from);
      const fused = new Encoder({ from, quality });
      const resampler = new Resampler({ from, to: 8000, quality });
      expectSameValues(fused.process(input), encode(resampler.process(input)));
      expectSameValues(fused.flush(), encode(resampler.flush()));
      fused.dispose();
      resampler.dispose();
    }
  });

  it("the defaults are the Twilio ⇄ OpenAI Realtime pair: 160 codes ⇄ 480 samples", () => {
    const inbound = new Decoder();
    const outbound = new Encoder();
    expect(inbound.to).toBe(24000);
    expect(outbound.from).toBe(24000);
    expect(inbound.quality).toBe("voice");
    expect(inbound.process(new Uint8Array(160)).length).toBe(480);
    expect(outbound.process(new Int16Array(480)).length).toBe(160);
  });

  it("PCM16LE bytes at an odd byteOffset encode like the Int16Array", () => {
    const input = noise(2400, 7);
    const backing = new Uint8Array(input.byteLength + 1);
    backing.set(new Uint8Array(input.buffer), 1);
    const a = new Encoder();
    const b = new Encoder();
    expectSameValues(a.process(backing.subarray(1)), b.process(input));
  });

  it("writes into dst without allocating a result, and rejects a short dst without consuming input", () => {
    const inbound = new Decoder();
    const reference = new Decoder();
    const frame = codes(160, 3);
    const dst = new Int16Array(480);
    expect(inbound.process(frame, dst)).toBe(dst);
    reference.process(frame);
    expect(() => inbound.process(frame, new Int16Array(479))).toThrow(/^dst is too short: needs 480 samples, has 479/);
    expectSameValues(inbound.process(frame), reference.process(frame));
    const outbound = new Encoder();
    expect(() => outbound.process(new Int16Array(480), new Uint8Array(159))).toThrow(/^dst is too short: needs 160 bytes/);
    expect(() => outbound.process(new Uint8Array(3))).toThrow(RangeError);
    expect(() => inbound.process(new Int16Array(160) as unknown as Uint8Array)).toThrow(/^src must be a Uint8Array/);
  });

  it("rejects rates the resampler does not support, naming them", () => {
    expect(() => new Decoder({ to: 12345 })).toThrow(/^to is 12345 Hz/);
    expect(() => new Encoder({ from: "24000" as unknown as number })).toThrow(TypeError);
    expect(() => new Decoder({ quality: "best" as Quality })).toThrow(/^quality must be one of/);
  });

  it("after dispose() every call throws", () => {
    const inbound = new Decoder();
    inbound.dispose();
    expect(() => inbound.process(new Uint8Array(160))).toThrow(/disposed/);
    expect(() => inbound.flush()).toThrow(/disposed/);
  });
});
