// Per-call timing of the audio conversions: count, mean, p50 and max in µs.
// The median comes from a log-scale histogram (16 buckets an octave, so
// within ±2.2%) rather than a list of samples: an hour-long call is 180,000
// frames a direction, and a bridge holds thousands of calls.

const BUCKETS_PER_OCTAVE = 16;
/** The smallest bucket starts at 2^-4 µs = 62.5 ns; 24 octaves reach 1 s. */
const LOWEST_OCTAVE = -4;
const BUCKETS = 24 * BUCKETS_PER_OCTAVE;

export interface TimingSummary {
  count: number;
  meanUs: number;
  p50Us: number;
  maxUs: number;
  totalUs: number;
}

export class FrameTimer {
  #count = 0;
  #totalUs = 0;
  #maxUs = 0;
  readonly #histogram = new Uint32Array(BUCKETS);

  /** Records one measurement, in µs. */
  record(us: number): void {
    this.#count++;
    this.#totalUs += us;
    if (us > this.#maxUs) this.#maxUs = us;
    const bucket = Math.floor((Math.log2(Math.max(us, 1e-9)) - LOWEST_OCTAVE) * BUCKETS_PER_OCTAVE);
    this.#histogram[Math.min(BUCKETS - 1, Math.max(0, bucket))]++;
  }

  /** Times `work` with performance.now() and records it if it returns (a throw is not a frame). */
  time<T>(work: () => T): T {
    const start = performance.now();
    const result = work();
    this.record((performance.now() - start) * 1000);
    return result;
  }

  summary(): TimingSummary {
    return {
      count: this.#count,
      meanUs: this.#count === 0 ? 0 : this.#totalUs / this.#count,
      p50Us: this.#median(),
      maxUs: this.#maxUs,
      totalUs: this.#totalUs,
    };
  }

  #median(): number {
    if (this.#count === 0) return 0;
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.#histogram[bucket];
      // The bucket's geometric middle.
      if (2 * seen >= this.#count) return 2 ** (LOWEST_OCTAVE + (bucket + 0.5) / BUCKETS_PER_OCTAVE);
    }
    return this.#maxUs;
  }
}
