// WavWriter and readWav against three independent readers: sox, ffmpeg and
// Python's `wave` (PCM only: it has no μ-law / A-law). Expected samples are
// the test's own input; header lengths are the RIFF layout's (44 bytes for
// PCM, 58 with the non-PCM fmt extension and fact chunk), not the writer's.
// Tests that need a tool skip with a message when it is absent
// (Debian: apt-get install sox ffmpeg python3).

import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alawDecode, fileSink, initSync, memorySink, readWav, streamSink, ulawDecode, WavWriter, type WavEncoding } from "telaudio";
import { expectSameValues } from "./_assert.js";
import { rng } from "./_seeded.js";

const run = promisify(execFile);
const has = (tool: string, arg: string) => spawnSync(tool, [arg], { stdio: "ignore" }).status === 0;
const SOX = has("sox", "--version");
const FFMPEG = has("ffmpeg", "-version");
const PYTHON = has("python3", "--version");
for (const [tool, present] of [["sox", SOX], ["ffmpeg", FFMPEG], ["python3", PYTHON]] as const) {
  if (!present) console.warn(`wav.test: ${tool} not found, its checks are skipped (Debian: apt-get install sox ffmpeg python3)`);
}

let dir: string;
beforeAll(() => {
  initSync();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "telaudio-wav-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Case {
  encoding: WavEncoding;
  channels: number;
  rate: number;
  frames: number;
}
const HEADER = { pcm16: 44, ulaw: 58, alaw: 58 } as const;
const sampleBytes = (e: WavEncoding) => (e === "pcm16" ? 2 : 1);

/** Random samples (or codes) for a case, and the file the writer makes of them in `chunks` writes. */
async function make(c: Case, seed: number, chunks = 3): Promise<{ input: Int16Array | Uint8Array; file: Uint8Array }> {
  const next = rng(seed);
  const n = c.frames * c.channels;
  const input = c.encoding === "pcm16" ? Int16Array.from({ length: n }, () => Math.floor(next() * 65536) - 32768) : Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
  const sink = memorySink();
  const writer = new WavWriter(sink, { encoding: c.encoding, channels: c.channels, rate: c.rate });
  for (let i = 0; i < chunks; i++) {
    const from = Math.floor((c.frames * i) / chunks) * c.channels;
    const to = Math.floor((c.frames * (i + 1)) / chunks) * c.channels;
    writer.write(input.subarray(from, to));
  }
  await writer.close();
  return { input, file: sink.bytes() };
}

/** Little-endian bytes of the samples (the raw output sox and ffmpeg give). */
const rawOf = (input: Int16Array | Uint8Array) => (input instanceof Int16Array ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : input);
/**
 * What sox and ffmpeg decode the file to: PCM16LE. Both re-encode G.711 codes
 * on the way out (0x7F becomes 0xFF), so G.711 is compared decoded, by
 * ulawDecode / alawDecode (bit-exact with ITU-T G.191, tested in g711.test.ts).
 */
const pcmOf = (encoding: WavEncoding, raw: Uint8Array) =>
  encoding === "pcm16" ? raw : rawOf((encoding === "ulaw" ? ulawDecode : alawDecode)(raw));
const SOX_PCM = ["-t", "raw", "-e", "signed", "-b", "16", "-"];
const FF_PCM = ["-c:a", "pcm_s16le", "-f", "s16le"];

function expectSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const at = actual.findIndex((x, i) => x !== expected[i]);
  expect(at, `${what}: first differing byte`).toBe(-1);
}

const CASES: Case[] = [
  { encoding: "pcm16", channels: 2, rate: 8000, frames: 1000 },
  { encoding: "pcm16", channels: 1, rate: 16000, frames: 999 },
  { encoding: "ulaw", channels: 2, rate: 8000, frames: 1000 },
  { encoding: "ulaw", channels: 1, rate: 8000, frames: 333 }, // odd data: a pad byte
  { encoding: "alaw", channels: 2, rate: 16000, frames: 500 },
];

describe.each(CASES)("round trip $encoding, $channels ch, $rate Hz, $frames frames", (c) => {
  const name = `${c.encoding}-${c.channels}-${c.rate}-${c.frames}`;
  it("the header's fields, laid out by the RIFF spec", async () => {
    const { file } = await make(c, 1);
    const view = new DataView(file.buffer);
    const data = c.frames * c.channels * sampleBytes(c.encoding);
    expect(file.length).toBe(HEADER[c.encoding] + data + (data & 1));
    expect(view.getUint32(4, true)).toBe(file.length - 8);
    expect(view.getUint16(20, true)).toBe({ pcm16: 1, alaw: 6, ulaw: 7 }[c.encoding]);
    expect(view.getUint16(22, true)).toBe(c.channels);
    expect(view.getUint32(24, true)).toBe(c.rate);
    expect(view.getUint32(HEADER[c.encoding] - 4, true)).toBe(data);
    if (c.encoding !== "pcm16") expect(view.getUint32(46, true)).toBe(c.frames); // fact: samples per channel
  });

  it("writer → readWav: the same samples", async () => {
    const { input, file } = await make(c, 2);
    const read = readWav(file);
    expect(read).toMatchObject({ rate: c.rate, channels: c.channels, encoding: c.encoding, frames: c.frames, truncated: false });
    expectSameValues(read.data, input);
  });

  it.skipIf(!SOX)("writer → sox: the same samples, and soxi's sample count", async () => {
    const { input, file } = await make(c, 3);
    const at = path.join(dir, `${name}.wav`);
    fs.writeFileSync(at, file);
    const out = spawnSync("sox", ["-V1", at, ...SOX_PCM], { maxBuffer: 1 << 24 });
    expect(out.status, out.stderr.toString()).toBe(0);
    expectSameBytes(new Uint8Array(out.stdout), pcmOf(c.encoding, rawOf(input)), "sox");
    expect(spawnSync("soxi", ["-s", at]).stdout.toString().trim()).toBe(String(c.frames));
  });

  it.skipIf(!FFMPEG)("writer → ffmpeg: the same samples; ffprobe's codec, channels, rate, duration", async () => {
    const { input, file } = await make(c, 4);
    const at = path.join(dir, `${name}-ff.wav`);
    fs.writeFileSync(at, file);
    const out = spawnSync("ffmpeg", ["-v", "error", "-i", at, ...FF_PCM, "-"], { maxBuffer: 1 << 24 });
    expect(out.status, out.stderr.toString()).toBe(0);
    expectSameBytes(new Uint8Array(out.stdout), pcmOf(c.encoding, rawOf(input)), "ffmpeg");
    const probe = JSON.parse(spawnSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,channels,sample_rate,duration_ts", "-of", "json", at]).stdout.toString());
    expect(probe.streams[0]).toMatchObject({ codec_name: { pcm16: "pcm_s16le", ulaw: "pcm_mulaw", alaw: "pcm_alaw" }[c.encoding], channels: c.channels, sample_rate: String(c.rate), duration_ts: c.frames });
  });

  // Python's wave reads PCM only: a G.711 file is refused ("unknown format: 7"), as the README says.
  it.skipIf(!PYTHON)(c.encoding === "pcm16" ? "writer → Python wave: the same samples and nframes" : "writer → Python wave: refused as an unknown format", async () => {
    const { input, file } = await make(c, 5);
    const at = path.join(dir, `${name}-py.wav`);
    fs.writeFileSync(at, file);
    const script = "import wave,sys\nw=wave.open(sys.argv[1])\nprint(w.getnchannels(),w.getframerate(),w.getnframes())\nsys.stdout.flush()\nsys.stdout.buffer.write(w.readframes(1<<30))";
    const out = spawnSync("python3", ["-c", script, at], { maxBuffer: 1 << 24 });
    if (c.encoding !== "pcm16") {
      expect(out.status).not.toBe(0);
      expect(out.stderr.toString()).toMatch(/unknown format: [67]/);
      return;
    }
    expect(out.status, out.stderr.toString()).toBe(0);
    const newline = out.stdout.indexOf(10);
    expect(out.stdout.subarray(0, newline).toString()).toBe(`${c.channels} ${c.rate} ${c.frames}`);
    expectSameBytes(new Uint8Array(out.stdout.subarray(newline + 1)), rawOf(input), "python wave");
  });
});

describe("truncation: a file cut at every byte gives the whole frames before the cut", () => {
  // Sizes never patched: what a crash leaves (the writer's first header, then data).
  const SMALL: Case[] = [
    { encoding: "pcm16", channels: 2, rate: 8000, frames: 10 },
    { encoding: "ulaw", channels: 2, rate: 8000, frames: 10 },
    { encoding: "alaw", channels: 1, rate: 8000, frames: 7 },
  ];

  async function unpatched(c: Case, seed: number): Promise<{ input: Int16Array | Uint8Array; file: Uint8Array }> {
    const { input, file } = await make(c, seed);
    const length = HEADER[c.encoding] + c.frames * c.channels * sampleBytes(c.encoding);
    const copy = file.slice(0, length);
    const view = new DataView(copy.buffer);
    // What the file held before close(): every size "unknown".
    view.setUint32(4, 0xffffffff, true);
    view.setUint32(HEADER[c.encoding] - 4, 0xffffffff, true);
    if (c.encoding !== "pcm16") view.setUint32(46, 0xffffffff, true);
    return { input, file: copy };
  }

  it("the header the writer leaves until close() is the unknown-length one", async () => {
    for (const c of SMALL) {
      const sink = memorySink();
      const writer = new WavWriter(sink, c);
      writer.write(c.encoding === "pcm16" ? new Int16Array(c.channels * 3) : new Uint8Array(c.channels * 3));
      const { file } = await unpatched({ ...c, frames: 3 }, 0);
      expectSameBytes(sink.bytes().subarray(0, HEADER[c.encoding]), file.subarray(0, HEADER[c.encoding]), `${c.encoding} header`);
    }
  });

  /**
   * Cuts for the tools spawned once per file (sox ~30 ms, ffmpeg ~300 ms a
   * process): every byte of the data, and the header at its field boundaries
   * (a header cut holds no frame; readWav and Python wave take every offset).
   */
  const someCuts = (c: Case, file: Uint8Array) => {
    const head = [0, 4, 8, 12, 16, 20, 24, 36, HEADER[c.encoding] - 8, HEADER[c.encoding] - 4, HEADER[c.encoding] - 1];
    return [...head, ...Array.from({ length: file.length - HEADER[c.encoding] + 1 }, (_, i) => HEADER[c.encoding] + i)];
  };

  /** Whole frames before `cut`, as raw bytes. */
  const expectedAt = (c: Case, input: Int16Array | Uint8Array, cut: number) => {
    const frameBytes = c.channels * sampleBytes(c.encoding);
    const frames = Math.max(0, Math.floor((cut - HEADER[c.encoding]) / frameBytes));
    return rawOf(input).subarray(0, frames * frameBytes);
  };

  it.each(SMALL)("readWav, $encoding $channels ch: every cut", async (c) => {
    const { input, file } = await unpatched(c, 11);
    for (let cut = 0; cut <= file.length; cut++) {
      const expected = expectedAt(c, input, cut);
      if (cut < HEADER[c.encoding]) {
        expect(() => readWav(file.subarray(0, cut)), `cut ${cut}`).toThrow(RangeError);
        continue;
      }
      const read = readWav(file.slice(0, cut));
      expectSameBytes(rawOf(read.data), expected, `cut at ${cut}`);
      expect(read.truncated).toBe(true);
    }
  });

  it.skipIf(!SOX)("sox: every cut in the data, the header's field boundaries (an error or no samples)", async () => {
    const jobs: (() => Promise<void>)[] = [];
    for (const c of SMALL) {
      const { input, file } = await unpatched(c, 12);
      for (const cut of someCuts(c, file)) {
        const at = path.join(dir, `sox-${c.encoding}-${cut}.wav`);
        fs.writeFileSync(at, file.subarray(0, cut));
        jobs.push(async () => {
          const out = await run("sox", ["-V1", at, ...SOX_PCM], { encoding: "buffer" }).catch(() => undefined);
          const expected = pcmOf(c.encoding, expectedAt(c, input, cut));
          if (out === undefined) expect(expected.length, `sox failed at cut ${cut} of ${c.encoding}`).toBe(0);
          else expectSameBytes(new Uint8Array(out.stdout), expected, `sox, ${c.encoding} cut at ${cut}`);
        });
      }
    }
    for (let i = 0; i < jobs.length; i += 4) await Promise.all(jobs.slice(i, i + 4).map((job) => job()));
  }, 30_000);

  it.skipIf(!FFMPEG)("ffmpeg: every cut inside the data, in one process; two header cuts fail", async () => {
    for (const c of SMALL) {
      const { input, file } = await unpatched(c, 13);
      const cuts: number[] = [];
      const args = ["-v", "error"];
      for (let cut = HEADER[c.encoding]; cut <= file.length; cut++) {
        const at = path.join(dir, `ff-${c.encoding}-${cut}.wav`);
        fs.writeFileSync(at, file.subarray(0, cut));
        cuts.push(cut);
        args.push("-i", at);
      }
      cuts.forEach((cut, i) => args.push("-map", `${i}:a?`, ...FF_PCM, "-y", path.join(dir, `ff-${c.encoding}-${cut}.raw`)));
      // A cut right after the header has no audio packet: ffmpeg writes nothing for it, the others decode.
      await run("ffmpeg", args).catch(() => undefined);
      for (const cut of cuts) {
        const raw = path.join(dir, `ff-${c.encoding}-${cut}.raw`);
        const got = fs.existsSync(raw) ? new Uint8Array(fs.readFileSync(raw)) : new Uint8Array(0);
        expectSameBytes(got, pcmOf(c.encoding, expectedAt(c, input, cut)), `ffmpeg, ${c.encoding} cut at ${cut}`);
      }
      for (const cut of [12, HEADER[c.encoding] - 1]) {
        const at = path.join(dir, `ff-${c.encoding}-head-${cut}.wav`);
        fs.writeFileSync(at, file.subarray(0, cut));
        const out = await run("ffmpeg", ["-v", "error", "-i", at, ...FF_PCM, "-"], { encoding: "buffer" }).catch(() => undefined);
        expect(out === undefined || out.stdout.length === 0, `ffmpeg gave samples for a header cut at ${cut}`).toBe(true);
      }
    }
  }, 30_000);

  it.skipIf(!PYTHON)("Python wave (PCM16): every cut, in one process", async () => {
    const c = SMALL[0];
    const { input, file } = await unpatched(c, 14);
    const paths: string[] = [];
    for (let cut = 0; cut <= file.length; cut++) {
      const at = path.join(dir, `py-${cut}.wav`);
      fs.writeFileSync(at, file.subarray(0, cut));
      paths.push(at);
    }
    // Whole frames only: readframes() returns a partial frame's bytes too.
    const script = [
      "import wave,sys,json",
      "out=[]",
      "for p in sys.argv[1:]:",
      "  try:",
      "    w=wave.open(p); d=w.readframes(1<<30); f=w.getsampwidth()*w.getnchannels(); out.append(d[:len(d)//f*f].hex())",
      "  except Exception as e: out.append(None)",
      "print(json.dumps(out))",
    ].join("\n");
    const { stdout } = await run("python3", ["-c", script, ...paths], { maxBuffer: 1 << 24 });
    const results = JSON.parse(stdout) as (string | null)[];
    results.forEach((hex, cut) => {
      const expected = expectedAt(c, input, cut);
      if (hex === null) expect(expected.length, `wave failed at cut ${cut}`).toBe(0);
      else expectSameBytes(Uint8Array.from(Buffer.from(hex, "hex")), expected, `wave, cut at ${cut}`);
    });
    expect(results.filter((r) => r === null).length, "wave opens every cut past the header").toBe(HEADER.pcm16);
  });
});

describe("readWav parses what sox writes", () => {
  it.skipIf(!SOX).each(["signed-integer", "mu-law", "a-law"])("sox -e %s, 2 ch, with a comment (LIST chunk)", (encoding) => {
    const at = path.join(dir, `from-sox-${encoding}.wav`);
    const made = spawnSync("sox", ["-V1", "-r", "8000", "-n", "-c", "2", "-e", encoding, ...(encoding === "signed-integer" ? ["-b", "16"] : []), "--comment", "made by sox", at, "synth", "0.1", "sine", "440", "sine", "1000"]);
    expect(made.status, made.stderr.toString()).toBe(0);
    const raw = spawnSync("sox", ["-V1", at, ...SOX_PCM], { maxBuffer: 1 << 24 }).stdout;
    const read = readWav(new Uint8Array(fs.readFileSync(at)));
    expect(read).toMatchObject({ rate: 8000, channels: 2, frames: 800, encoding: { "signed-integer": "pcm16", "mu-law": "ulaw", "a-law": "alaw" }[encoding] });
    expectSameBytes(pcmOf(read.encoding, rawOf(read.data)), new Uint8Array(raw), "sox's own decode");
  });
});

describe("readWav parses WAVE_FORMAT_EXTENSIBLE and what ffmpeg writes", () => {
  it.skipIf(!SOX)("sox, 3 channels of PCM16 (sox writes them as WAVE_FORMAT_EXTENSIBLE)", () => {
    const at = path.join(dir, "from-sox-3ch.wav");
    const made = spawnSync("sox", ["-V1", "-r", "16000", "-n", "-c", "3", "-e", "signed-integer", "-b", "16", at, "synth", "0.05", "sine", "440"]);
    expect(made.status, made.stderr.toString()).toBe(0);
    const bytes = new Uint8Array(fs.readFileSync(at));
    expect(new DataView(bytes.buffer).getUint16(20, true)).toBe(0xfffe);
    const read = readWav(bytes);
    expect(read).toMatchObject({ rate: 16000, channels: 3, frames: 800, encoding: "pcm16" });
    expectSameBytes(rawOf(read.data), new Uint8Array(spawnSync("sox", ["-V1", at, ...SOX_PCM], { maxBuffer: 1 << 24 }).stdout), "sox's own decode");
  });

  it.skipIf(!FFMPEG).each(["pcm_s16le", "pcm_mulaw", "pcm_alaw"])("ffmpeg -c:a %s, 2 ch (with its LIST chunk)", (codec) => {
    const at = path.join(dir, `from-ffmpeg-${codec}.wav`);
    const made = spawnSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=0.1", "-ac", "2", "-c:a", codec, "-y", at]);
    expect(made.status, made.stderr.toString()).toBe(0);
    const read = readWav(new Uint8Array(fs.readFileSync(at)));
    expect(read).toMatchObject({ rate: 8000, channels: 2, frames: 800, truncated: false });
    const decoded = spawnSync("ffmpeg", ["-v", "error", "-i", at, ...FF_PCM, "-"], { maxBuffer: 1 << 24 }).stdout;
    expectSameBytes(pcmOf(read.encoding, rawOf(read.data)), new Uint8Array(decoded), "ffmpeg's own decode");
  });
});

describe("bad input", () => {
  const fmt = { channels: 2, encoding: "pcm16" } as const;

  it("refuses wrong types and sample counts, naming them; a refused write writes nothing", async () => {
    const sink = memorySink();
    const writer = new WavWriter(sink, fmt);
    writer.write(new Int16Array([1, 2, 3, 4]));
    const before = sink.bytes();
    expect(() => writer.write(new Int16Array(3))).toThrow(/samples holds 3 samples: not whole frames of 2 channels/);
    expect(() => writer.write(new Uint8Array(4) as never)).toThrow(TypeError);
    expect(() => writer.write([1, 2] as never)).toThrow(/samples must be an Int16Array/);
    expectSameBytes(sink.bytes(), before, "after refused writes");
    expect(() => new WavWriter(memorySink(), { encoding: "ulaw" }).write(new Int16Array(2) as never)).toThrow(/samples must be a Uint8Array of G\.711 codes \(ulaw\)/);
    await writer.close();
    expectSameValues(readWav(sink.bytes()).data, new Int16Array([1, 2, 3, 4]));
  });

  it("refuses bad options and sinks, naming them", () => {
    expect(() => new WavWriter(undefined as never)).toThrow(/sink must be an object with a write/);
    expect(() => new WavWriter(memorySink(), { channels: 3 })).toThrow(/channels must be 1 or 2, got 3/);
    expect(() => new WavWriter(memorySink(), { rate: 12345 })).toThrow(/rate is 12345 Hz/);
    expect(() => new WavWriter(memorySink(), { encoding: "float" as never })).toThrow(/encoding must be "pcm16", "ulaw" or "alaw", got "float"/);
    expect(() => fileSink({} as never, 3)).toThrow(/fs must provide writeSync/);
    expect(() => streamSink({} as never)).toThrow(/stream must be a WritableStream/);
  });

  it("a closed writer refuses writes; close() is idempotent", async () => {
    const writer = new WavWriter(memorySink(), fmt);
    await writer.close();
    await writer.close();
    expect(() => writer.write(new Int16Array(2))).toThrow(/this WavWriter is closed/);
  });

  it("a sink that throws: a clear error, the frames before it stay readable, later writes refused", async () => {
    const inner = memorySink();
    let fail = false;
    const sink = { write: (b: Uint8Array) => (fail ? (() => { throw new Error("disk full"); })() : inner.write(b)), patch: inner.patch };
    const writer = new WavWriter(sink, fmt);
    writer.write(new Int16Array([1, 2, 3, 4]));
    fail = true;
    expect(() => writer.write(new Int16Array([5, 6]))).toThrow(/WAV sink failed at write after 2 frames .*: disk full/);
    expect(() => writer.write(new Int16Array([7, 8]))).toThrow(/sink failed earlier \(.*disk full\)/);
    await expect(writer.close()).rejects.toThrow(/disk full/);
    const read = readWav(inner.bytes());
    expectSameValues(read.data, new Int16Array([1, 2, 3, 4]));
    expect(read.truncated).toBe(true); // sizes left unknown
  });

  it("an async sink that rejects: the write's promise and close() reject, earlier frames kept", async () => {
    const inner = memorySink();
    let calls = 0;
    const sink = { write: async (b: Uint8Array) => (++calls === 3 ? Promise.reject(new Error("socket gone")) : inner.write(b)) };
    const writer = new WavWriter(sink, fmt);
    await writer.write(new Int16Array([1, 2]));
    await expect(writer.write(new Int16Array([3, 4]))).rejects.toThrow(/socket gone/);
    await expect(writer.close()).rejects.toThrow(/socket gone/);
    expectSameValues(readWav(inner.bytes()).data, new Int16Array([1, 2]));
  });

  it("readWav refuses what it does not read, naming it", () => {
    expect(() => readWav(new Uint8Array(0))).toThrow(/not a WAV file: 0 bytes/);
    expect(() => readWav(new Int16Array(4) as never)).toThrow(TypeError);
    const header = (tag: number, bits: number) => {
      const b = new Uint8Array(44);
      const v = new DataView(b.buffer);
      b.set([..."RIFF"].map((ch) => ch.charCodeAt(0)), 0);
      b.set([..."WAVEfmt "].map((ch) => ch.charCodeAt(0)), 8);
      v.setUint32(16, 16, true);
      v.setUint16(20, tag, true);
      v.setUint16(22, 1, true);
      v.setUint32(24, 8000, true);
      v.setUint16(32, bits / 8, true);
      v.setUint16(34, bits, true);
      b.set([..."data"].map((ch) => ch.charCodeAt(0)), 36);
      return b;
    };
    expect(() => readWav(header(3, 32))).toThrow(/format tag 3 \(IEEE float\) is not supported/);
    expect(() => readWav(header(1, 8))).toThrow(/bits per sample is 8: pcm16 is read at 16 bits only/);
    expect(readWav(header(1, 16)).frames).toBe(0);
  });
});

describe("sinks", () => {
  it("fileSink: written with Node's fs, sizes patched, readable", async () => {
    const at = path.join(dir, "file-sink.wav");
    const writer = new WavWriter(fileSink(fs, fs.openSync(at, "w")), { channels: 2 });
    writer.write(new Int16Array([1, -1, 2, -2]));
    writer.write(new Int16Array([3, -3]));
    await writer.close();
    const read = readWav(new Uint8Array(fs.readFileSync(at)));
    expect(read.truncated).toBe(false);
    expectSameValues(read.data, new Int16Array([1, -1, 2, -2, 3, -3]));
  });

  it("streamSink: a WritableStream gets the bytes in order; the header keeps unknown sizes", async () => {
    const parts: Uint8Array[] = [];
    const stream = new WritableStream<Uint8Array>({ write: async (chunk) => void parts.push(chunk) });
    const writer = new WavWriter(streamSink(stream), { encoding: "ulaw" });
    await writer.write(new Uint8Array([1, 2, 3]));
    await writer.write(new Uint8Array([4]));
    await writer.close();
    const read = readWav(new Uint8Array(Buffer.concat(parts)));
    expect(read.truncated).toBe(true);
    expectSameValues(read.data, new Uint8Array([1, 2, 3, 4]));
  });
});
