import { test } from "node:test";
import assert from "node:assert/strict";

import { parsePythonJson } from "./python-json.mjs";

test("parsePythonJson reads non-finite numbers but leaves strings alone", () => {
  assert.deepStrictEqual(
    parsePythonJson('{"a": Infinity, "b": [-Infinity, NaN], "c": "Infinity \\" NaN", "d": 8.0}'),
    { a: Infinity, b: [-Infinity, NaN], c: 'Infinity " NaN', d: 8 },
  );
});
