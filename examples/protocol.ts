// The two wire protocols the bridge speaks, as types plus parsers that turn a
// WebSocket text frame into a checked message or throw a BadMessage saying
// what is wrong. Only the fields the bridge and the fakes use are modelled.

/** A frame that is not JSON, or lacks a field the bridge needs. */
export class BadMessage extends TypeError {
  override name = "BadMessage";
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseObject(text: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadMessage(`not JSON: ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`);
  }
  if (!isRecord(value)) throw new BadMessage("not a JSON object");
  return value;
}

function field(message: Json, name: string, where: string): Json {
  const value = message[name];
  if (!isRecord(value)) throw new BadMessage(`${where}: ${name} must be an object`);
  return value;
}

function text(message: Json, name: string, where: string): string {
  const value = message[name];
  if (typeof value !== "string") throw new BadMessage(`${where}: ${name} must be a string`);
  return value;
}

function optionalText(message: Json, name: string): string | undefined {
  const value = message[name];
  return typeof value === "string" ? value : undefined;
}

// ---------------------------------------------------------------- Twilio ---

export interface TwilioMediaFormat {
  encoding: string;
  sampleRate: number;
  channels: number;
}

/** What Twilio Media Streams sends the bridge. */
export type TwilioInbound =
  | { event: "connected" }
  | { event: "start"; streamSid: string; mediaFormat: TwilioMediaFormat }
  | { event: "media"; track: string | undefined; payload: string; timestamp: string | undefined; chunk: string | undefined }
  | { event: "mark"; name: string }
  | { event: "stop" }
  | { event: "other"; name: string };

/** What the bridge sends Twilio. */
export type TwilioOutbound =
  | { event: "media"; streamSid: string; media: { payload: string } }
  | { event: "mark"; streamSid: string; mark: { name: string } }
  | { event: "clear"; streamSid: string };

export function parseTwilio(frame: string): TwilioInbound {
  const message = parseObject(frame);
  const event = text(message, "event", "Twilio message");
  switch (event) {
    case "connected":
    case "stop":
      return { event };
    case "start": {
      const start = field(message, "start", "start");
      const format = field(start, "mediaFormat", "start");
      const { encoding, sampleRate, channels } = format;
      if (typeof encoding !== "string" || typeof sampleRate !== "number" || typeof channels !== "number") {
        throw new BadMessage("start: mediaFormat needs encoding, sampleRate and channels");
      }
      return { event, streamSid: text(start, "streamSid", "start"), mediaFormat: { encoding, sampleRate, channels } };
    }
    case "media": {
      const media = field(message, "media", "media");
      return {
        event,
        track: optionalText(media, "track"),
        payload: text(media, "payload", "media"),
        timestamp: optionalText(media, "timestamp"),
        chunk: optionalText(media, "chunk"),
      };
    }
    case "mark":
      return { event, name: text(field(message, "mark", "mark"), "name", "mark") };
    default:
      return { event: "other", name: event };
  }
}

// -------------------------------------------------------------- Realtime ---

/** Server events the bridge acts on (beta names, and the GA `output_audio` ones). */
export type RealtimeServerEvent =
  | { type: "audio.delta"; delta: string; responseId: string | undefined; itemId: string; contentIndex: number }
  | { type: "audio.done"; responseId: string | undefined }
  | { type: "response.created"; responseId: string | undefined }
  | { type: "response.done"; responseId: string | undefined; status: string | undefined }
  | { type: "speech_started" }
  | { type: "committed" }
  | { type: "error"; message: string }
  | { type: "other"; name: string };

export function parseRealtimeServer(frame: string): RealtimeServerEvent {
  const message = parseObject(frame);
  const type = text(message, "type", "Realtime event");
  switch (type) {
    case "response.audio.delta":
    case "response.output_audio.delta":
      return {
        type: "audio.delta",
        delta: text(message, "delta", type),
        responseId: optionalText(message, "response_id"),
        itemId: text(message, "item_id", type),
        contentIndex: typeof message.content_index === "number" ? message.content_index : 0,
      };
    case "response.audio.done":
    case "response.output_audio.done":
      return { type: "audio.done", responseId: optionalText(message, "response_id") };
    case "response.created":
    case "response.done": {
      const response = isRecord(message.response) ? message.response : {};
      const responseId = optionalText(response, "id");
      if (type === "response.created") return { type, responseId };
      return { type, responseId, status: optionalText(response, "status") };
    }
    case "input_audio_buffer.speech_started":
      return { type: "speech_started" };
    case "input_audio_buffer.committed":
      return { type: "committed" };
    case "error": {
      const error = isRecord(message.error) ? message.error : {};
      return { type, message: optionalText(error, "message") ?? "(no message)" };
    }
    default:
      return { type: "other", name: type };
  }
}

/** Client events the bridge sends (and the fake server understands). */
export type RealtimeClientEvent =
  | { type: "session.update"; session: RealtimeSessionConfig }
  | { type: "input_audio_buffer.append"; audio: string }
  | { type: "input_audio_buffer.commit" }
  | { type: "conversation.item.truncate"; item_id: string; content_index: number; audio_end_ms: number };

export interface RealtimeSessionConfig {
  input_audio_format?: string;
  output_audio_format?: string;
  turn_detection?: { type: string } | null;
  modalities?: string[];
}

/** As the fake server sees a client event; `type` is any string. */
export interface ParsedClientEvent {
  type: string;
  audio?: string;
  truncate?: { itemId: string; contentIndex: number; audioEndMs: number };
  session?: RealtimeSessionConfig;
}

export function parseRealtimeClient(frame: string): ParsedClientEvent {
  const message = parseObject(frame);
  const type = text(message, "type", "client event");
  if (type === "input_audio_buffer.append") return { type, audio: text(message, "audio", type) };
  if (type === "conversation.item.truncate") {
    const { content_index: contentIndex, audio_end_ms: audioEndMs } = message;
    if (typeof contentIndex !== "number" || typeof audioEndMs !== "number") throw new BadMessage(`${type}: content_index and audio_end_ms must be numbers`);
    return { type, truncate: { itemId: text(message, "item_id", type), contentIndex, audioEndMs } };
  }
  if (type === "session.update") {
    const session = field(message, "session", type);
    return {
      type,
      session: {
        input_audio_format: optionalText(session, "input_audio_format"),
        output_audio_format: optionalText(session, "output_audio_format"),
      },
    };
  }
  return { type };
}
