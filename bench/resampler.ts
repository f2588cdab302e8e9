// Resampling one 20 ms frame, 8k → 24k (Twilio → Realtime) and 24k → 8k (back):
// every telaudio preset against speexdsp (SIMD wasm, q3 and q5),
// libsamplerate, LiveKit's AudioResampler (soxr, native), wave-resampler and
// the same polyphase kernel in plain TS.

import { initSync, Resampler, type Quality } from "telaudio";
import { designPrototype } from "../src/design/prototype.js";
import { PlainPolyphase } from "../test/reference/polyphase.js";
import { AudioResamplerQuality } from "@livekit/rtc-node";
import { libsamplerateStream, livekitResampler, speexStream, waveResamplerFrame } from "./_peers.js";
import type { Job } from "./_harness.js";

function speechLikeFrame(count: number, rate: number): Int16Array {
  return Int16Array.from({ length: count }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate) + 3000 * Math.sin((2 * Math.PI * 1870 * i) / rate)));
}

export async function resamplerJobs(): Promise<Job[]> {
  initSync();
  const jobs: Job[] = [];
  for (const [from, to] of [[8000, 24000], [24000, 8000]] as const) {
    const inCount = from / 50;
    const frame = speechLikeFrame(inCount, from);
    const dst = new Int16Array(to / 50 + 64);
    const exact = dst.subarray(0, to / 50);
    const alternatives: Job["alternatives"] = [];
    for (const quality of ["voice", "low-latency", "high"] as Quality[]) {
      const resampler = new Resampler({ from, to, quality });
      alternatives.push({ name: `telaudio ${quality}`, run: () => resampler.process(frame, exact) });
    }
    const speex3 = await speexStream(from, to, 3, inCount);
    const speex5 = await speexStream(from, to, 5, inCount);
    alternatives.push({ name: "speexdsp wasm SIMD q3", run: () => speex3(frame, dst) });
    alternatives.push({ name: "speexdsp wasm SIMD q5", run: () => speex5(frame, dst) });
    const lsrFastest = await libsamplerateStream(from, to, "SRC_SINC_FASTEST");
    alternatives.push({ name: "libsamplerate-js SINC_FASTEST", run: () => lsrFastest(frame, dst) });
    for (const quality of [AudioResamplerQuality.QUICK, AudioResamplerQuality.LOW, AudioResamplerQuality.MEDIUM, AudioResamplerQuality.HIGH, AudioResamplerQuality.VERY_HIGH]) {
      const livekit = livekitResampler(from, to, quality);
      // It returns audio in bursts: count the calls (of 500, 10 s) that return nothing.
      let empty = 0;
      for (let i = 0; i < 500; i++) if (livekit.push(frame).length === 0) empty++;
      const bursts = empty > 0 ? `; ${empty} of 500 calls return nothing` : "";
      alternatives.push({ name: `livekit AudioResampler ${AudioResamplerQuality[quality]} (soxr, native${bursts})`, run: () => livekit.push(frame) });
    }
    const wave = waveResamplerFrame(from, to);
    alternatives.push({ name: "wave-resampler (per frame)", run: () => wave(frame, dst) });
    const up = to / 8000 === 3 ? 3 : 1;
    const down = from / 8000 === 3 ? 3 : 1;
    const plain = new PlainPolyphase(designPrototype("voice", 3).taps, up, down);
    alternatives.push({ name: "plain TS polyphase, voice taps", run: () => plain.process(frame, dst) });
    jobs.push({ title: `resample ${from / 1000}k → ${to / 1000}k, 20 ms frame`, batch: 20, alternatives });
  }
  return jobs;
}
