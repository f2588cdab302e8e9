// A plain TypeScript polyphase resampler, written straight from the
// definition: output m = Σ_k h[p + k·L] · x[n0 − k], n0 = floor(m·M / L),
// p = m·M − n0·L, emitted once (m + 1)·M ≤ inputs·L. Float64 throughout.
// It shares no code with the wasm kernel: the tests use it as a second
// opinion on rate pairs the scipy vectors do not cover, and the benchmark as
// the "same kernel in plain TS" row.

export class PlainPolyphase {
  private readonly h: Float64Array;
  private readonly perPhase: number;
  /** Input samples received so far. */
  private inputs = 0;
  /** Output samples emitted so far. */
  private outputs = 0;
  /** The last inputs before the current chunk, oldest first: enough for any output still to come. */
  private history: Float64Array;
  private readonly kept: number;

  constructor(
    prototype: Float64Array,
    private readonly up: number,
    private readonly down: number,
  ) {
    this.h = Float64Array.from(prototype, (tap) => tap * up);
    this.perPhase = Math.ceil(prototype.length / up);
    this.kept = this.perPhase + Math.ceil(down / up) + 1;
    this.history = new Float64Array(this.kept);
  }

  /** Writes the outputs `src` completes into `dst`; returns how many. */
  process(src: Int16Array, dst: Int16Array): number {
    const { h, up, down, kept } = this;
    const first = this.inputs; // absolute index of src[0]
    const sample = (n: number): number => (n >= first ? src[n - first] : this.history[kept - (first - n)]);
    const end = this.inputs + src.length;
    let produced = 0;
    while ((this.outputs + 1) * down <= end * up) {
      const position = this.outputs * down;
      const n0 = Math.floor(position / up);
      const phase = position - n0 * up;
      let sum = 0;
      for (let k = 0; phase + k * up < h.length; k++) {
        if (n0 - k >= 0) sum += h[phase + k * up] * sample(n0 - k);
      }
      const rounded = Math.round(sum);
      dst[produced++] = Math.max(-32768, Math.min(32767, rounded));
      this.outputs++;
    }
    const next = new Float64Array(kept);
    for (let i = 0; i < kept; i++) next[i] = end - kept + i >= 0 ? sample(end - kept + i) : 0;
    this.history = next;
    this.inputs = end;
    return produced;
  }
}
