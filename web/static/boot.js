// Starts the wasm app. A separate file because the page's CSP allows no inline script.
// Two modules: the embed's for `?embed=1` (or `true`, as the app reads it), else the playground's,
// so that neither page loads the other's interface. This script is deferred, ahead of editor.js:
// it asks for the module before editor.js runs (an async module script ran after it, and asked
// 25 ms later), and runs the app once the page is parsed and editor.js has run
// (DOMContentLoaded follows the deferred scripts; the app mounts the editor at once). esbuild
// bundles it as a classic script; the glue is imported dynamically.
// The module comes packed (LZMA, its code split into streams: web/loader/unpack.js and
// scripts/pack-wasm.py say why), is unpacked by a small wasm decoder fetched beside it, and is
// compiled as soon as it is put back together, while the glue and the page load; a repeat visit
// compiles the module the first one kept instead (web/loader/module-cache.js).
import { decoder } from "../loader/unpack.js";
import { keep, kept, keyOf } from "../loader/module-cache.js";

const app = ["1", "true"].includes(new URLSearchParams(location.search).get("embed")) ? "embed" : "playground";
const fetched = (url) =>
  fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response;
  });
// The decoder's bytes, fetched with the module's; it is compiled only when a module is unpacked,
// so a repeat visit that compiles a kept module neither compiles it nor fails for want of it.
const unpacker = fetched("pkg/unpack.wasm").then((response) => response.arrayBuffer());
unpacker.catch(() => {});
const packed = fetched(`pkg/${app}_bg.wasm.lzma`);
// The unpacked module, to keep once the app has started.
let unpacked = null;
// Whether the module came from the cache.
let fromCache = false;
/** The app's module: the one a visit kept when `reuse` and there is one, else unpacked. */
const load = async (reuse) => {
  const response = await packed;
  const key = keyOf(app, response, location.href);
  // A repeat visit's module (asked for as soon as the packed file's headers arrive; a first
  // visit's question is answered before its body has arrived).
  const earlier = reuse && key && (await kept(key));
  if (earlier) {
    try {
      const module = await WebAssembly.compileStreaming(earlier);
      fromCache = true;
      return module;
    } catch {
      // Not a module (a damaged entry): unpacked below, and kept anew.
    }
  }
  const [bytes, { unlzma, unsplit }] = await Promise.all([response.arrayBuffer(), unpacker.then(decoder)]);
  const start = performance.now();
  const module = unsplit(unlzma(new Uint8Array(bytes)));
  // The budget test reports it beside the time to the first result.
  performance.measure("dstack:unlzma", { start });
  if (key) unpacked = [key, module];
  return WebAssembly.compile(module);
};
const parsed = new Promise((go) =>
  document.readyState == "complete" || performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd
    ? go()
    : addEventListener("DOMContentLoaded", go),
);
// A variable, not a template literal: esbuild, which bundles this file, leaves it to the browser.
const glue = `./pkg/${app}.js`;
const run = (module, url) => Promise.all([import(url), parsed]).then(([glue]) => glue.default({ module_or_path: module }));
run(load(true), glue)
  // A kept module that the glue cannot start (another build's, under the same header): the
  // module is unpacked, with a fresh copy of the glue (the first keeps the failed module). A
  // panic of the app (a RuntimeError) is its own, and stays on screen.
  .catch((error) => {
    if (!fromCache || error instanceof WebAssembly.RuntimeError) throw error;
    return run(load(false), `${glue}?unpacked`);
  })
  // The app has rendered its first result: the module is kept after the next frame.
  .then(() => unpacked && requestAnimationFrame(() => setTimeout(() => keep(...unpacked))))
  .catch((error) => {
    const box = document.querySelector(".boot");
    if (box) box.textContent = `The playground could not start: ${error}`;
  });

// Page behaviours that need no app state, by event delegation on elements the app renders (a few
// lines here instead of kilobytes of wasm): the pane splitters and the keyboard help.
const MIN = 20;
const MAX = 80;
const STEP = { x: { ArrowRight: 4, ArrowLeft: -4 }, y: { ArrowUp: 4, ArrowDown: -4 } };
const within = (e, selector) => e.target instanceof Element && e.target.closest(selector);

/** Sizes the panes around a splitter: a custom property the stylesheet reads (CSSOM, not a
 * style attribute, which the CSP forbids). */
function resize(handle, size) {
  const value = Math.min(MAX, Math.max(MIN, size));
  handle.closest(".workbench").style.setProperty(handle.dataset.property, `${value.toFixed(1)}%`);
  handle.setAttribute("aria-valuenow", String(Math.round(value)));
}

function sizeAt(handle, e) {
  const r = handle.closest(".workbench").getBoundingClientRect();
  return handle.dataset.axis === "x" ? ((e.clientX - r.left) / r.width) * 100 : ((r.bottom - e.clientY) / r.height) * 100;
}

document.addEventListener("pointerdown", (e) => {
  const handle = within(e, ".splitter");
  if (!handle) return;
  e.preventDefault();
  handle.setPointerCapture(e.pointerId);
  const move = (m) => resize(handle, sizeAt(handle, m));
  handle.addEventListener("pointermove", move);
  handle.addEventListener("lostpointercapture", () => handle.removeEventListener("pointermove", move), { once: true });
});

const help = () => document.getElementById("keyboard-help");

document.addEventListener("keydown", (e) => {
  const handle = within(e, ".splitter");
  if (handle) {
    const now = Number(handle.getAttribute("aria-valuenow"));
    const next = { Home: MIN, End: MAX }[e.key] ?? now + (STEP[handle.dataset.axis][e.key] ?? NaN);
    if (!Number.isNaN(next)) {
      e.preventDefault();
      resize(handle, next);
    }
  } else if (e.key === "?" && !e.ctrlKey && !e.metaKey && !e.altKey && !within(e, ".cm-editor, input, select, textarea, dialog")) {
    e.preventDefault();
    if (!help().open) help().showModal();
  }
});

document.addEventListener("click", (e) => {
  if (within(e, ".help-button")) help().showModal();
  else if (within(e, "#keyboard-help .close")) help().close();
});
