// The Gemini Live example end to end on loopback: phone μ-law 8 kHz →
// Converter (converterPair's inbound) → GeminiLiveSession → fake Gemini
// server; its 24 kHz answer → Converter (outbound) → μ-law. No audio lost or
// duplicated either way, the answer byte-identical to what the server sent,
// and a barge-in honoured: after `interrupted`, nothing more of that answer.
// The server's answer runs at 20× real time; nothing here asserts on timing.

import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Converter, converterPair, geminiLive, ulawEncode } from "telaudio";
import { startFakeGemini, type FakeGemini } from "../examples/fake-gemini-server.js";
import { geminiAudio, geminiSetup, GeminiLiveSession, parseGeminiServer } from "../examples/models/gemini-live.js";
import { connectModelSocket } from "../examples/models/ws-socket.js";
import { BadMessage } from "../examples/protocol.js";
import { initFromEnv } from "./_init.js";
import { concat } from "./_wire.js";

beforeAll(() => initFromEnv());

describe("Gemini Live message shapes", () => {
  it("setup and realtimeInput audio, as the Live API reference spells them", () => {
    expect(JSON.parse(geminiSetup("models/x"))).toEqual({ setup: { model: "models/x", generationConfig: { responseModalities: ["AUDIO"] } } });
    expect(JSON.parse(geminiAudio("AAA="))).toEqual({ realtimeInput: { audio: { data: "AAA=", mimeType: "audio/pcm;rate=16000" } } });
  });

  it("serverContent: audio parts in order, then turnComplete; interrupted first; text parts skipped", () => {
    const frame = JSON.stringify({
      serverContent: {
        modelTurn: { parts: [{ inlineData: { mimeType: "audio/pcm;rate=24000", data: "AQI=" } }, { text: "hi" }, { inlineData: { mimeType: "audio/pcm;rate=24000", data: "AwQ=" } }] },
        turnComplete: true,
      },
    });
    expect(parseGeminiServer(frame)).toEqual([
      { type: "audio", data: "AQI=", mimeType: "audio/pcm;rate=24000" },
      { type: "audio", data: "AwQ=", mimeType: "audio/pcm;rate=24000" },
      { type: "turnComplete" },
    ]);
    expect(parseGeminiServer('{"serverContent":{"interrupted":true}}')).toEqual([{ type: "interrupted" }]);
    expect(parseGeminiServer('{"setupComplete":{}}')).toEqual([{ type: "setupComplete" }]);
    expect(parseGeminiServer('{"usageMetadata":{}}')).toEqual([{ type: "other", keys: ["usageMetadata"] }]);
  });

  it("bad frames are a BadMessage saying what is wrong", () => {
    expect(() => parseGeminiServer("nope")).toThrow(BadMessage);
    expect(() => parseGeminiServer("[1]")).toThrow(/not a JSON object/);
    expect(() => parseGeminiServer('{"serverContent":{"modelTurn":{"parts":3}}}')).toThrow(/parts must be an array/);
    expect(() => parseGeminiServer('{"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm"}}]}}}')).toThrow(/needs data and mimeType/);
  });
});

/** 20 ms μ-law frames: `speechMs` of a loud 440 Hz tone, then `silenceMs` of silence. */
function callerFrames(speechMs: number, silenceMs: number): Uint8Array[] {
  const samples = (8 * (speechMs + silenceMs)) | 0;
  const pcm = Int16Array.from({ length: samples }, (_, i) => (i < 8 * speechMs ? Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)) : 0));
  const codes = ulawEncode(pcm);
  return Array.from({ length: samples / 160 }, (_, k) => codes.subarray(160 * k, 160 * (k + 1)));
}


/** A bridge's model leg: the phone's μ-law through the inbound Converter to the session; the answer kept raw and as μ-law. */
async function geminiLeg(fake: FakeGemini) {
  const { inbound, outbound } = converterPair({ encoding: "ulaw" }, geminiLive());
  const toModel = new Converter(inbound);
  const toPhone = new Converter(outbound);
  const session = new GeminiLiveSession(await connectModelSocket(fake.url));
  const received: Buffer[] = [];
  const phone: Uint8Array[] = [];
  const log: string[] = [];
  let audioArrived: () => void = () => {};
  session.onAudio((base64) => {
    const bytes = Buffer.from(base64, "base64");
    received.push(bytes);
    phone.push(toPhone.process(bytes));
    log.push("audio");
    audioArrived();
  });
  let turnDone: () => void = () => {};
  let bargedIn: () => void = () => {};
  session.onTurnComplete(() => (log.push("turnComplete"), turnDone()));
  session.onSpeechStarted(() => (log.push("interrupted"), bargedIn()));
  const errors: Error[] = [];
  session.onError((error) => errors.push(error));
  await session.ready;
  return {
    session,
    received,
    phone,
    log,
    errors,
    say: (frames: Uint8Array[]) => frames.forEach((frame) => session.sendAudio(Buffer.from(toModel.process(frame)).toString("base64"))),
    turnComplete: () => new Promise<void>((resolve) => (turnDone = resolve)),
    interrupted: () => new Promise<void>((resolve) => (bargedIn = resolve)),
    nextAudio: () => new Promise<void>((resolve) => (audioArrived = resolve)),
  };
}

describe("loopback: a Gemini-Live-shaped fake through the adapter", () => {
  let fake: FakeGemini | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it("the caller's turn reaches the model whole at 16 kHz; the answer comes back whole, byte for byte, and as μ-law at 8 kHz", async () => {
    const answer = Int16Array.from({ length: 24000 }, (_, i) => Math.round(5000 * Math.sin(i / 7)) + (i % 13));
    fake = await startFakeGemini({ answer, speedup: 20 });
    const leg = await geminiLeg(fake);
    const done = leg.turnComplete();
    const frames = callerFrames(300, 300); // 30 frames
    leg.say(frames);
    await done;
    const [record] = fake.sessions();
    expect(record.model).toBe("models/gemini-live-2.5-flash-preview");
    expect(record).toMatchObject({ audioMessages: 30, audioBytes: 30 * 640, badAudio: 0, errors: 0, answers: 1, interruptions: 0 });
    expect(Buffer.concat(leg.received).equals(Buffer.from(answer.buffer))).toBe(true);
    expect(concat(leg.phone).length).toBe(8000); // 1 s at 8 kHz, nothing lost or doubled
    expect(leg.log.at(-1)).toBe("turnComplete");
    expect(leg.errors).toEqual([]);
    leg.session.close();
  });

  it("barge-in: speech during the answer gives interrupted, and no audio of that answer after it", async () => {
    const answer = Int16Array.from({ length: 24000 * 4 }, (_, i) => Math.round(4000 * Math.sin(i / 5))); // 4 s: 200 ms at 20×
    fake = await startFakeGemini({ answer, speedup: 20 });
    const leg = await geminiLeg(fake);
    const first = leg.nextAudio();
    leg.say(callerFrames(200, 300)); // the first silent frame still holds the filter's ring of the tone: 300 ms clears 200
    await first;
    const interrupted = leg.interrupted();
    leg.say(callerFrames(40, 0)); // the caller speaks over the model
    await interrupted;
    const countAtInterrupt = leg.received.length;
    // A second turn after the barge-in: its answer arrives whole, and nothing of the first came in between.
    const done = leg.turnComplete();
    leg.say(callerFrames(0, 300));
    await done;
    const [record] = fake.sessions();
    expect(record.interruptions).toBe(1);
    expect(record.answers).toBe(2);
    const firstAnswer = Buffer.concat(leg.received.slice(0, countAtInterrupt));
    const second = Buffer.concat(leg.received.slice(countAtInterrupt));
    const whole = Buffer.from(answer.buffer);
    expect(firstAnswer.length).toBeLessThan(whole.length);
    expect(firstAnswer.equals(whole.subarray(0, firstAnswer.length))).toBe(true); // a prefix: nothing lost before the cut
    expect(second.equals(whole)).toBe(true);
    expect(record.answerBytes).toBe(firstAnswer.length + second.length); // every byte sent was received once
    expect(leg.log.filter((entry) => entry !== "audio")).toEqual(["interrupted", "turnComplete"]);
    leg.session.close();
  });
});
