// One phone call through the bridge: the Twilio socket, the model's socket,
// and this call's own telaudio converters between them.
//
//   Twilio media ──InboundTimeline (order, gaps)──TwilioToRealtime.push──► input_audio_buffer.append
//   Twilio media ◄──Playout.push/take────── response.audio.delta (any size)
//   Twilio mark  ◄──(every markIntervalMs)   and its echo ──► Playout.acknowledge
//   speech_started ──Playout.interrupt──► Twilio clear + conversation.item.truncate
//
// A message that cannot be used (not JSON, a missing field, bad base64) is
// logged and skipped: telaudio rejects bad base64 with a TypeError before it
// touches any state, so the call goes on as if the message never came.

import * as fs from "node:fs";
import * as path from "node:path";
import WebSocket, { type RawData } from "ws";
import { CallRecorder, fileSink, InboundTimeline, Playout, TwilioToRealtime, type Codec, type Outbound } from "telaudio";
import { FrameTimer, type TimingSummary } from "./frame-timer.js";
import {
  BadMessage,
  parseRealtimeServer,
  parseTwilio,
  type RealtimeClientEvent,
  type RealtimeServerEvent,
  type TwilioMediaFormat,
  type TwilioOutbound,
} from "./protocol.js";

export interface LogEntry {
  level: "info" | "warn" | "error";
  /** The bridge's number for the call, from 1. */
  call: number;
  streamSid: string | undefined;
  message: string;
  /** Set on the entry that reports the end of a call. */
  stats?: CallStats;
}

export type Log = (entry: LogEntry) => void;

export interface CallStats {
  call: number;
  streamSid: string | undefined;
  state: "open" | "draining" | "ended";
  /** Twilio media frames converted for the model. */
  framesIn: number;
  /** 160-byte frames sent to Twilio. */
  framesOut: number;
  /** Model audio deltas converted. */
  deltasIn: number;
  /** Deltas of a response interrupted by barge-in, dropped. */
  staleDeltas: number;
  clears: number;
  marksSent: number;
  marksAcked: number;
  /** Mark echoes from before a clear, ignored. */
  staleMarks: number;
  /** Audio sent to Twilio, ms. */
  sentMs: number;
  /** Audio the caller had heard when the last barge-in came (ms on the call's outbound audio), or undefined. */
  heardMsAtLastBargeIn: number | undefined;
  /** conversation.item.truncate events sent, and the last one's audio_end_ms. */
  truncations: number;
  lastAudioEndMs: number | undefined;
  /** Frames that came to Twilio later than real time needed them (paced only). */
  underruns: number;
  /** Inbound: gaps filled with silence (and their ms), duplicates dropped, frames reordered, frames too late to place. */
  gapsFilled: number;
  silenceMs: number;
  duplicates: number;
  reordered: number;
  lateFrames: number;
  /** Messages logged and skipped. */
  badMessages: number;
  /** With recordDir: the call's stereo WAV (left caller, right agent as played), once written. */
  recording?: { path: string; durationMs: number; callMs: number; bargeInsMs: number[] };
  /** µs per Twilio frame in TwilioToRealtime.push. */
  inbound: TimingSummary;
  /** µs per RealtimeToTwilio call (push per delta, flush per response). */
  outbound: TimingSummary;
  /** Outbound conversion time over frames sent, µs per 20 ms frame. */
  outboundUsPerFrame: number;
}

export interface CallOptions {
  realtimeUrl: string;
  /** Sent with the model's WebSocket handshake (e.g. Authorization). */
  headers?: Record<string, string>;
  log: Log;
  /** After Twilio's `stop`, how long to wait for the model to finish. */
  drainMs: number;
  /** A Twilio mark after every this many ms of the model's audio (and after each answer). */
  markIntervalMs: number;
  /** Release frames to Twilio at real time, `leadMs` ahead of playback (telaudio's Pacer); omitted, as they are made. */
  pacing?: { leadMs?: number; prerollMs?: number };
  /** Record each call to `<recordDir>/<streamSid>.wav`; RECORD_DIR when omitted, none when neither is set. */
  recordDir?: string;
  onEnd: (call: BridgeCall) => void;
}

/** Asks for 24 kHz PCM16 both ways, with the server detecting speech (which makes barge-in possible). */
export const SESSION_UPDATE: RealtimeClientEvent = {
  type: "session.update",
  session: { input_audio_format: "pcm16", output_audio_format: "pcm16", turn_detection: { type: "server_vad" } },
};

function codecOf(format: TwilioMediaFormat): Codec | undefined {
  if (format.sampleRate !== 8000 || format.channels !== 1) return undefined;
  if (format.encoding === "audio/x-mulaw") return "ulaw";
  if (format.encoding === "audio/x-alaw") return "alaw";
  return undefined;
}

function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.from(data).toString("utf8");
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function closeSocket(socket: WebSocket): void {
  if (socket.readyState === WebSocket.OPEN) socket.close(1000, "call ended");
  else if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
}

export class BridgeCall {
  readonly id: number;
  readonly #options: CallOptions;
  readonly #twilio: WebSocket;
  readonly #model: WebSocket;
  /** Client events written before the model's socket opened. */
  readonly #pending: string[] = [];
  #state: CallStats["state"] = "open";
  #streamSid: string | undefined;
  // Created at `start`, from the law its mediaFormat names.
  #inbound: TwilioToRealtime | undefined;
  #timeline: InboundTimeline | undefined;
  #outbound: Playout | undefined;
  #recorder: CallRecorder | undefined;
  #recording: CallStats["recording"];
  #recordingPath: string | undefined;
  /** The response the model is speaking, and those a barge-in cut short. */
  #responseId: string | undefined;
  readonly #interrupted = new Set<string>();
  /** Audio pushed since the last flush or clear: flush once per response, not at each done event. */
  #unflushed = false;
  #drainTimer: NodeJS.Timeout | undefined;
  #pumpTimer: NodeJS.Timeout | undefined;
  /** The call is over once what waits for Twilio has gone out. */
  #endWhenSent = false;
  /** Draining, the model has acknowledged our commit: the next response to end is the last. */
  #committed = false;
  readonly #inTimer = new FrameTimer();
  readonly #outTimer = new FrameTimer();
  readonly #counts = { framesIn: 0, framesOut: 0, deltasIn: 0, staleDeltas: 0, clears: 0, marksSent: 0, marksAcked: 0, staleMarks: 0, badMessages: 0, truncations: 0 };
  #heardMsAtLastBargeIn: number | undefined;
  #lastAudioEndMs: number | undefined;

  constructor(id: number, twilio: WebSocket, options: CallOptions) {
    this.id = id;
    this.#options = options;
    this.#twilio = twilio;
    this.#model = new WebSocket(options.realtimeUrl, { headers: options.headers });
    this.#model.on("open", () => {
      this.#model.send(JSON.stringify(SESSION_UPDATE));
      for (const frame of this.#pending.splice(0)) this.#model.send(frame);
    });
    this.#model.on("message", (data, isBinary) => this.#guard("the model", data, isBinary, (frame) => this.#onModel(frame)));
    this.#model.on("close", (code) => this.end(`the model's socket closed (${code})`));
    this.#model.on("error", (error) => this.#socketError("the model's socket", error));
    twilio.on("message", (data, isBinary) => this.#guard("Twilio", data, isBinary, (frame) => this.#onTwilio(frame)));
    twilio.on("close", () => this.end("Twilio's socket closed"));
    twilio.on("error", (error) => this.#socketError("Twilio's socket", error));
  }

  stats(): CallStats {
    const outbound = this.#outTimer.summary();
    return {
      call: this.id,
      streamSid: this.#streamSid,
      state: this.#state,
      ...this.#counts,
      sentMs: this.#counts.framesOut * 20,
      heardMsAtLastBargeIn: this.#heardMsAtLastBargeIn,
      lastAudioEndMs: this.#lastAudioEndMs,
      underruns: this.#outbound?.stats.underruns ?? 0,
      gapsFilled: this.#timeline?.counters.gaps ?? 0,
      silenceMs: ((this.#timeline?.counters.silenceSamples ?? 0) * 1000) / 8000,
      duplicates: this.#timeline?.counters.duplicates ?? 0,
      reordered: this.#timeline?.counters.reordered ?? 0,
      lateFrames: this.#timeline?.counters.late ?? 0,
      inbound: this.#inTimer.summary(),
      outbound,
      outboundUsPerFrame: this.#counts.framesOut === 0 ? 0 : outbound.totalUs / this.#counts.framesOut,
      recording: this.#recording,
    };
  }

  /** Ends the call: frees both converters and closes both sockets. Idempotent. */
  end(reason: string): void {
    if (this.#state === "ended") return;
    this.#state = "ended";
    clearTimeout(this.#drainTimer);
    clearTimeout(this.#pumpTimer);
    this.#inbound?.dispose();
    this.#outbound?.dispose();
    closeSocket(this.#model);
    closeSocket(this.#twilio);
    const recorder = this.#recorder;
    if (recorder === undefined) return this.#ended(reason);
    // The file is written synchronously (fileSink): close() settles at once.
    const file = this.#recordingPath!;
    const now = performance.now();
    recorder.close(now).then(
      (durationMs) => {
        this.#recording = { path: file, durationMs, callMs: now - recorder.startedAt, bargeInsMs: recorder.interruptions.map((i) => i.atMs) };
        this.#ended(reason);
      },
      (error: unknown) => {
        this.#log("error", `recording ${file}: ${describe(error)}`);
        this.#ended(reason);
      },
    );
  }

  #ended(reason: string): void {
    this.#log("info", `call ended: ${reason}`, this.stats());
    this.#options.onEnd(this);
  }

  // ------------------------------------------------------------ Twilio → ---

  #onTwilio(frame: string): void {
    const message = parseTwilio(frame);
    switch (message.event) {
      case "start":
        return this.#start(message.streamSid, message.mediaFormat);
      case "media": {
        if (this.#state !== "open" || (message.track !== undefined && message.track !== "inbound")) return;
        const inbound = this.#inbound;
        const timeline = this.#timeline;
        if (inbound === undefined || timeline === undefined) throw new BadMessage("media before start");
        // In call order, gaps filled: the model's audio stays on the call's clock. (No timestamp: as it comes.)
        const { timestamp, chunk, payload } = message;
        const payloads = timestamp === undefined ? [payload] : timeline.push({ timestamp, chunk, payload });
        for (const codes of payloads) {
          this.#record((recorder) => recorder.inbound(codes));
          this.#toModelAudio(this.#inTimer.time(() => inbound.push(codes)));
        }
        this.#counts.framesIn++;
        return;
      }
      case "mark":
        // Twilio echoes a mark when playback reaches it, and every pending one when it clears: those are stale.
        if (this.#outbound?.acknowledge(message.name)) this.#counts.marksAcked++;
        else this.#counts.staleMarks++;
        return;
      case "stop":
        return this.#drain();
      case "connected":
      case "other": // dtmf and anything newer
        return;
    }
  }

  #start(streamSid: string, format: TwilioMediaFormat): void {
    if (this.#inbound !== undefined) throw new BadMessage("a second start");
    const codec = codecOf(format);
    if (codec === undefined) {
      this.#log("error", `unsupported mediaFormat ${JSON.stringify(format)}`);
      return this.end("unsupported media format");
    }
    this.#streamSid = streamSid;
    this.#inbound = new TwilioToRealtime({ codec });
    this.#timeline = new InboundTimeline({ codec });
    this.#outbound = new Playout({ codec, markIntervalMs: this.#options.markIntervalMs, pacing: this.#options.pacing });
    const recordDir = this.#options.recordDir ?? process.env.RECORD_DIR;
    if (recordDir !== undefined && recordDir !== "") {
      this.#recordingPath = path.join(recordDir, `${streamSid.replace(/[^\w-]/g, "_")}.wav`);
      this.#recorder = new CallRecorder(fileSink(fs, fs.openSync(this.#recordingPath, "w")), { codec });
    }
    this.#log("info", `start: ${format.encoding} ${format.sampleRate} Hz`);
  }

  /**
   * Twilio's `stop`: the caller's audio is over. Send the model the inbound
   * filter's tail and commit, then give the model `drainMs` to acknowledge
   * the commit and finish a response, so its last partial frame is flushed
   * to Twilio. (Twilio itself closes the socket right after `stop`, which
   * ends the call at once.)
   */
  #drain(): void {
    if (this.#state !== "open") return;
    const inbound = this.#inbound;
    if (inbound === undefined) return this.end("stop before start");
    this.#state = "draining";
    for (const codes of this.#timeline?.flush() ?? []) {
      this.#record((recorder) => recorder.inbound(codes));
      this.#toModelAudio(inbound.push(codes as string));
    }
    this.#toModelAudio(inbound.flush());
    this.#toModel({ type: "input_audio_buffer.commit" });
    this.#drainTimer = setTimeout(() => this.end("stop (the model did not finish within drainMs)"), this.#options.drainMs);
  }

  // ------------------------------------------------------------- model → ---

  #onModel(frame: string): void {
    const event = parseRealtimeServer(frame);
    switch (event.type) {
      case "response.created":
        this.#responseId = event.responseId ?? this.#responseId;
        return;
      case "audio.delta":
        return this.#onDelta(event);
      case "audio.done":
        return this.#endOfResponse(event.responseId, undefined);
      case "response.done":
        return this.#endOfResponse(event.responseId, event.status);
      case "speech_started":
        return this.#bargeIn();
      case "committed":
        if (this.#state === "draining") this.#committed = true;
        return;
      case "error":
        this.#log("warn", `the model reports an error: ${event.message}`);
        return;
      case "other":
        return;
    }
  }

  #onDelta(event: Extract<RealtimeServerEvent, { type: "audio.delta" }>): void {
    // Deltas already in flight when the caller barged in are not played.
    if (event.responseId !== undefined && this.#interrupted.has(event.responseId)) {
      this.#counts.staleDeltas++;
      return;
    }
    const outbound = this.#outbound;
    if (outbound === undefined) throw new BadMessage("model audio before Twilio's start");
    if (event.responseId !== undefined) this.#responseId = event.responseId;
    this.#outTimer.time(() => outbound.push(event.itemId, event.contentIndex, event.delta));
    this.#counts.deltasIn++;
    this.#unflushed = true;
    this.#pump();
  }

  /** `response.audio.done` or `response.done`: play out the last partial frame, marked after it. */
  #endOfResponse(responseId: string | undefined, status: string | undefined): void {
    const interrupted = responseId !== undefined && this.#interrupted.has(responseId);
    const outbound = this.#outbound;
    if (!interrupted && this.#unflushed && outbound !== undefined) {
      this.#outTimer.time(() => outbound.end());
      this.#unflushed = false;
      this.#pump();
    }
    // A response that ends before the model has seen our commit may not hold the caller's last audio.
    if (this.#committed && !interrupted && status !== "cancelled") {
      this.#endWhenSent = true;
      this.#pump();
    }
  }

  /** Sends what the playout has due; paced, comes back when the next frame is due. Ends a finished call once all is sent. */
  #pump(): void {
    const outbound = this.#outbound;
    if (outbound === undefined || this.#state === "ended") return;
    clearTimeout(this.#pumpTimer);
    this.#sendOutbound(outbound.take());
    const next = outbound.nextTakeAt();
    if (next !== undefined) this.#pumpTimer = setTimeout(() => this.#pump(), Math.max(0, next - performance.now()));
    else if (this.#endWhenSent) this.end("stop");
  }

  /**
   * The caller spoke over the model: Twilio drops what it holds, and the
   * model forgets what the caller never heard of its answer.
   */
  #bargeIn(): void {
    if (this.#responseId !== undefined) this.#interrupted.add(this.#responseId);
    const outbound = this.#outbound;
    this.#unflushed = false;
    if (outbound === undefined) return;
    const cut = outbound.interrupt();
    this.#record((recorder) => recorder.interrupt());
    this.#heardMsAtLastBargeIn = (cut.playedSamples * 1000) / 8000;
    if (cut.clear && this.#streamSid !== undefined) {
      this.#toTwilio({ event: "clear", streamSid: this.#streamSid });
      this.#counts.clears++;
    }
    for (const t of cut.truncations) {
      this.#toModel({ type: "conversation.item.truncate", item_id: t.itemId, content_index: t.contentIndex, audio_end_ms: t.audioEndMs });
      this.#counts.truncations++;
      this.#lastAudioEndMs = t.audioEndMs;
    }
  }

  // --------------------------------------------------------------- plumbing ---

  #sendOutbound(messages: Outbound[]): void {
    const streamSid = this.#streamSid;
    if (streamSid === undefined) return;
    this.#record((recorder) => recorder.outbound(messages));
    for (const message of messages) {
      if (message.type === "media") {
        this.#toTwilio({ event: "media", streamSid, media: { payload: message.payload } });
        this.#counts.framesOut++;
      } else {
        this.#toTwilio({ event: "mark", streamSid, mark: { name: message.name } });
        this.#counts.marksSent++;
      }
    }
  }

  /** A recording error never costs the call: it is logged once and recording stops (the file keeps what was written). */
  #record(write: (recorder: CallRecorder) => void): void {
    const recorder = this.#recorder;
    if (recorder === undefined) return;
    try {
      write(recorder);
    } catch (error) {
      this.#log("error", `recording stopped: ${describe(error)}`);
      this.#recorder = undefined;
      recorder.close().catch(() => undefined);
    }
  }

  #toTwilio(message: TwilioOutbound): void {
    if (this.#twilio.readyState === WebSocket.OPEN) this.#twilio.send(JSON.stringify(message));
  }

  #toModelAudio(audio: string): void {
    if (audio !== "") this.#toModel({ type: "input_audio_buffer.append", audio });
  }

  #toModel(event: RealtimeClientEvent): void {
    const frame = JSON.stringify(event);
    if (this.#model.readyState === WebSocket.OPEN) this.#model.send(frame);
    else if (this.#model.readyState === WebSocket.CONNECTING) this.#pending.push(frame);
  }

  /** Runs a handler on one message; whatever it throws costs that message only. */
  #guard(from: string, data: RawData, isBinary: boolean, handle: (frame: string) => void): void {
    if (this.#state === "ended") return;
    try {
      if (isBinary) throw new BadMessage("a binary frame");
      handle(frameText(data));
    } catch (error) {
      this.#counts.badMessages++;
      // TypeError: a bad message (BadMessage, or telaudio refusing base64). Anything else is a bug here.
      this.#log(error instanceof TypeError ? "warn" : "error", `skipped a message from ${from}: ${describe(error)}`);
    }
  }

  #socketError(which: string, error: Error): void {
    if (this.#state !== "ended") this.#log("error", `${which}: ${error.message}`);
  }

  #log(level: LogEntry["level"], message: string, stats?: CallStats): void {
    this.#options.log({ level, call: this.id, streamSid: this.#streamSid, message, stats });
  }
}
