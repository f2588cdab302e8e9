// What the bridge needs from any speech model, whatever its protocol: send
// the caller's audio, get the model's, learn that the caller started
// speaking, and tell the model how much of its answer was heard when the
// caller cut in. Audio crosses as base64 in the model's own wire format
// (src/models.ts names it). The Gemini Live adapter (gemini-live.ts)
// implements it; an OpenAI Realtime one would send input_audio_buffer.append
// and conversation.item.truncate behind the same methods.

/** A text-frame socket, whatever library carries it (ws, a browser WebSocket, a test double). */
export interface ModelSocket {
  send(text: string): void;
  onMessage(handler: (text: string) => void): void;
  close(): void;
}

export interface ModelSession {
  /** Resolves once the model accepted the session's setup. */
  readonly ready: Promise<void>;
  /** Sends the caller's audio (base64, in the profile's input format). */
  sendAudio(base64: string): void;
  /** The model's audio, in the order it comes (base64, in the profile's output format). */
  onAudio(handler: (base64: string) => void): void;
  /** The caller started speaking over the model: stop playing what is buffered. */
  onSpeechStarted(handler: () => void): void;
  /** The model finished a turn. */
  onTurnComplete(handler: () => void): void;
  /** A frame the adapter could not read (the session goes on). */
  onError(handler: (error: Error) => void): void;
  /**
   * The bridge stopped playback after `playedMs` of the current answer:
   * the model is told where it was cut, where its protocol has a way to.
   */
  interrupt(playedMs: number): void;
  close(): void;
}
