// The docs drop-in: one <script> (MkDocs: one line of `extra_javascript`) that puts a bar on
// every dstack YAML block of a page: a verdict badge, "Open in playground" and "Try it", which
// swaps the block for the live embed and back. The bar sits on the block's bottom edge, like
// Material's copy button on its top edge, out of the flow: the script runs after the page's first
// paint, so a bar under the block would push the page down (a layout shift); under the embed,
// which the reader asked for, it is in the flow. Badges come from the page itself when the MkDocs
// hook (dstack_check_hook.py) wrote the build's results into it; otherwise, with `badges=live`,
// from the JS module, fetched when a block first comes into view. The playground itself is fetched
// only on "Try it". Links, the embed and live checks use the site's dstack release (`version`, else
// the one the hook judged the page by; neither: the newest), and each badge names the release that
// judged it. Everything is added next to the page's own elements, never in place of them,
// so a page whose script does not load is the page as written.
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || window.dstackDropinLoaded) return;
  window.dstackDropinLoaded = true;

  const PREFIX = "dstack-playground:";
  const TYPES = ["task", "service", "dev-environment", "fleet", "gateway", "volume", "preset"];
  const SCRIPT_URL = new URL(script.src, location.href);
  // Options: a `window.dstackDropin` object, then `data-*` on the script tag, then the script's query.
  const given = window.dstackDropin || {};
  const option = (name, fallback) =>
    given[name] ?? script.dataset[name] ?? SCRIPT_URL.searchParams.get(name) ?? fallback;
  const PLAYGROUND = new URL(option("playground", "../"), SCRIPT_URL).href;
  const ORIGIN = new URL(PLAYGROUND).origin;
  // The release the site documents; empty: the build's, else the playground's newest.
  const VERSION = String(option("version", ""));
  // Code blocks; their text decides whether they are dstack's (Pygments' markup does not name YAML).
  const BLOCKS = option("blocks", "div.highlight, pre > code");
  const BADGES = option("badges", "auto"); // auto: the build's results, else none · live · off
  const bars = new Set();

  const plural = (n, noun) => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;

  /** FNV-1a (32 bits) of the UTF-8 text, as hex: the key of a block in the build's results. */
  function hash(text) {
    let h = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    return h.toString(16).padStart(8, "0");
  }

  /** The block's YAML as the Markdown had it, without the fence's blank edges. */
  const normalize = (text) => text.replace(/^\n+|\s+$/g, "");

  /** The build's results of the page (template.dstack-check-results), by block hash; `dstack`: their release. */
  function buildResults(root) {
    const results = new Map();
    for (const node of root.querySelectorAll("template.dstack-check-results")) {
      try {
        const { dstack, blocks } = JSON.parse(node.content.textContent);
        results.dstack = dstack;
        for (const block of blocks) {
          if (block.result) block.result.dstack = dstack;
          results.set(block.hash, block);
        }
      } catch {
        // A page whose results cannot be read gets no build badges, nothing worse.
      }
    }
    return results;
  }

  /** The comment just before `node` or one of its ancestors, if it is a dstack-check marker. */
  function markerBefore(node) {
    for (let n = node; n && n !== document.body; n = n.parentNode) {
      let previous = n.previousSibling;
      while (previous && previous.nodeType === Node.TEXT_NODE && !previous.textContent.trim()) {
        previous = previous.previousSibling;
      }
      if (previous && previous.nodeType === Node.COMMENT_NODE) {
        const found = /dstack-check:\s*(skip|check)/.exec(previous.textContent);
        if (found) return found[1];
      }
      if (previous) return null;
    }
    return null;
  }

  /** `check` (a block of any dstack type), `skip`, or null for YAML that is not dstack's. */
  function classify(element, text) {
    const inside = /^\s*#\s*dstack-check:\s*(skip|check)\s*$/m.exec(text);
    const marker = markerBefore(element) || (inside && inside[1]);
    if (marker) return marker;
    const type = /^type:[ \t]*["']?([a-z-]+)["']?[ \t]*(#.*)?$/m.exec(text);
    if (!type || !TYPES.includes(type[1])) return null;
    return "check";
  }

  const theme = () => {
    const scheme = document.body.getAttribute("data-md-color-scheme");
    if (!scheme) return "auto";
    return scheme === "slate" ? "dark" : "light";
  };

  function base64url(bytes) {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  /** The share fragment: `#c=` (raw DEFLATE, base64url) where the browser compresses, else `#yaml=`. */
  async function fragment(text) {
    if (typeof CompressionStream !== "function") return `#yaml=${encodeURIComponent(text)}`;
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    return `#c=${base64url(new Uint8Array(await new Response(stream).arrayBuffer()))}`;
  }

  /** Badge text and verdict from counts: `{ errors, warnings, offers }` (offers: a count or null). */
  function verdict({ errors, warnings, offers }) {
    const count = offers === null || offers === undefined ? "" : ` · ${plural(offers, "offer")}`;
    if (errors > 0) return ["errors", `✗ ${plural(errors, "error")}`];
    if (warnings > 0) return ["warnings", `⚠ ${plural(warnings, "warning")}${count}`];
    return ["valid", `✓ valid${count}`];
  }

  function showBadge(bar, state, text, title = "") {
    const badge = bar.querySelector(".dstack-dropin-badge");
    badge.dataset.verdict = state;
    badge.textContent = text;
    badge.title = title;
  }

  const judged = (release) => (release ? `checked against dstack ${release}` : "");

  /** The badge a block shows for the example as written. */
  function exampleBadge(bar) {
    const { kind, result, version } = bar.dstack;
    if (BADGES === "off") return showBadge(bar, "none", "");
    // A build whose dstack-check predates a type names the type instead of a verdict.
    if (kind !== "check") return showBadge(bar, "not-checked", `${kind}: not checked`, "the dstack-check that built this page did not check this type");
    // A verdict under another release (or none: the module does not know `version`) is not shown.
    if (result && version && result.dstack !== version) {
      return showBadge(bar, "not-checked", `not checked for dstack ${version}`);
    }
    if (result) {
      const [state, text] = verdict(result);
      const where = (result.diagnostics || []).map((d) => `${d.code} at ${d.line}:${d.column} ${d.message}`);
      return showBadge(bar, state, text, [judged(result.dstack), ...where].join("\n").trim());
    }
    if (viewer) return showBadge(bar, "pending", "checking…");
    return showBadge(bar, "none", "");
  }

  let module = null;
  /** The JS module, imported once (about 283 KB gzip with its wasm): only for `badges=live`. */
  const checker = () => (module ??= import(new URL("js/browser.js", PLAYGROUND).href));

  /** Badges every block still waiting for its live check: the module is there once, for all. */
  function checkPending({ check }) {
    for (const bar of bars) {
      const state = bar.dstack;
      if (state.kind !== "check" || state.result) continue;
      viewer.unobserve(bar);
      let r;
      try {
        r = check(state.text, { offers: true, dstack: state.version || undefined });
      } catch {
        // A release the module does not check (a RangeError): the verdict of none.
        r = { diagnostics: [] };
      }
      const count = (s) => r.diagnostics.filter((d) => d.severity === s).length;
      state.result = {
        errors: count("error"),
        warnings: count("warning"),
        // A fleet, gateway, volume or preset gets no offers: its estimate says what it `needs`.
        offers: r.offers && !r.offers.needs ? r.offers.count : null,
        // Problems only, as the hook writes them: infos are the playground's.
        diagnostics: r.diagnostics
          .filter((d) => d.severity !== "info")
          .map((d) => ({ ...d, line: d.range.start.line, column: d.range.start.column })),
        dstack: r.dstack_version,
      };
      if (!state.frame || state.frame.hidden) exampleBadge(bar);
    }
  }

  // Live badges: the module is fetched when the first block comes into view.
  const viewer =
    BADGES === "live" && typeof IntersectionObserver === "function"
      ? new IntersectionObserver((entries) => {
          if (!entries.some((entry) => entry.isIntersecting)) return;
          checker()
            .then(checkPending)
            .catch(() => {
              for (const bar of bars) if (!bar.dstack.result) showBadge(bar, "none", "");
            });
        })
      : null;

  function embedUrl(text, version) {
    const url = new URL(PLAYGROUND);
    url.searchParams.set("embed", "1");
    url.searchParams.set("height", "auto");
    url.searchParams.set("theme", theme());
    url.searchParams.set("origin", location.origin);
    if (version) url.searchParams.set("version", version);
    return fragment(text).then((hash) => url.href + hash);
  }

  /** "Try it": the live embed in place of the block, at the block's height until it reports its own. */
  function toggle(bar) {
    const state = bar.dstack;
    const button = bar.querySelector(".dstack-dropin-try");
    if (state.frame && !state.frame.hidden) {
      state.frame.hidden = true;
      state.block.hidden = false;
      state.block.append(bar);
      button.textContent = "Try it";
      button.setAttribute("aria-pressed", "false");
      exampleBadge(bar);
      return;
    }
    if (!state.frame) {
      const frame = document.createElement("iframe");
      frame.className = "dstack-dropin-frame";
      frame.title = "dstack playground: edit and check this example";
      frame.style.height = `${state.block.offsetHeight}px`;
      embedUrl(state.text, state.version).then((src) => (frame.src = src));
      state.frame = frame;
      state.block.after(frame);
    }
    state.frame.hidden = false;
    state.block.hidden = true;
    // Under the embed, in the flow: a shift the reader asked for is not a layout shift.
    state.frame.after(bar);
    button.textContent = "Back to the example";
    button.setAttribute("aria-pressed", "true");
  }

  function onMessage(event) {
    if (event.origin !== ORIGIN || typeof event.data?.type !== "string" || !event.data.type.startsWith(PREFIX)) return;
    for (const bar of bars) {
      const frame = bar.dstack.frame;
      if (!frame || frame.contentWindow !== event.source) continue;
      const data = event.data;
      if (data.type === `${PREFIX}resize`) frame.style.height = `${data.height}px`;
      if (data.type === `${PREFIX}result` && !frame.hidden) {
        const [state, text] = verdict({ errors: data.errors, warnings: data.warnings, offers: data.offers && data.offers.count });
        showBadge(bar, state, text, `live result of your edits${data.dstack_version ? `, ${judged(data.dstack_version)}` : ""}`);
      }
    }
  }

  function onScheme() {
    const message = { type: `${PREFIX}set-options`, version: 2, options: { theme: theme() } };
    for (const bar of bars) bar.dstack.frame?.contentWindow?.postMessage(message, ORIGIN);
  }

  /** The bar of a block; `version`: the release its links and checks use, empty for the newest. */
  function bar(block, text, kind, result, version) {
    const element = document.createElement("div");
    element.className = "dstack-dropin";
    const badge = document.createElement("span");
    badge.className = "dstack-dropin-badge";
    const open = document.createElement("a");
    open.className = "dstack-dropin-open";
    open.textContent = "Open in playground";
    open.target = "_blank";
    open.rel = "noopener";
    // Share links: `#c=…&v=VERSION`, no `v` for the newest.
    const link = (hash) => (open.href = PLAYGROUND + hash + (version ? `&v=${encodeURIComponent(version)}` : ""));
    link(`#yaml=${encodeURIComponent(text)}`);
    fragment(text).then(link, () => {});
    const button = document.createElement("button");
    button.type = "button";
    button.className = "dstack-dropin-try";
    button.textContent = "Try it";
    button.setAttribute("aria-pressed", "false");
    element.append(badge, open, button);
    element.dstack = { block, text, kind, result, version, frame: null };
    button.addEventListener("click", () => toggle(element));
    return element;
  }

  /** Wires every dstack block of the page not wired yet; run again after each instant navigation. */
  function wire() {
    for (const old of bars) if (!old.isConnected) bars.delete(old);
    const results = buildResults(document);
    for (const found of document.querySelectorAll(BLOCKS)) {
      const block = found.matches("code") ? found.closest(".highlight") || found.parentElement : found;
      if (block.dataset.dstackDropin) continue;
      block.dataset.dstackDropin = "seen";
      const code = block.querySelector("code") || block;
      const text = `${normalize(code.textContent)}\n`;
      const built = results.get(hash(normalize(text)));
      const kind = built ? built.kind : classify(block, text);
      if (!kind || kind === "skip") continue;
      block.dataset.dstackDropin = "wired";
      const element = bar(block, text, kind, built && built.result, VERSION || results.dstack);
      block.append(element);
      bars.add(element);
      exampleBadge(element);
      if (kind === "check" && !element.dstack.result && viewer) viewer.observe(element);
    }
  }

  const style = document.createElement("style");
  style.textContent = `
[data-dstack-dropin=wired]{position:relative}
[data-dstack-dropin=wired]>.dstack-dropin{position:absolute;right:.5em;bottom:.45em;padding:0 .5em;border-radius:.2em;background:var(--md-code-bg-color,#f5f5f5)}
.dstack-dropin{display:flex;align-items:center;gap:.8em;font-size:.6rem;line-height:1.9em;margin:0 0 1em}
.dstack-dropin-badge{font-weight:600}
.dstack-dropin-badge[data-verdict=valid]{color:#1a7f37}.dstack-dropin-badge[data-verdict=errors]{color:#cf222e}
.dstack-dropin-badge[data-verdict=warnings]{color:#9a6700}.dstack-dropin-badge[data-verdict=not-checked],.dstack-dropin-badge[data-verdict=pending]{opacity:.7}
[data-md-color-scheme=slate] .dstack-dropin-badge[data-verdict=valid]{color:#3fb950}[data-md-color-scheme=slate] .dstack-dropin-badge[data-verdict=errors]{color:#f85149}
[data-md-color-scheme=slate] .dstack-dropin-badge[data-verdict=warnings]{color:#d29922}
.dstack-dropin-try{font:inherit;color:var(--md-accent-fg-color,#526cfe);background:none;border:1px solid currentColor;border-radius:.2em;padding:0 .6em;line-height:1.6em;cursor:pointer}
.dstack-dropin-frame{display:block;box-sizing:content-box;width:100%;border:1px solid var(--md-default-fg-color--lightest,#d0d7de);border-radius:.2em;margin:1em 0}
.dstack-dropin-frame[hidden]{display:none}`;
  document.head.append(style);
  addEventListener("message", onMessage);
  new MutationObserver(onScheme).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  wire();
  // Material's instant navigation swaps the page's content without loading scripts again.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(wire);
  else new MutationObserver(wire).observe(document.body, { childList: true, subtree: true });
})();
