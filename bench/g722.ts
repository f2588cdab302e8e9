// G.722 encode and decode of one 20 ms frame (320 samples at 16 kHz ⇄ 160
// octets), the fused full-duplex leg at 24 kHz, through the public API with caller-owned dst and through the raw
// kernel on data already in wasm memory, next to μ-law decode and encode of
// a 20 ms frame (what G.722 costs a call leg against G.711). There is no
// G.722 package on npm to compare with; ffmpeg's g722 runs as a separate
// process (`ffmpegThroughput`), so its figure is a throughput, not a row.
//
// Run alone: `npx tsx bench/g722.ts` (after `npm run build`).

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { G722Decoder, G722Encoder, G722ToPcm16, initSync, Pcm16ToG722, Pcm16ToUlaw, Resampler, ulawDecode, ulawEncode, UlawToPcm16 } from "telaudio";
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

  // The full-duplex leg at OpenAI Realtime's 24 kHz: one 20 ms frame each way.
  const speech24k = new Resampler({ from: 16000, to: 24000 }).process(speech);
  const frames24k = Array.from({ length: frames }, (_, i) => speech24k.slice(i * 480, i * 480 + 480));
  const inbound = new G722ToPcm16();
  const outbound = new Pcm16ToG722();
  const ulawIn = new UlawToPcm16();
  const ulawOut = new Pcm16ToUlaw();
  const pcm24k = new Int16Array(480);
  let l = 0;
  let m = 0;

  return [
    {
      title: "G.722 full-duplex leg, 20 ms each way (fused, PCM16 24 kHz, voice)",
      batch: 20,
      alternatives: [
        {
          name: "telaudio G722ToPcm16 + Pcm16ToG722 (dst)",
          run: () => {
            inbound.process(codeFrames[l % frames], pcm24k);
            outbound.process(frames24k[l++ % frames], octets);
          },
        },
        {
          name: "telaudio UlawToPcm16 + Pcm16ToUlaw (dst), for comparison",
          run: () => {
            ulawIn.process(ulawFrames[m % frames], pcm24k);
            ulawOut.process(frames24k[m++ % frames], octets);
          },
        },
      ],
    },
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
