// Converter per 20 ms frame, bytes in to bytes out with a caller-owned dst,
// for the wire-format pairs a bridge uses, against the chains bridge authors
// assemble today: alawmulaw for G.711, Buffer.swap16 for network-order L16,
// speexdsp (SIMD wasm, quality 3) for the rate. Each chain gets aligned
// buffers and reused outputs, its cheapest form. G.722 has no npm codec: its
// chain is telaudio's own G722Decoder/G722Encoder (dst given) around speexdsp.
//
//   npm run build && npx tsx bench/converter.ts        (or: npm run bench -- Converter)

import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Converter, G722Decoder, G722Encoder, initSync, ulawEncode, type Encoding } from "telaudio";
import { speexStream } from "./_peers.js";
import { machineLine, markdownTable, runJob, type Job } from "./_harness.js";

const require = createRequire(import.meta.url);
const alawmulaw = require("alawmulaw") as typeof import("alawmulaw");

const SPEEX_QUALITY = 3;

function speech(count: number, rate: number): Int16Array {
  return Int16Array.from({ length: count }, (_, i) => Math.round(7000 * Math.sin((2 * Math.PI * 310 * i) / rate) + 4000 * Math.sin((2 * Math.PI * 1630 * i) / rate)));
}

/** One 20 ms frame of `encoding` at `rate`, as the wire carries it (in a Buffer, as a socket gives it). */
function frame(encoding: Encoding, rate: number): Buffer {
  const pcm = speech(rate / 50, rate);
  if (encoding === "g722") return Buffer.from(new G722Encoder().process(speech(640, 16000)).subarray(160)); // the second 20 ms: a warmed-up coder's octets
  if (encoding === "ulaw") return Buffer.from(ulawEncode(pcm));
  if (encoding === "alaw") return Buffer.from(alawmulaw.alaw.encode(pcm));
  const bytes = Buffer.from(pcm.buffer.slice(0));
  return encoding === "l16be" ? bytes.swap16() : bytes;
}

interface Side {
  encoding: Encoding;
  rate: number;
}

const label = ({ encoding, rate }: Side) => `${{ ulaw: "μ-law", alaw: "A-law", l16le: "L16LE", l16be: "L16BE", g722: "G.722" }[encoding]} ${rate / 1000}k`;

/**
 * The chain a bridge author writes for `from` → `to`: decode (alawmulaw, or
 * Buffer.swap16 in place on the wire bytes and an Int16Array view), speexdsp
 * when the rates differ, encode (alawmulaw, or swap16 of the output bytes).
 */
async function chain(from: Side, to: Side, frameBytes: Buffer): Promise<{ name: string; run: () => unknown }> {
  if (from.encoding === to.encoding && from.rate === to.rate) {
    const out = Buffer.alloc(frameBytes.length);
    return { name: "Buffer.copy", run: () => frameBytes.copy(out) };
  }
  const parts: string[] = [];
  const inSamples = from.rate / 50;
  const input = Buffer.from(frameBytes); // its own copy: swap16 works in place
  const pcmIn = new Int16Array(input.buffer, input.byteOffset, inSamples);
  let decode: () => Int16Array;
  if (from.encoding === "g722") {
    const decoder = new G722Decoder();
    const pcm = new Int16Array(2 * frameBytes.length);
    decode = () => decoder.process(input, pcm);
    parts.push("telaudio G722Decoder");
  } else if (from.encoding === "ulaw" || from.encoding === "alaw") {
    const law = alawmulaw[from.encoding === "ulaw" ? "mulaw" : "alaw"];
    decode = () => law.decode(input);
    parts.push("alawmulaw");
  } else if (from.encoding === "l16be") {
    decode = () => (input.swap16(), pcmIn);
    parts.push("Buffer.swap16");
  } else {
    decode = () => pcmIn;
  }
  let resample = (pcm: Int16Array) => pcm;
  if (from.rate !== to.rate) {
    const speex = await speexStream(from.rate, to.rate, SPEEX_QUALITY, inSamples);
    const out = new Int16Array(Math.ceil(to.rate / 50) + 16);
    resample = (pcm) => out.subarray(0, speex(pcm, out));
    parts.push(`speexdsp SIMD q${SPEEX_QUALITY}`);
  }
  let encode: (pcm: Int16Array) => Uint8Array;
  if (to.encoding === "g722") {
    const encoder = new G722Encoder();
    const octets = new Uint8Array(to.rate / 100 + 8);
    encode = (pcm) => encoder.process(pcm, octets);
    parts.push("telaudio G722Encoder");
  } else if (to.encoding === "ulaw" || to.encoding === "alaw") {
    const law = alawmulaw[to.encoding === "ulaw" ? "mulaw" : "alaw"];
    encode = (pcm) => law.encode(pcm);
    if (!parts.includes("alawmulaw")) parts.push("alawmulaw");
  } else if (to.encoding === "l16be") {
    const out = Buffer.alloc(2 * (to.rate / 50 + 16));
    encode = (pcm) => {
      const bytes = out.subarray(0, 2 * pcm.length);
      bytes.set(new Uint8Array(pcm.buffer, pcm.byteOffset, 2 * pcm.length));
      return bytes.swap16();
    };
    if (!parts.includes("Buffer.swap16")) parts.push("Buffer.swap16");
  } else {
    encode = (pcm) => new Uint8Array(pcm.buffer, pcm.byteOffset, 2 * pcm.length);
  }
  return { name: parts.join(" + "), run: () => encode(resample(decode())) };
}

/** Converter pairs a bridge meets, phone side ⇄ model side. */
const PAIRS: [Side, Side, string][] = [
  [{ encoding: "ulaw", rate: 8000 }, { encoding: "l16le", rate: 16000 }, "Twilio → Gemini Live, ElevenLabs"],
  [{ encoding: "ulaw", rate: 8000 }, { encoding: "l16le", rate: 24000 }, "Twilio → OpenAI Realtime"],
  [{ encoding: "l16be", rate: 16000 }, { encoding: "l16le", rate: 24000 }, "Telnyx L16 → OpenAI Realtime"],
  [{ encoding: "l16le", rate: 24000 }, { encoding: "l16be", rate: 16000 }, "OpenAI Realtime → Telnyx L16"],
  [{ encoding: "l16le", rate: 24000 }, { encoding: "l16le", rate: 8000 }, "OpenAI Realtime → AudioSocket"],
  [{ encoding: "l16le", rate: 24000 }, { encoding: "ulaw", rate: 8000 }, "OpenAI Realtime → Twilio"],
  [{ encoding: "g722", rate: 16000 }, { encoding: "l16le", rate: 24000 }, "Telnyx G.722 → OpenAI Realtime"],
  [{ encoding: "l16le", rate: 24000 }, { encoding: "g722", rate: 16000 }, "OpenAI Realtime → Telnyx G.722"],
  [{ encoding: "g722", rate: 16000 }, { encoding: "l16le", rate: 16000 }, "Telnyx G.722 → Gemini Live"],
  [{ encoding: "l16le", rate: 24000 }, { encoding: "l16le", rate: 16000 }, "Gemini Live out → Vonage"],
  [{ encoding: "l16le", rate: 16000 }, { encoding: "alaw", rate: 8000 }, "ElevenLabs → a PCMA carrier"],
  [{ encoding: "alaw", rate: 8000 }, { encoding: "ulaw", rate: 8000 }, "PCMA carrier → μ-law model pass-through"],
  [{ encoding: "l16le", rate: 16000 }, { encoding: "l16be", rate: 16000 }, "Vonage ⇄ Telnyx at 16k"],
  [{ encoding: "ulaw", rate: 8000 }, { encoding: "ulaw", rate: 8000 }, "pass-through"],
];

export async function converterJobs(): Promise<Job[]> {
  initSync();
  const jobs: Job[] = [];
  for (const [from, to, use] of PAIRS) {
    const input = frame(from.encoding, from.rate);
    const converter = new Converter({ from, to });
    const out = new Uint8Array(converter.outputLength(input.length)); // every pair here gives the same count each frame
    jobs.push({
      title: `Converter ${label(from)} → ${label(to)} (${use}), one 20 ms frame`,
      batch: 20,
      alternatives: [{ name: "telaudio Converter (voice, dst)", run: () => converter.process(input, out) }, await chain(from, to, input)],
    });
  }
  return jobs;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const only = process.argv[2];
  const rows = [];
  for (const job of (await converterJobs()).filter((j) => only === undefined || j.title.includes(only))) rows.push(...(await runJob(job)));
  console.log(`${machineLine()}\n\n${markdownTable(rows)}`);
}
