// The public streaming resampler: PCM16 in, PCM16 out.

import { checkPcm16 } from "./_arguments.js";
import { SampleFormat } from "./_kernels.js";
import { samplesTarget } from "./_output-arrays.js";
import { checkQuality, type Quality } from "./_quality.js";
import { checkPair, checkRate } from "./_rates.js";
import { StreamOwner } from "./_stream.js";

export type { Quality };

export interface ResamplerOptions {
  /** Input rate in Hz. */
  from: number;
  /** Output rate in Hz. */
  to: number;
  /** Filter preset; `voice` when omitted. */
  quality?: Quality;
}

/** `options` must be an object; returns its checked rates and quality. */
function checkResamplerOptions(options: unknown): { from: number; to: number; quality: Quality } {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("options must be an object");
  }
  const given = options as { from?: unknown; to?: unknown; quality?: unknown };
  const from = checkRate(given.from, "from");
  const to = checkRate(given.to, "to");
  checkPair(from, to);
  return { from, to, quality: checkQuality(given.quality, "quality") };
}

/**
 * Converts a stream of PCM16 mono samples from one rate to another with a
 * polyphase FIR.
 *
 * - After every call, outputs so far number exactly `floor(inputsSoFar × to / from)`
 *   (8k→24k: 160 in, 480 out; 24k→8k: 1001 in, 333 out, the rest next time).
 * - Any split of the input into chunks gives the same samples, bit for bit.
 * - `delay`: output samples by which the output lags the input (group delay).
 * - `flush()`: the last `ceil(delay)` samples the filter still holds; call it
 *   at the end of a stream or they are lost. The stream is then as new.
 *
 * @example
 *   const up = new Resampler({ from: 8000, to: 24000 });
 *   const out = new Int16Array(480);
 *   up.process(frame160, out); // 480 samples, no allocation
 */
export class Resampler extends StreamOwner {
  readonly from: number;
  readonly to: number;
  readonly quality: Quality;

  /**
   * @throws TypeError if `options` is not an object or a rate is not a number;
   *   RangeError for an unsupported rate or pair (the message names both) or
   *   an unknown `quality`; Error before `init()`.
   */
  constructor(options: ResamplerOptions) {
    const { from, to, quality } = checkResamplerOptions(options);
    super(from, to, quality, SampleFormat.Pcm16, SampleFormat.Pcm16);
    this.from = from;
    this.to = to;
    this.quality = quality;
  }

  /**
   * Resamples the next chunk of the stream.
   *
   * @param src PCM16 samples: an Int16Array, or little-endian bytes in a
   *   Uint8Array at any byteOffset (an even count).
   * @param dst where to write; needs `outputLength(samples)` room. Omitted, a
   *   new array. With `dst`, nothing is allocated; the result is `dst` when
   *   exactly filled, else a view of its first samples.
   * @throws TypeError/RangeError naming `src` or `dst`; Error after dispose().
   *   A rejected call changes nothing: the stream goes on as if it never happened.
   */
  process<B extends ArrayBufferLike = ArrayBuffer>(src: Int16Array | Uint8Array, dst?: Int16Array<B>): Int16Array<B> {
    this.checkLive();
    const count = checkPcm16(src, "src");
    const out = samplesTarget(dst, this.stream.outputLength(count));
    this.stream.process(src, count, out);
    return out;
  }

  /**
   * Drains the filter: the `ceil(delay)` output samples still held, as if
   * silence followed the input. The stream is then as new (like `reset()`).
   *
   * @param dst where to write; needs `ceil(delay)` room. Omitted, a new array.
   */
  flush<B extends ArrayBufferLike = ArrayBuffer>(dst?: Int16Array<B>): Int16Array<B> {
    this.checkLive();
    const out = samplesTarget(dst, Math.ceil(this.delay));
    this.stream.flush(out);
    return out;
  }
}
