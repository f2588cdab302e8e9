// TEMPORARY until src/design lands: Kaiser windowed sinc.
function i0(x: number) { let s = 1, t = 1; for (let k = 1; k < 50; k++) { t *= (x / (2 * k)) ** 2; s += t; } return s; }
export function designPrototype(quality: string, P: number): { taps: Float64Array; delay: number } {
  const perMin = quality === "high" ? 80 : quality === "voice" ? 48 : 8;
  const N = perMin * P + 1;
  const fc = 0.5 / P * 0.925;
  const beta = 8;
  const h = new Float64Array(N);
  const c = (N - 1) / 2;
  for (let n = 0; n < N; n++) {
    const t = n - c;
    const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
    const r = t / c;
    h[n] = sinc * i0(beta * Math.sqrt(1 - r * r)) / i0(beta);
  }
  let s = 0; for (const v of h) s += v; for (let i = 0; i < N; i++) h[i] /= s;
  return { taps: h, delay: c };
}
