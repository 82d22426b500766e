// The completion list: opens while typing (and on Ctrl-Space) with the app's answer at the cursor,
// ArrowUp/ArrowDown/PageUp/PageDown choose, Enter (or a click) accepts, Escape closes. Tab stays
// indentation, as in CodeMirror's own list: the list also opens on a new line's indentation.
// @codemirror/autocomplete does this and more (many sources, filtering, snippets with fields) for
// 11 KB of gzip; the app's one answer is already ranked and filtered, so this part is enough. The
// list is computed in the keystroke's own transaction, so it is drawn in the keystroke's frame.
// Class names and ARIA attributes are that package's, so the page's theme and the tests see the same DOM.
import { StateEffect, StateField, Prec } from "@codemirror/state";
import { EditorView, keymap, showTooltip, getTooltip } from "@codemirror/view";

const startEffect = StateEffect.define();
const closeEffect = StateEffect.define();
const selectEffect = StateEffect.define();

// The list ignores keys for its first 75 ms, so that Enter typed as it appears is a new line.
const INTERACTION_DELAY = 75;

// Keys end their insert with ": ", "- " or a new indented line: what comes next is offered at once.
const OPENS_VALUE = /(: |- |\n *)$/;

// The app's answer at the main cursor: [from, to, then per item label, kind, detail, insert], or
// null. One per page: every editor asks the same app.
let source = () => null;

// The open list: { from, r (the answer), selected, at (when it opened), id, tooltip }, or null.
// A new answer keeps the tooltip (and its DOM) while its position stays.
function query(state, open) {
  const r = source(state);
  if (!r || r.length < 6) return null;
  return {
    from: r[0], r, selected: 0, at: open ? open.at : Date.now(),
    id: open ? open.id : `cm-ac-${Math.floor(Math.random() * 2e6).toString(36)}`,
    tooltip: open && open.from === r[0] ? open.tooltip : { pos: r[0], create: (view) => new List(view) },
  };
}

const field = StateField.define({
  create: () => null,
  update(open, tr) {
    // Typing asks again; so does Backspace inside the word being completed. Any other edit or
    // cursor move closes the list.
    const backspace = open && tr.isUserEvent("delete.backward") && tr.startState.selection.main.head > open.from;
    if (tr.isUserEvent("input.type") || backspace || tr.effects.some((e) => e.is(startEffect))) open = query(tr.state, open);
    else if (tr.docChanged || tr.selection) open = null;
    for (const e of tr.effects) {
      if (e.is(closeEffect)) open = null;
      else if (e.is(selectEffect) && open) open = { ...open, selected: e.value };
    }
    return open;
  },
  provide: (f) => [
    showTooltip.from(f, (open) => open && open.tooltip),
    EditorView.contentAttributes.from(f, (open) => (open
      ? { "aria-autocomplete": "list", "aria-haspopup": "listbox", "aria-controls": open.id, "aria-activedescendant": `${open.id}-${open.selected}` }
      : { "aria-autocomplete": "list" })),
  ],
});

/** Whether `state` shows the completion list. */
export const completionOpen = (state) => !!state.field(field, false);

// The list when it may take keys, else null.
function ready(view) {
  const open = view.state.field(field);
  return open && Date.now() - open.at >= INTERACTION_DELAY ? open : null;
}

function start(view) {
  view.dispatch({ effects: startEffect.of(null) });
  return true;
}

function close(view) {
  if (!view.state.field(field)) return false;
  view.dispatch({ effects: closeEffect.of(null) });
  return true;
}

// Arrows go round the list; pages stop at its ends.
const move = (step, page) => (view) => {
  const open = ready(view);
  if (!open) return false;
  const n = (open.r.length - 2) / 4;
  const dom = page && getTooltip(view, open.tooltip)?.dom;
  const li = dom && dom.querySelector("li");
  const to = open.selected + step * (li ? Math.max(2, Math.floor(dom.offsetHeight / li.offsetHeight) - 1) : 1);
  view.dispatch({ effects: selectEffect.of(page ? Math.min(Math.max(to, 0), n - 1) : (to + n) % n) });
  return true;
};

function accept(view) {
  const open = ready(view);
  if (!open || view.state.readOnly) return false;
  apply(view, open, open.selected);
  return true;
}

/** The extension; `answer(state)` gives the items at the main cursor (see `source`). */
export function completion(answer) {
  source = answer;
  return [
    field,
    Prec.highest(keymap.of([
      { key: "Ctrl-Space", run: start },
      { mac: "Alt-`", run: start },
      { key: "Escape", run: close },
      { key: "ArrowDown", run: move(1) },
      { key: "ArrowUp", run: move(-1) },
      { key: "PageDown", run: move(1, true) },
      { key: "PageUp", run: move(-1, true) },
      { key: "Enter", run: accept },
    ])),
    // Leaving the editor closes the list (after the focus change, outside any update).
    EditorView.domEventHandlers({ blur: (e, view) => { setTimeout(() => close(view), 10); } }),
    baseTheme,
  ];
}

/** Inserts the `i`-th item of `open` in place of the word being completed; an item that opens a
 * value (a key's ": ") opens the list again in the same change. */
function apply(view, open, i) {
  const insert = open.r[4 * i + 5];
  const from = open.from;
  view.dispatch({
    changes: { from, to: open.r[1], insert },
    selection: { anchor: from + insert.length },
    scrollIntoView: true,
    userEvent: "input.complete",
    effects: OPENS_VALUE.test(insert) ? startEffect.of(null) : [],
  });
}

/** The list's DOM: an option per item (label, and a value's detail), the selected key's doc beside it. */
class List {
  constructor(view) {
    this.view = view;
    this.dom = document.createElement("div");
    this.dom.className = "cm-tooltip-autocomplete";
    // A click accepts; the editor keeps the focus.
    this.dom.onmousedown = (e) => {
      const li = e.target.closest("li");
      const open = view.state.field(field);
      if (li && open) apply(view, open, [...li.parentNode.children].indexOf(li));
      e.preventDefault();
    };
    this.open = null;
    this.update();
  }
  update() {
    const open = this.view.state.field(field);
    if (!open || open === this.open) return;
    const { r, id, selected } = open;
    if (!this.open || this.open.r !== r) {
      const ul = document.createElement("ul");
      ul.id = id;
      ul.setAttribute("role", "listbox");
      ul.setAttribute("aria-label", this.view.state.phrase("Completions"));
      for (let i = 2; i < r.length; i += 4) {
        const li = ul.appendChild(document.createElement("li"));
        li.id = `${id}-${(i - 2) / 4}`;
        li.setAttribute("role", "option");
        li.appendChild(document.createElement("span")).className = "cm-completionLabel";
        li.lastChild.textContent = r[i];
        // A key's doc is a sentence, shown beside the list; a value's detail is short, shown in its row.
        if (r[i + 1] === "value" && r[i + 2]) {
          li.appendChild(document.createElement("span")).className = "cm-completionDetail";
          li.lastChild.textContent = r[i + 2];
        }
      }
      this.dom.replaceChildren(ul);
      this.list = ul;
      this.shown = -1;
    }
    this.open = open;
    if (selected !== this.shown) this.select(selected, r);
  }
  select(selected, r) {
    this.shown = selected;
    this.info?.remove();
    this.info = null;
    for (const li of this.list.children) {
      li.removeAttribute("aria-selected");
      li.removeAttribute("aria-describedby");
    }
    const li = this.list.children[selected];
    li.setAttribute("aria-selected", "true");
    const doc = r[4 * selected + 3] === "value" ? "" : r[4 * selected + 4];
    if (doc) {
      const info = (this.info = this.dom.appendChild(document.createElement("div")));
      info.className = "cm-tooltip cm-completionInfo";
      info.id = `${this.list.id}-info`;
      info.textContent = doc;
      li.setAttribute("aria-describedby", info.id);
    }
    // Scrolls the list to the option and puts the doc beside it (below the list when the window
    // has no room on the right), between layout reads and writes.
    const { list, info } = this;
    this.view.requestMeasure({
      key: this,
      read: () => {
        const box = list.getBoundingClientRect();
        const item = li.getBoundingClientRect();
        const scroll = item.top < box.top ? item.top - box.top : item.bottom > box.bottom ? item.bottom - box.bottom : 0;
        const right = !info || box.right + info.offsetWidth <= document.documentElement.clientWidth;
        return { scroll, top: item.top - box.top - scroll, right };
      },
      write: ({ scroll, top, right }) => {
        list.scrollTop += scroll;
        if (info) info.style.cssText = right ? `left: 100%; top: ${top}px` : "left: 0; top: 100%";
      },
    });
  }
}

// Layout only: the page's theme (editor.js) gives the fonts and colours.
const baseTheme = EditorView.baseTheme({
  ".cm-tooltip-autocomplete > ul": {
    whiteSpace: "nowrap", overflow: "hidden auto", maxWidth: "min(700px, 95vw)", minWidth: "250px", maxHeight: "10em",
    listStyle: "none", margin: 0, padding: 0,
    "& > li": { padding: "1px 3px", lineHeight: 1.2, overflowX: "hidden", textOverflow: "ellipsis", cursor: "pointer" },
  },
  ".cm-completionInfo": { position: "absolute", padding: "3px 9px", width: "max-content", boxSizing: "border-box", whiteSpace: "pre-line" },
});
