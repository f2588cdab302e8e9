// The boundary with the wasm kernels (assembly/index.ts): their raw exports,
// the constants they share with TypeScript, and the one place that knows the
// order of resamplerCreate's arguments. Imports nothing, so bench and test
// can drive a raw instance (another build, say) through the same names.

/** The kernels' raw exports. Pointers are byte offsets into `memory`. */
export interface Kernels {
  readonly memory: WebAssembly.Memory;
  scratchInPtr(): number;
  scratchOutPtr(): number;
  scratchBytes(): number;
  ulawDecode(src: number, dst: number, count: number): void;
  alawDecode(src: number, dst: number, count: number): void;
  ulawEncode(src: number, dst: number, count: number): void;
  alawEncode(src: number, dst: number, count: number): void;
  allocate(bytes: number): number;
  release(ptr: number): void;
  resamplerCreate(taps: number, up: number, down: number, tapsPerPhase: number, leadingZeros: number, folded: number, pairs: number, reach: number, selfPhase: number): number;
  resamplerReset(state: number): void;
  resamplerDestroy(state: number): void;
  resamplerMaxChunk(state: number): number;
  resamplerPending(state: number): number;
  resamplerStateBytes(state: number): number;
  resamplerProcess(state: number, src: number, count: number, dst: number, input: SampleFormat, output: SampleFormat): number;
  /** A G.722 state block: `mode` 0 for an encoder, 1/2/3 for a decoder at 64/56/48 kbit/s (assembly/g722.ts). */
  g722Create(mode: number): number;
  g722Reset(state: number): void;
  g722Destroy(state: number): void;
  g722StateBytes(): number;
  /** Input samples (0 or 1) an encoder holds until their pair arrives. */
  g722Carried(state: number): number;
  /** PCM16 16 kHz in, octets out; returns the octets written. */
  g722Encode(state: number, src: number, count: number, dst: number): number;
  /** Octets in, PCM16 16 kHz out; returns the samples written (2 per octet). */
  g722Decode(state: number, src: number, count: number, dst: number): number;
  /** The sub-band coders alone, QMF bypassed (Appendix II tests only): i16 lower/higher-band samples in, octets out. */
  g722EncodeSubbands(state: number, low: number, high: number, count: number, dst: number): void;
  /** Octets in, i16 lower/higher-band samples out, QMF bypassed (Appendix II tests only). */
  g722DecodeSubbands(state: number, src: number, count: number, low: number, high: number): void;
  /** Fused: octets → 16 kHz PCM16 at `work` → resampler → `dst` as `output`; returns the samples at `dst`. */
  g722DecodeResample(g722: number, resampler: number, src: number, count: number, work: number, dst: number, output: SampleFormat): number;
  /** Fused: samples read as `input` → resampler to 16 kHz → encoded in place at `dst`; returns the octets. */
  g722ResampleEncode(resampler: number, g722: number, src: number, count: number, dst: number, input: SampleFormat): number;
}

/** Exports whose absence marks a module as not telaudio's (checked at load). */
export const REQUIRED_EXPORTS = ["memory", "scratchInPtr", "scratchOutPtr", "scratchBytes", "ulawDecode", "resamplerProcess", "resamplerPending"] as const;

/** What a resampler kernel reads or writes: assembly/g711.ts PCM16 (little-endian), ULAW, ALAW, L16BE (the fused and converter tests fail on a mismatch). */
export const SampleFormat = { Pcm16: 0, Ulaw: 1, Alaw: 2, L16be: 3 } as const;
export type SampleFormat = (typeof SampleFormat)[keyof typeof SampleFormat];

/** A polyphase table in wasm memory, as the kernel reads it (src/_filters.ts builds it). */
export interface ResamplerLayout {
  /** Byte address of L phases × tapsPerPhase f32. */
  readonly ptr: number;
  readonly up: number;
  readonly down: number;
  readonly tapsPerPhase: number;
  /** Zero taps at the front of every phase (padding to a multiple of 4). */
  readonly leadingZeros: number;
  /** The folded ×3 table of a linear-phase prototype (assembly/folded.ts), which the kernel then runs instead. */
  readonly folded?: { readonly ptr: number; readonly pairs: number; readonly reach: number; readonly selfPhase: number };
}

/** A new stream's state block over `layout`; 0 for none. */
export function createResamplerState(k: Kernels, layout: ResamplerLayout): number {
  const { ptr, up, down, tapsPerPhase, leadingZeros, folded } = layout;
  return k.resamplerCreate(ptr, up, down, tapsPerPhase, leadingZeros, folded?.ptr ?? 0, folded?.pairs ?? 0, folded?.reach ?? 0, folded?.selfPhase ?? 0);
}
