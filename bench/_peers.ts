// The resamplers bridge authors use today, wrapped for one 20 ms frame at a
// time with their cheapest streaming API (reused buffers where the API
// allows), so the comparison is against each at its best.

import { createRequire } from "node:module";
import createSpeexModule from "@echogarden/speex-resampler-wasm/simd";
import { AudioFrame, AudioResampler, type AudioResamplerQuality } from "@livekit/rtc-node";
import type { Subject } from "./_measure.js";

const require = createRequire(import.meta.url);

interface SpeexModule {
  HEAP16: Int16Array;
  HEAPU32: Uint32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _speex_resampler_destroy(state: number): void;
  _speex_resampler_get_output_latency(state: number): number;
  _speex_resampler_init(channels: number, inRate: number, outRate: number, quality: number, errorPtr: number): number;
  _speex_resampler_process_int(state: number, channel: number, src: number, srcLength: number, dst: number, dstLength: number): number;
}

let speex: SpeexModule | undefined;

async function loadSpeex(): Promise<SpeexModule> {
  speex ??= (await (createSpeexModule as unknown as () => Promise<SpeexModule>)()) as SpeexModule;
  return speex;
}

/** One speexdsp resampler state with reused in/out buffers in the wasm heap. */
function openSpeex(m: SpeexModule, from: number, to: number, quality: number, frameSamples: number) {
  const errorPtr = m._malloc(4);
  const state = m._speex_resampler_init(1, from, to, quality, errorPtr);
  const outCapacity = Math.ceil((frameSamples * to) / from) + 16;
  const srcPtr = m._malloc(frameSamples * 2);
  const dstPtr = m._malloc(outCapacity * 2);
  const srcLengthPtr = m._malloc(4);
  const dstLengthPtr = m._malloc(4);
  return {
    process(src: Int16Array, dst: Int16Array): number {
      m.HEAP16.set(src, srcPtr >> 1);
      m.HEAPU32[srcLengthPtr >> 2] = src.length;
      m.HEAPU32[dstLengthPtr >> 2] = outCapacity;
      m._speex_resampler_process_int(state, 0, srcPtr, srcLengthPtr, dstPtr, dstLengthPtr);
      const produced = m.HEAPU32[dstLengthPtr >> 2];
      dst.set(m.HEAP16.subarray(dstPtr >> 1, (dstPtr >> 1) + produced));
      return produced;
    },
    /** speex_resampler_get_output_latency: its delay in output samples. */
    latency: () => m._speex_resampler_get_output_latency(state),
    dispose() {
      m._speex_resampler_destroy(state);
      for (const pointer of [errorPtr, srcPtr, dstPtr, srcLengthPtr, dstLengthPtr]) m._free(pointer);
    },
  };
}

/** speexdsp's resampler (SIMD wasm build): returns a per-frame function writing into `dst`. */
export async function speexStream(from: number, to: number, quality: number, frameSamples: number): Promise<(src: Int16Array, dst: Int16Array) => number> {
  return openSpeex(await loadSpeex(), from, to, quality, frameSamples).process;
}

/** speexdsp at `quality` for bench/_measure.ts (20 ms chunks; no flush, as its users stream it). */
export async function speexSubject(from: number, to: number, quality: number): Promise<Subject> {
  const m = await loadSpeex();
  const probe = openSpeex(m, from, to, quality, from / 50);
  const reportedDelay = probe.latency();
  probe.dispose();
  return { reportedDelay, open: () => openSpeex(m, from, to, quality, from / 50) };
}

interface LibSamplerate {
  create(channels: number, from: number, to: number, options: { converterType: number }): Promise<Converter>;
  ConverterType: Record<string, number>;
}

interface Converter {
  full(src: Float32Array): Float32Array;
  converterType: number;
}

function lsrFrames(converterState: Converter, from: number): (src: Int16Array, dst: Int16Array) => number {
  const floats = new Float32Array(Math.round(from / 50));
  return (src, dst) => {
    for (let i = 0; i < src.length; i++) floats[i] = src[i] / 32768;
    const out = converterState.full(floats.subarray(0, src.length));
    for (let i = 0; i < out.length; i++) dst[i] = Math.max(-32768, Math.min(32767, Math.round(out[i] * 32768)));
    return out.length;
  };
}

/** libsamplerate (wasm) `full` streaming API; takes and gives float32 in [-1, 1]. */
export async function libsamplerateStream(from: number, to: number, converter: string): Promise<(src: Int16Array, dst: Int16Array) => number> {
  const lib = require("@alexanderolsen/libsamplerate-js") as LibSamplerate;
  return lsrFrames(await lib.create(1, from, to, { converterType: lib.ConverterType[converter] }), from);
}

/**
 * libsamplerate for bench/_measure.ts. Its module loads asynchronously, so
 * one converter serves every tone: assigning its converter type re-creates
 * the state (the library's setter destroys and re-initialises it).
 */
export async function libsamplerateSubject(from: number, to: number, converter: string): Promise<Subject> {
  const lib = require("@alexanderolsen/libsamplerate-js") as LibSamplerate;
  const converterState = await lib.create(1, from, to, { converterType: lib.ConverterType[converter] });
  return {
    open() {
      converterState.converterType = lib.ConverterType[converter];
      return { process: lsrFrames(converterState, from) };
    },
  };
}

/** LiveKit's AudioResampler (soxr in a native FFI library), as LiveKit Agents for Node uses it. */
export function livekitResampler(from: number, to: number, quality: AudioResamplerQuality) {
  const resampler = new AudioResampler(from, to, 1, quality);
  // push() passes the pointer to data.buffer's start (it ignores byteOffset), so frames get a buffer of their own.
  const frame = new Int16Array(from / 50);
  const write = (frames: AudioFrame[], dst: Int16Array): number => {
    let written = 0;
    for (const out of frames) {
      dst.set(out.data.subarray(0, out.samplesPerChannel), written);
      written += out.samplesPerChannel;
    }
    return written;
  };
  return {
    /** What its users write: a new AudioFrame around the samples, pushed; the frames it returns. */
    push: (src: Int16Array): AudioFrame[] => resampler.push(new AudioFrame(src, from, 1, src.length)),
    process(src: Int16Array, dst: Int16Array): number {
      frame.set(src);
      return write(resampler.push(new AudioFrame(frame.subarray(0, src.length), from, 1, src.length)), dst);
    },
    flush: (dst: Int16Array): number => write(resampler.flush(), dst),
    dispose: () => resampler.close(),
  };
}

/** LiveKit's AudioResampler for bench/_measure.ts (no reported delay: it has none to report). */
export function livekitSubject(from: number, to: number, quality: AudioResamplerQuality): Subject {
  return { open: () => livekitResampler(from, to, quality) };
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
