// CallRecorder against a fake call on an injected clock: a fake caller sends
// 20 ms μ-law frames (some lost, some late), a fake model streams answers at
// 5× real time through Playout, and a fake Twilio plays what it receives as
// Twilio does (test/_fake-twilio.ts, recording *where* on the
// call's clock it played each sample). The expected channels are built from
// what the fakes sent and played, not from the recorder's arithmetic:
// - left[k] = the caller's sample k (silence where its frame never arrived);
// - right[k] = what the fake phone played at call sample k (0 where it played nothing).

import { beforeAll, describe, expect, it } from "vitest";
import { CallRecorder, InboundTimeline, initSync, memorySink, Playout, readWav, ulawDecode, type Outbound } from "telaudio";
import { expectSameValues } from "./_assert.js";
import { FakeTwilio } from "./_fake-twilio.js";
import { rng } from "./_seeded.js";

beforeAll(() => initSync());

const FRAME_MS = 20;
const FRAME = 160;


interface Call {
  /** The caller's audio as sent, 0 where a frame was lost; what the phone played. */
  left: Int16Array;
  right: Int16Array;
  endMs: number;
  bargeInMs: number;
  /** Where the answer after the barge-in started playing, ms. */
  nextAnswerMs: number;
  file: Uint8Array;
  recorder: CallRecorder;
}

/** A noisy answer at 24 kHz (never silent), in base64 deltas of irregular byte counts. */
function answer(samples: number, next: () => number, level: number): string[] {
  const pcm = Int16Array.from({ length: samples }, () => Math.round((next() * 2 - 1) * level));
  const bytes = new Uint8Array(pcm.buffer);
  const deltas: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = Math.min(bytes.length - at, 1 + Math.floor(next() * 4000));
    deltas.push(Buffer.from(bytes.subarray(at, at + size)).toString("base64"));
    at += size;
  }
  return deltas;
}

async function call(seed: number, options: ConstructorParameters<typeof CallRecorder>[1] = {}, loud = false): Promise<Call> {
  const next = rng(seed);
  let now = 0;
  const clock = () => now;
  const sink = memorySink();
  const recorder = new CallRecorder(sink, { clock, ...options });
  const timeline = new InboundTimeline();
  const playout = new Playout({ markIntervalMs: 100, clock });
  /** What the phone played at each call sample (8 kHz; sample 0 = 0 ms). */
  const heard = new Int16Array(8000 * 120);
  const phone = new FakeTwilio({ record: false, onPlay: (samples, startMs) => heard.set(samples, startMs * 8) });
  const endMs = 6000 + 20 * Math.floor(next() * 50) + 5 * Math.floor(next() * 4);
  const left = new Int16Array((endMs * 8000) / 1000);
  // The caller's frames: random codes (loud or quiet), a few lost, a few a frame late.
  const frames: { k: number; codes: Uint8Array; arrive: number }[] = [];
  for (let k = 0; (k + 1) * FRAME_MS <= endMs - 40; k++) {
    const codes = Uint8Array.from({ length: FRAME }, () => (loud ? 0x80 : 0xc0) + Math.floor(next() * 16) - (next() < 0.5 ? 0x80 : 0));
    if (next() < 0.05) continue; // lost
    frames.push({ k, codes, arrive: (k + 1) * FRAME_MS + (next() < 0.05 ? FRAME_MS : 0) });
    left.set(ulawDecode(codes), k * FRAME);
  }
  frames.sort((a, b) => a.arrive - b.arrive);

  const bargeInMs = 2000 + 5 * Math.floor(next() * 200);
  const answers = [
    { startMs: 300, deltas: answer(24 * 3000, next, loud ? 30000 : 8000) }, // 3 s, still playing at the barge-in
    { startMs: bargeInMs + 700, deltas: answer(24 * 1500, next, loud ? 30000 : 8000) },
  ];
  let nextAnswerMs = NaN;
  for (now = 0; now <= endMs; now += 5) {
    phone.advance(now);
    while (frames.length > 0 && frames[0].arrive <= now) {
      const f = frames.shift()!;
      for (const payload of timeline.push({ timestamp: f.k * FRAME_MS, payload: Buffer.from(f.codes).toString("base64") })) recorder.inbound(payload);
    }
    if (now === bargeInMs) {
      playout.interrupt();
      phone.clear(now);
      recorder.interrupt();
    }
    answers.forEach((a, i) => {
      // Faster than real time: five deltas (~200 ms of audio) every 5 ms.
      if (now < a.startMs || a.deltas.length === 0) return;
      if (i === 1 && Number.isNaN(nextAnswerMs)) nextAnswerMs = now;
      for (let n = 0; n < 5 && a.deltas.length > 0; n++) playout.push(`item${i}`, 0, a.deltas.shift()!);
      if (a.deltas.length === 0) playout.end();
    });
    const out = playout.take();
    phone.receive(out, now);
    recorder.outbound(out);
  }
  now = endMs;
  phone.advance(now);
  for (const payload of timeline.flush()) recorder.inbound(payload);
  const durationMs = await recorder.close();
  expect(durationMs).toBe(endMs);
  return { left, right: heard.slice(0, left.length), endMs, bargeInMs, nextAnswerMs, file: sink.bytes(), recorder };
}

function channel(data: Int16Array, channels: number, index: number): Int16Array {
  return data.filter((_, i) => i % channels === index);
}

describe("CallRecorder: each party's audio where they heard it", () => {
  it.each([1, 2, 3])("stereo PCM16 at 8 kHz, call %i: left = the caller as sent, right = what the phone played", async (n) => {
    const c = await call(7000 + n);
    const wav = readWav(c.file);
    expect(wav).toMatchObject({ rate: 8000, channels: 2, encoding: "pcm16", truncated: false });
    // The recording is as long as the call (the clock at close), to the sample.
    expect(wav.frames).toBe((c.endMs * 8000) / 1000);
    expectSameValues(channel(wav.data as Int16Array, 2, 0), c.left);
    expectSameValues(channel(wav.data as Int16Array, 2, 1), c.right);

    // The barge-in: the phone played the first answer up to it, then nothing until the next answer.
    const right = channel(wav.data as Int16Array, 2, 1);
    const bargeIn = c.bargeInMs * 8;
    expect(right.subarray(bargeIn - 160, bargeIn).some((x) => x !== 0)).toBe(true);
    const resumed = right.findIndex((x, i) => i >= bargeIn && x !== 0);
    // The next answer's first samples are the resampler's ramp: near 0, so allow 5 ms.
    expect(resumed).toBeGreaterThanOrEqual(c.nextAnswerMs * 8);
    expect(resumed).toBeLessThan(c.nextAnswerMs * 8 + 40);
    expect(c.recorder.interruptions).toHaveLength(1);
    expect(c.recorder.interruptions[0].atMs).toBe(c.bargeInMs);
    // The first answer was 3 s, sent at 5× real time from 300 ms: most of it was queued, and dropped.
    expect(c.recorder.interruptions[0].droppedSamples).toBeGreaterThan(8 * (3300 - c.bargeInMs) - 8 * 200);
  });

  it("μ-law file: decodes to the same two channels", async () => {
    const c = await call(7001, { encoding: "ulaw" });
    const wav = readWav(c.file);
    expect(wav).toMatchObject({ channels: 2, encoding: "ulaw", frames: c.left.length });
    const pcm = ulawDecode(wav.data as Uint8Array);
    expectSameValues(channel(pcm, 2, 0), c.left);
    expectSameValues(channel(pcm, 2, 1), c.right);
  });

  it("mono: the two mixed with saturation", async () => {
    const c = await call(7002, { channels: 1 }, true);
    const wav = readWav(c.file);
    expect(wav).toMatchObject({ channels: 1, frames: c.left.length });
    const expected = c.left.map((l, i) => Math.max(-32768, Math.min(32767, l + c.right[i])));
    expect(c.left.some((l, i) => Math.abs(l + c.right[i]) > 32767), "the test's audio saturates somewhere").toBe(true);
    expectSameValues(wav.data, expected);
  });

  it("16 kHz: twice the samples, on the same clock (cross-correlation with the 8 kHz channels peaks at lag 0)", async () => {
    const c = await call(7003, { rate: 16000 });
    const wav = readWav(c.file);
    expect(wav).toMatchObject({ rate: 16000, channels: 2, frames: 2 * c.left.length });
    for (const [index, expected] of [[0, c.left], [1, c.right]] as const) {
      const got = channel(wav.data as Int16Array, 2, index);
      // The 8 kHz channel, upsampled by linear interpolation (independent of the recorder's filter).
      const linear = Float64Array.from({ length: got.length }, (_, i) => (i % 2 === 0 ? expected[i / 2] : (expected[(i - 1) / 2] + (expected[(i + 1) / 2] ?? 0)) / 2));
      let best = 0;
      let bestLag = NaN;
      for (let lag = -40; lag <= 40; lag++) {
        let sum = 0;
        for (let i = 100; i < got.length - 100; i++) sum += got[i] * linear[i + lag];
        if (sum > best) [best, bestLag] = [sum, lag];
      }
      expect(bestLag, index === 0 ? "left" : "right").toBe(0);
    }
  });
});

describe("CallRecorder: bad input", () => {
  it("refuses bad options and payloads, naming them; a closed recorder refuses more", async () => {
    expect(() => new CallRecorder(memorySink(), { rate: 24000 as never })).toThrow(/rate must be 8000 or 16000, got 24000/);
    expect(() => new CallRecorder(memorySink(), { channels: 3 as never })).toThrow(/channels must be 1 or 2/);
    expect(() => new CallRecorder(memorySink(), { codec: "opus" as never })).toThrow(/codec must be "ulaw" or "alaw"/);
    expect(() => new CallRecorder({} as never)).toThrow(/sink must be an object with a write/);
    let now = 0;
    const sink = memorySink();
    const recorder = new CallRecorder(sink, { clock: () => now });
    expect(() => recorder.inbound(5 as never)).toThrow(/payload must be base64 text or a Uint8Array/);
    expect(() => recorder.inbound("abc")).toThrow(/payload is not valid base64/);
    expect(() => recorder.outbound("x" as never)).toThrow(/messages must be the array Playout.take\(\) returned/);
    recorder.inbound(new Uint8Array(160).fill(0x80));
    now = 20;
    recorder.inbound(new Uint8Array(160).fill(0x80));
    now = 40;
    expect(await recorder.close()).toBe(40);
    expect(() => recorder.inbound(new Uint8Array(160))).toThrow(/this CallRecorder is closed/);
    // What was recorded stays: 320 loud caller samples.
    const wav = readWav(sink.bytes());
    expect(wav.frames).toBe(320);
    expect(channel(wav.data as Int16Array, 2, 0).every((x) => x === 32124)).toBe(true);
  });

  it("a sink that throws mid-call: the error names the sink, the frames before it stay readable", async () => {
    const inner = memorySink();
    let fail = false;
    const sink = { write: (b: Uint8Array) => (fail ? (() => { throw new Error("disk full"); })() : inner.write(b)), patch: inner.patch };
    let now = 0;
    const recorder = new CallRecorder(sink, { clock: () => now });
    now = 20;
    recorder.inbound(new Uint8Array(160).fill(0x80));
    fail = true;
    now = 40;
    expect(() => recorder.inbound(new Uint8Array(160).fill(0x80))).toThrow(/WAV sink failed at write after 160 frames .*disk full/);
    await expect(recorder.close()).rejects.toThrow(/disk full/);
    expect(readWav(inner.bytes()).frames).toBe(160);
  });
});
