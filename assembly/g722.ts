// ITU-T G.722 sub-band ADPCM (SB-ADPCM), written from the Recommendation's
// block description (SUBTRA, QUANTL, INVQAL, LOGSCL, SCALEL, RECONS, PARREC,
// UPPOL1/2, UPZERO, FILTEP, FILTEZ, PREDIC, LIMIT) with 16-bit saturating
// arithmetic wherever the Recommendation saturates: bit-exact with the ITU
// test vectors, including full-scale input where the QMF analysis output must
// be limited to −16384…16383 before the sub-band coders.
//
// One state block per stream (encoder or decoder); the kernels take byte
// pointers and counts and allocate nothing. 64 kbit/s packing as RFC 3551:
// one octet per pair of 16 kHz samples, higher band in bits 7–6, lower band
// in bits 5–0.

import { allocate, release } from "./alloc";
import { PCM16 } from "./g711";
import { resamplerProcess } from "./resample";

// ---- tables (Recommendation G.722, Tables 6–9 and 14) ----

/** QUANTL decision levels, scaled by 2^-12 times DETL. */
const Q6 = memory.data<i32>([0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0]);
/** Lower-band codes for negative / positive differences, by decision interval. */
const ILN = memory.data<i32>([0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 0]);
const ILP = memory.data<i32>([0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 0]);
/** Inverse quantizer outputs: 6, 5 and 4 bits (lower band), 2 bits (higher band). */
const QM6 = memory.data<i32>([
  -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
  -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728,
  24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
  4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432, -136,
]);
const QM5 = memory.data<i32>([
  -280, -280, -23352, -17560, -14120, -11664, -9752, -8184, -6864, -5712, -4696, -3784, -2960, -2208, -1520, -880,
  23352, 17560, 14120, 11664, 9752, 8184, 6864, 5712, 4696, 3784, 2960, 2208, 1520, 880, 280, -280,
]);
const QM4 = memory.data<i32>([0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0]);
const QM2 = memory.data<i32>([-7408, -1616, 7408, 1616]);
/** LOGSCL: the 4-bit code's magnitude class, and the log-scale factor step per class. */
const RL42 = memory.data<i32>([0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0]);
const WL = memory.data<i32>([-60, -30, 58, 172, 334, 538, 1198, 3042]);
const RH2 = memory.data<i32>([2, 1, 2, 1]);
const WH = memory.data<i32>([0, -214, 798]);
/** SCALEL/SCALEH: 2^(i/32) in Q11, the antilog of the scale factor's fraction. */
const ILB = memory.data<i32>([
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
  2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
]);

@inline function at(table: usize, i: i32): i32 {
  return load<i32>(table + (<usize>i << 2));
}

// ---- state block ----
// Header, then one predictor block per band, then the QMF delay line.
const MODE: usize = 0; // decoder: 1, 2, 3 (64/56/48 kbit/s); encoder: 0
const CARRIED: usize = 4; // encoder: 1 while an odd input sample waits for its pair
const CARRY: usize = 8; // that sample
const LOW: usize = 16;
const HIGH: usize = LOW + 128;
const QMF_HEAD: usize = 12; // the ring's next pair slot, 0…11
const QMF_LINE: usize = HIGH + 128; // 24 i32, twice over
const STATE_BYTES: usize = QMF_LINE + 48 * 4;

// Fields of a band block (byte offsets, i32 each).
const S: usize = 0; // predictor output s (PREDIC)
const SZ: usize = 4; // zero-section output sz (FILTEZ)
const NB: usize = 8; // log scale factor (LOGSCL)
const DET: usize = 12; // scale factor (SCALEL/SCALEH)
const R1: usize = 16; // reconstructed signal r(n-1), r(n-2)
const R2: usize = 20;
const P1: usize = 24; // partial reconstruction p(n-1), p(n-2)
const P2: usize = 28;
const A1: usize = 32; // pole coefficients a1, a2
const A2: usize = 36;
const D: usize = 40; // quantized difference d(n-1)…d(n-6) at D+4…D+24 (D+0 unused)
const B: usize = 72; // zero coefficients b1…b6 at B+4…B+24

// ---- ITU basic operators (16-bit saturation) ----

@inline function sat(x: i32): i32 {
  return x > 32767 ? 32767 : x < -32768 ? -32768 : x;
}

/** mult(a, b): (a·b) >> 15, saturated (only −32768·−32768 overflows). */
@inline function mult(a: i32, b: i32): i32 {
  return sat((a * b) >> 15);
}

@inline function limit(x: i32): i32 {
  return x > 16383 ? 16383 : x < -16384 ? -16384 : x;
}

/** One's-complement magnitude, as QUANTL and QUANTH compare it. */
@inline function magnitude(x: i32): i32 {
  return x >= 0 ? x : -(x + 1);
}

/** SCALEL (shift 8) / SCALEH (shift 10): the linear scale factor of log factor `nb`. */
@inline function scale(nb: i32, shift: i32): i32 {
  const wd1 = at(ILB, (nb >> 6) & 31);
  const wd2 = shift - (nb >> 11);
  return (wd2 < 0 ? wd1 << -wd2 : wd1 >> wd2) << 2;
}

/** UPZERO for b(i), then DELAYA for d(i) (`i` a byte offset: 4·i): d(i) takes `shifted`. */
@inline function upzero(band: usize, i: usize, sgd: i32, step: i32, shifted: i32): void {
  const di = load<i32>(band + D + i);
  store<i32>(band + B + i, sat(((di >> 15) == sgd ? step : -step) + mult(load<i32>(band + B + i), 32640)));
  store<i32>(band + D + i, shifted);
}

/** One FILTEZ step: sz + b(i)·2d(i), saturating. */
@inline function zeroTap(band: usize, i: usize, sz: i32): i32 {
  const di = load<i32>(band + D + i);
  return sat(sz + mult(load<i32>(band + B + i), sat(di + di)));
}

/** Block 4 (both bands): RECONS, PARREC, UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEP, FILTEZ, PREDIC. */
function adapt(band: usize, d: i32): void {
  const r0 = sat(load<i32>(band + S) + d);
  const p0 = sat(load<i32>(band + SZ) + d);
  const p1 = load<i32>(band + P1);
  const p2 = load<i32>(band + P2);
  const a1 = load<i32>(band + A1);
  const a2 = load<i32>(band + A2);
  const sg0 = p0 >> 15;
  const sg1 = p1 >> 15;
  const sg2 = p2 >> 15;

  // UPPOL2
  const wd1 = sat(a1 << 2);
  let wd2 = sg0 == sg1 ? -wd1 : wd1;
  if (wd2 > 32767) wd2 = 32767;
  let ap2 = sat(sat((wd2 >> 7) + (sg0 == sg2 ? 128 : -128)) + mult(a2, 32512));
  if (ap2 > 12288) ap2 = 12288;
  else if (ap2 < -12288) ap2 = -12288;

  // UPPOL1
  let ap1 = sat((sg0 == sg1 ? 192 : -192) + mult(a1, 32640));
  const bound = sat(15360 - ap2);
  if (ap1 > bound) ap1 = bound;
  else if (ap1 < -bound) ap1 = -bound;

  // UPZERO, then DELAYA for d and b
  const step = d == 0 ? 0 : 128;
  const sgd = d >> 15;
  upzero(band, 24, sgd, step, load<i32>(band + D + 20));
  upzero(band, 20, sgd, step, load<i32>(band + D + 16));
  upzero(band, 16, sgd, step, load<i32>(band + D + 12));
  upzero(band, 12, sgd, step, load<i32>(band + D + 8));
  upzero(band, 8, sgd, step, load<i32>(band + D + 4));
  upzero(band, 4, sgd, step, d);

  // DELAYA for r, p, a
  store<i32>(band + R2, load<i32>(band + R1));
  store<i32>(band + R1, r0);
  store<i32>(band + P2, p1);
  store<i32>(band + P1, p0);
  store<i32>(band + A1, ap1);
  store<i32>(band + A2, ap2);

  // FILTEP
  const r2 = load<i32>(band + R2);
  const sp = sat(mult(ap1, sat(r0 + r0)) + mult(ap2, sat(r2 + r2)));

  // FILTEZ (d(n-6) first, saturating at each step)
  let sz = zeroTap(band, 24, 0);
  sz = zeroTap(band, 20, sz);
  sz = zeroTap(band, 16, sz);
  sz = zeroTap(band, 12, sz);
  sz = zeroTap(band, 8, sz);
  sz = zeroTap(band, 4, sz);
  store<i32>(band + SZ, sz);

  // PREDIC
  store<i32>(band + S, sat(sp + sz));
}

/** Lower band, after the code is known: INVQAL, LOGSCL, SCALEL, then block 4. */
@inline function adaptLow(band: usize, il: i32): void {
  const ril = il >> 2;
  const det = load<i32>(band + DET);
  const dlt = mult(det, at(QM4, ril));
  let nb = mult(load<i32>(band + NB), 32512) + at(WL, at(RL42, ril));
  if (nb < 0) nb = 0;
  else if (nb > 18432) nb = 18432;
  store<i32>(band + NB, nb);
  store<i32>(band + DET, scale(nb, 8));
  adapt(band, dlt);
}

/** Higher band, after the code is known: INVQAH, LOGSCH, SCALEH, then block 4. */
@inline function adaptHigh(band: usize, ih: i32): void {
  const det = load<i32>(band + DET);
  const dh = mult(det, at(QM2, ih));
  let nb = mult(load<i32>(band + NB), 32512) + at(WH, at(RH2, ih));
  if (nb < 0) nb = 0;
  else if (nb > 22528) nb = 22528;
  store<i32>(band + NB, nb);
  store<i32>(band + DET, scale(nb, 10));
  adapt(band, dh);
}

/** SUBTRA + QUANTL: the 6-bit code of lower-band sample `xl`; then adapts. */
@inline function encodeLow(band: usize, xl: i32): i32 {
  const el = sat(xl - load<i32>(band + S));
  const wd = magnitude(el);
  const det = load<i32>(band + DET);
  // The first decision level above wd (levels rise with i): 1…29, or 30 past the last.
  let i = 1;
  let end = 30;
  while (i < end) {
    const mid = (i + end) >> 1;
    if (wd < (at(Q6, mid) * det) >> 12) end = mid;
    else i = mid + 1;
  }
  const il = el < 0 ? at(ILN, i) : at(ILP, i);
  adaptLow(band, il);
  return il;
}

/** SUBTRA + QUANTH: the 2-bit code of higher-band sample `xh`; then adapts. */
@inline function encodeHigh(band: usize, xh: i32): i32 {
  const eh = sat(xh - load<i32>(band + S));
  const wd = magnitude(eh);
  const outer = wd >= (564 * load<i32>(band + DET)) >> 12;
  const ih = eh < 0 ? (outer ? 0 : 1) : outer ? 2 : 3;
  adaptHigh(band, ih);
  return ih;
}

/** The INVQBL table of `mode` (QM6, QM5, QM4), indexed by the code shifted right by mode − 1. */
@inline function invqbl(mode: i32): usize {
  return mode == 1 ? QM6 : mode == 2 ? QM5 : QM4;
}

/** INVQBL + RECONS + LIMIT: lower-band output for code `il` with the mode's table; then adapts. */
@inline function decodeLow(band: usize, il: i32, table: usize, drop: i32): i32 {
  const q = at(table, il >> drop);
  const rl = limit(sat(load<i32>(band + S) + mult(load<i32>(band + DET), q)));
  adaptLow(band, il);
  return rl;
}

/** INVQAH + RECONS + LIMIT: higher-band output for code `ih`; then adapts. */
@inline function decodeHigh(band: usize, ih: i32): i32 {
  const rh = limit(sat(load<i32>(band + S) + mult(load<i32>(band + DET), at(QM2, ih))));
  adaptHigh(band, ih);
  return rh;
}

/**
 * Pushes two samples (older first) onto the QMF delay line and returns the
 * address of its 24 samples, oldest first. The line is a ring of 12 pairs
 * stored twice over, so the window is always contiguous.
 */
@inline function pushPair(state: usize, older: i32, newer: i32): usize {
  const head = load<i32>(state + QMF_HEAD);
  const slot = state + QMF_LINE + (<usize>head << 3);
  store<i32>(slot, older);
  store<i32>(slot, newer, 4);
  store<i32>(slot, older, 96);
  store<i32>(slot, newer, 100);
  store<i32>(state + QMF_HEAD, head == 11 ? 0 : head + 1);
  return slot + 8;
}

/** Σ x[2k]·h(k) over the window at `w` (the taps that meet the older samples of each pair). */
@inline function evenTaps(w: usize): i32 {
  return load<i32>(w, 0) * 3 + load<i32>(w, 8) * -11 + load<i32>(w, 16) * 12 + load<i32>(w, 24) * 32 +
    load<i32>(w, 32) * -210 + load<i32>(w, 40) * 951 + load<i32>(w, 48) * 3876 + load<i32>(w, 56) * -805 +
    load<i32>(w, 64) * 362 + load<i32>(w, 72) * -156 + load<i32>(w, 80) * 53 + load<i32>(w, 88) * -11;
}

/** Σ x[2k+1]·h(11−k) over the window at `w`. */
@inline function oddTaps(w: usize): i32 {
  return load<i32>(w, 4) * -11 + load<i32>(w, 12) * 53 + load<i32>(w, 20) * -156 + load<i32>(w, 28) * 362 +
    load<i32>(w, 36) * -805 + load<i32>(w, 44) * 3876 + load<i32>(w, 52) * 951 + load<i32>(w, 60) * -210 +
    load<i32>(w, 68) * 32 + load<i32>(w, 76) * 12 + load<i32>(w, 84) * -11 + load<i32>(w, 92) * 3;
}

// ---- life cycle ----

function resetBand(band: usize, det: i32): void {
  memory.fill(band, 0, 128);
  store<i32>(band + DET, det);
}

export function g722Reset(state: usize): void {
  store<i32>(state + CARRIED, 0);
  store<i32>(state + CARRY, 0);
  resetBand(state + LOW, 32);
  resetBand(state + HIGH, 8);
  store<i32>(state + QMF_HEAD, 0);
  memory.fill(state + QMF_LINE, 0, 48 * 4);
}

/** A new stream's state: `mode` 0 for an encoder, 1/2/3 for a decoder at 64/56/48 kbit/s. */
export function g722Create(mode: i32): usize {
  const state = allocate(STATE_BYTES);
  store<i32>(state + MODE, mode);
  g722Reset(state);
  return state;
}

export function g722Destroy(state: usize): void {
  release(state);
}

export function g722StateBytes(): i32 {
  return <i32>STATE_BYTES;
}

/** Input samples the encoder holds back (0 or 1) until their pair arrives. */
export function g722Carried(state: usize): i32 {
  return load<i32>(state + CARRIED);
}

// ---- kernels ----

/**
 * Encodes `count` PCM16 samples at `src` (16 kHz) into octets at `dst`,
 * pairing a sample carried from the last call first and carrying an odd last
 * one. Returns the octets written: (carried + count) >> 1.
 */
export function g722Encode(state: usize, src: usize, count: i32, dst: usize): i32 {
  const low = state + LOW;
  const high = state + HIGH;
  let i = 0;
  let out: usize = dst;
  let older: i32 = 0;
  let haveOlder = load<i32>(state + CARRIED) != 0;
  if (haveOlder) older = load<i32>(state + CARRY);
  while (i < count) {
    const x = <i32>load<i16>(src + (<usize>i << 1));
    i++;
    if (!haveOlder) {
      older = x;
      haveOlder = true;
      continue;
    }
    haveOlder = false;
    const window = pushPair(state, older, x);
    const sumOdd = evenTaps(window);
    const sumEven = oddTaps(window);
    const xl = limit((sumEven + sumOdd) >> 14);
    const xh = limit((sumEven - sumOdd) >> 14);
    const il = encodeLow(low, xl);
    const ih = encodeHigh(high, xh);
    store<u8>(out, (ih << 6) | il);
    out++;
  }
  store<i32>(state + CARRIED, haveOlder ? 1 : 0);
  store<i32>(state + CARRY, haveOlder ? older : 0);
  return <i32>(out - dst);
}

/** Decodes `count` octets at `src` into 2·count PCM16 samples at `dst` (16 kHz). Returns 2·count. */
export function g722Decode(state: usize, src: usize, count: i32, dst: usize): i32 {
  const low = state + LOW;
  const high = state + HIGH;
  const mode = load<i32>(state + MODE);
  const table = invqbl(mode);
  for (let i = 0; i < count; i++) {
    const code = <i32>load<u8>(src + <usize>i);
    const rl = decodeLow(low, code & 63, table, mode - 1);
    const rh = decodeHigh(high, code >> 6);
    // QMF synthesis: the taps on the newer input of each pair give the older output sample.
    const window = pushPair(state, rl + rh, rl - rh);
    const first = oddTaps(window);
    const second = evenTaps(window);
    const out = dst + (<usize>i << 2);
    store<i16>(out, sat(first >> 11));
    store<i16>(out + 2, sat(second >> 11));
  }
  return count << 1;
}

/**
 * The sub-band coders alone, QMF bypassed (G.722 Appendix II tests): encodes
 * `count` lower- and higher-band samples (i16 at `low`, `high`) into octets
 * at `dst`.
 */
export function g722EncodeSubbands(state: usize, low: usize, high: usize, count: i32, dst: usize): void {
  for (let i = 0; i < count; i++) {
    const il = encodeLow(state + LOW, <i32>load<i16>(low + (<usize>i << 1)));
    const ih = encodeHigh(state + HIGH, <i32>load<i16>(high + (<usize>i << 1)));
    store<u8>(dst + <usize>i, (ih << 6) | il);
  }
}

/** Decodes `count` octets at `src` into lower- and higher-band samples (i16 at `low`, `high`), QMF bypassed. */
export function g722DecodeSubbands(state: usize, src: usize, count: i32, low: usize, high: usize): void {
  const mode = load<i32>(state + MODE);
  const table = invqbl(mode);
  for (let i = 0; i < count; i++) {
    const code = <i32>load<u8>(src + <usize>i);
    store<i16>(low + (<usize>i << 1), <i16>decodeLow(state + LOW, code & 63, table, mode - 1));
    store<i16>(high + (<usize>i << 1), <i16>decodeHigh(state + HIGH, code >> 6));
  }
}

// ---- fused with the resampler: one call per chunk ----

/**
 * Decodes `count` octets at `src` into 2·count PCM16 samples at `work`, then
 * resamples them from 16 kHz with the resampler state `resampler` into `dst`,
 * written as `output` (PCM16, or G.711 codes or L16BE for the Converter).
 * Returns the samples written at `dst`.
 */
export function g722DecodeResample(g722: usize, resampler: usize, src: usize, count: i32, work: usize, dst: usize, output: i32): i32 {
  const samples = g722Decode(g722, src, count, work);
  return resamplerProcess(resampler, work, samples, dst, PCM16, output);
}

/**
 * Resamples `count` samples at `src`, read as `input` (PCM16, or G.711 codes
 * or L16BE for the Converter), to 16 kHz PCM16 into `dst`, then encodes them
 * there in place (octet j overwrites bytes already read), carrying an odd
 * sample as g722Encode does. Returns the octets written at `dst`.
 */
export function g722ResampleEncode(resampler: usize, g722: usize, src: usize, count: i32, dst: usize, input: i32): i32 {
  const samples = resamplerProcess(resampler, src, count, dst, input, PCM16);
  return g722Encode(g722, dst, samples, dst);
}
