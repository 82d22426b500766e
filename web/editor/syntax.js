// What the editor uses of @codemirror/language and @lezer/common, at a fraction of their size
// (together with @lezer/highlight they were a quarter of editor.js).
//
// Tokens are computed per line on demand, from the tokenizer state at the line's start; those
// states are kept per document and survive edits below them. The rest is ported from
// @codemirror/language 6.13 (same behaviour, same DOM, same phrases): highlighting as classes,
// bracket matching, folding with gutter and keymap.
import { Facet, StateEffect, StateField, RangeSetBuilder, countColumn } from "@codemirror/state";
import { EditorView, ViewPlugin, Decoration, WidgetType, GutterMarker, gutter } from "@codemirror/view";

// --- Tokens -------------------------------------------------------------------------------------

// One line of text for a tokenizer: the subset of StreamLanguage's StringStream the tokenizer uses.
class StringStream {
  constructor(string, tabSize) {
    this.string = string;
    this.tabSize = tabSize;
    this.pos = 0;
    this.start = 0;
  }
  eol() { return this.pos >= this.string.length; }
  sol() { return this.pos === 0; }
  peek() { return this.string.charAt(this.pos) || undefined; }
  next() {
    if (this.pos < this.string.length) return this.string.charAt(this.pos++);
  }
  eat(match) {
    const ch = this.string.charAt(this.pos);
    if (typeof match === "string" ? ch === match : ch && match.test(ch)) {
      this.pos++;
      return ch;
    }
  }
  eatSpace() {
    const start = this.pos;
    while (/[\s\u00a0]/.test(this.string.charAt(this.pos))) this.pos++;
    return this.pos > start;
  }
  skipToEnd() { this.pos = this.string.length; }
  backUp(n) { this.pos -= n; }
  indentation() {
    const end = this.string.search(/[^\s\u00a0]/);
    return countColumn(this.string.slice(0, end < 0 ? this.string.length : end), this.tabSize);
  }
  // Regular expressions only (each starts with `^`); `consume === false` only looks.
  match(pattern, consume) {
    const match = this.string.slice(this.pos).match(pattern);
    if (!match || match.index > 0) return null;
    if (consume !== false) this.pos += match[0].length;
    return match;
  }
  current() { return this.string.slice(this.start, this.pos); }
}

// The tokenizer: { startState(), token(stream, state) → style or null }, as StreamLanguage takes.
const tokenizer = Facet.define({ combine: (values) => values[0] });

// A line longer than this is tokenized only up to here (StreamLanguage's limit).
const MAX_LINE_LENGTH = 10000;

// Calls `emit(from, to, style)` for the tokens of `text`, advancing `state` past the line.
function tokenizeLine(parser, text, state, tabSize, emit) {
  const stream = new StringStream(text, tabSize);
  while (!stream.eol()) {
    stream.start = stream.pos;
    let style;
    for (let i = 0; i < 10 && stream.pos === stream.start; i++) style = parser.token(stream, state);
    if (stream.pos === stream.start) throw new Error("Stream parser failed to advance stream.");
    if (style) emit(stream.start, stream.pos, style);
    if (stream.start > MAX_LINE_LENGTH) break;
  }
}

// starts[k] is the tokenizer state at the start of line k + 1 (a copy; computed on demand).
const lineStarts = StateField.define({
  create: (state) => ({ starts: [state.facet(tokenizer).startState()] }),
  update(value, tr) {
    if (!tr.docChanged) return value;
    let first = tr.startState.doc.length + 1;
    tr.changes.iterChangedRanges((fromA) => { first = Math.min(first, fromA); });
    const line = tr.startState.doc.lineAt(Math.min(first, tr.startState.doc.length)).number;
    return { starts: value.starts.slice(0, line) };
  },
});

// The tokens of line `number`: { from, to, style }, in document positions.
function lineTokens(state, number) {
  const parser = state.facet(tokenizer);
  const { starts } = state.field(lineStarts);
  while (starts.length < number) {
    const next = { ...starts[starts.length - 1] };
    tokenizeLine(parser, state.doc.line(starts.length).text, next, state.tabSize, () => {});
    starts.push(next);
  }
  const line = state.doc.line(number);
  const tokens = [];
  tokenizeLine(parser, line.text, { ...starts[number - 1] }, state.tabSize, (from, to, style) => {
    tokens.push({ from: line.from + from, to: line.from + to, style });
  });
  return tokens;
}

// The style of the token around `pos` (side < 0: also one ending there, > 0: one starting there),
// or null outside tokens: brackets match only brackets of their own kind of token.
function styleAt(state, pos, side) {
  const token = lineTokens(state, state.doc.lineAt(pos).number).find((t) =>
    side < 0 ? t.from < pos && pos <= t.to : side > 0 ? t.from <= pos && pos < t.to : t.from < pos && pos < t.to);
  return token ? token.style : null;
}

/** A line tokenizer as the editor's language: its tokens and their highlighting. */
export function streamLanguage(parser) {
  return [tokenizer.of(parser), lineStarts, highlighter];
}

// --- Highlighting --------------------------------------------------------------------------------

// Each token gets the class `cm-y-<style>`; the editor's theme colours them.
const marks = new Map();
function markOf(style) {
  if (!marks.has(style)) marks.set(style, Decoration.mark({ class: `cm-y-${style}` }));
  return marks.get(style);
}

function highlights(view) {
  const builder = new RangeSetBuilder();
  const { state } = view;
  let done = 0;
  for (const { from, to } of view.visibleRanges) {
    for (let n = state.doc.lineAt(from).number; n <= state.doc.lineAt(to).number; n++) {
      if (n <= done) continue;
      for (const t of lineTokens(state, n)) builder.add(t.from, t.to, markOf(t.style));
      done = n;
    }
  }
  return builder.finish();
}

const highlighter = ViewPlugin.fromClass(class {
  constructor(view) { this.decorations = highlights(view); }
  update(update) {
    if (update.docChanged || update.viewportChanged) this.decorations = highlights(update.view);
  }
}, { decorations: (v) => v.decorations });

// --- Brackets ------------------------------------------------------------------------------------

const BRACKETS = "()[]{}";
const MAX_SCAN_DISTANCE = 10000;

/** The bracket matching the one at `pos` (scanning in direction `dir`), among tokens of its type. */
function matchBrackets(state, pos, dir) {
  const tokenStyle = styleAt(state, pos, dir);
  if (dir < 0 ? !pos : pos === state.doc.length) return null;
  const startCh = dir < 0 ? state.sliceDoc(pos - 1, pos) : state.sliceDoc(pos, pos + 1);
  const bracket = BRACKETS.indexOf(startCh);
  if (bracket < 0 || (bracket % 2 === 0) !== (dir > 0)) return null;
  const startToken = { from: dir < 0 ? pos - 1 : pos, to: dir > 0 ? pos + 1 : pos };
  const iter = state.doc.iterRange(pos, dir > 0 ? state.doc.length : 0);
  let depth = 0;
  for (let distance = 0; !iter.next().done && distance <= MAX_SCAN_DISTANCE;) {
    const text = iter.value;
    if (dir < 0) distance += text.length;
    const basePos = pos + distance * dir;
    for (let i = dir > 0 ? 0 : text.length - 1, end = dir > 0 ? text.length : -1; i !== end; i += dir) {
      const found = BRACKETS.indexOf(text[i]);
      if (found < 0 || styleAt(state, basePos + i, 1) !== tokenStyle) continue;
      if ((found % 2 === 0) === (dir > 0)) {
        depth++;
      } else if (depth === 1) {
        return { start: startToken, end: { from: basePos + i, to: basePos + i + 1 }, matched: found >> 1 === bracket >> 1 };
      } else {
        depth--;
      }
    }
    if (dir > 0) distance += text.length;
  }
  return iter.done ? { start: startToken, matched: false } : null;
}

const matchingMark = Decoration.mark({ class: "cm-matchingBracket" });
const nonmatchingMark = Decoration.mark({ class: "cm-nonmatchingBracket" });

function bracketDecorations(state) {
  const decorations = [];
  for (const range of state.selection.ranges) {
    if (!range.empty) continue;
    const match = matchBrackets(state, range.head, -1)
      || (range.head > 0 && matchBrackets(state, range.head - 1, 1))
      || matchBrackets(state, range.head, 1)
      || (range.head < state.doc.length && matchBrackets(state, range.head + 1, -1));
    if (!match) continue;
    const mark = match.matched ? matchingMark : nonmatchingMark;
    decorations.push(mark.range(match.start.from, match.start.to));
    if (match.end) decorations.push(mark.range(match.end.from, match.end.to));
  }
  return Decoration.set(decorations, true);
}

const bracketMatcher = ViewPlugin.fromClass(class {
  constructor(view) {
    this.paused = false;
    this.decorations = bracketDecorations(view.state);
  }
  update(update) {
    if (update.docChanged || update.selectionSet || this.paused) {
      if (update.view.composing) {
        this.decorations = this.decorations.map(update.changes);
        this.paused = true;
      } else {
        this.decorations = bracketDecorations(update.state);
        this.paused = false;
      }
    }
  }
}, { decorations: (v) => v.decorations });

/** Highlights the bracket next to the cursor and its match (or that it has none). */
export function bracketMatching() {
  return [bracketMatcher, baseTheme];
}

// --- Folding -------------------------------------------------------------------------------------

/** Functions `(state, lineStart, lineEnd)` giving the range a line folds, or null. */
export const foldService = Facet.define();

function foldable(state, lineStart, lineEnd) {
  for (const service of state.facet(foldService)) {
    const result = service(state, lineStart, lineEnd);
    if (result) return result;
  }
  return null;
}

function mapRange(range, mapping) {
  const from = mapping.mapPos(range.from, 1);
  const to = mapping.mapPos(range.to, -1);
  return from >= to ? undefined : { from, to };
}

const foldEffect = StateEffect.define({ map: mapRange });
const unfoldEffect = StateEffect.define({ map: mapRange });

function clearTouchedFolds(folded, from, to = from) {
  let touched = false;
  folded.between(from, to, (a, b) => { if (a < to && b > from) touched = true; });
  return touched ? folded.update({ filterFrom: from, filterTo: to, filter: (a, b) => a >= to || b <= from }) : folded;
}

function foldExists(folded, from, to) {
  let found = false;
  folded.between(from, from, (a, b) => { if (a === from && b === to) found = true; });
  return found;
}

const foldState = StateField.define({
  create: () => Decoration.none,
  update(folded, tr) {
    if (tr.isUserEvent("delete")) {
      tr.changes.iterChangedRanges((fromA, toA) => { folded = clearTouchedFolds(folded, fromA, toA); });
    }
    folded = folded.map(tr.changes);
    const add = [];
    for (const e of tr.effects) {
      if (e.is(foldEffect) && !foldExists(folded, e.value.from, e.value.to)) {
        add.push(foldWidget.range(e.value.from, e.value.to));
      } else if (e.is(unfoldEffect)) {
        folded = folded.update({
          filter: (from, to) => e.value.from !== from || e.value.to !== to,
          filterFrom: e.value.from, filterTo: e.value.to,
        });
      }
    }
    if (add.length) folded = folded.update({ add });
    // Clear folded ranges that cover the selection head.
    if (tr.selection) folded = clearTouchedFolds(folded, tr.selection.main.head);
    return folded;
  },
  provide: (f) => EditorView.decorations.from(f),
});

function findFold(state, from, to) {
  let found = null;
  state.field(foldState).between(from, to, (a, b) => {
    if (!found || found.from > a) found = { from: a, to: b };
  });
  return found;
}

function selectedLines(view) {
  const lines = [];
  for (const { head } of view.state.selection.ranges) {
    if (!lines.some((l) => l.from <= head && l.to >= head)) lines.push(view.lineBlockAt(head));
  }
  return lines;
}

function announceFold(view, range, fold = true) {
  const { state } = view;
  const lineFrom = state.doc.lineAt(range.from).number;
  const lineTo = state.doc.lineAt(range.to).number;
  return EditorView.announce.of(`${state.phrase(fold ? "Folded lines" : "Unfolded lines")} ${lineFrom} ${state.phrase("to")} ${lineTo}.`);
}

const foldCode = (view) => {
  for (const line of selectedLines(view)) {
    const range = foldable(view.state, line.from, line.to);
    if (range) {
      view.dispatch({ effects: [foldEffect.of(range), announceFold(view, range)] });
      return true;
    }
  }
  return false;
};

const unfoldCode = (view) => {
  const effects = [];
  for (const line of selectedLines(view)) {
    const folded = findFold(view.state, line.from, line.to);
    if (folded) effects.push(unfoldEffect.of(folded), announceFold(view, folded, false));
  }
  if (effects.length) view.dispatch({ effects });
  return effects.length > 0;
};

const foldAll = (view) => {
  const { state } = view;
  const effects = [];
  for (let pos = 0; pos < state.doc.length;) {
    const line = view.lineBlockAt(pos);
    const range = foldable(state, line.from, line.to);
    if (range) effects.push(foldEffect.of(range));
    pos = (range ? view.lineBlockAt(range.to) : line).to + 1;
  }
  if (effects.length) view.dispatch({ effects });
  return !!effects.length;
};

const unfoldAll = (view) => {
  const field = view.state.field(foldState);
  if (!field.size) return false;
  const effects = [];
  field.between(0, view.state.doc.length, (from, to) => { effects.push(unfoldEffect.of({ from, to })); });
  view.dispatch({ effects });
  return true;
};

/** Fold keys: Ctrl-Shift-[ / ] (Cmd-Alt-[ / ] on macOS) on the cursor's line, Ctrl-Alt-[ / ] all. */
export const foldKeymap = [
  { key: "Ctrl-Shift-[", mac: "Cmd-Alt-[", run: foldCode },
  { key: "Ctrl-Shift-]", mac: "Cmd-Alt-]", run: unfoldCode },
  { key: "Ctrl-Alt-[", run: foldAll },
  { key: "Ctrl-Alt-]", run: unfoldAll },
];

const foldWidget = Decoration.replace({
  widget: new class extends WidgetType {
    toDOM(view) {
      const { state } = view;
      const element = document.createElement("span");
      element.textContent = "…";
      element.setAttribute("aria-label", state.phrase("folded code"));
      element.title = state.phrase("unfold");
      element.className = "cm-foldPlaceholder";
      element.onclick = (event) => {
        const line = view.lineBlockAt(view.posAtDOM(event.target));
        const folded = findFold(view.state, line.from, line.to);
        if (folded) view.dispatch({ effects: unfoldEffect.of(folded) });
        event.preventDefault();
      };
      return element;
    }
  }(),
});

class FoldMarker extends GutterMarker {
  constructor(open) {
    super();
    this.open = open;
  }
  eq(other) { return this.open === other.open; }
  toDOM(view) {
    const span = document.createElement("span");
    span.textContent = this.open ? "⌄" : "›";
    span.title = view.state.phrase(this.open ? "Fold line" : "Unfold line");
    return span;
  }
}
const canFold = new FoldMarker(true);
const canUnfold = new FoldMarker(false);

function foldMarkers(view) {
  const builder = new RangeSetBuilder();
  for (const line of view.viewportLineBlocks) {
    const mark = findFold(view.state, line.from, line.to) ? canUnfold
      : foldable(view.state, line.from, line.to) ? canFold : null;
    if (mark) builder.add(line.from, line.from, mark);
  }
  return builder.finish();
}

const markers = ViewPlugin.fromClass(class {
  constructor(view) { this.markers = foldMarkers(view); }
  update(update) {
    if (update.docChanged || update.viewportChanged
      || update.startState.field(foldState) !== update.state.field(foldState)) {
      this.markers = foldMarkers(update.view);
    }
  }
});

/** The fold gutter (click a marker to fold or unfold its line) and the fold state. */
export function foldGutter() {
  return [
    markers,
    gutter({
      class: "cm-foldGutter",
      markers: (view) => view.plugin(markers).markers,
      initialSpacer: () => new FoldMarker(false),
      domEventHandlers: {
        click: (view, line) => {
          const folded = findFold(view.state, line.from, line.to);
          const range = folded ? null : foldable(view.state, line.from, line.to);
          if (folded) view.dispatch({ effects: unfoldEffect.of(folded) });
          else if (range) view.dispatch({ effects: foldEffect.of(range) });
          return !!(folded || range);
        },
      },
    }),
    foldState,
    baseTheme,
  ];
}

const baseTheme = EditorView.baseTheme({
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "#328c8252" },
  "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "#bb555544" },
  ".cm-foldPlaceholder": {
    backgroundColor: "#eee", border: "1px solid #ddd", color: "#888", borderRadius: ".2em",
    margin: "0 1px", padding: "0 1px", cursor: "pointer",
  },
  ".cm-foldGutter span": { padding: "0 1px", cursor: "pointer" },
});
