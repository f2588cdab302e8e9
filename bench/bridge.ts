// The bridge's per-frame work, base64 in to base64 out, both directions,
// against the chains bridge authors assemble today; and the full-duplex leg
// on raw arrays (caller-owned dst), the figure a bridge's capacity follows.

import { createRequire } from "node:module";
import { initSync, Pcm16ToUlaw, RealtimeToTwilio, TwilioToRealtime, ulawEncode, UlawToPcm16 } from "telaudio";
import { speexStream, waveResamplerFrame } from "./_peers.js";
import type { Job } from "./_harness.js";

const require = createRequire(import.meta.url);
const alawmulaw = require("alawmulaw") as typeof import("alawmulaw");

type FrameFunction = (src: Int16Array, dst: Int16Array) => number;

/** Linear interpolation by hand, the quick fix many bridges ship (no filter at all). */
function linearStream(from: number, to: number): FrameFunction {
  let last = 0;
  let position = 0; // in input samples, relative to the current frame; carries the phase
  return (src, dst) => {
    const step = from / to;
    let produced = 0;
    for (; position < src.length; position += step) {
      const i = Math.floor(position);
      const frac = position - i;
      const a = i === 0 ? last : src[i - 1];
      const b = src[i];
      dst[produced++] = Math.round(a + (b - a) * frac);
    }
    position -= src.length;
    last = src[src.length - 1];
    return produced;
  };
}

function speech(count: number, rate: number): Int16Array {
  return Int16Array.from({ length: count }, (_, i) => Math.round(7000 * Math.sin((2 * Math.PI * 310 * i) / rate) + 4000 * Math.sin((2 * Math.PI * 1630 * i) / rate)));
}

/** A chain on one payload: base64 μ-law → alawmulaw decode → resampler → base64 PCM16. */
function inboundChain(resample: FrameFunction, payload: string): () => string {
  const out = new Int16Array(480 + 16);
  return () => {
    const pcm8k = alawmulaw.mulaw.decode(new Uint8Array(Buffer.from(payload, "base64")));
    const produced = resample(pcm8k, out);
    return Buffer.from(out.buffer, 0, produced * 2).toString("base64");
  };
}

/** A chain on one delta: base64 PCM16 24k → resampler → alawmulaw encode → base64 frames of 160. */
function outboundChain(resample: FrameFunction, delta: string): () => string[] {
  const out = new Int16Array(160 + 16);
  return () => {
    const bytes = Buffer.from(delta, "base64");
    const pcm = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const produced = resample(pcm, out);
    const codes = alawmulaw.mulaw.encode(out.subarray(0, produced));
    return [Buffer.from(codes).toString("base64")];
  };
}

export async function bridgeJobs(): Promise<Job[]> {
  initSync();
  const payload = Buffer.from(ulawEncode(speech(160, 8000))).toString("base64");
  const delta = Buffer.from(speech(480, 24000).buffer).toString("base64");

  const inbound = new TwilioToRealtime();
  const outbound = new RealtimeToTwilio();
  const speexUp3 = await speexStream(8000, 24000, 3, 160);
  const speexDown3 = await speexStream(24000, 8000, 3, 480);

  const codes = ulawEncode(speech(160, 8000));
  const pcm24k = speech(480, 24000);
  const pcmOut = new Int16Array(480);
  const codesOut = new Uint8Array(160);
  const decoder = new UlawToPcm16();
  const encoder = new Pcm16ToUlaw();
  const speexLeg = async (quality: number) => {
    const up = await speexStream(8000, 24000, quality, 160);
    const down = await speexStream(24000, 8000, quality, 480);
    const pcm8k = new Int16Array(160);
    const back = new Int16Array(160 + 16);
    return () => {
      pcm8k.set(alawmulaw.mulaw.decode(codes));
      up(pcm8k, pcmOut);
      const produced = down(pcm24k, back);
      return alawmulaw.mulaw.encode(back.subarray(0, produced));
    };
  };

  return [
    {
      title: "inbound message: base64 μ-law 8k (160 B) → base64 PCM16 24k",
      batch: 20,
      alternatives: [
        { name: "telaudio TwilioToRealtime.push", run: () => inbound.push(payload) },
        { name: "alawmulaw + speexdsp SIMD q3", run: inboundChain(speexUp3, payload) },
        { name: "alawmulaw + wave-resampler", run: inboundChain(waveResamplerFrame(8000, 24000), payload) },
        { name: "alawmulaw + linear interpolation", run: inboundChain(linearStream(8000, 24000), payload) },
      ],
    },
    {
      title: "outbound message: base64 PCM16 24k (960 B) → base64 μ-law frame",
      batch: 20,
      alternatives: [
        { name: "telaudio RealtimeToTwilio.push", run: () => outbound.push(delta) },
        { name: "speexdsp SIMD q3 + alawmulaw", run: outboundChain(speexDown3, delta) },
        { name: "wave-resampler + alawmulaw", run: outboundChain(waveResamplerFrame(24000, 8000), delta) },
        { name: "linear interpolation + alawmulaw", run: outboundChain(linearStream(24000, 8000), delta) },
      ],
    },
    {
      title: "full-duplex leg on arrays: μ-law 8k → PCM16 24k + PCM16 24k → μ-law 8k, one 20 ms frame each",
      batch: 20,
      alternatives: [
        { name: "telaudio voice (fused, dst)", run: () => (decoder.process(codes, pcmOut), encoder.process(pcm24k, codesOut)) },
        { name: "alawmulaw + speexdsp SIMD q3", run: await speexLeg(3) },
        { name: "alawmulaw + speexdsp SIMD q5", run: await speexLeg(5) },
      ],
    },
  ];
}
