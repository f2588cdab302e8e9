// The folded ×3 table of a linear-phase prototype (h[k] = h[N−1−k]): the
// layout assembly/folded.ts reads (its header gives the algebra), computed
// in float64 and rounded to f32 once.

export interface FoldedTaps {
  /** (cs, cu, cd, 0) per row. */
  readonly taps: Float32Array;
  /** Rows: J. */
  readonly pairs: number;
  /** Ks: the self phase's last tap index. */
  readonly reach: number;
  /** s: the self-mirrored phase. */
  readonly selfPhase: number;
}

/** True when h reads the same both ways, exactly (the designs of `voice` and `high` are). */
export function isSymmetric(h: Float64Array): boolean {
  for (let k = 0, j = h.length - 1; k < j; k++, j--) if (h[k] !== h[j]) return false;
  return true;
}

/**
 * c[k] of one self-mirrored run g[0…K]: g[k] for k < K/2, g[K/2]/2 (the
 * centre meets one sample twice); ⌊K/2⌋ + 1 of them.
 */
function foldRun(g: (k: number) => number, reach: number): number[] {
  const c: number[] = [];
  for (let k = 0; 2 * k <= reach; k++) c.push(2 * k === reach ? g(k) / 2 : g(k));
  return c;
}

/**
 * Interpolation by 3, scaled by 3 as phaseLayout scales: (cs, cu, cd, 0) per
 * k for the self phase s and the pair a = s + 1, b = s + 2 (mod 3), padded
 * with zeros to the longer of the two runs.
 */
export function foldUp3(h: Float64Array): FoldedTaps {
  const last = h.length - 1;
  const selfPhase = (2 * last) % 3; // 2s ≡ N − 1 (mod 3)
  const a = (selfPhase + 1) % 3;
  const reachSelf = (last - 2 * selfPhase) / 3;
  const reachPair = reachSelf + selfPhase - 1; // (N − 1 − a − b)/3
  const phase = (p: number) => (k: number) => 3 * h[p + 3 * k];
  const cs = foldRun(phase(selfPhase), reachSelf);
  const ha = phase(a);
  const cu: number[] = [];
  const cd: number[] = [];
  for (let k = 0; 2 * k <= reachPair; k++) {
    cu.push(2 * k === reachPair ? ha(k) / 2 : (ha(k) + ha(reachPair - k)) / 2);
    cd.push(2 * k === reachPair ? 0 : (ha(k) - ha(reachPair - k)) / 2);
  }
  const pairs = Math.max(cs.length, cu.length);
  const taps = new Float32Array(4 * pairs);
  for (let k = 0; k < pairs; k++) {
    taps[4 * k] = cs[k] ?? 0;
    taps[4 * k + 1] = cu[k] ?? 0;
    taps[4 * k + 2] = cd[k] ?? 0;
  }
  return { taps, pairs, reach: reachSelf, selfPhase };
}
