// Gemini Live's message shapes, and a ModelSession over them. From Google's
// Live API reference (https://ai.google.dev/api/live, BidiGenerateContent*):
//
//   client → { setup: { model, generationConfig: { responseModalities: ["AUDIO"] } } }
//   server → { setupComplete: {} }
//   client → { realtimeInput: { audio: { data: <base64>, mimeType: "audio/pcm;rate=16000" } } }
//   server → { serverContent: { modelTurn: { parts: [{ inlineData: { mimeType: "audio/pcm;rate=24000", data } }] } } }
//   server → { serverContent: { interrupted: true } }   the caller spoke over the model (server VAD)
//   server → { serverContent: { turnComplete: true } }
//
// Audio is raw PCM16 little-endian: 16 kHz in, 24 kHz out (telaudio's
// geminiLive() profile). The Live API has no truncate: the server cut its own
// answer when it sent `interrupted`, so interrupt() sends nothing.

import { BadMessage } from "../protocol.js";
import type { ModelSession, ModelSocket } from "./model-session.js";

export const GEMINI_INPUT_MIME = "audio/pcm;rate=16000";

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** The first message of a session. */
export function geminiSetup(model: string): string {
  return JSON.stringify({ setup: { model, generationConfig: { responseModalities: ["AUDIO"] } } });
}

/** One chunk of the caller's audio: base64 PCM16 at 16 kHz. */
export function geminiAudio(base64: string, mimeType = GEMINI_INPUT_MIME): string {
  return JSON.stringify({ realtimeInput: { audio: { data: base64, mimeType } } });
}

/** What one server message says, in order (a serverContent may carry audio parts and turnComplete together). */
export type GeminiServerEvent =
  | { type: "setupComplete" }
  | { type: "audio"; data: string; mimeType: string }
  | { type: "interrupted" }
  | { type: "turnComplete" }
  | { type: "other"; keys: string[] };

/** Reads a server text frame; a BadMessage when it is not JSON or an audio part lacks its data. */
export function parseGeminiServer(frame: string): GeminiServerEvent[] {
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    throw new BadMessage(`not JSON: ${frame.length > 40 ? `${frame.slice(0, 40)}…` : frame}`);
  }
  if (!isRecord(message)) throw new BadMessage("not a JSON object");
  if (isRecord(message.setupComplete)) return [{ type: "setupComplete" }];
  const content = message.serverContent;
  if (!isRecord(content)) return [{ type: "other", keys: Object.keys(message) }];
  const events: GeminiServerEvent[] = [];
  if (content.interrupted === true) events.push({ type: "interrupted" });
  const turn = content.modelTurn;
  if (isRecord(turn)) {
    if (!Array.isArray(turn.parts)) throw new BadMessage("serverContent.modelTurn.parts must be an array");
    for (const part of turn.parts) {
      if (!isRecord(part) || !isRecord(part.inlineData)) continue; // text or other parts: not audio
      const { data, mimeType } = part.inlineData;
      if (typeof data !== "string" || typeof mimeType !== "string") throw new BadMessage("inlineData needs data and mimeType strings");
      if (mimeType.startsWith("audio/")) events.push({ type: "audio", data, mimeType });
    }
  }
  if (content.turnComplete === true) events.push({ type: "turnComplete" });
  return events;
}

/** A Gemini Live session behind the ModelSession interface. */
export class GeminiLiveSession implements ModelSession {
  readonly ready: Promise<void>;
  readonly #socket: ModelSocket;
  #audio: (base64: string) => void = () => {};
  #speechStarted: () => void = () => {};
  #turnComplete: () => void = () => {};
  #error: (error: Error) => void = () => {};

  constructor(socket: ModelSocket, model = "models/gemini-live-2.5-flash-preview") {
    this.#socket = socket;
    let resolveReady!: () => void;
    this.ready = new Promise((resolve) => (resolveReady = resolve));
    socket.onMessage((frame) => {
      let events: GeminiServerEvent[];
      try {
        events = parseGeminiServer(frame);
      } catch (error) {
        if (!(error instanceof BadMessage)) throw error;
        this.#error(error);
        return;
      }
      for (const event of events) {
        if (event.type === "setupComplete") resolveReady();
        else if (event.type === "audio") this.#audio(event.data);
        else if (event.type === "interrupted") this.#speechStarted();
        else if (event.type === "turnComplete") this.#turnComplete();
      }
    });
    socket.send(geminiSetup(model));
  }

  sendAudio(base64: string): void {
    this.#socket.send(geminiAudio(base64));
  }

  onAudio(handler: (base64: string) => void): void {
    this.#audio = handler;
  }

  onSpeechStarted(handler: () => void): void {
    this.#speechStarted = handler;
  }

  onTurnComplete(handler: () => void): void {
    this.#turnComplete = handler;
  }

  onError(handler: (error: Error) => void): void {
    this.#error = handler;
  }

  /** Nothing to send: Gemini cut its answer itself when it said `interrupted`. */
  interrupt(_playedMs: number): void {}

  close(): void {
    this.#socket.close();
  }
}
