export { init, initSync, memoryUsage, type MemoryUsage, type CompiledWasmModule, type WasmSource } from "./_load.js";
export { ulawDecode, ulawEncode, alawDecode, alawEncode } from "./g711.js";
export { Resampler, type ResamplerOptions, type Quality } from "./resampler.js";
export { UlawToPcm16, AlawToPcm16, Pcm16ToUlaw, Pcm16ToAlaw, type DecoderOptions, type EncoderOptions } from "./g711-streams.js";
export { TwilioToRealtime, RealtimeToTwilio, FRAME_BYTES, type Codec, type MessageOptions } from "./messages.js";
export { Pacer, type PacerOptions, type PacerStats, type Clock } from "./pacer.js";
export { Playout, type PlayoutOptions, type PlayoutStats, type Outbound, type Truncation, type Interruption, type PlaybackEstimate } from "./playout.js";
export { InboundTimeline, type InboundTimelineOptions, type InboundFrame, type InboundCounters } from "./inbound-timeline.js";
export { twilioMarks, type PlaybackMarks } from "./playback-marks.js";
