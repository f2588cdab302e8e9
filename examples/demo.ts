// The whole path on loopback, in real time: a fake Twilio call streams a
// speech clip through the bridge to a fake Realtime server that echoes it,
// then prints the frame counts, the conversion time per frame, and how well
// the speech survived the round trip.
//
//   npm run build && npx tsx examples/demo.ts

import { FRAME_BYTES, RealtimeToTwilio, TwilioToRealtime, ulawDecode } from "telaudio";
import { startFakeRealtime } from "./fake-realtime-server.js";
import { runFakeTwilio } from "./fake-twilio-client.js";
import { measureRoundTrip } from "./round-trip-snr.js";
import { loadSpeechClip } from "./speech-clip.js";
import { startBridge, type LogEntry } from "./twilio-realtime-bridge.js";

const RATE = 8000;
const clip = loadSpeechClip();
const model = await startFakeRealtime();
const problems: LogEntry[] = [];
// RECORD_DIR=/tmp npm run demo: the bridge also records the call to <dir>/<streamSid>.wav.
const bridge = await startBridge({ port: 0, realtimeUrl: model.url, log: (entry) => entry.level !== "info" && problems.push(entry) });

const frames = clip.codes.length / FRAME_BYTES;
console.log("telaudio bridge demo: fake Twilio ⇄ bridge ⇄ fake Realtime (echo), on loopback");
console.log(`  bridge ${bridge.url}, model ${model.url}`);
console.log(`  clip: ${(clip.samples / RATE).toFixed(2)} s of speech, ${frames} frames of 160 B μ-law, one every 20 ms\n`);

const began = performance.now();
const call = await runFakeTwilio({ url: bridge.url, clip: clip.codes, paceMs: 20 });
const seconds = (performance.now() - began) / 1000;
const [stats] = bridge.stats();
const [session] = model.sessions();
await bridge.close();
await model.close();

const fmt = (us: number) => us.toFixed(1).padStart(7);
const sizes = new Set(call.received.map((payload) => payload.length));
console.log(`frames in:  ${stats.framesIn} (Twilio → model; each 480 samples of 24 kHz PCM16)`);
console.log(`frames out: ${stats.framesOut} (model → Twilio; payload sizes: ${[...sizes].join(", ")} B); marks ${call.marks.length}, clears ${call.clears}`);
console.log(`model deltas: ${session.deltas} (${session.oddDeltas} with an odd byte count), session formats ${session.inputFormat}/${session.outputFormat}`);
console.log(`conversion time, µs          mean     p50     max`);
console.log(`  per Twilio frame in     ${fmt(stats.inbound.meanUs)} ${fmt(stats.inbound.p50Us)} ${fmt(stats.inbound.maxUs)}   (TwilioToRealtime.push)`);
console.log(`  per model delta         ${fmt(stats.outbound.meanUs)} ${fmt(stats.outbound.p50Us)} ${fmt(stats.outbound.maxUs)}   (Playout.push/end)`);
console.log(`  per Twilio frame out    ${fmt(stats.outboundUsPerFrame)}                   (outbound total / frames out)`);
console.log(`  (one call in a fresh process, 50 frames a second: V8 has not warmed the code up yet; npm run bench measures the steady state)`);
console.log(`marks ${stats.marksSent} sent, ${stats.marksAcked} echoed; inbound gaps ${stats.gapsFilled}, duplicates ${stats.duplicates}, reordered ${stats.reordered}`);
if (stats.recording) {
  const { path, durationMs, callMs, bargeInsMs } = stats.recording;
  const barges = bargeInsMs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(", ") || "none";
  console.log(`recording: ${path}, ${(durationMs / 1000).toFixed(2)} s (call ${(callMs / 1000).toFixed(2)} s); barge-ins at ${barges}`);
}

// What the resamplers say the round trip delays by, at 8 kHz.
const inbound = new TwilioToRealtime();
const outbound = new RealtimeToTwilio();
const expectedDelay = inbound.delay / 3 + outbound.delay;
console.log(`\nround trip (μ-law 8k → PCM16 24k → echo → μ-law 8k), ${call.received.length * FRAME_BYTES} samples back for ${clip.codes.length} sent:`);
const trip = measureRoundTrip(clip.reference, ulawDecode(Buffer.concat(call.received)));
console.log(`  delay ${trip.delay.toFixed(3)} samples (${((trip.delay / RATE) * 1000).toFixed(2)} ms); ` +
  `expected ${inbound.delay}/3 + ${outbound.delay.toFixed(3)} = ${expectedDelay.toFixed(3)}`);
console.log(`  SNR, 0–${trip.bandHz} Hz at that delay:         ${trip.snrDb.toFixed(1)} dB`);
console.log(`  SNR, full band at the best integer delay (${trip.integerDelay}): ${trip.fullBandSnrDb.toFixed(1)} dB (the clip's energy above 3.4 kHz, and any fraction of a sample in the delay, count as error; see round-trip-snr.ts)`);
inbound.dispose();
outbound.dispose();

console.log(`\n${problems.length} warnings or errors from the bridge; ${seconds.toFixed(2)} s of streaming`);
for (const entry of problems) console.log(`  ${entry.level}: ${entry.message}`);
