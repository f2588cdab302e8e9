// The resamplers bridge authors use today, wrapped for one 20 ms frame at a
// time with their cheapest streaming API (reused buffers where the API
// allows), so the comparison is against each at its best.

import { createRequire } from "node:module";
import createSpeexModule from "@echogarden/speex-resampler-wasm/simd";

const require = createRequire(import.meta.url);

interface SpeexModule {
  HEAP16: Int16Array;
  HEAPU32: Uint32Array;
  _malloc(bytes: number): number;
  _speex_resampler_init(channels: number, inRate: number, outRate: number, quality: number, errorPtr: number): number;
  _speex_resampler_process_int(state: number, channel: number, src: number, srcLength: number, dst: number, dstLength: number): number;
}

let speex: SpeexModule | undefined;

/** speexdsp's resampler (SIMD wasm build): returns a per-frame function writing into `dst`. */
export async function speexStream(from: number, to: number, quality: number, frameSamples: number): Promise<(src: Int16Array, dst: Int16Array) => number> {
  speex ??= (await (createSpeexModule as unknown as () => Promise<SpeexModule>)()) as SpeexModule;
  const m = speex;
  const errorPtr = m._malloc(4);
  const state = m._speex_resampler_init(1, from, to, quality, errorPtr);
  const outCapacity = Math.ceil((frameSamples * to) / from) + 16;
  const srcPtr = m._malloc(frameSamples * 2);
  const dstPtr = m._malloc(outCapacity * 2);
  const srcLengthPtr = m._malloc(4);
  const dstLengthPtr = m._malloc(4);
  return (src, dst) => {
    m.HEAP16.set(src, srcPtr >> 1);
    m.HEAPU32[srcLengthPtr >> 2] = src.length;
    m.HEAPU32[dstLengthPtr >> 2] = outCapacity;
    m._speex_resampler_process_int(state, 0, srcPtr, srcLengthPtr, dstPtr, dstLengthPtr);
    const produced = m.HEAPU32[dstLengthPtr >> 2];
    dst.set(m.HEAP16.subarray(dstPtr >> 1, (dstPtr >> 1) + produced));
    return produced;
  };
}

interface LibSamplerate {
  create(channels: number, from: number, to: number, options: { converterType: number }): Promise<{ full(src: Float32Array): Float32Array }>;
  ConverterType: Record<string, number>;
}

/** libsamplerate (wasm) `full` streaming API; takes and gives float32 in [-1, 1]. */
export async function libsamplerateStream(from: number, to: number, converter: string): Promise<(src: Int16Array, dst: Int16Array) => number> {
  const lib = require("@alexanderolsen/libsamplerate-js") as LibSamplerate;
  const converterState = await lib.create(1, from, to, { converterType: lib.ConverterType[converter] });
  const floats = new Float32Array(Math.round(from / 50));
  return (src, dst) => {
    for (let i = 0; i < src.length; i++) floats[i] = src[i] / 32768;
    const out = converterState.full(floats.subarray(0, src.length));
    for (let i = 0; i < out.length; i++) dst[i] = Math.max(-32768, Math.min(32767, Math.round(out[i] * 32768)));
    return out.length;
  };
}

/** wave-resampler: no streaming API, so each frame is resampled on its own (what its users do). */
export function waveResamplerFrame(from: number, to: number): (src: Int16Array, dst: Int16Array) => number {
  const { resample } = require("wave-resampler") as { resample(samples: ArrayLike<number>, from: number, to: number, details?: object): ArrayLike<number> };
  return (src, dst) => {
    const out = resample(src, from, to);
    for (let i = 0; i < out.length; i++) dst[i] = Math.max(-32768, Math.min(32767, Math.round(out[i])));
    return out.length;
  };
}
