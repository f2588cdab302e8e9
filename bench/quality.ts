// `npm run quality`: measures every preset from the library's own streaming
// output (bench/_measure.ts; the response tests assert the taps instead),
// then the peers (bench/_peers.ts) by the same code and definitions, and
// writes bench/quality.md (the README's tables) and bench/response.svg (the
// frequency response of each preset, 8 kHz → 24 kHz, from its impulse output).

import { writeFileSync } from "node:fs";
import { initSync, Resampler, type Quality } from "telaudio";
import { AudioFrame, AudioResampler, AudioResamplerQuality } from "@livekit/rtc-node";
import { measureResponse, PRESET_LIMITS, sineWave, type Response, type Subject } from "./_measure.js";
import { libsamplerateSubject, livekitSubject, speexSubject } from "./_peers.js";
import { designPrototype } from "../src/design/prototype.js";
import { QUALITIES } from "../src/_quality.js";
import { reducedRatio } from "../src/_rates.js";
import { machineLine } from "./_harness.js";
import { spliceIntoReadme } from "./_readme.js";

initSync();
const PAIRS: [number, number][] = [
  [8000, 24000],
  [24000, 8000],
  [8000, 16000],
  [16000, 8000],
  [16000, 24000],
  [24000, 16000],
  [24000, 48000],
  [48000, 24000],
  [8000, 48000],
  [48000, 8000],
  [44100, 16000],
  [22050, 24000],
  [24000, 44100],
  [11025, 8000],
];

const lines = [
  "Measured from telaudio's own output (20 s tones at −6 dBFS with ±1 LSB TPDF dither, fed in 20 ms chunks, PCM16 rounding included; `npm run quality`; method in bench/_measure.ts).",
  "Ripple: peak-to-peak gain over 0.075–0.85 fn. Far/near: how far below the tone its worst image (up) or alias (down) lies,",
  "for tones 0.075–0.85 fn / 0.85–0.975 fn (up) or ≥ 1.15 fn / 1.0–1.15 fn (down). Delay: group delay at 0.25 fn. fn = lower Nyquist.",
  "",
  "| preset | pair | taps per output | ripple dB | far dB | near dB | delay ms | bound: ripple / far / near / delay |",
  "|---|---|---:|---:|---:|---:|---:|---|",
];
const measured = new Map<string, Response>();
for (const quality of QUALITIES) {
  const limits = PRESET_LIMITS[quality];
  for (const [from, to] of PAIRS) {
    const r = measureResponse(from, to, quality);
    measured.set(`telaudio ${quality} ${from} ${to}`, r);
    const fn = Math.min(from, to) / 2;
    lines.push(
      `| ${quality} | ${from / 1000}k → ${to / 1000}k | ${tapsPerPhase(quality, from, to)} | ${r.rippleDb.toFixed(4)} | ${r.farDb.toFixed(1)} | ${r.nearDb.toFixed(1)} | ${r.delayMs.toFixed(3)} | ≤ ${limits.rippleDb} / ≥ ${limits.farDb} / ≥ ${limits.nearDb} / ≤ ${((limits.delayMs * 4000) / fn).toFixed(3)} |`,
    );
  }
}

// ---- peers, by the same code and definitions ----

/** Peers' tones are 10 s, not 20: their noise in a DFT bin stays under −135 dB of the tone, below every figure measured. */
const PEER_SECONDS = 10;
const PEER_PAIRS: [number, number][] = [
  [8000, 24000],
  [8000, 16000],
  [16000, 24000],
];
const PEERS: { name: string; subject: (from: number, to: number) => Promise<Subject> }[] = [
  { name: "speexdsp q3", subject: (from, to) => speexSubject(from, to, 3) },
  { name: "speexdsp q5", subject: (from, to) => speexSubject(from, to, 5) },
  { name: "speexdsp q10", subject: (from, to) => speexSubject(from, to, 10) },
  { name: "libsamplerate-js SINC_FASTEST", subject: (from, to) => libsamplerateSubject(from, to, "SRC_SINC_FASTEST") },
  { name: "libsamplerate-js SINC_MEDIUM_QUALITY", subject: (from, to) => libsamplerateSubject(from, to, "SRC_SINC_MEDIUM_QUALITY") },
  { name: "livekit AudioResampler MEDIUM (default)", subject: async (from, to) => livekitSubject(from, to, AudioResamplerQuality.MEDIUM) },
  { name: "livekit AudioResampler VERY_HIGH", subject: async (from, to) => livekitSubject(from, to, AudioResamplerQuality.VERY_HIGH) },
];
for (const peer of PEERS) {
  for (const [low, high] of PEER_PAIRS) {
    for (const [from, to] of [[low, high], [high, low]]) {
      process.stderr.write(`measuring ${peer.name} ${from} → ${to}\n`);
      measured.set(`${peer.name} ${from} ${to}`, measureResponse(from, to, await peer.subject(from, to), PEER_SECONDS));
    }
  }
}
const rows = [...QUALITIES.map((quality) => `telaudio ${quality}`), ...PEERS.map((peer) => peer.name)];
const both = (name: string, low: number, high: number, cell: (r: Response) => string) =>
  `${cell(measured.get(`${name} ${low} ${high}`)!)} / ${cell(measured.get(`${name} ${high} ${low}`)!)}`;
/** toFixed without "-0.00" for a delay of −1e-9 ms. */
const fixed = (x: number, digits: number) => (Math.abs(x) < 0.5 * 10 ** -digits ? 0 : x).toFixed(digits);
const delayCell = (r: Response) => fixed(r.delayMs, 2) + (Math.abs(r.reportedDelayMs - r.delayMs) > 0.01 ? ` (reports ${r.reportedDelayMs.toFixed(2)})` : "");
lines.push(
  "",
  "### Peers, measured by the same code",
  "",
  `Each cell: up / down (e.g. 8k → 24k / 24k → 8k). Same tones, chunks and definitions as above (far/near in dB below the tone fed in); peers' tones are ${PEER_SECONDS} s.`,
  "Held back: input time fed minus output time returned after each 20 ms call, mean (max) over a tone's calls; a caller waits delay + held back.",
  "Empty calls: share of 20 ms calls that return no audio. Reported delays (telaudio, speexdsp) equal the measured ones unless shown; libsamplerate and LiveKit report none.",
  "",
  "| resampler | rates | ripple dB | far dB | near dB | delay ms | held back ms | empty calls |",
  "|---|---|---|---|---|---|---|---|",
);
for (const name of rows) {
  for (const [low, high] of PEER_PAIRS) {
    lines.push(
      `| ${name} | ${low / 1000}k ⇄ ${high / 1000}k | ${both(name, low, high, (r) => r.rippleDb.toFixed(3))} | ${both(name, low, high, (r) => r.farDb.toFixed(1))} | ${both(name, low, high, (r) => r.nearDb.toFixed(1))} | ${both(name, low, high, delayCell)} | ${both(name, low, high, (r) => `${fixed(r.heldBack.meanMs, 1)} (${fixed(r.heldBack.maxMs, 1)})`)} | ${both(name, low, high, (r) => `${Math.round((100 * r.heldBack.emptyCalls) / r.heldBack.calls)}%`)} |`,
    );
  }
}
lines.push("", ...livekitBehaviour());
lines.push("", `Machine: ${machineLine()}`, "");
writeFileSync(new URL("./quality.md", import.meta.url), lines.join("\n"));
spliceIntoReadme("quality", lines.join("\n"));
process.stdout.write(lines.join("\n"));

/** What LiveKit's AudioResampler does besides filtering, measured (8k → 24k, MEDIUM, 2 s of a 1 kHz tone in 20 ms frames). */
function livekitBehaviour(): string[] {
  const tone = sineWave(16000, 8000, 1000.5, 16384);
  const run = (resampler: AudioResampler, frame: (i: number) => Int16Array): number[] => {
    const out: number[] = [];
    for (let i = 0; i < 100; i++) for (const f of resampler.push(new AudioFrame(frame(i), 8000, 1, 160))) out.push(...f.data.subarray(0, f.samplesPerChannel));
    return out;
  };
  // Dither: two resamplers fed the same frames side by side; and digital silence.
  const a = new AudioResampler(8000, 24000, 1, AudioResamplerQuality.MEDIUM);
  const b = new AudioResampler(8000, 24000, 1, AudioResamplerQuality.MEDIUM);
  const outA: number[] = [];
  const outB: number[] = [];
  for (let i = 0; i < 100; i++) {
    for (const f of a.push(new AudioFrame(tone.slice(i * 160, i * 160 + 160), 8000, 1, 160))) outA.push(...f.data.subarray(0, f.samplesPerChannel));
    for (const f of b.push(new AudioFrame(tone.slice(i * 160, i * 160 + 160), 8000, 1, 160))) outB.push(...f.data.subarray(0, f.samplesPerChannel));
  }
  a.close();
  b.close();
  let differ = 0;
  let largest = 0;
  outA.forEach((v, n) => {
    if (v !== outB[n]) differ++;
    largest = Math.max(largest, Math.abs(v - outB[n]));
  });
  const silent = new AudioResampler(8000, 24000, 1, AudioResamplerQuality.MEDIUM);
  const silence = run(silent, () => new Int16Array(160));
  silent.close();
  // byteOffset: each frame a view 320 bytes into a buffer whose first 160 samples are zeros.
  const viewed = new AudioResampler(8000, 24000, 1, AudioResamplerQuality.MEDIUM);
  const fromViews = run(viewed, (i) => {
    const buffer = new Int16Array(320);
    buffer.set(tone.subarray(i * 160, i * 160 + 160), 160);
    return buffer.subarray(160);
  });
  viewed.close();
  const peak = (x: number[]) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return [
    "LiveKit AudioResampler, MEDIUM, 8k → 24k, 2 s of a 1 kHz tone at −6 dBFS in 20 ms frames:",
    `- int16 output is dithered: two resamplers fed the same frames differ in ${differ} of ${outA.length} samples (by up to ${largest} LSB); digital silence comes out with ${silence.filter((v) => v !== 0).length} of ${silence.length} samples non-zero (peak ${peak(silence)} LSB).`,
    `- push() ignores the frame's byteOffset: frames that are views 320 bytes into their buffer (zeros before them) come out with peak ${peak(fromViews)} LSB instead of ~16384 — it resampled the buffer's first samples.`,
  ];
}

/** Multiply-adds per output sample: the prototype's length over L (its phase count). */
function tapsPerPhase(quality: Quality, from: number, to: number): number {
  const { up, down } = reducedRatio(from, to);
  return Math.ceil(designPrototype(quality, Math.max(up, down)).taps.length / up);
}

// ---- the plot: |H(f)| of each preset's 8k → 24k impulse output ----

function magnitudeDb(impulseOut: Float64Array, frequency: number, rate: number, scale: number): number {
  let re = 0;
  let im = 0;
  for (let n = 0; n < impulseOut.length; n++) {
    re += impulseOut[n] * Math.cos((2 * Math.PI * frequency * n) / rate);
    im -= impulseOut[n] * Math.sin((2 * Math.PI * frequency * n) / rate);
  }
  return 20 * Math.log10(Math.max(Math.hypot(re, im) / scale, 1e-9));
}

const width = 760;
const height = 420;
const plot = { left: 60, right: 20, top: 30, bottom: 50 };
const colours: Record<Quality, string> = { "low-latency": "#d95f02", voice: "#1b9e77", high: "#7570b3" };
const x = (f: number) => plot.left + (f / 12000) * (width - plot.left - plot.right);
const y = (db: number) => plot.top + (-Math.max(-160, Math.min(5, db)) + 5) / 165 * (height - plot.top - plot.bottom);
const svg: string[] = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
  `<rect width="100%" height="100%" fill="white"/>`,
  `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14">telaudio 8 kHz → 24 kHz: magnitude response measured from the library's impulse output</text>`,
];
for (let db = 0; db >= -160; db -= 20) {
  svg.push(`<line x1="${plot.left}" x2="${width - plot.right}" y1="${y(db)}" y2="${y(db)}" stroke="#ddd"/>`, `<text x="${plot.left - 6}" y="${y(db) + 4}" text-anchor="end">${db}</text>`);
}
for (let f = 0; f <= 12000; f += 2000) {
  svg.push(`<line x1="${x(f)}" x2="${x(f)}" y1="${plot.top}" y2="${height - plot.bottom}" stroke="#ddd"/>`, `<text x="${x(f)}" y="${height - plot.bottom + 16}" text-anchor="middle">${f / 1000} kHz</text>`);
}
svg.push(`<text x="16" y="${height / 2}" transform="rotate(-90 16 ${height / 2})" text-anchor="middle">dB</text>`);
QUALITIES.forEach((quality, index) => {
  const resampler = new Resampler({ from: 8000, to: 24000, quality });
  const impulse = new Int16Array(400);
  impulse[0] = 32767;
  const out = Float64Array.from([...resampler.process(impulse), ...resampler.flush()]);
  resampler.dispose();
  const points: string[] = [];
  for (let f = 0; f <= 12000; f += 15) points.push(`${x(f).toFixed(1)},${y(magnitudeDb(out, f, 24000, 32767)).toFixed(1)}`);
  svg.push(`<polyline fill="none" stroke="${colours[quality]}" stroke-width="1.4" points="${points.join(" ")}"/>`);
  svg.push(`<text x="${width - plot.right - 150}" y="${plot.top + 40 + 16 * index}" fill="${colours[quality]}">${quality}</text>`);
});
svg.push("</svg>");
writeFileSync(new URL("./response.svg", import.meta.url), svg.join("\n") + "\n");
// LiveKit's native FFI library keeps the event loop alive.
process.exit(0);
