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

/**
 * Four f32 lanes to PCM16 the same way as toPcm16, as i32 lanes. pmin/pmax
 * are single instructions (min/max carry NaN rules V8 spells out in ~8), and
 * adding 1.5·2^23 rounds a clamped value to the nearest integer, ties to
 * even, in the low mantissa bits (trunc_sat costs ~6 more). Clamping before
 * rounding gives what rounding before clamping does: the bounds are integers.
 */
@inline
export function toPcm16x4(values: v128): v128 {
  const clamped = f32x4.pmax(f32x4.pmin(values, f32x4.splat(32767)), f32x4.splat(-32768));
  return i32x4.sub(f32x4.add(clamped, f32x4.splat(12582912)), i32x4.splat(0x4b400000));
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

/**
 * Eight outputs each with its own taps and slice (any rational ratio), their
 * addresses at `pointers` (t0, x0, t1, x1…), horizontal form, stored as
 * PCM16 at `out`: each the value dotHorizontal then toPcm16 gives, while
 * eight accumulators hide the latency of one output's chain of adds.
 */
@inline
export function dotHorizontalEach8(pointers: usize, vectors: i32, out: usize): void {
  const t0 = load<usize>(pointers, 0), x0 = load<usize>(pointers, 4), t1 = load<usize>(pointers, 8), x1 = load<usize>(pointers, 12);
  const t2 = load<usize>(pointers, 16), x2 = load<usize>(pointers, 20), t3 = load<usize>(pointers, 24), x3 = load<usize>(pointers, 28);
  const t4 = load<usize>(pointers, 32), x4 = load<usize>(pointers, 36), t5 = load<usize>(pointers, 40), x5 = load<usize>(pointers, 44);
  const t6 = load<usize>(pointers, 48), x6 = load<usize>(pointers, 52), t7 = load<usize>(pointers, 56), x7 = load<usize>(pointers, 60);
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
    a = f32x4.add(a, f32x4.mul(v128.load(t0 + offset), v128.load(x0 + offset)));
    b = f32x4.add(b, f32x4.mul(v128.load(t1 + offset), v128.load(x1 + offset)));
    c = f32x4.add(c, f32x4.mul(v128.load(t2 + offset), v128.load(x2 + offset)));
    d = f32x4.add(d, f32x4.mul(v128.load(t3 + offset), v128.load(x3 + offset)));
    e = f32x4.add(e, f32x4.mul(v128.load(t4 + offset), v128.load(x4 + offset)));
    f = f32x4.add(f, f32x4.mul(v128.load(t5 + offset), v128.load(x5 + offset)));
    g = f32x4.add(g, f32x4.mul(v128.load(t6 + offset), v128.load(x6 + offset)));
    h = f32x4.add(h, f32x4.mul(v128.load(t7 + offset), v128.load(x7 + offset)));
  }
  v128.store(out, i16x8.narrow_i32x4_s(toPcm16x4(reduce4(a, b, c, d)), toPcm16x4(reduce4(e, f, g, h))));
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
  // Pointers that step, rather than base + index: V8 spends an address
  // computation per load on the latter (measured 1.53 → 1.34 µs a frame).
  let t0 = taps;
  let t1 = taps + phaseBytes;
  let t2 = t1 + phaseBytes;
  let x = history;
  const end = history + (<usize>count << 2);
  while (x < end) {
    const x0 = v128.load(x);
    const x1 = v128.load(x, 16);
    const s0 = v128.load32_splat(t0);
    a0 = f32x4.add(a0, f32x4.mul(s0, x0));
    b0 = f32x4.add(b0, f32x4.mul(s0, x1));
    const s1 = v128.load32_splat(t1);
    a1 = f32x4.add(a1, f32x4.mul(s1, x0));
    b1 = f32x4.add(b1, f32x4.mul(s1, x1));
    const s2 = v128.load32_splat(t2);
    a2 = f32x4.add(a2, f32x4.mul(s2, x0));
    b2 = f32x4.add(b2, f32x4.mul(s2, x1));
    x += 4;
    t0 += 4;
    t1 += 4;
    t2 += 4;
  }
  storeInterleaved3(
    out,
    i16x8.narrow_i32x4_s(toPcm16x4(a0), toPcm16x4(b0)),
    i16x8.narrow_i32x4_s(toPcm16x4(a1), toPcm16x4(b1)),
    i16x8.narrow_i32x4_s(toPcm16x4(a2), toPcm16x4(b2)),
  );
}

/**
 * Stores p0, p1, p2 (eight outputs each of phases 0, 1, 2) interleaved,
 * out[3j + p] = pP[j]: five shuffles and three stores, where lane extracts
 * would take 24 of each.
 */
@inline
export function storeInterleaved3(out: usize, p0: v128, p1: v128, p2: v128): void {
  const lo01 = v128.shuffle<i16>(p0, p1, 0, 8, 1, 9, 2, 10, 3, 11); // p0_0 p1_0 p0_1 p1_1 p0_2 p1_2 p0_3 p1_3
  const hi01 = v128.shuffle<i16>(p0, p1, 4, 12, 5, 13, 6, 14, 7, 15); // p0_4 p1_4 p0_5 p1_5 p0_6 p1_6 p0_7 p1_7
  v128.store(out, v128.shuffle<i16>(lo01, p2, 0, 1, 8, 2, 3, 9, 4, 5));
  const mid = v128.shuffle<i16>(lo01, hi01, 6, 7, 8, 9, 10, 0, 0, 0); // p0_3 p1_3 p0_4 p1_4 p0_5
  v128.store(out, v128.shuffle<i16>(mid, p2, 10, 0, 1, 11, 2, 3, 12, 4), 16);
  v128.store(out, v128.shuffle<i16>(hi01, p2, 3, 13, 4, 5, 14, 6, 7, 15), 32);
}
