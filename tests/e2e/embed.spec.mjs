// Embed mode (?embed=1), the postMessage protocol (v1) and the embedding demo page.
// Expected results come from the JS module (target/js, built with dist/ by build-web.sh), which
// the conformance tests tie to the CLI: the embed must report exactly what `check` does.
import { test, expect, editorText } from "./helpers.mjs";
import * as dstackJs from "../../target/js/index.js";
import { readmeBlock } from "../js/readme-blocks.mjs";

const PREFIX = "dstack-playground:";
// The demo's first snippet, as its iframe's #yaml= link carries it (web/embed-demo.html).
const ORIGINAL = 'type: task\nname: train-llama\npython: "3.11"\ncommands:\n  - pip install -r requirements.txt\n'
  + "  - python train.py\nresources:\n  gpu: 24GB..:1\n";
const ERROR_SNIPPET = "type: task\ncommands:\n  - python train.py\nresources:\n  gpu: A100\nspot_polcy: auto\n";
const READONLY_SNIPPET = "type: task\nname: multi-node\nnodes: 2\ncommands:\n"
  + "  - torchrun --nnodes=$DSTACK_NODES_NUM train.py\nresources:\n  gpu: H100:8\n";

const { readShareLink, defaultDstackVersion } = dstackJs;
// The embeds of these tests check against dstack 0.18.37 (`version=0.18.37`), and so does the JS
// module here.
const RELEASE = "0.18.37";
const check = (text, options = {}) => dstackJs.check(text, { ...options, dstack: RELEASE });

/** What a `result` message must say about `text`, from the JS module under dstack `release`
 * (0.18.37, as the embeds of these tests are pinned). */
function expected(text, release = RELEASE) {
  const r = dstackJs.check(text, { offers: true, dstack: release });
  const count = (s) => r.diagnostics.filter((d) => d.severity === s).length;
  return {
    dstack_version: release,
    parsed: r.parsed,
    valid: count("error") === 0,
    errors: count("error"),
    warnings: count("warning"),
    infos: count("info"),
    offers: r.offers ? { count: r.offers.count } : null,
    diagnostics: r.diagnostics.map((d) => ({
      severity: d.severity, code: d.code, message: d.message, line: d.range.start.line, column: d.range.start.column,
    })),
  };
}

/** The number of matching offers in an expected `result`, `null` while there are errors. */
const offerCount = (want) => (want.offers ? want.offers.count : null);

const section = (name) => `.demo[data-snippet="${name}"]`;
const frameOf = (page, name) => page.frameLocator(`${section(name)} iframe`);

/** The editor text inside the iframe `selector` picks. */
async function editorTextIn(page, selector) {
  const frame = await (await page.locator(selector).elementHandle()).contentFrame();
  return frame.evaluate(() => window.DstackEditor.textOf(document.querySelector('[data-testid="editor"]')));
}

const frameText = (page, name) => editorTextIn(page, `${section(name)} iframe`);

/** Records every protocol message the page receives, with the index of the iframe it came from. */
async function recordMessages(page) {
  await page.evaluate((prefix) => {
    window.__received = [];
    window.addEventListener("message", (e) => {
      if (typeof e.data?.type !== "string" || !e.data.type.startsWith(prefix)) return;
      const from = [...document.querySelectorAll("iframe")].findIndex((f) => f.contentWindow === e.source);
      window.__received.push({ from, origin: e.origin, data: e.data });
    });
  }, PREFIX);
}

/** Messages of `kind` received from iframe number `from` since recordMessages. */
async function received(page, from, kind) {
  return page.evaluate(
    ([from, type]) => window.__received.filter((m) => m.from === from && m.data.type === type).map((m) => m.data),
    [from, `${PREFIX}${kind}`],
  );
}

/** Posts `message` (with version 2 unless it has one) to iframe number `index`. */
async function post(page, index, message) {
  await page.evaluate(([index, message]) => {
    document.querySelectorAll("iframe")[index].contentWindow.postMessage({ version: 2, ...message }, location.origin);
  }, [index, message]);
}

async function openDemo(page) {
  await page.goto("/embed-demo.html");
  for (const name of ["valid", "error", "readonly"]) {
    await expect(page.locator(section(name))).toHaveAttribute("data-ready", "true");
    await expect(page.locator(section(name))).toHaveAttribute("data-results", /^[1-9]/);
  }
}

test.describe("the demo page", () => {
  test("its three embeds report ready and the results the JS module gives", async ({ page }) => {
    await openDemo(page);
    const snippets = { valid: ORIGINAL, error: ERROR_SNIPPET, readonly: READONLY_SNIPPET };
    for (const [name, text] of Object.entries(snippets)) {
      const want = expected(text);
      const demo = page.locator(section(name));
      await expect(demo).toHaveAttribute("data-errors", String(want.errors));
      await expect(demo).toHaveAttribute("data-warnings", String(want.warnings));
      await expect(demo).toHaveAttribute("data-offers", String(offerCount(want)));
      await expect(demo).toHaveAttribute("data-codes", want.diagnostics.map((d) => d.code).join(" "));
      expect(await frameText(page, name)).toBe(text);
      const bar = frameOf(page, name).locator('[data-testid="status"]');
      await expect(bar).toHaveAttribute("data-errors", String(want.errors));
    }
    // Exact values, so a silent change in the checker or the catalog shows up here too.
    await expect(page.locator(section("valid"))).toHaveAttribute("data-offers", "649");
    await expect(page.locator(section("error"))).toHaveAttribute("data-errors", "1");
    await expect(page.locator(section("error"))).toHaveAttribute("data-codes", "E102");
    await expect(page.locator(section("error"))).toHaveAttribute("data-offers", "null");
    await expect(page.locator(section("readonly"))).toHaveAttribute("data-offers", "36");
    await expect(frameOf(page, "error").locator('[data-testid="problem"][data-code="E102"]')).toHaveAttribute("data-line", "6");
    await expect(frameOf(page, "readonly").locator('[data-testid="offers-summary"]')).toHaveAttribute("data-count", "36");
    await expect(page.locator(`${section("valid")} .log li`).last()).toHaveText(
      "ready protocol v2, dstack 0.18.37, editable, view none, height auto",
    );
  });

  test("its own snippets are checked in the page by the JS module", async ({ page }) => {
    await page.goto("/embed-demo.html");
    const figures = page.locator("figure[data-check]");
    await expect(figures).toHaveCount(3);
    for (const figure of await figures.all()) {
      const text = await figure.locator("pre").textContent();
      // The demo page checks its snippets under the module's default release.
      const want = expected(text, defaultDstackVersion());
      await expect(figure).toHaveAttribute("data-codes", want.diagnostics.map((d) => d.code).join(" "));
      await expect(figure).toHaveAttribute("data-offers", String(offerCount(want)));
      const link = await figure.getByRole("link", { name: "Open in playground" }).getAttribute("href");
      expect(readShareLink(link)).toBe(text);
    }
    // I003: the defaults dstack 0.18.37 and 0.22.5 fill in differently for this valid snippet.
    await expect(page.locator('figure[data-check="ports"]')).toHaveAttribute("data-codes", "W002 I003");
    await expect(page.locator('figure[data-check="spot"]')).toHaveAttribute("data-codes", "E105");
    await expect(page.locator('figure[data-check="spot"] figcaption li')).toHaveText(
      "E105 line 5, column 14: expected one of `spot`, `on-demand`, `auto`, found the string `sometimes`",
    );
    // The count the JS module finds under the default release, with a thousands separator.
    const cpu = expected(await page.locator('figure[data-check="cpu"] pre').textContent(), defaultDstackVersion());
    expect(offerCount(cpu)).toBeGreaterThan(999);
    await expect(page.locator('figure[data-check="cpu"] figcaption')).toContainText(
      `dstack accepts it · ${offerCount(cpu).toLocaleString("en-US")} matching offers`,
    );
  });
});

test.describe("messages from the host", () => {
  test("set-text replaces the text and a result follows; the demo's buttons do the same", async ({ page }) => {
    await openDemo(page);
    await recordMessages(page);
    const text = "type: task\ncommands: [nvidia-smi]\nnodes: 0\n";
    await post(page, 0, { type: `${PREFIX}set-text`, text });
    await expect.poll(() => received(page, 0, "result")).toHaveLength(1);
    expect((await received(page, 0, "result"))[0]).toEqual({ type: `${PREFIX}result`, version: 2, ...expected(text) });
    expect(await frameText(page, "valid")).toBe(text);
    await expect(frameOf(page, "valid").locator('[data-testid="status"]')).toHaveAttribute("data-state", "invalid");

    const typo = ORIGINAL.replace("commands:", "comands:");
    await page.getByRole("button", { name: "Send a typo" }).click();
    await expect(page.locator(section("valid"))).toHaveAttribute("data-codes", "E118 E102");
    expect(await frameText(page, "valid")).toBe(typo);
    await page.getByRole("button", { name: "Send the original" }).click();
    await expect(page.locator(section("valid"))).toHaveAttribute("data-errors", "0");
    expect(await frameText(page, "valid")).toBe(ORIGINAL);
    // The host's text is one undoable change, like a paste.
    await frameOf(page, "valid").locator(".cm-content").click();
    await page.keyboard.press("Control+z");
    await expect.poll(() => frameText(page, "valid")).toBe(typo);
  });

  test("get-result answers at once, with the normalized JSON when asked", async ({ page }) => {
    await openDemo(page);
    await recordMessages(page);
    await post(page, 1, { type: `${PREFIX}get-result` });
    await post(page, 2, { type: `${PREFIX}get-result`, normalized: true });
    await expect.poll(() => received(page, 1, "result")).toHaveLength(1);
    await expect.poll(() => received(page, 2, "result")).toHaveLength(1);
    expect((await received(page, 1, "result"))[0]).toEqual({ type: `${PREFIX}result`, version: 2, ...expected(ERROR_SNIPPET) });
    const normalized = check(READONLY_SNIPPET).normalized;
    expect((await received(page, 2, "result"))[0]).toEqual({
      type: `${PREFIX}result`, version: 2, ...expected(READONLY_SNIPPET), normalized,
    });
  });

  test("set-options switches the dstack release at once; every result names the release", async ({ page }) => {
    await openDemo(page);
    await recordMessages(page);
    await post(page, 0, { type: `${PREFIX}set-options`, options: { dstack_version: "0.22.5" } });
    await expect.poll(() => received(page, 0, "result")).toHaveLength(1);
    expect((await received(page, 0, "result"))[0].dstack_version).toBe("0.22.5");
    await post(page, 0, { type: `${PREFIX}set-options`, options: { dstack_version: "0.19" } });
    await expect.poll(() => received(page, 0, "error")).toHaveLength(1);
    expect((await received(page, 0, "error"))[0].message).toBe(
      "`dstack-playground:set-options` rejected: unknown dstack version `0.19`: supported versions are 0.18.37, 0.22.5",
    );
    await post(page, 0, { type: `${PREFIX}get-result` });
    await expect.poll(() => received(page, 0, "result")).toHaveLength(2);
    expect((await received(page, 0, "result"))[1].dstack_version).toBe("0.22.5");
  });

  test("set-options switches the panel, the theme and read-only", async ({ page }) => {
    await openDemo(page);
    const frame = frameOf(page, "valid");
    await expect(frame.locator(".embed-detail")).toHaveCount(0);
    await post(page, 0, { type: `${PREFIX}set-options`, options: { view: "effective", theme: "dark" } });
    await expect(frame.locator('[data-testid="json-view"]')).toHaveAttribute("data-view", "effective");
    await expect(frame.locator('[data-testid="json-view"]')).toContainText('"max_duration"');
    await expect(frame.locator("html")).toHaveAttribute("data-theme", "dark");
    const background = await frame.locator("body").evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(background).toBe("rgb(14, 16, 22)");
    await post(page, 0, { type: `${PREFIX}set-options`, options: { view: "none", theme: "auto", readonly: true } });
    await expect(frame.locator(".embed-detail")).toHaveCount(0);
    await expect(frame.locator("html")).not.toHaveAttribute("data-theme", /./);
    await expect(frame.locator(".cm-content")).toHaveAttribute("contenteditable", "false");
  });
});

test("height=auto sizes the iframe to its content: no inner scrollbar, and it follows edits", async ({ page }) => {
  await openDemo(page);
  const demo = page.locator(section("valid"));
  const iframe = page.locator(`${section("valid")} iframe`);
  await expect(demo).toHaveAttribute("data-height", /^\d+$/);
  const before = Number(await demo.getAttribute("data-height"));
  expect(await iframe.evaluate((f) => f.clientHeight)).toBe(before);
  const frame = await (await iframe.elementHandle()).contentFrame();
  const scrolls = () => frame.evaluate(() => document.documentElement.scrollHeight > window.innerHeight);
  expect(await scrolls()).toBe(false);

  const longer = `${ORIGINAL}${Array.from({ length: 20 }, (_, i) => `# note ${i}`).join("\n")}\n`;
  await recordMessages(page);
  await post(page, 0, { type: `${PREFIX}set-text`, text: longer });
  await expect.poll(async () => Number(await demo.getAttribute("data-height"))).toBeGreaterThan(before + 20 * 18);
  const after = Number(await demo.getAttribute("data-height"));
  expect(await iframe.evaluate((f) => f.clientHeight)).toBe(after);
  expect(await scrolls()).toBe(false);
  // Only changes are reported: the last one is the height in force.
  const resizes = await received(page, 0, "resize");
  expect(resizes.at(-1).height).toBe(after);
  expect(new Set(resizes.map((m) => m.height)).size).toBe(resizes.length);
});

test("readonly blocks the reader's edits, not the host's", async ({ page }) => {
  await openDemo(page);
  const frame = frameOf(page, "readonly");
  await expect(frame.locator(".cm-content")).toHaveAttribute("contenteditable", "false");
  await expect(frame.locator(".cm-content")).toHaveAttribute("aria-readonly", "true");
  await frame.locator(".cm-content").click();
  await page.keyboard.type("oops: 1");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Backspace");
  expect(await frameText(page, "readonly")).toBe(READONLY_SNIPPET);
  await post(page, 2, { type: `${PREFIX}set-text`, text: "type: task\ncommands: [ls]\n" });
  await expect.poll(() => frameText(page, "readonly")).toBe("type: task\ncommands: [ls]\n");
  // Unlocked by the host, the reader can type again.
  await post(page, 2, { type: `${PREFIX}set-options`, options: { readonly: false } });
  await expect(frame.locator(".cm-content")).toHaveAttribute("contenteditable", "true");
  await frame.locator(".cm-content").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("# mine");
  await expect.poll(() => frameText(page, "readonly")).toBe("type: task\ncommands: [ls]\n# mine");
});

test("malformed and hostile messages change nothing, and say why when they carry the prefix", async ({ page }) => {
  await openDemo(page);
  await recordMessages(page);
  const resultsBefore = Number(await page.locator(section("valid")).getAttribute("data-results"));
  await page.evaluate((prefix) => {
    const target = document.querySelector("iframe").contentWindow;
    const send = (m) => target.postMessage(m, location.origin);
    let nested = { readonly: true };
    for (let i = 0; i < 12; i++) nested = { inner: nested };
    // Not ours: ignored silently.
    send("dstack-playground:set-text");
    send(["dstack-playground:set-text", 1, "x"]);
    send({ type: "set-text", version: 2, text: "x" });
    send({ type: 42, version: 2, text: "x" });
    send(null);
    send({ type: `${prefix}result`, version: 2, errors: 0 });
    // Ours but malformed: rejected, with an `error` reply each.
    send({ type: `${prefix}set-text`, version: 3, text: "x" });
    send({ type: `${prefix}set-text`, version: 2, text: 5 });
    send({ type: `${prefix}set-text`, version: 2, text: "x", html: "<img src=x onerror=top.__pwned=1>" });
    send({ type: `${prefix}eval`, version: 2, code: "top.__pwned = 2" });
    send({ type: `${prefix}set-options`, version: 2, options: { readonly: "no" } });
    send({ type: `${prefix}set-options`, version: 2, options: JSON.parse('{"__proto__": {"readonly": true}}') });
    send({ type: `${prefix}set-text`, version: 2, text: new Date(0) });
    send({ type: `${prefix}set-text`, version: 2, text: "x".repeat((1 << 20) + 1) });
    send({ type: `${prefix}set-options`, version: 2, options: nested });
  }, PREFIX);
  await expect.poll(() => received(page, 0, "error")).toHaveLength(9);
  expect((await received(page, 0, "error")).map((m) => m.message)).toEqual([
    "`dstack-playground:set-text` rejected: unsupported protocol version 3: this playground speaks version 2",
    "`dstack-playground:set-text` rejected: `text` must be a string, not a number",
    "`dstack-playground:set-text` rejected: unknown field `html` (allowed: `type`, `version`, `text`)",
    "unknown message type `dstack-playground:eval`: expected `dstack-playground:set-text`, "
      + "`dstack-playground:set-options` or `dstack-playground:get-result`",
    "`dstack-playground:set-options` rejected: `options.readonly` must be a boolean, not a string",
    "`dstack-playground:set-options` rejected: in `options`: unknown field `__proto__` (allowed: `readonly`, `view`, `theme`, `dstack_version`)",
    "message values must be objects, arrays, strings, numbers, booleans or null",
    "`dstack-playground:set-text` rejected: the text is larger than 1 MiB",
    "the message is nested more than 8 levels deep",
  ]);
  expect(await frameText(page, "valid")).toBe(ORIGINAL);
  expect(await received(page, 0, "result")).toEqual([]);
  await expect(page.locator(section("valid"))).toHaveAttribute("data-results", String(resultsBefore));
  await expect(frameOf(page, "valid").locator(".cm-content")).toHaveAttribute("contenteditable", "true");
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();

  // Markup in a valid message is text: shown, never run.
  const markup = 'type: task\nname: "<img src=x onerror=top.__pwned=3>"\ncommands: ["<script>top.__pwned=4</script>"]\n';
  await post(page, 0, { type: `${PREFIX}set-text`, text: markup });
  await expect.poll(() => frameText(page, "valid")).toBe(markup);
  await post(page, 0, { type: `${PREFIX}set-options`, options: { view: "json" } });
  await expect(frameOf(page, "valid").locator('[data-testid="json-view"]')).toContainText("<img src=x onerror=top.__pwned=3>");
  expect(await frameOf(page, "valid").locator("#app img, #app script").count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

// A documentation site and the playground on two other origins, both served by the tests
// themselves (a public page may not frame the local test server: Chromium's local network access).
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

/** Serves the built playground (dist/) at `origin`. */
async function servePlayground(page, origin) {
  const dist = process.env.E2E_DIST || "dist";
  await page.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname.replace(/\/$/, "/index.html");
    return route.fulfill({ path: `${dist}${path}`, contentType: TYPES[path.slice(path.lastIndexOf("."))] });
  });
}

test("the README's live snippet works as shown, on its own origins", async ({ page }) => {
  await servePlayground(page, "https://playground.example.com");
  const body = readmeBlock("tests/e2e/embed.spec.mjs serves this block as a page and checks that it works");
  await page.route("https://docs.example.com/**", (route) => route.fulfill({
    contentType: "text/html", body: `<!DOCTYPE html><html><head><title>Guide</title></head><body>${body}</body></html>`,
  }));
  await page.goto("https://docs.example.com/guide/");
  const frame = page.frameLocator("iframe.dstack-snippet");
  await expect(frame.locator('[data-testid="status"]')).toHaveAttribute("data-state", "valid");
  await expect(frame.locator(".embed-open")).toHaveAttribute("href", /^https:\/\/playground\.example\.com\/#c=/);
  // Sized by the page's script to exactly the content's height: nothing to scroll inside.
  const inner = await (await page.locator("iframe.dstack-snippet").elementHandle()).contentFrame();
  const content = () => inner.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  await expect.poll(async () => page.locator("iframe.dstack-snippet").evaluate((f) => f.style.height)).toBe(`${await content()}px`);
  expect(await page.locator("iframe.dstack-snippet").evaluate((f) => f.clientHeight)).toBe(await content());
  expect(await inner.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
});

test.describe("origin=", () => {
  // Chromium reports the messages it drops for a mismatched target origin on the console.
  test.use({ consoleAllowed: [/The target origin provided \('http:\/\/other\.test'\) does not match/] });

  const DOCS = "http://docs.test";
  const PLAYGROUND = "http://playground.test";
  const hostPage = (frames) => `<!DOCTYPE html><html><body>${frames}<script>
    window.__received = [];
    addEventListener("message", (e) => {
      const from = [...document.querySelectorAll("iframe")].findIndex((f) => f.contentWindow === e.source);
      window.__received.push({ from, origin: e.origin, data: e.data });
    });
  </script></body></html>`;

  test("only the named origin is heard and answered", async ({ page }) => {
    await servePlayground(page, PLAYGROUND);
    const embed = `${PLAYGROUND}/?embed=1&height=auto`;
    const link = "#yaml=type%3A%20task%0Acommands%3A%20%5Bls%5D%0A";
    const frames = [
      `${embed}&origin=${encodeURIComponent(DOCS)}${link}`,
      `${embed}&origin=${encodeURIComponent("http://other.test")}${link}`,
      `${embed}&origin=docs.test${link}`,
      `${embed}${link}`,
    ].map((src) => `<iframe src="${src.replaceAll("&", "&amp;")}"></iframe>`);
    // The inline script at the end of <body> listens before the embeds have even fetched their wasm.
    await page.route(`${DOCS}/**`, (route) => route.fulfill({ contentType: "text/html", body: hostPage(frames.join("")) }));
    await page.goto(`${DOCS}/guide.html`);
    const messages = (from, kind) => page.evaluate(
      ([from, type]) => window.__received.filter((m) => m.from === from && m.data.type === type),
      [from, `${PREFIX}${kind}`],
    );
    await expect.poll(async () => (await messages(0, "ready")).length).toBe(1);
    await expect.poll(async () => (await messages(3, "ready")).length).toBe(1);
    expect((await messages(0, "ready"))[0].origin).toBe(PLAYGROUND);
    // Every embed has loaded and checked its text by now (the frames' own status bars say so).
    for (const index of [1, 2]) {
      const frame = page.frameLocator("iframe").nth(index);
      await expect(frame.locator('[data-testid="status"]')).toHaveAttribute("data-state", "valid");
    }
    const send = (index, text) => page.evaluate(([index, message]) => {
      document.querySelectorAll("iframe")[index].contentWindow.postMessage(message, "*");
    }, [index, { type: `${PREFIX}set-text`, version: 2, text }]);
    for (const index of [0, 1, 2, 3]) await send(index, "type: task\ncommands: [pwd]\n");
    await expect.poll(async () => (await messages(0, "result")).length).toBe(2);
    await expect.poll(async () => (await messages(3, "result")).length).toBe(2);
    const textOf = (index) => editorTextIn(page, `iframe >> nth=${index}`);
    expect(await textOf(0)).toBe("type: task\ncommands: [pwd]\n");
    expect(await textOf(3)).toBe("type: task\ncommands: [pwd]\n");
    // Another origin named, or no valid origin at all: nothing sent, nothing accepted.
    expect(await textOf(1)).toBe("type: task\ncommands: [ls]\n");
    expect(await textOf(2)).toBe("type: task\ncommands: [ls]\n");
    for (const index of [1, 2]) expect(await page.evaluate((i) => window.__received.filter((m) => m.from === i), index)).toEqual([]);
  });
});

test.describe("the embed page itself", () => {
  const TEXT = "type: task\ncommands: [nvidia-smi]\nresources:\n  gpu: L4\n";
  const link = `#yaml=${encodeURIComponent(TEXT)}`;
  // Offer counts are pinned to dstack 0.18.37's matching.
  const pinned = `version=${RELEASE}`;

  test("shows the editor and the result bar only; its link opens the current text in the playground", async ({ page, baseURL }) => {
    await page.goto(`/?embed=1&${pinned}&theme=light${link}`);
    const bar = page.locator('[data-testid="status"]');
    const want = expected(TEXT);
    await expect(bar).toHaveAttribute("data-state", "valid");
    await expect(bar).toHaveAttribute("data-offers", "231");
    await expect(bar.locator(".verdict")).toHaveText("Valid");
    await expect(bar.locator(".embed-offers")).toHaveText(`${offerCount(want)} offers`);
    await expect(page.locator(".toolbar, .problems-pane, .side-pane, .statusbar")).toHaveCount(0);
    const open = page.getByRole("link", { name: "Open in playground" });
    await expect(open).toHaveAttribute("target", "_blank");
    const href = await open.getAttribute("href");
    expect(href.startsWith(`${baseURL}#c=`)).toBe(true);
    expect(href.endsWith("&v=0.18.37")).toBe(true);
    expect(readShareLink(href)).toBe(TEXT);
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("max_price: 0.5");
    await expect(bar).toHaveAttribute("data-offers", "24");
    expect(offerCount(expected(`${TEXT}max_price: 0.5`))).toBe(24);
    expect(readShareLink(await open.getAttribute("href"))).toBe(`${TEXT}max_price: 0.5`);
  });

  test("in a narrow frame, a long line scrolls in the editor and the bar stays whole", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 300 });
    const long = `type: task\ncommands:\n  - ${"python train.py --flag ".repeat(12)}\n`;
    await page.goto(`/?embed=1#yaml=${encodeURIComponent(long)}`);
    await expect(page.locator('[data-testid="status"]')).toHaveAttribute("data-state", "valid");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
    const link = await page.getByRole("link", { name: "Open in playground" }).boundingBox();
    expect(link.x + link.width).toBeLessThanOrEqual(360);
    expect(await page.locator(".cm-scroller").evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
  });

  test("view= picks the detail panel; values it does not know are ignored", async ({ page }) => {
    await page.goto(`/?embed=1&view=problems#yaml=${encodeURIComponent("type: task\nnodes: 0\n")}`);
    await expect(page.locator('[data-testid="problem"]').first()).toBeVisible();
    await page.goto(`/?embed=1&view=json${link}`);
    await expect(page.locator('[data-testid="json-view"]')).toHaveAttribute("data-view", "normalized");
    await expect(page.locator('[data-testid="json-view"]')).toContainText('"gpu"');
    await page.goto(`/?embed=1&view=effective${link}`);
    await expect(page.locator('[data-testid="json-view"]')).toHaveAttribute("data-view", "effective");
    await page.goto(`/?embed=1&${pinned}&view=offers${link}`);
    await expect(page.locator('[data-testid="offers-summary"]')).toHaveAttribute("data-count", String(offerCount(expected(TEXT))));
    await page.goto(`/?embed=1&view=everything${link}`);
    await expect(page.locator('[data-testid="status"]')).toHaveAttribute("data-state", "valid");
    await expect(page.locator(".embed-detail")).toHaveCount(0);
  });

  test("theme= overrides the system's colour scheme", async ({ page }) => {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`/?embed=1&theme=dark${link}`);
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect(await background()).toBe("rgb(14, 16, 22)");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`/?embed=1&theme=light${link}`);
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    expect(await background()).toBe("rgb(255, 255, 255)");
    await page.goto(`/?embed=1${link}`);
    await expect(page.locator('[data-testid="status"]')).toHaveAttribute("data-state", "valid");
    expect(await background()).toBe("rgb(14, 16, 22)");
  });

  test("neither reads nor writes the playground's saved draft", async ({ page }) => {
    await page.goto("/");
    // Once the playground has started: it saves its own draft as it starts.
    await expect(page.locator('[data-testid="status"]')).toHaveAttribute("data-state", "valid");
    await page.evaluate(() => localStorage.setItem("dstack-playground.draft", "name: my draft\n"));
    await page.goto("/?embed=1");
    await expect(page.locator('[data-testid="status"]')).toHaveAttribute("data-errors", "1");
    expect(await editorText(page)).toBe("");
    await page.locator(".cm-content").click();
    await page.keyboard.type("type: task");
    await expect(page.locator('[data-testid="status"]')).toHaveAttribute("data-errors", "1");
    expect(await page.evaluate(() => localStorage.getItem("dstack-playground.draft"))).toBe("name: my draft\n");
  });

  test("a corrupt link says so and leaves the editor empty", async ({ page }) => {
    await page.goto("/?embed=1#c=AAAA$$$");
    await expect(page.locator('[data-testid="notice"]')).toContainText("The share link is corrupt");
    await expect(page.locator('[data-testid="notice"]')).toContainText("Showing an empty editor instead.");
    expect(await editorText(page)).toBe("");
  });
});

test("on a touch screen, Open in playground is a 44 px target", async ({ browser }) => {
  const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 375, height: 320 } });
  const page = await context.newPage();
  await page.goto(`/?embed=1#yaml=${encodeURIComponent(ORIGINAL)}`);
  const box = await page.getByRole("link", { name: /Open in playground/ }).boundingBox();
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
  await context.close();
});

test("bundle budget: the embed loads its own module in place of the playground's, and no more bytes", async ({ browser }, info) => {
  const load = async (path) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const bodies = [];
    page.on("response", (r) => bodies.push(r.finished().then(async () => [new URL(r.url()).pathname, (await r.body()).length])));
    await page.goto(path);
    await expect(page.locator('[data-testid="status"]')).toHaveAttribute("data-state", /valid|invalid/);
    await page.waitForLoadState("networkidle");
    const files = Object.fromEntries(await Promise.all(bodies));
    await context.close();
    return files;
  };
  const playground = await load("/");
  const embed = await load(`/?embed=1#yaml=${encodeURIComponent(ORIGINAL)}`);
  const total = (files) => Object.values(files).reduce((a, b) => a + b, 0);
  info.annotations.push({ type: "bytes", description: `playground ${total(playground)} B, embed ${total(embed)} B` });
  console.log(`bundle: playground ${total(playground)} B, embed ${total(embed)} B`);
  // The same files, but pkg/embed*.js/.wasm for pkg/playground*: neither loads the other's interface.
  const asEmbed = (path) => path.replace(/^\/pkg\/playground/, "/pkg/embed");
  expect(Object.keys(embed).sort()).toEqual(Object.keys(playground).map(asEmbed).sort());
  expect(Object.keys(embed)).toContain("/pkg/embed_bg.wasm.lzma");
  expect(total(embed)).toBeLessThanOrEqual(total(playground));
});
