// The editor's keys and undo history: what the page uses of @codemirror/commands (7 KB of gzip),
// ported small for a YAML text indented with spaces, whose `#` starts a comment. The cursor keys
// (with Shift to select, Ctrl/Alt for words, Home to the indentation first, macOS and its Emacs
// keys), Backspace/Delete (a whole indent unit in leading spaces), Enter keeping the indentation (one
// level deeper after a line that opens a mapping), Tab/Shift-Tab and Ctrl/Cmd-[ ] indenting,
// Ctrl/Cmd-/ commenting, Alt-Up/Down moving lines (Shift: copying), Alt-L selecting, Shift-Ctrl/Cmd-K
// deleting them, Escape back to one cursor, Ctrl-M (Shift-Alt-M on macOS) letting Tab move the
// focus, and undo/redo (typing within half a second groups into one step).
import { Annotation, EditorSelection, StateField, Transaction, findClusterBreak } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

const UNIT = "  ";

/** The indentation of a new line after `before` (the text before the break on its line). */
const indentAfter = (before) => /^ */.exec(before)[0].length + (/:\s*(#.*)?$/.test(before) ? UNIT.length : 0);

// --- Moving the cursor ---------------------------------------------------------------------------

/** A command moving every range by `how(view, range, extend)`; `extend` keeps the anchor. */
const move = (how, extend) => (view) => {
  const { state } = view;
  const ranges = state.selection.ranges.map((r) => {
    const to = how(view, r, extend);
    return extend ? EditorSelection.range(r.anchor, to.head, to.goalColumn) : to;
  });
  const selection = EditorSelection.create(ranges, state.selection.mainIndex);
  if (selection.eq(state.selection, true)) return false;
  view.dispatch({ selection, scrollIntoView: true, userEvent: "select" });
  return true;
};

// A selection collapses to its end in the direction of a move by character, word or line.
const collapse = (step) => (forward) => (view, r, extend) =>
  extend || r.empty ? step(view, r, forward) : EditorSelection.cursor(forward ? r.to : r.from);
const byChar = collapse((view, r, forward) => view.moveByChar(r, forward));
const byGroup = collapse((view, r, forward) => view.moveByGroup(r, forward));
const byLine = collapse((view, r, forward) => view.moveVertically(r, forward));
const byPage = (forward) => (view, r) =>
  view.moveVertically(r, forward, Math.max(view.defaultLineHeight, Math.min(view.scrollDOM.clientHeight, innerHeight) - 5));
const byDoc = (forward) => (view) => EditorSelection.cursor(forward ? view.state.doc.length : 0);

// Home goes to the line's indentation first, then to its start.
const byLineBoundary = (forward) => (view, r) => {
  const line = view.lineBlockAt(r.head);
  let moved = view.moveToLineBoundary(r, forward);
  if (moved.head === r.head && moved.head !== (forward ? line.to : line.from)) moved = view.moveToLineBoundary(r, forward, false);
  if (!forward && moved.head === line.from && line.length) {
    const space = /^\s*/.exec(view.state.sliceDoc(line.from, Math.min(line.from + 100, line.to)))[0].length;
    if (space && r.head !== line.from + space) moved = EditorSelection.cursor(line.from + space);
  }
  return moved;
};

/** A binding moving by `how` (Shift: selecting); `mac` replaces `key` on macOS when given. */
const nav = (key, how, forward, mac) => ({ key, mac, run: move(how(forward)), shift: move(how(forward), true), preventDefault: true });

// --- Editing -------------------------------------------------------------------------------------

/** A command dispatching `spec(state, view)` (a transaction spec, or nothing to do) unless the text is read-only. */
const edit = (spec) => (view) => {
  if (view.state.readOnly) return false;
  const tr = spec(view.state, view);
  if (tr) view.dispatch(tr);
  return !!tr;
};

/** Deletes each selection, or from each cursor to `by(state, cursor, view)`. */
const deleteBy = (by) => edit((state, view) => {
  let userEvent = "delete.selection";
  const spec = state.changeByRange((range) => {
    let { from, to } = range;
    if (from === to) {
      const towards = by(state, range, view);
      if (towards !== from) userEvent = towards < from ? "delete.backward" : "delete.forward";
      from = Math.min(from, towards);
      to = Math.max(to, towards);
    }
    return from === to ? { range } : { changes: { from, to }, range: EditorSelection.cursor(from) };
  });
  return !spec.changes.empty && { ...spec, scrollIntoView: true, userEvent };
});

// One character (a grapheme cluster); Backspace in a line's leading spaces removes to the previous
// indent stop.
const byCharDelete = (forward) => deleteBy((state, { head }) => {
  const line = state.doc.lineAt(head);
  const before = line.text.slice(0, head - line.from);
  if (!forward && before && !/[^ ]/.test(before)) return head - ((before.length - 1) % UNIT.length + 1);
  const to = findClusterBreak(line.text, head - line.from, forward) + line.from;
  return to === head && line.number !== (forward ? state.doc.lines : 1) ? head + (forward ? 1 : -1) : to;
});

// One word, or the spaces before it, or the line break.
const byGroupDelete = (forward) => deleteBy((state, { head }) => {
  const line = state.doc.lineAt(head);
  const categorize = state.charCategorizer(head);
  let pos = head;
  for (let cat = null; ;) {
    if (pos === (forward ? line.to : line.from)) {
      if (pos === head && line.number !== (forward ? state.doc.lines : 1)) pos += forward ? 1 : -1;
      return pos;
    }
    const next = findClusterBreak(line.text, pos - line.from, forward) + line.from;
    const ch = line.text.slice(Math.min(pos, next) - line.from, Math.max(pos, next) - line.from);
    const nextCat = categorize(ch);
    if (cat !== null && nextCat !== cat) return pos;
    if (ch !== " " || pos !== head) cat = nextCat;
    pos = next;
  }
});

// To the start (or end) of the visual line; at it, one character.
const byLineBoundaryDelete = (forward) => deleteBy((state, range, view) => {
  const to = view.moveToLineBoundary(range, forward).head;
  return forward ? (range.head < to ? to : Math.min(state.doc.length, range.head + 1)) : range.head > to ? to : Math.max(0, range.head - 1);
});

// Enter: a line break indented for what follows (see indentAfter); between an empty pair of
// brackets, the closing one goes to a line of its own. Spaces around the cursor are dropped.
const newline = edit((state) => ({
  ...state.changeByRange(({ from, to }) => {
    const line = state.doc.lineAt(from);
    const explode = from === to && /\(\)|\[\]|\{\}/.test(state.sliceDoc(from - 1, from + 1));
    const before = line.text.slice(0, from - line.from);
    const indent = " ".repeat(indentAfter(before) + (explode ? UNIT.length : 0));
    if (!explode) while (to < line.to && /\s/.test(line.text[to - line.from])) to++;
    if (!explode && from > line.from && from < line.from + 100 && !/\S/.test(before)) from = line.from;
    const insert = `\n${indent}${explode ? `\n${/^ */.exec(before)[0]}` : ""}`;
    return { changes: { from, to, insert }, range: EditorSelection.cursor(from + 1 + indent.length) };
  }),
  scrollIntoView: true,
  userEvent: "input",
}));

/** The lines of each selection (a selection ending at a line's start leaves that line out),
 * joined where they touch: { from, to, ranges }. */
function selectedLines(state) {
  const blocks = [];
  let upto = -1;
  for (const range of state.selection.ranges) {
    const start = state.doc.lineAt(range.from);
    let end = state.doc.lineAt(range.to);
    if (!range.empty && range.to === end.from) end = state.doc.lineAt(range.to - 1);
    if (upto >= start.number) {
      const last = blocks[blocks.length - 1];
      last.to = end.to;
      last.ranges.push(range);
    } else {
      blocks.push({ from: start.from, to: end.to, ranges: [range] });
    }
    upto = end.number + 1;
  }
  return blocks;
}

/** Every selected line, once. */
function eachLine(state) {
  const lines = [];
  for (const { from, to } of selectedLines(state)) {
    for (let pos = from; pos <= to;) {
      const line = state.doc.lineAt(pos);
      lines.push(line);
      pos = line.to + 1;
    }
  }
  return lines;
}

/** Changes `f(line)` gives for every selected line, as one change keeping the selection on its text. */
const byLines = (f, userEvent) => edit((state) => {
  const changes = state.changes(eachLine(state).map(f).filter(Boolean));
  return !changes.empty && { changes, selection: state.selection.map(changes, 1), userEvent };
});

const indentMore = byLines((line) => ({ from: line.from, insert: UNIT }), "input.indent");
const indentLess = byLines((line) => {
  const space = /^( {1,2}|\t)/.exec(line.text);
  return space && { from: line.from, to: line.from + space[0].length };
}, "delete.dedent");

// Comments the selected lines out (`# ` at the least indentation of those not blank), or, when
// all of them already are, back in.
const toggleComment = edit((state) => {
  const lines = eachLine(state);
  const text = lines.filter((l) => /\S/.test(l.text));
  const todo = text.length ? text : lines;
  const indent = (l) => /^\s*/.exec(l.text)[0].length;
  const uncomment = text.length && text.every((l) => /^\s*#/.test(l.text));
  const at = Math.min(...todo.map(indent));
  const changes = state.changes(todo.map((l) => (uncomment
    ? { from: l.from + indent(l), to: l.from + indent(l) + (l.text[indent(l) + 1] === " " ? 2 : 1) }
    : { from: l.from + at, insert: "# " })));
  return { changes, selection: state.selection.map(changes, 1), userEvent: uncomment ? "uncomment" : "comment" };
});

// Alt-Up/Down: the selected lines trade places with the line above (below).
const moveLines = (forward) => edit((state) => {
  const changes = [];
  const ranges = [];
  for (const block of selectedLines(state)) {
    if (forward ? block.to === state.doc.length : block.from === 0) {
      ranges.push(...block.ranges);
      continue;
    }
    const next = state.doc.lineAt(forward ? block.to + 1 : block.from - 1);
    const size = (forward ? 1 : -1) * (next.length + 1);
    changes.push(forward
      ? [{ from: block.to, to: next.to }, { from: block.from, insert: `${next.text}\n` }]
      : [{ from: next.from, to: block.from }, { from: block.to, insert: `\n${next.text}` }]);
    for (const r of block.ranges) ranges.push(EditorSelection.range(r.anchor + size, r.head + size));
  }
  return changes.length > 0 && {
    changes: changes.flat(), selection: EditorSelection.create(ranges, state.selection.mainIndex), scrollIntoView: true, userEvent: "move.line",
  };
});

// Shift-Alt-Up/Down: copies the selected lines above (below) them, the selection going along.
const copyLines = (forward) => edit((state) => {
  const changes = state.changes(selectedLines(state).map(({ from, to }) => (forward
    ? { from, insert: `${state.sliceDoc(from, to)}\n` }
    : { from: to, insert: `\n${state.sliceDoc(from, to)}` })));
  return { changes, selection: state.selection.map(changes, forward ? 1 : -1), scrollIntoView: true, userEvent: "input.copyline" };
});

// Alt-L (Ctrl-L on macOS): selects the selected lines whole, with their line breaks.
function selectLines(view) {
  const { state } = view;
  const ranges = selectedLines(state).map(({ from, to }) => EditorSelection.range(from, Math.min(to + 1, state.doc.length)));
  view.dispatch({ selection: EditorSelection.create(ranges), userEvent: "select" });
  return true;
}

// Shift-Ctrl/Cmd-K: deletes the selected lines; the cursor keeps its column on the line below.
const deleteLines = edit((state, view) => {
  const changes = state.changes(selectedLines(state).map(({ from, to }) => (from > 0 ? { from: from - 1, to } : { from, to: Math.min(to + 1, state.doc.length) })));
  const below = EditorSelection.create(state.selection.ranges.map((r) => view.moveVertically(r, true)), state.selection.mainIndex);
  return { changes, selection: below.map(changes), scrollIntoView: true, userEvent: "delete.line" };
});

// --- Undo history --------------------------------------------------------------------------------

/** Marks a change as a step of its own in the undo history ("full"; "before"/"after": split on one side only). */
export const isolateHistory = Annotation.define();
const fromHistory = Annotation.define();
const GROUP_MS = 500;
const DEPTH = 200;

// done/undone: steps { undo, redo (changes), before, after (selections) }; time: that of the last
// change, which the next typing or deleting next to it joins within GROUP_MS; 0 after a cursor
// move or an isolated change, so that the next change starts a step.
const historyField = StateField.define({
  create: () => ({ done: [], undone: [], time: 0 }),
  update(h, tr) {
    const set = tr.annotation(fromHistory);
    if (set) return set;
    if (!tr.docChanged) return tr.selection ? { ...h, time: 0 } : h;
    if (tr.annotation(Transaction.addToHistory) === false) return h;
    const isolate = tr.annotation(isolateHistory);
    const type = tr.annotation(Transaction.userEvent);
    const last = h.done[h.done.length - 1];
    const step = { undo: tr.changes.invert(tr.startState.doc), redo: tr.changes, before: tr.startState.selection, after: tr.selection || tr.startState.selection.map(tr.changes) };
    const join = last && isolate !== "full" && isolate !== "before" && /^(input\.type|delete)($|\.)/.test(type)
      && (type === "input.type.compose" || (h.time && tr.annotation(Transaction.time) - h.time < GROUP_MS && adjacent(last.redo, tr.changes)));
    const done = join
      ? [...h.done.slice(0, -1), { undo: step.undo.compose(last.undo), redo: last.redo.compose(step.redo), before: last.before, after: step.after }]
      : [...h.done, step].slice(-DEPTH);
    return { done, undone: [], time: isolate === "full" || isolate === "after" ? 0 : tr.annotation(Transaction.time) };
  },
});

// Whether `b` touches what `a` changed (in the text after `a`).
function adjacent(a, b) {
  const ranges = [];
  a.iterChangedRanges((_fa, _ta, from, to) => ranges.push([from, to]));
  let touches = false;
  b.iterChangedRanges((from, to) => { touches ||= ranges.some(([f, t]) => to >= f && from <= t); });
  return touches;
}

const undoRedo = (undo) => edit((state) => {
  const h = state.field(historyField);
  const from = undo ? h.done : h.undone;
  const step = from[from.length - 1];
  if (!step) return null;
  const to = [...(undo ? h.undone : h.done), step];
  const rest = from.slice(0, -1);
  return {
    changes: undo ? step.undo : step.redo,
    selection: undo ? step.before : step.after,
    scrollIntoView: true,
    userEvent: undo ? "undo" : "redo",
    annotations: fromHistory.of(undo ? { done: rest, undone: to, time: 0 } : { done: to, undone: rest, time: 0 }),
  };
});
const undo = undoRedo(true);
const redo = undoRedo(false);

/** The undo history, also for the browser's own undo and redo (its menus). */
export const history = [
  historyField,
  EditorView.domEventHandlers({
    beforeinput(e, view) {
      const command = e.inputType === "historyUndo" ? undo : e.inputType === "historyRedo" ? redo : null;
      if (!command) return false;
      e.preventDefault();
      return command(view);
    },
  }),
];

// --- Keys ----------------------------------------------------------------------------------------

// Escape: several cursors become the main one; a selection becomes its head.
function simplify(view) {
  const { ranges, main } = view.state.selection;
  if (ranges.length < 2 && main.empty) return false;
  view.dispatch({ selection: { anchor: main.head }, userEvent: "select" });
  return true;
}

const selectAll = (view) => {
  view.dispatch({ selection: { anchor: 0, head: view.state.doc.length }, userEvent: "select" });
  return true;
};

/** Every key binding above (Tab indents: Escape then Tab leaves the editor). */
export const keys = [
  nav("ArrowLeft", byChar, false),
  nav("ArrowRight", byChar, true),
  nav("Mod-ArrowLeft", byGroup, false, "Alt-ArrowLeft"),
  nav("Mod-ArrowRight", byGroup, true, "Alt-ArrowRight"),
  nav(undefined, byLineBoundary, false, "Cmd-ArrowLeft"),
  nav(undefined, byLineBoundary, true, "Cmd-ArrowRight"),
  nav("ArrowUp", byLine, false),
  nav("ArrowDown", byLine, true),
  nav(undefined, byDoc, false, "Cmd-ArrowUp"),
  nav(undefined, byDoc, true, "Cmd-ArrowDown"),
  nav(undefined, byPage, false, "Ctrl-ArrowUp"),
  nav(undefined, byPage, true, "Ctrl-ArrowDown"),
  nav("PageUp", byPage, false),
  nav("PageDown", byPage, true),
  nav("Home", byLineBoundary, false),
  nav("End", byLineBoundary, true),
  nav("Mod-Home", byDoc, false),
  nav("Mod-End", byDoc, true),
  // macOS's Emacs keys.
  nav(undefined, byChar, false, "Ctrl-b"),
  nav(undefined, byChar, true, "Ctrl-f"),
  nav(undefined, byLine, false, "Ctrl-p"),
  nav(undefined, byLine, true, "Ctrl-n"),
  nav(undefined, byLineBoundary, false, "Ctrl-a"),
  nav(undefined, byLineBoundary, true, "Ctrl-e"),
  { mac: "Ctrl-d", run: byCharDelete(true) },
  { mac: "Ctrl-h", run: byCharDelete(false) },
  { mac: "Ctrl-k", run: byLineBoundaryDelete(true) },
  { key: "Enter", run: newline, shift: newline },
  { key: "Mod-a", run: selectAll },
  { key: "Backspace", run: byCharDelete(false), shift: byCharDelete(false), preventDefault: true },
  { key: "Delete", run: byCharDelete(true), preventDefault: true },
  { key: "Mod-Backspace", mac: "Alt-Backspace", run: byGroupDelete(false), preventDefault: true },
  { key: "Mod-Delete", mac: "Alt-Delete", run: byGroupDelete(true), preventDefault: true },
  { mac: "Mod-Backspace", run: byLineBoundaryDelete(false), preventDefault: true },
  { mac: "Mod-Delete", run: byLineBoundaryDelete(true), preventDefault: true },
  { key: "Tab", run: indentMore, shift: indentLess },
  { key: "Mod-]", run: indentMore },
  { key: "Mod-[", run: indentLess },
  { key: "Mod-/", run: toggleComment },
  { key: "Alt-ArrowUp", run: moveLines(false) },
  { key: "Alt-ArrowDown", run: moveLines(true) },
  { key: "Shift-Alt-ArrowUp", run: copyLines(false) },
  { key: "Shift-Alt-ArrowDown", run: copyLines(true) },
  { key: "Alt-l", mac: "Ctrl-l", run: selectLines },
  { key: "Shift-Mod-k", run: deleteLines },
  { key: "Escape", run: simplify },
  { key: "Ctrl-m", mac: "Shift-Alt-m", run: (view) => { view.setTabFocusMode(); return true; } },
  { key: "Mod-z", run: undo, preventDefault: true },
  { key: "Mod-y", run: redo, preventDefault: true },
  { key: "Mod-Shift-z", run: redo, preventDefault: true },
];
