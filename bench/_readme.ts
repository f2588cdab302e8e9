// Splices a generated report into README.md between
// <!-- name:start --> and <!-- name:end -->, so the README's tables are
// always what the project's own scripts printed.

import { readFileSync, writeFileSync } from "node:fs";

export function spliceIntoReadme(name: string, content: string): void {
  const path = new URL("../README.md", import.meta.url);
  const readme = readFileSync(path, "utf8");
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) {
    process.stderr.write(`README.md has no ${start} … ${end} block; not updated\n`);
    return;
  }
  writeFileSync(path, readme.slice(0, from + start.length) + "\n" + content.trim() + "\n" + readme.slice(to));
}
