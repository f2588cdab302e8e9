// A stand-in for Twilio's outbound side, shared by the call-layer tests.

import { ulawDecode, type Outbound } from "telaudio";

const FRAME_MS = 20;
const FRAME = 160;

/**
 * Twilio's outbound buffer, on an injected clock: it plays the frames it
 * receives at real time (from when a frame reaches an idle buffer), echoes
 * each mark when playback reaches it, and on `clear` keeps what was heard of
 * the playing frame, drops the rest and echoes the marks still pending.
 */
export class FakeTwilio {
  /** Frames and marks not yet played, in arrival order. */
  #queue: Outbound[] = [];
  /** When the frame at the head of the queue started playing (undefined: idle). */
  #headStart: number | undefined;
  /** Every sample played, decoded (with `record`), and how many. */
  played: number[] = [];
  playedCount = 0;
  echoes: string[] = [];
  readonly #record: boolean;
  /** Told each piece played and when it started (ms on the clock). */
  readonly #onPlay: ((samples: Int16Array, startMs: number) => void) | undefined;

  constructor(options: { record?: boolean; onPlay?: (samples: Int16Array, startMs: number) => void } = {}) {
    this.#record = options.record ?? true;
    this.#onPlay = options.onPlay;
  }

  #play(payload: string, startMs: number, samples = FRAME): void {
    this.playedCount += samples;
    if (!this.#record && this.#onPlay === undefined) return;
    const pcm = ulawDecode(Buffer.from(payload, "base64")).subarray(0, samples);
    if (this.#record) this.played.push(...pcm);
    this.#onPlay?.(pcm, startMs);
  }

  receive(messages: Outbound[], now: number): void {
    this.advance(now);
    for (const message of messages) {
      this.#queue.push(message);
      if (this.#headStart === undefined && message.type === "media") this.#headStart = now;
    }
    this.advance(now);
  }

  advance(now: number): void {
    while (this.#queue.length > 0) {
      const head = this.#queue[0];
      if (head.type === "mark") {
        this.echoes.push(head.name);
        this.#queue.shift();
        continue;
      }
      if (this.#headStart === undefined || this.#headStart + FRAME_MS > now) break;
      this.#play(head.payload, this.#headStart);
      this.#queue.shift();
      this.#headStart += FRAME_MS;
      // With nothing after it, playback stops: the next frame starts when it arrives.
      if (!this.#queue.some((m) => m.type === "media")) this.#headStart = this.#queue.length > 0 ? this.#headStart : undefined;
    }
    if (!this.#queue.some((m) => m.type === "media")) {
      // Marks after the last frame are reached once it has played.
      for (const m of this.#queue) if (m.type === "mark") this.echoes.push(m.name);
      this.#queue = [];
      this.#headStart = undefined;
    }
  }

  /** `clear`: the part of the playing frame already heard stays heard; the rest is dropped, pending marks echoed. */
  clear(now: number): string[] {
    this.advance(now);
    const head = this.#queue.find((m) => m.type === "media");
    if (head !== undefined && this.#headStart !== undefined && head.type === "media") {
      const heard = Math.floor(((now - this.#headStart) * FRAME) / FRAME_MS);
      this.#play(head.payload, this.#headStart, heard);
    }
    const pending = this.#queue.filter((m) => m.type === "mark").map((m) => (m as { name: string }).name);
    this.#queue = [];
    this.#headStart = undefined;
    return pending;
  }
}
