// Plivo Audio Streams (<Stream bidirectional="true">): JSON text frames,
// audio as base64, μ-law 8 kHz or L16 at 8/16 kHz.
//
// Sources: https://plivo.com/docs/voice/audio-streaming/audio-streaming
// ("Stream Event Protocol"), https://www.plivo.com/docs/voice-agents/audio-streaming/concepts/audio-streaming-reference,
// https://www.plivo.com/docs/voice/xml/the-stream-element/checkpoint-event/,
// https://docs.plivo.com/docs/voice/xml/audiostream/stream-events-to-plivo/play-audio-event,
// https://docs.plivo.com/docs/voice/xml/audiostream/stream-events-to-plivo/clear-audio-stream,
// https://docs.plivo.com/docs/voice/xml/audiostream (contentType attribute).
// - start { event, sequenceNumber: 1, start: { callId, streamId, accountId,
//   tracks, mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000 } }, extra_headers }
// - media { event, sequenceNumber, streamId, media: { track, timestamp, chunk, payload } }:
//   timestamp is a string of "Unix timestamp in milliseconds", chunk a number.
// - from Plivo also dtmf, playedStream { event, streamId, name } (the echo of a
//   checkpoint, "only emitted if the preceding events were played
//   successfully") and clearedAudio { event, streamId }.
// - to Plivo: playAudio { event, media: { contentType, sampleRate, payload } }
//   (audio/x-l16: 8000 or 16000; audio/x-mulaw: 8000), checkpoint
//   { event, streamId, name }, clearAudio { event, streamId }.
// Choices where the docs are silent or disagree:
// - media.timestamp is wall-clock (Unix ms), not ms from the stream's start
//   as Twilio and Telnyx give it. InboundTimeline counts from the stream's
//   start, so the profile reports timestamp − (the first media timestamp
//   seen on that track), a number. A frame older than the first one is a
//   RangeError naming media.timestamp (Plivo's socket is ordered).
// - No stop message is listed in the protocol page: the socket closing ends
//   the stream. A "stop" event, if one comes, parses as stop.
// - The support article (support.plivo.com) calls the echo "played"; the
//   protocol page and the checkpoint page say "playedStream". Both parse as
//   a mark echo.
// - dtmf is read as { dtmf: { digit } }: the doc excerpts read did not show
//   its fields; Pipecat's Plivo serializer reads dtmf.digit the same way.
// - audio/x-l16's byte order is stated nowhere I found (RFC 2586's audio/L16
//   is big-endian, but x-l16 is Plivo's own name). No default: wireFormat()
//   of an L16 stream is a RangeError until the `l16` option says which, so
//   the audio is never read in a guessed order.
// - playAudio is sent without streamId, as the playAudio page lists its
//   fields (Pipecat adds one; the socket is the stream either way).
// - playAudio carries the stream's own contentType and sampleRate (from the
//   start message's mediaFormat) unless the options name others.

import type { WireFormat } from "../converter.js";
import { asRecord, checkName, mediaFormatAt, sharedEvent, checkPayload, count, isRecord, object, optionalCount, optionalField, optionalString, parseObject, string, type PhoneEvent, type PhoneProfile, type StartEvent } from "./_json.js";

const PROVIDER = "Plivo";

export interface PlivoProfileOptions {
  /** Byte order of audio/x-l16, which Plivo does not state: required to convert an L16 stream. */
  l16?: "l16le" | "l16be";
  /** The playAudio format; when omitted, the start message's mediaFormat. */
  playAudio?: { contentType: "audio/x-mulaw" | "audio/x-l16"; sampleRate: number };
}

const PLAY_RATES: Record<string, readonly number[]> = { "audio/x-mulaw": [8000], "audio/x-l16": [8000, 16000] };

function checkPlayFormat(value: unknown): { contentType: string; sampleRate: number } {
  if (!isRecord(value)) throw new TypeError("playAudio must be { contentType, sampleRate }");
  const { contentType, sampleRate } = value;
  if (typeof contentType !== "string" || !Object.hasOwn(PLAY_RATES, contentType)) throw new RangeError(`playAudio.contentType is '${String(contentType)}': Plivo takes audio/x-mulaw or audio/x-l16`);
  if (typeof sampleRate !== "number" || !PLAY_RATES[contentType].includes(sampleRate)) throw new RangeError(`playAudio.sampleRate is ${String(sampleRate)}: Plivo takes ${PLAY_RATES[contentType].join(" or ")} Hz for ${contentType}`);
  return { contentType, sampleRate };
}

/** Plivo Audio Streams framing for one stream. */
export class PlivoProfile implements PhoneProfile {
  readonly provider = PROVIDER;
  readonly l16: "l16le" | "l16be" | undefined;
  #streamId: string | undefined;
  #play: { contentType: string; sampleRate: number } | undefined;
  /** First media timestamp (Unix ms) per track: the origin of the normalised timestamps. */
  #origins = new Map<string, number>();

  constructor(options?: PlivoProfileOptions) {
    if (options !== undefined && !isRecord(options)) throw new TypeError("options must be an object");
    const l16 = options?.l16;
    if (l16 !== undefined && l16 !== "l16le" && l16 !== "l16be") throw new RangeError(`l16 is '${String(l16)}': l16le or l16be`);
    this.l16 = l16;
    if (options?.playAudio !== undefined) this.#play = checkPlayFormat(options.playAudio);
  }

  get streamId(): string | undefined {
    return this.#streamId;
  }

  #stream(): string {
    if (this.#streamId === undefined) throw new Error("Plivo: no streamId yet (parse the start message first)");
    return this.#streamId;
  }

  parse(message: string): PhoneEvent {
    const frame = parseObject(message, PROVIDER);
    const event = string(frame, "event", "event");
    switch (event) {
      case "start": {
        const start = object(frame, "start", "start");
        const mediaFormat = mediaFormatAt(start, "mediaFormat", "sampleRate");
        const streamId = string(start, "streamId", "start.streamId");
        this.#streamId = streamId;
        this.#origins.clear();
        if (this.#play === undefined && Object.hasOwn(PLAY_RATES, mediaFormat.encoding) && PLAY_RATES[mediaFormat.encoding].includes(mediaFormat.rate)) {
          this.#play = { contentType: mediaFormat.encoding, sampleRate: mediaFormat.rate };
        }
        return { type: "start", streamId, mediaFormat };
      }
      case "media": {
        const media = object(frame, "media", "media");
        const payload = string(media, "payload", "media.payload");
        const unixMs = count(media, "timestamp", "media.timestamp");
        const chunk = optionalCount(media, "chunk", "media.chunk");
        const sequence = optionalCount(frame, "sequenceNumber", "sequenceNumber");
        const track = optionalString(media, "track", "media.track");
        const key = track ?? "";
        const origin = this.#origins.get(key) ?? unixMs;
        if (unixMs < origin) throw new RangeError(`media.timestamp ${unixMs} is before the track's first media (${origin})`);
        this.#origins.set(key, origin);
        return {
          type: "media",
          payload,
          timestamp: unixMs - origin,
          ...optionalField("chunk", chunk),
          ...optionalField("sequence", sequence),
          ...optionalField("track", track),
        };
      }
      case "playedStream":
      case "played":
        return { type: "mark", name: string(frame, "name", "name") };
      case "clearedAudio":
        return { type: "cleared" };
      default:
        return sharedEvent(frame, event);
    }
  }

  media(payload: string): string {
    checkPayload(payload);
    if (this.#play === undefined) throw new Error("Plivo: no playAudio format yet (parse the start message, or give options.playAudio)");
    return JSON.stringify({ event: "playAudio", media: { contentType: this.#play.contentType, sampleRate: this.#play.sampleRate, payload } });
  }

  clear(): string {
    return JSON.stringify({ event: "clearAudio", streamId: this.#stream() });
  }

  request(name: string): string {
    checkName(name, "checkpoint name");
    return JSON.stringify({ event: "checkpoint", streamId: this.#stream(), name });
  }

  echoed(message: unknown): string | undefined {
    const frame = asRecord(message);
    if (frame === undefined || (frame.event !== "playedStream" && frame.event !== "played")) return undefined;
    if (this.#streamId !== undefined && frame.streamId !== undefined && frame.streamId !== this.#streamId) return undefined;
    return typeof frame.name === "string" ? frame.name : undefined;
  }

  wireFormat(start: StartEvent): WireFormat {
    const { encoding, rate } = start.mediaFormat;
    if (encoding === "audio/x-mulaw" && rate === 8000) return { encoding: "ulaw", rate };
    if (encoding === "audio/x-l16" && (rate === 8000 || rate === 16000)) {
      if (this.l16 === undefined) throw new RangeError("Plivo does not state audio/x-l16's byte order: construct PlivoProfile with { l16: 'l16le' | 'l16be' }");
      return { encoding: this.l16, rate };
    }
    throw new RangeError(`Plivo media format ${encoding} at ${rate} Hz: supported are audio/x-mulaw at 8000 Hz and audio/x-l16 at 8000 or 16000 Hz`);
  }
}
