// A Twilio Media Streams ⇄ OpenAI-Realtime-protocol bridge: a WebSocket
// server Twilio connects to, one BridgeCall (and one model socket) per call.
//
// Run it:  PORT=8080 REALTIME_URL=ws://127.0.0.1:9000 npx tsx examples/twilio-realtime-bridge.ts
// (OPENAI_API_KEY, if set, is sent as a Bearer token, with OpenAI-Beta: realtime=v1.)

import { pathToFileURL } from "node:url";
import { WebSocketServer } from "ws";
import { init, RealtimeToTwilio, TwilioToRealtime } from "telaudio";
import { BridgeCall, type CallStats, type Log, type LogEntry } from "./bridge-call.js";

export type { CallStats, Log, LogEntry } from "./bridge-call.js";

export interface BridgeOptions {
  /** 0 for an ephemeral port. */
  port: number;
  /** Loopback unless told otherwise. */
  host?: string;
  /** The Realtime-protocol endpoint each call connects to. */
  realtimeUrl: string;
  /** Headers for the model's WebSocket handshake. */
  headers?: Record<string, string>;
  /** Where the bridge reports; one line per entry on the console when omitted. */
  log?: Log;
  /** After Twilio's `stop`, how long to wait for the model's response to end (ms). */
  drainMs?: number;
  /** A Twilio mark after every this many ms of the model's audio: how finely barge-in knows what was heard (100 by default). */
  markIntervalMs?: number;
  /** Release frames at real time, `leadMs` ahead of playback, so a barge-in's `clear` drops little; omitted, as they are made. */
  pacing?: { leadMs?: number; prerollMs?: number };
}

export interface Bridge {
  port: number;
  url: string;
  /** Every call so far: those still open, then the last 1000 ended. */
  stats(): CallStats[];
  /** Ends every call and stops listening. */
  close(): Promise<void>;
}

const KEEP_ENDED = 1000;

export function consoleLog(entry: LogEntry): void {
  const who = `call ${entry.call}${entry.streamSid === undefined ? "" : ` (${entry.streamSid})`}`;
  const line = `[bridge] ${entry.level} ${who}: ${entry.message}`;
  if (entry.level === "info") console.log(line);
  else console.warn(line);
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  await init();
  // The filter tables are laid out in wasm memory on first use, then shared by every stream:
  // pay that here rather than in the first caller's `start`.
  new TwilioToRealtime().dispose();
  new RealtimeToTwilio().dispose();
  const { realtimeUrl, headers, log = consoleLog, drainMs = 2000, markIntervalMs = 100, pacing } = options;
  const server = new WebSocketServer({ port: options.port, host: options.host ?? "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const open = new Set<BridgeCall>();
  const ended: CallStats[] = [];
  let calls = 0;

  server.on("connection", (socket) => {
    const call = new BridgeCall(++calls, socket, {
      realtimeUrl,
      headers,
      log,
      drainMs,
      markIntervalMs,
      pacing,
      onEnd: (done) => {
        open.delete(done);
        ended.push(done.stats());
        if (ended.length > KEEP_ENDED) ended.shift();
      },
    });
    open.add(call);
  });

  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the bridge has no TCP address");
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    port: address.port,
    url: `ws://${host}:${address.port}`,
    stats: () => [...[...open].map((call) => call.stats()), ...ended],
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const call of [...open]) call.end("the bridge is closing");
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// Run directly: the bridge as a server process.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const realtimeUrl = process.env.REALTIME_URL;
  if (realtimeUrl === undefined) {
    console.error("set REALTIME_URL (ws://… of a Realtime-protocol endpoint) and optionally PORT");
    process.exit(2);
  }
  const key = process.env.OPENAI_API_KEY;
  const headers = key === undefined ? undefined : { Authorization: `Bearer ${key}`, "OpenAI-Beta": "realtime=v1" };
  // PACE_LEAD_MS=80: release frames at real time, 80 ms ahead of playback.
  const pacing = process.env.PACE_LEAD_MS === undefined ? undefined : { leadMs: Number(process.env.PACE_LEAD_MS) };
  const bridge = await startBridge({ port: Number(process.env.PORT ?? 8080), host: process.env.HOST, realtimeUrl, headers, pacing });
  console.log(`[bridge] listening on ${bridge.url}, calls go to ${realtimeUrl}`);
  const stop = () => void bridge.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
