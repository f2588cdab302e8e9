// Writes taps.json: the prototype filter telaudio designs for each preset and
// pair that has golden vectors. make_vectors.py filters with these taps.
// Run by make-vectors.sh: npx tsx vectors/resampler/dump-taps.ts

import { writeFileSync } from "node:fs";
import { designPrototype } from "../../src/design/prototype.js";

const PAIRS: [number, number][] = [
  [8000, 24000],
  [24000, 8000],
  [16000, 24000],
  [24000, 16000],
];
const QUALITIES = ["low-latency", "voice", "high"] as const;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

const filters = [];
for (const quality of QUALITIES) {
  for (const [from, to] of PAIRS) {
    const divisor = gcd(from, to);
    const up = to / divisor;
    const down = from / divisor;
    const { taps, delay } = designPrototype(quality, Math.max(up, down));
    filters.push({ quality, from, to, up, down, delay: delay / down, taps: Array.from(taps) });
  }
}
writeFileSync(new URL("./taps.json", import.meta.url), JSON.stringify({ filters }, null, 0) + "\n");
