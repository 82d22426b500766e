// Reads the CLI's JSON lines, which follow Python's `json.dumps` (as dstack's own output does):
// bare `Infinity`, `-Infinity` and `NaN` are numbers there, but `JSON.parse` rejects them.

const TOKENS = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;
const MARK = "\u0000";

/** `JSON.parse` that also accepts Python's non-finite numbers outside strings. */
export function parsePythonJson(text) {
  const quoted = text.replace(TOKENS, (token) => (token.startsWith('"') ? token : `"\\u0000${token}"`));
  return JSON.parse(quoted, (_key, value) =>
    typeof value === "string" && value.startsWith(MARK) ? Number(value.slice(1)) : value,
  );
}
