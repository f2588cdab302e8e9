// Interpolation by 3 with a linear-phase (symmetric) prototype, folded:
// h[k] = h[N−1−k], so samples that meet equal taps are added before one
// multiply. `voice` and `high` are linear phase; 8 kHz → 24 kHz is the
// bridge's hot path.
//
// The phases p (taps h_p[k] = h[p + 3k]) fold into one self-mirrored phase s
// (2s ≡ N − 1 mod 3, reach Ks = (N − 1 − 2s)/3) and a pair a = s + 1,
// b = s + 2 (mod 3) with h_b[k] = h_a[K − k], K = Ks + s − 1:
//   y_s = Σ_{k<J} cs[k]·(x[n − k] + x[n − Ks + k]),  cs[k] = h_s[k], cs[Ks/2] = h_s[Ks/2]/2
//   u   = Σ_{k<J} cu[k]·(x[n − k] + x[n − K + k]),   cu[k] = (h_a[k] + h_a[K − k])/2
//   v   = Σ_{k<J} cd[k]·(x[n − k] − x[n − K + k]),   cd[k] = (h_a[k] − h_a[K − k])/2
//   y_a = u + v,  y_b = u − v
// (a centre tap meets one sample twice, hence its half). The table
// (src/_folding.ts) interleaves (cs, cu, cd, 0) per k, zeros padding the
// shorter run to J.
//
// Measured on the bench machine (AMD EPYC, Zen 4): 8k → 24k voice 1.34 →
// 1.26 µs a frame. Folding trades multiplies for adds, and Zen 4 has two
// FADD and two FMUL pipes, so the adds bound both forms alike; the gain is
// fewer loads and instructions. Folding ÷3 the same way (a reversed copy of
// the history for the backward run) measured 1.43 → 1.52 µs and was dropped.
//
// As in fir.ts, the block form does, per output, exactly the arithmetic of
// the one-input form (lane j of the block is input n + j), so chunking never
// changes a sample.

import { storeInterleaved3, toPcm16, toPcm16x4 } from "./fir";

/** The three outputs of input n (`x` is the address of x[n]), stored in phase order at `out`. */
export function foldedUp3One(taps: usize, pairs: i32, x: usize, reachSelf: i32, selfPhase: i32, out: usize): void {
  let s: f32 = 0;
  let u: f32 = 0;
  let v: f32 = 0;
  const mirrorSelf = x - (<usize>reachSelf << 2);
  const mirrorPair = x - (<usize>(reachSelf + selfPhase - 1) << 2);
  for (let k = 0; k < pairs; k++) {
    const t = taps + (<usize>k << 4);
    const direct = load<f32>(x - (<usize>k << 2));
    s += load<f32>(t) * (direct + load<f32>(mirrorSelf + (<usize>k << 2)));
    const paired = load<f32>(mirrorPair + (<usize>k << 2));
    u += load<f32>(t, 4) * (direct + paired);
    v += load<f32>(t, 8) * (direct - paired);
  }
  store<i16>(out + (<usize>selfPhase << 1), toPcm16(s));
  store<i16>(out + (<usize>((selfPhase + 1) % 3) << 1), toPcm16(u + v));
  store<i16>(out + (<usize>((selfPhase + 2) % 3) << 1), toPcm16(u - v));
}

/** Inputs n … n + 7 (`x` is the address of x[n]): their 24 outputs, interleaved in phase order at `out`. */
export function foldedUp3Block8(taps: usize, pairs: i32, x: usize, reachSelf: i32, selfPhase: i32, out: usize): void {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let u0 = f32x4.splat(0);
  let u1 = f32x4.splat(0);
  let v0 = f32x4.splat(0);
  let v1 = f32x4.splat(0);
  // Stepping pointers: V8 spends an address computation per load on base + index.
  let t = taps;
  let direct = x;
  let mirrorSelf = x - (<usize>reachSelf << 2);
  let mirrorPair = x - (<usize>(reachSelf + selfPhase - 1) << 2);
  const end = taps + (<usize>pairs << 4);
  while (t < end) {
    const d0 = v128.load(direct);
    const d1 = v128.load(direct, 16);
    const cs = v128.load32_splat(t);
    s0 = f32x4.add(s0, f32x4.mul(cs, f32x4.add(d0, v128.load(mirrorSelf))));
    s1 = f32x4.add(s1, f32x4.mul(cs, f32x4.add(d1, v128.load(mirrorSelf, 16))));
    const p0 = v128.load(mirrorPair);
    const p1 = v128.load(mirrorPair, 16);
    const cu = v128.load32_splat(t, 4);
    u0 = f32x4.add(u0, f32x4.mul(cu, f32x4.add(d0, p0)));
    u1 = f32x4.add(u1, f32x4.mul(cu, f32x4.add(d1, p1)));
    const cd = v128.load32_splat(t, 8);
    v0 = f32x4.add(v0, f32x4.mul(cd, f32x4.sub(d0, p0)));
    v1 = f32x4.add(v1, f32x4.mul(cd, f32x4.sub(d1, p1)));
    t += 16;
    direct -= 4;
    mirrorSelf += 4;
    mirrorPair += 4;
  }
  const self = i16x8.narrow_i32x4_s(toPcm16x4(s0), toPcm16x4(s1));
  const a = i16x8.narrow_i32x4_s(toPcm16x4(f32x4.add(u0, v0)), toPcm16x4(f32x4.add(u1, v1)));
  const b = i16x8.narrow_i32x4_s(toPcm16x4(f32x4.sub(u0, v0)), toPcm16x4(f32x4.sub(u1, v1)));
  if (selfPhase == 0) storeInterleaved3(out, self, a, b);
  else if (selfPhase == 1) storeInterleaved3(out, b, self, a);
  else storeInterleaved3(out, a, b, self);
}
