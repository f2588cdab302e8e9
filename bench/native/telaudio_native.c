// telaudio's per-frame work in plain C, for a native baseline.
//
// The same arithmetic as the wasm kernels (assembly/g711.ts, assembly/fir.ts,
// assembly/resample.ts), operation for operation, so the outputs are equal bit
// for bit (bench/native.ts checks that): G.711 μ-law by the same tables;
// streaming polyphase resampling with f32 taps (written by
// bench/native/inputs.ts from designPrototype + phaseLayout) over an f32
// history, carried history ++ chunk in a working buffer, per output the same
// products summed in the same order, rounded to nearest (ties to even) and
// saturated to int16.
//
// Summation order (assembly/fir.ts, assembly/folded.ts):
// - folded ×3 (8k → 24k: voice is linear phase): see interpolate_folded3;
// - vertical form (integer interpolation): one accumulator per output, taps
//   in order: sum = sum + t[i]·x[i], i = 0, 1, …
// - horizontal form (integer decimation): four lanes, lane k sums
//   t[4v + k]·x[4v + k] over v; then (l0 + l2) + (l1 + l3).
// Products and sums are separately rounded f32 operations, so this file must
// be built with -ffp-contract=off: in its GNU modes (the default -std=gnu17)
// gcc fuses a·b + c into an FMA wherever the target has one (-march=native
// here), which changes the bits; bench/native.ts passes it explicitly and
// builds an -ffp-contract=fast control that the bit-exactness check rejects.
//
// The FIR loops come in three builds: plain C shaped so gcc vectorizes across
// independent outputs or lanes (the default), the same f32x4 operations as the
// wasm in GCC vector extensions (-DTELAUDIO_VEC4), and the obvious loops
// (-DTELAUDIO_NAIVE), which gcc vectorizes badly.
//
// Usage: telaudio_native <dir> <label> [timeMs]
//   reads <dir>/taps.bin and <dir>/frames.bin, writes <dir>/out-<label>.bin
//   (the outputs for the verification frames), then times the jobs like
//   bench/_harness.ts (tinybench): each sample times `batch` calls, samples
//   for timeMs (and at least 64), the median over samples divided by batch.
//   Prints one JSON object a line: {"job": ..., "medianNs": ..., "samples": ...}.

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOINLINE __attribute__((noinline))
#define ALIGNED(n) __attribute__((aligned(n)))
/** Keeps the compiler from dropping or hoisting work whose result is in memory. */
#define CLOBBER(p) __asm__ volatile("" : : "r"(p) : "memory")

// ---------------------------------------------------------------- G.711 μ-law

static int16_t ULAW_DECODE[256] ALIGNED(16);
static uint8_t ULAW_ENCODE[1 << 14] ALIGNED(16); // index: (x >> 2) & 0x3FFF

/** G.191 ulaw_compress for one sample (as assembly/g711.ts ulawCompressOne). */
static uint8_t ulaw_compress_one(int32_t x) {
  const int32_t magnitude = x < 0 ? ~x : x;
  int32_t biased = (magnitude >> 2) + 33;
  if (biased > 0x1fff) biased = 0x1fff;
  const uint32_t top = (uint32_t)(biased >> 6);
  const int32_t clz = top == 0 ? 32 : __builtin_clz(top); // wasm clz(0) = 32
  const int32_t segment = 1 + (32 - clz);
  const int32_t mantissa = (biased >> segment) & 0x0f;
  int32_t code = ((8 - segment) << 4) | (0x0f - mantissa);
  if (x >= 0) code |= 0x80;
  return (uint8_t)code;
}

/** G.191 ulaw_expand for one code (as assembly/g711.ts ulawExpandOne). */
static int16_t ulaw_expand_one(int32_t code) {
  const int32_t inverted = ~code;
  const int32_t exponent = (inverted >> 4) & 0x07;
  const int32_t mantissa = inverted & 0x0f;
  const int32_t step = 4 << (exponent + 1);
  const int32_t magnitude = (0x80 << exponent) + step * mantissa + (step >> 1) - 4 * 33;
  return (int16_t)(code < 0x80 ? -magnitude : magnitude);
}

static void fill_tables(void) {
  for (int code = 0; code < 256; code++) ULAW_DECODE[code] = ulaw_expand_one(code);
  for (int index = 0; index < 1 << 14; index++) ULAW_ENCODE[index] = ulaw_compress_one((int16_t)(index << 2));
}

NOINLINE static void ulaw_decode(const uint8_t *src, int16_t *dst, int count) {
  for (int i = 0; i < count; i++) dst[i] = ULAW_DECODE[src[i]];
}

NOINLINE static void ulaw_encode(const int16_t *src, uint8_t *dst, int count) {
  for (int i = 0; i < count; i++) dst[i] = ULAW_ENCODE[(uint16_t)src[i] >> 2];
}

enum { PCM16 = 0, ULAW = 1 };

// ---------------------------------------------------------------- FIR (assembly/fir.ts)

/** nearest (ties to even), then clamp to [-32768, 32767], then truncate: toPcm16 / toPcm16x4. */
static inline int16_t to_pcm16(float value) {
  float r = rintf(value); // default rounding mode: to nearest, ties to even (= f32.nearest)
  r = r < -32768.0f ? -32768.0f : r;
  r = r > 32767.0f ? 32767.0f : r;
  return (int16_t)(int32_t)r;
}

/** One output, vertical form: sum += t[i]·x[i] in tap order (dotVertical). */
static inline float dot_vertical(const float *taps, const float *x, int count) {
  float sum = 0;
  for (int i = 0; i < count; i++) sum += taps[i] * x[i];
  return sum;
}

/** One output, horizontal form: four lane sums over the vectors, then (l0 + l2) + (l1 + l3) (dotHorizontal). */
static inline float dot_horizontal(const float *taps, const float *x, int vectors) {
  float lane[4] = {0, 0, 0, 0};
  for (int v = 0; v < vectors; v++)
    for (int k = 0; k < 4; k++) lane[k] += taps[4 * v + k] * x[4 * v + k];
  return (lane[0] + lane[2]) + (lane[1] + lane[3]);
}

#if defined(TELAUDIO_VEC4)
// The wasm kernels' f32x4 operations transliterated to GCC vector extensions
// (SSE/AVX xmm registers; independent of -ftree-vectorize).
typedef float v4sf __attribute__((vector_size(16)));

static inline v4sf load4(const float *p) {
  v4sf v;
  memcpy(&v, p, 16);
  return v;
}

static inline void dot_vertical16(const float *taps, const float *x, int count, int16_t *out, int step) {
  v4sf a = {0}, b = {0}, c = {0}, d = {0};
  for (int i = 0; i < count; i++) {
    const float t = taps[i];
    a += t * load4(x + i);
    b += t * load4(x + i + 4);
    c += t * load4(x + i + 8);
    d += t * load4(x + i + 12);
  }
  for (int j = 0; j < 4; j++) {
    out[j * step] = to_pcm16(a[j]);
    out[(4 + j) * step] = to_pcm16(b[j]);
    out[(8 + j) * step] = to_pcm16(c[j]);
    out[(12 + j) * step] = to_pcm16(d[j]);
  }
}

static inline void dot_horizontal4(const float *taps, const float *x, int stride, int vectors, int16_t *out) {
  v4sf a = {0}, b = {0}, c = {0}, d = {0};
  for (int v = 0; v < vectors; v++) {
    const v4sf t = load4(taps + 4 * v);
    const float *xv = x + 4 * v;
    a += t * load4(xv);
    b += t * load4(xv + stride);
    c += t * load4(xv + 2 * stride);
    d += t * load4(xv + 3 * stride);
  }
  out[0] = to_pcm16((a[0] + a[2]) + (a[1] + a[3]));
  out[1] = to_pcm16((b[0] + b[2]) + (b[1] + b[3]));
  out[2] = to_pcm16((c[0] + c[2]) + (c[1] + c[3]));
  out[3] = to_pcm16((d[0] + d[2]) + (d[1] + d[3]));
}

#elif defined(TELAUDIO_NAIVE)
// The obvious transcription: gcc vectorizes the tap loop as an in-order
// ("fold-left") reduction, scalar adds one after another, instead of across
// outputs: several times slower (kept to show it).

static inline void dot_vertical16(const float *taps, const float *x, int count, int16_t *out, int step) {
  float acc[16] = {0};
  for (int i = 0; i < count; i++) {
    const float t = taps[i];
    for (int j = 0; j < 16; j++) acc[j] += t * x[i + j];
  }
  for (int j = 0; j < 16; j++) out[j * step] = to_pcm16(acc[j]);
}

static inline void dot_horizontal4(const float *taps, const float *x, int stride, int vectors, int16_t *out) {
  float lane[4][4] = {{0}};
  for (int v = 0; v < vectors; v++)
    for (int o = 0; o < 4; o++)
      for (int k = 0; k < 4; k++) lane[o][k] += taps[4 * v + k] * x[o * stride + 4 * v + k];
  for (int o = 0; o < 4; o++) out[o] = to_pcm16((lane[o][0] + lane[o][2]) + (lane[o][1] + lane[o][3]));
}

#else
// Plain C shaped like the wasm (four groups of four accumulators). The
// innermost loop runs across outputs and is kept rolled so that gcc
// vectorizes it (across independent outputs: each output's order is kept);
// unrolled, gcc vectorizes the tap loop as an in-order reduction instead
// (see TELAUDIO_NAIVE).

/** Sixteen outputs of one phase, slices x + 0…15, stored `step` samples apart (dotVertical16). */
static inline void dot_vertical16(const float *taps, const float *x, int count, int16_t *out, int step) {
  float a[4] = {0}, b[4] = {0}, c[4] = {0}, d[4] = {0};
  for (int i = 0; i < count; i++) {
    const float t = taps[i];
    const float *xi = x + i;
#pragma GCC unroll 1
    for (int j = 0; j < 4; j++) {
      a[j] += t * xi[j];
      b[j] += t * xi[4 + j];
      c[j] += t * xi[8 + j];
      d[j] += t * xi[12 + j];
    }
  }
  for (int j = 0; j < 4; j++) {
    out[j * step] = to_pcm16(a[j]);
    out[(4 + j) * step] = to_pcm16(b[j]);
    out[(8 + j) * step] = to_pcm16(c[j]);
    out[(12 + j) * step] = to_pcm16(d[j]);
  }
}

/** Four outputs with the same taps, slices `stride` samples apart (dotHorizontal4). */
static inline void dot_horizontal4(const float *taps, const float *x, int stride, int vectors, int16_t *out) {
  float a[4] = {0}, b[4] = {0}, c[4] = {0}, d[4] = {0};
  for (int v = 0; v < vectors; v++) {
    const float *t = taps + 4 * v, *xv = x + 4 * v;
#pragma GCC unroll 1
    for (int k = 0; k < 4; k++) {
      a[k] += t[k] * xv[k];
      b[k] += t[k] * xv[stride + k];
      c[k] += t[k] * xv[2 * stride + k];
      d[k] += t[k] * xv[3 * stride + k];
    }
  }
  out[0] = to_pcm16((a[0] + a[2]) + (a[1] + a[3]));
  out[1] = to_pcm16((b[0] + b[2]) + (b[1] + b[3]));
  out[2] = to_pcm16((c[0] + c[2]) + (c[1] + c[3]));
  out[3] = to_pcm16((d[0] + d[2]) + (d[1] + d[3]));
}
#endif

// ---------------------------------------------------------------- streams (assembly/resample.ts)

#define WORK_SAMPLES (32768 + 4096)
static float work[WORK_SAMPLES] ALIGNED(16);

typedef struct {
  const float *taps;
  int up, down, taps_per_phase, history, next_input, next_phase, leading_zeros;
  float *hist;
  /** The folded ×3 table (assembly/folded.ts), or NULL. */
  const float *folded;
  int pairs, reach, self_phase;
} stream_t;

static void stream_init(stream_t *s, const float *taps, int up, int down, int taps_per_phase, int leading_zeros) {
  s->folded = NULL;
  s->taps = taps;
  s->up = up;
  s->down = down;
  s->taps_per_phase = taps_per_phase;
  s->leading_zeros = leading_zeros;
  s->history = taps_per_phase - 1 + (down + up - 1) / up;
  s->next_input = 0;
  s->next_phase = 0;
  s->hist = aligned_alloc(16, (((size_t)s->history * 4) + 15) / 16 * 16);
  memset(s->hist, 0, (size_t)s->history * 4);
}

static void stream_reset(stream_t *s) {
  s->next_input = 0;
  s->next_phase = 0;
  memset(s->hist, 0, (size_t)s->history * 4);
}

static void widen(const int16_t *src, float *dst, int count) {
  for (int i = 0; i < count; i++) dst[i] = (float)src[i];
}

static void decode_to_f32(const uint8_t *src, float *dst, int count) {
  for (int i = 0; i < count; i++) dst[i] = (float)ULAW_DECODE[src[i]];
}

/** Start of the slice whose newest sample is x[n0]. */
static inline const float *slice_at(const float *chunk, int n0, int taps_per_phase) {
  return chunk + (n0 - taps_per_phase + 1);
}

// Folded ×3 (assembly/folded.ts): per input n, with x = &x[n],
//   y_s = Σ cs[k]·(x[−k] + x[−Ks + k]), u = Σ cu[k]·(x[−k] + x[−K + k]),
//   v = Σ cd[k]·(x[−k] − x[−K + k]), y_a = u + v, y_b = u − v, K = Ks + s − 1.
// One C form for every build: plain loops across eight inputs, which gcc
// vectorizes across the inputs (each input's order is kept).

static inline void store_folded3(int16_t *out, int self, float ys, float u, float v) {
  out[self] = to_pcm16(ys);
  out[(self + 1) % 3] = to_pcm16(u + v);
  out[(self + 2) % 3] = to_pcm16(u - v);
}

/** Inputs n … n + 7: foldedUp3Block8. */
static inline void folded_up3_block8(const stream_t *s, const float *x, int16_t *out) {
  const float *ms = x - s->reach, *mp = x - (s->reach + s->self_phase - 1);
  float ys[8] = {0}, u[8] = {0}, v[8] = {0};
  for (int k = 0; k < s->pairs; k++) {
    const float cs = s->folded[4 * k], cu = s->folded[4 * k + 1], cd = s->folded[4 * k + 2];
#pragma GCC unroll 1
    for (int j = 0; j < 8; j++) {
      const float d = x[j - k], p = mp[j + k];
      ys[j] += cs * (d + ms[j + k]);
      u[j] += cu * (d + p);
      v[j] += cd * (d - p);
    }
  }
  for (int j = 0; j < 8; j++) store_folded3(out + 3 * j, s->self_phase, ys[j], u[j], v[j]);
}

/** Input n alone: foldedUp3One. */
static inline void folded_up3_one(const stream_t *s, const float *x, int16_t *out) {
  const float *ms = x - s->reach, *mp = x - (s->reach + s->self_phase - 1);
  float ys = 0, u = 0, v = 0;
  for (int k = 0; k < s->pairs; k++) {
    const float d = x[-k], p = mp[k];
    ys += s->folded[4 * k] * (d + ms[k]);
    u += s->folded[4 * k + 1] * (d + p);
    v += s->folded[4 * k + 2] * (d - p);
  }
  store_folded3(out, s->self_phase, ys, u, v);
}

static int interpolate_folded3(stream_t *s, const float *chunk, int count, int16_t *dst) {
  int n0 = 0;
  for (; n0 + 8 <= count; n0 += 8) folded_up3_block8(s, chunk + n0, dst + 3 * n0);
  for (; n0 < count; n0++) folded_up3_one(s, chunk + n0, dst + 3 * n0);
  return 3 * count;
}

static int interpolate(stream_t *s, const float *chunk, int count, int16_t *dst) {
  const int up = s->up, tpp = s->taps_per_phase, skip = s->leading_zeros, used = tpp - skip;
  int n0 = s->next_input, phase = s->next_phase, produced = 0;
  while (n0 < count) {
    const float *slice = slice_at(chunk, n0, tpp) + skip;
    if (phase == 0 && n0 + 16 <= count) {
      for (int p = 0; p < up; p++) dot_vertical16(s->taps + p * tpp + skip, slice, used, dst + produced + p, up);
      produced += 16 * up;
      n0 += 16;
      continue;
    }
    for (; phase < up; phase++) dst[produced++] = to_pcm16(dot_vertical(s->taps + phase * tpp + skip, slice, used));
    phase = 0;
    n0++;
  }
  s->next_input = n0 - count;
  s->next_phase = phase;
  return produced;
}

static int decimate(stream_t *s, const float *chunk, int count, int16_t *dst) {
  const int down = s->down, tpp = s->taps_per_phase, vectors = tpp >> 2;
  int n0 = s->next_input, produced = 0;
  while (n0 + 4 * down <= count) {
    dot_horizontal4(s->taps, slice_at(chunk, n0, tpp), down, vectors, dst + produced);
    produced += 4;
    n0 += 4 * down;
  }
  while (n0 + down <= count) {
    dst[produced++] = to_pcm16(dot_horizontal(s->taps, slice_at(chunk, n0, tpp), vectors));
    n0 += down;
  }
  s->next_input = n0 - count;
  return produced;
}

/** resamplerProcess: `src` is PCM16 or μ-law codes; `dst` receives PCM16, or codes encoded in place. */
NOINLINE static int stream_process(stream_t *s, const void *src, int count, void *dst, int input, int output) {
  memcpy(work, s->hist, (size_t)s->history * 4);
  float *chunk = work + s->history;
  if (input == PCM16) widen(src, chunk, count);
  else decode_to_f32(src, chunk, count);
  int produced;
  if (s->down == 1) produced = s->folded ? interpolate_folded3(s, chunk, count, dst) : interpolate(s, chunk, count, dst);
  else if (s->up == 1) produced = decimate(s, chunk, count, dst);
  else {
    fprintf(stderr, "rational ratios are not part of this benchmark\n");
    exit(2);
  }
  memcpy(s->hist, work + count, (size_t)s->history * 4);
  if (output != PCM16) {
    // encodeInPlace: code i overwrites byte i of the PCM16 buffer (sample i/2, already read)
    uint8_t *codes = dst;
    const int16_t *samples = dst;
    for (int i = 0; i < produced; i++) {
      int16_t x;
      memcpy(&x, (const uint8_t *)samples + 2 * (size_t)i, 2);
      codes[i] = ULAW_ENCODE[(uint16_t)x >> 2];
    }
  }
  return produced;
}

// ---------------------------------------------------------------- I/O

static void *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *data = malloc((size_t)n);
  if (fread(data, 1, (size_t)n, f) != (size_t)n) {
    perror(path);
    exit(1);
  }
  fclose(f);
  *size = (size_t)n;
  return data;
}

// taps.bin: "TLTP", u32 upTapsPerPhase, u32 upLeadingZeros, u32 downTapsPerPhase, u32 downLeadingZeros,
//   u32 foldedPairs, u32 foldedReach, u32 foldedSelfPhase, f32[3 · upTapsPerPhase] (phaseLayout(h, 3)),
//   f32[downTapsPerPhase] (phaseLayout(h, 1)), f32[4 · foldedPairs] (foldUp3(h), src/_folding.ts).
// frames.bin: "TLFR", u32 frames, then per frame: u8 codes[160], i16 pcm8k[160], i16 pcm24k[480];
//   then u32 n, u16 upChunk[n] (lengths cutting the pcm8k stream of all frames), u32 m, u16 downChunk[m]
//   (cutting the pcm24k stream).
//   Frame 0 is the timed frame.
// out-<label>.bin: per frame: i16 decode[160], u8 encode[160], i16 up[480], i16 down[160], i16 legUp[480],
//   u8 legDown[160]; then the chunked up outputs (i16) and the chunked down outputs (i16).

typedef struct {
  uint8_t codes[160];
  int16_t pcm8k[160];
  int16_t pcm24k[480];
} frame_t;
_Static_assert(sizeof(frame_t) == 1440, "frame_t has no padding");

static uint32_t u32_at(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

// ---------------------------------------------------------------- timing (as tinybench in bench/_harness.ts)

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare_double(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

typedef void (*job_fn)(void);

static double time_ms = 500;

/** Median ns per call: samples of `batch` calls, for time_ms and at least 64 samples, after a 100 ms warmup. */
static double bench(const char *name, job_fn fn, int batch) {
  const double warm_end = now_ns() + 100e6;
  while (now_ns() < warm_end)
    for (int i = 0; i < batch; i++) fn();
  size_t capacity = 1 << 16, count = 0;
  double *samples = malloc(capacity * sizeof(double));
  const double end = now_ns() + time_ms * 1e6;
  while (count < 64 || now_ns() < end) {
    const double t0 = now_ns();
    for (int i = 0; i < batch; i++) fn();
    const double t1 = now_ns();
    if (count == capacity) samples = realloc(samples, (capacity *= 2) * sizeof(double));
    samples[count++] = t1 - t0;
  }
  qsort(samples, count, sizeof(double), compare_double);
  const double median = count % 2 ? samples[count / 2] : (samples[count / 2 - 1] + samples[count / 2]) / 2;
  free(samples);
  printf("{\"job\": \"%s\", \"medianNs\": %.2f, \"samples\": %zu}\n", name, median / batch, count);
  fflush(stdout);
  return median / batch;
}

// The timed frame and streams (globals so the job functions take no arguments, like the JS closures).
static const frame_t *timed;
static stream_t up_stream, down_stream, leg_up, leg_down;
static int16_t out480[480 + 64] ALIGNED(16);
static int16_t out160[160 + 64] ALIGNED(16);
static uint8_t codes_out[160 + 64] ALIGNED(16);
static float widen_dst[480 + 64] ALIGNED(16);

static void job_decode(void) {
  ulaw_decode(timed->codes, out160, 160);
  CLOBBER(out160);
}
static void job_encode(void) {
  ulaw_encode(timed->pcm8k, codes_out, 160);
  CLOBBER(codes_out);
}
static void job_up(void) {
  stream_process(&up_stream, timed->pcm8k, 160, out480, PCM16, PCM16);
  CLOBBER(out480);
}
static void job_down(void) {
  stream_process(&down_stream, timed->pcm24k, 480, out160, PCM16, PCM16);
  CLOBBER(out160);
}
static void job_leg(void) {
  stream_process(&leg_up, timed->codes, 160, out480, ULAW, PCM16);
  stream_process(&leg_down, timed->pcm24k, 480, out160, PCM16, ULAW);
  CLOBBER(out480);
  CLOBBER(out160);
}
NOINLINE static void job_widen480(void) {
  widen(timed->pcm24k, widen_dst, 480);
  CLOBBER(widen_dst);
}
NOINLINE static void job_history_copies(void) {
  // the two history copies of one call of each stream (up: 52 floats, down: 150)
  memcpy(work, up_stream.hist, (size_t)up_stream.history * 4);
  CLOBBER(work);
  memcpy(up_stream.hist, work + 160, (size_t)up_stream.history * 4);
  CLOBBER(up_stream.hist);
  memcpy(work, down_stream.hist, (size_t)down_stream.history * 4);
  CLOBBER(work);
  memcpy(down_stream.hist, work + 480, (size_t)down_stream.history * 4);
  CLOBBER(down_stream.hist);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s <dir> <label> [timeMs]\n", argv[0]);
    return 2;
  }
  const char *dir = argv[1], *label = argv[2];
  if (argc > 3) time_ms = atof(argv[3]);
  fill_tables();

  char path[4096];
  size_t size;
  snprintf(path, sizeof path, "%s/taps.bin", dir);
  const uint8_t *tapsFile = read_file(path, &size);
  if (memcmp(tapsFile, "TLTP", 4) != 0) {
    fprintf(stderr, "%s: not a taps file\n", path);
    return 1;
  }
  const int up_tpp = (int)u32_at(tapsFile + 4), up_lz = (int)u32_at(tapsFile + 8);
  const int down_tpp = (int)u32_at(tapsFile + 12), down_lz = (int)u32_at(tapsFile + 16);
  const int fold_pairs = (int)u32_at(tapsFile + 20), fold_reach = (int)u32_at(tapsFile + 24), fold_self = (int)u32_at(tapsFile + 28);
  const size_t upBytes = (size_t)3 * up_tpp * 4, downBytes = (size_t)down_tpp * 4, foldBytes = (size_t)4 * fold_pairs * 4;
  float *up_taps = aligned_alloc(64, (upBytes + 63) / 64 * 64);
  float *down_taps = aligned_alloc(64, (downBytes + 63) / 64 * 64);
  float *up_folded = aligned_alloc(64, (foldBytes + 63) / 64 * 64);
  memcpy(up_taps, tapsFile + 32, upBytes);
  memcpy(down_taps, tapsFile + 32 + upBytes, downBytes);
  memcpy(up_folded, tapsFile + 32 + upBytes + downBytes, foldBytes);

  snprintf(path, sizeof path, "%s/frames.bin", dir);
  const uint8_t *framesFile = read_file(path, &size);
  if (memcmp(framesFile, "TLFR", 4) != 0) {
    fprintf(stderr, "%s: not a frames file\n", path);
    return 1;
  }
  const uint32_t frameCount = u32_at(framesFile + 4);
  // copied to 64-byte aligned storage (the wasm reads its inputs from 16-byte aligned scratch)
  frame_t *frames = aligned_alloc(64, ((size_t)frameCount * sizeof(frame_t) + 63) / 64 * 64);
  memcpy(frames, framesFile + 8, (size_t)frameCount * sizeof(frame_t));
  const uint8_t *chunkPart = framesFile + 8 + (size_t)frameCount * sizeof(frame_t);
  const uint32_t upChunkCount = u32_at(chunkPart);
  const uint16_t *upChunks = (const uint16_t *)(chunkPart + 4);
  const uint32_t downChunkCount = u32_at((const uint8_t *)(upChunks + upChunkCount));
  const uint16_t *downChunks = (const uint16_t *)((const uint8_t *)(upChunks + upChunkCount) + 4);

  // ---- verification outputs
  snprintf(path, sizeof path, "%s/out-%s.bin", dir, label);
  FILE *out = fopen(path, "wb");
  if (!out) {
    perror(path);
    return 1;
  }
  stream_init(&up_stream, up_taps, 3, 1, up_tpp, up_lz);
  stream_init(&down_stream, down_taps, 1, 3, down_tpp, down_lz);
  stream_init(&leg_up, up_taps, 3, 1, up_tpp, up_lz);
  stream_init(&leg_down, down_taps, 1, 3, down_tpp, down_lz);
  // voice is linear phase: 8k → 24k runs folded, as in the wasm
  for (stream_t *up = &up_stream; up; up = up == &up_stream ? &leg_up : NULL) {
    up->folded = up_folded;
    up->pairs = fold_pairs;
    up->reach = fold_reach;
    up->self_phase = fold_self;
  }
  for (uint32_t f = 0; f < frameCount; f++) {
    const frame_t *fr = &frames[f];
    int16_t dec[160], up[480], down[160 + 16], legUp[480];
    uint8_t enc[160];
    int16_t legDown[160 + 16];
    ulaw_decode(fr->codes, dec, 160);
    ulaw_encode(fr->pcm8k, enc, 160);
    int n1 = stream_process(&up_stream, fr->pcm8k, 160, up, PCM16, PCM16);
    int n2 = stream_process(&down_stream, fr->pcm24k, 480, down, PCM16, PCM16);
    int n3 = stream_process(&leg_up, fr->codes, 160, legUp, ULAW, PCM16);
    int n4 = stream_process(&leg_down, fr->pcm24k, 480, legDown, PCM16, ULAW);
    if (n1 != 480 || n2 != 160 || n3 != 480 || n4 != 160) {
      fprintf(stderr, "unexpected output counts %d %d %d %d\n", n1, n2, n3, n4);
      return 1;
    }
    fwrite(dec, 2, 160, out);
    fwrite(enc, 1, 160, out);
    fwrite(up, 2, 480, out);
    fwrite(down, 2, 160, out);
    fwrite(legUp, 2, 480, out);
    fwrite(legDown, 1, 160, out);
  }
  // chunked: the pcm8k and pcm24k streams cut at odd places (edges, scalar paths)
  {
    const size_t total8k = (size_t)frameCount * 160, total24k = (size_t)frameCount * 480;
    int16_t *all8k = malloc(total8k * 2), *all24k = malloc(total24k * 2);
    for (uint32_t f = 0; f < frameCount; f++) {
      memcpy(all8k + f * 160, frames[f].pcm8k, 320);
      memcpy(all24k + f * 480, frames[f].pcm24k, 960);
    }
    int16_t *outUp = malloc(total8k * 3 * 2 + 64), *outDown = malloc(total24k / 3 * 2 + 64);
    stream_reset(&up_stream);
    stream_reset(&down_stream);
    size_t at = 0, upWritten = 0, downWritten = 0;
    for (uint32_t c = 0; c < upChunkCount; c++) {
      upWritten += (size_t)stream_process(&up_stream, all8k + at, upChunks[c], outUp + upWritten, PCM16, PCM16);
      at += upChunks[c];
    }
    at = 0;
    for (uint32_t c = 0; c < downChunkCount; c++) {
      downWritten += (size_t)stream_process(&down_stream, all24k + at, downChunks[c], outDown + downWritten, PCM16, PCM16);
      at += downChunks[c];
    }
    fwrite(outUp, 2, upWritten, out);
    fwrite(outDown, 2, downWritten, out);
    free(all8k);
    free(all24k);
    free(outUp);
    free(outDown);
  }
  fclose(out);

  // ---- timing, on frame 0, fresh streams
  timed = &frames[0];
  stream_reset(&up_stream);
  stream_reset(&down_stream);
  stream_reset(&leg_up);
  stream_reset(&leg_down);
  bench("decode160", job_decode, 200);
  bench("encode160", job_encode, 200);
  bench("up160", job_up, 20);
  bench("down480", job_down, 20);
  bench("leg", job_leg, 20);
  bench("widen480", job_widen480, 200);
  bench("historyCopies", job_history_copies, 200);
  return 0;
}
