// A ModelSocket over the `ws` library: what the bridge and the tests connect
// to a model with (the adapters themselves never import a socket library).

import { WebSocket } from "ws";
import type { ModelSocket } from "./model-session.js";

export async function connectModelSocket(url: string, headers?: Record<string, string>): Promise<ModelSocket> {
  const socket = new WebSocket(url, { headers });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  return {
    send: (text) => socket.send(text),
    onMessage: (handler) => socket.on("message", (data) => handler(data.toString())),
    close: () => socket.close(),
  };
}
