// Phone-provider profiles: each provider's documented messages parse to the
// right events; what the profiles format has the documented shape; malformed
// messages are refused naming the field; mutated messages give the right event
// or a TypeError, judged by an oracle that reads the documented paths itself;
// Playout's marks make the round trip through each profile and a fake provider.

import { beforeAll, describe, expect, it } from "vitest";
import { seeded } from "./_seeded.js";
import { InboundTimeline, initSync, Playout, PlivoProfile, TelnyxProfile, TwilioProfile, type PhoneEvent, type PhoneProfile } from "telaudio";

beforeAll(() => initSync());

const FILE = "test/profiles.test.ts";

// ---------------------------------------------------------------- documented examples ---

// https://www.twilio.com/docs/voice/media-streams/websocket-messages (example messages; the
// docs elide the media payload, a base64 prefix of it is used here).
const TWILIO_SID = "MZ18ad3ab5a668481ce02b83e7395059f0";
const TWILIO = {
  connected: `{"event":"connected","protocol":"Call","version":"1.0.0"}`,
  start: `{"event":"start","sequenceNumber":"1","start":{"accountSid":"AC123","streamSid":"${TWILIO_SID}","callSid":"CA123","tracks":["inbound","outbound"],"customParameters":{"FirstName":"Jane"},"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}},"streamSid":"${TWILIO_SID}"}`,
  media: `{"event":"media","sequenceNumber":"3","media":{"track":"outbound","chunk":"1","timestamp":"5","payload":"no+JhoaJjpzSHxAKBgYJDhAk"},"streamSid":"${TWILIO_SID}"}`,
  dtmf: `{"event":"dtmf","streamSid":"${TWILIO_SID}","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"1"}}`,
  mark: `{"event":"mark","sequenceNumber":"4","streamSid":"${TWILIO_SID}","mark":{"name":"my label"}}`,
  stop: `{"event":"stop","sequenceNumber":"5","streamSid":"${TWILIO_SID}","stop":{"accountSid":"AC123","callSid":"CA123"}}`,
};

// https://developers.telnyx.com/api-reference/websockets/stream-call-media-over-websocket:
// connected and start verbatim; media, mark, dtmf and stop in the AsyncAPI's shape (values ours).
const TELNYX_ID = "32DE0DEA-53CB-4B21-89A4-9E1819C043BC";
const TELNYX = {
  connected: `{"event":"connected","version":"1.0.0"}`,
  start: `{"event":"start","sequence_number":"1","stream_id":"${TELNYX_ID}","start":{"user_id":"3E6F995F-85F7-4705-9741-53B116D28237","call_control_id":"v2:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ","call_session_id":"ff55a038-6f5d-11ef-9692-02420aeffb1f","from":"+13122010094","to":"+13122123456","tags":["TAG1","TAG2"],"client_state":"aGF2ZSBhIG5pY2UgZGF5ID1d","custom_parameters":{"customer_id":"customer_123"},"media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1}}}`,
  media: `{"event":"media","sequence_number":"4","media":{"track":"inbound","chunk":"2","timestamp":"5","payload":"no+JhoaJjpzSHxAKBgYJDhAk"},"stream_id":"${TELNYX_ID}"}`,
  dtmf: `{"event":"dtmf","sequence_number":"5","stream_id":"${TELNYX_ID}","dtmf":{"digit":"1"}}`,
  mark: `{"event":"mark","sequence_number":"6","stream_id":"${TELNYX_ID}","mark":{"name":"my label"}}`,
  stop: `{"event":"stop","sequence_number":"7","stream_id":"${TELNYX_ID}","stop":{"call_control_id":"v2:T02"}}`,
};

// https://plivo.com/docs/voice/audio-streaming/audio-streaming and
// https://www.plivo.com/docs/voice-agents/audio-streaming/concepts/audio-streaming-reference (start, media verbatim),
// https://www.plivo.com/docs/voice/xml/the-stream-element/checkpoint-event/ (playedStream verbatim).
const PLIVO_ID = "87654321-4321-4321-4321-cba987654321";
const PLIVO = {
  start: `{"event":"start","sequenceNumber":1,"start":{"callId":"12345678-1234-1234-1234-123456789abc","streamId":"${PLIVO_ID}","accountId":"MAXXXXXXXXXXXXXXXXXX","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000}},"extra_headers":"userId=12345;sessionId=abc-xyz"}`,
  media: `{"event":"media","sequenceNumber":42,"streamId":"${PLIVO_ID}","media":{"track":"inbound","timestamp":"1705312200000","chunk":41,"payload":"//uQxAAAAAANIAAAAAExBTUUzLjEwMFVV..."},"extra_headers":"userId=12345;sessionId=abc-xyz"}`,
  playedStream: `{"event":"playedStream","streamId":"20170ada-f610-433b-8758-c02a2aab3662","name":"customer greeting audio"}`,
  clearedAudio: `{"event":"clearedAudio","streamId":"${PLIVO_ID}"}`,
};

describe("documented messages parse to the right events", () => {
  it("Twilio", () => {
    const twilio = new TwilioProfile();
    expect(twilio.parse(TWILIO.connected)).toEqual({ type: "other", event: "connected" });
    const start = twilio.parse(TWILIO.start);
    expect(start).toEqual({ type: "start", streamId: TWILIO_SID, mediaFormat: { encoding: "audio/x-mulaw", rate: 8000, channels: 1 } });
    expect(twilio.streamId).toBe(TWILIO_SID);
    expect(twilio.wireFormat(start as Extract<PhoneEvent, { type: "start" }>)).toEqual({ encoding: "ulaw", rate: 8000 });
    expect(twilio.parse(TWILIO.media)).toEqual({ type: "media", payload: "no+JhoaJjpzSHxAKBgYJDhAk", timestamp: "5", chunk: "1", sequence: 3, track: "outbound" });
    expect(twilio.parse(TWILIO.dtmf)).toEqual({ type: "dtmf", digit: "1" });
    expect(twilio.parse(TWILIO.mark)).toEqual({ type: "mark", name: "my label" });
    expect(twilio.echoed(TWILIO.mark)).toBe("my label");
    expect(twilio.parse(TWILIO.stop)).toEqual({ type: "stop" });
  });

  it("Telnyx", () => {
    const telnyx = new TelnyxProfile();
    expect(telnyx.parse(TELNYX.connected)).toEqual({ type: "other", event: "connected" });
    const start = telnyx.parse(TELNYX.start);
    expect(start).toEqual({ type: "start", streamId: TELNYX_ID, mediaFormat: { encoding: "PCMU", rate: 8000, channels: 1 } });
    expect(telnyx.wireFormat(start as Extract<PhoneEvent, { type: "start" }>)).toEqual({ encoding: "ulaw", rate: 8000 });
    expect(telnyx.parse(TELNYX.media)).toEqual({ type: "media", payload: "no+JhoaJjpzSHxAKBgYJDhAk", timestamp: "5", chunk: "2", sequence: 4, track: "inbound" });
    expect(telnyx.parse(TELNYX.dtmf)).toEqual({ type: "dtmf", digit: "1" });
    expect(telnyx.parse(TELNYX.mark)).toEqual({ type: "mark", name: "my label" });
    expect(telnyx.echoed(TELNYX.mark)).toBe("my label");
    expect(telnyx.parse(TELNYX.stop)).toEqual({ type: "stop" });
  });

  it("Plivo (media timestamps counted from the track's first frame)", () => {
    const plivo = new PlivoProfile();
    const start = plivo.parse(PLIVO.start);
    expect(start).toEqual({ type: "start", streamId: PLIVO_ID, mediaFormat: { encoding: "audio/x-mulaw", rate: 8000 } });
    expect(plivo.wireFormat(start as Extract<PhoneEvent, { type: "start" }>)).toEqual({ encoding: "ulaw", rate: 8000 });
    expect(plivo.parse(PLIVO.media)).toEqual({ type: "media", payload: "//uQxAAAAAANIAAAAAExBTUUzLjEwMFVV...", timestamp: 0, chunk: 41, sequence: 42, track: "inbound" });
    const later = PLIVO.media.replace('"1705312200000"', '"1705312200020"').replace('"chunk":41', '"chunk":42');
    expect(plivo.parse(later)).toMatchObject({ type: "media", timestamp: 20, chunk: 42 });
    expect(() => plivo.parse(PLIVO.media.replace('"1705312200000"', '"1705312199980"'))).toThrow(/media\.timestamp/);
    expect(plivo.parse(PLIVO.playedStream)).toEqual({ type: "mark", name: "customer greeting audio" });
    expect(plivo.parse(PLIVO.clearedAudio)).toEqual({ type: "cleared" });
  });
});

// ------------------------------------------------------------------- wire formats ---

describe("wireFormat maps the announced media format for Converter", () => {
  const start = (encoding: string, rate: number) => ({ type: "start" as const, streamId: "s", mediaFormat: { encoding, rate } });
  it("Telnyx: PCMU/PCMA 8k, L16 big-endian, G722 and others refused", () => {
    const telnyx = new TelnyxProfile();
    expect(telnyx.wireFormat(start("PCMA", 8000))).toEqual({ encoding: "alaw", rate: 8000 });
    expect(telnyx.wireFormat(start("L16", 16000))).toEqual({ encoding: "l16be", rate: 16000 });
    expect(() => telnyx.wireFormat(start("PCMU", 16000))).toThrow(RangeError);
    expect(() => telnyx.wireFormat(start("G722", 16000))).toThrow(/G722ToPcm16/);
    expect(() => telnyx.wireFormat(start("OPUS", 48000))).toThrow(/OPUS/);
  });
  it("Plivo: μ-law 8k, L16 8/16k only in a byte order the caller states", () => {
    expect(() => new PlivoProfile().wireFormat(start("audio/x-l16", 16000))).toThrow(/byte order/);
    expect(new PlivoProfile({ l16: "l16le" }).wireFormat(start("audio/x-l16", 16000))).toEqual({ encoding: "l16le", rate: 16000 });
    expect(new PlivoProfile({ l16: "l16be" }).wireFormat(start("audio/x-l16", 8000))).toEqual({ encoding: "l16be", rate: 8000 });
    expect(() => new PlivoProfile({ l16: "l16le" }).wireFormat(start("audio/x-l16", 24000))).toThrow(RangeError);
    expect(() => new PlivoProfile({ l16: "le" as never })).toThrow(/l16/);
  });
  it("Twilio: μ-law 8k only", () => {
    expect(() => new TwilioProfile().wireFormat(start("audio/x-l16", 16000))).toThrow(RangeError);
  });
});

// ------------------------------------------------------------- outbound messages ---

describe("outbound messages have the documented shape", () => {
  it("Twilio: media, mark, clear carry the streamSid", () => {
    const twilio = new TwilioProfile();
    expect(() => twilio.media("AAAA")).toThrow(/streamSid/);
    twilio.parse(TWILIO.start);
    expect(JSON.parse(twilio.media("AAAA"))).toEqual({ event: "media", streamSid: TWILIO_SID, media: { payload: "AAAA" } });
    expect(JSON.parse(twilio.request("m1"))).toEqual({ event: "mark", streamSid: TWILIO_SID, mark: { name: "m1" } });
    expect(JSON.parse(twilio.clear())).toEqual({ event: "clear", streamSid: TWILIO_SID });
  });
  it("Telnyx: media, mark, clear", () => {
    const telnyx = new TelnyxProfile();
    expect(JSON.parse(telnyx.media("AAAA"))).toEqual({ event: "media", media: { payload: "AAAA" } });
    expect(JSON.parse(telnyx.request("m1"))).toEqual({ event: "mark", mark: { name: "m1" } });
    expect(JSON.parse(telnyx.clear())).toEqual({ event: "clear" });
  });
  it("Plivo: playAudio in the stream's format, checkpoint, clearAudio", () => {
    const plivo = new PlivoProfile();
    expect(() => plivo.media("AAAA")).toThrow(/playAudio/);
    plivo.parse(PLIVO.start);
    expect(JSON.parse(plivo.media("AAAA"))).toEqual({ event: "playAudio", media: { contentType: "audio/x-mulaw", sampleRate: 8000, payload: "AAAA" } });
    expect(JSON.parse(plivo.request("customer greeting audio"))).toEqual({ event: "checkpoint", streamId: PLIVO_ID, name: "customer greeting audio" });
    expect(JSON.parse(plivo.clear())).toEqual({ event: "clearAudio", streamId: PLIVO_ID });
    const l16 = new PlivoProfile({ playAudio: { contentType: "audio/x-l16", sampleRate: 16000 } });
    expect(JSON.parse(l16.media("AAAA")).media).toEqual({ contentType: "audio/x-l16", sampleRate: 16000, payload: "AAAA" });
    expect(() => new PlivoProfile({ playAudio: { contentType: "audio/x-mulaw", sampleRate: 16000 } })).toThrow(/sampleRate/);
  });
  it("bad arguments are TypeErrors naming them", () => {
    const telnyx = new TelnyxProfile();
    expect(() => telnyx.media(42 as never)).toThrow(/payload/);
    expect(() => telnyx.request("")).toThrow(/mark name/);
  });
});

// ---------------------------------------------------------------- malformed input ---

describe("malformed messages are TypeErrors naming what is wrong", () => {
  const cases: [string, () => PhoneProfile, string, RegExp][] = [
    ["not JSON", () => new TwilioProfile(), `{"event":"media"`, /not JSON/],
    ["not an object", () => new TelnyxProfile(), `["media"]`, /JSON object/],
    ["no event", () => new PlivoProfile(), `{"media":{}}`, /event must be a string/],
    ["Twilio media without payload", () => new TwilioProfile(), `{"event":"media","media":{"timestamp":"5"}}`, /media\.payload/],
    ["Twilio media without timestamp", () => new TwilioProfile(), `{"event":"media","media":{"payload":"AAAA"}}`, /media\.timestamp/],
    ["Twilio start without mediaFormat", () => new TwilioProfile(), `{"event":"start","streamSid":"MZ1","start":{}}`, /start\.mediaFormat/],
    ["Twilio mark without name", () => new TwilioProfile(), `{"event":"mark","mark":{}}`, /mark\.name/],
    ["Telnyx start without stream_id", () => new TelnyxProfile(), `{"event":"start","start":{"media_format":{"encoding":"PCMU","sample_rate":8000}}}`, /stream_id/],
    ["Telnyx chunk not a count", () => new TelnyxProfile(), `{"event":"media","media":{"payload":"AAAA","timestamp":"5","chunk":"two"}}`, /media\.chunk/],
    ["Telnyx negative timestamp", () => new TelnyxProfile(), `{"event":"media","media":{"payload":"AAAA","timestamp":-20}}`, /media\.timestamp/],
    ["Telnyx dtmf without digit", () => new TelnyxProfile(), `{"event":"dtmf","dtmf":{}}`, /dtmf\.digit/],
    ["Plivo playedStream without name", () => new PlivoProfile(), `{"event":"playedStream","streamId":"s"}`, /name/],
    ["Plivo start sampleRate a word", () => new PlivoProfile(), `{"event":"start","start":{"streamId":"s","mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":"eight"}}}`, /start\.mediaFormat\.sampleRate/],
  ];
  for (const [name, make, message, pattern] of cases) {
    it(name, () => {
      const profile = make();
      let error: unknown;
      try {
        profile.parse(message);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(pattern);
    });
  }
  it("a non-string message", () => {
    expect(() => new TwilioProfile().parse(undefined as never)).toThrow(TypeError);
  });
});

// ------------------------------------------------------------------ seeded fuzz ---

// The oracle: each provider's documented paths, read straight off the JSON
// object. A required field missing or of the wrong kind → TypeError expected.
type Kind = "string" | "count" | "number";
type Field = [out: string, path: string[], kind: Kind, required: boolean];
interface Spec {
  type: PhoneEvent["type"];
  fields: Field[];
}
const media = (sequence: string, chunkKind: Kind, timestampKind: Kind): Field[] => [
  ["payload", ["media", "payload"], "string", true],
  ["timestamp", ["media", "timestamp"], timestampKind, true],
  ["chunk", ["media", "chunk"], chunkKind, false],
  ["sequence", [sequence], "number", false],
  ["track", ["media", "track"], "string", false],
];
const SPECS: Record<string, Record<string, Spec>> = {
  Twilio: {
    media: { type: "media", fields: media("sequenceNumber", "count", "count") },
    mark: { type: "mark", fields: [["name", ["mark", "name"], "string", true]] },
    dtmf: { type: "dtmf", fields: [["digit", ["dtmf", "digit"], "string", true]] },
    stop: { type: "stop", fields: [] },
  },
  Telnyx: {
    start: { type: "start", fields: [["streamId", ["stream_id"], "string", true], ["encoding", ["start", "media_format", "encoding"], "string", true], ["rate", ["start", "media_format", "sample_rate"], "number", true], ["channels", ["start", "media_format", "channels"], "number", false]] },
    media: { type: "media", fields: media("sequence_number", "count", "count") },
    mark: { type: "mark", fields: [["name", ["mark", "name"], "string", true]] },
    dtmf: { type: "dtmf", fields: [["digit", ["dtmf", "digit"], "string", true]] },
    stop: { type: "stop", fields: [] },
  },
  Plivo: {
    start: { type: "start", fields: [["streamId", ["start", "streamId"], "string", true], ["encoding", ["start", "mediaFormat", "encoding"], "string", true], ["rate", ["start", "mediaFormat", "sampleRate"], "number", true]] },
    media: { type: "media", fields: media("sequenceNumber", "number", "number") },
    playedStream: { type: "mark", fields: [["name", ["name"], "string", true]] },
    played: { type: "mark", fields: [["name", ["name"], "string", true]] },
    clearedAudio: { type: "cleared", fields: [] },
    dtmf: { type: "dtmf", fields: [["digit", ["dtmf", "digit"], "string", true]] },
    stop: { type: "stop", fields: [] },
  },
};

/** Reads one documented path; undefined when absent, null when of the wrong kind. */
function read(root: unknown, path: string[], kind: Kind): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return path.length > 1 && node !== undefined ? null : undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (node === undefined) return undefined;
  if (kind === "string") return typeof node === "string" ? node : null;
  const value = typeof node === "string" && /^[0-9]+$/.test(node) ? Number(node) : node;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) return null;
  return kind === "count" ? node : value; // "count": kept as the provider gave it
}

/** What the profile must return for `message`, or "TypeError". Twilio's start is checked by the examples, not here. */
function oracle(provider: string, message: string): PhoneEvent | "TypeError" | "skip" {
  let root: unknown;
  try {
    root = JSON.parse(message);
  } catch {
    return "TypeError";
  }
  if (typeof root !== "object" || root === null || Array.isArray(root)) return "TypeError";
  const event = (root as Record<string, unknown>).event;
  if (typeof event !== "string") return "TypeError";
  if (provider === "Twilio" && event === "start") return "skip";
  const spec = Object.hasOwn(SPECS[provider], event) ? SPECS[provider][event] : undefined;
  if (spec === undefined) return { type: "other", event };
  const out: Record<string, unknown> = { type: spec.type };
  const format: Record<string, unknown> = {};
  for (const [name, path, kind, required] of spec.fields) {
    // An absent parent object of a required field is a TypeError too.
    const value = read(root, path, kind);
    if (value === null || (value === undefined && required)) return "TypeError";
    if (value === undefined) continue;
    if (spec.type === "start" && name !== "streamId") format[name] = value;
    else out[name] = value;
  }
  if (spec.type === "start") out.mediaFormat = format;
  if (provider === "Plivo" && spec.type === "media") out.timestamp = 0; // a fresh profile: the first frame is the origin
  return out as PhoneEvent;
}

const MAKERS: Record<string, () => PhoneProfile> = { Twilio: () => new TwilioProfile(), Telnyx: () => new TelnyxProfile(), Plivo: () => new PlivoProfile() };
const SAMPLES: Record<string, string[]> = { Twilio: Object.values(TWILIO), Telnyx: Object.values(TELNYX), Plivo: Object.values(PLIVO) };
const ALPHABET = `{}[]":,0123456789-abcdefghijklmnopqrstuvwxyz ._ABCDEFGHIJKLMNOPQRSTUVWXYZ\\`;

describe("seeded fuzz: truncated and mutated messages give the right event or a TypeError", () => {
  for (const provider of Object.keys(MAKERS)) {
    const name = `${provider} fuzz`;
    it(
      name,
      seeded(FILE, name, (random) => {
        let checked = 0;
        for (const sample of SAMPLES[provider]) {
          for (let cut = 0; cut < sample.length; cut++) {
            expect(() => MAKERS[provider]().parse(sample.slice(0, cut)), `${provider} cut at ${cut}`).toThrow(TypeError);
          }
          for (let trial = 0; trial < 300; trial++) {
            let text = sample;
            for (let edits = random.int(1, 3); edits > 0; edits--) {
              const at = random.int(0, text.length - 1);
              const op = random.int(0, 2);
              const char = ALPHABET[random.int(0, ALPHABET.length - 1)];
              text = op === 0 ? text.slice(0, at) + char + text.slice(at + 1) : op === 1 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + char + text.slice(at);
            }
            const expected = oracle(provider, text);
            if (expected === "skip") continue;
            let got: PhoneEvent | "TypeError";
            try {
              got = MAKERS[provider]().parse(text);
            } catch (error) {
              if (!(error instanceof TypeError)) throw error;
              got = "TypeError";
            }
            expect(got, `${provider}: ${text}`).toEqual(expected);
            checked++;
          }
        }
        expect(checked).toBeGreaterThan(500);
      }),
    );
  }
});

// ------------------------------------------------- Playout → profile → provider ---

/** A provider that plays instantly: parses what the profile sent as the provider would, echoes marks in its own inbound shape. */
function fakeProvider(provider: string): { receive(text: string): string[]; clear(): string[] } {
  let queued: string[] = [];
  const echo = (name: string) =>
    provider === "Plivo" ? JSON.stringify({ event: "playedStream", streamId: PLIVO_ID, name }) : provider === "Telnyx" ? JSON.stringify({ event: "mark", stream_id: TELNYX_ID, mark: { name } }) : JSON.stringify({ event: "mark", streamSid: TWILIO_SID, mark: { name } });
  return {
    receive(text) {
      const message = JSON.parse(text) as { event: string; mark?: { name: string }; name?: string };
      if (message.event === "mark" || message.event === "checkpoint") queued.push(message.mark?.name ?? message.name!);
      else if (message.event === "media" || message.event === "playAudio") {
        const out = queued.map(echo); // the audio before each queued mark has played
        queued = [];
        return out;
      }
      return [];
    },
    clear() {
      // Twilio and Telnyx return the queued marks on a clear; Plivo says only that it clears.
      const out = provider === "Plivo" ? [] : queued.map(echo);
      queued = [];
      return out;
    },
  };
}

describe("Playout's marks round-trip through each profile", () => {
  const starts: Record<string, string> = { Twilio: TWILIO.start, Telnyx: TELNYX.start, Plivo: PLIVO.start };
  for (const provider of Object.keys(MAKERS)) {
    it(provider, () => {
      const profile = MAKERS[provider]();
      profile.parse(starts[provider]);
      const phone = fakeProvider(provider);
      const playout = new Playout({ markIntervalMs: 40, clock: () => 0 });
      const sentMarks: string[] = [];
      const acknowledged: string[] = [];
      const deliver = (texts: string[]) => {
        for (const text of texts) {
          const event = profile.parse(text);
          expect(event.type).toBe("mark");
          expect(profile.echoed(text)).toBe((event as { name: string }).name);
          if (playout.acknowledge((event as { name: string }).name)) acknowledged.push((event as { name: string }).name);
        }
      };
      const pcm = Buffer.from(new Int16Array(24000 * 0.2).fill(1000).buffer).toString("base64"); // 200 ms at 24 kHz
      playout.push("item1", 0, pcm);
      playout.end();
      for (const out of playout.take()) {
        if (out.type === "mark") sentMarks.push(out.name);
        deliver(phone.receive(out.type === "mark" ? profile.request(out.name) : profile.media(out.payload)));
      }
      deliver(phone.receive(profile.media(""))); // audio after the last mark plays it out
      expect(sentMarks.length).toBeGreaterThan(2);
      expect(acknowledged).toEqual(sentMarks);
      expect(playout.stats.marksEchoed).toBe(sentMarks.length);

      // Barge-in: marks pending at the clear come back (Twilio, Telnyx) and are stale.
      playout.push("item2", 0, pcm);
      const pending: string[] = [];
      for (const out of playout.take()) if (out.type === "mark") pending.push(out.name), phone.receive(profile.request(out.name));
      expect(pending.length).toBeGreaterThan(0);
      playout.interrupt();
      phone.receive(profile.clear());
      const stale = phone.clear();
      for (const text of stale) expect(playout.acknowledge((profile.parse(text) as { name: string }).name)).toBe(false);
      expect(stale.length).toBe(provider === "Plivo" ? 0 : pending.length);
      playout.dispose();
    });
  }
});

// ------------------------------------------------------ profile → InboundTimeline ---

describe("parsed media events feed InboundTimeline as they are", () => {
  /** Frame k: 160 bytes of value k, base64. */
  const frame = (k: number) => Buffer.from(new Uint8Array(160).fill(k)).toString("base64");
  const played = (out: string[]) => [...Buffer.concat(out.map((p) => Buffer.from(p, "base64")))].filter((_, i) => i % 160 === 0);

  it("Telnyx frames out of order come out in call order", () => {
    const telnyx = new TelnyxProfile();
    const timeline = new InboundTimeline();
    const out: string[] = [];
    for (const k of [0, 2, 1, 3, 5, 4, 6]) {
      const event = telnyx.parse(JSON.stringify({ event: "media", sequence_number: String(k + 2), stream_id: TELNYX_ID, media: { track: "inbound", chunk: String(k + 1), timestamp: String(k * 20), payload: frame(k + 1) } }));
      if (event.type !== "media") throw new Error(`expected media, got ${event.type}`);
      out.push(...timeline.push(event));
    }
    out.push(...(timeline.flush() as string[]));
    expect(played(out)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("Plivo wall-clock timestamps place frames from the stream's start, a gap filled with silence", () => {
    const plivo = new PlivoProfile();
    plivo.parse(PLIVO.start);
    const timeline = new InboundTimeline();
    const out: string[] = [];
    for (const k of [0, 1, 3]) {
      const event = plivo.parse(JSON.stringify({ event: "media", sequenceNumber: k + 2, streamId: PLIVO_ID, media: { track: "inbound", timestamp: String(1705312200000 + k * 20), chunk: k + 1, payload: frame(k + 1) } }));
      if (event.type !== "media") throw new Error(`expected media, got ${event.type}`);
      out.push(...timeline.push(event));
    }
    out.push(...(timeline.flush() as string[]));
    expect(played(out)).toEqual([1, 2, 0xff, 4]); // 0xFF: μ-law silence for the missing frame
  });
});
