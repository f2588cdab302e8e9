// The bridge's two conversions as one wasm call per chunk each: G.711 at
// 8 kHz decoded straight into the resampler (UlawToPcm16, AlawToPcm16), or
// resampled straight into the encoder (Pcm16ToUlaw, Pcm16ToAlaw). Output is
// identical, bit for bit, to decode-then-Resampler (or Resampler-then-encode).

import { checkBytes, checkOptions, checkPcm16 } from "./_arguments.js";
import { SampleFormat } from "./_kernels.js";
import { codesTarget, samplesTarget } from "./_output-arrays.js";
import { checkQuality, type Quality } from "./_quality.js";
import { checkPair, checkRate, G711_RATE } from "./_rates.js";
import { StreamOwner } from "./_stream.js";

/** The PCM16 side's rate when the option is omitted: OpenAI Realtime's. */
const DEFAULT_PCM_RATE = 24000;

export interface DecoderOptions {
  /** PCM16 output rate in Hz; 24000 (OpenAI Realtime) when omitted. */
  to?: number;
  quality?: Quality;
}

export interface EncoderOptions {
  /** PCM16 input rate in Hz; 24000 (OpenAI Realtime) when omitted. */
  from?: number;
  quality?: Quality;
}

/** G.711 codes at 8 kHz in, PCM16 at `to` out. */
abstract class G711Decoder extends StreamOwner {
  readonly to: number;
  readonly quality: Quality;

  constructor(options: DecoderOptions | undefined, format: SampleFormat) {
    const given = checkOptions(options);
    // Only an omitted option takes the default: null is a TypeError.
    const to = checkRate(given.to === undefined ? DEFAULT_PCM_RATE : given.to, "to");
    checkPair(G711_RATE, to);
    const quality = checkQuality(given.quality, "quality");
    super(G711_RATE, to, quality, format, SampleFormat.Pcm16);
    this.to = to;
    this.quality = quality;
  }

  /**
   * Decodes and resamples the next chunk of codes (one byte a sample).
   * `dst`, `flush`, `reset`, `dispose` and the errors as for Resampler.
   */
  process<B extends ArrayBufferLike = ArrayBuffer>(src: Uint8Array, dst?: Int16Array<B>): Int16Array<B> {
    this.checkLive();
    checkBytes(src, "src");
    const out = samplesTarget(dst, this.stream.outputLength(src.length));
    this.stream.process(src, src.length, out);
    return out;
  }

  flush<B extends ArrayBufferLike = ArrayBuffer>(dst?: Int16Array<B>): Int16Array<B> {
    this.checkLive();
    const out = samplesTarget(dst, Math.ceil(this.delay));
    this.stream.flush(out);
    return out;
  }
}

/** PCM16 at `from` in, G.711 codes at 8 kHz out. */
abstract class G711Encoder extends StreamOwner {
  readonly from: number;
  readonly quality: Quality;

  constructor(options: EncoderOptions | undefined, format: SampleFormat) {
    const given = checkOptions(options);
    const from = checkRate(given.from === undefined ? DEFAULT_PCM_RATE : given.from, "from");
    checkPair(from, G711_RATE);
    const quality = checkQuality(given.quality, "quality");
    super(from, G711_RATE, quality, SampleFormat.Pcm16, format);
    this.from = from;
    this.quality = quality;
  }

  /**
   * Resamples and encodes the next chunk: an Int16Array, or PCM16
   * little-endian bytes at any byteOffset (an even count). Returns codes.
   */
  process<B extends ArrayBufferLike = ArrayBuffer>(src: Int16Array | Uint8Array, dst?: Uint8Array<B>): Uint8Array<B> {
    this.checkLive();
    const count = checkPcm16(src, "src");
    const out = codesTarget(dst, this.stream.outputLength(count));
    this.stream.process(src, count, out);
    return out;
  }

  flush<B extends ArrayBufferLike = ArrayBuffer>(dst?: Uint8Array<B>): Uint8Array<B> {
    this.checkLive();
    const out = codesTarget(dst, Math.ceil(this.delay));
    this.stream.flush(out);
    return out;
  }
}

/**
 * μ-law 8 kHz (Twilio Media Streams) in, PCM16 at `to` (default 24000, OpenAI
 * Realtime) out: decode and resample in one wasm call per chunk.
 * @example
 *   const inbound = new UlawToPcm16();           // 8k μ-law → 24k PCM16
 *   const pcm = new Int16Array(480);
 *   inbound.process(codes160, pcm);
 */
export class UlawToPcm16 extends G711Decoder {
  constructor(options?: DecoderOptions) {
    super(options, SampleFormat.Ulaw);
  }
}

/** A-law 8 kHz in, PCM16 at `to` out. As {@link UlawToPcm16}. */
export class AlawToPcm16 extends G711Decoder {
  constructor(options?: DecoderOptions) {
    super(options, SampleFormat.Alaw);
  }
}

/**
 * PCM16 at `from` (default 24000) in, μ-law 8 kHz out: resample and encode
 * in one wasm call per chunk.
 */
export class Pcm16ToUlaw extends G711Encoder {
  constructor(options?: EncoderOptions) {
    super(options, SampleFormat.Ulaw);
  }
}

/** PCM16 at `from` in, A-law 8 kHz out. As {@link Pcm16ToUlaw}. */
export class Pcm16ToAlaw extends G711Encoder {
  constructor(options?: EncoderOptions) {
    super(options, SampleFormat.Alaw);
  }
}
