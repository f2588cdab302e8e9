// FIR inner products over f32 history. Taps of one phase are stored reversed
// and padded at the front with zeros to a multiple of 4, so an output is a
// product of whole f32x4 vectors with the history slice ending at its newest
// input.
//
// Bit-identical output for any chunking requires that an output is computed
// by the same operations in the same order whether it falls in a SIMD block
// or at a chunk's edge. Each kernel below therefore has a block form and a
// one-output form with identical per-output arithmetic.

/** Rounds to nearest (ties to even) and saturates to the int16 range: never wraps. */
@inline
export function toPcm16(value: f32): i16 {
  return <i16>(<i32>min<f32>(max<f32>(nearest<f32>(value), -32768), 32767));
}

/** Four f32 lanes to PCM16 the same way as toPcm16, as i32 lanes. */
@inline
function toPcm16x4(values: v128): v128 {
  const clamped = f32x4.min(f32x4.max(f32x4.nearest(values), f32x4.splat(-32768)), f32x4.splat(32767));
  return i32x4.trunc_sat_f32x4_s(clamped);
}

// ---- Horizontal form: one output = lane-wise products summed down the
// slice, then the four lanes as (l0 + l2) + (l1 + l3). Used where outputs
// share taps (integer decimation) or nothing at all (rational ratios).

@inline
function reduceLanes(sum: v128): f32 {
  return (f32x4.extract_lane(sum, 0) + f32x4.extract_lane(sum, 2)) + (f32x4.extract_lane(sum, 1) + f32x4.extract_lane(sum, 3));
}

/** One output, horizontal form. */
@inline
export function dotHorizontal(taps: usize, history: usize, vectors: i32): f32 {
  let sum = f32x4.splat(0);
  for (let i = 0; i < vectors; i++) {
    const offset = <usize>i << 4;
    sum = f32x4.add(sum, f32x4.mul(v128.load(taps + offset), v128.load(history + offset)));
  }
  return reduceLanes(sum);
}

/**
 * Four outputs with the same taps whose slices start `stride` bytes apart
 * (decimation by M: stride = 4·M), horizontal form; returns them as i32 lanes
 * already rounded and saturated.
 */
@inline
export function dotHorizontal4(taps: usize, history: usize, stride: usize, vectors: i32): v128 {
  let a = f32x4.splat(0);
  let b = f32x4.splat(0);
  let c = f32x4.splat(0);
  let d = f32x4.splat(0);
  for (let i = 0; i < vectors; i++) {
    const offset = <usize>i << 4;
    const t = v128.load(taps + offset);
    const x = history + offset;
    a = f32x4.add(a, f32x4.mul(t, v128.load(x)));
    b = f32x4.add(b, f32x4.mul(t, v128.load(x + stride)));
    c = f32x4.add(c, f32x4.mul(t, v128.load(x + 2 * stride)));
    d = f32x4.add(d, f32x4.mul(t, v128.load(x + 3 * stride)));
  }
  // Transpose-add so lane j holds (j0 + j2) + (j1 + j3), as reduceLanes.
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7)); // a02 b02 a13 b13
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 2, 6, 3, 7)); // c02 d02 c13 d13
  const sums = f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
  return toPcm16x4(sums);
}

// ---- Vertical form: one output = Σ tap[i] · x[i] accumulated in tap order,
// one lane per output. Used for integer interpolation, where four outputs of
// one phase have slices one sample apart.

/** One output, vertical form (scalar, same order as a lane of dotVertical4). */
@inline
export function dotVertical(taps: usize, history: usize, count: i32): f32 {
  let sum: f32 = 0;
  for (let i = 0; i < count; i++) {
    const offset = <usize>i << 2;
    sum += load<f32>(taps + offset) * load<f32>(history + offset);
  }
  return sum;
}


/** Stores the four i32 lanes as PCM16, `step` bytes apart. */
@inline
function storeStrided(out: usize, step: usize, lanes: v128): void {
  store<i16>(out, <i16>i32x4.extract_lane(lanes, 0));
  store<i16>(out + step, <i16>i32x4.extract_lane(lanes, 1));
  store<i16>(out + 2 * step, <i16>i32x4.extract_lane(lanes, 2));
  store<i16>(out + 3 * step, <i16>i32x4.extract_lane(lanes, 3));
}

/**
 * Sixteen outputs of one phase, for slices starting at history + 0…15
 * samples, stored `step` bytes apart from `out`. Four independent
 * accumulators hide the add latency; each lane's arithmetic is that of
 * dotVertical.
 */
@inline
export function dotVertical16(taps: usize, history: usize, count: i32, out: usize, step: usize): void {
  let a = f32x4.splat(0);
  let b = f32x4.splat(0);
  let c = f32x4.splat(0);
  let d = f32x4.splat(0);
  for (let i = 0; i < count; i++) {
    const offset = <usize>i << 2;
    const t = v128.load32_splat(taps + offset);
    const x = history + offset;
    a = f32x4.add(a, f32x4.mul(t, v128.load(x)));
    b = f32x4.add(b, f32x4.mul(t, v128.load(x + 16)));
    c = f32x4.add(c, f32x4.mul(t, v128.load(x + 32)));
    d = f32x4.add(d, f32x4.mul(t, v128.load(x + 48)));
  }
  storeStrided(out, step, toPcm16x4(a));
  storeStrided(out + 4 * step, step, toPcm16x4(b));
  storeStrided(out + 8 * step, step, toPcm16x4(c));
  storeStrided(out + 12 * step, step, toPcm16x4(d));
}
