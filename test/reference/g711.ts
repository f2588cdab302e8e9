// A second, independent G.711 path in plain TypeScript, written from the
// text of ITU-T G.711 (Tables 1a/1b and 2a/2b: segments, quantisation
// intervals, decision and reconstruction values) and G.191's conventions
// (16-bit input left-justified and truncated, magnitude of a negative sample
// as its one's complement). It searches segments by decision thresholds
// rather than by bit tricks or tables, so it shares no formulation with the
// wasm kernels. Tests check it against the ITU vectors too, so a wrong vector
// file and a wrong kernel cannot agree by accident. Also the "plain TS" row
// of the benchmark.

/** μ-law: 14-bit magnitude after truncation, biased by 33; segment s spans [32·2^s, 64·2^s). */
export function ulawEncodeSample(sample: number): number {
  const negative = sample < 0;
  const magnitude = negative ? -sample - 1 : sample; // one's complement
  let biased = Math.floor(magnitude / 4) + 33;
  if (biased > 8191) biased = 8191;
  let segment = 0;
  while (biased >= 64 * 2 ** segment) segment++;
  const interval = Math.floor(biased / 2 ** (segment + 1)) - 16;
  const codeBeforeInversion = (negative ? 0 : 0x80) | (segment << 4) | interval;
  // Character signals are transmitted with bits 1–7 inverted (G.711 §3.2).
  return codeBeforeInversion ^ 0x7f;
}

/** μ-law reconstruction value: the middle of the quantisation interval. */
export function ulawDecodeCode(code: number): number {
  const positive = code >= 0x80;
  const segment = ((code ^ 0x7f) >> 4) & 7;
  const interval = (code ^ 0x7f) & 15;
  const magnitude14 = (2 * interval + 33) * 2 ** segment - 33;
  return positive ? 4 * magnitude14 : -4 * magnitude14;
}

/** A-law: 12-bit magnitude; segment 0 and 1 step 2, segment s ≥ 1 spans [16·2^s, 32·2^s). */
export function alawEncodeSample(sample: number): number {
  const negative = sample < 0;
  const magnitude12 = Math.floor((negative ? -sample - 1 : sample) / 8);
  let segment = 0;
  while (segment < 7 && magnitude12 >= 32 * 2 ** segment) segment++;
  const step = segment === 0 ? 2 : 2 ** segment;
  const interval = Math.floor(magnitude12 / step) - (segment === 0 ? 0 : 16);
  const code = (negative ? 0 : 0x80) | (segment << 4) | interval;
  // Even bits are inverted for transmission (G.711 §3.2).
  return code ^ 0x55;
}

/** A-law reconstruction value: the middle of the quantisation interval. */
export function alawDecodeCode(code: number): number {
  const positive = code >= 0x80;
  const plain = code ^ 0x55;
  const segment = (plain >> 4) & 7;
  const interval = plain & 15;
  const magnitude12 = segment === 0 ? 2 * interval + 1 : (2 * interval + 33) * 2 ** (segment - 1);
  return positive ? 8 * magnitude12 : -8 * magnitude12;
}

export function ulawEncodeReference(src: Int16Array): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = ulawEncodeSample(src[i]);
  return out;
}

export function ulawDecodeReference(src: Uint8Array): Int16Array {
  const out = new Int16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = ulawDecodeCode(src[i]);
  return out;
}

export function alawEncodeReference(src: Int16Array): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = alawEncodeSample(src[i]);
  return out;
}

export function alawDecodeReference(src: Uint8Array): Int16Array {
  const out = new Int16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = alawDecodeCode(src[i]);
  return out;
}
