/*
 * G.722 in C with the same arithmetic, in the same order, as
 * assembly/g722.ts: the native yardstick for bench/g722-native.ts. Checks
 * itself against the ITU vectors (STL speech encode, mode-1 decode) before
 * timing (and the overload and random vectors: the clamp, all modes); prints one line per job: "<job> <median ns per 20 ms frame>".
 *
 * Build: cc -O2 -std=c11 bench/native/g722_native.c -o g722_native
 * Run:   ./g722_native vectors/itu-g722
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const int32_t Q6[32] = {0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0};
static const int32_t ILN[32] = {0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 0};
static const int32_t ILP[32] = {0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 0};
static const int32_t QM6[64] = {
  -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
  -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728,
  24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
  4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432, -136};
static const int32_t QM5[32] = {
  -280, -280, -23352, -17560, -14120, -11664, -9752, -8184, -6864, -5712, -4696, -3784, -2960, -2208, -1520, -880,
  23352, 17560, 14120, 11664, 9752, 8184, 6864, 5712, 4696, 3784, 2960, 2208, 1520, 880, 280, -280};
static const int32_t QM4[16] = {0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0};
static const int32_t QM2[4] = {-7408, -1616, 7408, 1616};
static const int32_t RL42[16] = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
static const int32_t WL[8] = {-60, -30, 58, 172, 334, 538, 1198, 3042};
static const int32_t RH2[4] = {2, 1, 2, 1};
static const int32_t WH[3] = {0, -214, 798};
static const int32_t ILB[32] = {
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
  2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008};

typedef struct { int32_t s, sz, nb, det, r1, r2, p1, p2, a1, a2, d[7], b[7]; } band_t;
typedef struct { int32_t mode, carried, carry, head; band_t low, high; int32_t line[48]; } g722_t;

static inline int32_t sat(int32_t x) { return x > 32767 ? 32767 : x < -32768 ? -32768 : x; }
static inline int32_t mult(int32_t a, int32_t b) { return sat((a * b) >> 15); }
static inline int32_t limit(int32_t x) { return x > 16383 ? 16383 : x < -16384 ? -16384 : x; }
static inline int32_t magnitude(int32_t x) { return x >= 0 ? x : -(x + 1); }
static inline int32_t scale(int32_t nb, int32_t shift) {
  int32_t wd1 = ILB[(nb >> 6) & 31], wd2 = shift - (nb >> 11);
  return (wd2 < 0 ? wd1 << -wd2 : wd1 >> wd2) << 2;
}

static void adapt(band_t *b, int32_t d) {
  int32_t r0 = sat(b->s + d), p0 = sat(b->sz + d), p1 = b->p1, p2 = b->p2, a1 = b->a1, a2 = b->a2;
  int32_t sg0 = p0 >> 15, sg1 = p1 >> 15, sg2 = p2 >> 15;
  int32_t wd1 = sat(a1 * 4), wd2 = sg0 == sg1 ? -wd1 : wd1;
  if (wd2 > 32767) wd2 = 32767;
  int32_t ap2 = sat(sat((wd2 >> 7) + (sg0 == sg2 ? 128 : -128)) + mult(a2, 32512));
  if (ap2 > 12288) ap2 = 12288; else if (ap2 < -12288) ap2 = -12288;
  int32_t ap1 = sat((sg0 == sg1 ? 192 : -192) + mult(a1, 32640));
  int32_t bound = sat(15360 - ap2);
  if (ap1 > bound) ap1 = bound; else if (ap1 < -bound) ap1 = -bound;
  int32_t step = d == 0 ? 0 : 128, sgd = d >> 15;
  for (int i = 6; i >= 1; i--) {
    int32_t di = b->d[i];
    b->b[i] = sat(((di >> 15) == sgd ? step : -step) + mult(b->b[i], 32640));
    b->d[i] = i > 1 ? b->d[i - 1] : d;
  }
  b->r2 = b->r1; b->r1 = r0; b->p2 = p1; b->p1 = p0; b->a1 = ap1; b->a2 = ap2;
  int32_t r2 = b->r2;
  int32_t sp = sat(mult(ap1, sat(r0 + r0)) + mult(ap2, sat(r2 + r2)));
  int32_t sz = 0;
  for (int i = 6; i >= 1; i--) sz = sat(sz + mult(b->b[i], sat(b->d[i] + b->d[i])));
  b->sz = sz;
  b->s = sat(sp + sz);
}

static inline void adapt_low(band_t *b, int32_t il) {
  int32_t ril = il >> 2, dlt = mult(b->det, QM4[ril]);
  int32_t nb = mult(b->nb, 32512) + WL[RL42[ril]];
  if (nb < 0) nb = 0; else if (nb > 18432) nb = 18432;
  b->nb = nb; b->det = scale(nb, 8);
  adapt(b, dlt);
}

static inline void adapt_high(band_t *b, int32_t ih) {
  int32_t dh = mult(b->det, QM2[ih]);
  int32_t nb = mult(b->nb, 32512) + WH[RH2[ih]];
  if (nb < 0) nb = 0; else if (nb > 22528) nb = 22528;
  b->nb = nb; b->det = scale(nb, 10);
  adapt(b, dh);
}

static inline int32_t encode_low(band_t *b, int32_t xl) {
  int32_t el = sat(xl - b->s), wd = magnitude(el), det = b->det, i = 1, end = 30;
  while (i < end) { int32_t mid = (i + end) >> 1; if (wd < (Q6[mid] * det) >> 12) end = mid; else i = mid + 1; }
  int32_t il = el < 0 ? ILN[i] : ILP[i];
  adapt_low(b, il);
  return il;
}

static inline int32_t encode_high(band_t *b, int32_t xh) {
  int32_t eh = sat(xh - b->s), wd = magnitude(eh), outer = wd >= (564 * b->det) >> 12;
  int32_t ih = eh < 0 ? (outer ? 0 : 1) : (outer ? 2 : 3);
  adapt_high(b, ih);
  return ih;
}

static inline int32_t decode_low(band_t *b, int32_t il, int32_t mode) {
  int32_t q = mode == 1 ? QM6[il] : mode == 2 ? QM5[il >> 1] : QM4[il >> 2];
  int32_t rl = limit(sat(b->s + mult(b->det, q)));
  adapt_low(b, il);
  return rl;
}

static inline int32_t decode_high(band_t *b, int32_t ih) {
  int32_t rh = limit(sat(b->s + mult(b->det, QM2[ih])));
  adapt_high(b, ih);
  return rh;
}

static inline const int32_t *push_pair(g722_t *g, int32_t older, int32_t newer) {
  int32_t *slot = g->line + 2 * g->head;
  slot[0] = older; slot[1] = newer; slot[24] = older; slot[25] = newer;
  g->head = g->head == 11 ? 0 : g->head + 1;
  return slot + 2;
}

static inline int32_t even_taps(const int32_t *w) {
  return w[0] * 3 + w[2] * -11 + w[4] * 12 + w[6] * 32 + w[8] * -210 + w[10] * 951 + w[12] * 3876 + w[14] * -805 +
         w[16] * 362 + w[18] * -156 + w[20] * 53 + w[22] * -11;
}
static inline int32_t odd_taps(const int32_t *w) {
  return w[1] * -11 + w[3] * 53 + w[5] * -156 + w[7] * 362 + w[9] * -805 + w[11] * 3876 + w[13] * 951 + w[15] * -210 +
         w[17] * 32 + w[19] * 12 + w[21] * -11 + w[23] * 3;
}

static void g722_reset(g722_t *g, int32_t mode) {
  memset(g, 0, sizeof *g);
  g->mode = mode; g->low.det = 32; g->high.det = 8;
}

static int g722_encode(g722_t *g, const int16_t *src, int count, uint8_t *dst) {
  int n = 0, have = g->carried;
  int32_t older = g->carry;
  for (int i = 0; i < count; i++) {
    int32_t x = src[i];
    if (!have) { older = x; have = 1; continue; }
    have = 0;
    const int32_t *w = push_pair(g, older, x);
    int32_t so = even_taps(w), se = odd_taps(w);
    int32_t il = encode_low(&g->low, limit((se + so) >> 14));
    int32_t ih = encode_high(&g->high, limit((se - so) >> 14));
    dst[n++] = (uint8_t)((ih << 6) | il);
  }
  g->carried = have; g->carry = have ? older : 0;
  return n;
}

static int g722_decode(g722_t *g, const uint8_t *src, int count, int16_t *dst) {
  for (int i = 0; i < count; i++) {
    int32_t code = src[i];
    int32_t rl = decode_low(&g->low, code & 63, g->mode), rh = decode_high(&g->high, code >> 6);
    const int32_t *w = push_pair(g, rl + rh, rl - rh);
    dst[2 * i] = (int16_t)sat(odd_taps(w) >> 11);
    dst[2 * i + 1] = (int16_t)sat(even_taps(w) >> 11);
  }
  return 2 * count;
}

static void *slurp(const char *dir, const char *name, long *bytes) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(2); }
  fseek(f, 0, SEEK_END); *bytes = ftell(f); fseek(f, 0, SEEK_SET);
  void *p = malloc(*bytes);
  if (fread(p, 1, *bytes, f) != (size_t)*bytes) exit(2);
  fclose(f);
  return p;
}

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }

static volatile int sink;

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "vectors/itu-g722";
  long inBytes, codeBytes, outBytes;
  int16_t *in = slurp(dir, "inpsp.bin", &inBytes);
  int16_t *codeWords = slurp(dir, "codspw.cod", &codeBytes);
  int16_t *expected = slurp(dir, "outsp1.bin", &outBytes);
  int samples = (int)(inBytes / 2), octets = samples / 2;
  uint8_t *codes = malloc(octets);
  int16_t *out = malloc(samples * 2);
  g722_t g;
  g722_reset(&g, 0);
  g722_encode(&g, in, samples, codes);
  for (int i = 0; i < octets; i++) if (codes[i] != (codeWords[i] & 0xff)) { fprintf(stderr, "encode differs at %d\n", i); return 1; }
  g722_reset(&g, 1);
  g722_decode(&g, codes, octets, out);
  for (int i = 0; i < samples; i++) if (out[i] != expected[i]) { fprintf(stderr, "decode differs at %d\n", i); return 1; }
  /* Full scale (the QMF clamp) and random codes in all modes: the STL reference's outputs. */
  long ovBytes, ovCodeBytes, rndBytes, refBytes;
  int16_t *ov = slurp(dir, "overload.pcm", &ovBytes);
  uint8_t *ovCodes = slurp(dir, "overload.g722", &ovCodeBytes);
  uint8_t *rnd = slurp(dir, "random.g722", &rndBytes);
  uint8_t *ovOut = malloc(ovCodeBytes);
  int16_t *rndOut = malloc(rndBytes * 4);
  g722_reset(&g, 0);
  g722_encode(&g, ov, (int)(ovBytes / 2), ovOut);
  if (memcmp(ovOut, ovCodes, ovCodeBytes) != 0) { fprintf(stderr, "overload encode differs\n"); return 1; }
  for (int mode = 1; mode <= 3; mode++) {
    char name[32];
    snprintf(name, sizeof name, "random.mode%d.pcm", mode);
    int16_t *ref = slurp(dir, name, &refBytes);
    g722_reset(&g, mode);
    g722_decode(&g, rnd, (int)rndBytes, rndOut);
    if (memcmp(rndOut, ref, refBytes) != 0) { fprintf(stderr, "random decode differs in mode %d\n", mode); return 1; }
  }
  printf("bit-exact: STL speech encode and mode-1 decode, overload encode, random codes in modes 1-3\n");
  uint8_t *frameCodes = malloc(160);

  /* Median over samples of a batch of 20 ms frames, taken in turn, as bench/_harness.ts does. */
  enum { SAMPLES = 400, BATCH = 50 };
  int frames = octets / 160;
  double t[SAMPLES];
  for (int job = 0; job < 2; job++) {
    g722_reset(&g, job == 0 ? 0 : 1);
    int f = 0;
    for (int s = 0; s < SAMPLES; s++) {
      double start = now_ns();
      for (int k = 0; k < BATCH; k++, f = (f + 1) % frames) {
        if (job == 0) sink += g722_encode(&g, in + 320 * f, 320, frameCodes);
        else sink += g722_decode(&g, codes + 160 * f, 160, out);
      }
      t[s] = (now_ns() - start) / BATCH;
    }
    qsort(t, SAMPLES, sizeof t[0], cmp);
    printf("%s %.0f\n", job == 0 ? "encode" : "decode", t[SAMPLES / 2]);
  }
  return 0;
}
