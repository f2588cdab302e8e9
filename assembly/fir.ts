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

/** Four accumulators to one vector of their sums, each summed as reduceLanes does. */
@inline
function reduce4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7)); // a02 b02 a13 b13
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 2, 6, 3, 7)); // c02 d02 c13 d13
  return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

/**
 * Eight outputs with the same taps whose slices start `stride` bytes apart,
 * horizontal form, stored as PCM16 at `out`. Eight accumulators share each
 * tap load.
 */
@inline
export function dotHorizontal8(taps: usize, history: usize, stride: usize, vectors: i32, out: usize): void {
  let a = f32x4.splat(0);
  let b = f32x4.splat(0);
  let c = f32x4.splat(0);
  let d = f32x4.splat(0);
  let e = f32x4.splat(0);
  let f = f32x4.splat(0);
  let g = f32x4.splat(0);
  let h = f32x4.splat(0);
  for (let i = 0; i < vectors; i++) {
    const offset = <usize>i << 4;
    const t = v128.load(taps + offset);
    const x = history + offset;
    a = f32x4.add(a, f32x4.mul(t, v128.load(x)));
    b = f32x4.add(b, f32x4.mul(t, v128.load(x + stride)));
    c = f32x4.add(c, f32x4.mul(t, v128.load(x + 2 * stride)));
    d = f32x4.add(d, f32x4.mul(t, v128.load(x + 3 * stride)));
    e = f32x4.add(e, f32x4.mul(t, v128.load(x + 4 * stride)));
    f = f32x4.add(f, f32x4.mul(t, v128.load(x + 5 * stride)));
    g = f32x4.add(g, f32x4.mul(t, v128.load(x + 6 * stride)));
    h = f32x4.add(h, f32x4.mul(t, v128.load(x + 7 * stride)));
  }
  v128.store(out, i16x8.narrow_i32x4_s(toPcm16x4(reduce4(a, b, c, d)), toPcm16x4(reduce4(e, f, g, h))));
}

/**
 * dotHorizontal8 for slices 3 samples (12 bytes) apart, as constant load
 * offsets: with a run-time stride V8 computes every load's address; constant
 * offsets fold into the loads. Decimation by 3 is 24 kHz → 8 kHz, the
 * bridge's hot path (measured 2.4 → 1.6 µs a frame).
 */
@inline
export function dotHorizontal8By3(taps: usize, history: usize, vectors: i32, out: usize): void {
  let a = f32x4.splat(0);
  let b = f32x4.splat(0);
  let c = f32x4.splat(0);
  let d = f32x4.splat(0);
  let e = f32x4.splat(0);
  let f = f32x4.splat(0);
  let g = f32x4.splat(0);
  let h = f32x4.splat(0);
  let i = 0;
  // Unrolled by two; each accumulator still adds the tap vectors in order.
  for (; i + 2 <= vectors; i += 2) {
    const offset = <usize>i << 4;
    const x = history + offset;
    let t = v128.load(taps + offset);
    a = f32x4.add(a, f32x4.mul(t, v128.load(x)));
    b = f32x4.add(b, f32x4.mul(t, v128.load(x, 12)));
    c = f32x4.add(c, f32x4.mul(t, v128.load(x, 24)));
    d = f32x4.add(d, f32x4.mul(t, v128.load(x, 36)));
    e = f32x4.add(e, f32x4.mul(t, v128.load(x, 48)));
    f = f32x4.add(f, f32x4.mul(t, v128.load(x, 60)));
    g = f32x4.add(g, f32x4.mul(t, v128.load(x, 72)));
    h = f32x4.add(h, f32x4.mul(t, v128.load(x, 84)));
    t = v128.load(taps + offset, 16);
    a = f32x4.add(a, f32x4.mul(t, v128.load(x, 16)));
    b = f32x4.add(b, f32x4.mul(t, v128.load(x, 28)));
    c = f32x4.add(c, f32x4.mul(t, v128.load(x, 40)));
    d = f32x4.add(d, f32x4.mul(t, v128.load(x, 52)));
    e = f32x4.add(e, f32x4.mul(t, v128.load(x, 64)));
    f = f32x4.add(f, f32x4.mul(t, v128.load(x, 76)));
    g = f32x4.add(g, f32x4.mul(t, v128.load(x, 88)));
    h = f32x4.add(h, f32x4.mul(t, v128.load(x, 100)));
  }
  if (i < vectors) {
    const offset = <usize>i << 4;
    const x = history + offset;
    const t = v128.load(taps + offset);
    a = f32x4.add(a, f32x4.mul(t, v128.load(x)));
    b = f32x4.add(b, f32x4.mul(t, v128.load(x, 12)));
    c = f32x4.add(c, f32x4.mul(t, v128.load(x, 24)));
    d = f32x4.add(d, f32x4.mul(t, v128.load(x, 36)));
    e = f32x4.add(e, f32x4.mul(t, v128.load(x, 48)));
    f = f32x4.add(f, f32x4.mul(t, v128.load(x, 60)));
    g = f32x4.add(g, f32x4.mul(t, v128.load(x, 72)));
    h = f32x4.add(h, f32x4.mul(t, v128.load(x, 84)));
  }
  v128.store(out, i16x8.narrow_i32x4_s(toPcm16x4(reduce4(a, b, c, d)), toPcm16x4(reduce4(e, f, g, h))));
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
  return toPcm16x4(reduce4(a, b, c, d));
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

/**
 * Integer interpolation by 3 (8 kHz → 24 kHz, the bridge's hot path): eight
 * inputs × the three phases per pass, each input vector loaded once for all
 * three (six accumulators). Output (n0 + j, p) goes to out + (3j + p)·2.
 * Each lane's arithmetic is that of dotVertical.
 */
@inline
export function dotVertical8x3(taps: usize, phaseBytes: usize, history: usize, count: i32, out: usize): void {
  let a0 = f32x4.splat(0);
  let b0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let b1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let b2 = f32x4.splat(0);
  const taps1 = taps + phaseBytes;
  const taps2 = taps1 + phaseBytes;
  for (let i = 0; i < count; i++) {
    const offset = <usize>i << 2;
    const x0 = v128.load(history + offset);
    const x1 = v128.load(history + offset, 16);
    const t0 = v128.load32_splat(taps + offset);
    a0 = f32x4.add(a0, f32x4.mul(t0, x0));
    b0 = f32x4.add(b0, f32x4.mul(t0, x1));
    const t1 = v128.load32_splat(taps1 + offset);
    a1 = f32x4.add(a1, f32x4.mul(t1, x0));
    b1 = f32x4.add(b1, f32x4.mul(t1, x1));
    const t2 = v128.load32_splat(taps2 + offset);
    a2 = f32x4.add(a2, f32x4.mul(t2, x0));
    b2 = f32x4.add(b2, f32x4.mul(t2, x1));
  }
  storeStrided(out, 6, toPcm16x4(a0));
  storeStrided(out + 24, 6, toPcm16x4(b0));
  storeStrided(out + 2, 6, toPcm16x4(a1));
  storeStrided(out + 26, 6, toPcm16x4(b1));
  storeStrided(out + 4, 6, toPcm16x4(a2));
  storeStrided(out + 28, 6, toPcm16x4(b2));
}
