// Message-level helpers for a Twilio Media Streams ⇄ OpenAI Realtime bridge:
// base64 in, base64 out, 20 ms framing toward Twilio.

import { base64Length, Base64Buffer } from "./_base64.js";
import { AlawToPcm16, Pcm16ToAlaw, Pcm16ToUlaw, UlawToPcm16 } from "./g711-streams.js";
import { checkLive, disposeSymbol } from "./_life-cycle.js";
import type { Quality } from "./_quality.js";
import { checkPair, checkRate } from "./_rates.js";

/** G.711 law of the phone side. */
export type Codec = "ulaw" | "alaw";

export interface MessageOptions {
  /** PCM16 rate on the model side, Hz; 24000 (OpenAI Realtime) when omitted. */
  rate?: number;
  /** G.711 law on the phone side; 'ulaw' (Twilio's default) when omitted. */
  codec?: Codec;
  quality?: Quality;
}

/** Bytes whose base64 still fits in a JS string (V8's limit, 2^29 − 24 characters). */
const MAX_BASE64_BYTES = Math.floor((2 ** 29 - 24) / 4) * 3;

/** Twilio frames: 20 ms at 8 kHz, one byte a sample. */
export const FRAME_BYTES = 160;

/** The code G.711 transmits for silence (0 after decoding): μ-law 0xFF, A-law 0xD5. */
const SILENCE: Record<Codec, number> = { ulaw: 0xff, alaw: 0xd5 };

function checkMessageOptions(options: unknown): { rate: number; codec: Codec; quality?: Quality } {
  if (options === undefined) return { rate: 24000, codec: "ulaw" };
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  const { rate = 24000, codec = "ulaw", quality } = options as MessageOptions;
  if (codec !== "ulaw" && codec !== "alaw") {
    const message = `codec must be 'ulaw' or 'alaw', got ${typeof codec === "string" ? `'${codec}'` : String(codec)}`;
    throw typeof codec === "string" ? new RangeError(message) : new TypeError(message);
  }
  checkPair(checkRate(rate, "rate"), 8000);
  return { rate, codec, quality };
}

/**
 * Twilio → model: a `media.payload` (base64 G.711, 8 kHz) in, base64 PCM16LE
 * at `rate` out, ready for Realtime's `input_audio_buffer.append`.
 * @example
 *   const inbound = new TwilioToRealtime();
 *   realtime.send(JSON.stringify({ type: "input_audio_buffer.append", audio: inbound.push(msg.media.payload) }));
 */
export class TwilioToRealtime {
  readonly rate: number;
  readonly codec: Codec;
  readonly #decoder: UlawToPcm16 | AlawToPcm16;
  readonly #codes = new Base64Buffer(FRAME_BYTES);
  readonly #pcm = new Base64Buffer(FRAME_BYTES * 6 * 2);
  /** Whether a sample went in since the start or the last flush: flushing nothing gives nothing. */
  #fed = false;

  constructor(options?: MessageOptions) {
    const { rate, codec, quality } = checkMessageOptions(options);
    this.#decoder = codec === "ulaw" ? new UlawToPcm16({ to: rate, quality }) : new AlawToPcm16({ to: rate, quality });
    this.rate = rate;
    this.codec = codec;
  }

  /** Output samples by which the audio lags (at `rate`). */
  get delay(): number {
    return this.#decoder.delay;
  }

  /**
   * @param payload base64 G.711 codes, any length.
   * @returns base64 PCM16LE at `rate`; "" when the payload completes no sample.
   * @throws TypeError naming `payload` if it is not base64 (nothing is consumed).
   */
  push(payload: string): string {
    checkLive(this.#decoder.disposed, "TwilioToRealtime");
    const count = base64Length(payload, "payload");
    const samples = this.#decoder.outputLength(count);
    if (2 * samples > MAX_BASE64_BYTES) {
      throw new RangeError(`payload is too long: its ${2 * samples} bytes of PCM16 would not fit in one base64 string; send it in pieces`);
    }
    this.#codes.reserve(count, 0);
    this.#codes.decode(payload, 0, count, "payload");
    this.#pcm.reserve(2 * samples, 0);
    this.#decoder.process(this.#codes.range(0, count), this.#pcm.samples(samples));
    if (count > 0) this.#fed = true;
    return this.#pcm.encode(0, 2 * samples);
  }

  /**
   * The filter's tail as base64 PCM16LE (end of call); "" when no payload
   * came since the start or the last flush. The stream is then as new.
   */
  flush(): string {
    checkLive(this.#decoder.disposed, "TwilioToRealtime");
    if (!this.#fed) return "";
    this.#fed = false;
    const count = Math.ceil(this.#decoder.delay);
    this.#pcm.reserve(2 * count, 0);
    this.#decoder.flush(this.#pcm.samples(count));
    return this.#pcm.encode(0, 2 * count);
  }

  dispose(): void {
    this.#decoder.dispose();
  }

  [disposeSymbol](): void {
    this.dispose();
  }
}

/**
 * Model → Twilio: Realtime audio deltas (base64 PCM16LE at `rate`, any size,
 * odd byte counts included) in, whole 20 ms Twilio frames (160 bytes of G.711,
 * base64) out. What does not fill a frame waits for the next delta.
 * @example
 *   const outbound = new RealtimeToTwilio();
 *   for (const payload of outbound.push(event.delta)) twilio.send(JSON.stringify({ event: "media", streamSid, media: { payload } }));
 */
export class RealtimeToTwilio {
  readonly rate: number;
  readonly codec: Codec;
  readonly #encoder: Pcm16ToUlaw | Pcm16ToAlaw;
  readonly #silence: number;
  /** Decoded delta bytes, preceded by the odd byte carried from the last delta. */
  readonly #pcm = new Base64Buffer(4096);
  #carried = -1;
  /** Codes waiting to fill a frame, then the frames being encoded. */
  readonly #frames = new Base64Buffer(4 * FRAME_BYTES);
  #waiting = 0;
  /** Whether a sample went in since the start, the last flush or clear: flushing nothing gives nothing. */
  #fed = false;

  constructor(options?: MessageOptions) {
    const { rate, codec, quality } = checkMessageOptions(options);
    this.#encoder = codec === "ulaw" ? new Pcm16ToUlaw({ from: rate, quality }) : new Pcm16ToAlaw({ from: rate, quality });
    this.#silence = SILENCE[codec];
    this.rate = rate;
    this.codec = codec;
  }

  /** Output samples (at 8 kHz) by which the audio lags. */
  get delay(): number {
    return this.#encoder.delay;
  }

  /** Codes encoded but not yet sent (less than one frame). */
  get buffered(): number {
    return this.#waiting;
  }

  /**
   * @param delta base64 PCM16LE at `rate`, any number of bytes.
   * @returns the whole frames it completes, base64, 160 codes each (maybe none).
   * @throws TypeError naming `delta` if it is not base64: nothing is appended.
   */
  push(delta: string): string[] {
    checkLive(this.#encoder.disposed, "RealtimeToTwilio");
    const length = base64Length(delta, "delta");
    const carried = this.#carried >= 0 ? 1 : 0;
    const total = carried + length;
    this.#pcm.reserve(total, 0);
    this.#pcm.decode(delta, carried, length, "delta");
    if (carried) this.#pcm.bytes[0] = this.#carried;
    const whole = total & ~1;
    this.#carried = whole < total ? this.#pcm.bytes[total - 1] : -1;
    if (whole > 0) this.#fed = true;
    return this.#encode(this.#pcm.range(0, whole));
  }

  /**
   * End of the model's audio: the filter's tail, and the last partial frame
   * padded with silence (0xFF μ-law, 0xD5 A-law). A carried odd byte (half a
   * sample) is dropped. With no sample pushed since the start, the last
   * flush or clear, there is nothing to end: []. The stream is then as new.
   */
  flush(): string[] {
    checkLive(this.#encoder.disposed, "RealtimeToTwilio");
    this.#carried = -1;
    if (!this.#fed) return [];
    this.#fed = false;
    return this.#encode(undefined);
  }

  /** Barge-in: drops everything buffered (codes, odd byte, filter history). */
  clear(): void {
    checkLive(this.#encoder.disposed, "RealtimeToTwilio");
    this.#carried = -1;
    this.#waiting = 0;
    this.#fed = false;
    this.#encoder.reset();
  }

  dispose(): void {
    this.#encoder.dispose();
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  /** Encodes `pcm` into the waiting frames, or, without it (the end), the filter's tail padded to a whole frame. */
  #encode(pcm: Uint8Array | undefined): string[] {
    const final = pcm === undefined;
    const added = pcm === undefined ? Math.ceil(this.#encoder.delay) : this.#encoder.outputLength(pcm.length >> 1);
    let end = this.#waiting + added;
    const padded = final ? Math.ceil(end / FRAME_BYTES) * FRAME_BYTES : end;
    this.#frames.reserve(padded, this.#waiting);
    const target = this.#frames.range(this.#waiting, end);
    if (pcm === undefined) this.#encoder.flush(target);
    else this.#encoder.process(pcm, target);
    if (final) {
      this.#frames.bytes.fill(this.#silence, end, padded);
      end = padded;
    }
    const frames: string[] = [];
    let start = 0;
    for (; start + FRAME_BYTES <= end; start += FRAME_BYTES) frames.push(this.#frames.encode(start, start + FRAME_BYTES));
    this.#frames.bytes.copyWithin(0, start, end);
    this.#waiting = end - start;
    return frames;
  }
}
