// The README's tested examples: each follows an HTML comment that names the test running it.
import { readFileSync } from "node:fs";

const README = new URL("../../README.md", import.meta.url);

/** The body of the fenced code block right after the comment `<!-- {marker} -->` in README.md. */
export function readmeBlock(marker) {
  const readme = readFileSync(README, "utf8");
  const at = readme.indexOf(`<!-- ${marker} -->`);
  if (at < 0) throw new Error(`README.md has no <!-- ${marker} --> comment`);
  const block = /```[a-z]*\n([\s\S]*?)^```/m.exec(readme.slice(at));
  if (!block) throw new Error(`README.md has no code block after <!-- ${marker} -->`);
  return block[1];
}
