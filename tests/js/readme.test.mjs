// The README's build-time check (check-docs.mjs) works as shown: run as written, on Markdown files.
// Needs `scripts/build-js.sh` first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { readmeBlock } from "./readme-blocks.mjs";

const MODULE = new URL("../../target/js/index.js", import.meta.url).href;

test("check-docs.mjs from the README prints each problem at its line and fails on errors", () => {
  const script = readmeBlock("tests/js/readme.test.mjs runs this block");
  assert.ok(script.includes('from "./target/js/index.js"'), "the README imports the module as documented");
  const dir = mkdtempSync(path.join(tmpdir(), "check-docs-"));
  // Run from a docs checkout elsewhere: only the module's location differs from the README.
  writeFileSync(path.join(dir, "check-docs.mjs"), script.replace('"./target/js/index.js"', JSON.stringify(MODULE)));
  writeFileSync(path.join(dir, "good.md"), "# Good\n\n```yaml\ntype: task\ncommands: [python train.py]\n```\n");
  writeFileSync(
    path.join(dir, "bad.md"),
    "# Bad\n\nSome text.\n\n```yml\ntype: task\ncommands: [ls]\nports:\n  - 22:22\nspot_polcy: auto\n```\n\n"
      + "```yaml\ntype: task\nnodes: 2\n```\n",
  );
  const run = (...files) => spawnSync(process.execPath, ["check-docs.mjs", ...files], { cwd: dir, encoding: "utf8" });

  const good = run("good.md");
  assert.deepEqual([good.status, good.stdout, good.stderr], [0, "", ""]);

  const bad = run("good.md", "bad.md");
  assert.equal(bad.stderr, "");
  assert.equal(
    bad.stdout,
    "bad.md:9:5: warning W002 unquoted `22:22` is the base-60 number 1342 in YAML 1.1, so dstack exposes port 1342, not a mapping\n"
      + "bad.md:10:1: error E102 unknown key `spot_polcy` in a task\n"
      + "bad.md:14:1: error E118 the task has nothing to run: set `commands` or `image`\n",
  );
  assert.equal(bad.status, 1);
});
