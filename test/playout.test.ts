// What the caller heard, checked against a fake Twilio that behaves as
// Twilio does: it plays the frames it receives at real time from a buffer
// (starting when a frame arrives to an empty buffer), echoes each mark when
// playback reaches it, and on `clear` drops its buffer and echoes the marks
// still pending. It records every sample it played. A fake model streams
// answers faster than real time in deltas of irregular size (odd byte
// counts too) and barges in at random points. All on an injected clock.
//
// The checks read the played audio itself, not the library's arithmetic:
// each answer is silence with one loud click at a known time, so
// - a truncation at audio_end_ms past the click means the caller heard the click;
// - a click the caller heard lies at most one mark interval + 10 ms past audio_end_ms;
// - after the clear, no sample of an interrupted answer is played.

import { beforeAll, describe, expect, it } from "vitest";
import { FakeTwilio } from "./_fake-twilio.js";
import { rng } from "./_seeded.js";
import { initSync, Playout, RealtimeToTwilio, twilioMarks, ulawDecode, type Outbound, type Truncation } from "telaudio";

beforeAll(() => initSync());




/** An answer at 24 kHz: silence with a click of 2 ms at `clickAt` samples; base64 deltas of irregular byte counts. */
function answer(samples: number, clickAt: number, next: () => number): string[] {
  const pcm = new Int16Array(samples);
  for (let i = clickAt; i < Math.min(samples, clickAt + 48); i++) pcm[i] = 24000;
  const bytes = new Uint8Array(pcm.buffer);
  const deltas: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = Math.min(bytes.length - at, 1 + Math.floor(next() * 4000));
    deltas.push(Buffer.from(bytes.subarray(at, at + size)).toString("base64"));
    at += size;
  }
  return deltas;
}

const clickHeard = (played: number[]) => played.some((x) => Math.abs(x) > 4000);

describe.each([20, 60, 100, 200])("mark every %i ms: audio_end_ms against what the fake caller played", (markIntervalMs) => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(`barge-in case %i (seed = 1000·interval + case)`, (caseNumber) => {
    const next = rng(1000 * markIntervalMs + caseNumber);
    let now = 0;
    const playout = new Playout({ markIntervalMs, clock: () => now });
    const phone = new FakeTwilio();
    const send = () => phone.receive(playout.take(), now);
    const hearEchoes = () => {
      phone.advance(now);
      for (const name of phone.echoes.splice(0)) expect(playout.acknowledge(name)).toBe(true);
    };
    const bargeInAt = 200 + Math.floor(next() * 4000);

    // Answers one after another, each streamed at 5× real time and ended with end(); the next starts
    // a random while after the caller has heard the last, so the phone's samples since then are its own.
    // The caller barges in at `bargeInAt`, whatever is happening then.
    let item = -1;
    let clickMs = 0;
    let answerStart = 0;
    let deltas: { at: number; delta: string }[] = [];
    let pushedOfAnswer = 0;
    let state: "streaming" | "listening" | "waiting" = "waiting";
    let resumeAt = 0;
    let cut: ReturnType<Playout["interrupt"]>;
    for (;;) {
      now += 5;
      hearEchoes();
      if (now >= bargeInAt) {
        cut = playout.interrupt();
        // The echoes Twilio sends for pending marks on clear are stale: they move nothing.
        const before = playout.playedSamples();
        for (const name of phone.clear(now)) expect(playout.acknowledge(name)).toBe(false);
        expect(playout.playedSamples()).toBe(before);
        break;
      }
      if (state === "waiting" && now >= resumeAt) {
        item++;
        const samples = 4800 + Math.floor(next() * 48000);
        const clickAt = Math.floor(next() * (samples - 48));
        clickMs = (clickAt * 1000) / 24000;
        answerStart = phone.played.length;
        let at = now;
        deltas = answer(samples, clickAt, next).map((delta) => ({ at: (at += (Buffer.from(delta, "base64").length / 48) / 5), delta }));
        pushedOfAnswer = 0;
        state = "streaming";
      }
      if (state === "streaming") {
        while (deltas.length > 0 && deltas[0].at <= now) {
          playout.push(`item${item}`, 0, deltas.shift()!.delta);
          pushedOfAnswer++;
        }
        if (deltas.length === 0) {
          playout.end();
          state = "listening";
        }
        send();
      } else if (state === "listening" && playout.playedSamples() >= playout.stats.sentSamples) {
        resumeAt = now + Math.floor(next() * 1000);
        state = "waiting";
      }
    }
    const playedAtClear = phone.played.length;
    const heard = phone.played.slice(answerStart);

    // Never more than was sent, or than the phone played.
    expect(cut.playedSamples).toBeLessThanOrEqual(cut.sentSamples);
    expect(cut.playedSamples).toBeLessThanOrEqual(playedAtClear);
    expect(cut.estimate).toBe("marks");
    // The answer playing is truncated (at most one: the others were heard to their end); between answers, none.
    expect(cut.truncations.length).toBeLessThanOrEqual(state === "waiting" ? 0 : 1);
    const current: Truncation | undefined = cut.truncations[0];
    // No truncation: the answer was heard to its end, or none of it had come.
    const audioEndMs = current?.audioEndMs ?? (state === "waiting" || pushedOfAnswer === 0 ? -Infinity : Infinity);
    if (state !== "waiting" && audioEndMs >= clickMs + 2 + 3) expect(clickHeard(heard), `audio_end_ms ${audioEndMs} is past the click at ${clickMs} ms, which the caller never heard`).toBe(true);
    if (state !== "waiting" && clickHeard(heard)) expect(clickMs - 1, `the caller heard the click at ${clickMs} ms; audio_end_ms ${audioEndMs} lags by more than ${markIntervalMs} + 10 ms`).toBeLessThanOrEqual(audioEndMs + markIntervalMs + 10);

    // After the clear the model still sends the rest of the interrupted answer: none of it may reach the phone.
    if (current !== undefined) playout.push(current.itemId, 0, Buffer.from(new Int16Array(2400).fill(20000).buffer).toString("base64"));
    playout.push("after", 0, Buffer.from(new Int16Array(4800).buffer).toString("base64"));
    playout.end();
    send();
    now += 1000;
    phone.advance(now);
    expect(phone.played.length).toBeGreaterThan(playedAtClear); // the next answer did play
    expect(phone.played.slice(playedAtClear).some((x) => Math.abs(x) > 4000)).toBe(false);
  });
});

describe("audio_end_ms is in the item's own time: the converter's delay is taken off", () => {
  // An impulse at model sample `click` comes out at phone sample q: q − click/3 is the delay, measured
  // here from the audio. With the first P phone samples heard, the caller has heard (P − delay)/8 ms of the item.
  it.each([
    [9000, 40],
    [9000, 60],
    [12003, 100],
    [30000, 20],
  ])("click at model sample %i, marks every %i ms: within 1 ms of what the played audio says", (click, markIntervalMs) => {
    const playout = new Playout({ markIntervalMs, clock: () => 0 });
    const pcm = new Int16Array(48000);
    pcm[click] = 30000;
    playout.push("item", 0, Buffer.from(pcm.buffer).toString("base64"));
    const sent = playout.take();
    const frames = sent.filter((m) => m.type === "media").map((m) => ulawDecode(Buffer.from((m as { payload: string }).payload, "base64")));
    const audio = frames.flatMap((f) => [...f]);
    const q = audio.reduce((best, x, i) => (Math.abs(x) > Math.abs(audio[best]) ? i : best), 0);
    const delay = q - click / 3;
    expect(delay).toBeGreaterThan(10); // a real filter delay, so leaving it out would show
    // Acknowledge every mark up to ~150 ms after the click, then barge in.
    let heardFrames = 0;
    for (const m of sent) {
      if (m.type === "media") heardFrames++;
      else if (heardFrames * 160 <= q + 1200) expect(playout.acknowledge(m.name)).toBe(true);
      else break;
    }
    const played = playout.playedSamples();
    const cut = playout.interrupt();
    expect(cut.playedSamples).toBe(played);
    const trueMs = ((played - delay) * 1000) / 8000;
    expect(cut.truncations).toHaveLength(1);
    expect(Math.abs(cut.truncations[0].audioEndMs - trueMs)).toBeLessThanOrEqual(1);
  });
});

describe("Playout: bad input and the clock estimate", () => {
  it("bad itemId, contentIndex or delta is refused naming it, and nothing is taken", () => {
    const playout = new Playout({ clock: () => 0 });
    const twin = new Playout({ clock: () => 0 });
    const good = Buffer.from(new Int16Array(960).fill(1000).buffer).toString("base64");
    expect(() => playout.push(1 as never, 0, good)).toThrow(/^itemId must be a string/);
    expect(() => playout.push("a", -1, good)).toThrow(/^contentIndex must be a non-negative integer/);
    expect(() => playout.push("a", 0, "abc")).toThrow(/^delta /);
    expect(() => playout.acknowledge(7 as never)).toThrow(/^name must be a string/);
    playout.push("a", 0, good);
    twin.push("a", 0, good);
    expect(playout.take()).toEqual(twin.take());
  });

  it("with marks off, the played position is what the provider has had time to play since the frames arrived", () => {
    let now = 0;
    const playout = new Playout({ markIntervalMs: 0, clock: () => now });
    playout.push("a", 0, Buffer.from(new Int16Array(24000).buffer).toString("base64")); // 1 s → 49 whole frames now
    const out = playout.take();
    expect(out.every((m) => m.type === "media")).toBe(true);
    expect(playout.playedSamples()).toBe(0);
    now = 250;
    expect(playout.playedSamples()).toBe(2000);
    now = 10_000;
    expect(playout.playedSamples()).toBe(out.length * 160);
    now = 250;
    const cut = playout.interrupt(250);
    expect(cut.estimate).toBe("clock");
    expect(cut.playedSamples).toBe(2000);
  });

  it("paced: frames leave at real time with the lead, marks ride behind their frame, and a clear drops what waits", () => {
    let now = 0;
    const playout = new Playout({ markIntervalMs: 100, pacing: { leadMs: 60 }, clock: () => now });
    playout.push("a", 0, Buffer.from(new Int16Array(24000).buffer).toString("base64"));
    expect(playout.take().filter((m) => m.type === "media")).toHaveLength(4); // plays at 0, 20, 40, 60: due by 0
    const next: string[] = [];
    for (now = 20; now <= 100; now += 20) next.push(...playout.take().map((m) => m.type));
    // Frames 4–8 play at 80…160 ms, each released 60 ms ahead; the mark after frame 4 ends the first 100 ms.
    expect(next).toEqual(["media", "mark", "media", "media", "media", "media"]);
    const cut = playout.interrupt();
    expect(cut.sentSamples).toBe(9 * 160);
    expect(playout.stats.lateFrames).toBe(0);
    expect(playout.take()).toEqual([]);
    expect(playout.nextTakeAt()).toBeUndefined();
  });
});

describe("paced playout over a simulated hour, on an injected clock", () => {
  it("every frame leaves at start + n × 20 ms − lead (within one poll), none early, no drift, no underrun; the phone hears it all", () => {
    let now = 0;
    const leadMs = 80;
    const playout = new Playout({ markIntervalMs: 100, pacing: { leadMs }, clock: () => now });
    const phone = new FakeTwilio({ record: false });
    const second = Buffer.from(new Int16Array(24000).fill(300).buffer).toString("base64");
    const SECONDS = 3600;
    let pushed = 0;
    let frame = 0;
    let firstAt = -1;
    let worstLate = 0;
    const POLL_MS = 10;
    // The model sends a second of audio every second, two seconds ahead; the bridge polls every 10 ms.
    for (now = 0; pushed < SECONDS || playout.nextTakeAt() !== undefined; now += POLL_MS) {
      while (pushed < SECONDS && pushed * 1000 <= now + 2000) {
        playout.push("answer", 0, second);
        pushed++;
        if (pushed === SECONDS) playout.end();
      }
      const out = playout.take();
      for (const message of out) {
        if (message.type !== "media") continue;
        if (firstAt < 0) firstAt = now;
        const due = firstAt + frame * 20 - leadMs;
        if (now < due) throw new Error(`frame ${frame} left at ${now} ms, before ${due}`);
        worstLate = Math.max(worstLate, now - Math.max(due, firstAt));
        frame++;
      }
      phone.receive(out, now);
      for (const name of phone.echoes.splice(0)) playout.acknowledge(name);
      if (now > 3_700_000) throw new Error(`still ${frame} frames after ${now} ms`);
    }
    expect(worstLate).toBeLessThan(POLL_MS);
    // 3600 s of audio and the converter's tail, padded to a frame at the end.
    expect(frame).toBe(Math.ceil((3600 * 8000 + Math.ceil(new RealtimeToTwilio().delay)) / 160));
    const stats = playout.stats;
    expect(stats).toMatchObject({ underruns: 0, lateFrames: 0, sentSamples: frame * 160 });
    now += 1000;
    phone.advance(now);
    for (const name of phone.echoes.splice(0)) playout.acknowledge(name);
    expect(playout.playedSamples()).toBe(frame * 160);
    expect(phone.playedCount).toBe(frame * 160);
  }, 60_000);
});

describe("playback marks: Twilio's `mark` as one implementation of PlaybackMarks", () => {
  it("requests and echoes are Twilio's messages; other messages and other streams are no echo", () => {
    const marks = twilioMarks("MZ1");
    expect(JSON.parse(marks.request("telaudio:0.1"))).toEqual({ event: "mark", streamSid: "MZ1", mark: { name: "telaudio:0.1" } });
    expect(marks.echoed({ event: "mark", sequenceNumber: "4", streamSid: "MZ1", mark: { name: "telaudio:0.1" } })).toBe("telaudio:0.1");
    expect(marks.echoed({ event: "mark", streamSid: "MZ2", mark: { name: "x" } })).toBeUndefined();
    expect(marks.echoed({ event: "media", streamSid: "MZ1", media: { payload: "" } })).toBeUndefined();
    expect(marks.echoed(null)).toBeUndefined();
    expect(() => twilioMarks("")).toThrow(/^streamSid/);
  });
});

describe("a long call keeps only what can still be truncated", () => {
  it("500 answers heard to their end, then a barge-in in the 501st: only it is truncated, at what was heard", () => {
    let now = 0;
    const playout = new Playout({ markIntervalMs: 60, clock: () => now });
    const phone = new FakeTwilio({ record: false });
    const answer = Buffer.from(new Int16Array(4800).fill(500).buffer).toString("base64"); // 200 ms
    for (let item = 0; item < 500; item++) {
      playout.push(`item${item}`, 0, answer);
      playout.end();
      phone.receive(playout.take(), now);
      now += 400;
      phone.advance(now);
      for (const name of phone.echoes.splice(0)) expect(playout.acknowledge(name)).toBe(true);
    }
    playout.push("last", 0, answer);
    playout.push("last", 0, answer);
    phone.receive(playout.take(), now);
    now += 250;
    phone.advance(now);
    for (const name of phone.echoes.splice(0)) playout.acknowledge(name);
    const cut = playout.interrupt();
    expect(cut.truncations).toHaveLength(1);
    expect(cut.truncations[0].itemId).toBe("last");
    // Heard: the marks echoed within 250 ms of 60 ms marks (240 ms), less the converter's delay.
    expect(cut.truncations[0].audioEndMs).toBe(Math.floor(240 - (new RealtimeToTwilio().delay * 1000) / 8000));
  });
});

describe("answers queued behind the one playing", () => {
  it("a barge-in 100 ms into the first of two queued answers truncates the first at what was heard and the second at 0", () => {
    const playout = new Playout({ markIntervalMs: 20, clock: () => 0 });
    const answer = Buffer.from(new Int16Array(4800).fill(500).buffer).toString("base64"); // 200 ms each
    playout.push("first", 0, answer);
    playout.push("second", 0, answer);
    const marks = playout.take().filter((m) => m.type === "mark") as { name: string }[];
    for (const mark of marks.slice(0, 5)) expect(playout.acknowledge(mark.name)).toBe(true); // 5 frames: 100 ms
    const cut = playout.interrupt();
    const delayMs = (new RealtimeToTwilio().delay * 1000) / 8000;
    expect(cut.truncations).toEqual([
      { itemId: "first", contentIndex: 0, audioEndMs: Math.floor(100 - delayMs) },
      { itemId: "second", contentIndex: 0, audioEndMs: 0 },
    ]);
  });
});
