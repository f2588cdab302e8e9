// Real-time release of outbound frames, for endpoints that play what they
// get as it arrives (Asterisk AudioSocket, RTP) and for those with a buffer
// (Twilio), where holding audio back until shortly before it plays means
// `clear` has little to drop.
//
// Frame n of a run is due to play at anchor + preroll + n × frameMs: an
// integer count times the frame duration, never a sum of intervals, so an
// hour of frames lands exactly where it should. A frame is released `lead`
// before it plays (the audio kept queued at the provider). A run starts
// when a frame arrives while idle: at the start, after clear(), after end(),
// or when the queue ran dry (an underrun: the source was late).

/** Milliseconds on any monotonic scale; `performance.now` by default. */
export type Clock = () => number;

export interface PacerOptions {
  /** Duration of one frame, ms (20 for Twilio's 160-byte μ-law frames). */
  frameMs?: number;
  /** How long before its play time a frame is released: the audio left queued at the provider, ms. */
  leadMs?: number;
  /** Extra wait before the first frame of a run plays, ms: a cushion against a slow source. */
  prerollMs?: number;
  clock?: Clock;
}

export interface PacerStats {
  /** Frames handed out so far. */
  released: number;
  /** Runs that ended because the queue ran dry while frames were still due (the source was late). */
  underruns: number;
  /** Frames released after their play time had passed (the caller polled late): each restarts the run. */
  lateFrames: number;
  /** Frames waiting. */
  queued: number;
}

interface Entry<T> {
  item: T;
  /** Frames of audio the item carries: 1 for a frame, 0 for a marker that rides after the frame before it. */
  frames: number;
}

function checkMs(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number") throw new TypeError(`${name} must be a number of ms, got ${value === null ? "null" : typeof value}`);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number of ms ≥ 0, got ${value}`);
  return value;
}

const defaultClock: Clock = () => performance.now();

/**
 * Holds frames (and zero-length markers between them) and releases each at
 * its deadline. Nothing here sleeps: call `release()` from a timer set for
 * `nextReleaseAt()` (or every few ms); what is due comes out, in order.
 * @example
 *   const pacer = new Pacer<string>({ leadMs: 60 });
 *   for (const payload of frames) pacer.push(payload);
 *   setInterval(() => { for (const p of pacer.release()) send(p); }, 5);
 */
export class Pacer<T> {
  readonly frameMs: number;
  readonly leadMs: number;
  readonly prerollMs: number;
  readonly #clock: Clock;
  readonly #queue: Entry<T>[] = [];
  #head = 0;
  /** When frame 0 of the current run plays (undefined: idle, the next frame starts a run). */
  #anchor: number | undefined;
  /** Frames of the current run released so far. */
  #frame = 0;
  /** The source said end(): a dry queue is then the end of a run, not an underrun. */
  #ended = false;
  #stats: PacerStats = { released: 0, underruns: 0, lateFrames: 0, queued: 0 };

  constructor(options: PacerOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
    this.frameMs = checkMs(options.frameMs, "frameMs", 20);
    if (this.frameMs === 0) throw new RangeError("frameMs must be > 0");
    this.leadMs = checkMs(options.leadMs, "leadMs", 60);
    this.prerollMs = checkMs(options.prerollMs, "prerollMs", 0);
    if (options.clock !== undefined && typeof options.clock !== "function") throw new TypeError("clock must be a function returning ms");
    this.#clock = options.clock ?? defaultClock;
  }

  /** Queues one frame (`frames` = 1) or a marker that follows the frame before it (`frames` = 0). */
  push(item: T, frames: 0 | 1 = 1): void {
    if (frames !== 0 && frames !== 1) throw new RangeError(`frames must be 0 or 1, got ${String(frames)}`);
    if (frames === 1) {
      const now = this.#clock();
      if (this.#anchor !== undefined && this.#stats.queued === 0 && now > this.#playsAt(this.#frame)) {
        // Everything released has played out: the run is over, by the source's end() or by an underrun.
        if (!this.#ended) this.#stats.underruns++;
        this.#anchor = undefined;
      }
      if (this.#anchor === undefined) {
        this.#anchor = now + this.prerollMs;
        this.#frame = 0;
      }
      this.#ended = false;
      this.#stats.queued++;
    }
    this.#queue.push({ item, frames });
  }

  /** Everything due at `now`: frames whose release time has come, and the markers after them. */
  release(now: number = this.#clock()): T[] {
    const out: T[] = [];
    while (this.#head < this.#queue.length) {
      const entry = this.#queue[this.#head];
      if (entry.frames === 1) {
        const playsAt = this.#playsAt(this.#frame);
        if (playsAt - this.leadMs > now) break;
        if (now > playsAt) {
          // Polled after this frame should already have been playing: the run restarts from it.
          this.#stats.lateFrames++;
          this.#anchor = now;
          this.#frame = 0;
        }
        this.#frame++;
        this.#stats.released++;
        this.#stats.queued--;
      }
      out.push(entry.item);
      this.#head++;
    }
    this.#compact();
    return out;
  }

  /** When the next frame falls due (ms on the clock); undefined with no frame queued (markers wait for one). */
  nextReleaseAt(): number | undefined {
    if (this.#stats.queued === 0) return this.#head < this.#queue.length ? this.#clock() : undefined;
    return this.#playsAt(this.#frame) - this.leadMs;
  }

  /** When the audio released so far has played out at the provider (ms on the clock); undefined when idle. */
  playedOutAt(): number | undefined {
    return this.#anchor === undefined ? undefined : this.#playsAt(this.#frame);
  }

  /** The source is done for now (end of an answer): the silence after it is not an underrun. */
  end(): void {
    this.#ended = true;
  }

  /** Drops everything queued (barge-in); returns the frames dropped. The next frame starts a new run. */
  clear(): number {
    const dropped = this.#stats.queued;
    this.#queue.length = 0;
    this.#head = 0;
    this.#stats.queued = 0;
    this.#anchor = undefined;
    this.#ended = false;
    return dropped;
  }

  get stats(): Readonly<PacerStats> {
    return { ...this.#stats };
  }

  #playsAt(frame: number): number {
    return (this.#anchor as number) + frame * this.frameMs;
  }

  #compact(): void {
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
