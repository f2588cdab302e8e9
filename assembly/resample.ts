// Streaming polyphase resampling by L/M (the rate ratio reduced by its gcd).
//
// Output m sits at time m·M on the prototype filter's grid (rate L·from);
// input n sits at n·L. So output m = Σ_k h[p + k·L] · x[n0 − k], with
// n0 = floor(m·M / L) and phase p = m·M − n0·L. Each phase's taps are stored
// reversed and contiguous, making every output a product with the history
// slice ending at x[n0]. (n0, p) advance by integer steps: no floating-point
// position, no drift over any length of stream.
//
// Output m is emitted once (m + 1)·M ≤ inputs·L, so after every call the
// outputs number exactly floor(inputs · L / M), whatever the chunking.
//
// The loops are chosen by the ratio (and, for ×3, the prototype's symmetry):
// integer interpolation (M = 1) computes four consecutive inputs' worth of
// one phase per vector (by 3: all three phases per pass, and folded when the
// prototype is linear phase: see folded.ts); integer decimation (L = 1)
// eight or four outputs sharing taps per pass; any other ratio eight outputs
// a pass, each with its own taps and slice. Within a loop, blocks and single
// outputs do the same arithmetic per output, so where a chunk boundary falls
// changes no sample.

import { allocate, release } from "./alloc";
import { alawDecodeInto, decodeToF32, encodeInPlace, PCM16, swapBytes16, ULAW, ALAW, ulawDecodeInto } from "./g711";
import { foldedUp3Block8, foldedUp3One } from "./folded";
import { dotHorizontal, dotHorizontal4, dotHorizontalEach8, dotHorizontal8, dotHorizontal8By3, dotVertical, dotVertical16, dotVertical8x3, toPcm16 } from "./fir";

// State block layout (bytes); the history of f32 samples follows the header.
const TAPS: usize = 0; // usize: the phase table, L phases × `tapsPerPhase` f32
const UP: usize = 4; // i32: L
const DOWN: usize = 8; // i32: M
const TAPS_PER_PHASE: usize = 12; // i32: a multiple of 4
const HISTORY_LENGTH: usize = 16; // i32: samples carried between calls
const NEXT_INPUT: usize = 20; // i32: n0 of the next output, relative to the next chunk's first sample (≤ 0)
const NEXT_PHASE: usize = 24; // i32: p of the next output
const LEADING_ZEROS: usize = 28; // i32: zero taps padding the front of every phase
const FOLDED: usize = 32; // usize: the folded ×3 table of a linear-phase prototype (folded.ts), 0 if none
const PAIRS: usize = 36; // i32: J, its rows
const REACH: usize = 40; // i32: Ks
const SELF_PHASE: usize = 44; // i32: s
const HEADER: usize = 48;

/** Taps and slice addresses of a block of eight rational-ratio outputs. */
const block = memory.data(64, 16);

/** Working buffer: carried history, then the chunk, as f32. */
export const WORK_SAMPLES: i32 = 32768 + 4096;
const work = memory.data(WORK_SAMPLES << 2, 16);

/**
 * Samples a stream must carry: the longest slice (tapsPerPhase) plus how far
 * before a chunk the next output's n0 can fall (up to ceil((M + L − 1) / L)).
 */
function historyLength(up: i32, down: i32, tapsPerPhase: i32): i32 {
  return tapsPerPhase - 1 + (down + up - 1) / up;
}

/**
 * A stream's state. `folded` (with `pairs`, `reach`, `selfPhase`) is the
 * folded table of a linear-phase prototype for L = 3, M = 1 (folded.ts), or
 * 0: the phase table `taps` then serves.
 */
export function resamplerCreate(taps: usize, up: i32, down: i32, tapsPerPhase: i32, leadingZeros: i32, folded: usize, pairs: i32, reach: i32, selfPhase: i32): usize {
  const history = historyLength(up, down, tapsPerPhase);
  const state = allocate(HEADER + (<usize>history << 2));
  store<usize>(state + TAPS, taps);
  store<i32>(state + UP, up);
  store<i32>(state + DOWN, down);
  store<i32>(state + TAPS_PER_PHASE, tapsPerPhase);
  store<i32>(state + HISTORY_LENGTH, history);
  store<i32>(state + LEADING_ZEROS, leadingZeros);
  store<usize>(state + FOLDED, folded);
  store<i32>(state + PAIRS, pairs);
  store<i32>(state + REACH, reach);
  store<i32>(state + SELF_PHASE, selfPhase);
  return state;
}

export function resamplerReset(state: usize): void {
  store<i32>(state + NEXT_INPUT, 0);
  store<i32>(state + NEXT_PHASE, 0);
  memory.fill(state + HEADER, 0, <usize>load<i32>(state + HISTORY_LENGTH) << 2);
}

export function resamplerDestroy(state: usize): void {
  release(state);
}

/** Bytes of the state block (header and history), as allocated. */
export function resamplerStateBytes(state: usize): i32 {
  return <i32>HEADER + (load<i32>(state + HISTORY_LENGTH) << 2);
}

/**
 * inputs·L − outputs·M so far, in [0, M): how far the input runs ahead of
 * the last output. The stream's position lives here alone; TypeScript reads
 * it to size outputs (floor((pending + count·L) / M) more samples).
 */
export function resamplerPending(state: usize): i32 {
  return -load<i32>(state + NEXT_INPUT) * load<i32>(state + UP) - load<i32>(state + NEXT_PHASE);
}

/** Most input samples one call may take (the TypeScript side chunks larger inputs). */
export function resamplerMaxChunk(state: usize): i32 {
  return WORK_SAMPLES - load<i32>(state + HISTORY_LENGTH);
}

/** PCM16 → f32, eight samples a step (the tail one by one). */
function widen(src: usize, dst: usize, count: i32): void {
  let i = 0;
  for (; i + 8 <= count; i += 8) {
    const samples = v128.load(src + (<usize>i << 1));
    v128.store(dst + (<usize>i << 2), f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(samples)));
    v128.store(dst + (<usize>i << 2) + 16, f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(samples)));
  }
  for (; i < count; i++) store<f32>(dst + (<usize>i << 2), <f32>load<i16>(src + (<usize>i << 1)));
}

/**
 * Takes `count` samples at `src`, writes the outputs they complete at `dst`
 * and returns how many. `count` ≤ resamplerMaxChunk(state). The fused paths
 * read G.711 codes or L16BE (`input`: ULAW, ALAW, L16BE, decoded straight
 * into the working f32) or write them (`output`), in the same call; PCM16
 * (little-endian) otherwise.
 */
export function resamplerProcess(state: usize, src: usize, count: i32, dst: usize, input: i32, output: i32): i32 {
  const up = load<i32>(state + UP);
  const down = load<i32>(state + DOWN);
  if (up == down) return convertSameRate(src, count, dst, input, output);
  const history = load<i32>(state + HISTORY_LENGTH);
  const historyPtr = state + HEADER;

  // work = carried history ++ this chunk, as f32
  memory.copy(work, historyPtr, <usize>history << 2);
  const chunkStart = work + (<usize>history << 2);
  if (input == PCM16) widen(src, chunkStart, count);
  else decodeToF32(input, src, chunkStart, count);

  let produced: i32;
  if (down == 1) produced = load<usize>(state + FOLDED) != 0 ? interpolateFolded3(state, chunkStart, count, dst) : interpolate(state, chunkStart, count, dst);
  else if (up == 1) produced = decimate(state, chunkStart, count, dst);
  else produced = resampleRational(state, chunkStart, count, dst);

  // Carry the last `history` samples of work.
  memory.copy(historyPtr, work + (<usize>count << 2), <usize>history << 2);
  if (output != PCM16) encodeInPlace(output, dst, produced);
  return produced;
}

/**
 * L = M = 1: the one-tap unit filter (delay 0, history never read) is the
 * identity, so PCM16 goes straight to `dst` with no f32 round trip: the
 * same samples, without the filter's cost.
 */
function convertSameRate(src: usize, count: i32, dst: usize, input: i32, output: i32): i32 {
  if (input == PCM16) memory.copy(dst, src, <usize>count << 1);
  else if (input == ULAW) ulawDecodeInto(src, dst, count);
  else if (input == ALAW) alawDecodeInto(src, dst, count);
  else swapBytes16(src, dst, count);
  if (output != PCM16) encodeInPlace(output, dst, count);
  return count;
}

/** Start of the slice whose newest sample is x[n0] (n0 relative to the chunk, may be negative). */
@inline
function sliceAt(chunkStart: usize, n0: i32, tapsPerPhase: i32): usize {
  return chunkStart + <usize>((n0 - tapsPerPhase + 1) << 2);
}

/** M = 1: every input completes L outputs, one per phase. */
function interpolate(state: usize, chunkStart: usize, count: i32, dst: usize): i32 {
  const taps = load<usize>(state + TAPS);
  const up = load<i32>(state + UP);
  const tapsPerPhase = load<i32>(state + TAPS_PER_PHASE);
  const skip = <usize>load<i32>(state + LEADING_ZEROS) << 2;
  const used = tapsPerPhase - load<i32>(state + LEADING_ZEROS);
  const phaseBytes = <usize>tapsPerPhase << 2;
  let n0 = load<i32>(state + NEXT_INPUT);
  let phase = load<i32>(state + NEXT_PHASE);
  let produced = 0;
  while (n0 < count) {
    const slice = sliceAt(chunkStart, n0, tapsPerPhase) + skip;
    if (up == 3 && phase == 0 && n0 + 8 <= count) {
      dotVertical8x3(taps + skip, phaseBytes, slice, used, dst + (<usize>produced << 1));
      produced += 24;
      n0 += 8;
      continue;
    }
    if (phase == 0 && n0 + 16 <= count) {
      // Sixteen inputs × L phases; output (n0 + j, p) goes to produced + j·L + p.
      for (let p = 0; p < up; p++) {
        dotVertical16(taps + <usize>p * phaseBytes + skip, slice, used, dst + (<usize>(produced + p) << 1), <usize>up << 1);
      }
      produced += 16 * up;
      n0 += 16;
      continue;
    }
    for (; phase < up; phase++) {
      const value = dotVertical(taps + <usize>phase * phaseBytes + skip, slice, used);
      store<i16>(dst + (<usize>produced << 1), toPcm16(value));
      produced++;
    }
    phase = 0;
    n0++;
  }
  store<i32>(state + NEXT_INPUT, n0 - count);
  store<i32>(state + NEXT_PHASE, phase);
  return produced;
}

/** L = 3, M = 1, linear phase (folded.ts): eight inputs a pass, then one at a time. */
function interpolateFolded3(state: usize, chunkStart: usize, count: i32, dst: usize): i32 {
  const taps = load<usize>(state + FOLDED);
  const pairs = load<i32>(state + PAIRS);
  const reach = load<i32>(state + REACH);
  const selfPhase = load<i32>(state + SELF_PHASE);
  // With M = 1 each call completes every output of its inputs: the next is always (input 0, phase 0).
  let n0 = 0;
  for (; n0 + 8 <= count; n0 += 8) {
    foldedUp3Block8(taps, pairs, chunkStart + (<usize>n0 << 2), reach, selfPhase, dst + (<usize>(3 * n0) << 1));
  }
  for (; n0 < count; n0++) {
    foldedUp3One(taps, pairs, chunkStart + (<usize>n0 << 2), reach, selfPhase, dst + (<usize>(3 * n0) << 1));
  }
  return 3 * count;
}

/** L = 1: one phase; output slices M samples apart. */
function decimate(state: usize, chunkStart: usize, count: i32, dst: usize): i32 {
  const taps = load<usize>(state + TAPS);
  const down = load<i32>(state + DOWN);
  const tapsPerPhase = load<i32>(state + TAPS_PER_PHASE);
  const vectors = tapsPerPhase >> 2;
  const stride = <usize>down << 2;
  let n0 = load<i32>(state + NEXT_INPUT);
  let produced = 0;
  // Output at n0 is due once n0 + M ≤ count.
  if (down == 3) {
    while (n0 + 24 <= count) {
      dotHorizontal8By3(taps, sliceAt(chunkStart, n0, tapsPerPhase), vectors, dst + (<usize>produced << 1));
      produced += 8;
      n0 += 24;
    }
  }
  while (n0 + 8 * down <= count) {
    dotHorizontal8(taps, sliceAt(chunkStart, n0, tapsPerPhase), stride, vectors, dst + (<usize>produced << 1));
    produced += 8;
    n0 += 8 * down;
  }
  while (n0 + 4 * down <= count) {
    const lanes = dotHorizontal4(taps, sliceAt(chunkStart, n0, tapsPerPhase), stride, vectors);
    v128.store64_lane(dst + (<usize>produced << 1), i16x8.narrow_i32x4_s(lanes, lanes), 0);
    produced += 4;
    n0 += 4 * down;
  }
  while (n0 + down <= count) {
    store<i16>(dst + (<usize>produced << 1), toPcm16(dotHorizontal(taps, sliceAt(chunkStart, n0, tapsPerPhase), vectors)));
    produced++;
    n0 += down;
  }
  store<i32>(state + NEXT_INPUT, n0 - count);
  return produced;
}

/** Any L/M: one output at a time, (n0, p) stepping by M/L. */
function resampleRational(state: usize, chunkStart: usize, count: i32, dst: usize): i32 {
  const taps = load<usize>(state + TAPS);
  const up = load<i32>(state + UP);
  const down = load<i32>(state + DOWN);
  const tapsPerPhase = load<i32>(state + TAPS_PER_PHASE);
  const stepWhole = down / up;
  const stepPhase = down % up;
  const phaseBytes = <usize>tapsPerPhase << 2;
  const vectors = tapsPerPhase >> 2;
  const limit = count * up;
  let n0 = load<i32>(state + NEXT_INPUT);
  let phase = load<i32>(state + NEXT_PHASE);
  let produced = 0;
  // Eight outputs a pass while the eighth is due (their taps and slices
  // listed in `block`), then one at a time.
  while (n0 * up + phase + 8 * down <= limit) {
    for (let k: usize = 0; k < 64; k += 8) {
      store<usize>(block + k, taps + <usize>phase * phaseBytes);
      store<usize>(block + k, sliceAt(chunkStart, n0, tapsPerPhase), 4);
      n0 += stepWhole;
      phase += stepPhase;
      if (phase >= up) {
        phase -= up;
        n0++;
      }
    }
    dotHorizontalEach8(block, vectors, dst + (<usize>produced << 1));
    produced += 8;
  }
  while (n0 * up + phase + down <= limit) {
    const value = dotHorizontal(taps + <usize>phase * phaseBytes, sliceAt(chunkStart, n0, tapsPerPhase), vectors);
    store<i16>(dst + (<usize>produced << 1), toPcm16(value));
    produced++;
    n0 += stepWhole;
    phase += stepPhase;
    if (phase >= up) {
      phase -= up;
      n0++;
    }
  }
  store<i32>(state + NEXT_INPUT, n0 - count);
  store<i32>(state + NEXT_PHASE, phase);
  return produced;
}
