// CodeMirror 6 glue for the playground: the only JavaScript besides the wasm loader.
// Narrow interface on `window.DstackEditor`; the Rust app owns all state and logic.
import { Annotation, Compartment, EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLineGutter, highlightSpecialChars, drawSelection,
  dropCursor, rectangularSelection, crosshairCursor, highlightActiveLine, tooltips, hoverTooltip,
} from "@codemirror/view";
import { history, isolateHistory, keys } from "./commands.js";
import { streamLanguage, bracketMatching, foldGutter, foldKeymap, foldService } from "./syntax.js";
import { lint, lintKeymap, setDiagnostics, withoutPopup } from "./lint.js";
import { search, searchKeymap } from "./search.js";
import { completion, completionOpen } from "./complete.js";

// CodeMirror injects its styles as <style> tags; the page's CSP (index.html) admits them by this nonce.
const STYLE_NONCE = "cm6dstackplayground";

// YAML 1.1 as PyYAML (and so dstack) reads it, line by line. A 40-line tokenizer instead of a
// full grammar keeps the page small; the Rust core does the real parsing.
const BOOL = /^(yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const NULL = /^(~|null|Null|NULL)$/;
const NUMBER = /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|([0-9][0-9_]*)?\.?[0-9_]+([eE][-+]?[0-9]+)?|\.(inf|Inf|INF|nan|NaN|NAN))$/;

const yamlLanguage = streamLanguage({
  startState: () => ({ flow: 0, block: -1, indent: 0 }),
  token(stream, state) {
    if (stream.sol()) {
      state.indent = stream.indentation();
      // Lines of a `|` / `>` block scalar: everything indented deeper than its key.
      if (state.block >= 0 && (state.indent > state.block || stream.match(/^\s*$/, false))) {
        stream.skipToEnd();
        return "string";
      }
      state.block = -1;
    }
    if (stream.eatSpace()) return null;
    const ch = stream.peek();
    if (ch === "#" && (stream.pos === 0 || /\s/.test(stream.string.charAt(stream.pos - 1)))) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.pos === 0 && (stream.match(/^(---|\.\.\.)(?=\s|$)/) || stream.match(/^%.*/))) return "meta";
    if (stream.match(/^[-?:](?=\s|$)/)) return "punctuation";
    if (stream.match(/^[[{]/)) { state.flow++; return "punctuation"; }
    if (stream.match(/^[\]}]/)) { state.flow = Math.max(0, state.flow - 1); return "punctuation"; }
    if (state.flow > 0 && stream.eat(",")) return "punctuation";
    if (stream.match(/^[&*][^\s,[\]{}]+/)) return "labelName";
    if (stream.match(/^![^\s,[\]{}]*/)) return "typeName";
    if (stream.match(/^[|>][-+0-9]*(?=\s*(#.*)?$)/)) { state.block = state.indent; return "meta"; }
    const isKey = () => stream.match(state.flow > 0 ? /^\s*:(?=[\s,\]}]|$)/ : /^\s*:(?=\s|$)/, false);
    if (ch === '"' || ch === "'") {
      stream.match(ch === '"' ? /^"(?:[^"\\]|\\.)*"?/ : /^'(?:[^']|'')*'?/);
      return isKey() ? "propertyName" : "string";
    }
    // A plain scalar ends at ": ", " #", and in flow collections at , [ ] { }.
    while (!stream.eol()) {
      if (stream.match(/^:(?=\s|$)/, false) || stream.match(/^\s+#/, false)) break;
      if (state.flow > 0 && (/[,[\]{}]/.test(stream.peek()) || stream.match(/^:(?=[,\]}])/, false))) break;
      stream.next();
    }
    const text = stream.current();
    const word = text.trimEnd();
    stream.backUp(text.length - word.length);
    if (isKey()) return "propertyName";
    if (BOOL.test(word)) return "bool";
    if (NULL.test(word)) return "null";
    return NUMBER.test(word) ? "number" : "string";
  },
});

const leadingSpaces = (text) => text.length - text.trimStart().length;

// Fold a line with everything indented deeper below it (and a key's sequence at its own indent).
const foldByIndent = foldService.of((state, from) => {
  const line = state.doc.lineAt(from);
  if (!line.text.trim() || !/:\s*(#.*)?$/.test(line.text) && !/^\s*- /.test(line.text)) return null;
  const indent = leadingSpaces(line.text);
  const isKey = /:\s*(#.*)?$/.test(line.text);
  let end = line.to;
  for (let n = line.number + 1; n <= state.doc.lines; n++) {
    const next = state.doc.line(n);
    if (!next.text.trim()) continue;
    const i = leadingSpaces(next.text);
    if (i < indent || (i === indent && !(isKey && /^\s*- /.test(next.text)))) break;
    end = next.to;
  }
  return end > line.to ? { from: line.to, to: end } : null;
});

const theme = EditorView.theme({
  "&": { height: "100%", color: "var(--fg)", backgroundColor: "var(--editor-bg)" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.55" },
  ".cm-content": { caretColor: "var(--accent)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--accent)" },
  ".cm-gutters": { backgroundColor: "var(--editor-bg)", color: "var(--muted)", border: "none" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)", color: "var(--fg)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--selection) !important",
  },
  ".cm-selectionMatch": { backgroundColor: "var(--selection-match)" },
  ".cm-panels": { backgroundColor: "var(--panel-bg)", color: "var(--fg)" },
  ".cm-panels.cm-panels-bottom": { borderTop: "1px solid var(--border)" },
  ".cm-tooltip": { backgroundColor: "var(--panel-bg)", color: "var(--fg)", border: "1px solid var(--border)" },
  ".cm-diagnostic": { fontFamily: "var(--sans)", maxWidth: "36em" },
  ".cm-hover-doc": { fontFamily: "var(--sans)", maxWidth: "36em", padding: "2px 8px" },
  ".cm-hover-doc p": { margin: "4px 0" },
  ".cm-tooltip.cm-tooltip-autocomplete > ul": { fontFamily: "var(--mono)" },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { backgroundColor: "var(--selection)", color: "var(--fg)" },
  ".cm-completionDetail": { color: "var(--muted)", fontStyle: "normal", marginLeft: "1em" },
  ".cm-completionInfo": { fontFamily: "var(--sans)", maxWidth: "28em" },
  ".cm-foldPlaceholder": { backgroundColor: "var(--chip-bg)", border: "none", color: "var(--muted)" },
  // Token colours (classes cm-y-<style> from syntax.js) are CSS variables, so one theme follows
  // the page's light/dark scheme (style.css).
  ".cm-y-propertyName": { color: "var(--syn-key)" },
  ".cm-y-string": { color: "var(--syn-string)" },
  ".cm-y-number, .cm-y-bool, .cm-y-null": { color: "var(--syn-literal)" },
  ".cm-y-comment": { color: "var(--syn-comment)", fontStyle: "italic" },
  ".cm-y-meta, .cm-y-typeName, .cm-y-labelName": { color: "var(--syn-meta)" },
  ".cm-y-punctuation": { color: "var(--syn-punct)" },
});

// The core breaks lines as PyYAML does; the editor breaks only at "\n" (see lineSeparator below).
// CodeMirror itself never breaks at U+0085, U+2028 or U+2029 (it shows them as special characters).
const LOADER_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/g;
const OTHER_BREAK = /[\r\u0085\u2028\u2029]/;

// The start and end (UTF-16 offsets) of every line as the core counts lines, or null when the
// core's lines are the editor's.
function loaderLines(doc) {
  const text = doc.toString();
  if (!OTHER_BREAK.test(text)) return null;
  const lines = [];
  let from = 0;
  for (const m of text.matchAll(LOADER_BREAK)) {
    lines.push({ from, to: m.index });
    from = m.index + m[0].length;
  }
  lines.push({ from, to: text.length });
  return { text, lines };
}

// The core's lines per document, computed once per document.
const loaderCache = new WeakMap();
function loaderLinesOf(doc) {
  if (!loaderCache.has(doc)) loaderCache.set(doc, loaderLines(doc));
  return loaderCache.get(doc);
}

// The gutter numbers lines as the core does: a line holding lone "\r" (or U+0085, U+2028, U+2029)
// breaks shows the range of the core's lines in it.
function formatLineNumber(n, state) {
  const loader = loaderLinesOf(state.doc);
  // CodeMirror also asks for numbers past the end, to size the gutter.
  if (!loader || n > state.doc.lines) return String(n);
  const line = state.doc.line(n);
  const first = loader.lines.findIndex((l) => l.to >= line.from) + 1;
  let last = first;
  while (last < loader.lines.length && loader.lines[last].from <= line.to) last++;
  return first === last ? String(first) : `${first}–${last}`;
}

// Core columns count Unicode scalar values; CodeMirror offsets count UTF-16 units.
function offsetOf(doc, loader, line, column) {
  const lines = loader ? loader.lines.length : doc.lines;
  if (line > lines) return doc.length;
  const l = loader ? loader.lines[Math.max(line, 1) - 1] : doc.line(Math.max(line, 1));
  const text = loader ? loader.text.slice(l.from, l.to) : l.text;
  let off = 0;
  for (let c = 1; c < column && off < text.length; c++) {
    off += text.codePointAt(off) > 0xffff ? 2 : 1;
  }
  return l.from + off;
}

// An empty range cannot carry a squiggle: widen it to the next character, else the previous one.
function rangeOf(doc, loader, r, i) {
  let from = offsetOf(doc, loader, r[i], r[i + 1]);
  let to = Math.max(from, offsetOf(doc, loader, r[i + 2], r[i + 3]));
  if (from === to) {
    if (to < doc.length && doc.sliceString(to, to + 1) !== "\n") to += 1;
    else if (from > 0 && doc.sliceString(from - 1, from) !== "\n") from -= 1;
  }
  return { from, to };
}

// Whether the reader may edit (embed `readonly=1`); reconfigured in place by setReadOnly.
const editability = new Compartment();
const locked = (readOnly) => [
  EditorState.readOnly.of(readOnly),
  EditorView.editable.of(!readOnly),
  EditorView.contentAttributes.of({ "aria-readonly": String(readOnly) }),
];

// Popups go to <body>: inside the editor's pane (CSS containment) they were cut off at its top,
// under the header. They open below a line when the space above it is the header's.
const popups = tooltips({
  parent: document.body,
  tooltipSpace: (view) => {
    const top = view.dom.getBoundingClientRect().top;
    return { top, left: 0, bottom: window.innerHeight, right: window.innerWidth };
  },
});

// Completion and hover docs come from the app (setAssist): one call per request, answered by the
// Rust core from the current text and the selected dstack version. Offsets are UTF-16 (the app
// converts them).
let assist = null;

// The app's answer at the main cursor: [from, to, then per item label, kind, detail, insert].
const completions = completion((state) => assist && assist.complete(state.doc.toString(), state.selection.main.head));

// Hover docs: the app's Markdown (paragraphs, `code`, **bold**) as DOM nodes, never as HTML.
function inline(parent, text) {
  for (const part of text.split(/(`[^`]+`|\*\*.+?\*\*)/)) {
    if (part.length > 1 && part.startsWith("`") && part.endsWith("`")) {
      parent.appendChild(document.createElement("code")).textContent = part.slice(1, -1);
    } else if (part.length > 3 && part.startsWith("**") && part.endsWith("**")) {
      inline(parent.appendChild(document.createElement("strong")), part.slice(2, -2));
    } else if (part) {
      parent.appendChild(document.createTextNode(part));
    }
  }
}

function renderMarkdown(markdown) {
  const dom = document.createElement("div");
  dom.className = "cm-hover-doc";
  for (const block of markdown.split(/\n\s*\n/)) inline(dom.appendChild(document.createElement("p")), block);
  return dom;
}

// The app's answer: [start line, start column, end line, end column, markdown], located as diagnostics are.
const hoverDocs = hoverTooltip((view, pos) => {
  const doc = view.state.doc;
  const r = assist && assist.hover(doc.toString(), pos);
  if (!r) return null;
  const loader = loaderLinesOf(doc);
  const from = offsetOf(doc, loader, r[0], r[1]);
  const to = Math.max(from, offsetOf(doc, loader, r[2], r[3]));
  return { pos: from, end: to, above: true, create: () => ({ dom: renderMarkdown(r[4]) }) };
});

// Typing is debounced by the app; pastes, drops, undo and loads are checked at once.
function isTyping(update) {
  return update.transactions.some((tr) => tr.isUserEvent("input.type") || tr.isUserEvent("delete"));
}

// The browser compiles a function at its first call and optimizes it once it is hot: the first
// keystroke after the page started took three times as long as the next ones, and missed frames.
// Shortly after the editor starts, a detached copy of it types a character and deletes it, unseen
// and unreported (the app warms up its own part, web/src/hooks.rs use_warm_up). Not once the text
// has changed (typing has compiled it by then), nor for a text longer than WARM_UP_MAX, which costs
// more to complete in than the compiling saves.
const warming = Annotation.define();
const WARM_UP_MS = 300;
const WARM_UP_MAX = 65536;
function warmUp(view, doc) {
  if (view.state.doc !== doc || doc.length > WARM_UP_MAX) return;
  // Without the problem popup: popups are shown in the page (not in the copy's detached element),
  // and one opened by Ctrl-. would take the focus from the editor's own, then lose it with the copy.
  const copy = new EditorView({ state: withoutPopup(view.state), parent: document.createElement("div") });
  const at = copy.state.selection.main.head;
  copy.dispatch({ changes: { from: at, insert: "0" }, userEvent: "input.type", annotations: warming.of(true) });
  copy.dispatch({ changes: { from: at, to: at + 1 }, userEvent: "delete.backward", annotations: warming.of(true) });
  copy.destroy();
}

window.DstackEditor = {
  /** Mounts an editor in `parent`; `onChange(text, typing)` runs after every document change. */
  create(parent, text, label, onChange) {
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers({ formatNumber: formatLineNumber }), foldGutter(), lint, highlightActiveLineGutter(), highlightSpecialChars(),
          history, drawSelection(), dropCursor(), EditorState.allowMultipleSelections.of(true),
          // Only "\n" ends a line, so a "\r" survives and links restore the text byte for byte;
          // offsetOf places the core's positions, which also break at a lone "\r", in that text.
          EditorState.lineSeparator.of("\n"),
          bracketMatching(), rectangularSelection(),
          crosshairCursor(), highlightActiveLine(), search,
          yamlLanguage, foldByIndent, theme, popups, completions, hoverDocs,
          EditorView.cspNonce.of(STYLE_NONCE),
          // tabindex: read-only text stays reachable by Tab too, to scroll and select it.
          EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
          editability.of(locked(false)),
          keymap.of([...keys, ...searchKeymap, ...foldKeymap, ...lintKeymap]),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged || u.transactions.some((tr) => tr.annotation(warming))) return;
            const typing = isTyping(u);
            // A keystroke that opens the completion list is checked once the list is on screen:
            // the list does not wait for the check and its panels. A newer change reports itself.
            if (typing && completionOpen(u.state)) {
              const doc = u.state.doc;
              requestAnimationFrame(() => setTimeout(() => { if (u.view.state.doc === doc) onChange(doc.toString(), true); }));
            } else {
              onChange(u.state.doc.toString(), typing);
            }
          }),
        ],
      }),
    });
    const created = view.state.doc;
    setTimeout(() => warmUp(view, created), WARM_UP_MS);
    return view;
  },
  /** The whole text. */
  getText(view) {
    return view.state.doc.toString();
  },
  /** The whole text of the editor inside `host` (for tests and embedding pages), or null. */
  textOf(host) {
    const dom = host && host.querySelector(".cm-editor");
    const view = dom && EditorView.findFromDOM(dom);
    return view ? view.state.doc.toString() : null;
  },
  /** Replaces the whole text as one undoable change, never merged with the edits around it. */
  setText(view, text) {
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: text },
      userEvent: "input.load",
      annotations: isolateHistory.of("full"),
    });
  },
  /** `ranges`: 4 numbers per diagnostic (start line, start column, end line, end column; 1-based).
   * `fixes[k]`: the k-th diagnostic's fixes, each `[title, 4 numbers and a text per edit...]`. */
  setDiagnostics(view, ranges, severities, messages, fixes) {
    const doc = view.state.doc;
    const loader = loaderLinesOf(doc);
    const at = (line, column) => offsetOf(doc, loader, line, column);
    const actions = (list) => list && list.map(([name, ...flat]) => {
      const changes = [];
      for (let i = 0; i + 4 < flat.length; i += 5) {
        changes.push({ from: at(flat[i], flat[i + 1]), to: at(flat[i + 2], flat[i + 3]), insert: flat[i + 4] });
      }
      return { name, changes };
    });
    const diagnostics = messages.map((message, k) => ({
      ...rangeOf(doc, loader, ranges, 4 * k), severity: severities[k], message, actions: actions(fixes[k]),
    }));
    view.dispatch(setDiagnostics(diagnostics));
  },
  /**
   * Completion and hover docs for every editor: `complete(text, offset)` returns
   * [from, to, label, kind, detail, insert, ...] (UTF-16 offsets); `hover(text, offset)` returns
   * [startLine, startColumn, endLine, endColumn, markdown] (as setDiagnostics' ranges) or null.
   */
  setAssist(complete, hover) {
    assist = { complete, hover };
  },
  /** Locks the text against the reader's edits, or unlocks it; setText works either way. */
  setReadOnly(view, readOnly) {
    view.dispatch({ effects: editability.reconfigure(locked(readOnly)) });
  },
  /** Selects a 1-based range, scrolls it into view and focuses the editor. */
  select(view, startLine, startColumn, endLine, endColumn) {
    const doc = view.state.doc;
    const loader = loaderLinesOf(doc);
    const anchor = offsetOf(doc, loader, startLine, startColumn);
    const head = Math.max(anchor, offsetOf(doc, loader, endLine, endColumn));
    view.dispatch({ selection: { anchor, head }, scrollIntoView: true });
    view.focus();
  },
};
