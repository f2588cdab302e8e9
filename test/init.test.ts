import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { expectSameValues } from "./_assert.js";
import { allSamples, expectedCodes, expectedDecodeTable } from "./_itu-vectors.js";

type Telaudio = typeof import("telaudio");

const releaseBytes = new Uint8Array(readFileSync(new URL("../dist/telaudio.wasm", import.meta.url)));
const debugBytes = new Uint8Array(readFileSync(new URL("../dist/telaudio.debug.wasm", import.meta.url)));
const allCodes = Uint8Array.from({ length: 256 }, (_, code) => code);

/** A copy of the package that has never been initialised. */
async function freshTelaudio(): Promise<Telaudio> {
  vi.resetModules();
  return import("telaudio");
}

function expectWorking(telaudio: Telaudio): void {
  expectSameValues(telaudio.ulawEncode(allSamples), expectedCodes("ulaw"));
  expectSameValues(telaudio.alawEncode(allSamples), expectedCodes("alaw"));
  expectSameValues(telaudio.ulawDecode(allCodes), expectedDecodeTable("ulaw"));
  expectSameValues(telaudio.alawDecode(allCodes), expectedDecodeTable("alaw"));
}

describe("before init, every function says to call init()", () => {
  let telaudio: Telaudio;
  beforeEach(async () => {
    telaudio = await freshTelaudio();
  });

  it.each(["ulawDecode", "alawDecode", "ulawEncode", "alawEncode"] as const)("%s", (name) => {
    const call = () => telaudio[name](new Uint8Array(2) as never);
    expect(call).toThrow(Error);
    expect(call).toThrow(/call `await init\(\)`/);
  });
});

describe("init and initSync load the wasm, from the embedded copy or from what the caller passes", () => {
  it("init() with no argument uses the embedded wasm", async () => {
    const telaudio = await freshTelaudio();
    await telaudio.init();
    expectWorking(telaudio);
  });

  it("initSync() with no argument uses the embedded wasm", async () => {
    const telaudio = await freshTelaudio();
    telaudio.initSync();
    expectWorking(telaudio);
  });

  it("init(module) takes a compiled WebAssembly.Module (for runtimes that refuse bytes)", async () => {
    const telaudio = await freshTelaudio();
    await telaudio.init(new WebAssembly.Module(releaseBytes));
    expectWorking(telaudio);
  });

  it("initSync(bytes) takes the .wasm bytes, as an ArrayBuffer or a view", async () => {
    const telaudio = await freshTelaudio();
    telaudio.initSync(releaseBytes.slice().buffer);
    expectWorking(telaudio);
  });

  it("the debug build (assertions on) is bit-exact too", async () => {
    const telaudio = await freshTelaudio();
    await telaudio.init(debugBytes);
    expectWorking(telaudio);
  });

  it("is idempotent: repeated and concurrent calls share one instance", async () => {
    const telaudio = await freshTelaudio();
    const first = telaudio.init();
    const second = telaudio.init();
    expect(second).toBe(first);
    await first;
    telaudio.initSync();
    await telaudio.init(new WebAssembly.Module(releaseBytes));
    expectWorking(telaudio);
  });

  it.each([["a string"], [42], [null], [[0, 97, 115, 109]]])("rejects source %o with a TypeError naming source", async (source) => {
    const telaudio = await freshTelaudio();
    await expect(telaudio.init(source as never)).rejects.toThrow(/^source must be/);
    expect(() => telaudio.initSync(source as never)).toThrow(TypeError);
    expect(() => telaudio.ulawDecode(new Uint8Array(1))).toThrow(/not initialised/);
    await telaudio.init();
    expectWorking(telaudio);
  });

  it("a failed init (bytes that are not wasm) can be retried", async () => {
    const telaudio = await freshTelaudio();
    await expect(telaudio.init(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow();
    expect(() => telaudio.ulawDecode(new Uint8Array(1))).toThrow(/not initialised/);
    await telaudio.init();
    expectWorking(telaudio);
  });
});
