// `npm run quality` (first step): the README's preset table, printed from
// src/_quality.ts PRESETS (the one definition the API, the filter design and
// the tests read), and the state each kind of stream keeps in wasm memory.

import { AlawToPcm16, initSync, memoryUsage, Pcm16ToUlaw, Resampler, UlawToPcm16 } from "telaudio";
import { PRESETS, QUALITIES } from "../src/_quality.js";
import { spliceIntoReadme } from "./_readme.js";

initSync();

const promiseRows = [
  "| preset | ripple 300–3400 Hz | far images/aliases | near images/aliases | delay |",
  "|---|---|---|---|---|",
  ...QUALITIES.map((quality) => {
    const p = PRESETS[quality];
    const name = quality === "voice" ? "`voice` (default)" : `\`${quality}\``;
    return `| ${name} | ≤ ${p.rippleDb} dB | ≥ ${p.farDb} dB | ≥ ${p.nearDb} dB | ≤ ${p.delayMs.toFixed(1)} ms (${p.phase} phase) |`;
  }),
];

type Disposable = { dispose(): void };

/** State bytes a stream made by `make` keeps, as memoryUsage() counts them. */
function stateBytes(make: () => Disposable): number {
  const before = memoryUsage();
  const stream = make();
  const after = memoryUsage();
  stream.dispose();
  if (after.streams !== before.streams + 1) throw new Error("memoryUsage() did not count the stream");
  return after.stateBytes - before.stateBytes;
}

const kinds: [string, (quality: (typeof QUALITIES)[number]) => Disposable][] = [
  ["`UlawToPcm16` 8k → 24k", (quality) => new UlawToPcm16({ quality })],
  ["`Pcm16ToUlaw` 24k → 8k", (quality) => new Pcm16ToUlaw({ quality })],
  ["`AlawToPcm16` 8k → 16k", (quality) => new AlawToPcm16({ to: 16000, quality })],
  ["`Resampler` 44.1k → 16k", (quality) => new Resampler({ from: 44100, to: 16000, quality })],
];
const stateRows = [
  `| stream | ${QUALITIES.join(" | ")} |`,
  `|---|${QUALITIES.map(() => "---:").join("|")}|`,
  ...kinds.map(([name, make]) => `| ${name} | ${QUALITIES.map((quality) => `${stateBytes(() => make(quality))} B`).join(" | ")} |`),
];
const stateNote = "State per stream in wasm memory (`npm run quality`, from `memoryUsage().stateBytes`; filter tables are shared per preset and ratio, and not counted):";

spliceIntoReadme("presets", promiseRows.join("\n"));
spliceIntoReadme("state", [stateNote, "", ...stateRows].join("\n"));
process.stdout.write(`${promiseRows.join("\n")}\n\n${stateNote}\n\n${stateRows.join("\n")}\n`);
