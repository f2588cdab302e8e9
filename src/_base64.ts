// Base64 for the message helpers and for loading the embedded wasm, by the
// fastest correct path the runtime has: Node's Buffer (which can decode into
// and encode from an existing buffer without allocating), else the
// Uint8Array base64 methods where they exist, else atob/btoa.

/** The part of Node's Buffer used here (a Buffer is a Uint8Array). */
interface NodeBuffer {
  write(text: string, offset: number, length: number, encoding: "base64"): number;
  toString(encoding: "base64", start: number, end: number): string;
}
interface NodeBufferClass {
  from(text: string, encoding: "base64"): NodeBuffer;
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): NodeBuffer;
}
interface Uint8ArrayBase64 {
  fromBase64?: (text: string) => Uint8Array;
}

const nodeBuffer = (globalThis as { Buffer?: NodeBufferClass }).Buffer;

export function bytesFromBase64(text: string): Uint8Array {
  const native = (Uint8Array as unknown as Uint8ArrayBase64).fromBase64;
  if (typeof native === "function") return native(text);
  if (nodeBuffer !== undefined) return nodeBuffer.from(text, "base64") as unknown as Uint8Array;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// Canonical base64 (RFC 4648, padded): groups of four, '=' only at the end.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function notBase64(text: string, name: string): TypeError {
  return new TypeError(`${name} is not valid base64 (length ${text.length})`);
}

/**
 * Bytes `text` decodes to, if its length and padding can be base64; throws a
 * TypeError naming `name` otherwise. The characters are checked by `decode`.
 */
export function base64Length(text: unknown, name: string): number {
  if (typeof text !== "string") throw new TypeError(`${name} must be a base64 string, got ${text === null ? "null" : typeof text}`);
  if ((text.length & 3) !== 0) throw notBase64(text, name);
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return (text.length >> 2) * 3 - padding;
}

/**
 * A growable byte buffer that base64 decodes into and encodes from without
 * allocating in the steady state (Node); elsewhere through temporaries.
 */
export class Base64Buffer {
  bytes: Uint8Array<ArrayBuffer>;
  #node: NodeBuffer | undefined;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
    this.#node = nodeBuffer?.from(this.bytes.buffer, 0, capacity);
  }

  // Cached views, checked on plain fields: a typed array's .buffer and
  // .byteOffset getters cost more than the check (see ScratchView).
  #range: Uint8Array | undefined;
  #rangeStart = 0;
  #rangeEnd = 0;
  #samples: Int16Array | undefined;

  /** bytes[start, end) as a view, reused while start and end repeat. */
  range(start: number, end: number): Uint8Array {
    if (this.#range === undefined || start !== this.#rangeStart || end !== this.#rangeEnd) {
      this.#range = this.bytes.subarray(start, end);
      this.#rangeStart = start;
      this.#rangeEnd = end;
    }
    return this.#range;
  }

  /** The first `count` PCM16 samples of the buffer, reused while count repeats. */
  samples(count: number): Int16Array {
    if (this.#samples === undefined || this.#samples.length !== count) this.#samples = new Int16Array(this.bytes.buffer, 0, count);
    return this.#samples;
  }

  /** Makes room for `capacity` bytes, keeping the first `keep`. */
  reserve(capacity: number, keep: number): void {
    if (capacity <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(capacity, 2 * this.bytes.length));
    grown.set(this.bytes.subarray(0, keep));
    this.bytes = grown;
    this.#node = nodeBuffer?.from(grown.buffer, 0, grown.length);
    this.#range = undefined; // views of the old bytes
    this.#samples = undefined;
  }

  /**
   * Decodes `text` (`length` = base64Length(text)) to `offset`, room
   * reserved; throws a TypeError naming `name` if it is not canonical base64.
   * Only bytes from `offset` on are touched, even when it throws.
   */
  decode(text: string, offset: number, length: number, name: string): void {
    const node = this.#node;
    if (node !== undefined) {
      // Node's decoder skips characters outside the alphabet and stops at a
      // '=', so any of those leaves fewer bytes than the length promises; it
      // also takes the URL-safe '-' and '_', which are not ours. (A regex
      // costs ~3 µs per 20 ms delta; this ~30 ns, and allocates nothing.)
      const written = node.write(text, offset, length, "base64");
      if (written !== length || text.indexOf("-") >= 0 || text.indexOf("_") >= 0) throw notBase64(text, name);
    } else {
      if (!BASE64.test(text)) throw notBase64(text, name);
      this.bytes.set(bytesFromBase64(text), offset);
    }
  }

  /** Base64 of bytes [start, end). */
  encode(start: number, end: number): string {
    if (this.#node !== undefined) return this.#node.toString("base64", start, end);
    const view = this.bytes.subarray(start, end) as Uint8Array & { toBase64?: () => string };
    if (typeof view.toBase64 === "function") return view.toBase64();
    let binary = "";
    for (let i = 0; i < view.length; i++) binary += String.fromCharCode(view[i]);
    return btoa(binary);
  }
}
