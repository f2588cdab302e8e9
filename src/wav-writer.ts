// A streaming RIFF/WAVE writer: PCM16, or G.711 μ-law / A-law (format tags
// 7 / 6, with a `fact` chunk as the spec asks of non-PCM formats), mono or
// stereo, written chunk by chunk through a sink; no dependency, no `node:`.
//
// The header written first claims "unknown length": RIFF size and data size
// 0xFFFFFFFF (fact: 0xFFFFFFFF). close() patches the real sizes where the
// sink can overwrite (a file, memory); a stream sink keeps the first header.
// A file cut off at any byte (a crash, a full disk) then stays readable up to
// its last whole sample frame. Measured (SoX 14.4.2, FFmpeg 5.1, CPython
// 3.11 `wave`), on a file cut inside its data:
// - sox: reads to the end of the file, whole frames only, no warning;
// - ffmpeg / ffprobe: decode to the end of the file, whole frames; a partial
//   frame at the end logs "Invalid PCM packet" and is dropped (exit code 0);
//   ffprobe reports the header's duration (~37 h at 8 kHz stereo μ-law);
// - Python `wave`: getnframes() is the header's (huge) count, readframes()
//   returns the bytes to the end of the file, a partial frame's bytes
//   included: keep len // framesize frames. `wave` reads PCM only (tag 7 is
//   "unknown format"), whatever the header.
// A size of 0 (another common "unknown") does not do: sox reads no samples,
// `wave` refuses the file ("not a WAVE file"). Cut inside the header, no
// reader can open the file: it holds no whole frame.

import { checkOptions, isBytes, isSamples } from "./_arguments.js";
import { checkRate } from "./_rates.js";

export type WavEncoding = "pcm16" | "ulaw" | "alaw";

/**
 * Where the bytes go. `write` appends; calls come in order, and an async sink
 * must apply them in order (a WritableStream does). The bytes are lent for
 * the call only (the writer reuses its buffer: allocating one per 20 ms frame
 * costs more than the rest of the work): a sink that keeps them copies them.
 * `patch`, if the sink can overwrite, lets close() write the real sizes into
 * the header.
 */
export interface WavSink {
  write(bytes: Uint8Array): void | Promise<void>;
  patch?(position: number, bytes: Uint8Array): void | Promise<void>;
  close?(): void | Promise<void>;
}

export interface WavWriterOptions {
  /** Hz; 8000 when omitted. */
  rate?: number;
  /** 1 or 2 (interleaved: left, right); 1 when omitted. */
  channels?: number;
  /** "pcm16" (the default), "ulaw" or "alaw". */
  encoding?: WavEncoding;
}

const FORMAT_TAG = { pcm16: 1, alaw: 6, ulaw: 7 } as const;
/** The "unknown length" size: every reader above reads to the end of the file. */
const STREAMING = 0xffffffff;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function header(encoding: WavEncoding, channels: number, rate: number): { bytes: Uint8Array; riffAt: number; factAt: number; dataAt: number } {
  const pcm = encoding === "pcm16";
  const sampleBytes = pcm ? 2 : 1;
  const fmtSize = pcm ? 16 : 18; // non-PCM: cbSize = 0
  const length = 12 + 8 + fmtSize + (pcm ? 0 : 12) + 8;
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < 4; i++) bytes[at + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, STREAMING, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, FORMAT_TAG[encoding], true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * channels * sampleBytes, true);
  view.setUint16(32, channels * sampleBytes, true);
  view.setUint16(34, sampleBytes * 8, true);
  let at = 36;
  let factAt = -1;
  if (!pcm) {
    view.setUint16(36, 0, true);
    ascii(38, "fact");
    view.setUint32(42, 4, true);
    view.setUint32(46, STREAMING, true);
    factAt = 46;
    at = 50;
  }
  ascii(at, "data");
  view.setUint32(at + 4, STREAMING, true);
  return { bytes, riffAt: 4, factAt, dataAt: at + 4 };
}

function u32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Writes one WAV file, chunk by chunk.
 * @example
 *   const sink = memorySink();
 *   const wav = new WavWriter(sink, { rate: 8000, channels: 2 });
 *   wav.write(new Int16Array([l0, r0, l1, r1]));
 *   await wav.close();
 *   sink.bytes(); // the file
 */
export class WavWriter {
  readonly rate: number;
  readonly channels: number;
  readonly encoding: WavEncoding;
  /** Bytes of one sample frame (all channels). */
  readonly frameBytes: number;
  readonly #sink: WavSink;
  readonly #layout: { riffAt: number; factAt: number; dataAt: number; length: number };
  #frames = 0;
  #dataBytes = 0;
  #closed = false;
  #failure: Error | undefined;
  /** Reused for every write (see WavSink). */
  #scratch = new Uint8Array(0);
  /** The sink's last pending promise (async sinks). */
  #pending: Promise<void> | undefined;

  /** @throws TypeError / RangeError naming sink, rate, channels or encoding; the header is written at once. */
  constructor(sink: WavSink, options?: WavWriterOptions) {
    if (typeof sink !== "object" || sink === null || typeof sink.write !== "function") {
      throw new TypeError(`sink must be an object with a write(bytes) method, got ${describe(sink)}`);
    }
    if (sink.patch !== undefined && typeof sink.patch !== "function") throw new TypeError("sink.patch must be a function when given");
    if (sink.close !== undefined && typeof sink.close !== "function") throw new TypeError("sink.close must be a function when given");
    const given = checkOptions(options) as WavWriterOptions;
    this.rate = checkRate(given.rate === undefined ? 8000 : given.rate, "rate");
    const channels = given.channels === undefined ? 1 : given.channels;
    if (typeof channels !== "number") throw new TypeError(`channels must be a number, got ${describe(channels)}`);
    if (channels !== 1 && channels !== 2) throw new RangeError(`channels must be 1 or 2, got ${channels}`);
    this.channels = channels;
    const encoding = given.encoding === undefined ? "pcm16" : given.encoding;
    if (encoding !== "pcm16" && encoding !== "ulaw" && encoding !== "alaw") {
      throw new RangeError(`encoding must be "pcm16", "ulaw" or "alaw", got ${typeof encoding === "string" ? `"${encoding}"` : describe(encoding)}`);
    }
    this.encoding = encoding;
    this.frameBytes = channels * (encoding === "pcm16" ? 2 : 1);
    this.#sink = sink;
    const head = header(encoding, channels, this.rate);
    this.#layout = { riffAt: head.riffAt, factAt: head.factAt, dataAt: head.dataAt, length: head.bytes.length };
    this.#send(head.bytes, 0);
  }

  /** Sample frames written (accepted by the sink). */
  get frames(): number {
    return this.#frames;
  }

  /** Bytes of the file so far. */
  get bytes(): number {
    return this.#layout.length + this.#dataBytes;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Appends whole sample frames: an Int16Array for "pcm16", G.711 codes (a
   * Uint8Array) for "ulaw" / "alaw"; stereo interleaved (left, right). The
   * bytes are copied before the sink sees them: the caller may reuse `samples` at once.
   * @returns the sink's promise when it is async (await it for back-pressure).
   * @throws TypeError naming samples (wrong type); RangeError (not whole
   *   frames, or past WAV's 4 GiB); Error if closed or the sink failed.
   *   A refused call writes nothing.
   */
  write(samples: Int16Array | Uint8Array): void | Promise<void> {
    this.#checkOpen();
    const pcm = this.encoding === "pcm16";
    if (pcm ? !isSamples(samples) : !isBytes(samples)) {
      throw new TypeError(`samples must be ${pcm ? "an Int16Array (pcm16)" : `a Uint8Array of G.711 codes (${this.encoding})`}, got ${describe(samples)}`);
    }
    if (samples.length % this.channels !== 0) {
      throw new RangeError(`samples holds ${samples.length} samples: not whole frames of ${this.channels} channels`);
    }
    const length = samples.length * (pcm ? 2 : 1);
    if (length === 0) return;
    if (this.#layout.length + this.#dataBytes + length > STREAMING - 1) {
      throw new RangeError(`samples would take the file past WAV's 4 GiB limit (${this.bytes} bytes written): start a new file`);
    }
    if (this.#scratch.length < length) this.#scratch = new Uint8Array(Math.max(length, 2 * this.#scratch.length));
    const bytes = this.#scratch.subarray(0, length);
    if (pcm && !LITTLE_ENDIAN) {
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < samples.length; i++) view.setInt16(2 * i, samples[i], true);
    } else {
      bytes.set(new Uint8Array(samples.buffer, samples.byteOffset, bytes.length));
    }
    return this.#send(bytes, samples.length / this.channels);
  }

  /**
   * Ends the file: pads an odd data chunk, patches the sizes (sinks with
   * `patch`), closes the sink. Idempotent. After a sink failure the sizes
   * are left "unknown": readers read the whole frames that reached the sink.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#failure === undefined) {
      try {
        if ((this.#dataBytes & 1) === 1) await this.#sink.write(new Uint8Array(1));
        const { riffAt, factAt, dataAt, length } = this.#layout;
        if (this.#sink.patch !== undefined) {
          await this.#pending;
          await this.#sink.patch(dataAt, u32(this.#dataBytes));
          if (factAt >= 0) await this.#sink.patch(factAt, u32(this.#frames));
          await this.#sink.patch(riffAt, u32(length - 8 + this.#dataBytes + (this.#dataBytes & 1)));
        }
        await this.#pending;
      } catch (error) {
        this.#failure ??= this.#sinkError(error, "close");
      }
    }
    try {
      await this.#sink.close?.();
    } catch (error) {
      this.#failure ??= this.#sinkError(error, "close");
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  #checkOpen(): void {
    if (this.#failure !== undefined) throw new Error(`this WavWriter's sink failed earlier (${this.#failure.message}): no more can be written`, { cause: this.#failure });
    if (this.#closed) throw new Error("this WavWriter is closed: create a new one");
  }

  #sinkError(error: unknown, what: string): Error {
    return new Error(`WAV sink failed at ${what} after ${this.#frames} frames (${this.bytes} bytes, which stay readable): ${messageOf(error)}`, { cause: error });
  }

  #send(bytes: Uint8Array, frames: number): void | Promise<void> {
    let result: void | Promise<void>;
    try {
      result = this.#sink.write(bytes);
    } catch (error) {
      throw (this.#failure = this.#sinkError(error, "write"));
    }
    if (result !== undefined && typeof (result as Promise<void>).then === "function") {
      const done = Promise.resolve(result).then(
        () => {
          this.#frames += frames;
        },
        (error: unknown) => {
          this.#failure ??= this.#sinkError(error, "write");
          throw this.#failure;
        },
      );
      this.#dataBytes += frames === 0 ? 0 : bytes.length;
      // Later writes wait for nothing; close() waits for the last one. A rejection is seen there too.
      this.#pending = (this.#pending ?? Promise.resolve()).then(() => done);
      this.#pending.catch(() => undefined);
      return done;
    }
    if (frames > 0) {
      this.#frames += frames;
      this.#dataBytes += bytes.length;
    }
  }
}

/** Bytes collected in memory: `bytes()` is the file so far (patched at close). */
export interface MemorySink extends WavSink {
  bytes(): Uint8Array;
}

export function memorySink(): MemorySink {
  let buffer = new Uint8Array(4096);
  let length = 0;
  return {
    write(bytes) {
      if (length + bytes.length > buffer.length) {
        const grown = new Uint8Array(Math.max(buffer.length * 2, length + bytes.length));
        grown.set(buffer.subarray(0, length));
        buffer = grown;
      }
      buffer.set(bytes, length);
      length += bytes.length;
    },
    patch(position, bytes) {
      buffer.set(bytes, position);
    },
    bytes: () => buffer.slice(0, length),
  };
}

/** A WritableStream (web streams; workerd, browsers, Node's stream/web). No patch: the header keeps "unknown length". */
export function streamSink(stream: WritableStream<Uint8Array>): WavSink {
  if (typeof stream !== "object" || stream === null || typeof (stream as WritableStream).getWriter !== "function") {
    throw new TypeError(`stream must be a WritableStream, got ${describe(stream)}`);
  }
  const writer = stream.getWriter();
  return {
    write: (bytes) => writer.write(bytes.slice()), // the stream keeps its chunks
    close: () => writer.close(),
  };
}

/** The part of Node's `fs` a file sink uses (pass `fs` itself): kept out of this module so it runs anywhere. */
export interface FileSystemSync {
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
}

/**
 * A file opened for writing (`fs.openSync(path, "w")`), written synchronously
 * at explicit positions; close() patches the header and closes `fd`.
 * @example new WavWriter(fileSink(fs, fs.openSync("call.wav", "w")), { channels: 2 })
 */
export function fileSink(fs: FileSystemSync, fd: number): WavSink {
  if (typeof fs !== "object" || fs === null || typeof fs.writeSync !== "function" || typeof fs.closeSync !== "function") {
    throw new TypeError("fs must provide writeSync and closeSync (pass Node's fs module)");
  }
  if (typeof fd !== "number" || !Number.isSafeInteger(fd) || fd < 0) throw new TypeError(`fd must be a file descriptor (a non-negative integer), got ${String(fd)}`);
  let end = 0;
  const writeAll = (bytes: Uint8Array, position: number) => {
    for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
  };
  return {
    write(bytes) {
      writeAll(bytes, end);
      end += bytes.length;
    },
    patch: (position, bytes) => writeAll(bytes, position),
    close: () => fs.closeSync(fd),
  };
}
