// `npm run quality`: measures every preset from the library's own streaming
// output (bench/_measure.ts; the response tests assert the taps instead) and
// writes bench/quality.md (the README's table) and bench/response.svg (the
// frequency response of each preset, 8 kHz → 24 kHz, from its impulse output).

import { writeFileSync } from "node:fs";
import { initSync, Resampler, type Quality } from "telaudio";
import { measureResponse, PRESET_LIMITS } from "./_measure.js";
import { designPrototype } from "../src/design/prototype.js";
import { machineLine } from "./_harness.js";
import { spliceIntoReadme } from "./_readme.js";

initSync();
const QUALITIES: Quality[] = ["low-latency", "voice", "high"];
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
for (const quality of QUALITIES) {
  const limits = PRESET_LIMITS[quality];
  for (const [from, to] of PAIRS) {
    const r = measureResponse(from, to, quality);
    const fn = Math.min(from, to) / 2;
    lines.push(
      `| ${quality} | ${from / 1000}k → ${to / 1000}k | ${tapsPerPhase(quality, from, to)} | ${r.rippleDb.toFixed(4)} | ${r.farDb.toFixed(1)} | ${r.nearDb.toFixed(1)} | ${r.delayMs.toFixed(3)} | ≤ ${limits.rippleDb} / ≥ ${limits.farDb} / ≥ ${limits.nearDb} / ≤ ${((limits.delayMs * 4000) / fn).toFixed(3)} |`,
    );
  }
}
lines.push("", `Machine: ${machineLine()}`, "");
writeFileSync(new URL("./quality.md", import.meta.url), lines.join("\n"));
spliceIntoReadme("quality", lines.join("\n"));
process.stdout.write(lines.join("\n"));

/** Multiply-adds per output sample: the prototype's length over L (its phase count). */
function tapsPerPhase(quality: Quality, from: number, to: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const up = to / gcd(from, to);
  const down = from / gcd(from, to);
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
