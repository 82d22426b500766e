// Find and replace in the editor: a panel (Ctrl/Cmd-F) whose matches are highlighted, F3 / Ctrl/Cmd-G
// to the next and Shift with them to the previous, replace one or all, Escape closes; and the other
// places of the selected text highlighted. @codemirror/search does this and more (regular
// expressions, whole words, go to line) for 7 KB of gzip; a YAML file of a few screens needs plain
// text. Class and field names are its own, so the page's theme and the tests see the same DOM.
import { StateEffect, StateField } from "@codemirror/state";
import { EditorView, Decoration, ViewPlugin, showPanel, getPanel, runScopeHandlers } from "@codemirror/view";

// { open, query }: whether the panel is shown and what it looks for.
const searchEffect = StateEffect.define();
const searchState = StateField.define({
  create: () => ({ open: false, query: "" }),
  update(value, tr) {
    for (const e of tr.effects) if (e.is(searchEffect)) value = { ...value, ...e.value };
    return value;
  },
  provide: (f) => showPanel.from(f, (v) => (v.open ? createPanel : null)),
});

// Literal text, any case (CodeMirror's default); a RegExp keeps offsets right where lowercasing
// would change a string's length.
const matcher = (query) => new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "giu");

/** The matches of `query` from `from` to `to` of the document, as [from, to] pairs. */
function matches(state, query, from = 0, to = state.doc.length) {
  const found = [];
  if (query) for (const m of state.sliceDoc(from, to).matchAll(matcher(query))) found.push([from + m.index, from + m.index + m[0].length]);
  return found;
}

/** Selects the next (or, `back`, the previous) match after the selection, around the end. */
function go(view, back) {
  const { query } = view.state.field(searchState);
  const all = matches(view.state, query);
  if (!all.length) return !!query;
  const { from, to } = view.state.selection.main;
  const [anchor, head] = back
    ? all.filter(([f]) => f < from).pop() || all[all.length - 1]
    : all.find(([f, t]) => f >= to && t > f) || all[0];
  view.dispatch({ selection: { anchor, head }, scrollIntoView: true, userEvent: "select.search" });
  return true;
}

const findNext = (view) => go(view, false);
const findPrevious = (view) => go(view, true);

/** Opens the panel (with the selected text, on one line, as the query) and focuses its field. */
function openSearchPanel(view) {
  const { from, to } = view.state.selection.main;
  const selected = view.state.sliceDoc(from, to);
  const query = selected && !selected.includes("\n") ? selected : view.state.field(searchState).query;
  view.dispatch({ effects: searchEffect.of({ open: true, query }) });
  const input = getPanel(view, createPanel)?.dom.querySelector("input");
  input.value = query;
  input.select();
  return true;
}

function closeSearchPanel(view) {
  if (!view.state.field(searchState).open) return false;
  view.dispatch({ effects: searchEffect.of({ open: false }) });
  view.focus();
  return true;
}

/** Replaces the selected match and goes to the next; without one selected, goes to the next. */
function replaceNext(view, insert) {
  const { from, to } = view.state.selection.main;
  if (view.state.readOnly) return false;
  if (matches(view.state, view.state.field(searchState).query).some(([f, t]) => f === from && t === to)) {
    view.dispatch({ changes: { from, to, insert }, userEvent: "input.replace" });
  }
  return go(view, false);
}

/** Replaces every match, as one undoable change. */
function replaceAll(view, insert) {
  if (view.state.readOnly) return false;
  const changes = matches(view.state, view.state.field(searchState).query).map(([from, to]) => ({ from, to, insert }));
  view.dispatch({ changes, userEvent: "input.replace.all" });
  return true;
}

function field(name, label) {
  const input = document.createElement("input");
  Object.assign(input, { className: "cm-textfield", name, placeholder: label });
  input.setAttribute("aria-label", label);
  return input;
}

function button(name, label, run) {
  const b = document.createElement("button");
  Object.assign(b, { className: "cm-button", type: "button", name, textContent: label, onclick: run });
  return b;
}

function createPanel(view) {
  const dom = document.createElement("div");
  dom.className = "cm-search";
  const input = field("search", "Find");
  input.setAttribute("main-field", "true");
  input.oninput = () => view.dispatch({ effects: searchEffect.of({ query: input.value }) });
  const replacement = field("replace", "Replace");
  // The panel's keys (Escape, F3…) anywhere in it; Enter in a field: the next match (Shift: the
  // previous one), or replace it.
  dom.onkeydown = (e) => {
    if (runScopeHandlers(view, e, "search-panel")) e.preventDefault();
    else if (e.key === "Enter" && e.target === input) (e.shiftKey ? findPrevious : findNext)(view);
    else if (e.key === "Enter" && e.target === replacement) replaceNext(view, replacement.value);
    else return;
    e.preventDefault();
  };
  dom.append(
    input,
    button("next", "next", () => findNext(view)),
    button("prev", "previous", () => findPrevious(view)),
    document.createElement("br"),
    replacement,
    button("replace", "replace", () => replaceNext(view, replacement.value)),
    button("replaceAll", "replace all", () => replaceAll(view, replacement.value)),
    button("close", "×", () => closeSearchPanel(view)),
  );
  dom.lastChild.setAttribute("aria-label", "close");
  return { dom, top: false };
}

// The marks of the panel's matches and of the other places of the selected text (at most 200
// characters on one range, case kept, only when it is found at most 100 times), in the visible text.
function highlights(view) {
  const { state } = view;
  const { open, query } = state.field(searchState);
  const main = state.selection.main;
  const selected = state.selection.ranges.length === 1 && main.to - main.from <= 200 ? state.sliceDoc(main.from, main.to) : "";
  const found = [];
  const same = [];
  for (const { from, to } of view.visibleRanges) {
    if (open) for (const [f, t] of matches(state, query, from, to)) found.push(Decoration.mark({ class: "cm-searchMatch" }).range(f, t));
    const text = state.sliceDoc(from, to);
    for (let at = selected ? text.indexOf(selected) : -1; at >= 0; at = text.indexOf(selected, at + selected.length)) {
      const f = from + at;
      if (f >= main.to || f + selected.length <= main.from) same.push(Decoration.mark({ class: "cm-selectionMatch" }).range(f, f + selected.length));
    }
  }
  return Decoration.set(same.length > 100 ? found : [...found, ...same], true);
}

const highlighter = ViewPlugin.define(
  (view) => ({
    decorations: highlights(view),
    update(u) {
      this.decorations = highlights(u.view);
    },
  }),
  { decorations: (p) => p.decorations },
);

const baseTheme = EditorView.baseTheme({
  ".cm-search": {
    padding: "2px 6px 4px", position: "relative", "& input, & button": { margin: ".2em .6em .2em 0" },
    "& [name=close]": { position: "absolute", top: "0", right: "4px", background: "inherit", border: "none", font: "inherit", padding: 0, margin: 0 },
  },
  ".cm-selectionMatch": { backgroundColor: "#99ff7780" },
  ".cm-searchMatch": { backgroundColor: "#ffff0054", outline: "1px solid #ffa" },
  ".cm-searchMatch .cm-selectionMatch": { backgroundColor: "transparent" },
  "&dark .cm-searchMatch": { backgroundColor: "#00ffff8a", outline: "1px solid #457" },
});

/** The extension: state, panel, highlights and styles. */
export const search = [searchState, highlighter, baseTheme];

/** Ctrl/Cmd-F, F3 and Ctrl/Cmd-G (Shift: back), Escape. */
export const searchKeymap = [
  { key: "Mod-f", run: openSearchPanel, scope: "editor search-panel", preventDefault: true },
  { key: "F3", run: findNext, shift: findPrevious, scope: "editor search-panel", preventDefault: true },
  { key: "Mod-g", run: findNext, shift: findPrevious, scope: "editor search-panel", preventDefault: true },
  { key: "Escape", run: closeSearchPanel, scope: "editor search-panel" },
];
