// Writes seed inputs for the share and embed fuzz targets, made from the conformance corpus:
// share links in every form the page reads, and host messages of every type.
// Usage: node fuzz/seeds.mjs CASES_DIR OUT_DIR (writes OUT_DIR/share/ and OUT_DIR/embed/).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";

const [casesDir, outDir] = process.argv.slice(2);
const texts = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".yml")) texts.push(readFileSync(path, "utf8"));
  }
})(casesDir);
// Every 8th case: enough variety, and a corpus libFuzzer loads in a second.
const sample = texts.filter((_, i) => i % 8 === 0);

const compressed = (text) => deflateRawSync(Buffer.from(text, "utf8"), { level: 9 }).toString("base64url");
const share = [];
for (const text of sample) {
  share.push(`https://dstack.example/playground/#c=${compressed(text)}`);
  share.push(`#yaml=${encodeURIComponent(text)}&view=json`);
  share.push(`view=offers&c=${compressed(text)}`);
}
share.push("#c=", "#yaml=%E2%82", "#c=AAAA", "#c=%%", "#other=1&yaml=type%3A%20task%0A", "#c=" + "A".repeat(4096));

const PREFIX = "dstack-playground:";
const embed = [];
for (const text of sample) embed.push({ type: `${PREFIX}set-text`, version: 2, text });
for (const readonly of [true, false, null])
  for (const view of ["none", "problems", "json", "effective", "offers", "all", null])
    for (const theme of ["light", "dark", "auto", 1])
      embed.push({ type: `${PREFIX}set-options`, version: 2, options: { readonly, view, theme } });
embed.push(
  { type: `${PREFIX}get-result`, version: 2 },
  { type: `${PREFIX}get-result`, version: 2, normalized: true },
  { type: `${PREFIX}get-result`, version: 2.5, normalized: 1 },
  { type: `${PREFIX}set-text`, version: "1", text: ["a"], html: "<b>" },
  { type: `${PREFIX}ready`, version: 2, options: {} },
  { type: `${PREFIX}eval`, version: 2 },
  { type: "webpackHotUpdate" },
  [PREFIX, 1, { a: [null, true, -0.0, 1e308, "\u2028"] }],
);

for (const [target, inputs] of [["share", share], ["embed", embed.map((m) => JSON.stringify(m))]]) {
  const dir = join(outDir, target);
  mkdirSync(dir, { recursive: true });
  inputs.forEach((input, i) => writeFileSync(join(dir, `seed-${String(i).padStart(4, "0")}`), input));
}
console.log(`seeds: ${share.length} share links, ${embed.length} embed messages in ${outDir}`);
