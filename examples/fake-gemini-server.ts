// A local stand-in for the Gemini Live API, on loopback: 16 kHz PCM16 in,
// 24 kHz out, in Gemini's message shapes (examples/models/gemini-live.ts).
// Per connection:
//
//   { setup }                       → { setupComplete: {} } (the model is recorded)
//   realtimeInput.audio             → recorded (bytes, mimeType); a chunk whose
//                                     RMS passes `speechThreshold` is speech, as
//                                     the real server's VAD would hear it
//   speech, then `endOfTurnMs` of   → the answer: `answer` (24 kHz PCM16) streamed
//   input audio below the threshold   at `speedup`× real time, 20·speedup ms of it
//                                     every 20 ms in modelTurn inlineData parts
//                                     (now and then two parts in one message),
//                                     then { serverContent: { turnComplete: true } }
//   speech while answering          → { serverContent: { interrupted: true } }, and
//                                     the rest of the answer is dropped, as the Live
//                                     API does at barge-in; the next silence after
//                                     speech starts a new answer
//
// Time is counted in input audio, not the clock, except for the answer's pace.

import { pathToFileURL } from "node:url";
import { WebSocketServer, type WebSocket } from "ws";

const INPUT_MIME = "audio/pcm;rate=16000";
const OUTPUT_MIME = "audio/pcm;rate=24000";

export interface FakeGeminiOptions {
  /** 0 (the default) for an ephemeral port. */
  port?: number;
  host?: string;
  /** The model's answer, PCM16 at 24 kHz; one second of a two-tone warble when omitted. */
  answer?: Int16Array;
  /** 1 (the default) is real time. */
  speedup?: number;
  /** RMS of a chunk (PCM16 units) from which it counts as speech; 500 when omitted. */
  speechThreshold?: number;
  /** Input audio below the threshold, after speech, that ends the caller's turn; 200 ms when omitted. */
  endOfTurnMs?: number;
}

/** What one connection received and sent, for tests to check. */
export interface FakeGeminiSession {
  model: string | undefined;
  audioMessages: number;
  audioBytes: number;
  /** Audio messages whose mimeType was not audio/pcm;rate=16000, or whose bytes were not whole samples. */
  badAudio: number;
  /** Frames that were not JSON or matched no client message. */
  errors: number;
  answers: number;
  interruptions: number;
  /** Answer bytes sent, all answers together. */
  answerBytes: number;
}

/** One second of 24 kHz PCM16: two tones under a 4 Hz envelope, loud enough to be heard as speech. */
export function defaultAnswer(): Int16Array {
  return Int16Array.from({ length: 24000 }, (_, i) => {
    const t = i / 24000;
    return Math.round((0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) * (6000 * Math.sin(2 * Math.PI * 220 * t) + 3000 * Math.sin(2 * Math.PI * 1100 * t)));
  });
}

function rms(bytes: Buffer): number {
  const count = bytes.length >> 1;
  if (count === 0) return 0;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += bytes.readInt16LE(2 * i) ** 2;
  return Math.sqrt(sum / count);
}

class GeminiSession {
  readonly record: FakeGeminiSession = { model: undefined, audioMessages: 0, audioBytes: 0, badAudio: 0, errors: 0, answers: 0, interruptions: 0, answerBytes: 0 };
  readonly #socket: WebSocket;
  readonly #answer: Buffer;
  readonly #speedup: number;
  readonly #threshold: number;
  readonly #endOfTurnMs: number;
  #callerSpeaking = false;
  #silenceMs = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(socket: WebSocket, options: FakeGeminiOptions) {
    this.#socket = socket;
    const answer = options.answer ?? defaultAnswer();
    this.#answer = Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength);
    this.#speedup = options.speedup ?? 1;
    this.#threshold = options.speechThreshold ?? 500;
    this.#endOfTurnMs = options.endOfTurnMs ?? 200;
    socket.on("message", (data) => this.#onMessage(data.toString()));
    socket.once("close", () => this.#stopAnswer());
  }

  #onMessage(frame: string): void {
    let message: Record<string, any>;
    try {
      message = JSON.parse(frame);
    } catch {
      this.record.errors++;
      return;
    }
    if (typeof message?.setup === "object" && message.setup !== null) {
      this.record.model = String(message.setup.model);
      this.#send({ setupComplete: {} });
      return;
    }
    const audio = message?.realtimeInput?.audio;
    if (typeof audio !== "object" || audio === null || typeof audio.data !== "string") {
      this.record.errors++;
      return;
    }
    const bytes = Buffer.from(audio.data, "base64");
    this.record.audioMessages++;
    this.record.audioBytes += bytes.length;
    if (audio.mimeType !== INPUT_MIME || bytes.length % 2 !== 0) {
      this.record.badAudio++;
      return;
    }
    this.#hear(bytes);
  }

  /** The server's VAD, on input time: speech interrupts an answer; enough silence after speech starts one. */
  #hear(bytes: Buffer): void {
    if (rms(bytes) >= this.#threshold) {
      if (this.#timer !== undefined) {
        this.#stopAnswer();
        this.record.interruptions++;
        this.#send({ serverContent: { interrupted: true } });
      }
      this.#callerSpeaking = true;
      this.#silenceMs = 0;
      return;
    }
    if (!this.#callerSpeaking) return;
    this.#silenceMs += bytes.length / 2 / 16;
    if (this.#silenceMs >= this.#endOfTurnMs) {
      this.#callerSpeaking = false;
      this.#startAnswer();
    }
  }

  #startAnswer(): void {
    this.record.answers++;
    const step = Math.round(480 * this.#speedup) * 2; // bytes of 20·speedup ms at 24 kHz
    let at = 0;
    let tick = 0;
    this.#timer = setInterval(() => {
      const chunk = this.#answer.subarray(at, Math.min(this.#answer.length, at + step));
      at += chunk.length;
      this.record.answerBytes += chunk.length;
      // Every third message carries its audio as two parts, split off the sample grid's middle.
      const half = (chunk.length >> 2) << 1;
      const pieces = ++tick % 3 === 0 && half > 0 ? [chunk.subarray(0, half), chunk.subarray(half)] : [chunk];
      this.#send({ serverContent: { modelTurn: { parts: pieces.map((piece) => ({ inlineData: { mimeType: OUTPUT_MIME, data: piece.toString("base64") } })) } } });
      if (at >= this.#answer.length) {
        this.#stopAnswer();
        this.#send({ serverContent: { turnComplete: true } });
      }
    }, 20);
  }

  #stopAnswer(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #send(message: Record<string, unknown>): void {
    this.#socket.send(JSON.stringify(message));
  }
}

export interface FakeGemini {
  url: string;
  sessions(): FakeGeminiSession[];
  close(): Promise<void>;
}

export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const server = new WebSocketServer({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const sessions: GeminiSession[] = [];
  server.on("connection", (socket) => sessions.push(new GeminiSession(socket, options)));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the fake server has no TCP address");
  return {
    url: `ws://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`,
    sessions: () => sessions.map((session) => ({ ...session.record })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of server.clients) client.terminate();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// Run directly: PORT=9001 npx tsx examples/fake-gemini-server.ts
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fake = await startFakeGemini({ port: Number(process.env.PORT ?? 9001), host: process.env.HOST });
  console.log(`[fake gemini] answering on ${fake.url}`);
  process.once("SIGINT", () => void fake.close().then(() => process.exit(0)));
}
