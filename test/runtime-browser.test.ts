// A real browser: Debian's Chromium, headless, driven by playwright-core,
// loading the ESM bundle dist/index.js from a local HTTP server (127.0.0.1,
// ephemeral port) and running checks.mjs in the page and in a module worker.
// There is no Buffer there: base64 goes through Uint8Array.fromBase64/toBase64
// or, when those are taken away, atob/btoa. Every result must equal Node's.
//
// Without chromium (or playwright-core) the tests are skipped with the reason,
// except under CI=true, where .ci/run installs chromium and they must run.

import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as telaudio from "telaudio";
import { nonCanonicalBase64, runChecks, type CheckResult } from "./runtimes/checks.mjs";
import { expectSameResults } from "./runtimes/compare.js";

const CHROMIUM = process.env.TELAUDIO_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

type Playwright = typeof import("playwright-core");
type Browser = Awaited<ReturnType<Playwright["chromium"]["launch"]>>;
type Page = Awaited<ReturnType<Browser["newPage"]>>;

const playwright: Playwright | undefined = await import("playwright-core").catch(() => undefined);
const missing = !existsSync(CHROMIUM)
  ? `no chromium at ${CHROMIUM} (apt-get install -y chromium, or set TELAUDIO_CHROMIUM)`
  : playwright === undefined
    ? "playwright-core is not installed (a dev dependency)"
    : undefined;

/** What the server hands out: the bundle, the wasm, the page and its scripts; nothing else. */
const FILES: Record<string, [URL, string]> = {
  "/": [new URL("./runtimes/page.html", import.meta.url), "text/html; charset=utf-8"],
  "/dist/index.js": [new URL("../dist/index.js", import.meta.url), "text/javascript"],
  "/dist/telaudio.wasm": [new URL("../dist/telaudio.wasm", import.meta.url), "application/wasm"],
  "/runtimes/checks.mjs": [new URL("./runtimes/checks.mjs", import.meta.url), "text/javascript"],
  "/runtimes/browser-worker.mjs": [new URL("./runtimes/browser-worker.mjs", import.meta.url), "text/javascript"],
};

function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const file = FILES[new URL(request.url ?? "/", "http://127.0.0.1").pathname];
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": file[1], "cache-control": "no-store" }).end(readFileSync(file[0]));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

const expected = new Map<number, CheckResult>();
function nodeResult(seed: number): CheckResult {
  if (!expected.has(seed)) expected.set(seed, runChecks(telaudio, seed));
  return expected.get(seed)!;
}

if (missing !== undefined && process.env.CI) {
  describe("a real browser (Chromium)", () => {
    it("runs in CI", () => {
      throw new Error(`the browser tests must run in CI, but ${missing}`);
    });
  });
} else if (missing !== undefined) {
  console.warn(`runtime-browser.test.ts skipped: ${missing}`);
  describe.skip(`a real browser (skipped: ${missing})`, () => {
    it("runs the checks in Chromium", () => {});
  });
} else {
  describe("a real browser (Chromium, headless): the ESM bundle, no Buffer, same results as Node", () => {
    let browser: Browser;
    let server: Server;
    let origin: string;

    beforeAll(async () => {
      telaudio.initSync();
      ({ server, origin } = await serve());
      browser = await playwright!.chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 30_000 });
    }, 40_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
    });

    /** A fresh page (so a fresh, uninitialised telaudio) that may reach nothing but our server. */
    async function openPage(initScript?: () => void): Promise<Page> {
      const context = await browser.newContext();
      await context.route(
        (url) => url.origin !== origin,
        (route) => route.abort(),
      );
      const page = await context.newPage();
      if (initScript !== undefined) await page.addInitScript(initScript);
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(String(error)));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => (window as { telaudioReady?: boolean }).telaudioReady === true, undefined, { timeout: 10_000 }).catch(() => {
        throw new Error(`the page did not load telaudio: ${errors.join("; ") || "no page error"}`);
      });
      return page;
    }

    interface PageRun {
      hasBuffer: boolean;
      fromBase64: string;
      beforeInit: string;
      result: CheckResult;
      nonCanonical: string[];
    }

    /** In the page: how it initialises (`how`), then checks.mjs with `seed`. */
    async function runInPage(page: Page, how: "init" | "init(module)" | "initSync", seed: number): Promise<PageRun> {
      try {
        return await inPage(page, how, seed);
      } finally {
        await page.context().close();
      }
    }

    function inPage(page: Page, how: "init" | "init(module)" | "initSync", seed: number): Promise<PageRun> {
      return page.evaluate(
        async ({ how, seed }) => {
          const w = window as unknown as { telaudio: typeof telaudio; runChecks: typeof runChecks; nonCanonicalBase64: typeof nonCanonicalBase64 };
          const t = w.telaudio;
          let beforeInit = "no error";
          try {
            t.ulawDecode(new Uint8Array(1));
          } catch (error) {
            beforeInit = (error as Error).message;
          }
          if (how === "init") await t.init();
          else if (how === "initSync") t.initSync();
          else await t.init(await WebAssembly.compileStreaming(fetch("/dist/telaudio.wasm")));
          return {
            hasBuffer: typeof (globalThis as { Buffer?: unknown }).Buffer !== "undefined",
            fromBase64: typeof (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64,
            beforeInit,
            result: w.runChecks(t, seed),
            nonCanonical: w.nonCanonicalBase64(t),
          };
        },
        { how, seed },
      );
    }

    interface Variant {
      name: string;
      seed: number;
      run(): Promise<{ hasBuffer: boolean; fromBase64?: string; beforeInit?: string; result: CheckResult; nonCanonical?: string[] }>;
    }

    const variants: Variant[] = [
      {
        name: "page, init() from the embedded copy, base64 by Uint8Array.fromBase64/toBase64",
        seed: 5,
        run: async () => runInPage(await openPage(), "init", 5),
      },
      {
        name: "page without Uint8Array.fromBase64/toBase64: base64 by atob/btoa",
        seed: 6,
        run: async () =>
          runInPage(
            await openPage(() => {
              delete (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64;
              delete (Uint8Array.prototype as unknown as { toBase64?: unknown }).toBase64;
            }),
            "init",
            6,
          ),
      },
      {
        name: "page, init(module) from WebAssembly.compileStreaming of the served .wasm",
        seed: 7,
        run: async () => runInPage(await openPage(), "init(module)", 7),
      },
      {
        name: "page, initSync() on the main thread",
        seed: 8,
        run: async () => runInPage(await openPage(), "initSync", 8),
      },
      {
        name: "module Web Worker, initSync()",
        seed: 9,
        run: async () => {
          const page = await openPage();
          const reply = await page
            .evaluate(
            (seed) =>
              new Promise<{ result?: CheckResult; error?: string; hasBuffer: boolean }>((resolve) => {
                const worker = new Worker("/runtimes/browser-worker.mjs", { type: "module" });
                worker.onmessage = (event) => resolve(event.data);
                worker.onerror = (event) => resolve({ error: `worker error: ${event.message}`, hasBuffer: false });
                worker.postMessage({ seed });
              }),
              9,
            )
            .finally(() => page.context().close());
          if (reply.error !== undefined) throw new Error(reply.error);
          return { hasBuffer: reply.hasBuffer, result: reply.result! };
        },
      },
    ];
    const runs = new Map<string, Awaited<ReturnType<Variant["run"]>>>();

    beforeAll(async () => {
      for (const variant of variants) runs.set(variant.name, await variant.run());
    }, 60_000);

    describe("loads and runs with no Buffer, in pages and in a worker, with every way to init", () => {
      it.each(variants.map((v) => [v.name, v] as const))("%s", (_, variant) => {
        const run = runs.get(variant.name)!;
        expect(run.hasBuffer).toBe(false);
        if (run.beforeInit !== undefined) expect(run.beforeInit).toMatch(/call `await init\(\)`/);
        if (variant.seed === 6) expect(run.fromBase64).toBe("undefined");
        const ulaw = run.result.ulawDecode as number[];
        const alaw = run.result.alawDecode as number[];
        expect([ulaw[0x00], ulaw[0xff], ulaw[0x80], alaw[0xd5], alaw[0x55]]).toEqual([-32124, 0, 32124, 8, -8]);
      });
    });

    // Every preset included: the filter design uses src/design/portable-math.ts,
    // not the engine's Math (whose last bits differ between V8 builds and once
    // made low-latency streams differ by ±1 LSB here).
    describe("G.711, resampling in every preset, fused paths, message helpers, errors: bit-identical to Node", () => {
      it.each(variants.map((v) => [v.name, v] as const))("%s", (_, variant) => {
        expectSameResults(runs.get(variant.name)!.result, nodeResult(variant.seed), `Chromium ${variant.name}`);
      });
    });

    // README: base64 must be standard and padded (RFC 4648 §4); the bits
    // after the last byte ("YR==", "YWJ=") are not checked, by any path.
    // Whatever the rule, it must be the same with and without Buffer.
    it("base64 whose padding bits are set gets the same answer as in Node (Buffer, fromBase64 and atob paths)", () => {
      const node = nonCanonicalBase64(telaudio);
      for (const variant of variants.filter((v) => runs.get(v.name)!.nonCanonical !== undefined)) {
        expect(runs.get(variant.name)!.nonCanonical, variant.name).toEqual(node);
      }
    });
  });
}
