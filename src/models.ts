// Model profiles: the wire format each speech model accepts and the one it
// sends back, read from the model's own option names, so a bridge picks its
// two Converter option sets in one line (converterPair). Formats only: the
// message shapes of each protocol live in examples/ (OpenAI's in messages.ts).
//
// Sources, per model, are cited where each is defined; where the docs were
// silent the comment says so and what was chosen.

import type { ConverterOptions, WireFormat } from "./converter.js";
import type { Quality } from "./_quality.js";
import { checkOptions } from "./_arguments.js";
import { checkRate } from "./_rates.js";

/** What a model takes in (the bridge sends it) and what it sends back. */
export interface ModelProfile {
  readonly model: string;
  /** The audio the model accepts: the phone's audio is converted to this. */
  readonly input: WireFormat;
  /** The audio the model sends: converted to the phone's format. */
  readonly output: WireFormat;
}

const ULAW: WireFormat = Object.freeze({ encoding: "ulaw", rate: 8000 });
const ALAW: WireFormat = Object.freeze({ encoding: "alaw", rate: 8000 });
const l16le = (rate: number): WireFormat => Object.freeze({ encoding: "l16le", rate });

function profile(model: string, input: WireFormat, output: WireFormat): ModelProfile {
  return Object.freeze({ model, input, output });
}

/** `value` (named `name`) must be one of `names` (a key of `table`); omitted is `fallback`. */
function pick<T>(table: Readonly<Record<string, T>>, value: unknown, name: string, fallback: string): T {
  if (value === undefined) return table[fallback];
  if (typeof value !== "string") throw new TypeError(`${name} must be a string, got ${value === null ? "null" : typeof value}`);
  if (!Object.hasOwn(table, value)) throw new RangeError(`${name} is '${value}': valid values are ${Object.keys(table).join(", ")}`);
  return table[value];
}

// ---------------------------------------------------------------------------
// OpenAI Realtime.
// Beta session fields input_audio_format / output_audio_format: "pcm16",
// "g711_ulaw", "g711_alaw"; "For pcm16, input audio must be 16-bit PCM at a
// 24kHz sample rate, single channel (mono), and little-endian byte order",
// "output audio is sampled at a rate of 24kHz" (openai-node Session types,
// https://platform.openai.com/docs/api-reference/realtime-sessions). The GA
// session names them by MIME type, audio.input.format.type / audio.output.
// format.type: "audio/pcm" (rate 24000 only), "audio/pcmu", "audio/pcma".
// The docs do not state G.711's rate: 8 kHz, as G.711 is.

const OPENAI_FORMATS: Readonly<Record<string, WireFormat>> = {
  pcm16: l16le(24000),
  g711_ulaw: ULAW,
  g711_alaw: ALAW,
  "audio/pcm": l16le(24000),
  "audio/pcmu": ULAW,
  "audio/pcma": ALAW,
};

export interface OpenAIRealtimeOptions {
  /** The session's input format: beta `input_audio_format` or GA `audio.input.format.type`; `pcm16` when omitted. */
  input?: "pcm16" | "g711_ulaw" | "g711_alaw" | "audio/pcm" | "audio/pcmu" | "audio/pcma";
  /** The session's output format (beta `output_audio_format`, GA `audio.output.format.type`); the input's when omitted. */
  output?: "pcm16" | "g711_ulaw" | "g711_alaw" | "audio/pcm" | "audio/pcmu" | "audio/pcma";
}

/**
 * OpenAI Realtime: PCM16 24 kHz by default, or G.711 as a pass-through.
 * @example openAIRealtime({ input: "audio/pcmu" }) // μ-law both ways: a Twilio bridge copies bytes
 * @throws TypeError/RangeError naming `input` or `output` and listing the valid names.
 */
export function openAIRealtime(options?: OpenAIRealtimeOptions): ModelProfile {
  const given = checkOptions(options);
  const input = pick(OPENAI_FORMATS, given.input, "input", "pcm16");
  const output = given.output === undefined ? input : pick(OPENAI_FORMATS, given.output, "output", "pcm16");
  return profile("OpenAI Realtime", input, output);
}

// ---------------------------------------------------------------------------
// Gemini Live. "Input modalities: Audio (raw 16-bit PCM audio, 16kHz,
// little-endian) ... Output modalities: Audio (raw 16-bit PCM audio, 24kHz,
// little-endian)" (https://docs.cloud.google.com/vertex-ai/generative-ai/docs/live-api,
// Technical specifications). Each realtimeInput audio blob names its format
// by mimeType, "audio/pcm;rate=16000". The docs found do not say which other
// input rates the service takes: only 16000 is accepted here.

const GEMINI_INPUT: Readonly<Record<string, WireFormat>> = {
  "audio/pcm;rate=16000": l16le(16000),
};

export interface GeminiLiveOptions {
  /** The realtimeInput audio blob's mimeType: `audio/pcm;rate=16000` (the default and only value). */
  mimeType?: "audio/pcm;rate=16000";
}

/** Gemini Live: PCM16 16 kHz in, 24 kHz out. */
export function geminiLive(options?: GeminiLiveOptions): ModelProfile {
  const given = checkOptions(options);
  return profile("Gemini Live", pick(GEMINI_INPUT, given.mimeType, "mimeType", "audio/pcm;rate=16000"), l16le(24000));
}

// ---------------------------------------------------------------------------
// ElevenLabs Agents. The agent's conversation_config.asr.user_input_audio_format
// and conversation_config.tts.agent_output_audio_format take "pcm_8000",
// "pcm_16000", "pcm_22050", "pcm_24000", "pcm_44100", "pcm_48000",
// "ulaw_8000"; the WebSocket docs describe user_audio_chunk as "PCM 16-bit
// mono, base64, 16,000 Hz" by default
// (https://elevenlabs.io/docs/conversational-ai/api-reference/websocket).
// The byte order of pcm_* is not stated: little-endian, as the SDKs send it.
// The TTS API also lists alaw_8000 and pcm_32000 for output_format; the agent
// setting's list does not, so they are refused here.

const ELEVENLABS_FORMATS: Readonly<Record<string, WireFormat>> = {
  pcm_8000: l16le(8000),
  pcm_16000: l16le(16000),
  pcm_22050: l16le(22050),
  pcm_24000: l16le(24000),
  pcm_44100: l16le(44100),
  pcm_48000: l16le(48000),
  ulaw_8000: ULAW,
};

export type ElevenLabsFormat = "pcm_8000" | "pcm_16000" | "pcm_22050" | "pcm_24000" | "pcm_44100" | "pcm_48000" | "ulaw_8000";

export interface ElevenLabsOptions {
  /** Both directions, when `input`/`output` are omitted: `pcm_16000` by default. */
  format?: ElevenLabsFormat;
  /** `user_input_audio_format`; `format` when omitted. */
  input?: ElevenLabsFormat;
  /** `agent_output_audio_format`; `format` when omitted. */
  output?: ElevenLabsFormat;
}

/**
 * ElevenLabs Agents, as the agent is configured.
 * @example elevenLabs({ format: "ulaw_8000" }) // a Twilio bridge copies bytes both ways
 */
export function elevenLabs(options?: ElevenLabsOptions): ModelProfile {
  const given = checkOptions(options);
  const format = given.format === undefined ? "pcm_16000" : given.format;
  pick(ELEVENLABS_FORMATS, format, "format", "pcm_16000");
  const input = pick(ELEVENLABS_FORMATS, given.input === undefined ? format : given.input, "input", "pcm_16000");
  const output = pick(ELEVENLABS_FORMATS, given.output === undefined ? format : given.output, "output", "pcm_16000");
  return profile("ElevenLabs Agents", input, output);
}

// ---------------------------------------------------------------------------
// Deepgram Voice Agent. The Settings message's audio.input { encoding,
// sample_rate } and audio.output { encoding, sample_rate, container }; agent
// input encodings include linear16, mulaw, alaw; "Spec defaults to linear16
// at 24000 Hz" for input (Deepgram's AsyncAPI schema, as the deepgram Rust
// SDK's agent/audio.rs quotes it; https://developers.deepgram.com/docs/voice-agent-media-inputs-outputs).
// Audio travels as binary frames, raw (container "none"). The output's
// default was not found in the docs: linear16 at 24000 here too. mulaw/alaw
// at rates other than 8000 exist in Deepgram's list but have no G.711 path
// here: refused.

const DEEPGRAM_ENCODINGS = ["linear16", "mulaw", "alaw"] as const;

export interface DeepgramAudio {
  encoding?: "linear16" | "mulaw" | "alaw";
  sample_rate?: number;
}

export interface DeepgramOptions {
  /** Settings audio.input; linear16 at 24000 when omitted. */
  input?: DeepgramAudio;
  /** Settings audio.output; linear16 at 24000 when omitted. */
  output?: DeepgramAudio;
}

function deepgramFormat(value: unknown, name: string): WireFormat {
  const given = value === undefined ? {} : checkOptionsNamed(value, name);
  const encoding = given.encoding === undefined ? "linear16" : given.encoding;
  if (typeof encoding !== "string") throw new TypeError(`${name}.encoding must be a string, got ${encoding === null ? "null" : typeof encoding}`);
  if (!(DEEPGRAM_ENCODINGS as readonly string[]).includes(encoding)) {
    throw new RangeError(`${name}.encoding is '${encoding}': valid values are ${DEEPGRAM_ENCODINGS.join(", ")}`);
  }
  if (encoding === "linear16") return l16le(checkRate(given.sample_rate === undefined ? 24000 : given.sample_rate, `${name}.sample_rate`));
  const rate = given.sample_rate === undefined ? 8000 : given.sample_rate;
  if (rate !== 8000) throw new RangeError(`${name}.sample_rate is ${String(rate)}: ${encoding} is mapped at 8000 Hz only`);
  return encoding === "mulaw" ? ULAW : ALAW;
}

/** Deepgram Voice Agent, from its Settings message's audio block. */
export function deepgramAgent(options?: DeepgramOptions): ModelProfile {
  const given = checkOptions(options);
  return profile("Deepgram Voice Agent", deepgramFormat(given.input, "input"), deepgramFormat(given.output, "output"));
}

// ---------------------------------------------------------------------------
// Amazon Nova Sonic. Audio in is audioInputConfiguration { mediaType:
// "audio/lpcm", sampleRateHertz: 16000, sampleSizeBits: 16, channelCount: 1 };
// audio out audioOutputConfiguration { sampleRateHertz: 24000 } in AWS's
// example (INPUT_SAMPLE_RATE = 16000, OUTPUT_SAMPLE_RATE = 24000,
// https://docs.aws.amazon.com/nova/latest/userguide/s2s-example.html).
// Output rates 8000 and 16000 are accepted here from the event reference as
// remembered, not confirmed in the docs searched for this file; other input
// rates were not found: 16000 only.

const NOVA_OUTPUT_RATES = [8000, 16000, 24000];

export interface NovaSonicOptions {
  /** promptStart's audioOutputConfiguration.sampleRateHertz: 24000 when omitted. */
  sampleRateHertz?: 8000 | 16000 | 24000;
}

/** Amazon Nova Sonic: LPCM 16 kHz in, 24 kHz (or as configured) out. */
export function novaSonic(options?: NovaSonicOptions): ModelProfile {
  const given = checkOptions(options);
  const rate = given.sampleRateHertz === undefined ? 24000 : given.sampleRateHertz;
  if (typeof rate !== "number") throw new TypeError(`sampleRateHertz must be a number, got ${rate === null ? "null" : typeof rate}`);
  if (!NOVA_OUTPUT_RATES.includes(rate)) throw new RangeError(`sampleRateHertz is ${rate}: valid values are ${NOVA_OUTPUT_RATES.join(", ")}`);
  return profile("Amazon Nova Sonic", l16le(16000), l16le(rate));
}

// ---------------------------------------------------------------------------
// Ultravox. A serverWebSocket call's medium takes inputSampleRate (required)
// and outputSampleRate ("defaults to inputSampleRate"); audio is s16le in
// binary frames (https://docs.ultravox.ai/apps/websockets).

export interface UltravoxOptions {
  /** medium.serverWebSocket.inputSampleRate (required by Ultravox). */
  inputSampleRate: number;
  /** medium.serverWebSocket.outputSampleRate; inputSampleRate when omitted. */
  outputSampleRate?: number;
}

/** Ultravox over a server WebSocket: s16le at the rates the call was created with. */
export function ultravox(options: UltravoxOptions): ModelProfile {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object with inputSampleRate");
  const input = checkRate(options.inputSampleRate, "inputSampleRate");
  const output = options.outputSampleRate === undefined ? input : checkRate(options.outputSampleRate, "outputSampleRate");
  return profile("Ultravox", l16le(input), l16le(output));
}

function checkOptionsNamed(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null) throw new TypeError(`${name} must be an object, got ${value === null ? "null" : typeof value}`);
  return value as Record<string, unknown>;
}

// ---------------------------------------------------------------------------

/** The two conversions of a bridge between a phone and a model. */
export interface ConverterPair {
  /** Phone → model. */
  readonly inbound: ConverterOptions;
  /** Model → phone. */
  readonly outbound: ConverterOptions;
  /** Per direction: the same encoding at the same rate, so the Converter copies bytes (no kernel call, no delay). */
  readonly passThrough: { readonly inbound: boolean; readonly outbound: boolean };
}

/** The rate a G.711 or G.722 format may omit, filled in. */
function withRate(format: WireFormat): WireFormat {
  return format.rate === undefined ? ({ ...format, rate: format.encoding === "g722" ? 16000 : 8000 } as WireFormat) : format;
}

const sameFormat = (a: WireFormat, b: WireFormat) => a.encoding === b.encoding && a.rate === b.rate;

/**
 * The Converter options for both directions of a phone ⇄ model bridge.
 * @example
 *   const { inbound, outbound } = converterPair({ encoding: "ulaw" }, geminiLive());
 *   const toModel = new Converter(inbound), toPhone = new Converter(outbound);
 */
export function converterPair(phone: WireFormat, model: ModelProfile, quality?: Quality): ConverterPair {
  if (typeof phone !== "object" || phone === null) throw new TypeError(`phone must be a wire format { encoding, rate }, got ${phone === null ? "null" : typeof phone}`);
  if (typeof model !== "object" || model === null || typeof model.input !== "object" || typeof model.output !== "object") {
    throw new TypeError("model must be a model profile { input, output } (openAIRealtime(), geminiLive(), …)");
  }
  const ends = { phone: withRate(phone), input: withRate(model.input), output: withRate(model.output) };
  const extra = quality === undefined ? {} : { quality };
  return Object.freeze({
    inbound: Object.freeze({ from: ends.phone, to: ends.input, ...extra }),
    outbound: Object.freeze({ from: ends.output, to: ends.phone, ...extra }),
    passThrough: Object.freeze({ inbound: sameFormat(ends.phone, ends.input), outbound: sameFormat(ends.output, ends.phone) }),
  });
}
