// Problems in the editor: squiggles, gutter markers, popups on hover and after F8, and a list under
// the editor (Ctrl/Cmd-Shift-M). A problem's quick fixes are buttons in its popup (Ctrl/Cmd-. opens
// the popup at the cursor with its first fix focused). @codemirror/lint does this and more (linter sources, actions,
// filters) for 9 KB of gzip; the app hands over finished diagnostics, so this part is enough.
// Class names are @codemirror/lint's, so the page's theme and the tests see the same DOM.
import { StateEffect, StateField, RangeSet } from "@codemirror/state";
import {
  EditorView, Decoration, GutterMarker, ViewPlugin, gutter, showTooltip, showPanel, getPanel,
} from "@codemirror/view";

const RANK = { hint: 1, info: 2, warning: 3, error: 4 };
const worst = (list) => list.reduce((sev, d) => (RANK[d.severity] > RANK[sev] ? d.severity : sev), "hint");

const setEffect = StateEffect.define();
const panelEffect = StateEffect.define();
const selectEffect = StateEffect.define();

/** One line's marker in the gutter; hovering it shows its problems as the marker's title. */
class Marker extends GutterMarker {
  constructor(diagnostics) {
    super();
    this.diagnostics = diagnostics;
  }
  eq(other) {
    return other.diagnostics === this.diagnostics;
  }
  toDOM() {
    const dom = document.createElement("div");
    dom.className = `cm-lint-marker cm-lint-marker-${worst(this.diagnostics)}`;
    dom.title = this.diagnostics.map((d) => d.message).join("\n");
    return dom;
  }
}

// marks: one mark per diagnostic, which carries it (mapped through edits with the text);
// markers: the gutter's; panel: whether the list is open; selected: the list's current item.
function build(state, given, panel) {
  const diagnostics = [...given].sort((a, b) => a.from - b.from || a.to - b.to);
  const byLine = new Map();
  const marks = [];
  for (const d of diagnostics) {
    if (d.to > d.from) marks.push(Decoration.mark({ class: `cm-lintRange cm-lintRange-${d.severity}`, diagnostic: d }).range(d.from, d.to));
    const line = state.doc.lineAt(Math.min(d.from, state.doc.length)).from;
    byLine.set(line, [...(byLine.get(line) || []), d]);
  }
  const markers = RangeSet.of([...byLine].map(([line, list]) => new Marker(list).range(line)), true);
  // doc: the text the diagnostics (and their fixes' offsets) were computed for.
  return { marks: Decoration.set(marks, true), markers, diagnostics, panel, selected: diagnostics[0] || null, doc: state.doc };
}

const lintState = StateField.define({
  create: (state) => build(state, [], false),
  update(value, tr) {
    if (tr.docChanged) value = { ...value, marks: value.marks.map(tr.changes), markers: value.markers.map(tr.changes) };
    for (const e of tr.effects) {
      if (e.is(setEffect)) value = build(tr.state, e.value, value.panel);
      else if (e.is(panelEffect)) value = { ...value, panel: e.value };
      else if (e.is(selectEffect)) value = { ...value, selected: e.value };
    }
    return value;
  },
  provide: (f) => [
    EditorView.decorations.from(f, (v) => v.marks),
    showPanel.from(f, (v) => (v.panel ? createPanel : null)),
  ],
});

/** Where `diagnostic` is now (its mark follows the edits), or null when its text is gone. */
function rangeOf(state, diagnostic) {
  let found = null;
  state.field(lintState).marks.between(0, state.doc.length, (from, to, mark) => {
    if (mark.spec.diagnostic === diagnostic) {
      found = { from, to };
      return false;
    }
  });
  return found;
}

/** Makes a fix: one transaction, refused when the text changed since the fix was computed (the
 * next check brings fresh fixes). The app re-checks on the change. */
function applyAction(view, action) {
  if (view.state.field(lintState).doc !== view.state.doc) return false;
  view.dispatch({ changes: action.changes, userEvent: "input.fix", scrollIntoView: true });
  view.focus();
  return true;
}

/** A problem as a list item; in a popup (`view` given) with a button per fix. */
function render(d, view) {
  const li = document.createElement("li");
  li.className = `cm-diagnostic cm-diagnostic-${d.severity}`;
  const text = li.appendChild(document.createElement("span"));
  text.className = "cm-diagnosticText";
  text.textContent = d.message;
  for (const action of (view && d.actions) || []) {
    const button = li.appendChild(document.createElement("button"));
    button.type = "button";
    button.className = "cm-diagnosticAction";
    button.textContent = action.name;
    button.onclick = () => applyAction(view, action);
  }
  return li;
}

function popup(view, list) {
  const ul = document.createElement("ul");
  ul.className = "cm-tooltip-lint";
  ul.append(...list.map((d) => render(d, view)));
  ul.onkeydown = (e) => {
    if (e.key !== "Escape") return;
    view.dispatch({ effects: tipEffect.of(null) });
    view.focus();
  };
  return ul;
}

const tipEffect = StateEffect.define();

// The popup of the problems under the pointer, or of the one F8 went to: { tooltip, until } or
// null. Any edit or new set of problems closes it; F8's also closes when the cursor leaves the text.
const tipState = StateField.define({
  create: () => null,
  update(tip, tr) {
    if (tip && (tr.docChanged || tr.effects.some((e) => e.is(setEffect)) || tip.until?.(tr))) tip = null;
    for (const e of tr.effects) if (e.is(tipEffect)) tip = e.value;
    return tip;
  },
  provide: (f) => showTooltip.from(f, (tip) => tip && tip.tooltip),
});

/** A popup over `from`..`to` listing the problems whose text meets that range; `focus`: its
 * first fix takes the keyboard focus. */
function tipOver(state, from, to, focus) {
  const found = [];
  state.field(lintState).marks.between(from, to, (f, t, mark) => {
    if (f < to && t > from) found.push(mark.spec.diagnostic);
  });
  const create = (view) => {
    const dom = popup(view, found);
    return { dom, mount: () => focus && dom.querySelector("button")?.focus() };
  };
  return found.length ? { pos: from, end: to, above: true, create } : null;
}

// After the pointer rests 300 ms on a squiggle, its popup; moving off squiggle and popup closes it.
const hover = ViewPlugin.define((view) => {
  let timer = -1;
  const move = (e) => {
    clearTimeout(timer);
    const target = e.target instanceof Element ? e.target : null;
    const mark = target && view.contentDOM.contains(target) && target.closest(".cm-lintRange");
    const tip = view.state.field(tipState);
    if (tip && !tip.until && !mark && !target?.closest(".cm-tooltip-lint")) view.dispatch({ effects: tipEffect.of(null) });
    if (!mark) return;
    timer = setTimeout(() => {
      const from = view.posAtDOM(mark, 0);
      const to = from + mark.textContent.length;
      const now = view.state.field(tipState)?.tooltip;
      if (now && now.pos === from && now.end === to) return;
      const tooltip = tipOver(view.state, from, to);
      if (tooltip) view.dispatch({ effects: tipEffect.of({ tooltip }) });
    }, 300);
  };
  window.addEventListener("mousemove", move);
  return {
    destroy() {
      clearTimeout(timer);
      window.removeEventListener("mousemove", move);
    },
  };
});

/** Selects a diagnostic's text and scrolls to it; `effects` go along (the list's selection). */
function goTo(view, range, effects) {
  view.dispatch({ selection: { anchor: range.from, head: range.to }, scrollIntoView: true, effects });
}

/** F8: selects the next problem after the selection (then the first again) and shows its popup. */
function nextDiagnostic(view) {
  const sel = view.state.selection.main;
  let first = null;
  let next = null;
  view.state.field(lintState).marks.between(0, view.state.doc.length, (from, to) => {
    first ??= { from, to };
    if (from >= sel.to + 1 && !next) next = { from, to };
  });
  const target = next || first;
  if (!target || (target.from === sel.from && target.to === sel.to)) return false;
  const { from, to } = target;
  const tooltip = tipOver(view.state, from, to);
  const until = (tr) => tr.newSelection.main.head < from || tr.newSelection.main.head > to;
  goTo(view, target, tooltip ? tipEffect.of({ tooltip, until }) : []);
  return true;
}

/** Ctrl/Cmd-.: the popup of the problem with fixes on the cursor's line (the one under the
 * cursor first), its first fix focused. */
function openActions(view) {
  const { from, to } = view.state.selection.main;
  const line = view.state.doc.lineAt(from);
  let target = null;
  view.state.field(lintState).marks.between(line.from, line.to, (f, t, mark) => {
    if (mark.spec.diagnostic.actions && (!target || (f <= from && t >= to))) target = { from: f, to: t };
  });
  const tooltip = target && tipOver(view.state, target.from, target.to, true);
  if (!tooltip) return false;
  const until = (tr) => tr.newSelection.main.head < line.from || tr.newSelection.main.head > line.to;
  view.dispatch({ effects: tipEffect.of({ tooltip, until }) });
  return true;
}

/** Ctrl/Cmd-Shift-M: opens the list of problems and focuses it. */
function openLintPanel(view) {
  if (!view.state.field(lintState).panel) view.dispatch({ effects: panelEffect.of(true) });
  getPanel(view, createPanel)?.dom.querySelector("ul").focus();
  return true;
}

/** The list of problems: a listbox whose current item is selected in the text as well. */
function createPanel(view) {
  const list = document.createElement("ul");
  list.tabIndex = 0;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", view.state.phrase("Diagnostics"));
  const close = document.createElement("button");
  close.type = "button";
  close.name = "close";
  close.textContent = "×";
  close.setAttribute("aria-label", view.state.phrase("close"));
  const dom = document.createElement("div");
  dom.className = "cm-panel-lint";
  dom.append(list, close);
  const closePanel = () => view.dispatch({ effects: panelEffect.of(false) });
  close.onclick = closePanel;

  const items = () => view.state.field(lintState).diagnostics;
  const move = (i) => {
    const d = items()[i];
    const range = d && rangeOf(view.state, d);
    if (range) goTo(view, range, selectEffect.of(d));
  };
  list.onclick = (e) => {
    const i = [...list.children].findIndex((li) => li.contains(e.target));
    if (i >= 0 && items().length) move(i);
  };
  list.onkeydown = (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const n = items().length;
    const at = items().indexOf(view.state.field(lintState).selected);
    const to = { ArrowUp: at - 1, PageUp: at - 1, ArrowDown: at + 1, PageDown: at + 1, Home: 0, End: n - 1 }[e.key];
    if (e.key === "Escape") {
      closePanel();
      view.focus();
    } else if (e.key === "Enter") view.focus();
    else if (to === undefined) return;
    else if (n) move((to + n) % n);
    e.preventDefault();
  };

  let shown = null;
  const update = () => {
    const { diagnostics, selected } = view.state.field(lintState);
    if (diagnostics !== shown) {
      shown = diagnostics;
      const all = diagnostics.length ? diagnostics : [{ severity: "info", message: view.state.phrase("No diagnostics") }];
      list.replaceChildren(...all.map((d, i) => Object.assign(render(d), { id: `cm-lint-item-${i}` })));
      for (const li of list.children) li.setAttribute("role", "option");
    }
    const i = diagnostics.indexOf(selected);
    for (const [k, li] of [...list.children].entries()) {
      if (k === i) li.setAttribute("aria-selected", "true");
      else li.removeAttribute("aria-selected");
    }
    const li = list.children[i];
    if (!li) return list.removeAttribute("aria-activedescendant");
    list.setAttribute("aria-activedescendant", li.id);
    // Scrolls the list only (scrollIntoView would scroll the page too), between layout reads and writes.
    view.requestMeasure({
      key: list,
      read: () => [li.getBoundingClientRect(), list.getBoundingClientRect()],
      write: ([item, box]) => {
        if (item.top < box.top) list.scrollTop -= box.top - item.top;
        else if (item.bottom > box.bottom) list.scrollTop += item.bottom - box.bottom;
      },
    });
  };
  update();
  return { dom, update };
}

// An SVG as a CSS image: the squiggle under a problem's text and the gutter's markers.
const svg = (content, attrs = 'viewBox="0 0 40 40"') =>
  `url('data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>${encodeURIComponent(content)}</svg>')`;
const squiggle = (color) =>
  svg(`<path d="m0 2.5 l2 -1.5 l1 0 l2 1.5 l1 0" stroke="${color}" fill="none" stroke-width=".7"/>`, 'width="6" height="3"');

const baseTheme = EditorView.baseTheme({
  ".cm-diagnostic": { padding: "3px 6px 3px 8px", marginLeft: "-1px", display: "block", whiteSpace: "pre-wrap" },
  ".cm-diagnostic-error": { borderLeft: "5px solid #d11" },
  ".cm-diagnostic-warning": { borderLeft: "5px solid orange" },
  ".cm-diagnostic-info": { borderLeft: "5px solid #999" },
  ".cm-diagnostic-hint": { borderLeft: "5px solid #66d" },
  ".cm-lintRange": { backgroundPosition: "left bottom", backgroundRepeat: "repeat-x", paddingBottom: "0.7px" },
  ".cm-lintRange-error": { backgroundImage: squiggle("#f11") },
  ".cm-lintRange-warning": { backgroundImage: squiggle("orange") },
  ".cm-lintRange-info": { backgroundImage: squiggle("#999") },
  ".cm-lintRange-hint": { backgroundImage: squiggle("#66d") },
  ".cm-tooltip-lint": { padding: 0, margin: 0 },
  ".cm-diagnosticAction": {
    font: "inherit", border: "none", padding: "2px 6px", marginLeft: "8px", borderRadius: "3px",
    backgroundColor: "#444", color: "white", cursor: "pointer",
  },
  ".cm-panel.cm-panel-lint": {
    position: "relative",
    "& ul": {
      maxHeight: "100px", overflowY: "auto", padding: 0, margin: 0,
      "& [aria-selected]": { backgroundColor: "#ddd" },
      "&:focus [aria-selected]": { backgroundColor: "Highlight", color: "HighlightText" },
    },
    "& [name=close]": {
      position: "absolute", top: "0", right: "2px", background: "inherit", border: "none", font: "inherit", padding: 0, margin: 0,
    },
  },
  "&dark .cm-panel.cm-panel-lint ul [aria-selected]": { backgroundColor: "#2e343e" },
  ".cm-gutter-lint": { width: "1.4em", "& .cm-gutterElement": { padding: ".2em" } },
  ".cm-lint-marker": { width: "1em", height: "1em" },
  ".cm-lint-marker-info": {
    content: svg('<path fill="#aaf" stroke="#77e" stroke-width="6" stroke-linejoin="round" d="M5 5L35 5L35 35L5 35Z"/>'),
  },
  ".cm-lint-marker-warning": {
    content: svg('<path fill="#fe8" stroke="#fd7" stroke-width="6" stroke-linejoin="round" d="M20 6L37 35L3 35Z"/>'),
  },
  ".cm-lint-marker-error": { content: svg('<circle cx="20" cy="20" r="15" fill="#f87" stroke="#f43" stroke-width="6"/>') },
});

/** The transaction spec that shows `diagnostics` ({from, to, severity, message}) in place of the last ones. */
export const setDiagnostics = (diagnostics) => ({ effects: setEffect.of(diagnostics) });

/** `state` with no problem popup open: a copy of the editor made from it (editor.js's warm-up)
 * must not show the popup again, nor move the focus to its fix. */
export const withoutPopup = (state) => state.update({ effects: tipEffect.of(null) }).state;

/** The extension: state, squiggles, gutter, popups and styles. */
export const lint = [
  lintState,
  tipState,
  gutter({ class: "cm-gutter-lint", markers: (view) => view.state.field(lintState).markers }),
  hover,
  baseTheme,
];

/** F8, Ctrl/Cmd-. and Ctrl/Cmd-Shift-M. */
export const lintKeymap = [
  { key: "Mod-Shift-m", run: openLintPanel, preventDefault: true },
  { key: "Mod-.", run: openActions },
  { key: "F8", run: nextDiagnostic },
];
