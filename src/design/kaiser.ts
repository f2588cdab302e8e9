// Sizing a Kaiser window for a stopband attenuation and a transition width.

import { pow } from "./portable-math.js";

/** Modified Bessel function of the first kind, order 0, by its power series (converges for all x). */
export function besselI0(x: number): number {
  const quarterSquare = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Kaiser's β for a stopband `attenuationDb` below the passband (Kaiser, 1974). */
export function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21) return 0.5842 * pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
  return 0;
}

/**
 * Half-width (in samples) of a continuous Kaiser window whose spectrum's main
 * lobe spans `transitionWidth` (cycles/sample) from edge to edge: the first
 * zero of the window's transform is at √(β² + π²) / (π · 2·halfWidth), and a
 * windowed ideal low-pass moves from pass to stop across that main lobe.
 */
export function kaiserHalfWidth(beta: number, transitionWidth: number): number {
  return Math.sqrt(beta * beta + Math.PI * Math.PI) / (Math.PI * transitionWidth);
}
