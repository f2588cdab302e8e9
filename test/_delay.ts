// Group delay measured from a stream's output, as the README defines `delay`:
// at 0.25 × the lower Nyquist frequency fn, in output samples. Independent of
// the library's design code: tones in, phases of the output out.

/** A cosine at `frequency` Hz sampled at `rate`, `amplitude` peak, rounded to PCM16. */
export function cosine(frequency: number, rate: number, count: number, amplitude = 16000): Int16Array {
  const out = new Int16Array(count);
  for (let n = 0; n < count; n++) out[n] = Math.round(amplitude * Math.cos((2 * Math.PI * frequency * n) / rate));
  return out;
}

/**
 * Phase (radians, referred to sample 0) of the component of `y` at
 * `frequency`, over samples [start, y.length), under a 4-term
 * Blackman–Harris window (sidelobes −92 dB: the images, aliases and the
 * tone's own negative frequency do not leak into it).
 */
export function phaseAt(y: ArrayLike<number>, rate: number, frequency: number, start: number): number {
  const n = y.length - start;
  if (n < 64) throw new RangeError(`phaseAt: only ${n} samples to analyse`);
  const step = (2 * Math.PI * frequency) / rate;
  let re = 0;
  let im = 0;
  for (let m = start; m < y.length; m++) {
    const x = (m - start + 0.5) / n;
    const w = 0.35875 - 0.48829 * Math.cos(2 * Math.PI * x) + 0.14128 * Math.cos(4 * Math.PI * x) - 0.01168 * Math.cos(6 * Math.PI * x);
    re += w * y[m] * Math.cos(step * m);
    im -= w * y[m] * Math.sin(step * m);
  }
  return Math.atan2(im, re);
}

function wrap(phase: number): number {
  return ((((phase + Math.PI) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI)) - Math.PI;
}

/**
 * Group delay at f0 = 0.25 fn, in output samples, of a stream from `from` Hz
 * to `to` Hz: `run` feeds a PCM16 tone (at `from`) through a fresh stream and
 * returns its PCM16 output (at `to`). The phase slope is a central difference
 * over f0 ± δ and f0 ± 2δ (δ = fn/200), Richardson-extrapolated, so the
 * curvature of a minimum-phase filter's delay cancels to O(δ⁴).
 */
export function measuredDelay(run: (tone: Int16Array) => ArrayLike<number>, from: number, to: number, seconds: number): number {
  const fn = Math.min(from, to) / 2;
  const f0 = 0.25 * fn;
  const delta = fn / 200;
  const count = Math.round(from * seconds);
  const settle = Math.ceil(0.02 * to); // past the longest filter's start-up (high at 8 kHz: ~9 ms)
  const phase = (f: number) => phaseAt(run(cosine(f, from, count)), to, f, settle);
  // Output phase = −2π f · (delay / to); the central difference of the phase over ±d.
  const slope = (d: number) => (-wrap(phase(f0 + d) - phase(f0 - d)) / (2 * Math.PI * 2 * d)) * to;
  return (4 * slope(delta) - slope(2 * delta)) / 3;
}
