// A call's recording as each party heard it: a stereo WAV, left = the caller,
// right = the agent as played on the phone; both on one clock, the call's.
//
// The axis is call samples at 8 kHz, sample 0 = the stream's start
// (`startedAt` on the clock). Left: the payloads InboundTimeline releases,
// back to back (the timeline already fills gaps and orders frames by their
// timestamps). Right: each media frame Playout hands out is played by the
// phone right after what it still holds, or when it arrives if idle: frame
// start = max(sent at, end of the frames before) — the model Playout's clock
// estimate uses. So a burst the model streams faster than real time lands
// where the phone played it, not when it arrived. Audio scheduled past "now"
// is held, not written: interrupt() (the bridge sent `clear`) drops what had
// not played by then. The file is written up to min(now, the left channel's
// end); close() pads the caller's side with silence to the call's end.
//
// Memory: agent audio waits for the caller's side to reach it (Twilio sends
// audio continuously, silence included); an unpaced burst of N s holds
// 2 × 16 kB a second until played.
//
// Not modelled: network latency. Left is placed by the provider's timestamps,
// right by when the bridge sent; the agent shows early by about the round trip
// to the provider (tens of ms). The truncation Playout tells the model (by
// marks) can be earlier than what the recording keeps by up to one mark
// interval: marks say what surely played, the recording what the phone's
// clock played.

import { checkOptions, isBytes } from "./_arguments.js";
import { Base64Buffer, base64Length } from "./_base64.js";
import { alawDecode, alawEncode, ulawDecode, ulawEncode } from "./g711.js";
import type { Outbound } from "./playout.js";
import type { Clock } from "./pacer.js";
import { G711_RATE } from "./_rates.js";
import { Resampler } from "./resampler.js";
import { WavWriter, type WavSink } from "./wav-writer.js";

export interface CallRecorderOptions {
  /** The file's rate: 8000 (the default, the call's own) or 16000 (upsampled, for wideband players and ASR). */
  rate?: 8000 | 16000;
  /** The file's encoding: "pcm16" (the default), "ulaw" or "alaw". */
  encoding?: "pcm16" | "ulaw" | "alaw";
  /** 2 (the default): left caller, right agent. 1: both mixed, with saturation. */
  channels?: 1 | 2;
  /** The call's G.711 law, both directions: "ulaw" (the default, Twilio) or "alaw". */
  codec?: "ulaw" | "alaw";
  /** ms on a monotonic scale, the same as Playout's; `performance.now` by default. */
  clock?: Clock;
  /** When the stream started (its sample 0), ms on `clock`; now when omitted. */
  startedAt?: number;
}

/** What one barge-in took out of the recording. */
export interface RecordedInterruption {
  /** Where it shows in the recording, ms from its start. */
  atMs: number;
  /** Agent samples (8 kHz) that were sent but never played: not in the recording. */
  droppedSamples: number;
}

function describe(value: unknown): string {
  return value === null ? "null" : typeof value;
}

/**
 * Records one call.
 * @example
 *   const recorder = new CallRecorder(fileSink(fs, fs.openSync(`${streamSid}.wav`, "w")));  // at Twilio "start"
 *   for (const payload of timeline.push(msg.media)) { recorder.inbound(payload); ... }
 *   const out = playout.take(); recorder.outbound(out); for (const m of out) twilio.send(...);
 *   // barge-in, when sending clear:   recorder.interrupt();
 *   // Twilio "stop":                  for (const p of timeline.flush()) recorder.inbound(p); await recorder.close();
 */
export class CallRecorder {
  readonly rate: number;
  readonly channels: 1 | 2;
  readonly encoding: "pcm16" | "ulaw" | "alaw";
  readonly startedAt: number;
  readonly #clock: Clock;
  readonly #writer: WavWriter;
  /** G.711 code → PCM16: a 256-entry table (made by ulawDecode / alawDecode) beats a wasm call per 160 bytes. */
  readonly #table: Int16Array;
  readonly #encode: typeof ulawEncode | undefined;
  readonly #up: [Resampler, Resampler] | undefined;
  /** Output samples of the upsampler's delay still to drop, per channel. */
  #skip = 0;
  readonly #base64 = new Base64Buffer(320);
  /** Call samples not yet written, from `#written` on: PCM16 at 8 kHz, silence (0) where nothing is placed. */
  #left = new Int16Array(8192);
  #right = new Int16Array(8192);
  #written = 0;
  #leftEnd = 0;
  #rightEnd = 0;
  #closed = false;
  #interruptions: RecordedInterruption[] = [];
  #stereo: Int16Array = new Int16Array(0);
  /** G.711 output scratch. */
  #codes8: Uint8Array = new Uint8Array(0);
  /** Mono mixdown scratch. */
  #mix: Int16Array = new Int16Array(0);
  /** Upsampler output scratch, per channel. */
  #upOut: Int16Array[] = [new Int16Array(0), new Int16Array(0)];
  /** Upsampled samples written, per channel. */
  #upWritten = 0;

  /** @throws TypeError / RangeError naming the sink or option; the WAV header is written at once. */
  constructor(sink: WavSink, options?: CallRecorderOptions) {
    const given = checkOptions(options) as CallRecorderOptions;
    const rate = given.rate ?? 8000;
    if (rate !== 8000 && rate !== 16000) throw new RangeError(`rate must be 8000 or 16000, got ${String(rate)}`);
    const channels = given.channels ?? 2;
    if (channels !== 1 && channels !== 2) throw new RangeError(`channels must be 1 or 2, got ${String(channels)}`);
    const codec = given.codec ?? "ulaw";
    if (codec !== "ulaw" && codec !== "alaw") throw new RangeError(`codec must be "ulaw" or "alaw", got ${String(codec)}`);
    if (given.clock !== undefined && typeof given.clock !== "function") throw new TypeError(`clock must be a function returning ms, got ${describe(given.clock)}`);
    this.#clock = given.clock ?? (() => performance.now());
    const startedAt = given.startedAt ?? this.#clock();
    if (typeof startedAt !== "number" || !Number.isFinite(startedAt)) throw new TypeError(`startedAt must be a finite number of ms, got ${String(startedAt)}`);
    this.startedAt = startedAt;
    this.#writer = new WavWriter(sink, { rate, channels, encoding: given.encoding });
    this.rate = rate;
    this.channels = channels;
    this.encoding = this.#writer.encoding;
    this.#table = (codec === "ulaw" ? ulawDecode : alawDecode)(Uint8Array.from({ length: 256 }, (_, i) => i));
    this.#encode = this.encoding === "ulaw" ? ulawEncode : this.encoding === "alaw" ? alawEncode : undefined;
    if (rate !== G711_RATE) {
      const make = () => new Resampler({ from: G711_RATE, to: rate });
      this.#up = [make(), make()];
      this.#skip = Math.round(this.#up[0].delay);
    }
  }

  /** Call samples (8 kHz) in the file so far. */
  get writtenSamples(): number {
    return this.#written;
  }

  /** The barge-ins so far, where they show. */
  get interruptions(): readonly RecordedInterruption[] {
    return this.#interruptions;
  }

  /**
   * The caller's audio: one payload InboundTimeline released (base64 text or
   * G.711 codes), in the order released.
   * @throws TypeError naming payload; Error once closed, or the sink's error.
   */
  inbound(payload: string | Uint8Array, now: number = this.#clock()): void {
    this.#checkOpen();
    const codes = this.#codes(payload, "payload");
    const at = this.#leftEnd - this.#written;
    this.#room(at + codes.length);
    this.#place(codes, this.#left, at);
    this.#leftEnd += codes.length;
    this.#drain(this.#sample(now));
  }

  /**
   * The agent's audio: what Playout.take() returned, as it is sent to the
   * phone at `now` (marks are ignored).
   * @throws TypeError naming a message's payload; Error once closed, or the sink's error.
   */
  outbound(messages: readonly Outbound[], now: number = this.#clock()): void {
    this.#checkOpen();
    if (!Array.isArray(messages)) throw new TypeError(`messages must be the array Playout.take() returned, got ${describe(messages)}`);
    const nowSample = this.#sample(now);
    for (const message of messages) {
      if (message.type !== "media") continue;
      const codes = this.#codes(message.payload, "message payload");
      const start = Math.max(nowSample, this.#rightEnd);
      const at = start - this.#written;
      this.#room(at + codes.length);
      this.#place(codes, this.#right, at);
      this.#rightEnd = start + codes.length;
    }
    this.#drain(nowSample);
  }

  /**
   * Barge-in: the bridge sends the phone `clear` at `now`. Agent audio
   * scheduled from then on was never played and leaves the recording.
   */
  interrupt(now: number = this.#clock()): RecordedInterruption {
    this.#checkOpen();
    const cut = this.#sample(now);
    const dropped = Math.max(0, this.#rightEnd - cut);
    if (dropped > 0) this.#right.fill(0, cut - this.#written, this.#rightEnd - this.#written);
    this.#rightEnd = Math.min(this.#rightEnd, cut);
    const result = { atMs: (cut * 1000) / G711_RATE, droppedSamples: dropped };
    this.#interruptions.push(result);
    this.#drain(cut);
    return result;
  }

  /**
   * The call ended at `now` (Twilio "stop"; flush the timeline into
   * inbound() first). Writes the rest: the caller's side padded with silence
   * to the call's end, agent audio after it dropped; then closes the file.
   * @returns the recording's length, ms.
   */
  async close(now: number = this.#clock()): Promise<number> {
    if (this.#closed) return (this.#written * 1000) / G711_RATE;
    const end = Math.max(this.#sample(now), this.#leftEnd);
    this.#room(end - this.#written);
    if (this.#rightEnd > end) this.#right.fill(0, end - this.#written, this.#rightEnd - this.#written);
    this.#leftEnd = end;
    this.#rightEnd = Math.min(this.#rightEnd, end);
    try {
      this.#drain(end, true);
    } finally {
      this.#closed = true;
      this.#up?.forEach((r) => r.dispose());
      await this.#writer.close();
    }
    return (this.#written * 1000) / G711_RATE;
  }

  #place(codes: Uint8Array, side: Int16Array, at: number): void {
    const table = this.#table;
    for (let i = 0; i < codes.length; i++) side[at + i] = table[codes[i]];
  }

  #checkOpen(): void {
    if (this.#closed) throw new Error("this CallRecorder is closed: create one per call");
  }

  /** `now` as a call sample, never before what is written (a clock cannot take back audio). */
  #sample(now: number): number {
    if (typeof now !== "number" || Number.isNaN(now)) throw new TypeError(`now must be ms on the clock, got ${describe(now)}`);
    return Math.max(this.#written, Math.round(((now - this.startedAt) * G711_RATE) / 1000));
  }

  #codes(payload: unknown, name: string): Uint8Array {
    if (typeof payload === "string") {
      const length = base64Length(payload, name);
      this.#base64.reserve(length, 0);
      this.#base64.decode(payload, 0, length, name);
      return this.#base64.range(0, length);
    }
    if (!isBytes(payload)) throw new TypeError(`${name} must be base64 text or a Uint8Array of G.711 codes, got ${describe(payload)}`);
    return payload;
  }

  /** Room for `samples` unwritten call samples in both channels. */
  #room(samples: number): void {
    if (samples <= this.#left.length) return;
    const size = Math.max(samples, 2 * this.#left.length);
    for (const side of ["left", "right"] as const) {
      const grown = new Int16Array(size);
      grown.set(side === "left" ? this.#left : this.#right);
      if (side === "left") this.#left = grown;
      else this.#right = grown;
    }
  }

  /** Writes call samples up to `until` (at most: neither side may still change there). */
  #drain(until: number, final = false): void {
    const end = Math.min(until, this.#leftEnd);
    const count = Math.max(0, end - this.#written);
    if (count === 0 && !final) return;
    const left = this.#left.subarray(0, count);
    const right = this.#right.subarray(0, count);
    let out: Int16Array;
    if (this.channels === 1) {
      const mix = this.#scratch(count);
      for (let i = 0; i < count; i++) {
        const sum = left[i] + right[i];
        mix[i] = sum > 32767 ? 32767 : sum < -32768 ? -32768 : sum;
      }
      out = this.#up === undefined ? mix : this.#upsample([mix], end, final)[0];
    } else if (this.#up !== undefined) {
      const [l, r] = this.#upsample([left, right], end, final);
      out = this.#interleave(l, r);
    } else {
      out = this.#interleave(left, right);
    }
    if (count > 0) {
      // Slide the unwritten rest to the front; what it leaves behind is silence again.
      const rest = Math.max(0, Math.max(this.#leftEnd, this.#rightEnd) - end);
      this.#left.copyWithin(0, count, count + rest);
      this.#left.fill(0, rest, rest + count);
      this.#right.copyWithin(0, count, count + rest);
      this.#right.fill(0, rest, rest + count);
      this.#written = end;
    }
    if (out.length === 0) return;
    if (this.#encode !== undefined && this.#codes8.length < out.length) this.#codes8 = new Uint8Array(Math.max(out.length, 2 * this.#codes8.length));
    const result = this.#writer.write(this.#encode === undefined ? out : this.#encode(out, this.#codes8.subarray(0, out.length)));
    // An async sink's failure is reported by close(); the call goes on.
    if (result !== undefined) result.catch(() => undefined);
  }

  #scratch(count: number): Int16Array {
    if (this.#mix.length < count) this.#mix = new Int16Array(Math.max(count, 2 * this.#mix.length));
    return this.#mix.subarray(0, count);
  }

  /** Into a reused array: the writer copies what it is given. */
  #interleave(left: Int16Array, right: Int16Array): Int16Array {
    if (this.#stereo.length < 2 * left.length) this.#stereo = new Int16Array(Math.max(2 * left.length, 2 * this.#stereo.length));
    const out = this.#stereo.subarray(0, 2 * left.length);
    for (let i = 0; i < left.length; i++) {
      out[2 * i] = left[i];
      out[2 * i + 1] = right[i];
    }
    return out;
  }

  /**
   * 8 → 16 kHz, each channel by its own resampler; the filter's delay is
   * taken off the front and its tail flushed at the end, so the samples stay
   * on the call's clock and the file holds exactly 2 × the call's samples.
   */
  #upsample(channels: Int16Array[], end: number, final: boolean): Int16Array[] {
    const outs = channels.map((samples, i) => {
      const up = this.#up![i];
      const needed = up.outputLength(samples.length);
      if (this.#upOut[i].length < needed) this.#upOut[i] = new Int16Array(Math.max(needed, 2 * this.#upOut[i].length));
      const out = up.process(samples, this.#upOut[i].subarray(0, needed));
      if (!final) return out;
      const tail = this.#up![i].flush();
      const joined = new Int16Array(out.length + tail.length);
      joined.set(out);
      joined.set(tail, out.length);
      return joined;
    });
    const skip = Math.min(this.#skip, outs[0].length);
    this.#skip -= skip;
    let n = outs[0].length - skip;
    if (final) n = Math.min(n, 2 * end - this.#upWritten);
    this.#upWritten += n;
    return outs.map((out) => out.subarray(skip, skip + n));
  }
}
