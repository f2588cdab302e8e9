// Model profiles: each model's formats as its docs state them (the expected
// values are written here from the docs cited in src/models.ts, not read from
// the code), unknown names refused listing the valid ones, and converterPair's
// options driving real Converters: a pass-through copies the bytes, the
// others give the frame sizes the two ends' rates imply.

import { beforeAll, describe, expect, it } from "vitest";
import { Converter, converterPair, deepgramAgent, elevenLabs, geminiLive, novaSonic, openAIRealtime, ultravox, type WireFormat } from "telaudio";
import { expectRejected, type ErrorClass } from "./_assert.js";
import { initFromEnv } from "./_init.js";

beforeAll(() => initFromEnv());

const pcm = (rate: number) => ({ encoding: "l16le", rate });
const ULAW = { encoding: "ulaw", rate: 8000 };
const ALAW = { encoding: "alaw", rate: 8000 };

describe("each model's formats, from its own option names", () => {
  it.each([
    ["OpenAI Realtime, defaults", openAIRealtime(), pcm(24000), pcm(24000)],
    ["OpenAI beta g711_ulaw", openAIRealtime({ input: "g711_ulaw" }), ULAW, ULAW],
    ["OpenAI GA audio/pcma", openAIRealtime({ input: "audio/pcma" }), ALAW, ALAW],
    ["OpenAI GA audio/pcm in, audio/pcmu out", openAIRealtime({ input: "audio/pcm", output: "audio/pcmu" }), pcm(24000), ULAW],
    ["Gemini Live", geminiLive(), pcm(16000), pcm(24000)],
    ["Gemini Live, mimeType given", geminiLive({ mimeType: "audio/pcm;rate=16000" }), pcm(16000), pcm(24000)],
    ["ElevenLabs default", elevenLabs(), pcm(16000), pcm(16000)],
    ["ElevenLabs ulaw_8000", elevenLabs({ format: "ulaw_8000" }), ULAW, ULAW],
    ["ElevenLabs pcm_16000 in, pcm_44100 out", elevenLabs({ input: "pcm_16000", output: "pcm_44100" }), pcm(16000), pcm(44100)],
    ["ElevenLabs pcm_22050 both", elevenLabs({ format: "pcm_22050" }), pcm(22050), pcm(22050)],
    ["Deepgram defaults", deepgramAgent(), pcm(24000), pcm(24000)],
    ["Deepgram mulaw in, linear16 16k out", deepgramAgent({ input: { encoding: "mulaw", sample_rate: 8000 }, output: { encoding: "linear16", sample_rate: 16000 } }), ULAW, pcm(16000)],
    ["Deepgram alaw both (rate omitted)", deepgramAgent({ input: { encoding: "alaw" }, output: { encoding: "alaw" } }), ALAW, ALAW],
    ["Deepgram linear16 48k", deepgramAgent({ input: { sample_rate: 48000 } }), pcm(48000), pcm(24000)],
    ["Nova Sonic", novaSonic(), pcm(16000), pcm(24000)],
    ["Nova Sonic 8k out", novaSonic({ sampleRateHertz: 8000 }), pcm(16000), pcm(8000)],
    ["Ultravox 8k", ultravox({ inputSampleRate: 8000 }), pcm(8000), pcm(8000)],
    ["Ultravox 48k in, 24k out", ultravox({ inputSampleRate: 48000, outputSampleRate: 24000 }), pcm(48000), pcm(24000)],
  ])("%s", (_, profile, input, output) => {
    expect(profile.input).toEqual(input);
    expect(profile.output).toEqual(output);
    expect(Object.isFrozen(profile)).toBe(true);
  });
});

describe("unknown names: a RangeError listing the valid ones; wrong types: a TypeError naming the option", () => {
  it.each([
    ["OpenAI input 'pcm24'", () => openAIRealtime({ input: "pcm24" as never }), RangeError, /^input is 'pcm24': valid values are pcm16, g711_ulaw, g711_alaw, audio\/pcm, audio\/pcmu, audio\/pcma$/],
    ["OpenAI output null", () => openAIRealtime({ output: null as never }), TypeError, /^output must be a string, got null/],
    ["OpenAI options a string", () => openAIRealtime("pcm16" as never), TypeError, /^options must be an object/],
    ["Gemini mimeType rate 8000", () => geminiLive({ mimeType: "audio/pcm;rate=8000" as never }), RangeError, /^mimeType is 'audio\/pcm;rate=8000': valid values are audio\/pcm;rate=16000$/],
    ["ElevenLabs 'mp3_44100_128'", () => elevenLabs({ format: "mp3_44100_128" as never }), RangeError, /^format is 'mp3_44100_128': valid values are pcm_8000, pcm_16000, pcm_22050, pcm_24000, pcm_44100, pcm_48000, ulaw_8000$/],
    ["ElevenLabs output 'alaw_8000' (TTS-only)", () => elevenLabs({ output: "alaw_8000" as never }), RangeError, /^output is 'alaw_8000'/],
    ["Deepgram 'opus'", () => deepgramAgent({ output: { encoding: "opus" as never } }), RangeError, /^output\.encoding is 'opus': valid values are linear16, mulaw, alaw$/],
    ["Deepgram mulaw at 16k", () => deepgramAgent({ input: { encoding: "mulaw", sample_rate: 16000 } }), RangeError, /^input\.sample_rate is 16000: mulaw is mapped at 8000 Hz only/],
    ["Deepgram linear16 at 12345", () => deepgramAgent({ input: { sample_rate: 12345 } }), RangeError, /^input\.sample_rate is 12345 Hz: supported rates are/],
    ["Deepgram input a string", () => deepgramAgent({ input: "linear16" as never }), TypeError, /^input must be an object, got string/],
    ["Nova Sonic 48000", () => novaSonic({ sampleRateHertz: 48000 as never }), RangeError, /^sampleRateHertz is 48000: valid values are 8000, 16000, 24000$/],
    ["Ultravox without inputSampleRate", () => ultravox({} as never), TypeError, /^inputSampleRate must be a sample rate/],
    ["Ultravox omitted", () => ultravox(undefined as never), TypeError, /^options must be an object with inputSampleRate/],
    ["Ultravox outputSampleRate 7000", () => ultravox({ inputSampleRate: 16000, outputSampleRate: 7000 }), RangeError, /^outputSampleRate is 7000 Hz/],
  ] as [string, () => unknown, ErrorClass, RegExp][])("%s", (_, call, errorClass, message) => {
    expectRejected(call, errorClass, message);
  });

  it("converterPair: a non-object phone or model", () => {
    expectRejected(() => converterPair(null as never, geminiLive()), TypeError, /^phone must be a wire format/);
    expectRejected(() => converterPair({ encoding: "ulaw" }, "gemini" as never), TypeError, /^model must be a model profile/);
  });
});

describe("converterPair: the two Converter option sets, and when they are a copy", () => {
  const codes = Uint8Array.from({ length: 160 }, (_, i) => (i * 37 + 11) & 0xff); // 20 ms of μ-law, 0x7F (negative zero) included

  it("Twilio μ-law ⇄ OpenAI audio/pcmu: a pass-through both ways, the bytes copied as sent", () => {
    const pair = converterPair({ encoding: "ulaw" }, openAIRealtime({ input: "audio/pcmu" }));
    expect(pair.passThrough).toEqual({ inbound: true, outbound: true });
    expect(pair.inbound).toEqual({ from: ULAW, to: ULAW });
    const inbound = new Converter(pair.inbound);
    expect(inbound.delay).toBe(0);
    expect(Array.from(inbound.process(codes))).toEqual(Array.from(codes));
  });

  it("Twilio μ-law ⇄ Gemini Live: 160 codes → 640 bytes at 16k; 24k PCM 960 bytes → 160 codes", () => {
    const pair = converterPair({ encoding: "ulaw", rate: 8000 }, geminiLive());
    expect(pair.passThrough).toEqual({ inbound: false, outbound: false });
    expect(pair.inbound).toEqual({ from: ULAW, to: pcm(16000) });
    expect(pair.outbound).toEqual({ from: pcm(24000), to: ULAW });
    expect(new Converter(pair.inbound).outputLength(160)).toBe(640);
    expect(new Converter(pair.outbound).outputLength(960)).toBe(160);
  });

  it("Telnyx G.722 ⇄ Nova Sonic: G.722 16k → L16 16k is not a copy (decode), 24k → G.722 160 octets a frame", () => {
    const pair = converterPair({ encoding: "g722" }, novaSonic(), "low-latency");
    expect(pair.inbound).toEqual({ from: { encoding: "g722", rate: 16000 }, to: pcm(16000), quality: "low-latency" });
    expect(pair.passThrough.inbound).toBe(false);
    expect(new Converter(pair.inbound).outputLength(160)).toBe(640);
    expect(new Converter(pair.outbound).outputLength(960)).toBe(160);
  });

  it("one direction a copy, the other not: Vonage L16 16k ⇄ ElevenLabs pcm_16000 in, pcm_24000 out", () => {
    const phone: WireFormat = { encoding: "l16le", rate: 16000 };
    const pair = converterPair(phone, elevenLabs({ input: "pcm_16000", output: "pcm_24000" }));
    expect(pair.passThrough).toEqual({ inbound: true, outbound: false });
  });

  it("A-law carrier ⇄ Deepgram mulaw: same rate, different law, so no pass-through", () => {
    const pair = converterPair({ encoding: "alaw" }, deepgramAgent({ input: { encoding: "mulaw" }, output: { encoding: "mulaw" } }));
    expect(pair.passThrough).toEqual({ inbound: false, outbound: false });
    expect(new Converter(pair.inbound).outputLength(160)).toBe(160);
  });
});
