// The packed telaudio, installed into a fresh project, loaded with require().
// argv: how to init ("embedded" | "module"), then the checks.mjs URL to run
// (optional). Prints one JSON line: known values, resolutions, results.
const { readFileSync } = require("node:fs");
const telaudio = require("telaudio");
const { initSync, ulawDecode, alawDecode, ulawEncode, Resampler, TwilioToRealtime, RealtimeToTwilio } = telaudio;

async function main() {
  const [how, checksUrl] = process.argv.slice(2);
  const wasmPath = require.resolve("telaudio/telaudio.wasm");
  if (how === "module") initSync(new WebAssembly.Module(readFileSync(wasmPath)));
  else initSync();

  const up = new Resampler({ from: 8000, to: 24000 });
  const report = {
    how,
    entry: require.resolve("telaudio"),
    wasm: wasmPath,
    packageJson: require.resolve("telaudio/package.json"),
    ulaw: Array.from(ulawDecode(Uint8Array.of(0x00, 0xff, 0x80, 0x7f))),
    alaw: Array.from(alawDecode(Uint8Array.of(0xd5, 0x55, 0xaa, 0x2a))),
    ulawEncode: Array.from(ulawEncode(Int16Array.of(0, -32768, 32767, 8))),
    resampled: up.process(new Int16Array(160)).length,
    twilio: new TwilioToRealtime().push("/////w==").length,
    realtime: new RealtimeToTwilio().push(Buffer.alloc(960).toString("base64")).length,
  };
  try {
    require("telaudio/dist/index.cjs");
    report.deepImport = "allowed";
  } catch (error) {
    report.deepImport = error.code;
  }
  if (checksUrl) report.result = (await import(checksUrl)).runChecks(telaudio, 31);
  console.log(JSON.stringify(report));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
