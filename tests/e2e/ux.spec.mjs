// Work is never lost (drafts, examples), results stay while typing, sharing as Markdown, and the
// keyboard and layout details of issue 15: help, tabs, names, announcements, panes, popups.
import { test, expect, sel, open, openWith, editorText, cursorToEnd } from "./helpers.mjs";

const DRAFT_KEY = "dstack-playground.draft";
const LINKED = "type: task\ncommands: [nvidia-smi]\n";
const link = `/#yaml=${encodeURIComponent(LINKED)}`;

async function saveDraft(page, note) {
  await open(page);
  await cursorToEnd(page);
  await page.keyboard.type(note);
  await expect.poll(() => page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY)).toMatch(new RegExp(`${note}$`));
  return editorText(page);
}

/** Opens `path` in a new tab of the same browser profile (same saved draft), as a link would. */
async function newTab(page, path) {
  const tab = await page.context().newPage();
  await open(tab, path);
  return tab;
}

test("opening a link without editing it keeps the draft: the bare address opens it again", async ({ page: first }) => {
  const draft = await saveDraft(first, "# my draft");
  const page = await newTab(first, link);
  expect(await editorText(page)).toBe(LINKED);
  await expect(page.locator(sel.notice)).toContainText("Your draft is kept until you edit this one.");
  expect(await page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY)).toBe(draft);
  const bare = await newTab(first, "/");
  expect(await editorText(bare)).toBe(draft);
});

test("a link's notice gives the draft back with one click; editing the link's text replaces the draft", async ({ page: first }) => {
  const draft = await saveDraft(first, "# mine");
  let page = await newTab(first, link);
  await page.getByRole("button", { name: "Restore my draft" }).click();
  await expect.poll(() => editorText(page)).toBe(draft);
  await expect.poll(() => page.url()).not.toContain("#");
  page = await newTab(first, link);
  await cursorToEnd(page);
  await page.keyboard.type("# theirs, edited");
  await expect.poll(() => page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY)).toBe(`${LINKED}# theirs, edited`);
});

test("loading an example says so with an Undo, and the menu shows what is loaded", async ({ page }) => {
  await openWith(page, LINKED);
  const menu = page.getByLabel("Load an example");
  await expect(menu).toHaveValue("");
  await menu.selectOption("tpu");
  await expect(page.locator(sel.notice)).toContainText("Loaded the example “TPU (JAX)”.");
  await expect(menu).toHaveValue("tpu");
  expect(await editorText(page)).toMatch(/^# /);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect.poll(() => editorText(page)).toBe(LINKED);
  await expect(menu).toHaveValue("");
  // Editing a loaded example: the menu no longer claims it.
  await menu.selectOption("cpu-only");
  await expect(menu).toHaveValue("cpu-only");
  await cursorToEnd(page);
  await page.keyboard.type("# changed");
  await expect(menu).toHaveValue("");
});

test("while the text does not parse, the last JSON and offers stay, marked out of date", async ({ page }) => {
  await open(page);
  await cursorToEnd(page);
  await page.keyboard.type("resources: [");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
  await expect(page.locator(sel.json)).toHaveAttribute("data-stale", "true");
  await expect(page.locator(sel.json)).toContainText("Out of date");
  await expect(page.locator(sel.json)).toContainText('"name": "llama-qlora"');
  await expect(page.getByRole("button", { name: "Copy JSON" })).toBeDisabled();
  await page.getByRole("tab", { name: /Offers/ }).click();
  await expect(page.locator(".offers-body")).toHaveAttribute("data-stale", "true");
  await expect(page.locator(sel.offers)).toBeVisible();
  await cursorToEnd(page);
  for (let i = 0; i < "resources: [".length; i++) await page.keyboard.press("Backspace");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  await expect(page.locator(".offers-body")).toHaveAttribute("data-stale", "false");
  // Another configuration altogether: nothing is kept from the one before.
  await page.getByLabel("Load an example").selectOption("broken");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
  await expect(page.locator(".offers-body")).toHaveAttribute("data-stale", "false");
  await expect(page.locator(".offers-body")).toContainText("Offers are estimated once the configuration has no errors.");
});

test("Copy as Markdown puts a yaml block and the link on the clipboard", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openWith(page, LINKED);
  await page.getByRole("button", { name: /Copy as Markdown/ }).click();
  await expect(page.locator(sel.notice)).toContainText("Markdown copied");
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  expect(markdown).toMatch(new RegExp(`^\`\`\`yaml\\n${LINKED.replace(/[[\]]/g, "\\$&")}\`\`\`\\n\\n\\[Open in the dstack configuration playground\\]\\(${baseURL}#c=[A-Za-z0-9_-]+&v=0\\.22\\.5\\)\\n$`));
});

test("the keyboard help opens with ? outside the editor and with its button, lists the keys, closes with Esc", async ({ page }) => {
  await openWith(page, LINKED);
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await page.locator(sel.content).click();
  await page.keyboard.type("?");
  await expect(help).toBeHidden();
  expect(await editorText(page)).toContain("?");
  await page.getByRole("tab", { name: "JSON" }).focus();
  await page.keyboard.press("?");
  await expect(help).toBeVisible();
  for (const text of ["Esc", "Tab", "F8", "Ctrl", "Leave the editor"]) await expect(help).toContainText(text);
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(help).toBeVisible();
  await help.getByRole("button", { name: "Close" }).click();
  await expect(help).toBeHidden();
});

test("JSON and Offers are ARIA tabs: arrows switch and move the focus, one tab stop", async ({ page }) => {
  await open(page);
  const json = page.getByRole("tab", { name: "JSON" });
  const offers = page.getByRole("tab", { name: /Offers/ });
  await expect(offers).toHaveAttribute("tabindex", "-1");
  await json.focus();
  await page.keyboard.press("ArrowRight");
  await expect(offers).toBeFocused();
  await expect(offers).toHaveAttribute("aria-selected", "true");
  await expect(page.locator(sel.offers)).toBeVisible();
  await page.keyboard.press("Home");
  await expect(json).toBeFocused();
  await expect(page.locator(sel.json)).toBeVisible();
});

test("problems have short names; the live region speaks once per pause in typing", async ({ page }) => {
  await openWith(page, "type: task\ncommands: [ls]\nspot_policy: sometimes\n", "0.18.37");
  await expect(page.getByRole("button", { name: "error E105, line 3, column 14" })).toBeVisible();
  await page.evaluate(() => {
    window.__said = [];
    const region = document.querySelector('[data-testid="announcer"]');
    new MutationObserver(() => window.__said.push(region.textContent)).observe(region, { subtree: true, childList: true, characterData: true });
  });
  await cursorToEnd(page);
  await page.keyboard.type("nodes: 0\nbogus: 1\n", { delay: 40 });
  await expect(page.locator(sel.status)).toContainText("3 errors");
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => window.__said)).toEqual(["3 errors"]);
});

test("the editor shows a focus ring, and how to leave it while it has the focus", async ({ page }) => {
  await open(page);
  await expect(page.locator(".editor-hint")).toBeHidden();
  await page.locator(sel.content).click();
  await expect(page.locator(".editor-hint")).toHaveText("Esc then Tab leaves the editor · F8: next problem");
  const outline = await page.locator(`${sel.editor} .cm-editor`).evaluate((e) => getComputedStyle(e).outlineStyle + " " + getComputedStyle(e).outlineWidth);
  expect(outline).toBe("solid 2px");
});

test("the panes resize by keyboard and by pointer", async ({ page }) => {
  await open(page);
  const editor = page.locator(".editor-pane");
  const width = async () => (await editor.boundingBox()).width;
  const before = await width();
  const splitter = page.getByRole("separator", { name: "Resize the editor and the results" });
  await splitter.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  expect(await width()).toBeGreaterThan(before + 60);
  await expect(splitter).toHaveAttribute("aria-valuenow", "60");
  const box = await splitter.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(400, box.y + 220, { steps: 4 });
  await page.mouse.up();
  expect(Math.abs((await width()) - 400)).toBeLessThan(8);
  const rows = page.getByRole("separator", { name: "Resize the editor and the problems" });
  const problems = async () => (await page.locator(".problems-pane").boundingBox()).height;
  const tall = await problems();
  await rows.focus();
  await page.keyboard.press("ArrowUp");
  expect(await problems()).toBeGreaterThan(tall + 20);
});

test("an error popup on the first line is not cut off under the header", async ({ page }) => {
  await openWith(page, "type: job\ncommands: [ls]\n");
  await page.locator(`${sel.editor} .cm-lintRange-error`).first().hover();
  const tooltip = page.locator(".cm-tooltip-lint");
  await expect(tooltip).toContainText("[E101]");
  const header = await page.locator(".toolbar").boundingBox();
  const box = await tooltip.boundingBox();
  expect(box.y).toBeGreaterThanOrEqual(header.y + header.height);
  expect(box.y + box.height).toBeLessThanOrEqual(800);
});

test("the price column stays in sight; the offers table scrolls by keyboard", async ({ page }) => {
  for (const width of [1280, 768]) {
    await page.setViewportSize({ width, height: 800 });
    await open(page);
    await page.getByRole("tab", { name: /Offers/ }).click();
    const wrap = page.getByRole("region", { name: /Cheapest offers/ });
    const outer = await wrap.boundingBox();
    const price = await page.locator(".offers-table th").last().boundingBox();
    expect(price.x + price.width, `${width} px`).toBeLessThanOrEqual(outer.x + outer.width);
    expect(price.x, `${width} px`).toBeGreaterThanOrEqual(outer.x);
    await expect(wrap).toHaveAttribute("tabindex", "0");
  }
});

test("on a phone, tabs switch the panes; nothing is covered; targets are at least 44 px", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await open(page);
  await expect(page.locator(".editor-pane")).toBeVisible();
  await expect(page.locator(".problems-pane")).toBeHidden();
  await page.getByRole("tab", { name: "Results" }).click();
  await expect(page.locator(".side-pane")).toBeVisible();
  await expect(page.locator(".editor-pane")).toBeHidden();
  const status = await page.locator(sel.status).boundingBox();
  const toggle = await page.getByRole("button", { name: "Effective" }).boundingBox();
  expect(toggle.y + toggle.height).toBeLessThanOrEqual(status.y);
  expect(status.y + status.height).toBeLessThanOrEqual(740);
  for (const target of [
    page.getByLabel("Load an example"), page.getByRole("button", { name: /Share/ }), page.getByRole("button", { name: /Markdown/ }),
    page.getByRole("tab", { name: "Results" }), page.getByRole("tab", { name: "JSON" }), page.getByRole("button", { name: "Keyboard shortcuts" }),
  ]) {
    const box = await target.boundingBox();
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
  }
  await page.getByRole("tab", { name: "Problems" }).click();
  await page.getByLabel("Load an example").selectOption("broken");
  await page.getByRole("tab", { name: /Problems/ }).click();
  await page.locator(sel.problem).first().click();
  await expect(page.locator(".editor-pane")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(375);
});

test("an empty embed says what its one error is", async ({ page }) => {
  await page.goto("/?embed=1");
  await expect(page.locator(sel.status)).toHaveAttribute("data-errors", "1");
  await expect(page.locator(".embed-first")).toContainText("the document is empty");
});

test("a file of hundreds of problems lists 100 of a stage and counts the rest", async ({ page }) => {
  const keys = Array.from({ length: 250 }, (_, i) => `k${i}: 1`).join("\n");
  await openWith(page, `type: task\ncommands: [echo]\n${keys}\n`);
  const schema = page.locator('section[aria-label="Schema problems"]');
  await expect(schema.locator(".stage-title .count")).toHaveText("250");
  await expect(schema.locator(sel.problem)).toHaveCount(100);
  await expect(schema.locator('[data-testid="problems-more"]')).toHaveText(
    "150 more problems not listed here: the editor marks each one (F8 goes to the next)",
  );
});

test("a megabyte of misspelt keys is checked and listed without stopping the page", async ({ page, context }) => {
  // 100,000 problems once took the page 74 s and then aborted its module (RuntimeError:
  // unreachable); listing 100 of a stage keeps it to a second or two.
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await open(page);
  const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: 1`).join("\n");
  await page.evaluate((text) => navigator.clipboard.writeText(text), `type: task\ncommands: [echo]\n${keys}\n`);
  await page.locator(sel.content).click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Control+v");
  const schema = page.locator('section[aria-label="Schema problems"]');
  await expect(schema.locator(".stage-title .count")).toHaveText("100000", { timeout: 20_000 });
  await expect(schema.locator(sel.problem)).toHaveCount(100);
  await expect(schema.locator('[data-testid="problems-more"]')).toContainText("99900 more problems");
  expect(errors).toEqual([]);
});
