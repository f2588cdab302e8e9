// What every phone-provider profile shares: the typed events a provider's
// inbound text frame parses to, and the strict field readers that make a
// malformed frame a TypeError naming the field (never a misread event).

import type { WireFormat } from "../converter.js";
import type { PlaybackMarks } from "../playback-marks.js";

/** The stream began: its id and the media format the provider announces, as it spells it. */
export interface StartEvent {
  readonly type: "start";
  readonly streamId: string;
  /** Provider's own names, e.g. Twilio `audio/x-mulaw`, Telnyx `PCMU`; `rate` in Hz. */
  readonly mediaFormat: { readonly encoding: string; readonly rate: number; readonly channels?: number };
}

/** Caller audio, with its position fields normalised for InboundTimeline (`timestamp` in ms from the stream's start). */
export interface MediaEvent {
  readonly type: "media";
  readonly payload: string;
  readonly timestamp: string | number;
  readonly chunk?: string | number;
  /** The provider's per-message counter (all events, not one track's media), when it sends one. */
  readonly sequence?: number;
  readonly track?: string;
}

export type PhoneEvent =
  | StartEvent
  | MediaEvent
  /** A mark / checkpoint echo: playback reached `name` (or the provider cleared it). */
  | { readonly type: "mark"; readonly name: string }
  | { readonly type: "dtmf"; readonly digit: string }
  /** The provider confirms a clear (Plivo `clearedAudio`). */
  | { readonly type: "cleared" }
  | { readonly type: "stop" }
  /** A well-formed message this profile does not model (`connected`, `error`, …), by its event name. */
  | { readonly type: "other"; readonly event: string };

/** One provider's framing for one stream: parse inbound text frames, format outbound ones. */
export interface PhoneProfile extends PlaybackMarks {
  readonly provider: string;
  /** The stream id from the start message (undefined before it). */
  readonly streamId: string | undefined;
  /** @throws TypeError naming what is wrong when `message` is not JSON or lacks a field its event needs. */
  parse(message: string): PhoneEvent;
  /** The text frame that plays `payload` (base64 audio in the stream's wire format). */
  media(payload: string): string;
  /** The text frame that drops what the provider has buffered (barge-in). */
  clear(): string;
  /** The Converter format of the audio a start event announces. @throws RangeError for an encoding or rate the Converter has no path for. */
  wireFormat(start: StartEvent): WireFormat;
}

export type Json = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The frame as a JSON object, or a TypeError saying it is not one. */
export function parseObject(message: unknown, provider: string): Json {
  if (typeof message !== "string") throw new TypeError(`${provider} message must be a string, got ${describe(message)}`);
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    throw new TypeError(`${provider} message is not JSON: ${message.length > 40 ? `${message.slice(0, 40)}…` : message}`);
  }
  if (!isRecord(value)) throw new TypeError(`${provider} message must be a JSON object, got ${describe(value)}`);
  return value;
}

/** `path` names the field in errors, e.g. "media" or "start.mediaFormat". */
export function object(parent: Json, key: string, path: string): Json {
  const value = parent[key];
  if (!isRecord(value)) throw new TypeError(`${path} must be an object, got ${describe(value)}`);
  return value;
}

export function string(parent: Json, key: string, path: string): string {
  const value = parent[key];
  if (typeof value !== "string") throw new TypeError(`${path} must be a string, got ${describe(value)}`);
  return value;
}

export function optionalString(parent: Json, key: string, path: string): string | undefined {
  return parent[key] === undefined ? undefined : string(parent, key, path);
}

/** A non-negative integer given as a number or a decimal string (providers use both). */
export function count(parent: Json, key: string, path: string): number {
  const value = parent[key];
  const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 0) {
    throw new TypeError(`${path} must be a non-negative integer (number or decimal string), got ${typeof value === "string" ? `'${value}'` : describe(value)}`);
  }
  return number;
}

export function optionalCount(parent: Json, key: string, path: string): number | undefined {
  return parent[key] === undefined ? undefined : count(parent, key, path);
}

/** The counter kept as the provider gave it (string or number), checked to be a decimal integer. */
function countAsGiven(parent: Json, key: string, path: string): string | number {
  count(parent, key, path);
  return parent[key] as string | number;
}

/** The message itself, when a PlaybackMarks caller hands `echoed` a string rather than a parsed object. */
export function asRecord(message: unknown): Json | undefined {
  if (typeof message === "string") {
    try {
      message = JSON.parse(message);
    } catch {
      return undefined;
    }
  }
  return isRecord(message) ? message : undefined;
}

export function checkName(name: unknown, what: string): asserts name is string {
  if (typeof name !== "string" || name === "") throw new TypeError(`${what} must be a non-empty string, got ${typeof name === "string" ? "''" : describe(name)}`);
}

export function checkPayload(payload: unknown): asserts payload is string {
  if (typeof payload !== "string") throw new TypeError(`payload must be a base64 string, got ${describe(payload)}`);
}

/** `{ key: value }`, or `{}` when value is undefined (so events carry no undefined fields). */
export function optionalField<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** `start[formatKey]` as a StartEvent's mediaFormat, by the provider's names: `encoding`, `rateKey`, optional `channels`. */
export function mediaFormatAt(start: Json, formatKey: string, rateKey: string): StartEvent["mediaFormat"] {
  const path = `start.${formatKey}`;
  const format = object(start, formatKey, path);
  return {
    encoding: string(format, "encoding", `${path}.encoding`),
    rate: count(format, rateKey, `${path}.${rateKey}`),
    ...optionalField("channels", optionalCount(format, "channels", `${path}.channels`)),
  };
}

/** A media frame whose `media.timestamp` already counts from the stream's start (Twilio, Telnyx); `sequenceKey` names the per-message counter. */
export function mediaEvent(frame: Json, sequenceKey: string): MediaEvent {
  const media = object(frame, "media", "media");
  return {
    type: "media",
    payload: string(media, "payload", "media.payload"),
    timestamp: countAsGiven(media, "timestamp", "media.timestamp"),
    ...optionalField("chunk", media.chunk === undefined ? undefined : countAsGiven(media, "chunk", "media.chunk")),
    ...optionalField("sequence", optionalCount(frame, sequenceKey, sequenceKey)),
    ...optionalField("track", optionalString(media, "track", "media.track")),
  };
}

/** The events every provider here spells alike: `dtmf` and `stop`; anything else well-formed is `other`. */
export function sharedEvent(frame: Json, event: string): PhoneEvent {
  switch (event) {
    case "dtmf":
      return { type: "dtmf", digit: string(object(frame, "dtmf", "dtmf"), "digit", "dtmf.digit") };
    case "stop":
      return { type: "stop" };
    default:
      return { type: "other", event };
  }
}
