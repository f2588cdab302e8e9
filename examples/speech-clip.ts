// The speech clip the demo and the tests send: vectors/speech/speech-8000.raw
// (headerless PCM16LE mono 8 kHz, ~7.4 s of synthetic speech; see
// vectors/speech/provenance.txt), μ-law encoded as a phone network would.

import { readFileSync } from "node:fs";
import { FRAME_BYTES, initSync, ulawDecode, ulawEncode } from "telaudio";

export const SPEECH_8K = new URL("../vectors/speech/speech-8000.raw", import.meta.url);

/** μ-law's code for silence (it decodes to 0). */
const ULAW_SILENCE = 0xff;

export interface SpeechClip {
  /** Samples in the recording. */
  samples: number;
  /** μ-law codes, the last frame padded with silence: a whole number of 160-byte frames. */
  codes: Uint8Array;
  /** `codes` decoded: the caller's audio as the bridge receives it, the reference for the round trip. */
  reference: Int16Array;
}

export function loadSpeechClip(path: URL | string = SPEECH_8K): SpeechClip {
  initSync();
  const pcmBytes = readFileSync(path);
  if (pcmBytes.length % 2 !== 0) throw new RangeError(`${String(path)}: odd byte count, not PCM16`);
  const samples = pcmBytes.length / 2;
  const codes = new Uint8Array(Math.ceil(samples / FRAME_BYTES) * FRAME_BYTES).fill(ULAW_SILENCE);
  ulawEncode(pcmBytes, codes.subarray(0, samples)); // PCM16LE bytes go straight in
  return { samples, codes, reference: ulawDecode(codes) };
}
