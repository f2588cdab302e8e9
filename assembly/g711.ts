// G.711 μ-law and A-law, bit-exact with the ITU-T G.191 reference (g711.c).
// The kernels work 16 samples a step in SIMD arithmetic (below); tables
// built by the reference arithmetic take the last few samples and are what
// the SIMD forms are tested against. Decode is a 256-entry table. Encode is a
// table indexed by the input's top bits: G.191 truncates (μ-law keeps 14
// bits, A-law 13), so every input that shares those bits shares a code.

// Tables, filled once at instantiation by the reference arithmetic below.
const ULAW_DECODE = memory.data(256 * 2, 16); // i16[256]
const ALAW_DECODE = memory.data(256 * 2, 16); // i16[256]
const ULAW_ENCODE = memory.data(1 << 14, 16); // u8[16384], index: (x >> 2) & 0x3FFF
const ALAW_ENCODE = memory.data(1 << 13, 16); // u8[8192],  index: (x >> 3) & 0x1FFF

/** G.191 ulaw_compress for one sample, via its 14-bit truncation. */
function ulawCompressOne(x: i32): u8 {
  // One's-complement magnitude: -1 maps to 0, -32768 to 32767, no special case.
  const magnitude = x < 0 ? ~x : x;
  let biased = (magnitude >> 2) + 33; // 13-bit magnitude plus the μ-law bias
  if (biased > 0x1fff) biased = 0x1fff;
  // Segment: 1 + position of the highest set bit above bit 5.
  const segment = 1 + (32 - clz<i32>(biased >> 6));
  const mantissa = (biased >> segment) & 0x0f;
  let code = ((8 - segment) << 4) | (0x0f - mantissa);
  if (x >= 0) code |= 0x80;
  return <u8>code;
}

/** G.191 ulaw_expand for one code. */
function ulawExpandOne(code: i32): i16 {
  const inverted = ~code;
  const exponent = (inverted >> 4) & 0x07;
  const mantissa = inverted & 0x0f;
  const step = 4 << (exponent + 1);
  const magnitude = (0x80 << exponent) + step * mantissa + (step >> 1) - 4 * 33;
  return <i16>(code < 0x80 ? -magnitude : magnitude);
}

/** G.191 alaw_compress for one sample, via its 13-bit truncation. */
function alawCompressOne(x: i32): u8 {
  const magnitude = x < 0 ? ~x : x;
  let ix = magnitude >> 4; // 11 bits
  if (ix > 15) {
    let exponent = 1;
    while (ix > 16 + 15) {
      ix >>= 1;
      exponent++;
    }
    ix = ix - 16 + (exponent << 4);
  }
  if (x >= 0) ix |= 0x80;
  return <u8>(ix ^ 0x55);
}

/** G.191 alaw_expand for one code. */
function alawExpandOne(code: i32): i16 {
  const ix = (code ^ 0x55) & 0x7f;
  const exponent = ix >> 4;
  let mantissa = ix & 0x0f;
  if (exponent > 0) mantissa += 16;
  mantissa = (mantissa << 4) + 8;
  if (exponent > 1) mantissa <<= exponent - 1;
  return <i16>(code > 127 ? mantissa : -mantissa);
}

function fillTables(): void {
  for (let code = 0; code < 256; code++) {
    store<i16>(ULAW_DECODE + (<usize>code << 1), ulawExpandOne(code));
    store<i16>(ALAW_DECODE + (<usize>code << 1), alawExpandOne(code));
  }
  // Each index stands for the inputs whose top bits it is; the lowest such
  // input (index << shift, sign-extended) has the same code as all of them.
  for (let index = 0; index < 1 << 14; index++) {
    const x = (<i32>(<i16>(index << 2)));
    store<u8>(ULAW_ENCODE + <usize>index, ulawCompressOne(x));
  }
  for (let index = 0; index < 1 << 13; index++) {
    const x = (<i32>(<i16>(index << 3)));
    store<u8>(ALAW_ENCODE + <usize>index, alawCompressOne(x));
  }
}

fillTables();

// Kernels: whole arrays in one call. Pointers are byte addresses in linear memory.

// Decode and encode by SIMD arithmetic, 16 samples a step
// (the tail by the tables): bit-exact with the tables above, as the
// exhaustive tests check.

// 2^e for e = 0…7, for i8x16.swizzle.
const POWERS_OF_TWO = memory.data<u8>([1, 2, 4, 8, 16, 32, 64, 128, 0, 0, 0, 0, 0, 0, 0, 0]);

/** Eight codes (zero-extended in i16 lanes) to samples: ((mantissa·8 + 132) << exponent) − 132, negated below 0x80. */
@inline
function ulawExpand8(codes: v128): v128 {
  const inverted = v128.xor(codes, i16x8.splat(0xff));
  const exponent = v128.and(i16x8.shr_u(inverted, 4), i16x8.splat(7));
  const mantissa = v128.and(inverted, i16x8.splat(15));
  // Each lane's high byte is 0, which swizzles to 2^0: mask it off.
  const power = v128.and(i8x16.swizzle(v128.load(POWERS_OF_TWO), exponent), i16x8.splat(0xff));
  const magnitude = i16x8.sub(i16x8.mul(i16x8.add(i16x8.shl(mantissa, 3), i16x8.splat(132)), power), i16x8.splat(132));
  // All ones where the inverted code's bit 7 is set (a code below 0x80): (m ^ −1) − (−1) = −m.
  const negative = i16x8.shr_s(i16x8.shl(inverted, 8), 15);
  return i16x8.sub(v128.xor(magnitude, negative), negative);
}

// A-law the same way: 2^max(e − 1, 0) for e = 0…7.
const ALAW_POWERS = memory.data<u8>([1, 1, 2, 4, 8, 16, 32, 64, 0, 0, 0, 0, 0, 0, 0, 0]);

/** Eight codes (zero-extended in i16 lanes) to samples: (mantissa·16 + 8 + (e > 0 ? 256 : 0)) · 2^max(e − 1, 0), negated below 0x80. */
@inline
function alawExpand8(codes: v128): v128 {
  const flipped = v128.xor(codes, i16x8.splat(0xd5)); // the 0x55 toggle, and bit 7 set for negative codes
  const exponent = v128.and(i16x8.shr_u(flipped, 4), i16x8.splat(7));
  const mantissa = v128.and(flipped, i16x8.splat(15));
  const power = v128.and(i8x16.swizzle(v128.load(ALAW_POWERS), exponent), i16x8.splat(0xff));
  const segmentBit = i16x8.shl(i16x8.min_u(exponent, i16x8.splat(1)), 8);
  const magnitude = i16x8.mul(i16x8.add(i16x8.add(i16x8.shl(mantissa, 4), i16x8.splat(8)), segmentBit), power);
  const negative = i16x8.shr_s(i16x8.shl(flipped, 8), 15);
  return i16x8.sub(v128.xor(magnitude, negative), negative);
}

/**
 * Four samples (i32 lanes) to codes. The segment is the exponent of the
 * biased magnitude as an f32, and the interval its top four mantissa bits,
 * so bits >> 19 = 16·(127 + e) + interval and the code is 2239 − that.
 */
@inline
function ulawCompress4(x: v128): v128 {
  const sign = i32x4.shr_s(x, 31);
  const magnitude = v128.xor(x, sign); // one's complement, as G.191
  const biased = i32x4.min_s(i32x4.add(i32x4.shr_s(magnitude, 2), i32x4.splat(33)), i32x4.splat(0x1fff));
  const code = i32x4.sub(i32x4.splat(2239), i32x4.shr_u(f32x4.convert_i32x4_s(biased), 19));
  return v128.or(v128.and(code, i32x4.splat(0x7f)), v128.andnot(i32x4.splat(0x80), sign));
}

/**
 * Four samples (i32 lanes) to A-law codes. ix = magnitude >> 4 (11 bits) is
 * its own 7-bit code below 16; above, the segment is the f32 exponent of ix
 * less 3 and the interval its top four mantissa bits: bits >> 19 − 2080.
 */
@inline
function alawCompress4(x: v128): v128 {
  const sign = i32x4.shr_s(x, 31);
  const ix = i32x4.shr_s(v128.xor(x, sign), 4); // one's complement magnitude, as G.191
  const segmented = i32x4.sub(i32x4.shr_u(f32x4.convert_i32x4_s(ix), 19), i32x4.splat(2080));
  const code = v128.bitselect(ix, segmented, i32x4.lt_s(ix, i32x4.splat(16)));
  return v128.xor(v128.or(code, v128.andnot(i32x4.splat(0x80), sign)), i32x4.splat(0x55));
}

@inline
export function ulawDecodeInto(src: usize, dst: usize, count: i32): void {
  let i = 0;
  for (; i + 16 <= count; i += 16) {
    const codes = v128.load(src + <usize>i);
    v128.store(dst + (<usize>i << 1), ulawExpand8(i16x8.extend_low_i8x16_u(codes)));
    v128.store(dst + (<usize>i << 1), ulawExpand8(i16x8.extend_high_i8x16_u(codes)), 16);
  }
  for (; i < count; i++) {
    const code = <usize>load<u8>(src + <usize>i);
    store<i16>(dst + (<usize>i << 1), load<i16>(ULAW_DECODE + (code << 1)));
  }
}

@inline
export function alawDecodeInto(src: usize, dst: usize, count: i32): void {
  let i = 0;
  for (; i + 16 <= count; i += 16) {
    const codes = v128.load(src + <usize>i);
    v128.store(dst + (<usize>i << 1), alawExpand8(i16x8.extend_low_i8x16_u(codes)));
    v128.store(dst + (<usize>i << 1), alawExpand8(i16x8.extend_high_i8x16_u(codes)), 16);
  }
  for (; i < count; i++) {
    const code = <usize>load<u8>(src + <usize>i);
    store<i16>(dst + (<usize>i << 1), load<i16>(ALAW_DECODE + (code << 1)));
  }
}

/** Also runs in place (src == dst): each step loads 32 bytes before storing 16 at or below them. */
@inline
export function ulawEncodeInto(src: usize, dst: usize, count: i32): void {
  let i = 0;
  for (; i + 16 <= count; i += 16) {
    const low = v128.load(src + (<usize>i << 1));
    const high = v128.load(src + (<usize>i << 1), 16);
    const codes01 = i16x8.narrow_i32x4_s(ulawCompress4(i32x4.extend_low_i16x8_s(low)), ulawCompress4(i32x4.extend_high_i16x8_s(low)));
    const codes23 = i16x8.narrow_i32x4_s(ulawCompress4(i32x4.extend_low_i16x8_s(high)), ulawCompress4(i32x4.extend_high_i16x8_s(high)));
    v128.store(dst + <usize>i, i8x16.narrow_i16x8_u(codes01, codes23));
  }
  for (; i < count; i++) {
    const index = <usize>((<u32>load<u16>(src + (<usize>i << 1))) >> 2);
    store<u8>(dst + <usize>i, load<u8>(ULAW_ENCODE + index));
  }
}

/** Also runs in place, as ulawEncodeInto. */
@inline
export function alawEncodeInto(src: usize, dst: usize, count: i32): void {
  let i = 0;
  for (; i + 16 <= count; i += 16) {
    const low = v128.load(src + (<usize>i << 1));
    const high = v128.load(src + (<usize>i << 1), 16);
    const codes01 = i16x8.narrow_i32x4_s(alawCompress4(i32x4.extend_low_i16x8_s(low)), alawCompress4(i32x4.extend_high_i16x8_s(low)));
    const codes23 = i16x8.narrow_i32x4_s(alawCompress4(i32x4.extend_low_i16x8_s(high)), alawCompress4(i32x4.extend_high_i16x8_s(high)));
    v128.store(dst + <usize>i, i8x16.narrow_i16x8_u(codes01, codes23));
  }
  for (; i < count; i++) {
    const index = <usize>((<u32>load<u16>(src + (<usize>i << 1))) >> 3);
    store<u8>(dst + <usize>i, load<u8>(ALAW_ENCODE + index));
  }
}

/** Sample formats a fused kernel reads or writes (src/_kernels.ts SampleFormat mirrors them). */
export const PCM16: i32 = 0; // little-endian, wasm's own order
export const ULAW: i32 = 1;
export const ALAW: i32 = 2;
export const L16BE: i32 = 3; // PCM16 in network order (RFC 3551 L16)

/** Eight samples with their two bytes swapped (big-endian ⇄ little-endian). */
@inline
function swapped8(samples: v128): v128 {
  return i8x16.shuffle(samples, samples, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
}

/** PCM16 with each sample's two bytes swapped, 8 a step; in place when src == dst. */
@inline
export function swapBytes16(src: usize, dst: usize, count: i32): void {
  let i = 0;
  for (; i + 8 <= count; i += 8) {
    const at = <usize>i << 1;
    v128.store(dst + at, swapped8(v128.load(src + at)));
  }
  for (; i < count; i++) {
    const at = <usize>i << 1;
    store<u16>(dst + at, bswap<u16>(load<u16>(src + at)));
  }
}

/** Eight i16 lanes stored as eight f32. */
@inline
function storeF32x8(dst: usize, samples: v128): void {
  v128.store(dst, f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(samples)));
  v128.store(dst, f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(samples)), 16);
}

/** Decodes codes (or L16BE) straight to f32 (the resampler's working format): the same values as decode (or swap) then widen. */
@inline
export function decodeToF32(format: i32, src: usize, dst: usize, count: i32): void {
  let i = 0;
  if (format == L16BE) {
    for (; i + 8 <= count; i += 8) {
      storeF32x8(dst + (<usize>i << 2), swapped8(v128.load(src + (<usize>i << 1))));
    }
    for (; i < count; i++) store<f32>(dst + (<usize>i << 2), <f32><i16>bswap<u16>(load<u16>(src + (<usize>i << 1))));
    return;
  }
  // Two loops, not a choice inside one: Binaryen may turn that into a select, computing both laws.
  if (format == ULAW) {
    for (; i + 8 <= count; i += 8) {
      storeF32x8(dst + (<usize>i << 2), ulawExpand8(i16x8.extend_low_i8x16_u(v128.load64_zero(src + <usize>i))));
    }
  } else {
    for (; i + 8 <= count; i += 8) {
      storeF32x8(dst + (<usize>i << 2), alawExpand8(i16x8.extend_low_i8x16_u(v128.load64_zero(src + <usize>i))));
    }
  }
  const table = format == ULAW ? ULAW_DECODE : ALAW_DECODE;
  for (; i < count; i++) {
    const code = <usize>load<u8>(src + <usize>i);
    store<f32>(dst + (<usize>i << 2), <f32>load<i16>(table + (code << 1)));
  }
}

/** Encodes PCM16 samples to codes in place (code i overwrites byte i of sample i/2, already read), or to L16BE. */
@inline
export function encodeInPlace(format: i32, buffer: usize, count: i32): void {
  if (format == ULAW) ulawEncodeInto(buffer, buffer, count);
  else if (format == ALAW) alawEncodeInto(buffer, buffer, count);
  else swapBytes16(buffer, buffer, count);
}
