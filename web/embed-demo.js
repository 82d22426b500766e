// The host side of the embedding demo (embed-demo.html): listens to the embedded playgrounds,
// sizes their iframes, sends them messages, and checks the page's own snippets with the JS
// module. A classic script run from <head>, so it listens before the iframes exist. It only ever
// writes text (textContent) into the page.
"use strict";

const PREFIX = "dstack-playground:";
const VERSION = 2;
const LOG_LENGTH = 6;

// The text the first demo starts with (its iframe's #yaml= link), and the same with a typo.
const ORIGINAL = 'type: task\nname: train-llama\npython: "3.11"\ncommands:\n  - pip install -r requirements.txt\n'
  + "  - python train.py\nresources:\n  gpu: 24GB..:1\n";
const TYPO = ORIGINAL.replace("commands:", "comands:");

const plural = (n, noun) => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;

/** The demo section whose iframe is `source`, if any. */
function sectionOf(source) {
  for (const frame of document.querySelectorAll(".demo iframe")) {
    if (frame.contentWindow === source) return frame.closest(".demo");
  }
  return null;
}

/** One line about a message from an iframe. */
function describe(kind, data) {
  switch (kind) {
    case "ready": {
      const o = data.options;
      return `protocol v${data.version}, dstack ${o.dstack_version}, ${o.readonly ? "read-only" : "editable"}, view ${o.view}, height ${o.height}`;
    }
    case "result": {
      const verdict = data.valid ? "valid" : plural(data.errors, "error");
      const offers = data.offers === null ? "no offers until fixed" : plural(data.offers.count, "offer");
      const codes = data.diagnostics.map((d) => `${d.code} at ${d.line}:${d.column}`).join(", ");
      const json = data.normalized ? `, normalized JSON with ${Object.keys(data.normalized).length} keys` : "";
      return `${verdict}, ${plural(data.warnings, "warning")}, ${offers}${codes ? ` (${codes})` : ""}${json}`;
    }
    case "resize":
      return `${data.height} px tall`;
    default:
      return String(data.message);
  }
}

/** Shows a message in its section: the summary line, the log, and data-* for the tests. */
function record(section, kind, data) {
  const text = describe(kind, data);
  if (kind === "ready") section.dataset.ready = "true";
  if (kind === "result") {
    Object.assign(section.dataset, {
      results: String(Number(section.dataset.results || 0) + 1),
      valid: String(data.valid),
      errors: String(data.errors),
      warnings: String(data.warnings),
      offers: String(data.offers === null ? null : data.offers.count),
      codes: data.diagnostics.map((d) => d.code).join(" "),
    });
    section.querySelector(".summary").textContent = text;
  }
  if (kind === "resize") section.dataset.height = String(data.height);
  if (kind === "error") section.dataset.error = String(data.message);
  const item = document.createElement("li");
  const badge = document.createElement("span");
  badge.className = `kind ${kind}`;
  badge.textContent = kind;
  item.append(badge, ` ${text}`);
  const log = section.querySelector(".log");
  log.prepend(item);
  while (log.children.length > LOG_LENGTH) log.lastElementChild.remove();
}

window.addEventListener("message", (event) => {
  // Our iframes are on this page's origin; anything else is not for this page.
  if (event.origin !== location.origin) return;
  const data = event.data;
  if (!data || typeof data.type !== "string" || !data.type.startsWith(PREFIX)) return;
  const section = sectionOf(event.source);
  if (!section) return;
  const kind = data.type.slice(PREFIX.length);
  // height=auto: the iframe says how tall its content is; no inner scrollbar.
  if (kind === "resize" && Number.isFinite(data.height)) section.querySelector("iframe").style.height = `${data.height}px`;
  record(section, kind, data);
});

/** Posts a protocol message to the iframe of `section`, to this origin only. */
function send(section, message) {
  section.querySelector("iframe").contentWindow.postMessage({ version: VERSION, ...message }, location.origin);
}

function wireButtons() {
  const section = document.querySelector('.demo[data-snippet="valid"]');
  const messages = {
    typo: { type: `${PREFIX}set-text`, text: TYPO },
    original: { type: `${PREFIX}set-text`, text: ORIGINAL },
    "get-result": { type: `${PREFIX}get-result`, normalized: true },
  };
  for (const button of section.querySelectorAll("button[data-send]")) {
    button.addEventListener("click", () => send(section, messages[button.dataset.send]));
  }
}

/** The list under a snippet checked in the page. */
function verdict(result, link) {
  const caption = document.createDocumentFragment();
  const head = document.createElement("p");
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = result.diagnostics.filter((d) => d.severity === "warning").length;
  head.className = errors ? "head invalid" : "head valid";
  head.textContent = errors
    ? `${plural(errors, "error")}: dstack would reject it`
    : `dstack accepts it${warnings ? `, with ${plural(warnings, "warning")}` : ""} · ${plural(result.offers.count, "matching offer")}`;
  const open = document.createElement("a");
  open.href = link;
  open.target = "_blank";
  open.rel = "noopener";
  open.textContent = "Open in playground";
  head.append(" · ", open);
  caption.append(head);
  if (result.diagnostics.length) {
    const list = document.createElement("ul");
    for (const d of result.diagnostics) {
      const item = document.createElement("li");
      item.className = d.severity;
      const code = document.createElement("code");
      code.textContent = d.code;
      item.append(code, ` line ${d.range.start.line}, column ${d.range.start.column}: ${d.message}`);
      list.append(item);
    }
    caption.append(list);
  }
  return caption;
}

async function checkSnippets() {
  const figures = document.querySelectorAll("figure[data-check]");
  try {
    // Loaded on demand, after the listener above is in place: it fetches its own wasm.
    const { check, shareLink } = await import("./js/browser.js");
    const playground = new URL("./", location.href).href;
    for (const figure of figures) {
      const text = figure.querySelector("pre").textContent;
      const result = check(text, { offers: true, file: `embed-demo.html#${figure.dataset.check}` });
      figure.dataset.codes = result.diagnostics.map((d) => d.code).join(" ");
      figure.dataset.offers = String(result.offers ? result.offers.count : null);
      figure.querySelector("figcaption").replaceChildren(verdict(result, shareLink(text, playground)));
    }
  } catch (error) {
    for (const figure of figures) figure.querySelector("figcaption").textContent = `The JS module did not load: ${error}`;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  wireButtons();
  checkSnippets();
});
