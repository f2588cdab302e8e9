// A stand-in for Twilio Media Streams: connects to the bridge as Twilio
// would, sends `connected` and `start`, streams a μ-law clip in 20 ms frames,
// sends `stop`, and records everything the bridge sends back until the
// bridge closes the call.
//
// With `playback`, it behaves as Twilio does with what it receives: plays
// the frames at real time from a buffer (starting when a frame reaches an
// empty buffer), echoes each `mark` when playback reaches it, and on `clear`
// drops its buffer and echoes the marks still pending. It records how many
// samples it played. Without it, marks are echoed at once (nothing plays),
// which lets tests run the clip faster than real time.

import { once } from "node:events";
import { pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";
import { FRAME_BYTES } from "telaudio";
import { loadSpeechClip } from "./speech-clip.js";

export interface FakeTwilioOptions {
  url: string;
  /** μ-law codes at 8 kHz, a whole number of 160-byte frames (loadSpeechClip pads them). */
  clip: Uint8Array;
  /** Time between frames, ms: 20 is real time, 0 sends as fast as the event loop turns. */
  paceMs?: number;
  streamSid?: string;
  /** Raw text frames sent right after the `afterFrame`-th media frame (from 1). */
  inject?: { afterFrame: number; frames: string[] };
  /** How long to wait, after `stop`, for the bridge to close the call. */
  closeTimeoutMs?: number;
  /** Play what arrives at real time, as Twilio does (see the header). */
  playback?: boolean;
  /** Called as each `clear` arrives, with the samples played until then (playback only). */
  onClear?: (playedSamples: number) => void;
  /** Given the playback buffer once it exists, so a test can ask what has played at any moment. */
  onPlayback?: (buffer: PlaybackBuffer) => void;
  /** A network's misdeeds, by frame index from 0: frames never sent, sent twice, or sent after the next one. */
  disorder?: { lose?: number[]; duplicate?: number[]; swapWithNext?: number[] };
}

/** Twilio's outbound buffer: frames play back to back at 20 ms each; marks wait for the frames before them. */
export class PlaybackBuffer {
  /** Samples played before the current run of queued frames began. */
  #playedBefore = 0;
  /** When the first queued frame started (or starts) playing, ms; frames queued behind it. */
  #runStart = 0;
  #queuedFrames = 0;
  #marks: { name: string; timer: NodeJS.Timeout; at: number }[] = [];
  readonly #echo: (name: string) => void;
  /** How much later than playback reached them marks were echoed, at most (timer lateness: a loaded machine's). */
  maxEchoLateMs = 0;

  constructor(echo: (name: string) => void) {
    this.#echo = echo;
  }

  /** Samples played by `now`. */
  played(now = performance.now()): number {
    return this.#playedBefore + Math.min(this.#queuedFrames * 160, Math.max(0, Math.floor(((now - this.#runStart) * 8000) / 1000)));
  }

  frame(now = performance.now()): void {
    this.#settle(now);
    if (this.#queuedFrames === 0) this.#runStart = now;
    this.#queuedFrames++;
  }

  mark(name: string, now = performance.now()): void {
    this.#settle(now);
    const at = this.#runStart + this.#queuedFrames * 20;
    const entry = { name, at, timer: setTimeout(() => this.#reach(entry), Math.max(0, at - now)) };
    this.#marks.push(entry);
  }

  /** Drops what has not played; echoes the pending marks. Returns the samples played. */
  clear(now = performance.now()): number {
    const played = this.played(now);
    this.#playedBefore = played;
    this.#queuedFrames = 0;
    for (const entry of this.#marks.splice(0)) {
      clearTimeout(entry.timer);
      this.#echo(entry.name);
    }
    return played;
  }

  stop(): void {
    for (const entry of this.#marks.splice(0)) clearTimeout(entry.timer);
  }

  #reach(entry: { name: string; timer: NodeJS.Timeout; at: number }): void {
    const at = this.#marks.indexOf(entry);
    if (at < 0) return;
    this.#marks.splice(at, 1);
    this.maxEchoLateMs = Math.max(this.maxEchoLateMs, performance.now() - entry.at);
    this.#echo(entry.name);
  }

  /** Frames that have played out leave the queue. */
  #settle(now: number): void {
    if (this.#queuedFrames === 0) return;
    const done = Math.min(this.#queuedFrames, Math.floor((now - this.#runStart) / 20));
    this.#playedBefore += done * 160;
    this.#runStart += done * 20;
    this.#queuedFrames -= done;
  }
}

/** The bridge's messages, in arrival order; media by index into `received`. */
export type TimelineEntry = { kind: "media"; index: number } | { kind: "clear" } | { kind: "mark"; name: string };

export interface FakeTwilioResult {
  streamSid: string;
  sentFrames: number;
  /** Every outbound media payload, base64-decoded, in order. */
  received: Uint8Array[];
  marks: string[];
  clears: number;
  /** Samples played (playback only). */
  played: number;
  timeline: TimelineEntry[];
  /** Messages that were not JSON, not for this stream, or of no known event. */
  foreign: number;
  closeCode: number;
}

/** Messages the bridge must log and skip, for a call's `inject`. */
export function badMessages(streamSid: string): string[] {
  const media = (payload: string | undefined) => JSON.stringify({ event: "media", streamSid, media: { track: "inbound", payload } });
  return [
    "{ this is not JSON",
    media("****"), // the length of base64, not its alphabet
    media("AAEC=A=="), // padding in the middle
    media(undefined), // no payload at all
  ];
}

export async function runFakeTwilio(options: FakeTwilioOptions): Promise<FakeTwilioResult> {
  const { url, clip, paceMs = 20, streamSid = `MZ${Math.random().toString(16).slice(2, 18)}`, inject, closeTimeoutMs = 5000, playback, onClear, onPlayback, disorder } = options;
  if (clip.length % FRAME_BYTES !== 0) throw new RangeError(`clip must be whole ${FRAME_BYTES}-byte frames, has ${clip.length} bytes`);
  const result: FakeTwilioResult = { streamSid, sentFrames: 0, received: [], marks: [], clears: 0, played: 0, timeline: [], foreign: 0, closeCode: 0 };
  const socket = new WebSocket(url);
  let sequence = 0;
  const send = (message: Record<string, unknown>) => socket.send(JSON.stringify({ sequenceNumber: String(++sequence), ...message }));
  const echo = (name: string) => {
    if (socket.readyState === WebSocket.OPEN) send({ event: "mark", streamSid, mark: { name } });
  };
  const buffer = playback ? new PlaybackBuffer(echo) : undefined;
  if (buffer !== undefined) onPlayback?.(buffer);

  let failure: Error | undefined;
  socket.on("error", (error) => (failure = error)); // followed by close; reported if the call breaks
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  socket.on("message", (data) => {
    let message: { event?: unknown; streamSid?: unknown; media?: { payload?: unknown }; mark?: { name?: unknown } };
    try {
      message = JSON.parse(data.toString()) as typeof message;
    } catch {
      result.foreign++;
      return;
    }
    if (message.streamSid !== streamSid) {
      result.foreign++;
    } else if (message.event === "media" && typeof message.media?.payload === "string") {
      result.timeline.push({ kind: "media", index: result.received.length });
      result.received.push(new Uint8Array(Buffer.from(message.media.payload, "base64")));
      buffer?.frame();
    } else if (message.event === "clear") {
      result.timeline.push({ kind: "clear" });
      result.clears++;
      if (buffer !== undefined) onClear?.(buffer.clear());
    } else if (message.event === "mark" && typeof message.mark?.name === "string") {
      const name = message.mark.name;
      result.timeline.push({ kind: "mark", name });
      result.marks.push(name);
      if (buffer !== undefined) buffer.mark(name);
      else echo(name);
    } else {
      result.foreign++;
    }
  });

  await once(socket, "open");
  send({ event: "connected", protocol: "Call", version: "1.0.0" });
  const callSid = `CA${streamSid.slice(2)}`;
  send({
    event: "start",
    streamSid,
    start: {
      accountSid: "ACfake",
      streamSid,
      callSid,
      tracks: ["inbound"],
      customParameters: {},
      mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
    },
  });

  // The frames in the order the network delivers them (as recorded, unless `disorder` says otherwise).
  const order: number[] = [];
  for (let frame = 0; frame * FRAME_BYTES < clip.length; frame++) {
    if (disorder?.lose?.includes(frame)) continue;
    order.push(frame);
    if (disorder?.duplicate?.includes(frame)) order.push(frame);
  }
  for (const frame of disorder?.swapWithNext ?? []) {
    const at = order.indexOf(frame);
    if (at >= 0 && at + 1 < order.length) [order[at], order[at + 1]] = [order[at + 1], order[at]];
  }
  // Message k leaves at start + k·paceMs, so timer lateness does not add up.
  const started = performance.now();
  for (let k = 0; k < order.length; k++) {
    const frame = order[k];
    if (paceMs > 0) await sleep(Math.max(0, started + k * paceMs - performance.now()));
    else await new Promise<void>((resolve) => setImmediate(resolve));
    if (socket.readyState !== WebSocket.OPEN) throw new Error(`the bridge closed the call after ${k} frames${failure ? `: ${failure.message}` : ""}`);
    const payload = Buffer.from(clip.buffer, clip.byteOffset + frame * FRAME_BYTES, FRAME_BYTES).toString("base64");
    send({ event: "media", streamSid, media: { track: "inbound", chunk: String(frame + 1), timestamp: String(frame * 20), payload } });
    result.sentFrames++;
    if (inject !== undefined && inject.afterFrame === k + 1) for (const text of inject.frames) socket.send(text);
  }
  send({ event: "stop", streamSid, stop: { accountSid: "ACfake", callSid } });

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(resolve, closeTimeoutMs, "timeout")));
  const outcome = await Promise.race([closed, timeout]);
  clearTimeout(timer);
  result.played = buffer?.played() ?? 0;
  buffer?.stop();
  if (outcome === "timeout") {
    socket.terminate();
    throw new Error(`the bridge did not close the call within ${closeTimeoutMs} ms of stop`);
  }
  result.closeCode = outcome;
  return result;
}

// Run directly: BRIDGE_URL=ws://127.0.0.1:8080 [PACE_MS=20] npx tsx examples/fake-twilio-client.ts
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const clip = loadSpeechClip();
  const call = await runFakeTwilio({ url: process.env.BRIDGE_URL ?? "ws://127.0.0.1:8080", clip: clip.codes, paceMs: Number(process.env.PACE_MS ?? 20) });
  const bytes = call.received.reduce((sum, payload) => sum + payload.length, 0);
  console.log(`[fake twilio] sent ${call.sentFrames} frames; got ${call.received.length} frames (${bytes} B), ${call.marks.length} marks, ${call.clears} clears; closed ${call.closeCode}`);
}
