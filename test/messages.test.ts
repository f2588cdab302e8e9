import { beforeAll, describe, expect, it } from "vitest";
import { FRAME_BYTES, initSync, Pcm16ToAlaw, Pcm16ToUlaw, RealtimeToTwilio, TwilioToRealtime, UlawToPcm16, AlawToPcm16 } from "telaudio";

beforeAll(() => initSync());

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, "base64"));

function pcmBytes(samples: number, seed: number): Uint8Array {
  let state = seed;
  const pcm = Int16Array.from({ length: samples }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return ((state >>> 16) - 32768) >> 2;
  });
  return new Uint8Array(pcm.buffer);
}

const INVALID = ["abc", "ab=c", "a b c d", "****", "YQ===", 42, null, undefined];

describe("TwilioToRealtime: a media.payload in, base64 PCM16LE at `rate` out", () => {
  it.each([["ulaw", UlawToPcm16], ["alaw", AlawToPcm16]] as const)("%s at 24 kHz equals the fused decoder's samples", (codec, Decoder) => {
    const helper = new TwilioToRealtime({ codec });
    const reference = new Decoder();
    for (let frame = 0; frame < 50; frame++) {
      const codes = Uint8Array.from({ length: FRAME_BYTES }, (_, i) => (i * 37 + frame * 11) & 0xff);
      const out = helper.push(base64(codes));
      const expected = reference.process(codes);
      expect(out).toBe(base64(new Uint8Array(expected.buffer)));
      expect(bytesOf(out).length).toBe(960);
    }
    expect(helper.flush()).toBe(base64(new Uint8Array(reference.flush().buffer)));
  });

  it("rate 16000 gives 320 samples a frame", () => {
    expect(bytesOf(new TwilioToRealtime({ rate: 16000 }).push(base64(new Uint8Array(160)))).length).toBe(640);
  });

  it.each(INVALID.map((value) => [value]))("rejects payload %o with a TypeError, and the stream goes on as if it never came", (bad) => {
    const helper = new TwilioToRealtime();
    const reference = new TwilioToRealtime();
    const frame = base64(Uint8Array.from({ length: 160 }, (_, i) => i));
    helper.push(frame);
    reference.push(frame);
    expect(() => helper.push(bad as string)).toThrow(TypeError);
    expect(() => helper.push(bad as string)).toThrow(/^payload /);
    expect(helper.push(frame)).toBe(reference.push(frame));
  });

  it("rejects a rate it cannot reach, naming rate, and an unknown codec", () => {
    expect(() => new TwilioToRealtime({ rate: 12345 })).toThrow(/^rate is 12345 Hz/);
    expect(() => new TwilioToRealtime({ codec: "opus" as "ulaw" })).toThrow(/^codec must be/);
  });
});

describe("RealtimeToTwilio: deltas of any size in, whole 160-byte frames out", () => {
  // Any split of the deltas (odd bytes included), the frame count after every
  // push, flush against trailing silence and clear(): test/invariants.test.ts,
  // every rate × preset × codec. Here, what it does not check: the codes are
  // the fused encoder's.
  it.each([["ulaw", Pcm16ToUlaw, 0xff], ["alaw", Pcm16ToAlaw, 0xd5]] as const)(
    "%s: the PCM bytes (an odd count) give the encoder's codes, cut in 160-byte frames, padded with silence at flush",
    (codec, Encoder, silence) => {
      const pcm = pcmBytes(24000 * 0.5 + 7, 3); // half a second and a bit
      const encoder = new Encoder();
      const codes = [...encoder.process(pcm), ...encoder.flush()];
      const padded = [...codes, ...new Array((FRAME_BYTES - (codes.length % FRAME_BYTES)) % FRAME_BYTES).fill(silence)];
      const helper = new RealtimeToTwilio({ codec });
      const withOddByte = Uint8Array.of(...pcm, 0x7f); // half a sample, dropped at flush
      const frames = [...helper.push(base64(withOddByte)), ...helper.flush()];
      const decoded = frames.map(bytesOf);
      for (const frame of decoded) expect(frame.length).toBe(FRAME_BYTES);
      expect(decoded.flatMap((frame) => [...frame])).toEqual(padded);
      helper.dispose();
    },
  );

  it("no audio is lost or duplicated: an hour of 20 ms deltas (960 bytes) gives one frame each", () => {
    const helper = new RealtimeToTwilio();
    const delta = base64(pcmBytes(480, 5));
    let frames = 0;
    for (let i = 0; i < 180_000; i++) frames += helper.push(delta).length;
    expect(frames).toBe(180_000);
    expect(helper.buffered).toBe(0);
  }, 60_000); // a hang guard, not a timing assertion: ~0.7 s alone, several times that on a loaded box

  it.each(INVALID.map((value) => [value]))("rejects delta %o with a TypeError; nothing is appended", (bad) => {
    const helper = new RealtimeToTwilio();
    const reference = new RealtimeToTwilio();
    const pcm = pcmBytes(700, 4);
    const first = base64(pcm.subarray(0, 333));
    const second = base64(pcm.subarray(333));
    helper.push(first);
    reference.push(first);
    expect(() => helper.push(bad as string)).toThrow(/^delta /);
    expect(helper.buffered).toBe(reference.buffered);
    expect(helper.push(second)).toEqual(reference.push(second));
    expect(helper.flush()).toEqual(reference.flush());
  });
});

describe("flush() with nothing pushed since the start, the last flush or clear gives nothing", () => {
  it.each(["ulaw", "alaw"] as const)("RealtimeToTwilio (%s): [] when new, again and again, after flush, after clear, after only half a sample", (codec) => {
    const helper = new RealtimeToTwilio({ codec });
    expect(helper.flush()).toEqual([]);
    expect(helper.flush()).toEqual([]);
    helper.push(base64(pcmBytes(100, 3)));
    expect(helper.flush()).toHaveLength(1); // 33 codes and the tail, padded to one frame
    expect(helper.flush()).toEqual([]);
    helper.push(base64(pcmBytes(100, 3)));
    helper.clear();
    expect(helper.flush()).toEqual([]);
    helper.push(base64(new Uint8Array([7]))); // an odd byte: no sample
    expect(helper.flush()).toEqual([]);
    helper.push(base64(new Uint8Array([7])));
    helper.push(base64(new Uint8Array([0]))); // with the carried byte, one sample
    expect(helper.flush()).toHaveLength(1);
  });

  it("TwilioToRealtime: '' when new and after a flush; the filter's tail after audio", () => {
    const helper = new TwilioToRealtime();
    expect(helper.flush()).toBe("");
    helper.push(base64(new Uint8Array(160).fill(0x80)));
    expect(bytesOf(helper.flush()).length).toBe(2 * Math.ceil(helper.delay));
    expect(helper.flush()).toBe("");
  });
});
