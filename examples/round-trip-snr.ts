// How well the caller's speech survives the round trip
//   μ-law 8 kHz → PCM16 24 kHz → (echo) → PCM16 24 kHz → μ-law 8 kHz:
// find the delay, then compare what came back with what went in.
//
// Two figures, because the plain one cannot reach 30 dB on this clip:
//  - `fullBandSnrDb`: at the best integer delay, 10·log10(Σx² / Σ(y−x)²)
//    over the overlap, every frequency counted. The clip has energy above
//    3.4 kHz (−20 dB of the total), which the telephone-band filters are
//    specified to remove; and when the two resamplers' delays add up to a
//    fraction of a sample at 8 kHz (an earlier filter design gave
//    70/3 + 23⅓ = 46⅔), no integer delay aligns the signals: a third of a
//    sample off costs more than 10 dB on speech.
//  - `snrDb`: in the 0–3400 Hz band (the band the resamplers are specified
//    flat over), at the best fractional delay. The error left is mostly the
//    second μ-law quantization.
// Both are computed through one FFT of each signal: the fractional shift is
// a phase ramp, and the band is a range of bins (Parseval).

import { fft } from "../src/design/fft.js";

export interface RoundTrip {
  /** Delay of `returned` behind `sent` with the largest cross-correlation, in samples. */
  integerDelay: number;
  fullBandSnrDb: number;
  /** Delay that maximizes the in-band SNR, found within ±1 sample of integerDelay. */
  delay: number;
  snrDb: number;
  bandHz: number;
}

export interface RoundTripOptions {
  rate?: number;
  /** Delays searched: 0 to maxDelay samples. */
  maxDelay?: number;
  /** Top of the band `snrDb` measures. */
  bandHz?: number;
}

interface Spectrum {
  re: Float64Array;
  im: Float64Array;
}

function spectrum(signal: Int16Array, size: number): Spectrum {
  const re = new Float64Array(size);
  re.set(signal);
  const im = new Float64Array(size);
  fft(re, im);
  return { re, im };
}

/** Lag in [0, maxDelay] where Σ x[n]·y[n+lag] peaks: the inverse FFT of conj(X)·Y. */
function correlationPeak(x: Spectrum, y: Spectrum, maxDelay: number): number {
  const size = x.re.length;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    re[k] = x.re[k] * y.re[k] + x.im[k] * y.im[k];
    im[k] = x.re[k] * y.im[k] - x.im[k] * y.re[k];
  }
  fft(re, im, true);
  let best = 0;
  for (let lag = 1; lag <= maxDelay; lag++) if (re[lag] > re[best]) best = lag;
  return best;
}

/** SNR of y against x delayed by `delay` samples, over bins 0..lastBin (one side; the other mirrors it). */
function bandSnrDb(x: Spectrum, y: Spectrum, delay: number, lastBin: number): number {
  const size = x.re.length;
  let signal = 0;
  let error = 0;
  // Rotate by e^(−j2πk·delay/size), one bin at a time.
  const stepRe = Math.cos((-2 * Math.PI * delay) / size);
  const stepIm = Math.sin((-2 * Math.PI * delay) / size);
  let rotRe = 1;
  let rotIm = 0;
  for (let k = 0; k <= lastBin; k++) {
    const sr = x.re[k] * rotRe - x.im[k] * rotIm;
    const si = x.re[k] * rotIm + x.im[k] * rotRe;
    signal += sr * sr + si * si;
    error += (y.re[k] - sr) ** 2 + (y.im[k] - si) ** 2;
    const next = rotRe * stepRe - rotIm * stepIm;
    rotIm = rotRe * stepIm + rotIm * stepRe;
    rotRe = next;
  }
  return 10 * Math.log10(signal / error);
}

/** Golden-section search for the delay in [low, high] with the best in-band SNR. */
function bestFractionalDelay(score: (delay: number) => number, low: number, high: number): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = low;
  let b = high;
  while (b - a > 1e-4) {
    const c = b - ratio * (b - a);
    const d = a + ratio * (b - a);
    if (score(c) > score(d)) b = d;
    else a = c;
  }
  return (a + b) / 2;
}

function fullBandSnrDb(sent: Int16Array, returned: Int16Array, delay: number): number {
  let signal = 0;
  let error = 0;
  for (let n = 0; n < sent.length && n + delay < returned.length; n++) {
    signal += sent[n] * sent[n];
    error += (returned[n + delay] - sent[n]) ** 2;
  }
  return 10 * Math.log10(signal / error);
}

export function measureRoundTrip(sent: Int16Array, returned: Int16Array, options: RoundTripOptions = {}): RoundTrip {
  const { rate = 8000, maxDelay = 2000, bandHz = 3400 } = options;
  // Room for both signals end to end, so correlation and shifts do not wrap onto the audio.
  let size = 1;
  while (size < sent.length + returned.length + maxDelay) size <<= 1;
  const x = spectrum(sent, size);
  const y = spectrum(returned, size);
  const integerDelay = correlationPeak(x, y, maxDelay);
  const lastBin = Math.floor((bandHz / rate) * size);
  const score = (delay: number) => bandSnrDb(x, y, delay, lastBin);
  const delay = bestFractionalDelay(score, Math.max(0, integerDelay - 1), integerDelay + 1);
  return {
    integerDelay,
    fullBandSnrDb: fullBandSnrDb(sent, returned, integerDelay),
    delay,
    snrDb: score(delay),
    bandHz,
  };
}
