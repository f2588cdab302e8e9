// G.711 decode and encode of one 20 ms frame (160 samples) and of 1 s (8000
// samples): telaudio against the npm packages bridges use today and against
// the plain-TS reference path from test/.

import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { instantiateSync } from "@assemblyscript/loader";
import { alawDecode, alawEncode, initSync, ulawDecode, ulawEncode } from "telaudio";
import * as reference from "../test/reference/g711.js";
import type { Job } from "./_harness.js";

const require = createRequire(import.meta.url);
const alawmulaw = require("alawmulaw") as typeof import("alawmulaw");
const g711 = require("g711") as {
  ulawToPCM(data: Uint8Array, bits: number): Int16Array;
  ulawFromPCM(data: Int16Array): Uint8Array;
  alawToPCM(data: Uint8Array, bits: number): Int16Array;
  alawFromPCM(data: Int16Array): Uint8Array;
};

/** Speech-like test signal: a few tones at varied levels, deterministic. */
function testSamples(count: number): Int16Array {
  return Int16Array.from({ length: count }, (_, i) =>
    Math.round(9000 * Math.sin(i * 0.071) + 4000 * Math.sin(i * 0.53) + 700 * Math.sin(i * 2.1)),
  );
}

export function g711Jobs(): Job[] {
  initSync();
  const jobs: Job[] = [];
  for (const count of [160, 8000]) {
    const label = count === 160 ? "20 ms frame (160 samples)" : "1 s (8000 samples)";
    const batch = count === 160 ? 200 : 4;
    const samples = testSamples(count);
    const ulawCodes = ulawEncode(samples);
    const alawCodes = alawEncode(samples);
    const samplesOut = new Int16Array(count);
    const codesOut = new Uint8Array(count);
    jobs.push(
      {
        title: `μ-law decode, ${label}`,
        batch,
        alternatives: [
          { name: "telaudio (dst)", run: () => ulawDecode(ulawCodes, samplesOut) },
          { name: "telaudio (new array)", run: () => ulawDecode(ulawCodes) },
          { name: "alawmulaw", run: () => alawmulaw.mulaw.decode(ulawCodes) },
          { name: "g711", run: () => g711.ulawToPCM(ulawCodes, 16) },
          { name: "plain TS (test/reference)", run: () => reference.ulawDecodeReference(ulawCodes) },
        ],
      },
      {
        title: `μ-law encode, ${label}`,
        batch,
        alternatives: [
          { name: "telaudio (dst)", run: () => ulawEncode(samples, codesOut) },
          { name: "telaudio (new array)", run: () => ulawEncode(samples) },
          { name: "alawmulaw", run: () => alawmulaw.mulaw.encode(samples) },
          { name: "g711", run: () => g711.ulawFromPCM(samples) },
          { name: "plain TS (test/reference)", run: () => reference.ulawEncodeReference(samples) },
        ],
      },
      {
        title: `A-law decode, ${label}`,
        batch,
        alternatives: [
          { name: "telaudio (dst)", run: () => alawDecode(alawCodes, samplesOut) },
          { name: "alawmulaw", run: () => alawmulaw.alaw.decode(alawCodes) },
          { name: "g711", run: () => g711.alawToPCM(alawCodes, 16) },
          { name: "plain TS (test/reference)", run: () => reference.alawDecodeReference(alawCodes) },
        ],
      },
      {
        title: `A-law encode, ${label}`,
        batch,
        alternatives: [
          { name: "telaudio (dst)", run: () => alawEncode(samples, codesOut) },
          { name: "alawmulaw", run: () => alawmulaw.alaw.encode(samples) },
          { name: "g711", run: () => g711.alawFromPCM(samples) },
          { name: "plain TS (test/reference)", run: () => reference.alawEncodeReference(samples) },
        ],
      },
    );
  }
  return jobs;
}

/**
 * The kernel alone, called through @assemblyscript/loader's demangled export
 * (a rest-args wrapper) and through the raw WebAssembly export: why src/
 * instantiates with the loader but calls raw exports.
 */
export function loaderOverheadJob(): Job {
  const bytes = readFileSync(new URL("../dist/telaudio.wasm", import.meta.url));
  const { exports, instance } = instantiateSync<{ ulawDecode(s: number, d: number, n: number): void; scratchInPtr(): number; scratchOutPtr(): number }>(bytes);
  const raw = instance.exports as unknown as typeof exports;
  const input = raw.scratchInPtr();
  const output = raw.scratchOutPtr();
  return {
    title: "μ-law decode kernel, 160 samples, no copies",
    batch: 200,
    alternatives: [
      { name: "telaudio raw export (used)", run: () => raw.ulawDecode(input, output, 160) },
      { name: "loader-demangled export", run: () => exports.ulawDecode(input, output, 160) },
    ],
  };
}
