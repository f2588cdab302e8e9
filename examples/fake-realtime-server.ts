// A local stand-in for the OpenAI Realtime API, on loopback: it echoes the
// caller's audio back as the model's answer, which makes the bridge's round
// trip measurable. Per connection:
//
//   session.update               → session.updated (the formats are recorded)
//   input_audio_buffer.append    → the same audio back as response.audio.delta
//                                  events, cut at pseudo-random byte offsets
//                                  (odd counts included), in one response
//                                  that stays open across appends
//   input_audio_buffer.commit    → input_audio_buffer.committed, then
//                                  response.audio.done and response.done
//   {type: "test.barge_in"}, or  → input_audio_buffer.speech_started, then one
//   the `bargeInAtAppend`-th       more (stale) delta of the open response, as
//   append (before its echo)       a real server may have in flight, then that
//                                  response's audio.done and response.done
//                                  with status "cancelled"; later audio starts
//                                  a new response
//   every `endResponseEvery`-th  → after its echo, response.audio.done and
//   append                         response.done (a turn of the model's ends)
//   the `poisonAfterAppend`-th   → after its echo, a frame that is not JSON and
//   append                         a delta that is not base64
//
//   with `answer`                → no echo: at the first append, one answer
//                                  streamed faster than real time in deltas
//                                  of irregular size; `bargeInAfterMs` later,
//                                  speech_started and the answer cancelled
//   conversation.item.truncate   → recorded; like the real API, an error if
//                                  audio_end_ms is past the audio sent of the item
//
// Deltas carry response_id, item_id and content_index, as the real API's do.

import { pathToFileURL } from "node:url";
import { WebSocketServer, type WebSocket } from "ws";
import { BadMessage, parseRealtimeClient, type ParsedClientEvent } from "./protocol.js";

export interface FakeRealtimeOptions {
  /** 0 (the default) for an ephemeral port. */
  port?: number;
  host?: string;
  /** Seeds the delta cut points; connection k uses seed + k. */
  seed?: number;
  bargeInAtAppend?: number;
  endResponseEvery?: number;
  poisonAfterAppend?: number;
  /** "beta": response.audio.delta/done (the default); "ga": response.output_audio.delta/done. */
  eventNames?: "beta" | "ga";
  /** Instead of echoing: one answer of `pcm` (24 kHz), `speedup`× real time, interrupted after `bargeInAfterMs` (`onBargeIn` runs just before). */
  answer?: { pcm: Int16Array; speedup: number; bargeInAfterMs: number; onBargeIn?: () => void };
}

/** What one connection received, for tests to check. */
export interface FakeSession {
  inputFormat: string | undefined;
  outputFormat: string | undefined;
  appends: number;
  appendedBytes: number;
  deltas: number;
  /** Deltas whose byte count was odd. */
  oddDeltas: number;
  commits: number;
  bargeIns: number;
  /** Client frames it could not parse. */
  errors: number;
  /** conversation.item.truncate events, with the audio of the item sent by then (ms). */
  truncates: { itemId: string; contentIndex: number; audioEndMs: number; sentMs: number }[];
}

export interface FakeRealtime {
  url: string;
  sessions(): FakeSession[];
  close(): Promise<void>;
}

/** mulberry32: a small seeded generator, so every run cuts the same way. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts `bytes` into 1 to 4 pieces at random offsets (odd ones included). */
function cut(bytes: Buffer, next: () => number): Buffer[] {
  const points = new Set<number>();
  const cuts = Math.floor(next() * 4);
  for (let i = 0; i < cuts && bytes.length > 1; i++) points.add(1 + Math.floor(next() * (bytes.length - 1)));
  const offsets = [0, ...[...points].sort((a, b) => a - b), bytes.length];
  return offsets.slice(1).map((end, i) => bytes.subarray(offsets[i], end));
}

class EchoSession {
  readonly record: FakeSession = {
    inputFormat: undefined,
    outputFormat: undefined,
    appends: 0,
    appendedBytes: 0,
    deltas: 0,
    oddDeltas: 0,
    commits: 0,
    bargeIns: 0,
    errors: 0,
    truncates: [],
  };
  /** Bytes of audio sent per item. */
  readonly #itemBytes = new Map<string, number>();
  #answering = false;
  #timers: NodeJS.Timeout[] = [];
  readonly #socket: WebSocket;
  readonly #options: FakeRealtimeOptions;
  readonly #next: () => number;
  readonly #names: { delta: string; done: string };
  #events = 0;
  #responses = 0;
  #response: string | undefined;
  #lastEcho: Buffer = Buffer.alloc(0);

  constructor(socket: WebSocket, options: FakeRealtimeOptions, seed: number) {
    this.#socket = socket;
    this.#options = options;
    this.#next = random(seed);
    this.#names =
      options.eventNames === "ga"
        ? { delta: "response.output_audio.delta", done: "response.output_audio.done" }
        : { delta: "response.audio.delta", done: "response.audio.done" };
    socket.on("message", (data) => this.#onMessage(data.toString()));
    this.#send({ type: "session.created", session: {} });
  }

  #onMessage(frame: string): void {
    let event: ParsedClientEvent;
    try {
      event = parseRealtimeClient(frame);
    } catch (error) {
      if (!(error instanceof BadMessage)) throw error;
      this.record.errors++;
      this.#send({ type: "error", error: { type: "invalid_request_error", message: error.message } });
      return;
    }
    switch (event.type) {
      case "session.update":
        this.record.inputFormat = event.session?.input_audio_format;
        this.record.outputFormat = event.session?.output_audio_format;
        this.#send({ type: "session.updated", session: event.session });
        return;
      case "input_audio_buffer.append": {
        const bytes = Buffer.from(event.audio ?? "", "base64");
        const count = ++this.record.appends;
        this.record.appendedBytes += bytes.length;
        if (this.#options.answer !== undefined) {
          if (!this.#answering) this.#answer(this.#options.answer);
          return;
        }
        if (count === this.#options.bargeInAtAppend) this.#bargeIn();
        this.#echo(bytes);
        const every = this.#options.endResponseEvery;
        if (every !== undefined && count % every === 0) this.#endResponse("completed");
        if (count === this.#options.poisonAfterAppend) this.#poison();
        return;
      }
      case "input_audio_buffer.commit":
        this.record.commits++;
        this.#send({ type: "input_audio_buffer.committed" });
        this.#endResponse("completed");
        return;
      case "test.barge_in":
        this.#bargeIn();
        return;
      case "conversation.item.truncate": {
        const truncate = event.truncate!;
        const sentMs = ((this.#itemBytes.get(truncate.itemId) ?? 0) / 2 / 24000) * 1000;
        this.record.truncates.push({ ...truncate, sentMs });
        if (truncate.audioEndMs > sentMs) {
          this.#send({ type: "error", error: { type: "invalid_request_error", message: `Audio content of ${Math.floor(sentMs)}ms is already shorter than ${truncate.audioEndMs}ms` } });
        }
        return;
      }
    }
  }

  /** One answer, `speedup`× real time: every 20 ms, 20·speedup ms of audio in 1–4 deltas. */
  #answer(answer: NonNullable<FakeRealtimeOptions["answer"]>): void {
    this.#answering = true;
    const response = this.#openResponse();
    const bytes = Buffer.from(answer.pcm.buffer, answer.pcm.byteOffset, answer.pcm.byteLength);
    const step = Math.round(20 * answer.speedup * 48) & ~1; // bytes of 24 kHz PCM16 per 20 ms tick
    let at = 0;
    const tick = setInterval(() => {
      if (at >= bytes.length || this.#response !== response) return clearInterval(tick);
      const chunk = bytes.subarray(at, Math.min(bytes.length, at + step));
      at += chunk.length;
      for (const piece of cut(chunk, this.#next)) this.#delta(response, piece);
      if (at >= bytes.length) this.#endResponse("completed");
    }, 20);
    this.#timers.push(
      tick,
      // The caller speaks while the answer streams or after, while it still plays: speech_started either way.
      setTimeout(() => {
        answer.onBargeIn?.();
        this.#bargeIn();
      }, answer.bargeInAfterMs),
    );
    this.#socket.once("close", () => this.#timers.forEach((timer) => clearTimeout(timer)));
  }

  #delta(response: string, piece: Buffer): void {
    const itemId = `item_${response}`;
    this.#itemBytes.set(itemId, (this.#itemBytes.get(itemId) ?? 0) + piece.length);
    this.#send({ type: this.#names.delta, response_id: response, item_id: itemId, output_index: 0, content_index: 0, delta: piece.toString("base64") });
    this.record.deltas++;
    if (piece.length % 2 === 1) this.record.oddDeltas++;
  }

  #echo(bytes: Buffer): void {
    const response = this.#openResponse();
    for (const piece of cut(bytes, this.#next)) this.#delta(response, piece);
    this.#lastEcho = bytes;
  }

  #bargeIn(): void {
    this.record.bargeIns++;
    this.#send({ type: "input_audio_buffer.speech_started", audio_start_ms: 0, item_id: "item_user" });
    const response = this.#response;
    if (response === undefined) return;
    // A delta already on the wire when the server noticed the caller: the bridge must not play it.
    this.#send({ type: this.#names.delta, response_id: response, item_id: `item_${response}`, output_index: 0, content_index: 0, delta: this.#lastEcho.toString("base64") });
    this.#endResponse("cancelled");
  }

  #poison(): void {
    this.#socket.send("this is not JSON");
    this.#send({ type: this.#names.delta, response_id: this.#response, item_id: `item_${this.#response}`, content_index: 0, delta: "@@not base64@@" });
  }

  #openResponse(): string {
    if (this.#response === undefined) {
      this.#response = `resp_${++this.#responses}`;
      this.#send({ type: "response.created", response: { id: this.#response, status: "in_progress" } });
    }
    return this.#response;
  }

  #endResponse(status: "completed" | "cancelled"): void {
    const response = this.#openResponse();
    this.#send({ type: this.#names.done, response_id: response, item_id: `item_${response}`, output_index: 0, content_index: 0 });
    this.#send({ type: "response.done", response: { id: response, status } });
    this.#response = undefined;
  }

  #send(event: Record<string, unknown>): void {
    this.#socket.send(JSON.stringify({ event_id: `event_${++this.#events}`, ...event }));
  }
}

export async function startFakeRealtime(options: FakeRealtimeOptions = {}): Promise<FakeRealtime> {
  const server = new WebSocketServer({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const sessions: EchoSession[] = [];
  server.on("connection", (socket) => {
    sessions.push(new EchoSession(socket, options, (options.seed ?? 1) + sessions.length));
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the fake server has no TCP address");
  return {
    url: `ws://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`,
    sessions: () => sessions.map((session) => ({ ...session.record, truncates: [...session.record.truncates] })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of server.clients) client.terminate();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// Run directly: PORT=9000 npx tsx examples/fake-realtime-server.ts
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fake = await startFakeRealtime({ port: Number(process.env.PORT ?? 9000), host: process.env.HOST });
  console.log(`[fake realtime] echoing on ${fake.url}`);
  process.once("SIGINT", () => void fake.close().then(() => process.exit(0)));
}
