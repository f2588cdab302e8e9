// One deterministic workload through every public part of telaudio, runnable
// unchanged in any JavaScript runtime: Node (main thread, worker_threads, the
// packed tarball as ESM and CJS), a browser page and a browser worker, and
// workerd. Plain ESM with no imports and no runtime APIs (no Buffer, no atob):
// the caller passes the telaudio module it loaded, and gets back plain data
// (numbers, strings) that survives JSON and postMessage, so the test can
// compare each runtime's result with Node's main thread, element by element.

/** Deterministic 32-bit generator (xorshift32); `seed` must not be 0. */
export function generator(seed) {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

/**
 * `count` PCM16 samples at `rate`: two tones, a chirp and some noise, loud
 * enough that the resamplers' overshoot saturates now and then.
 */
export function signal(seed, count, rate) {
  const next = generator(seed);
  const out = new Int16Array(count);
  const f1 = 200 + (seed % 7) * 150;
  for (let i = 0; i < count; i++) {
    const t = i / rate;
    const chirp = Math.sin(2 * Math.PI * (100 * t + 1500 * t * t));
    const value = 14000 * Math.sin(2 * Math.PI * f1 * t) + 12000 * Math.sin(2 * Math.PI * 3300 * t) + 9000 * chirp + ((next() & 0xfff) - 0x800) * 2;
    out[i] = Math.max(-32768, Math.min(32767, Math.round(value)));
  }
  return out;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Canonical padded base64 of `bytes`, written out here so no runtime API is used. */
export function toBase64(bytes) {
  let text = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    text += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  if (i + 1 === bytes.length) {
    const n = bytes[i] << 16;
    text += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + "==";
  } else if (i + 2 === bytes.length) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    text += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + "=";
  }
  return text;
}

/** Little-endian bytes of `samples`, copied to `offset` in a fresh buffer (odd offsets included). */
export function pcmBytesAt(samples, offset) {
  const bytes = new Uint8Array(offset + samples.length * 2).subarray(offset);
  for (let i = 0; i < samples.length; i++) {
    bytes[2 * i] = samples[i] & 0xff;
    bytes[2 * i + 1] = (samples[i] >> 8) & 0xff;
  }
  return bytes;
}

/** Chunk lengths (0 included) that add up to `total`. */
function chunking(next, total, largest) {
  const sizes = [];
  for (let left = total; left > 0; ) {
    const size = Math.min(left, next() % (largest + 1));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

function errorOf(call) {
  try {
    call();
    return "no error";
  } catch (error) {
    return `${error?.name}: ${error?.message}`;
  }
}

/**
 * Runs the workload through `t` (the telaudio module, already initialised)
 * and returns what every call gave: arrays of numbers, strings and error
 * texts keyed by what produced them. Same `t` output and same `seed` give the
 * same result in every runtime.
 */
export function runChecks(t, seed = 1) {
  const result = {};
  const next = generator(seed * 2654435761);

  // G.711 over everything: all 256 codes, all 65,536 samples (as Int16Array
  // and as little-endian bytes at an odd byteOffset), into a longer dst.
  const codes = Uint8Array.from({ length: 256 }, (_, code) => code);
  const allSamples = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
  result.ulawDecode = Array.from(t.ulawDecode(codes));
  result.alawDecode = Array.from(t.alawDecode(codes));
  result.ulawEncode = Array.from(t.ulawEncode(allSamples));
  result.alawEncode = Array.from(t.alawEncode(allSamples));
  result.ulawEncodeBytesAtOddOffset = Array.from(t.ulawEncode(pcmBytesAt(allSamples, 1)));
  result.alawEncodeBytesAtOddOffset = Array.from(t.alawEncode(pcmBytesAt(allSamples, 3)));
  const longer = new Int16Array(300).fill(7);
  t.ulawDecode(codes.subarray(0, 100), longer);
  result.ulawDecodeIntoLongerDst = Array.from(longer);

  // Resampler: several streams alive at once, fed in random chunks (some as
  // bytes at odd offsets), flushed at the end.
  const pairs = [
    [8000, 24000, "voice"],
    [24000, 8000, "voice"],
    [8000, 16000, "low-latency"],
    [48000, 8000, "high"],
    [44100, 16000, "voice"],
    [22050, 24000, "low-latency"],
    [16000, 16000, "voice"],
  ];
  const streams = pairs.map(([from, to, quality]) => {
    const input = signal(seed + from, Math.floor(from / 5), from); // 200 ms
    return { name: `resample ${from}->${to} ${quality}`, resampler: new t.Resampler({ from, to, quality }), input, sizes: chunking(next, input.length, 700), at: 0, out: [] };
  });
  for (let live = streams.length; live > 0; ) {
    live = 0;
    for (const s of streams) {
      const size = s.sizes.shift();
      if (size === undefined) continue;
      live++;
      const chunk = s.input.subarray(s.at, s.at + size);
      s.at += size;
      const src = next() & 1 ? chunk : pcmBytesAt(chunk, next() & 3);
      const expectedLength = s.resampler.outputLength(size);
      const out = s.resampler.process(src);
      if (out.length !== expectedLength) throw new Error(`${s.name}: outputLength said ${expectedLength}, process gave ${out.length}`);
      s.out.push(...out);
    }
  }
  for (const s of streams) {
    result[`${s.name} delay`] = s.resampler.delay;
    result[s.name] = s.out.concat(Array.from(s.resampler.flush()));
    s.resampler.dispose();
  }

  // Fused paths, 20 ms frames interleaved across four streams, into dst.
  const decoders = [
    ["UlawToPcm16 to 24000", new t.UlawToPcm16(), t.ulawEncode],
    ["AlawToPcm16 to 16000 high", new t.AlawToPcm16({ to: 16000, quality: "high" }), t.alawEncode],
  ];
  const encoders = [
    ["Pcm16ToUlaw from 24000", new t.Pcm16ToUlaw(), 24000],
    ["Pcm16ToAlaw from 48000 low-latency", new t.Pcm16ToAlaw({ from: 48000, quality: "low-latency" }), 48000],
  ];
  const fused = {};
  const decoderInput = decoders.map(([, , encode]) => encode(signal(seed + 11, 8000 / 4, 8000))); // 250 ms of codes
  const encoderInput = encoders.map(([, , rate]) => signal(seed + 13, rate / 4, rate));
  for (let frame = 0; frame < 12; frame++) {
    decoders.forEach(([name, stream], i) => {
      const src = decoderInput[i].subarray(frame * 160, frame * 160 + 160);
      const dst = new Int16Array(stream.outputLength(160) + 5);
      (fused[name] ??= []).push(...stream.process(src, dst));
    });
    encoders.forEach(([name, stream, rate], i) => {
      const n = rate / 50;
      const src = encoderInput[i].subarray(frame * n, frame * n + n);
      (fused[name] ??= []).push(...stream.process(frame & 1 ? src : pcmBytesAt(src, 1)));
    });
  }
  for (const [name, stream] of [...decoders, ...encoders]) {
    result[name] = fused[name].concat(Array.from(stream.flush()));
    stream.dispose();
  }

  // Message helpers: base64 in, base64 out (this is where Buffer, atob/btoa
  // or Uint8Array.fromBase64/toBase64 is used, whichever the runtime has).
  for (const codec of ["ulaw", "alaw"]) {
    const inbound = new t.TwilioToRealtime({ codec });
    const payloads = [];
    const frames = (codec === "ulaw" ? t.ulawEncode : t.alawEncode)(signal(seed + 17, 1600, 8000));
    for (let i = 0; i < frames.length; i += 160) payloads.push(inbound.push(toBase64(frames.subarray(i, i + 160))));
    payloads.push(inbound.push(toBase64(frames.subarray(0, 7)))); // not a whole frame: still fine
    payloads.push(inbound.flush());
    result[`TwilioToRealtime ${codec}`] = payloads;
    result[`TwilioToRealtime ${codec} rejects`] = ["abc", "ab=c", "****", "YQ===", "a b="].map((bad) => errorOf(() => inbound.push(bad)));
    inbound.dispose();

    const outbound = new t.RealtimeToTwilio({ codec, rate: codec === "ulaw" ? 24000 : 16000 });
    const pcm = pcmBytesAt(signal(seed + 19, outbound.rate / 5, outbound.rate), 0);
    const sent = [];
    let at = 0;
    for (const size of chunking(next, pcm.length, 1501)) {
      sent.push(...outbound.push(toBase64(pcm.subarray(at, at + size))), `buffered ${outbound.buffered}`);
      at += size;
    }
    sent.push(errorOf(() => outbound.push("not base64!")), `buffered ${outbound.buffered}`);
    sent.push(...outbound.flush());
    outbound.push(toBase64(pcm.subarray(0, 1001)));
    outbound.clear();
    sent.push(`after clear ${outbound.buffered}`, ...outbound.push(toBase64(pcm.subarray(0, 960))));
    result[`RealtimeToTwilio ${codec}`] = sent;
    outbound.dispose();
  }

  // Errors read the same everywhere.
  result.errors = [
    errorOf(() => t.ulawDecode([1, 2, 3])),
    errorOf(() => t.ulawEncode(new Uint8Array(3))),
    errorOf(() => t.alawDecode(new Uint8Array(4), new Int16Array(3))),
    errorOf(() => new t.Resampler({ from: 8000, to: 12345 })),
    errorOf(() => new t.Resampler({ from: 11025, to: 22050 })),
    errorOf(() => new t.Resampler({ from: 8000, to: 16000, quality: "best" })),
    errorOf(() => {
      const r = new t.Resampler({ from: 8000, to: 16000 });
      r.dispose();
      r.process(new Int16Array(4));
    }),
  ];
  return result;
}

/**
 * What the message helpers make of base64 that is well-formed but not
 * canonical (the padding bits are not zero): accepted or a TypeError, it
 * must be the same in every runtime, with Buffer or without.
 */
export function nonCanonicalBase64(t) {
  const inbound = new t.TwilioToRealtime();
  const outbound = new t.RealtimeToTwilio();
  const outcomes = ["YR==", "YWJ=", "AB==", "AAB="].map((text) => `${text}: ${errorOf(() => inbound.push(text))} / ${errorOf(() => outbound.push(text))}`);
  inbound.dispose();
  outbound.dispose();
  return outcomes;
}
