// G.722 encode and decode of one 20 ms frame (320 samples at 16 kHz ⇄ 160
// octets), through the public API with caller-owned dst and through the raw
// kernel on data already in wasm memory, next to μ-law decode and encode of
// a 20 ms frame (what G.722 costs a call leg against G.711). There is no
// G.722 package on npm to compare with; ffmpeg's g722 runs as a separate
// process (`ffmpegThroughput`), so its figure is a throughput, not a row.
//
// Run alone: `npx tsx bench/g722.ts` (after `npm run build`).

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { G722Decoder, G722Encoder, initSync, ulawDecode, ulawEncode } from "telaudio";
import type { Kernels } from "../src/_kernels.js";
import { machineLine, markdownTable, runJob, type Job, type Row } from "./_harness.js";

/** The project's 16 kHz speech (vectors/speech), as 20 ms frames taken in turn. */
function speech16k(): Int16Array {
  const bytes = new Uint8Array(readFileSync(new URL("../vectors/speech/speech-16000.raw", import.meta.url)));
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
}

export function g722Jobs(): Job[] {
  initSync();
  const speech = speech16k();
  const frames = Math.floor(speech.length / 320);
  const pcmFrames = Array.from({ length: frames }, (_, i) => speech.slice(i * 320, i * 320 + 320));
  const codeFrames = pcmFrames.map((frame) => new G722Encoder().process(frame));
  const ulawFrames = pcmFrames.map((frame) => ulawEncode(frame.subarray(0, 160)));
  const encoder = new G722Encoder();
  const decoder = new G722Decoder();
  const octets = new Uint8Array(160);
  const samples = new Int16Array(320);
  let e = 0;
  let d = 0;
  let u = 0;

  const raw = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(new URL("../dist/telaudio.wasm", import.meta.url))), {
    env: { abort: () => {} },
  }).exports as unknown as Kernels;
  const rawEncoder = raw.g722Create(0);
  const rawDecoder = raw.g722Create(1);
  const inPtr = raw.scratchInPtr();
  const outPtr = raw.scratchOutPtr();
  new Int16Array(raw.memory.buffer, inPtr, 320).set(pcmFrames[0]);
  new Uint8Array(raw.memory.buffer, inPtr + 640, 160).set(codeFrames[0]);

  return [
    {
      title: "G.722 encode, 20 ms frame (320 samples → 160 octets)",
      batch: 50,
      alternatives: [
        { name: "telaudio (dst)", run: () => encoder.process(pcmFrames[e++ % frames], octets) },
        { name: "telaudio raw kernel (no copies)", run: () => raw.g722Encode(rawEncoder, inPtr, 320, outPtr) },
        { name: "telaudio μ-law encode, 20 ms (160 samples)", run: () => ulawEncode(pcmFrames[u++ % frames].subarray(0, 160), octets) },
      ],
    },
    {
      title: "G.722 decode, 20 ms frame (160 octets → 320 samples)",
      batch: 50,
      alternatives: [
        { name: "telaudio (dst)", run: () => decoder.process(codeFrames[d++ % frames], samples) },
        { name: "telaudio raw kernel (no copies)", run: () => raw.g722Decode(rawDecoder, inPtr + 640, 160, outPtr) },
        { name: "telaudio μ-law decode, 20 ms (160 octets)", run: () => ulawDecode(ulawFrames[u++ % frames], samples.subarray(0, 160)) },
      ],
    },
  ];
}

/** ffmpeg's g722 over `seconds` of speech, one process each way: µs per 20 ms frame, process start-up included. */
export function ffmpegThroughput(seconds = 60): string {
  if (spawnSync("ffmpeg", ["-version"]).status !== 0) return "ffmpeg: not installed, no figure";
  const speech = speech16k();
  const long = new Int16Array(16000 * seconds);
  for (let at = 0; at < long.length; at += speech.length) long.set(speech.subarray(0, Math.min(speech.length, long.length - at)), at);
  const frames = long.length / 320;
  const time = (args: string[], input: Uint8Array) => {
    const start = process.hrtime.bigint();
    const run = spawnSync("ffmpeg", ["-hide_banner", "-loglevel", "error", ...args], { input, maxBuffer: 1 << 28 });
    if (run.status !== 0) throw new Error(run.stderr.toString());
    return { us: Number(process.hrtime.bigint() - start) / 1000 / frames, out: new Uint8Array(run.stdout) };
  };
  const encoded = time(["-f", "s16le", "-ar", "16000", "-ac", "1", "-i", "pipe:0", "-c:a", "g722", "-f", "g722", "pipe:1"], new Uint8Array(long.buffer));
  const decoded = time(["-f", "g722", "-i", "pipe:0", "-f", "s16le", "-c:a", "pcm_s16le", "pipe:1"], encoded.out);
  return `ffmpeg ${ffmpegVersion()} g722 as a separate process over ${seconds} s of speech: encode ${encoded.us.toFixed(2)} µs, decode ${decoded.us.toFixed(2)} µs per 20 ms frame (process start-up and pipes included)`;
}

function ffmpegVersion(): string {
  return spawnSync("ffmpeg", ["-version"]).stdout.toString().split(" ")[2] ?? "?";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows: Row[] = [];
  for (const job of g722Jobs()) rows.push(...(await runJob(job)));
  process.stdout.write([`Machine: ${machineLine()}`, "", markdownTable(rows), "", ffmpegThroughput(), ""].join("\n"));
}
