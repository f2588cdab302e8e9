// Reads a whole WAV file held in memory, for tests and tools: what WavWriter
// writes (sizes patched or still "unknown"), and what sox and ffmpeg write
// (PCM16, μ-law, A-law; WAVE_FORMAT_EXTENSIBLE wrapping one of them; LIST and
// other chunks skipped). A data chunk that claims more than the file holds
// (unknown length, or a file cut off) gives the whole frames present, and
// `truncated` says so. Anything else is refused, naming what.

import { checkBytes } from "./_arguments.js";
import type { WavEncoding } from "./wav-writer.js";

export interface WavFile {
  rate: number;
  channels: number;
  encoding: WavEncoding;
  /** Sample frames read. */
  frames: number;
  /** pcm16: the samples, interleaved. ulaw / alaw: the G.711 codes, interleaved. */
  data: Int16Array | Uint8Array;
  /** The data chunk claimed more bytes than the file holds (unknown length, or cut off). */
  truncated: boolean;
}

const ENCODING_OF_TAG: Record<number, WavEncoding | undefined> = { 1: "pcm16", 6: "alaw", 7: "ulaw" };
const TAG_NAMES: Record<number, string> = { 2: "MS ADPCM", 3: "IEEE float", 0x11: "IMA ADPCM", 0x31: "GSM 6.10", 0x55: "MPEG layer 3" };
const EXTENSIBLE = 0xfffe;

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

/**
 * @throws TypeError if `bytes` is not a Uint8Array; RangeError naming what is
 *   wrong or unsupported (not RIFF/WAVE, no fmt or data chunk, the format
 *   tag, bits per sample, channel count, block align).
 */
export function readWav(bytes: Uint8Array): WavFile {
  checkBytes(bytes, "bytes");
  if (bytes.length < 12 || fourcc(bytes, 0) !== "RIFF" || fourcc(bytes, 8) !== "WAVE") {
    throw new RangeError(`not a WAV file: ${bytes.length < 12 ? `${bytes.length} bytes, too short for a RIFF header` : `starts '${fourcc(bytes, 0)}…${fourcc(bytes, 8)}', not 'RIFF…WAVE'`}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let format: { encoding: WavEncoding; channels: number; rate: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = fourcc(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > bytes.length) throw new RangeError(`fmt chunk is ${size < 16 ? `${size} bytes, shorter than 16` : "cut off"}`);
      let tag = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const rate = view.getUint32(body + 4, true);
      const blockAlign = view.getUint16(body + 12, true);
      const bits = view.getUint16(body + 14, true);
      if (tag === EXTENSIBLE) {
        if (size < 40 || body + 40 > bytes.length) throw new RangeError("fmt chunk says WAVE_FORMAT_EXTENSIBLE but is shorter than 40 bytes");
        tag = view.getUint16(body + 24, true); // the sub-format GUID's first two bytes are the format tag
      }
      const encoding = ENCODING_OF_TAG[tag];
      if (encoding === undefined) {
        throw new RangeError(`format tag ${tag} (${TAG_NAMES[tag] ?? "unknown"}) is not supported: PCM16 (1), A-law (6) and μ-law (7) are`);
      }
      const wantBits = encoding === "pcm16" ? 16 : 8;
      if (bits !== wantBits) throw new RangeError(`bits per sample is ${bits}: ${encoding} is read at ${wantBits} bits only`);
      if (channels < 1) throw new RangeError("channel count is 0");
      if (blockAlign !== (channels * wantBits) / 8) throw new RangeError(`block align is ${blockAlign}, not ${(channels * wantBits) / 8} (${channels} channels of ${wantBits} bits)`);
      if (rate === 0) throw new RangeError("sample rate is 0");
      format = { encoding, channels, rate };
    } else if (id === "data") {
      if (format === undefined) throw new RangeError("data chunk before any fmt chunk");
      const frameBytes = format.channels * (format.encoding === "pcm16" ? 2 : 1);
      const present = Math.min(size, bytes.length - body);
      const frames = Math.floor(present / frameBytes);
      const length = frames * format.channels;
      let data: Int16Array | Uint8Array;
      if (format.encoding === "pcm16") {
        data = new Int16Array(length);
        for (let i = 0; i < length; i++) data[i] = view.getInt16(body + 2 * i, true);
      } else {
        data = bytes.slice(body, body + length);
      }
      return { ...format, frames, data, truncated: size > bytes.length - body };
    }
    at = body + size + (size & 1);
  }
  throw new RangeError(format === undefined ? "no fmt chunk (cut off in the header?)" : "no data chunk (cut off in the header?)");
}
