// CallRecorder's cost per 20 ms of call, in the bridge's hot path: one caller
// payload in, one agent frame out, the clock 20 ms on, 160 frames written.
// The sink discards the bytes: this is the recorder's own work, not the disk's.
// `npx tsx bench/recorder.ts` (after `npm run build`); exports its jobs for run.ts.

import { fileURLToPath } from "node:url";
import { CallRecorder, initSync, ulawEncode, type CallRecorderOptions, type Outbound } from "telaudio";
import { machineLine, markdownTable, runJob, type Job } from "./_harness.js";

function tone(count: number, hz: number): Int16Array {
  return Int16Array.from({ length: count }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000)));
}

function perFrame(options: CallRecorderOptions): () => unknown {
  let now = 0;
  let bytes = 0;
  const recorder = new CallRecorder({ write: (b) => void (bytes += b.length) }, { ...options, clock: () => now });
  const payload = Buffer.from(ulawEncode(tone(160, 310))).toString("base64");
  const frame: Outbound[] = [{ type: "media", payload: Buffer.from(ulawEncode(tone(160, 1630))).toString("base64") }];
  return () => {
    now += 20;
    recorder.inbound(payload, now);
    recorder.outbound(frame, now);
    return bytes;
  };
}

export function recorderJobs(): Job[] {
  initSync();
  return [
    {
      title: "call recorder, per 20 ms of call (base64 in both directions)",
      batch: 50,
      alternatives: [
        { name: "telaudio CallRecorder, stereo PCM16 8 kHz", run: perFrame({}) },
        { name: "stereo μ-law 8 kHz", run: perFrame({ encoding: "ulaw" }) },
        { name: "mono mixdown PCM16 8 kHz", run: perFrame({ channels: 1 }) },
        { name: "stereo PCM16 16 kHz (upsampled)", run: perFrame({ rate: 16000 }) },
      ],
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = [];
  for (const job of recorderJobs()) rows.push(...(await runJob(job)));
  console.log(machineLine());
  console.log(markdownTable(rows));
}
