// Parks–McClellan: the weighted-minimax (equiripple) linear-phase FIR filter
// for piecewise-constant bands, by the Remez exchange on a dense frequency
// grid. Symmetric impulse responses only (type I for odd lengths, type II
// for even), which is all a low-pass prototype needs.
//
// Written for lengths up to ~1500 taps: the interpolation through the
// extremal set is barycentric with weights kept in the log domain, so no
// product of ~750 differences can overflow or underflow, and long filters
// start from the extremals of a half-length design rather than evenly spread
// points.

import { cos, exp, log } from "./portable-math.js";

/** One band of the specification, in cycles per sample (0 … 0.5). */
export interface RemezBand {
  /** Lower edge, cycles/sample. */
  readonly start: number;
  /** Upper edge, cycles/sample (> start). */
  readonly stop: number;
  /** Desired amplitude across the band (1 for a passband, 0 for a stopband). */
  readonly gain: number;
  /** Weight of the error in this band; the band's deviation is δ / weight. */
  readonly weight: number;
}

export interface RemezOptions {
  /** Grid points per extremal per half band, as scipy's `grid_density` (default 16). */
  readonly gridDensity?: number;
  /** Give up after this many exchanges (default 100). */
  readonly maxIterations?: number;
  /** Stop when the extremal errors agree to this relative spread (default 1e-6). */
  readonly tolerance?: number;
  /**
   * Starting extremal frequencies, e.g. `extremals` of a design of nearby
   * length: used as they are when there are r + 1 of them (r = number of
   * cosines: ceil(numTaps/2) for odd, numTaps/2 for even), else spread band
   * by band over the count this length needs.
   * Without them, short filters start from points evenly spread over the grid
   * (as scipy) and long ones from a half-length design, whose extremal set is
   * a far better start: evenly spread points can make δ ≈ 0 at first and
   * the exchange wander off when the transition bands are narrow.
   */
  readonly initialExtremals?: ArrayLike<number>;
}

export interface RemezResult {
  /** The impulse response, symmetric, `numTaps` long. */
  readonly taps: Float64Array;
  /**
   * The largest weighted error of the result on the grid: band `b` deviates
   * from its gain by at most deviation / bands[b].weight there (between grid
   * points a little more). Once converged this is the minimax level δ; when
   * not, it is still the true grid maximum, never the smaller trial δ.
   */
  readonly deviation: number;
  /** Exchanges performed. */
  readonly iterations: number;
  /**
   * False when the extremal errors did not level within `maxIterations`, or
   * the exchange broke down (alternation lost or δ falling: rounding won) and
   * stopped at the last good fit.
   */
  readonly converged: boolean;
  /** The final extremal frequencies, cycles/sample (a warm start for a nearby length). */
  readonly extremals: Float64Array;
}

/** The dense grid: frequencies, x = cos 2πf, desired values, weights, and band index ranges. */
interface DenseGrid {
  readonly frequency: Float64Array;
  readonly x: Float64Array;
  readonly desired: Float64Array;
  readonly weight: Float64Array;
  /** Index of the first grid point of each band, plus the grid size at the end. */
  readonly bandStarts: Int32Array;
}

/**
 * The grid scipy (after Janovetz) uses: spacing 0.5 / (density · r), each
 * band sampled from its lower edge with its last point moved onto the upper
 * edge. Using the same grid makes results comparable with scipy.signal.remez
 * to far below the grid's own discretisation error.
 */
function denseGrid(bands: readonly RemezBand[], cosines: number, density: number, evenLength: boolean): DenseGrid {
  const spacing = 0.5 / (density * cosines);
  const counts = bands.map((band) => Math.max(1, Math.floor((band.stop - band.start) / spacing + 0.5)));
  const capacity = counts.reduce((sum, count) => sum + count, 0);
  const frequency = new Float64Array(capacity);
  const desired = new Float64Array(capacity);
  const weight = new Float64Array(capacity);
  const bandStarts = new Int32Array(bands.length + 1);
  let index = 0;
  bands.forEach((band, b) => {
    bandStarts[b] = index;
    for (let i = 0; i < counts[b]; i++) {
      const f = i === counts[b] - 1 ? band.stop : band.start + i * spacing;
      // A type II response is 0 at f = 0.5 whatever the taps: the point has
      // weight ~0 after the cos(πf) change below and would only make δ ≈ 0
      // when it sits in the extremal set.
      if (evenLength && f >= 0.5) continue;
      frequency[index] = f;
      desired[index] = band.gain;
      weight[index] = band.weight;
      index++;
    }
  });
  const size = index;
  bandStarts[bands.length] = size;
  for (let b = 0; b < bands.length; b++) {
    if (bandStarts[b] === bandStarts[b + 1]) throw new RangeError(`remez: bands[${b}] holds no grid point at this length`);
  }

  const x = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    x[i] = cos(2 * Math.PI * frequency[i]);
    if (evenLength) {
      // Type II: A(f) = cos(πf)·P(cos 2πf); fit P to D/cos(πf) with weight W·cos(πf).
      const c = cos(Math.PI * frequency[i]);
      desired[i] /= c;
      weight[i] *= c;
    }
  }
  return {
    frequency: frequency.subarray(0, size),
    x,
    desired: desired.subarray(0, size),
    weight: weight.subarray(0, size),
    bandStarts,
  };
}

/**
 * Barycentric weights 1 / Π_{j≠i} (x_i − x_j), scaled by a common factor so
 * the largest is 1. Computed from log magnitudes: for hundreds of nodes the
 * plain products leave the range of a double.
 */
function barycentricWeights(nodes: Float64Array): Float64Array {
  const count = nodes.length;
  const logMagnitude = new Float64Array(count);
  const negative = new Uint8Array(count);
  let largest = -Infinity;
  for (let i = 0; i < count; i++) {
    let logSum = 0;
    let sign = 1;
    // Plain products, folded into the log sum only near the ends of the double range.
    let product = 1;
    for (let j = 0; j < count; j++) {
      if (j === i) continue;
      const difference = nodes[i] - nodes[j];
      if (difference < 0) sign = -sign;
      product *= Math.abs(difference);
      if (product < 1e-200 || product > 1e200) {
        logSum += log(product);
        product = 1;
      }
    }
    logSum += log(product);
    logMagnitude[i] = -logSum;
    negative[i] = sign < 0 ? 1 : 0;
    if (logMagnitude[i] > largest) largest = logMagnitude[i];
  }
  const weights = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const magnitude = exp(logMagnitude[i] - largest);
    weights[i] = negative[i] ? -magnitude : magnitude;
  }
  return weights;
}

/** The interpolating polynomial through (nodes, values), evaluated at x (second barycentric form). */
function interpolate(x: number, nodes: Float64Array, weights: Float64Array, values: Float64Array): number {
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < nodes.length; i++) {
    const difference = x - nodes[i];
    if (difference === 0) return values[i];
    const term = weights[i] / difference;
    numerator += term * values[i];
    denominator += term;
  }
  return numerator / denominator;
}

/** The level-δ alternating interpolant through the current extremal set. */
interface Equioscillation {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
  readonly values: Float64Array;
  readonly deviation: number;
}

function equioscillate(grid: DenseGrid, extremals: Int32Array): Equioscillation {
  const count = extremals.length;
  const nodes = new Float64Array(count);
  for (let i = 0; i < count; i++) nodes[i] = grid.x[extremals[i]];
  const weights = barycentricWeights(nodes);
  // δ makes the degree-r coefficient of the interpolant of D_i − (−1)^i δ / W_i vanish.
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < count; i++) {
    const g = extremals[i];
    const sign = i % 2 === 0 ? 1 : -1;
    numerator += weights[i] * grid.desired[g];
    denominator += (sign * weights[i]) / grid.weight[g];
  }
  const deviation = numerator / denominator;
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const g = extremals[i];
    const sign = i % 2 === 0 ? 1 : -1;
    values[i] = grid.desired[g] - (sign * deviation) / grid.weight[g];
  }
  return { nodes, weights, values, deviation };
}

/** Weighted error W·(D − A) at every grid point (at the nodes themselves, interpolate returns the known values). */
function weightedError(grid: DenseGrid, fit: Equioscillation, error: Float64Array): void {
  const { x: gridX, desired, weight } = grid;
  for (let g = 0; g < gridX.length; g++) error[g] = weight[g] * (desired[g] - interpolate(gridX[g], fit.nodes, fit.weights, fit.values));
}

/**
 * The next extremal set: local extrema of the error (band edges included),
 * runs of one sign reduced to their largest, then trimmed to `wanted` points
 * by dropping the smallest while keeping the signs alternating.
 * Returns null when fewer than `wanted` alternating extrema exist.
 */
function exchange(grid: DenseGrid, error: Float64Array, wanted: number): Int32Array | null {
  const candidates: number[] = [];
  const bandCount = grid.bandStarts.length - 1;
  for (let b = 0; b < bandCount; b++) {
    const first = grid.bandStarts[b];
    const last = grid.bandStarts[b + 1] - 1;
    for (let g = first; g <= last; g++) {
      const e = error[g];
      if (e === 0) continue;
      const s = e > 0 ? 1 : -1;
      // ≥ on the left, > on the right: a flat top yields one point, not several.
      if (g > first && s * e < s * error[g - 1]) continue;
      if (g < last && s * e <= s * error[g + 1]) continue;
      candidates.push(g);
    }
  }

  // Alternation: of consecutive same-sign extrema only the largest can belong.
  const alternating: number[] = [];
  for (const g of candidates) {
    const top = alternating.length - 1;
    if (top >= 0 && error[alternating[top]] > 0 === error[g] > 0) {
      if (Math.abs(error[g]) > Math.abs(error[alternating[top]])) alternating[top] = g;
    } else {
      alternating.push(g);
    }
  }
  if (alternating.length < wanted) return null;

  while (alternating.length > wanted) {
    const lastIndex = alternating.length - 1;
    if (alternating.length === wanted + 1) {
      // One too many: dropping an end keeps alternation.
      if (Math.abs(error[alternating[0]]) < Math.abs(error[alternating[lastIndex]])) alternating.shift();
      else alternating.pop();
      continue;
    }
    let smallest = 0;
    for (let i = 1; i <= lastIndex; i++) {
      if (Math.abs(error[alternating[i]]) < Math.abs(error[alternating[smallest]])) smallest = i;
    }
    if (smallest === 0 || smallest === lastIndex) {
      alternating.splice(smallest, 1);
    } else {
      // Its neighbours now share a sign: drop it and the smaller neighbour.
      const left = smallest - 1;
      const right = smallest + 1;
      const dropNeighbour = Math.abs(error[alternating[left]]) < Math.abs(error[alternating[right]]) ? left : right;
      alternating.splice(Math.min(smallest, dropNeighbour), 2);
    }
  }
  return Int32Array.from(alternating);
}

/**
 * The symmetric taps whose amplitude response is A(f), from A at f = k/N
 * (frequency sampling is exact for a length-N linear-phase filter).
 */
function tapsFromAmplitude(numTaps: number, amplitudeAt: (f: number) => number): Float64Array {
  const half = Math.floor(numTaps / 2);
  const amplitude = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) amplitude[k] = amplitudeAt(k / numTaps);
  // cos(π·m/N) for m < 2N: the angle 2πk(n − (N−1)/2)/N is π·k(2n − N + 1)/N.
  const period = 2 * numTaps;
  const cosine = new Float64Array(period);
  for (let m = 0; m < period; m++) cosine[m] = cos((Math.PI * m) / numTaps);
  const lastBin = numTaps % 2 === 1 ? half : half - 1; // bin N/2 of a type II filter is zero
  const taps = new Float64Array(numTaps);
  for (let n = 0; n < Math.ceil(numTaps / 2); n++) {
    const step = (((2 * n - numTaps + 1) % period) + period) % period;
    let sum = amplitude[0];
    for (let k = 1, m = step; k <= lastBin; k++) {
      sum += 2 * amplitude[k] * cosine[m];
      m += step;
      if (m >= period) m -= period;
    }
    taps[n] = sum / numTaps;
    taps[numTaps - 1 - n] = taps[n];
  }
  return taps;
}

function checkBands(bands: readonly RemezBand[]): void {
  if (bands.length === 0) throw new RangeError("remez: bands must not be empty");
  let previousStop = -Infinity;
  for (const [b, band] of bands.entries()) {
    const { start, stop, gain, weight } = band;
    if (!(start >= 0 && stop <= 0.5 && start < stop)) {
      throw new RangeError(`remez: bands[${b}] must satisfy 0 ≤ start < stop ≤ 0.5, got [${start}, ${stop}]`);
    }
    if (!(start > previousStop)) throw new RangeError(`remez: bands[${b}] overlaps or touches the band before it`);
    if (!Number.isFinite(gain)) throw new RangeError(`remez: bands[${b}].gain must be finite, got ${gain}`);
    if (!(weight > 0 && Number.isFinite(weight))) throw new RangeError(`remez: bands[${b}].weight must be > 0, got ${weight}`);
    previousStop = stop;
  }
}

/** Filters with more cosines than this start from a half-length design. */
const LARGEST_COLD_START = 128;

/**
 * Spreads an extremal set over `count` points on the same bands: each band
 * keeps its share of the extremals, placed at the same relative positions
 * within the band (by linear interpolation along the old ones). Equiripple
 * extremals keep their density per band as a design grows, so this is a close
 * guess for a design of another length. Null when there is nothing to spread.
 */
function spreadExtremals(extremals: ArrayLike<number>, bands: readonly RemezBand[], count: number): Float64Array | null {
  const bandCount = bands.length;
  const perBand: number[][] = Array.from({ length: bandCount }, () => []);
  for (let i = 0; i < extremals.length; i++) {
    const f = extremals[i];
    if (!Number.isFinite(f)) return null;
    let nearest = 0;
    let nearestDistance = Infinity;
    for (let b = 0; b < bandCount; b++) {
      const distance = f < bands[b].start ? bands[b].start - f : f > bands[b].stop ? f - bands[b].stop : 0;
      if (distance < nearestDistance) {
        nearestDistance = distance;
        nearest = b;
      }
    }
    perBand[nearest].push(f);
  }
  if (extremals.length === 0) return null;

  // Largest-remainder apportionment of `count` in proportion to the old counts.
  const quotas = perBand.map((list) => (list.length * count) / extremals.length);
  const counts = quotas.map(Math.floor);
  let missing = count - counts.reduce((sum, c) => sum + c, 0);
  const byRemainder = quotas.map((q, b) => ({ b, remainder: q - Math.floor(q) })).sort((u, v) => v.remainder - u.remainder);
  for (let i = 0; missing > 0; i = (i + 1) % bandCount) {
    const b = byRemainder[i].b;
    if (perBand[b].length > 0) {
      counts[b]++;
      missing--;
    }
  }

  const result = new Float64Array(count);
  let next = 0;
  for (let b = 0; b < bandCount; b++) {
    const positions = perBand[b].sort((u, v) => u - v);
    for (let j = 0; j < counts[b]; j++) {
      const at = counts[b] === 1 ? (positions.length - 1) / 2 : (j * (positions.length - 1)) / (counts[b] - 1);
      const below = Math.floor(at);
      const above = Math.min(below + 1, positions.length - 1);
      result[next++] = positions[below] + (at - below) * (positions[above] - positions[below]);
    }
  }
  return result;
}

/**
 * Grid indices for the given frequencies (one per extremal, ascending): the
 * nearest grid point of the band the frequency lies in or nearest to, nudged
 * so no two coincide. Null when they do not fit.
 */
function snapToGrid(grid: DenseGrid, frequencies: ArrayLike<number>): Int32Array | null {
  const bandCount = grid.bandStarts.length - 1;
  const result = new Int32Array(frequencies.length);
  let band = 0;
  for (let i = 0; i < frequencies.length; i++) {
    const f = frequencies[i];
    while (band < bandCount - 1 && f > grid.frequency[grid.bandStarts[band + 1] - 1]) {
      // Past this band's last point: it belongs to the next band if nearer to it.
      const thisLast = grid.frequency[grid.bandStarts[band + 1] - 1];
      const nextFirst = grid.frequency[grid.bandStarts[band + 1]];
      if (f - thisLast < nextFirst - f) break;
      band++;
    }
    const first = grid.bandStarts[band];
    const last = grid.bandStarts[band + 1] - 1;
    // Bisection for the nearest grid point within the band.
    let low = first;
    let high = last;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (grid.frequency[middle] <= f) low = middle;
      else high = middle;
    }
    let g = Math.abs(grid.frequency[high] - f) < Math.abs(grid.frequency[low] - f) ? high : low;
    if (i > 0 && g <= result[i - 1]) g = result[i - 1] + 1;
    if (g >= grid.x.length) return null;
    result[i] = g;
  }
  return result;
}

/** A design of about half the length, whose extremal set seeds a long design. */
function halfLengthExtremals(numTaps: number, bands: readonly RemezBand[], options: RemezOptions): Float64Array {
  const shorter = 2 * Math.floor(numTaps / 4) + (numTaps % 2);
  return remez(shorter, bands, { ...options, initialExtremals: undefined }).extremals;
}

/**
 * Designs the length-`numTaps` symmetric FIR filter minimising the maximum
 * weighted deviation from the desired band gains (Parks–McClellan), like
 * `scipy.signal.remez(numTaps, edges, gains, weight=weights, fs=1)`.
 * Even lengths have a zero at 0.5 cycles/sample, so suit low-pass filters only.
 */
export function remez(numTaps: number, bands: readonly RemezBand[], options: RemezOptions = {}): RemezResult {
  if (!Number.isInteger(numTaps) || numTaps < 3) throw new RangeError(`remez: numTaps must be an integer ≥ 3, got ${numTaps}`);
  checkBands(bands);
  const density = options.gridDensity ?? 16;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;

  const evenLength = numTaps % 2 === 0;
  // Number of cosines in the amplitude polynomial; r + 1 extremals pin it down.
  const cosines = evenLength ? numTaps / 2 : (numTaps + 1) / 2;
  const grid = denseGrid(bands, cosines, density, evenLength);
  const gridSize = grid.x.length;
  if (gridSize < cosines + 1) throw new RangeError(`remez: the bands are too narrow for ${numTaps} taps`);

  const seed =
    options.initialExtremals ?? (cosines > LARGEST_COLD_START ? halfLengthExtremals(numTaps, bands, options) : undefined);
  let extremals: Int32Array | null = null;
  if (seed !== undefined) {
    const spread = seed.length === cosines + 1 ? seed : spreadExtremals(seed, bands, cosines + 1);
    if (spread !== null) extremals = snapToGrid(grid, spread);
  }
  if (extremals === null) {
    extremals = new Int32Array(cosines + 1);
    for (let i = 0; i <= cosines; i++) extremals[i] = Math.floor((i * (gridSize - 1)) / cosines);
  }

  const error = new Float64Array(gridSize);
  let fit = equioscillate(grid, extremals);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    weightedError(grid, fit, error);
    const next = exchange(grid, error, cosines + 1);
    if (next === null) break; // lost alternation: keep the last fit
    let smallest = Infinity;
    let largest = 0;
    for (const g of next) {
      const e = Math.abs(error[g]);
      if (e < smallest) smallest = e;
      if (e > largest) largest = e;
    }
    const nextFit = equioscillate(grid, next);
    // |δ| can only grow (de la Vallée Poussin); a drop means rounding has taken over.
    if (!(Math.abs(nextFit.deviation) >= Math.abs(fit.deviation) * (1 - 1e-9))) break;
    extremals = next;
    fit = nextFit;
    if ((largest - smallest) / largest <= tolerance) {
      converged = true;
      break;
    }
  }

  const amplitudeAt = (f: number): number => {
    const p = interpolate(cos(2 * Math.PI * f), fit.nodes, fit.weights, fit.values);
    return evenLength ? p * cos(Math.PI * f) : p;
  };
  // Measure what is returned: one more pass over the grid.
  weightedError(grid, fit, error);
  let deviation = 0;
  for (let g = 0; g < gridSize; g++) deviation = Math.max(deviation, Math.abs(error[g]));
  const extremalFrequencies = new Float64Array(extremals.length);
  for (let i = 0; i < extremals.length; i++) extremalFrequencies[i] = grid.frequency[extremals[i]];
  return {
    taps: tapsFromAmplitude(numTaps, amplitudeAt),
    deviation,
    iterations,
    converged,
    extremals: extremalFrequencies,
  };
}
