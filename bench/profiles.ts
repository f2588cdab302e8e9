// The message-level cost of each phone provider's framing on main (Twilio,
// Telnyx, Plivo), per 20 ms frame: parse one inbound media message and
// format one outbound media message, with the profile (strict field checks,
// typed events) against the naive JSON.parse / JSON.stringify a bridge
// writes by hand (no checks: a malformed frame becomes undefined further on).
// The payload is a real 160-byte μ-law frame, base64 (216 characters).
//
//   npm run build && npx tsx bench/profiles.ts        (or: npm run bench -- framing)

import { pathToFileURL } from "node:url";
import { PlivoProfile, TelnyxProfile, TwilioProfile, initSync, ulawEncode, type PhoneProfile } from "telaudio";
import { machineLine, markdownTable, runJob, type Job } from "./_harness.js";

// Inbound media and start messages in each provider's documented shape (as test/profiles.test.ts has them).
const TWILIO_SID = "MZ18ad3ab5a668481ce02b83e7395059f0";
const TELNYX_ID = "32DE0DEA-53CB-4B21-89A4-9E1819C043BC";
const PLIVO_ID = "87654321-4321-4321-4321-cba987654321";

interface Provider {
  name: string;
  profile: () => PhoneProfile;
  start: string;
  media: string;
  /** What a bridge writes by hand: read the payload, write the outbound media frame. */
  naive: { parse: (message: string) => unknown; format: (payload: string) => string };
}

/** Each provider's messages around `payload`. */
const providers = (payload: string): Provider[] => [
  {
    name: "Twilio",
    profile: () => new TwilioProfile(),
    start: JSON.stringify({ event: "start", sequenceNumber: "1", start: { accountSid: "AC123", streamSid: TWILIO_SID, callSid: "CA123", tracks: ["inbound"], mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 } }, streamSid: TWILIO_SID }),
    media: JSON.stringify({ event: "media", sequenceNumber: "3", media: { track: "inbound", chunk: "1", timestamp: "5", payload }, streamSid: TWILIO_SID }),
    naive: {
      parse: (message) => (JSON.parse(message) as { media: { payload: string } }).media.payload,
      format: (payload) => JSON.stringify({ event: "media", streamSid: TWILIO_SID, media: { payload } }),
    },
  },
  {
    name: "Telnyx",
    profile: () => new TelnyxProfile(),
    start: JSON.stringify({ event: "start", sequence_number: "1", stream_id: TELNYX_ID, start: { call_control_id: "v2:T02llQ", media_format: { encoding: "PCMU", sample_rate: 8000, channels: 1 } } }),
    media: JSON.stringify({ event: "media", sequence_number: "4", media: { track: "inbound", chunk: "2", timestamp: "5", payload }, stream_id: TELNYX_ID }),
    naive: {
      parse: (message) => (JSON.parse(message) as { media: { payload: string } }).media.payload,
      format: (payload) => JSON.stringify({ event: "media", media: { payload } }),
    },
  },
  {
    name: "Plivo",
    profile: () => new PlivoProfile(),
    start: JSON.stringify({ event: "start", sequenceNumber: 1, start: { callId: "12345678-1234", streamId: PLIVO_ID, accountId: "MAXX", tracks: ["inbound"], mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000 } } }),
    media: JSON.stringify({ event: "media", sequenceNumber: 42, streamId: PLIVO_ID, media: { track: "inbound", timestamp: "1705312200000", chunk: 41, payload } }),
    naive: {
      parse: (message) => (JSON.parse(message) as { media: { payload: string } }).media.payload,
      format: (payload) => JSON.stringify({ event: "playAudio", media: { contentType: "audio/x-mulaw", sampleRate: 8000, payload } }),
    },
  },
];

/**
 * What the model leg's format costs in base64 alone, per 20 ms frame each
 * way (decode what came, encode what goes): μ-law passed through (160 B)
 * against PCM16 at 24 kHz (960 B), with Node's Buffer.
 */
function modelPayloadJob(): Job {
  const ulaw = Buffer.alloc(160, 0x5a);
  const pcm = Buffer.alloc(960, 0x5a);
  const ulawText = ulaw.toString("base64");
  const pcmText = pcm.toString("base64");
  return {
    title: "model leg base64 per 20 ms frame, both ways (Buffer.from + toString)",
    batch: 50,
    alternatives: [
      { name: "μ-law 8k pass-through, 160 B", run: () => Buffer.from(ulawText, "base64").length + ulaw.toString("base64").length },
      { name: "PCM16 24k, 960 B", run: () => Buffer.from(pcmText, "base64").length + pcm.toString("base64").length },
    ],
  };
}

export function profileJobs(): Job[] {
  initSync();
  const payload = Buffer.from(ulawEncode(Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 3))))).toString("base64");
  return [...framingJobs(payload), modelPayloadJob()];
}

function framingJobs(payload: string): Job[] {
  return providers(payload).map(({ name, profile, start, media, naive }) => {
    const phone = profile();
    phone.parse(start);
    // The profile must read what the naive parse reads, or the rows compare different work.
    const event = phone.parse(media);
    if (event.type !== "media" || event.payload !== naive.parse(media)) throw new Error(`${name}: the profile and the naive parse disagree`);
    return {
      title: `${name} framing: parse one inbound media message + format one outbound (20 ms μ-law)`,
      batch: 50,
      alternatives: [
        { name: `telaudio ${name}Profile (parse + media)`, run: () => phone.media((phone.parse(media) as { payload: string }).payload) },
        { name: "JSON.parse + JSON.stringify by hand", run: () => naive.format(naive.parse(media) as string) },
      ],
    };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = [];
  for (const job of profileJobs()) rows.push(...(await runJob(job)));
  console.log(`${machineLine()}\n\n${markdownTable(rows)}`);
}
