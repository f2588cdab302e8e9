// A CommonJS TypeScript consumer (`require`), type-checked under nodenext:
// it must get the require condition's types (index.d.cts). Never run.
import telaudio = require("telaudio");

export function decode(codes: Uint8Array): Int16Array {
  telaudio.initSync();
  const up = new telaudio.Resampler({ from: 8000, to: 16000 });
  // @ts-expect-error: not a preset
  new telaudio.Resampler({ from: 8000, to: 16000, quality: "best" });
  return up.process(telaudio.ulawDecode(codes));
}
