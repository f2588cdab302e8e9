// The packed telaudio, installed into a fresh project, imported as ESM.
// argv: how to init ("embedded" | "module"), then the checks.mjs URL to run
// (optional). Prints one JSON line: known values, resolutions, results.
import { readFileSync } from "node:fs";
import { init, ulawDecode, alawDecode, ulawEncode, Resampler, TwilioToRealtime, RealtimeToTwilio } from "telaudio";
import * as telaudio from "telaudio";

const [how, checksUrl] = process.argv.slice(2);
const wasmUrl = import.meta.resolve("telaudio/telaudio.wasm");
if (how === "module") await init(new WebAssembly.Module(readFileSync(new URL(wasmUrl))));
else await init();

const up = new Resampler({ from: 8000, to: 24000 });
const report = {
  how,
  entry: import.meta.resolve("telaudio"),
  wasm: wasmUrl,
  packageJson: import.meta.resolve("telaudio/package.json"),
  ulaw: Array.from(ulawDecode(Uint8Array.of(0x00, 0xff, 0x80, 0x7f))),
  alaw: Array.from(alawDecode(Uint8Array.of(0xd5, 0x55, 0xaa, 0x2a))),
  ulawEncode: Array.from(ulawEncode(Int16Array.of(0, -32768, 32767, 8))),
  resampled: up.process(new Int16Array(160)).length,
  twilio: new TwilioToRealtime().push("/////w==").length, // 4 μ-law silences → 12 samples → 24 bytes → 32 base64 chars
  realtime: new RealtimeToTwilio().push(btoa("\0".repeat(960))).length, // 480 samples at 24 kHz → one 160-byte frame
};
try {
  await import("telaudio/dist/index.js");
  report.deepImport = "allowed";
} catch (error) {
  report.deepImport = error.code;
}
if (checksUrl) report.result = (await import(checksUrl)).runChecks(telaudio, 31);
console.log(JSON.stringify(report));
