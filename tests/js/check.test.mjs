// The wasm `check` must return exactly what `dstack-check --format json` prints for the same text.
// Needs `scripts/build-js.sh` first (it builds target/js/ and the native CLI it compares with).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { check, complete, defaultDstackVersion, dstackVersions, hover } from "../../target/js/index.js";
import { parsePythonJson } from "./python-json.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = path.join(root, "target/js/bin/dstack-check");

/** Every conformance case, as paths relative to the repository root (how the CLI is given them). */
function conformanceCases() {
  const dir = "tests/conformance/cases";
  return readdirSync(path.join(root, dir), { recursive: true })
    .filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))
    .map((name) => path.posix.join(dir, name.split(path.sep).join("/")))
    .sort();
}

/** Runs the native CLI from the repository root; exit 0 or 1 (some files have errors) is expected. */
function runCli(args, input) {
  const result = spawnSync(cli, args, { cwd: root, input, encoding: "utf8", maxBuffer: 1 << 28 });
  assert.ok(result.status === 0 || result.status === 1, `dstack-check exited ${result.status}: ${result.stderr}`);
  return result.stdout.split("\n").filter((line) => line !== "").map(parsePythonJson);
}

for (const [label, flags, options] of [
  ["plain", [], {}],
  ["--effective --offers", ["--effective", "--offers"], { effective: true, offers: true }],
  ["--dstack-version 0.18.37", ["--dstack-version", "0.18.37"], { dstack: "0.18.37" }],
  [
    "--dstack-version 0.18.37 --effective --offers",
    ["--dstack-version", "0.18.37", "--effective", "--offers"],
    { dstack: "0.18.37", effective: true, offers: true },
  ],
]) {
  test(`check equals the CLI's JSON line for every conformance case (${label})`, () => {
    const files = conformanceCases();
    assert.ok(files.length > 500, `only ${files.length} cases found`);
    const lines = runCli(["--format", "json", ...flags, ...files]);
    assert.equal(lines.length, files.length);
    files.forEach((file, i) => {
      const text = readFileSync(path.join(root, file), "utf8");
      assert.deepStrictEqual(check(text, { ...options, file }), lines[i], file);
    });
  });
}

test("without options, check is `dstack-check -` on standard input", () => {
  const text = "type: task\ncommands:\n  - echo hi\n";
  const [line] = runCli(["--format", "json", "-"], text);
  assert.deepStrictEqual(check(text), line);
  assert.deepStrictEqual(check(text, null), line);
  assert.equal(line.file, "-");
});

test("non-ASCII text crosses into the module intact, wherever it starts (scripts/fast-strings.mjs)", () => {
  // The glue first copies as many UTF-16 units as there are bytes; a text whose non-ASCII starts
  // at the end of that room, or straddles it with a surrogate pair, must arrive whole.
  const head = "type: task\nname: x\ncommands:\n  - echo ";
  const texts = ["é", "😀", "日本語", "a😀b", "é😀日"].flatMap((word) =>
    [0, 1, 2, 5].map((pad) => `${head}${"x".repeat(pad)}${word}${"y".repeat(40)}\nenv: [ \u00e9=${word}]\n`),
  );
  texts.push(`# ${"😀".repeat(300)}\ntype: task\ncommands: [é]\n`, "é", "", "\u{10FFFF}: 1\n");
  for (const text of texts) {
    const [line] = runCli(["--format", "json", "-"], text);
    assert.deepStrictEqual(check(text), line, JSON.stringify(text));
  }
  assert.match(JSON.stringify(check(`${head}日本語\n`).normalized), /echo 日本語/);
});

test("the result has the documented shape", () => {
  const result = check("type: task\ncommands: [echo]\n", { file: "snippet.yml" });
  assert.deepStrictEqual(Object.keys(result), [
    "file",
    "dstack_version",
    "parsed",
    "normalized",
    "effective",
    "diagnostics",
  ]);
  assert.equal(result.file, "snippet.yml");
  assert.equal(result.dstack_version, "0.22.5");
  assert.equal(typeof result.parsed, "boolean");
  assert.ok(Array.isArray(result.diagnostics));
  assert.equal(result.effective, null);
});

test("a diagnostic with a safe fix carries its edits (YAML stage first); one without has no `fixes` key", () => {
  const result = check("type: task\nimage: ubuntu\ncomands: [echo]\nports: [22:22]\n");
  assert.deepStrictEqual(
    result.diagnostics.map((d) => [d.code, d.fixes]),
    [
      [
        "W002",
        [
          {
            title: "Quote `22:22` as text",
            edits: [{ start: { line: 4, column: 9 }, end: { line: 4, column: 14 }, text: '"22:22"' }],
          },
        ],
      ],
      [
        "E102",
        [
          {
            title: "Rename to `commands`",
            edits: [{ start: { line: 3, column: 1 }, end: { line: 3, column: 8 }, text: "commands" }],
          },
        ],
      ],
    ],
  );
  assert.equal("fixes" in check("type: task\ncommands: [x]\nfoo: 1\n").diagnostics[0], false);
});

test("types.d.ts declares every key of a fix and an edit, in order", () => {
  const types = readFileSync(path.join(root, "target/js/node/dstack_wasm.d.ts"), "utf8");
  const [d] = check("type: task\nimage: ubuntu\ncomands: [echo]\n").diagnostics;
  assert.deepStrictEqual(members(types, "Diagnostic").slice(-2), ["dstack", "fixes"]);
  assert.deepStrictEqual(members(types, "Fix"), Object.keys(d.fixes[0]));
  assert.deepStrictEqual(members(types, "Edit"), Object.keys(d.fixes[0].edits[0]));
});

test("options are validated", () => {
  const cases = [
    [{ ofers: true }, "invalid check options: unknown option `ofers`, expected `offers`, `effective`, `file` or `dstack`"],
    ["offers", "invalid check options: expected an object like `{ offers: true }`"],
    [{ offers: "yes" }, 'invalid check options: invalid type: string "yes", expected a boolean'],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => check("type: task\n", options), { name: "Error", message });
  }
});

// Fields that came after 0.18.37 (`files`, an Arm CPU, which 0.22.5 runs only on an `image` of
// your own): errors under 0.18.37, valid under 0.22.5.
const NEWER = "type: task\nimage: ubuntu\ncommands: [echo hi]\nfiles: [data]\nresources:\n  cpu: arm:8\n";

/** `code@path` of each diagnostic. */
const codesAt = (result) => result.diagnostics.map((d) => `${d.code}@${d.path}`);

test("the supported releases and the default are exported", () => {
  assert.deepStrictEqual(dstackVersions(), ["0.18.37", "0.22.5"]);
  assert.equal(defaultDstackVersion(), "0.22.5");
  dstackVersions().push("9.9.9");
  assert.deepStrictEqual(dstackVersions(), ["0.18.37", "0.22.5"], "each call gives a fresh array");
});

test("types.d.ts lists exactly the supported releases", () => {
  const types = readFileSync(path.join(root, "target/js/node/dstack_wasm.d.ts"), "utf8");
  const union = types.match(/^export type DstackVersion = (.*);$/m);
  assert.ok(union, "types.d.ts declares DstackVersion");
  assert.deepStrictEqual(union[1].split(" | ").map((v) => JSON.parse(v)), dstackVersions());
});

/** The member names of an interface of the declarations, in order. */
function members(types, name) {
  const body = types.match(new RegExp(`^export interface ${name} \\{\\n([\\s\\S]*?)^\\}`, "m"));
  assert.ok(body, `types.d.ts declares ${name}`);
  return [...body[1].matchAll(/^ +(\w+)\??:/gm)].map((m) => m[1]);
}

test("types.d.ts declares every key of an estimate, in order", () => {
  const types = readFileSync(path.join(root, "target/js/node/dstack_wasm.d.ts"), "utf8");
  const estimate = check("type: task\ncommands: [ls]\n", { offers: true }).offers;
  assert.deepStrictEqual(members(types, "Estimate"), Object.keys(estimate));
  assert.deepStrictEqual(members(types, "Replicas"), ["min", "max", "price_min", "price_max"]);
  assert.deepStrictEqual([estimate.replicas, estimate.needs], [null, null], "a task has neither");
});

test("the dstack option chooses the release, the result names it; the default is the newest", () => {
  const old = check(NEWER, { dstack: "0.18.37" });
  assert.equal(old.dstack_version, "0.18.37");
  assert.equal(old.parsed, false);
  // I002: 0.22.5 accepts `cpu: arm:8` as written.
  assert.deepStrictEqual(codesAt(old), ["E102@files", "E104@resources.cpu", "I002@resources.cpu"]);

  for (const options of [undefined, {}, { dstack: "0.22.5" }, { dstack: undefined }, { dstack: null }]) {
    const result = check(NEWER, options);
    assert.equal(result.dstack_version, "0.22.5", JSON.stringify(options));
    assert.equal(result.parsed, true);
    assert.deepStrictEqual(codesAt(result), []);
    assert.deepStrictEqual(result.normalized.files, [{ local_path: "data", path: "data" }]);
    assert.deepStrictEqual(result.normalized.resources.cpu, { arch: "arm", count: { min: 8, max: 8 } });
  }
  assert.equal(check(NEWER, { dstack: "v0.18.37" }).dstack_version, "0.18.37", "a leading v is accepted");
  assert.equal(check(NEWER, { dstack: "0.18.37", offers: true }).offers, null);
  assert.equal(check(NEWER, { dstack: "0.22.5", offers: true }).offers.rejected, null);
});

test("the dstack option equals the CLI's --dstack-version on standard input", () => {
  for (const version of dstackVersions()) {
    const [line] = runCli(["--format", "json", "--dstack-version", version, "-"], NEWER);
    assert.deepStrictEqual(check(NEWER, { dstack: version }), line, version);
  }
});

test("an unknown release throws a RangeError naming the supported ones", () => {
  for (const dstack of ["0.19", "latest", ""]) {
    assert.throws(() => check("type: task\n", { dstack }), {
      name: "RangeError",
      message: `invalid check options: unknown dstack version \`${dstack}\`: supported versions are 0.18.37, 0.22.5`,
    });
  }
  assert.throws(() => check("type: task\n", { dstack: 0.22 }), {
    name: "Error",
    message: "invalid check options: invalid type: floating point `0.22`, expected a string",
  });
});

test("offers: an estimate for a valid configuration, null when it has errors, absent unless asked", () => {
  const valid = check("type: task\ncommands: [python train.py]\nresources:\n  gpu: A100:80GB:2\n", { offers: true });
  assert.deepStrictEqual(valid.diagnostics.filter((d) => d.severity === "error"), []);
  assert.deepStrictEqual(Object.keys(valid.offers).slice(0, 3), ["count", "price_min", "price_max"]);
  assert.ok(valid.offers.count > 0, JSON.stringify(valid.offers.funnel));
  assert.equal(valid.offers.cheapest[0].gpu_name, "A100");

  const invalid = check("type: task\ncommands: [x]\nnodes: 0\n", { offers: true });
  assert.equal(invalid.diagnostics[0].code, "E106");
  assert.equal(invalid.offers, null);
  assert.equal("offers" in check("type: task\ncommands: [x]\n"), false);
});

test("validating the YAML snippets of a Markdown page (the README recipe)", () => {
  const page = [
    "# Quickstart",
    "```yaml",
    "type: task",
    "commands:",
    "  - python train.py",
    "```",
    "Text.",
    "```yaml",
    "type: task",
    "resources:",
    "  gpus: 2",
    "commands: [nvidia-smi]",
    "```",
  ].join("\n");
  const problems = [];
  for (const match of page.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)) {
    const first = page.slice(0, match.index).split("\n").length + 1; // the snippet's first line in the page
    const { diagnostics } = check(match[1], { file: "quickstart.md" });
    for (const d of diagnostics.filter((d) => d.severity === "error")) {
      problems.push(`quickstart.md:${first + d.range.start.line - 1}:${d.range.start.column}: ${d.code}`);
    }
  }
  assert.deepStrictEqual(problems, ["quickstart.md:11:3: E102"]);
});

test("complete offers keys, values and catalog names at a UTF-16 offset", () => {
  // `é` and `😀` are 1 and 2 UTF-16 units: offsets are JS string indices.
  const text = "name: é😀\nspo";
  assert.deepStrictEqual(complete(text, text.length), {
    from: 10,
    to: 13,
    items: [{ label: "spot_policy", kind: "key", detail: "Spot or on-demand instances.", insert: "spot_policy: " }],
  });
  const gpu = "resources:\n  gpu: H1";
  assert.deepStrictEqual(complete(gpu, gpu.length).items[0], {
    label: "H100",
    kind: "value",
    detail: "80GB, 640GB · nvidia",
    insert: "H100",
  });
  const labels = (t, options) => complete(t, t.length, options).items.map((i) => i.label);
  assert.deepStrictEqual(labels("type: ", { dstack: "0.18.37" }), [
    "dev-environment", "task", "service", "fleet", "gateway", "volume",
  ]);
  assert.deepStrictEqual(labels("# spo"), []);
  assert.throws(() => complete("", 0, { dstack: "0.1" }), RangeError);
});

test("hover gives a key's doc and its range; null off any key", () => {
  const text = "type: task\ncommands: [echo]\nmax_duration: 2h\n";
  const result = hover(text, text.indexOf("max_duration") + 2);
  assert.deepStrictEqual(result.range, { start: { line: 3, column: 1 }, end: { line: 3, column: 13 } });
  assert.match(result.markdown, /^\*\*`max_duration`\*\*.*\n\nStop the run after this long; `off` never\./);
  // On a value: what dstack makes of it.
  const value = hover(text, text.indexOf("2h") + 1);
  assert.deepStrictEqual(value.range, { start: { line: 3, column: 15 }, end: { line: 3, column: 17 } });
  assert.match(value.markdown, /`7200`/);
  assert.equal(hover(text, text.length), null);
});
