// Telnyx Media Streaming over WebSocket (Call Control `stream_url`,
// bidirectional with `stream_bidirectional_mode: "rtp"`): JSON text frames,
// audio as base64 RTP payloads without RTP headers.
//
// Source: https://developers.telnyx.com/api-reference/websockets/stream-call-media-over-websocket
// (AsyncAPI "Stream call media over WebSocket"), and the guide
// https://developers.telnyx.com/docs/voice/programmable-voice/media-streaming
// - connected { event, version }, then start { event, sequence_number,
//   stream_id, start: { call_control_id, …, media_format: { encoding: "PCMU",
//   sample_rate: 8000, channels: 1 } } } (example quoted in the tests).
// - media { event, sequence_number, stream_id, media: { track, chunk, timestamp, payload } };
//   "Media frame order is not guaranteed. Use media.chunk, media.timestamp,
//   and sequence_number to order frames" (InboundTimeline does, by timestamp).
// - Telnyx sends dtmf, mark, error and stop frames; the application sends
//   media, mark and clear. "Telnyx sends the same mark back when the
//   immediately preceding media finishes playing, or immediately if no audio
//   is queued"; "A clear frame also returns queued marks".
// - Supported RTP codecs: PCMU, PCMA, G722, OPUS, AMR-WB, L16; RTP chunks
//   sent back hold 20 ms to 30 s of audio.
// Choices where the docs (as read) are silent or not quoted in full:
// - dtmf is read as { dtmf: { digit } } and the mark echo as { mark: { name } },
//   the shape Telnyx shares with Twilio. The doc excerpts read did not show
//   these two frames' fields; Pipecat's Telnyx serializer
//   (src/pipecat/serializers/telnyx.py) reads dtmf.digit the same way. The
//   mark echo's shape is the least verified field here.
// - Outbound frames carry no stream_id (the socket is the stream); the docs'
//   client frames are { event: "media", media: { payload } }, { event: "mark",
//   mark: { name } }, { event: "clear" }.
// - L16 is network byte order (RTP, RFC 3551; Pipecat's serializer agrees):
//   `l16be` for the Converter.
//   PCMU/PCMA are 8 kHz only. G722 has no Converter path yet (use
//   G722ToPcm16 / Pcm16ToG722), OPUS and AMR-WB none at all: RangeError.
// - sample_rate and the counters are accepted as numbers or decimal strings
//   (the start example has sample_rate 8000 as a number, sequence_number "1"
//   as a string).

import type { WireFormat } from "../converter.js";
import { asRecord, checkName, mediaEvent, mediaFormatAt, sharedEvent, isRecord, checkPayload, object, parseObject, string, type PhoneEvent, type PhoneProfile, type StartEvent } from "./_json.js";

const PROVIDER = "Telnyx";

/** Telnyx media streaming framing for one stream. */
export class TelnyxProfile implements PhoneProfile {
  readonly provider = PROVIDER;
  #streamId: string | undefined;

  get streamId(): string | undefined {
    return this.#streamId;
  }

  parse(message: string): PhoneEvent {
    const frame = parseObject(message, PROVIDER);
    const event = string(frame, "event", "event");
    switch (event) {
      case "start": {
        const mediaFormat = mediaFormatAt(object(frame, "start", "start"), "media_format", "sample_rate");
        const streamId = string(frame, "stream_id", "stream_id");
        this.#streamId = streamId;
        return { type: "start", streamId, mediaFormat };
      }
      case "media":
        return mediaEvent(frame, "sequence_number");
      case "mark":
        return { type: "mark", name: string(object(frame, "mark", "mark"), "name", "mark.name") };
      default:
        return sharedEvent(frame, event);
    }
  }

  media(payload: string): string {
    checkPayload(payload);
    return JSON.stringify({ event: "media", media: { payload } });
  }

  clear(): string {
    return JSON.stringify({ event: "clear" });
  }

  request(name: string): string {
    checkName(name, "mark name");
    return JSON.stringify({ event: "mark", mark: { name } });
  }

  echoed(message: unknown): string | undefined {
    const frame = asRecord(message);
    if (frame === undefined || frame.event !== "mark") return undefined;
    if (this.#streamId !== undefined && frame.stream_id !== undefined && frame.stream_id !== this.#streamId) return undefined;
    const mark = frame.mark;
    return isRecord(mark) && typeof mark.name === "string" ? mark.name : undefined;
  }

  wireFormat(start: StartEvent): WireFormat {
    const { encoding, rate } = start.mediaFormat;
    switch (encoding) {
      case "PCMU":
      case "PCMA":
        if (rate !== 8000) throw new RangeError(`Telnyx media format ${encoding} at ${rate} Hz: G.711 is 8000 Hz only`);
        return { encoding: encoding === "PCMU" ? "ulaw" : "alaw", rate };
      case "L16":
        return { encoding: "l16be", rate };
      case "G722":
        throw new RangeError("Telnyx media format G722: no Converter path yet; decode with G722ToPcm16 and encode with Pcm16ToG722");
      default:
        throw new RangeError(`Telnyx media format ${encoding}: supported are PCMU, PCMA and L16 (G722 through G722ToPcm16)`);
    }
  }
}
