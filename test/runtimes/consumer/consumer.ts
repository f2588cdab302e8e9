// A TypeScript consumer of the packed telaudio (ESM), type-checked with
// `tsc --noEmit` under moduleResolution nodenext and bundler. Never run.
import {
  init,
  initSync,
  memoryUsage,
  ulawDecode,
  ulawEncode,
  alawDecode,
  alawEncode,
  Resampler,
  UlawToPcm16,
  AlawToPcm16,
  Pcm16ToUlaw,
  Pcm16ToAlaw,
  TwilioToRealtime,
  RealtimeToTwilio,
  FRAME_BYTES,
  type Quality,
  type ResamplerOptions,
  type DecoderOptions,
  type EncoderOptions,
  type MessageOptions,
  type Codec,
  type WasmSource,
} from "telaudio";

export async function bridge(wasm: WasmSource | undefined): Promise<number> {
  await init(wasm);
  initSync();
  const samples: Int16Array<ArrayBuffer> = ulawDecode(new Uint8Array(160));
  const shared: Int16Array<SharedArrayBuffer> = alawDecode(new Uint8Array(4), new Int16Array(new SharedArrayBuffer(8)));
  const codes: Uint8Array<ArrayBuffer> = ulawEncode(samples);
  alawEncode(new Uint8Array(320), new Uint8Array(160));

  const quality: Quality = "low-latency";
  const options: ResamplerOptions = { from: 8000, to: 24000, quality };
  const up = new Resampler(options);
  const out: Int16Array = up.process(samples, new Int16Array(480));
  const tail: Int16Array = up.flush();
  const delay: number = up.delay + up.outputLength(160);
  up.reset();
  up.dispose();

  const decoderOptions: DecoderOptions = { to: 16000 };
  const encoderOptions: EncoderOptions = { from: 48000, quality: "high" };
  const decoders = [new UlawToPcm16(), new AlawToPcm16(decoderOptions)];
  const encoders = [new Pcm16ToUlaw(), new Pcm16ToAlaw(encoderOptions)];
  for (const d of decoders) d.process(codes).length;
  for (const e of encoders) e.process(new Uint8Array(960)).length;

  const codec: Codec = "alaw";
  const messageOptions: MessageOptions = { rate: 24000, codec };
  const inbound = new TwilioToRealtime(messageOptions);
  const outbound = new RealtimeToTwilio();
  const audio: string = inbound.push("/////w==");
  const frames: string[] = outbound.push(audio);
  outbound.clear();
  const buffered: number = outbound.buffered;

  // @ts-expect-error: not a preset
  new Resampler({ from: 8000, to: 16000, quality: "best" });
  // @ts-expect-error: from and to are required
  new Resampler({ from: 8000 });
  // @ts-expect-error: G.711 decode takes bytes, not samples
  ulawDecode(new Int16Array(4));
  // @ts-expect-error: push takes base64 text
  inbound.push(new Uint8Array(4));

  return out.length + tail.length + delay + frames.length + buffered + FRAME_BYTES + shared.length + memoryUsage().wasmBytes;
}
