// What the caller heard. The outbound half of a call: model audio in (per
// output item), phone frames and playback marks out, mark echoes back, and
// on barge-in what to tell each side: the phone `clear`, the model
// `conversation.item.truncate` with each item's `audio_end_ms` in the item's
// own audio time.
//
// Positions are counted in phone samples, never in wall-clock time, on one
// axis: the phone samples produced since the call started (after a barge-in
// the audio that never left is taken back off it). A run of the converter
// (from its start, or from the last end() or interrupt()) maps model sample
// m of the run to phone sample origin + m·phoneRate/modelRate + delay. A mark
// records the position right after the frame it follows; its echo says
// playback got there. Marks carry the barge-in generation in their name, so
// the echoes a provider sends for pending marks when it clears (Twilio does)
// are recognised as stale and never move the position.

import { checkOptions } from "./_arguments.js";
import { base64Length } from "./_base64.js";
import { FRAME_BYTES, RealtimeToTwilio, type Codec } from "./messages.js";
import { Pacer, type Clock, type PacerOptions } from "./pacer.js";
import type { Quality } from "./_quality.js";
import { G711_RATE } from "./_rates.js";

/** What to send to the phone, in order: a frame of audio, or a playback mark to be echoed. */
export type Outbound = { readonly type: "media"; readonly payload: string } | { readonly type: "mark"; readonly name: string };

/** One `conversation.item.truncate`: the model's item cut where the caller stopped hearing it. */
export interface Truncation {
  readonly itemId: string;
  readonly contentIndex: number;
  /** Audio the caller heard of the item, ms of the item's own audio (floor: never more than was played). */
  readonly audioEndMs: number;
}

/** How the played position is known: by mark echoes, or, where the provider echoes none, by the clock. */
export type PlaybackEstimate = "marks" | "clock";

export interface Interruption {
  /** Send the phone `clear`: audio was sent that may still be queued there. */
  readonly clear: boolean;
  /** One per item not heard to its end, in the order they were sent: the one playing, then the unplayed ones (0 ms). */
  readonly truncations: readonly Truncation[];
  /** Phone samples sent since the call started, heard, and dropped by this clear. */
  readonly sentSamples: number;
  readonly playedSamples: number;
  readonly droppedSamples: number;
  readonly estimate: PlaybackEstimate;
}

export interface PlayoutOptions {
  /** The model's PCM16 rate, Hz (24000 for OpenAI Realtime). */
  rate?: number;
  codec?: Codec;
  quality?: Quality;
  /**
   * A mark after every this many ms of audio (rounded up to whole frames),
   * and after the last frame of every answer; 20 marks every frame. 0: no
   * marks, the played position is estimated by the clock.
   */
  markIntervalMs?: number;
  /** Release frames at real time (`Pacer`); omitted, every frame is handed out as soon as it is made. */
  pacing?: Omit<PacerOptions, "clock" | "frameMs">;
  /** ms on a monotonic scale; `performance.now` by default. Tests inject one. */
  clock?: Clock;
}

export interface PlayoutStats {
  /** Phone samples handed out to send, since the call started. */
  sentSamples: number;
  /** Phone samples heard, by the current estimate. */
  playedSamples: number;
  /** Phone samples sent but dropped by clears. */
  droppedSamples: number;
  marksSent: number;
  marksEchoed: number;
  /** Echoes of marks from before a clear (or unknown names), ignored. */
  staleEchoes: number;
  truncations: number;
  /** Delta bytes of interrupted items that came after the interruption, ignored. */
  ignoredBytes: number;
  underruns: number;
  lateFrames: number;
}

interface Item {
  readonly itemId: string;
  readonly contentIndex: number;
  /** Phone sample where the item's run started, and the item's first model sample within that run. */
  readonly runOrigin: number;
  readonly modelStart: number;
  modelSamples: number;
}

const MARK_PREFIX = "telaudio:";
/** One frame's duration, ms: 160 codes at 8 kHz. */
const FRAME_MS = (FRAME_BYTES * 1000) / G711_RATE;
const INTERRUPTED_KEPT = 16;

function checkItem(itemId: unknown, contentIndex: unknown): void {
  if (typeof itemId !== "string") throw new TypeError(`itemId must be a string, got ${itemId === null ? "null" : typeof itemId}`);
  if (typeof contentIndex !== "number") throw new TypeError(`contentIndex must be a number, got ${contentIndex === null ? "null" : typeof contentIndex}`);
  if (!Number.isSafeInteger(contentIndex) || contentIndex < 0) throw new RangeError(`contentIndex must be a non-negative integer, got ${contentIndex}`);
}

/**
 * The outbound audio of one call, and what the caller heard of it.
 * @example
 *   const playout = new Playout({ markIntervalMs: 100 });
 *   // response.output_audio.delta:
 *   playout.push(event.item_id, event.content_index, event.delta);
 *   for (const out of playout.take()) twilio.send(out.type === "media" ? media(out.payload) : mark(out.name));
 *   // Twilio "mark" event:          playout.acknowledge(msg.mark.name);
 *   // input_audio_buffer.speech_started:
 *   const cut = playout.interrupt();
 *   if (cut.clear) twilio.send(clear());
 *   for (const t of cut.truncations) realtime.send(truncate(t.itemId, t.contentIndex, t.audioEndMs));
 */
export class Playout {
  readonly rate: number;
  readonly markIntervalMs: number;
  readonly estimate: PlaybackEstimate;
  readonly #converter: RealtimeToTwilio;
  readonly #pacer: Pacer<Outbound> | undefined;
  readonly #clock: Clock;
  /** Frames between marks (0: none). */
  readonly #markEvery: number;
  /** Model samples per phone sample. */
  readonly #ratio: number;
  readonly #delay: number;

  /** Unsent output when not paced. */
  #ready: Outbound[] = [];
  #items: Item[] = [];
  /** Phone samples produced (whole frames) on the call's axis. */
  #produced = 0;
  #sent = 0;
  /** The current run: phone sample where it began, model samples it has taken. */
  #runOrigin = 0;
  #runModelSamples = 0;
  /** Delta bytes the run has taken (odd ones included). */
  #runBytes = 0;
  #framesSinceMark = 0;
  #generation = 0;
  #markSeq = 0;
  /** Position each pending mark stands for, by sequence number. */
  #pendingMarks = new Map<number, number>();
  #playedByMarks = 0;
  /** Where the provider's queue runs dry (clock estimate), ms. */
  #queueEndsAt = -Infinity;
  /** Items cut off by interrupt(), the latest INTERRUPTED_KEPT: their late deltas are ignored. */
  #interrupted: string[] = [];
  #stats = { droppedSamples: 0, marksSent: 0, marksEchoed: 0, staleEchoes: 0, truncations: 0, ignoredBytes: 0 };

  constructor(options?: PlayoutOptions) {
    const given = checkOptions(options) as PlayoutOptions;
    const markIntervalMs = given.markIntervalMs === undefined ? 100 : given.markIntervalMs;
    if (typeof markIntervalMs !== "number") throw new TypeError(`markIntervalMs must be a number of ms, got ${markIntervalMs === null ? "null" : typeof markIntervalMs}`);
    if (!Number.isFinite(markIntervalMs) || markIntervalMs < 0) throw new RangeError(`markIntervalMs must be ≥ 0 ms, got ${markIntervalMs}`);
    if (given.clock !== undefined && typeof given.clock !== "function") throw new TypeError("clock must be a function returning ms");
    this.#clock = given.clock ?? (() => performance.now());
    this.#converter = new RealtimeToTwilio({ rate: given.rate, codec: given.codec, quality: given.quality });
    this.#pacer = given.pacing === undefined ? undefined : new Pacer<Outbound>({ ...checkOptions(given.pacing), frameMs: FRAME_MS, clock: this.#clock });
    this.rate = this.#converter.rate;
    this.markIntervalMs = markIntervalMs;
    this.#markEvery = Math.ceil(markIntervalMs / FRAME_MS);
    this.estimate = this.#markEvery > 0 ? "marks" : "clock";
    this.#ratio = this.rate / G711_RATE;
    this.#delay = this.#converter.delay;
  }

  /**
   * Model audio of item `itemId` (content part `contentIndex`): a base64
   * PCM16LE delta at `rate`, any size. Converted at once; `take()` hands out
   * the frames it completes.
   * @throws TypeError naming itemId, contentIndex or delta (not base64): nothing is taken.
   */
  push(itemId: string, contentIndex: number, delta: string): void {
    checkItem(itemId, contentIndex);
    if (this.#interrupted.includes(itemId)) {
      // The rest of an answer the caller cut off (the model sends it until it hears of the truncation).
      this.#stats.ignoredBytes += base64Length(delta, "delta");
      return;
    }
    const frames = this.#converter.push(delta); // throws on bad base64 before changing anything
    const runSamples = (this.#runBytes += base64Length(delta, "delta")) >> 1; // an odd byte counts with the next delta
    const item = this.#items.at(-1);
    if (item !== undefined && item.itemId === itemId && item.contentIndex === contentIndex && item.runOrigin === this.#runOrigin) {
      item.modelSamples += runSamples - this.#runModelSamples;
    } else {
      this.#items.push({ itemId, contentIndex, runOrigin: this.#runOrigin, modelStart: this.#runModelSamples, modelSamples: runSamples - this.#runModelSamples });
    }
    this.#runModelSamples = runSamples;
    this.#emit(frames);
  }

  /** The model's answer is complete (response audio done): its tail goes out, padded to a frame, and a mark after it. */
  end(): void {
    this.#emit(this.#converter.flush(), true);
    this.#newRun(this.#produced);
    this.#pacer?.end();
  }

  /** What to send now, in order. Unpaced: everything made so far. Paced: what is due at `now`. */
  take(now: number = this.#clock()): Outbound[] {
    let out: Outbound[];
    if (this.#pacer === undefined) {
      out = this.#ready;
      this.#ready = [];
    } else {
      out = this.#pacer.release(now);
    }
    for (const message of out) {
      if (message.type === "media") this.#sentFrame(now);
      else this.#stats.marksSent++;
    }
    if (this.estimate === "clock") this.#forgetHeardItems(this.playedSamples(now));
    return out;
  }

  /** Paced: when `take()` next has something (ms on the clock); undefined when nothing waits. Unpaced: now, if anything waits. */
  nextTakeAt(): number | undefined {
    if (this.#pacer !== undefined) return this.#pacer.nextReleaseAt();
    return this.#ready.length > 0 ? this.#clock() : undefined;
  }

  /**
   * A mark came back (Twilio `mark` event's `mark.name`): playback reached it.
   * @returns false for a name that is not a pending mark of this call (stale after a clear, or unknown): ignored.
   */
  acknowledge(name: string): boolean {
    if (typeof name !== "string") throw new TypeError(`name must be a string, got ${name === null ? "null" : typeof name}`);
    const [generation, seq] = name.startsWith(MARK_PREFIX) ? name.slice(MARK_PREFIX.length).split(".").map(Number) : [NaN, NaN];
    const position = generation === this.#generation ? this.#pendingMarks.get(seq) : undefined;
    if (position === undefined) {
      this.#stats.staleEchoes++;
      return false;
    }
    // Echoes come in order; one that overtook others still says playback got past them.
    for (const key of this.#pendingMarks.keys()) if (key <= seq) this.#pendingMarks.delete(key);
    this.#playedByMarks = Math.max(this.#playedByMarks, position);
    this.#stats.marksEchoed++;
    this.#forgetHeardItems(this.#playedByMarks);
    return true;
  }

  /** Phone samples heard so far, by marks (what was echoed) or the clock (what the provider has had time to play). */
  playedSamples(now: number = this.#clock()): number {
    if (this.estimate === "marks") return this.#playedByMarks;
    const queuedMs = Math.max(0, this.#queueEndsAt - now);
    return Math.max(0, this.#sent - Math.ceil((queuedMs * G711_RATE) / 1000));
  }

  /**
   * Barge-in: drops what is not yet sent, forgets pending marks (their
   * echoes become stale), and says what to tell each side.
   */
  interrupt(now: number = this.#clock()): Interruption {
    const played = Math.min(this.playedSamples(now), this.#sent);
    const truncations: Truncation[] = [];
    for (const item of this.#items) {
      const heard = this.#heardOf(item, played);
      if (heard < item.modelSamples) truncations.push({ itemId: item.itemId, contentIndex: item.contentIndex, audioEndMs: Math.floor((heard * 1000) / this.rate) });
    }
    const dropped = this.#sent - played;
    const result: Interruption = {
      clear: dropped > 0 || this.#produced > this.#sent,
      truncations,
      sentSamples: this.#sent,
      playedSamples: played,
      droppedSamples: dropped,
      estimate: this.estimate,
    };
    this.#stats.droppedSamples += dropped;
    this.#stats.truncations += truncations.length;
    for (const item of this.#items) this.#interrupted.push(item.itemId);
    this.#interrupted.splice(0, this.#interrupted.length - INTERRUPTED_KEPT);
    this.#converter.clear();
    this.#pacer?.clear();
    this.#ready = [];
    this.#items = [];
    // Unsent frames never existed on the call's axis; the next run starts where sending stopped.
    this.#produced = this.#sent;
    this.#newRun(this.#sent);
    this.#pendingMarks.clear();
    this.#generation++;
    this.#playedByMarks = this.#sent;
    this.#queueEndsAt = -Infinity;
    return result;
  }

  get stats(): PlayoutStats {
    const pacer = this.#pacer?.stats;
    return {
      sentSamples: this.#sent,
      playedSamples: this.playedSamples(),
      ...this.#stats,
      underruns: pacer?.underruns ?? 0,
      lateFrames: pacer?.lateFrames ?? 0,
    };
  }

  dispose(): void {
    this.#converter.dispose();
  }

  /** The converter starts afresh: its output begins at phone sample `origin`. */
  #newRun(origin: number): void {
    this.#runOrigin = origin;
    this.#runBytes = 0;
    this.#runModelSamples = 0;
    this.#framesSinceMark = 0;
  }

  /** Items heard to their end, with a later one begun, can never be truncated: a long call keeps only the recent ones. */
  #forgetHeardItems(played: number): void {
    const items = this.#items;
    let heard = 0;
    while (heard < items.length - 1 && this.#heardOf(items[heard], played) === items[heard].modelSamples) heard++;
    if (heard > 0) items.splice(0, heard);
  }

  /** Model samples of `item` heard once playback reached phone sample `played`. */
  #heardOf(item: Item, played: number): number {
    const model = Math.floor((played - item.runOrigin - this.#delay) * this.#ratio) - item.modelStart;
    return Math.max(0, Math.min(item.modelSamples, model));
  }

  #emit(frames: string[], final = false): void {
    frames.forEach((payload, i) => {
      this.#queue({ type: "media", payload }, 1);
      this.#produced += FRAME_BYTES;
      this.#framesSinceMark++;
      const last = final && i === frames.length - 1;
      if (this.#markEvery > 0 && (this.#framesSinceMark >= this.#markEvery || last)) {
        const seq = ++this.#markSeq;
        this.#pendingMarks.set(seq, this.#produced);
        this.#queue({ type: "mark", name: `${MARK_PREFIX}${this.#generation}.${seq}` }, 0);
        this.#framesSinceMark = 0;
      }
    });
  }

  #queue(message: Outbound, frames: 0 | 1): void {
    if (this.#pacer === undefined) this.#ready.push(message);
    else this.#pacer.push(message, frames);
  }

  #sentFrame(now: number): void {
    this.#sent += FRAME_BYTES;
    // The provider plays each frame after those queued before it, in real time.
    this.#queueEndsAt = Math.max(now, this.#queueEndsAt) + FRAME_MS;
  }
}
