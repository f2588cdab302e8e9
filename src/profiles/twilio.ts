// Twilio Media Streams (bidirectional, <Connect><Stream>): one text frame a
// message, JSON, audio as base64 μ-law 8 kHz.
//
// Source: https://www.twilio.com/docs/voice/media-streams/websocket-messages
// - start: { event, sequenceNumber, streamSid, start: { streamSid, callSid,
//   tracks, mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 } } }
// - media: { event, sequenceNumber, streamSid, media: { track, chunk, timestamp, payload } }
//   chunk counts from "1"; timestamp is ms from the stream's start; both strings.
// - dtmf: { event, streamSid, sequenceNumber, dtmf: { track: "inbound_track", digit } }
// - mark echo: { event, sequenceNumber, streamSid, mark: { name } }; also sent for
//   every pending mark when a clear drops its audio.
// - stop: { event, sequenceNumber, streamSid, stop: { accountSid, callSid } }
// - to Twilio: media { event, streamSid, media: { payload } }, mark
//   { event, streamSid, mark: { name } }, clear { event, streamSid }.
// Choices where the docs are silent:
// - The stream id is the top-level streamSid of the start message, falling back
//   to start.streamSid (the docs' example carries both, equal).
// - Only audio/x-mulaw is mapped for the Converter; any other encoding (the
//   SignalWire L16 variants, whose byte order its docs do not state) is a
//   RangeError from wireFormat(), not a guess.
// - media.timestamp is required (InboundTimeline places audio by it); chunk
//   and track are optional. The same shape as examples/protocol.ts parses.

import type { WireFormat } from "../converter.js";
import { twilioMarks, type PlaybackMarks } from "../playback-marks.js";
import { asRecord, checkName, mediaEvent, mediaFormatAt, sharedEvent, checkPayload, object, parseObject, string, type PhoneEvent, type PhoneProfile, type StartEvent } from "./_json.js";

const PROVIDER = "Twilio";

/** Twilio Media Streams framing for one stream. */
export class TwilioProfile implements PhoneProfile {
  readonly provider = PROVIDER;
  #streamId: string | undefined;
  #marks: PlaybackMarks | undefined;

  /** @param streamSid known up front (e.g. a test); otherwise taken from the start message. */
  constructor(streamSid?: string) {
    if (streamSid !== undefined) this.#setStream(streamSid);
  }

  get streamId(): string | undefined {
    return this.#streamId;
  }

  #setStream(streamSid: string): void {
    checkName(streamSid, "streamSid");
    this.#streamId = streamSid;
    this.#marks = twilioMarks(streamSid);
  }

  #stream(): string {
    if (this.#streamId === undefined) throw new Error("Twilio: no streamSid yet (parse the start message first)");
    return this.#streamId;
  }

  parse(message: string): PhoneEvent {
    const frame = parseObject(message, PROVIDER);
    const event = string(frame, "event", "event");
    switch (event) {
      case "start": {
        const start = object(frame, "start", "start");
        const mediaFormat = mediaFormatAt(start, "mediaFormat", "sampleRate");
        const streamId = typeof frame.streamSid === "string" ? frame.streamSid : string(start, "streamSid", "start.streamSid");
        this.#setStream(streamId);
        return { type: "start", streamId, mediaFormat };
      }
      case "media":
        return mediaEvent(frame, "sequenceNumber");
      case "mark":
        return { type: "mark", name: string(object(frame, "mark", "mark"), "name", "mark.name") };
      default:
        return sharedEvent(frame, event);
    }
  }

  media(payload: string): string {
    checkPayload(payload);
    return JSON.stringify({ event: "media", streamSid: this.#stream(), media: { payload } });
  }

  clear(): string {
    return JSON.stringify({ event: "clear", streamSid: this.#stream() });
  }

  request(name: string): string {
    this.#stream();
    checkName(name, "mark name");
    return this.#marks!.request(name);
  }

  echoed(message: unknown): string | undefined {
    if (this.#marks === undefined) return undefined;
    return this.#marks.echoed(asRecord(message));
  }

  wireFormat(start: StartEvent): WireFormat {
    const { encoding, rate } = start.mediaFormat;
    if (encoding === "audio/x-mulaw" && rate === 8000) return { encoding: "ulaw", rate: 8000 };
    throw new RangeError(`Twilio media format ${encoding} at ${rate} Hz: only audio/x-mulaw at 8000 Hz is mapped`);
  }
}
