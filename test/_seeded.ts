// Seeds for the property tests: fixed by default (CI reruns the same cases),
// TELAUDIO_SEED=<integer> to explore others. Every failure names the seed and
// the one line that reproduces it.

/** The run's seed: TELAUDIO_SEED if set, else a fixed one. */
export const SEED = parseSeed(process.env.TELAUDIO_SEED);

function parseSeed(text: string | undefined): number {
  if (text === undefined || text === "") return 20261202;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`TELAUDIO_SEED must be an integer, got '${text}'`);
  return seed;
}

/** A 32-bit FNV-1a hash of `text` mixed with `seed`: one seed per test name, so one test replays alone. */
export function derivedSeed(seed: number, text: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** mulberry32: a small, well-mixed 32-bit PRNG. */
export interface Rng {
  /** Uniform in [0, 1). */
  (): number;
  /** Integer uniform in [min, max]. */
  int(min: number, max: number): number;
}

export function rng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (() => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }) as Rng;
  next.int = (min, max) => min + Math.floor(next() * (max - min + 1));
  return next;
}

/**
 * A test body given its own PRNG (seeded from SEED and `name`); a failure's
 * message gains the seed and the command that reruns just this test.
 */
export function seeded(file: string, name: string, body: (random: Rng) => void): () => void {
  return () => {
    try {
      body(rng(derivedSeed(SEED, name)));
    } catch (error) {
      if (error instanceof Error) {
        error.message += `\n  seed ${SEED}; reproduce: TELAUDIO_SEED=${SEED} npx vitest run ${file} -t '${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}'`;
      }
      throw error;
    }
  };
}
