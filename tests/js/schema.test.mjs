// The JSON Schemas of `dstack-check --schema` (schemas/) against dstack's own
// (`DstackConfiguration.model_json_schema()` for 0.22.5, `.schema_json()` for 0.18.37, committed
// under tests/schema/), measured with ajv on the conformance corpus. Each case is the JSON of
// PyYAML's `safe_load` (tests/schema/corpus-json.jsonl): what dstack reads, YAML 1.1 included
// (`on` is `true` there; an editor's YAML 1.2 parser reads a string, which the schemas allow where
// dstack does; tests/schema/corpus-json-yaml12.jsonl has that reading). Every file dstack accepts
// must validate against ours; of the files dstack rejects, each schema catches a share, asserted
// exactly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020.js";

import { parsePythonJson } from "./python-json.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (p) => readFileSync(root + p, "utf8");
const lines = (p) => read(p).split("\n").filter((l) => l !== "").map(parsePythonJson);

const corpus = lines("tests/schema/corpus-json.jsonl");

/** dstack's verdict per file under `version` (the rejudged 0.18.37 lines replace theirs). */
function verdicts(version) {
  const expected = version === "0.22.5" ? "expected-0.22.5.jsonl" : "expected.jsonl";
  const out = new Map(lines(`tests/conformance/${expected}`).map((l) => [l.file, l]));
  if (version === "0.18.37") {
    for (const l of lines("tests/conformance/expected-0.18.37-rejudged.jsonl")) out.set(l.file, l);
  }
  return out;
}

function validator(schema) {
  const ajv = schema.$schema?.includes("2020-12") ? new Ajv2020({ strict: false }) : new Ajv({ strict: false });
  return ajv.compile(schema);
}

/** How many of the accepted and rejected files each schema lets through or catches. */
function measure(version) {
  const ours = validator(JSON.parse(read(`schemas/dstack-${version}.json`)));
  const own = validator(JSON.parse(read(`tests/schema/dstack-own-${version}.json`)));
  const verdict = verdicts(version);
  const m = { accepted: 0, oursValid: 0, ownValid: 0, rejected: 0, oursCatches: 0, ownCatches: 0, missed: [] };
  for (const { file, json } of corpus) {
    const ok = verdict.get(file).ok;
    const [a, b] = [ours(json), own(json)];
    if (ok) {
      m.accepted += 1;
      m.oursValid += a ? 1 : 0;
      m.ownValid += b ? 1 : 0;
      if (!a) m.missed.push(`${file}: ${JSON.stringify(ours.errors?.[0])}`);
    } else {
      m.rejected += 1;
      m.oursCatches += a ? 0 : 1;
      m.ownCatches += b ? 0 : 1;
    }
  }
  return m;
}

const percent = (n, d) => `${((100 * n) / d).toFixed(1)}%`;

for (const [version, expected] of [
  ["0.18.37", { accepted: 612, ownValid: 0, rejected: 506, oursCatches: 500, ownCatches: 506 }],
  ["0.22.5", { accepted: 707, ownValid: 626, rejected: 411, oursCatches: 401, ownCatches: 245 }],
]) {
  test(`dstack ${version}: every accepted file validates; the rejected files each schema catches`, () => {
    const m = measure(version);
    assert.deepEqual(m.missed, []);
    assert.equal(m.oursValid, m.accepted);
    const { missed, oursValid, ...figures } = m;
    assert.deepEqual(figures, { ...expected });
    console.log(
      `dstack ${version}: accepted ${m.accepted}: ours ${percent(oursValid, m.accepted)} valid, ` +
        `dstack's own ${percent(m.ownValid, m.accepted)}; rejected ${m.rejected}: ours catches ` +
        `${percent(m.oursCatches, m.rejected)}, dstack's own ${percent(m.ownCatches, m.rejected)}`,
    );
  });
}

test("our schemas are valid draft 2020-12 and compile in ajv's strict mode", () => {
  for (const version of ["0.18.37", "0.22.5"]) {
    const schema = JSON.parse(read(`schemas/dstack-${version}.json`));
    // strictTypes would want `type` beside every bound; bounds apply to numbers only by design.
    const ajv = new Ajv2020({ strict: true, strictTypes: false, allowUnionTypes: true });
    assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
    assert.doesNotThrow(() => ajv.compile(schema));
  }
});

test("read as YAML 1.2, as an editor reads it, an accepted file fails only on a YAML 1.1 trap", () => {
  const yaml12 = lines("tests/schema/corpus-json-yaml12.jsonl");
  const differs = yaml12.filter((c, i) => JSON.stringify(c.json) !== JSON.stringify(corpus[i].json)).map((c) => c.file);
  assert.equal(differs.length, 19);
  // dstack accepts these only because YAML 1.1 reads `1:30:00` as 5400, `1:30` as 90, `80:00` as
  // 4800 and `off` as false; as text (quoted, or in YAML 1.2) dstack rejects them (`gpu: "1:30"`
  // is two counts, `port: "80:00"` container port 0, 0.18.37's `idle_duration: "off"` no
  // duration), and so does the schema in an editor.
  const traps = {
    "0.18.37": [
      "cases/fleet/idle-off.yml",
      "cases/gpu/gpu-sexagesimal.yml",
      "cases/prof/id-off-unquoted.yml",
      "cases/prof/md-sexagesimal.yml",
      "cases/prof/retry-obj-dur-off.yml",
      "cases/prof/tit-off.yml",
      "cases/service/port-sexagesimal.yml",
    ],
    "0.22.5": ["cases/gpu/gpu-sexagesimal.yml", "cases/prof/md-sexagesimal.yml", "cases/prof/retry-obj-dur-off.yml"],
  };
  for (const version of ["0.18.37", "0.22.5"]) {
    const ours = validator(JSON.parse(read(`schemas/dstack-${version}.json`)));
    const verdict = verdicts(version);
    const invalid = yaml12.filter((c) => verdict.get(c.file).ok && !ours(c.json)).map((c) => c.file);
    assert.deepEqual(invalid, traps[version], version);
  }
});

test("the corpus JSON is what PyYAML reads, YAML 1.1 included", () => {
  assert.equal(corpus.length, 1118);
  assert.equal(new Set(corpus.map((c) => c.file)).size, 1118);
  const json = (file) => corpus.find((c) => c.file === file).json;
  assert.deepEqual(json("cases/misc/ports-sexagesimal.yml").ports, [1342]);
  assert.equal(json("cases/root/priv-yes.yml").privileged, true);
});

test("the schemas' rules take what dstack takes: the probe cases judged by dstack", () => {
  // tests/schema/rules-cases.jsonl: GPU and CPU specs, users, mounts, ports, files, repos,
  // durations, groups, replicas and scaling, presets, each with both releases' verdicts (`true`,
  // or dstack's first message), as the oracle gave them.
  const cases = lines("tests/schema/rules-cases.jsonl");
  const expected = {
    "0.18.37": { accepted: 166, caught: 202, rejected: 210 },
    "0.22.5": { accepted: 241, caught: 122, rejected: 135 },
  };
  for (const version of ["0.18.37", "0.22.5"]) {
    const ours = validator(JSON.parse(read(`schemas/dstack-${version}.json`)));
    const refused = cases.filter((c) => c[version] === true && !ours(c.json)).map((c) => c.yaml);
    assert.deepEqual(refused, [], version);
    const rejected = cases.filter((c) => c[version] !== true);
    const caught = rejected.filter((c) => !ours(c.json)).length;
    const figures = { accepted: cases.length - rejected.length, caught, rejected: rejected.length };
    assert.deepEqual(figures, expected[version], version);
  }
});
