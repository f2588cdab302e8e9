// The example bridge end to end, over real sockets on loopback:
// fake Twilio → bridge → fake Realtime (echo) → bridge → fake Twilio.
// Frames are paced 1 ms apart, so a 7.4 s clip takes about half a second.

import { describe, expect, it } from "vitest";
import { FRAME_BYTES, RealtimeToTwilio, TwilioToRealtime, ulawDecode } from "telaudio";
import { startFakeRealtime, type FakeRealtime, type FakeRealtimeOptions } from "../examples/fake-realtime-server.js";
import { badMessages, runFakeTwilio, type FakeTwilioResult } from "../examples/fake-twilio-client.js";
import { measureRoundTrip } from "../examples/round-trip-snr.js";
import { loadSpeechClip } from "../examples/speech-clip.js";
import { startBridge, type Bridge, type LogEntry } from "../examples/twilio-realtime-bridge.js";

const PACE_MS = 1;
/** The bridge's default: a mark after every 100 ms (5 frames) of an answer, and after its last frame. */
const MARK_EVERY_FRAMES = 5;

/** Frames sent before each mark, for answers of `frames[i]` frames each: every 5th frame of an answer, and its last. */
function expectedMarkPositions(frames: number[]): number[] {
  const positions: number[] = [];
  let before = 0;
  for (const count of frames) {
    for (let k = 1; k <= count; k++) if (k % MARK_EVERY_FRAMES === 0 || k === count) positions.push(before + k);
    before += count;
  }
  return positions;
}

function framesBeforeMarks(call: FakeTwilioResult): number[] {
  return call.timeline.flatMap((entry, at) => (entry.kind === "mark" ? [call.timeline.slice(0, at).filter((earlier) => earlier.kind === "media").length] : []));
}
const clip = loadSpeechClip(); // also initializes telaudio
const framesSent = clip.codes.length / FRAME_BYTES;

/**
 * The model's input for the clip, computed offline with the same helper the
 * bridge uses: one append per Twilio frame, then the inbound filter's tail
 * (sent at `stop`). The fake server echoes exactly these bytes.
 */
const appends: string[] = (() => {
  const inbound = new TwilioToRealtime();
  const out: string[] = [];
  for (let frame = 0; frame < framesSent; frame++) {
    out.push(inbound.push(Buffer.from(clip.codes.subarray(frame * FRAME_BYTES, (frame + 1) * FRAME_BYTES)).toString("base64")));
  }
  out.push(inbound.flush());
  inbound.dispose();
  return out;
})();

/** The μ-law Twilio must receive for `echoed`: a fresh RealtimeToTwilio over it (any split gives the same codes), flushed if `flush`. */
function expectedCodes(echoed: string[], flush: boolean): Uint8Array {
  const outbound = new RealtimeToTwilio();
  const frames = echoed.flatMap((delta) => outbound.push(delta));
  if (flush) frames.push(...outbound.flush());
  outbound.dispose();
  return new Uint8Array(Buffer.concat(frames.map((frame) => Buffer.from(frame, "base64"))));
}

const concat = (payloads: Uint8Array[]) => new Uint8Array(Buffer.concat(payloads));

/** Runs `test` against a fresh fake model and bridge, collecting the bridge's log. */
async function withBridge(modelOptions: FakeRealtimeOptions, test: (bridge: Bridge, model: FakeRealtime, log: LogEntry[]) => Promise<void>): Promise<void> {
  const model = await startFakeRealtime(modelOptions);
  const log: LogEntry[] = [];
  const bridge = await startBridge({ port: 0, realtimeUrl: model.url, log: (entry) => log.push(entry) });
  try {
    await test(bridge, model, log);
  } finally {
    await bridge.close();
    await model.close();
  }
}

function expectWholeFrames(call: FakeTwilioResult): void {
  expect(call.received.length).toBeGreaterThan(0);
  for (const payload of call.received) expect(payload.length).toBe(FRAME_BYTES);
}

function expectSpeechBack(call: FakeTwilioResult): void {
  const trip = measureRoundTrip(clip.reference, ulawDecode(concat(call.received)));
  const inbound = new TwilioToRealtime();
  const outbound = new RealtimeToTwilio();
  const expectedDelay = inbound.delay / 3 + outbound.delay; // at 8 kHz; the echo adds none
  inbound.dispose();
  outbound.dispose();
  expect(Math.abs(trip.delay - expectedDelay)).toBeLessThan(0.05);
  expect(Math.abs(trip.integerDelay - expectedDelay)).toBeLessThan(1);
  expect(trip.snrDb).toBeGreaterThanOrEqual(30);
}

describe("the example bridge, end to end on loopback", () => {
  it("sends only 160-byte frames, loses and repeats nothing, and brings the speech back at ≥ 30 dB SNR", async () => {
    await withBridge({}, async (bridge, model, log) => {
      const call = await runFakeTwilio({ url: bridge.url, clip: clip.codes, paceMs: PACE_MS });
      expect(call.closeCode).toBe(1000);
      expect(call.foreign).toBe(0);
      expect(call.clears).toBe(0);
      expectWholeFrames(call);
      expect(framesBeforeMarks(call)).toEqual(expectedMarkPositions([call.received.length])); // one answer

      // Counting: every code sent comes back, delayed by the two filters, whose
      // flushed tails add ⌊⌈inbound.delay⌉/3⌋ + ⌈outbound.delay⌉ samples (72/3 + 24
      // = 48 with the filters at the time of writing), and the last frame is
      // padded with silence to 160 bytes: 59,360 codes sent, 59,520 back.
      const inbound = new TwilioToRealtime();
      const outbound = new RealtimeToTwilio();
      const inboundSamples24k = 3 * clip.codes.length + Math.ceil(inbound.delay);
      const codesBack = Math.floor(inboundSamples24k / 3) + Math.ceil(outbound.delay);
      inbound.dispose();
      outbound.dispose();
      expect(call.received.length).toBe(Math.ceil(codesBack / FRAME_BYTES));
      // And they are the right codes in the right order: exactly the offline chain's.
      expect(concat(call.received)).toEqual(expectedCodes(appends, true));

      expectSpeechBack(call);

      const [stats] = bridge.stats();
      expect(stats).toMatchObject({ framesIn: framesSent, framesOut: call.received.length, badMessages: 0, staleDeltas: 0, state: "ended", staleMarks: 0 });
      // Every echo was a live mark. The answer's end (the last delta's frames, then the tail: at most a
      // 5th-frame mark each and the mark after the last frame) leaves in the same turn as the bridge ends
      // the call, so those marks' echoes may still be on their way: none is lost before that.
      const lastBatchMarks = 3;
      expect(stats.marksAcked).toBeGreaterThanOrEqual(stats.marksSent - lastBatchMarks);
      expect(stats.marksAcked).toBeLessThanOrEqual(stats.marksSent);
      expect(stats.inbound.count).toBe(framesSent);
      const [session] = model.sessions();
      expect(session).toMatchObject({ inputFormat: "pcm16", outputFormat: "pcm16", appends: framesSent + 1, commits: 1 });
      expect(session.oddDeltas).toBeGreaterThan(0); // the bridge did meet half samples
      expect(log.filter((entry) => entry.level !== "info")).toEqual([]);
    });
  });

  // The fake model ends a response after every `every`-th append, and at the commit. With
  // every = framesSent, one ends on the last frame's echo, as the bridge handles `stop`:
  // that is not yet the end of the call, whose last audio (the inbound tail) is still to come.
  it.each([100, framesSent])("flushes each of several responses once, padded to whole frames, marks every 100 ms and its end (every %i appends)", async (every) => {
    await withBridge({ endResponseEvery: every }, async (bridge) => {
      const call = await runFakeTwilio({ url: bridge.url, clip: clip.codes, paceMs: PACE_MS });
      expectWholeFrames(call);
      const turns: Uint8Array[] = [];
      for (let start = 0; start < appends.length; start += every) turns.push(expectedCodes(appends.slice(start, start + every), true));
      expect(concat(call.received)).toEqual(concat(turns));
      // A mark after every 5th frame of each answer, and right after its last frame.
      expect(framesBeforeMarks(call)).toEqual(expectedMarkPositions(turns.map((turn) => turn.length / FRAME_BYTES)));
    });
  });

  it("on barge-in sends `clear`, and nothing of the interrupted answer follows it", async () => {
    const bargeInAt = 150; // the 150th append: speech_started, a stale delta, the response cancelled
    await withBridge({ bargeInAtAppend: bargeInAt }, async (bridge) => {
      const call = await runFakeTwilio({ url: bridge.url, clip: clip.codes, paceMs: PACE_MS });
      expectWholeFrames(call);
      expect(call.clears).toBe(1);
      const clearAt = call.timeline.findIndex((entry) => entry.kind === "clear");
      const before = call.timeline.slice(0, clearAt).filter((entry) => entry.kind === "media").length;

      // Before the clear: the whole frames of appends 1…149's echo. After it: a fresh
      // stream from the 150th on, flushed at the end; the stale delta appears nowhere.
      expect(concat(call.received.slice(0, before))).toEqual(expectedCodes(appends.slice(0, bargeInAt - 1), false));
      expect(concat(call.received.slice(before))).toEqual(expectedCodes(appends.slice(bargeInAt - 1), true));
      // The cancelled answer is not flushed: its marks are the periodic ones; the next answer's end is marked.
      expect(framesBeforeMarks(call)).toEqual(expectedMarkPositions([before, call.received.length - before]).filter((at, i, all) => at % MARK_EVERY_FRAMES === 0 || i === all.length - 1 || at > before));

      const [stats] = bridge.stats();
      expect(stats).toMatchObject({ clears: 1, staleDeltas: 1, badMessages: 0, truncations: 1 });
    });
  });

  it("skips bad messages on one call, closing nothing and losing no audio of either call", async () => {
    await withBridge({}, async (bridge, _model, log) => {
      const poisoned = "MZpoisoned";
      const clean = "MZclean";
      const [bad, good] = await Promise.all([
        runFakeTwilio({ url: bridge.url, clip: clip.codes, paceMs: PACE_MS, streamSid: poisoned, inject: { afterFrame: 100, frames: badMessages(poisoned) } }),
        runFakeTwilio({ url: bridge.url, clip: clip.codes, paceMs: PACE_MS, streamSid: clean }),
      ]);

      const expected = expectedCodes(appends, true);
      for (const call of [bad, good]) {
        expect(call.closeCode).toBe(1000); // each ran to its own stop
        expectWholeFrames(call);
        expect(concat(call.received)).toEqual(expected);
      }
      expectSpeechBack(good);

      const stats = new Map(bridge.stats().map((entry) => [entry.streamSid, entry]));
      expect(stats.get(poisoned)).toMatchObject({ badMessages: 4, framesIn: framesSent });
      expect(stats.get(clean)).toMatchObject({ badMessages: 0, framesIn: framesSent });
      const complaints = log.filter((entry) => entry.level !== "info");
      expect(complaints).toHaveLength(4);
      for (const entry of complaints) expect(entry).toMatchObject({ level: "warn", streamSid: poisoned });
    });
  });

  it("skips a bad message from the model too (GA event names), losing nothing", async () => {
    await withBridge({ poisonAfterAppend: 50, eventNames: "ga" }, async (bridge, _model, log) => {
      const call = await runFakeTwilio({ url: bridge.url, clip: clip.codes, paceMs: PACE_MS });
      expect(call.closeCode).toBe(1000);
      expect(concat(call.received)).toEqual(expectedCodes(appends, true));
      const [stats] = bridge.stats();
      expect(stats.badMessages).toBe(2); // a frame that is not JSON, a delta that is not base64
      expect(log.filter((entry) => entry.level !== "info").map((entry) => entry.level)).toEqual(["warn", "warn"]);
    });
  });
});

describe("inbound gaps and disorder on loopback", () => {
  it("lost, duplicated and swapped frames: the model gets the call's audio on its clock, gaps as silence, and the bridge counts each", async () => {
    await withBridge({}, async (bridge, model) => {
      const lose = [10, 11, 12, 200];
      const duplicate = [50, 300];
      const swapWithNext = [100, 250];
      const call = await runFakeTwilio({ url: bridge.url, clip: clip.codes, paceMs: PACE_MS, disorder: { lose, duplicate, swapWithNext } });
      expect(call.closeCode).toBe(1000);
      const [session] = model.sessions();
      // Every 20 ms of the call reached the model, lost ones as silence: as many bytes as the clean call.
      const cleanBytes = appends.reduce((sum, audio) => sum + Buffer.from(audio, "base64").length, 0);
      expect(session.appendedBytes).toBe(cleanBytes);
      const [stats] = bridge.stats();
      expect(stats).toMatchObject({ gapsFilled: 2, silenceMs: 20 * lose.length, duplicates: duplicate.length, reordered: swapWithNext.length, lateFrames: 0, badMessages: 0 });
    });
  });
});

describe("barge-in on loopback: audio_end_ms against what a real-time fake Twilio played", () => {
  // The fake model streams a 4 s answer at 4× real time in irregular deltas, then the caller
  // barges in; the fake Twilio plays at real time, echoes marks as playback reaches them and
  // drops its buffer on clear. What it had played when the model sent speech_started is the
  // truth: audio_end_ms must not exceed it, and may lag it by one mark interval + 10 ms (plus
  // however late this machine's timers echoed a mark, measured: a wall-clock test on a shared machine).
  it.each([
    [40, 700, undefined],
    [100, 1130, undefined],
    [100, 2010, undefined],
    [200, 1555, undefined],
    [100, 1370, 80],
  ])("marks every %i ms, barge-in at %i ms, paced with lead %s ms", async (markIntervalMs, bargeInAfterMs, leadMs) => {
    const answer = new Int16Array(96_000);
    for (let n = 0; n < answer.length; n++) answer[n] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * n) / 24000));
    let phone: { played(): number; maxEchoLateMs: number } | undefined;
    let playedAtBargeIn = -1;
    let playedAtClear = -1;
    const model = await startFakeRealtime({ answer: { pcm: answer, speedup: 4, bargeInAfterMs, onBargeIn: () => (playedAtBargeIn = phone?.played() ?? -1) } });
    const bridge = await startBridge({ port: 0, realtimeUrl: model.url, log: () => {}, markIntervalMs, pacing: leadMs === undefined ? undefined : { leadMs } });
    try {
      // A short clip at real time keeps the call open while the answer plays.
      const silence = new Uint8Array(FRAME_BYTES * Math.ceil((bargeInAfterMs + 600) / 20)).fill(0xff);
      const call = await runFakeTwilio({
        url: bridge.url,
        clip: silence,
        paceMs: 20,
        playback: true,
        onPlayback: (buffer) => (phone = buffer),
        onClear: (played) => (playedAtClear = played),
      });
      expect(call.clears).toBe(1);
      const [session] = model.sessions();
      expect(session.truncates).toHaveLength(1);
      const [truncate] = session.truncates;
      const delay = new RealtimeToTwilio().delay; // output samples at 8 kHz
      const heardMs = ((playedAtBargeIn - delay) * 1000) / 8000;
      expect(playedAtBargeIn).toBeGreaterThan(0);
      expect(truncate.audioEndMs).toBeLessThanOrEqual(heardMs + 1);
      expect(truncate.audioEndMs).toBeGreaterThanOrEqual(heardMs - markIntervalMs - 10 - phone!.maxEchoLateMs);
      expect(truncate.audioEndMs).toBeLessThanOrEqual(truncate.sentMs); // never past what was sent
      expect(playedAtClear).toBeGreaterThanOrEqual(playedAtBargeIn);
      // Nothing of the answer after the clear: the frames after it are the (silent) flushes of nothing.
      const clearAt = call.timeline.findIndex((entry) => entry.kind === "clear");
      expect(call.timeline.slice(clearAt + 1).filter((entry) => entry.kind === "media")).toEqual([]);
      const [stats] = bridge.stats();
      expect(stats).toMatchObject({ truncations: 1, lastAudioEndMs: truncate.audioEndMs, badMessages: 0 });
      // Paced, Twilio never holds more than the lead (+ a frame), so the clear drops little.
      if (leadMs !== undefined) expect(((stats.sentMs - (playedAtClear * 1000) / 8000))).toBeLessThanOrEqual(leadMs + 20 + phone!.maxEchoLateMs);
    } finally {
      await bridge.close();
      await model.close();
    }
  });
});
