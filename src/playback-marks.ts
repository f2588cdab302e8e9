// How a phone provider tells the bridge what the caller has heard: a marker
// sent in the audio stream, echoed when playback reaches it. `Playout`
// decides when to send one and what its name is; an implementation of
// PlaybackMarks says how the provider spells the request and the echo.
// Twilio Media Streams' `mark` is one; Plivo's `checkpoint` / `playedStream`
// and Vonage's `notify` fit the same shape.

/** A provider's playback markers, for one stream. */
export interface PlaybackMarks {
  /** The message (a WebSocket text frame) asking the provider to echo `name` once playback reaches this point. */
  request(name: string): string;
  /** The marker name a provider message echoes, or undefined when the message is no echo. */
  echoed(message: unknown): string | undefined;
}

/**
 * Twilio Media Streams: `{ event: "mark", streamSid, mark: { name } }` both
 * ways. Twilio echoes a mark when the audio before it has played, and every
 * pending one at once when it clears its buffer (Playout knows those as stale).
 * @example
 *   const marks = twilioMarks(streamSid);
 *   for (const out of playout.take()) twilio.send(out.type === "mark" ? marks.request(out.name) : media(out.payload));
 *   const name = marks.echoed(JSON.parse(data)); if (name !== undefined) playout.acknowledge(name);
 */
export function twilioMarks(streamSid: string): PlaybackMarks {
  if (typeof streamSid !== "string" || streamSid === "") throw new TypeError("streamSid must be a non-empty string");
  return {
    request: (name) => JSON.stringify({ event: "mark", streamSid, mark: { name } }),
    echoed: (message) => {
      if (typeof message !== "object" || message === null) return undefined;
      const { event, streamSid: sid, mark } = message as { event?: unknown; streamSid?: unknown; mark?: { name?: unknown } };
      if (event !== "mark" || (sid !== undefined && sid !== streamSid)) return undefined;
      return typeof mark?.name === "string" ? mark.name : undefined;
    },
  };
}
