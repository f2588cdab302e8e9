// Inbound media in call order: gaps filled with silence, duplicates dropped,
// frames reordered within a small window, so that the model's audio timeline
// stays aligned with the call's clock. One InboundTimeline per call and track.
//
// Protocol facts relied on (Twilio Media Streams "media" message; Telnyx media
// streaming "media" frame — both carry the same `media` fields):
// - media.timestamp: "Presentation Timestamp in Milliseconds from the start of
//   the stream" (Twilio); a decimal string in both providers' examples.
// - media.chunk: per-track counter, "the first message will begin with 1 and
//   increment with each subsequent message" (Twilio); a decimal string.
// - media.payload: base64 of raw G.711 codes, one byte a sample, 8 kHz.
// - Telnyx: "Media frame order is not guaranteed. Use media.chunk,
//   media.timestamp, and sequence_number to order frames."
// The top-level sequenceNumber / sequence_number counts every message of the
// stream (start, mark, dtmf…), not one track's media, so it is not used.
//
// Where the docs are silent, chosen here:
// - Position = timestamp: sample `round(timestamp·rate/1000)` starts the
//   payload. Timestamps place payloads of any length exactly; chunk numbers
//   cannot (frame size is not contractual, and bridges in the wild log
//   payloads that are not 160 bytes). Sample 0 is the stream's start, so a
//   first timestamp > 0 is a gap at the start. (The docs' examples show
//   timestamp "5" on early chunks: 0 is not promised.)
// - Timestamps are not promised to be multiples of 20 ms, and bridges in the
//   wild report chunks "less than 20 ms ahead of the previous": a payload
//   within `tolerance` samples of where the last one ended (default half a
//   frame, 10 ms) is taken as contiguous, so 1 ms of jitter does not insert
//   8 samples of silence then cut 8 of speech; beyond it the timeline is
//   realigned exactly (silence for a gap, the overlap trimmed). The timeline
//   is never off the call's clock by more than `tolerance`, and is exact when
//   the timestamps agree with the payload lengths.
// - media.chunk is optional; when given it must order the same way as the
//   timestamps: a timestamp going backwards against a chunk already seen is
//   bad input (RangeError), not reordering.
// - No wall clock: frames held for reordering are released by later frames
//   (Twilio and Telnyx send audio continuously, silence included) or by
//   flush() at the end of the call.

import { isBytes } from "./_arguments.js";
import { Base64Buffer } from "./_base64.js";

export interface InboundTimelineOptions {
  /** Sample rate of the payloads, Hz; 8000 when omitted. */
  rate?: number;
  /** Samples in one frame; 160 (20 ms at 8 kHz) when omitted. */
  frameSamples?: number;
  /**
   * Frames of audio held back behind a gap waiting for the missing frame; 3
   * (60 ms) when omitted. Latency is added only while a gap is open: an
   * in-order stream passes straight through. 0 fills every gap at once.
   */
  reorderWindow?: number;
  /** Samples of timestamp jitter absorbed; frameSamples/2 when omitted. 0 aligns every payload exactly. */
  tolerance?: number;
  /** G.711 law: silence is 0xFF in μ-law ('ulaw', the default), 0xD5 in A-law. */
  codec?: "ulaw" | "alaw";
  /** Longest gap filled, samples; 60 s when omitted. A timestamp jumping further is rejected. */
  maxGap?: number;
}

/** One media message's `media` object (Twilio or Telnyx), or the same fields as numbers. */
export interface InboundFrame<P extends string | Uint8Array = string | Uint8Array> {
  /** Milliseconds from the start of the stream to the payload's first sample. */
  timestamp: string | number;
  /** Per-track counter (optional): checked to order like the timestamps. */
  chunk?: string | number;
  /** G.711 codes: base64 text (as received) or bytes. */
  payload: P;
}

export interface InboundCounters {
  /** Frames accepted by push() (empty payloads are ignored, not counted). */
  received: number;
  /** Received frames released, whole or trimmed. */
  released: number;
  /** Gaps filled with silence, and their samples in all. */
  gaps: number;
  silenceSamples: number;
  /** Frames dropped: a copy of one already received. */
  duplicates: number;
  /** Received after a later frame, yet in time for their place. */
  reordered: number;
  /** Frames dropped: their place was already released (filled with silence, or older than the duplicate memory). */
  late: number;
  /** Samples cut from payloads that overlapped audio already released. */
  trimmedSamples: number;
}

interface Held {
  start: number;
  length: number;
  chunk: number;
  payload: string | Uint8Array;
}

const SILENCE = { ulaw: 0xff, alaw: 0xd5 } as const;
/** Recent released starts remembered to recognise duplicates (~1.3 s of 20 ms frames). */
const MEMORY = 64;
const NO_CHUNK = -1;

function positiveInteger(value: unknown, name: string, fallback: number, zeroAllowed: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number") throw new TypeError(`${name} must be a number, got ${value === null ? "null" : typeof value}`);
  if (!Number.isSafeInteger(value) || value < (zeroAllowed ? 0 : 1)) {
    throw new RangeError(`${name} must be ${zeroAllowed ? "a non-negative" : "a positive"} integer, got ${value}`);
  }
  return value;
}

/** A decimal integer (string, as the providers send, or number); -1 for absent. */
function parseCount(value: unknown, name: string, optional: boolean): number {
  if (value === undefined && optional) return NO_CHUNK;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new TypeError(`${name} must be an integer, got ${value}`);
    if (value < 0) throw new RangeError(`${name} must not be negative, got ${value}`);
    if (value > Number.MAX_SAFE_INTEGER) throw new RangeError(`${name} is too large: ${value}`);
    return value;
  }
  if (typeof value !== "string") {
    throw new TypeError(`${name} must be a decimal string or a number, got ${value === null ? "null" : typeof value}`);
  }
  // By hand: no regex, no allocation on the hot path.
  const n = value.length;
  if (n === 0 || n > 15) throw new TypeError(`${name} must be a decimal integer of 1 to 15 digits, got '${value.slice(0, 20)}'`);
  let result = 0;
  for (let i = 0; i < n; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) throw new TypeError(`${name} must be a decimal integer, got '${value.slice(0, 20)}'`);
    result = result * 10 + digit;
  }
  return result;
}

/**
 * Puts one track's inbound media in call order, on the call's clock.
 * @example
 *   const timeline = new InboundTimeline();
 *   // on each Twilio "media" message:
 *   for (const payload of timeline.push(msg.media)) realtime.send(... inbound.push(payload) ...);
 *   // on "stop":
 *   for (const payload of timeline.flush()) ...
 */
export class InboundTimeline {
  readonly rate: number;
  readonly frameSamples: number;
  readonly reorderWindow: number;
  readonly tolerance: number;
  readonly maxGap: number;
  readonly #silence: number;
  readonly #window: number;

  /** The next sample of the call's clock to release. */
  #next = 0;
  /** Frames waiting behind a gap, in timestamp order. */
  readonly #held: Held[] = [];
  /** Starts of recently released frames (ring), for duplicates. */
  readonly #recent = new Float64Array(MEMORY).fill(-1);
  #recentAt = 0;
  /** The latest start released: a frame starting after it is no copy (skips the scan in order). */
  #latestStart = -1;
  /** The last released frame that carried a chunk number. */
  #lastChunk = NO_CHUNK;
  #lastChunkStart = 0;
  /** Whether payloads are base64 text (fixed by the first push). */
  #text: boolean | undefined;
  readonly #scratch = new Base64Buffer(320);
  readonly #counters: InboundCounters = {
    received: 0, released: 0, gaps: 0, silenceSamples: 0, duplicates: 0, reordered: 0, late: 0, trimmedSamples: 0,
  };

  constructor(options?: InboundTimelineOptions) {
    if (options !== undefined && (typeof options !== "object" || options === null)) throw new TypeError("options must be an object");
    const o = options ?? {};
    this.rate = positiveInteger(o.rate, "rate", 8000, false);
    this.frameSamples = positiveInteger(o.frameSamples, "frameSamples", 160, false);
    this.reorderWindow = positiveInteger(o.reorderWindow, "reorderWindow", 3, true);
    this.tolerance = positiveInteger(o.tolerance, "tolerance", this.frameSamples >> 1, true);
    this.maxGap = positiveInteger(o.maxGap, "maxGap", 60 * this.rate, true);
    const codec = o.codec ?? "ulaw";
    if (codec !== "ulaw" && codec !== "alaw") {
      const message = `codec must be 'ulaw' or 'alaw', got ${typeof codec === "string" ? `'${codec}'` : String(codec)}`;
      throw typeof codec === "string" ? new RangeError(message) : new TypeError(message);
    }
    this.#silence = SILENCE[codec];
    this.#window = this.reorderWindow * this.frameSamples;
  }

  /** A snapshot of the counters. */
  get counters(): InboundCounters {
    return { ...this.#counters };
  }

  /** Samples released so far: the call's clock as the model hears it. */
  get position(): number {
    return this.#next;
  }

  /** Frames held back behind a gap. */
  get held(): number {
    return this.#held.length;
  }

  /**
   * One media frame in; the payloads it releases out, in call order: the
   * frame itself when in order (the same string or array, untouched),
   * silence for gaps, and frames that were waiting for it.
   * @throws TypeError naming `timestamp`, `chunk` or `payload` if one is not
   *   a decimal integer / base64 / bytes; RangeError naming `timestamp` if it
   *   goes backwards against its chunk number or jumps ahead beyond `maxGap`.
   *   A rejected frame changes nothing.
   */
  push(frame: InboundFrame<string>): string[];
  push(frame: InboundFrame<Uint8Array>): Uint8Array[];
  push(frame: InboundFrame): (string | Uint8Array)[] {
    if (typeof frame !== "object" || frame === null) throw new TypeError(`frame must be an object with timestamp and payload, got ${frame === null ? "null" : typeof frame}`);
    const timestamp = parseCount(frame.timestamp, "timestamp", false);
    const chunk = parseCount(frame.chunk, "chunk", true);
    const payload = frame.payload;
    const length = this.#payloadLength(payload);
    const start = Math.round((timestamp * this.rate) / 1000);
    const out: (string | Uint8Array)[] = [];
    if (length === 0) return out;
    if (chunk !== NO_CHUNK) this.#checkOrder(chunk, start, timestamp);
    if (start - this.#next > this.maxGap) {
      throw new RangeError(`timestamp ${timestamp} ms jumps ${((start - this.#next) * 1000) / this.rate} ms past the timeline's end, more than maxGap (${this.maxGap} samples)`);
    }
    // Accepted: from here on, state changes.
    this.#text ??= typeof payload === "string";
    const counters = this.#counters;
    counters.received++;
    if (this.#isDuplicate(start)) {
      counters.duplicates++;
      return out;
    }
    const delta = start - this.#next;
    if (delta > this.tolerance) {
      // Ahead of a gap: wait (within the window) for what is missing.
      const held = this.#held;
      let at = held.length;
      while (at > 0 && held[at - 1].start > start) at--;
      if (at < held.length) counters.reordered++;
      held.splice(at, 0, { start, length, chunk, payload });
      this.#enforceWindow(out);
      return out;
    }
    // In the hole that held frames wait behind: arrived after them.
    if (delta >= -this.tolerance && this.#held.length > 0) counters.reordered++;
    this.#place(start, length, chunk, payload, out);
    this.#drain(out);
    return out;
  }

  /** Releases every held frame, gaps filled with silence (end of call, or a stalled stream). */
  flush(): string[] | Uint8Array[] {
    const out: (string | Uint8Array)[] = [];
    while (this.#held.length > 0) this.#releaseFirstHeld(out);
    return out as string[] | Uint8Array[];
  }

  #payloadLength(payload: unknown): number {
    if (typeof payload === "string") {
      if (this.#text === false) throw new TypeError("payload must be a Uint8Array, like this timeline's earlier payloads, got a string");
      // Validates the characters too; throws a TypeError naming payload.
      const scratch = this.#scratch;
      const n = payload.length;
      if ((n & 3) !== 0) throw new TypeError(`payload is not valid base64 (length ${n})`);
      const count = (n >> 2) * 3 - (payload.endsWith("==") ? 2 : payload.endsWith("=") ? 1 : 0);
      scratch.reserve(count, 0);
      scratch.decode(payload, 0, count, "payload");
      return count;
    }
    if (isBytes(payload)) {
      if (this.#text === true) throw new TypeError("payload must be a base64 string, like this timeline's earlier payloads, got a Uint8Array");
      return payload.length;
    }
    throw new TypeError(`payload must be a base64 string or a Uint8Array, got ${payload === null ? "null" : typeof payload}`);
  }

  /** chunk and timestamp must order the same way against every chunk known. */
  #checkOrder(chunk: number, start: number, timestamp: number): void {
    if (this.#lastChunk !== NO_CHUNK) this.#checkPair(chunk, start, timestamp, this.#lastChunk, this.#lastChunkStart);
    for (const held of this.#held) if (held.chunk !== NO_CHUNK) this.#checkPair(chunk, start, timestamp, held.chunk, held.start);
  }

  #checkPair(chunk: number, start: number, timestamp: number, otherChunk: number, otherStart: number): void {
    if (Math.sign(chunk - otherChunk) === Math.sign(start - otherStart)) return;
    const otherMs = (otherStart * 1000) / this.rate;
    if (chunk === otherChunk) throw new RangeError(`timestamp ${timestamp} ms of chunk ${chunk} differs from the same chunk's earlier ${otherMs} ms`);
    if (chunk > otherChunk) throw new RangeError(`timestamp ${timestamp} ms of chunk ${chunk} goes backwards: chunk ${otherChunk} was at ${otherMs} ms`);
    throw new RangeError(`chunk ${chunk} at ${timestamp} ms goes backwards: chunk ${otherChunk} was at ${otherMs} ms, before it`);
  }

  #isDuplicate(start: number): boolean {
    const recent = this.#recent;
    if (start <= this.#latestStart) for (let i = 0; i < MEMORY; i++) if (recent[i] === start) return true;
    for (const held of this.#held) if (held.start === start) return true;
    return false;
  }

  /** Releases a frame at #next: whole when within tolerance, trimmed when it overlaps, dropped when late. */
  #place(start: number, length: number, chunk: number, payload: string | Uint8Array, out: (string | Uint8Array)[]): void {
    const counters = this.#counters;
    const behind = this.#next - start;
    if (behind > this.tolerance) {
      const fresh = start + length - this.#next;
      if (fresh <= this.tolerance) {
        counters.late++;
        return;
      }
      counters.trimmedSamples += behind;
      out.push(this.#tail(payload, behind));
      this.#next += fresh;
    } else {
      out.push(payload);
      this.#next += length;
    }
    counters.released++;
    this.#recent[this.#recentAt] = start;
    this.#recentAt = (this.#recentAt + 1) % MEMORY;
    if (start > this.#latestStart) this.#latestStart = start;
    if (chunk !== NO_CHUNK && chunk > this.#lastChunk) {
      this.#lastChunk = chunk;
      this.#lastChunkStart = start;
    }
  }

  /** Releases held frames that no longer wait for anything. */
  #drain(out: (string | Uint8Array)[]): void {
    const held = this.#held;
    while (held.length > 0 && held[0].start - this.#next <= this.tolerance) {
      const first = held.shift()!;
      this.#place(first.start, first.length, first.chunk, first.payload, out);
    }
  }

  /** Gives up on the first gap while more than the window of audio waits behind it. */
  #enforceWindow(out: (string | Uint8Array)[]): void {
    const held = this.#held;
    while (held.length > 0) {
      let end = 0;
      for (const frame of held) end = Math.max(end, frame.start + frame.length);
      if (end - held[0].start <= this.#window) return;
      this.#releaseFirstHeld(out);
    }
  }

  #releaseFirstHeld(out: (string | Uint8Array)[]): void {
    const first = this.#held.shift()!;
    const gap = first.start - this.#next;
    if (gap > this.tolerance) {
      out.push(this.#silenceOf(gap));
      this.#counters.gaps++;
      this.#counters.silenceSamples += gap;
      this.#next += gap;
    }
    this.#place(first.start, first.length, first.chunk, first.payload, out);
    this.#drain(out);
  }

  #silenceOf(samples: number): string | Uint8Array {
    if (this.#text === false) return new Uint8Array(samples).fill(this.#silence);
    const scratch = this.#scratch;
    scratch.reserve(samples, 0);
    scratch.bytes.fill(this.#silence, 0, samples);
    return scratch.encode(0, samples);
  }

  /** The payload without its first `skip` samples. */
  #tail(payload: string | Uint8Array, skip: number): string | Uint8Array {
    if (typeof payload !== "string") return payload.subarray(skip);
    const count = this.#payloadLength(payload); // decodes into the scratch
    return this.#scratch.encode(skip, count);
  }
}
