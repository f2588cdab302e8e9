// Types for checks.mjs (plain JS so that browsers and workerd run it as is).
export type CheckResult = Record<string, number | number[] | string[]>;
export function generator(seed: number): () => number;
export function signal(seed: number, count: number, rate: number): Int16Array;
export function toBase64(bytes: Uint8Array): string;
export function pcmBytesAt(samples: Int16Array, offset: number): Uint8Array;
export function runChecks(telaudio: typeof import("telaudio"), seed?: number): CheckResult;
export function nonCanonicalBase64(telaudio: typeof import("telaudio")): string[];
