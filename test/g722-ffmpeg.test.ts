// G.722 against ffmpeg's g722 codec (Debian's ffmpeg), run as a separate
// process: its decoder must agree exactly in all three modes; its encoder
// must agree below full scale. At full scale ffmpeg's encoder is not exact
// (its QMF analysis has no clamp to −16384…16383), so there ITU's reference
// (test/g722-vectors.test.ts, the derived overload vector) is the truth and
// the differing codes are only counted here. Skipped, with a message, where
// ffmpeg is not installed.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { G722Decoder, G722Encoder } from "telaudio";
import { expectSameValues } from "./_assert.js";
import { g722Bytes, g722Words } from "./_g722-vectors.js";
import { initFromEnv } from "./_init.js";

beforeAll(initFromEnv);

const hasFfmpeg = spawnSync("ffmpeg", ["-version"]).status === 0;
if (!hasFfmpeg) console.warn("test/g722-ffmpeg.test.ts skipped: no ffmpeg on PATH (apt-get install -y ffmpeg)");

function ffmpeg(args: string[], input: Uint8Array): Uint8Array {
  const run = spawnSync("ffmpeg", ["-hide_banner", "-loglevel", "error", ...args], { input, maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`ffmpeg ${args.join(" ")}: ${run.stderr.toString()}`);
  return new Uint8Array(run.stdout);
}

/** ffmpeg's decode of octets in `mode` (its bits_per_codeword: 8, 7, 6). */
function ffmpegDecode(codes: Uint8Array, mode: 1 | 2 | 3): Int16Array {
  const out = ffmpeg(["-bits_per_codeword", String(9 - mode), "-f", "g722", "-i", "pipe:0", "-f", "s16le", "-c:a", "pcm_s16le", "pipe:1"], codes);
  return new Int16Array(out.buffer, out.byteOffset, out.length >> 1);
}

function ffmpegEncode(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  return ffmpeg(["-f", "s16le", "-ar", "16000", "-ac", "1", "-i", "pipe:0", "-c:a", "g722", "-f", "g722", "pipe:1"], bytes);
}

/** The project's own speech at 16 kHz (vectors/speech), a second signal besides ITU's. */
function projectSpeech(): Int16Array {
  const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL("../vectors/speech/speech-16000.raw", import.meta.url))));
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
}

const codeSets = () => [
  ["STL speech codes", Uint8Array.from(g722Words("codspw.cod"), (word) => word & 0xff)],
  ["random codes", g722Bytes("random.g722")],
  ["full-scale overload codes", g722Bytes("overload.g722")],
  ["codes of the project's speech", new G722Encoder().process(projectSpeech())],
] as const;

describe.skipIf(!hasFfmpeg)("ffmpeg's g722 (separate process)", () => {
  it.each([1, 2, 3] as const)("decoder agrees exactly in mode %i", (mode) => {
    for (const [, codes] of codeSets()) {
      expectSameValues(new G722Decoder({ mode }).process(codes), ffmpegDecode(codes, mode));
    }
  });

  it("encoder agrees exactly below full scale (STL speech, the project's speech)", () => {
    for (const speech of [g722Words("inpsp.bin"), projectSpeech()]) {
      expectSameValues(new G722Encoder().process(speech), ffmpegEncode(speech));
    }
  });

  it("at full scale ffmpeg's encoder departs from ITU's reference, which this encoder follows", () => {
    const input = g722Words("overload.pcm");
    const reference = g722Bytes("overload.g722");
    const ours = new G722Encoder().process(input);
    const theirs = ffmpegEncode(input);
    const differing = (codes: Uint8Array) => codes.reduce((n, code, i) => n + (code !== reference[i] ? 1 : 0), 0);
    expect(differing(ours)).toBe(0);
    console.info(`overload.pcm: ${differing(theirs)} of ${reference.length} ffmpeg codes differ from the STL reference; telaudio: ${differing(ours)}`);
  });
});
