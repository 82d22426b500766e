// What a person does in the editor: the default example, mistakes, fixes, navigation, menus.
import { test, expect, sel, open, openWith, editorText, cursorToEnd } from "./helpers.mjs";

test("the default example is valid, with JSON and offers, before any edit", async ({ page }) => {
  await open(page);
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  await expect(page.locator(sel.status)).toContainText("Valid");
  await expect(page.locator(sel.status)).toContainText("dstack 0.22.5 rules");
  await expect(page.locator(`${sel.problem}[data-severity="error"]`)).toHaveCount(0);
  await expect(page.locator(sel.json)).toHaveAttribute("data-view", "normalized");
  await expect(page.locator(sel.json)).toContainText('"name": "llama-qlora"');
  await page.getByRole("tab", { name: /Offers/ }).click();
  const count = Number(await page.locator(sel.offers).getAttribute("data-count"));
  expect(count).toBeGreaterThan(0);
  await expect(page.locator(".offers-table tbody tr")).toHaveCount(Math.min(count, 10));
  await expect(page.getByText(/Catalog snapshot \d{4}-\d{2}-\d{2}/)).toBeVisible();
});

test("typing an error shows a problem at its line with a squiggle; fixing it returns to valid", async ({ page }) => {
  await open(page);
  const lines = (await editorText(page)).split("\n").length;
  await cursorToEnd(page);
  await page.keyboard.type("bogus_field: 1");
  const problem = page.locator(`${sel.problem}[data-code="E102"]`);
  await expect(problem).toHaveCount(1);
  await expect(problem).toHaveAttribute("data-line", String(lines));
  await expect(problem).toHaveAttribute("data-column", "1");
  await expect(problem).toHaveAttribute("data-severity", "error");
  await expect(problem).toContainText("bogus_field");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
  await expect(page.locator(`${sel.editor} .cm-lintRange-error`)).toHaveCount(1);
  await expect(page.locator(`${sel.editor} .cm-lintRange-error`)).toHaveText("bogus_field");
  await expect(page.locator(`${sel.editor} .cm-lint-marker-error`)).toHaveCount(1);
  await page.locator(`${sel.editor} .cm-lintRange-error`).hover();
  await expect(page.locator(".cm-tooltip-lint")).toContainText("bogus_field");
  await expect(page.locator(".cm-tooltip-lint")).toContainText("[E102]");
  await page.mouse.move(0, 0);
  await expect(page.locator(".cm-tooltip-lint")).toHaveCount(0);
  await cursorToEnd(page);
  for (let i = 0; i < "bogus_field: 1".length; i++) await page.keyboard.press("Backspace");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  await expect(page.locator(`${sel.problem}[data-severity="error"]`)).toHaveCount(0);
  await expect(page.locator(`${sel.editor} .cm-lintRange-error`)).toHaveCount(0);
});

test("clicking a problem selects its range in the editor", async ({ page }) => {
  await openWith(page, "type: task\ncommands:\n  - echo hi\nresources:\n  gpu: A100\nspot_polcy: auto\n");
  const problem = page.locator(`${sel.problem}[data-code="E102"]`);
  await expect(problem).toHaveAttribute("data-line", "6");
  await problem.click();
  await expect(page.locator(`${sel.editor} .cm-lineNumbers .cm-activeLineGutter`)).toHaveText("6");
  await expect(page.locator(`${sel.editor} .cm-editor`)).toHaveClass(/cm-focused/);
  expect(await page.evaluate(() => document.getSelection().toString())).toBe("spot_polcy");
  // Keyboard users reach the same action with Enter.
  await page.locator(`${sel.problem}[data-code="E102"]`).getByRole("button").focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(`${sel.editor} .cm-editor`)).toHaveClass(/cm-focused/);
});

test("lone carriage returns break lines for the problems and the squiggles alike", async ({ page }) => {
  await openWith(page, "type: task\rcommands: [echo]\rfoo: 1\r");
  const problem = page.locator(`${sel.problem}[data-code="E102"]`);
  await expect(problem).toHaveAttribute("data-line", "3");
  await expect(problem).toHaveAttribute("data-column", "1");
  await expect(page.locator(`${sel.editor} .cm-lintRange-error`)).toHaveText("foo");
  // The gutter numbers the one editor line as the core's lines 1 to 4.
  await expect(page.locator(`${sel.editor} .cm-lineNumbers .cm-gutterElement`).last()).toHaveText("1–4");
  await problem.click();
  expect(await page.evaluate(() => document.getSelection().toString())).toBe("foo");
});

test("problems are grouped by stage, with code, location and help", async ({ page }) => {
  await open(page);
  await page.getByLabel("dstack version").selectOption("0.18.37");
  await page.getByLabel("Load an example").selectOption("broken");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
  const titles = await page.locator(".stage-title").allTextContents();
  const order = ["YAML", "Schema", "dstack apply", "Server"];
  const seen = titles.map((t) => order.find((o) => t.startsWith(o)));
  expect(seen.every(Boolean)).toBe(true);
  expect([...seen].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(seen);
  const typo = page.locator(`${sel.problem}[data-code="E102"]`);
  await expect(typo).toHaveAttribute("data-line", "5");
  await expect(typo.locator(".location .at")).toHaveText("5:1");
  await expect(typo.getByRole("button", { name: "error E102, line 5, column 1" })).toBeVisible();
  await expect(typo.locator(".problem-help")).toContainText("commands");
});

test("every example loads from the menu; only the broken one has errors, under every release with its type", async ({ page }) => {
  await open(page);
  const ids = await page.locator('select[aria-label="Load an example"] option:not([disabled])').evaluateAll(
    (options) => options.map((o) => o.value),
  );
  // Eight tasks, then one example of every other type (two fleets).
  expect(ids.length).toBe(15);
  // The newest release (the default) first, then the older one: the examples suit both, but
  // for the preset, a type 0.18.37 does not have.
  for (const release of ["0.22.5", "0.18.37"]) {
    await page.getByLabel("dstack version").selectOption(release);
    for (const id of ids) {
      await page.getByLabel("Load an example").selectOption(id);
      const state = id === "broken" || (id === "preset" && release === "0.18.37") ? "invalid" : "valid";
      await expect(page.locator(sel.status), `${id} under ${release}`).toHaveAttribute("data-state", state);
      expect(await editorText(page), id).toMatch(/^# /);
    }
  }
});

test("Tab indents in the editor; Escape then Tab leaves it", async ({ page }) => {
  await openWith(page, "type: task\n");
  await cursorToEnd(page);
  await page.keyboard.press("Tab");
  expect(await editorText(page)).toBe("type: task\n  ");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  await expect(page.locator(`${sel.editor} .cm-editor`)).not.toHaveClass(/cm-focused/);
});

test("Enter keeps the indentation, one level deeper after a key", async ({ page }) => {
  await openWith(page, "type: task\ncommands:");
  await cursorToEnd(page);
  await page.keyboard.press("Enter");
  await page.keyboard.type("- echo one");
  await page.keyboard.press("Enter");
  await page.keyboard.type("- echo two");
  expect(await editorText(page)).toBe("type: task\ncommands:\n  - echo one\n  - echo two");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
});

test("undo, redo and search keep working", async ({ page }) => {
  await open(page);
  const before = await editorText(page);
  await cursorToEnd(page);
  await page.keyboard.type("x: 1");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
  await page.keyboard.press("Control+z");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  expect(await editorText(page)).toBe(before);
  await page.keyboard.press("Control+Shift+z");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
  await page.keyboard.press("Control+f");
  await expect(page.locator(`${sel.editor} .cm-search input[name="search"]`)).toBeFocused();
});

test("the JSON panel toggles to the effective view, copies and downloads", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await open(page);
  await page.getByRole("button", { name: "Effective" }).click();
  await expect(page.locator(sel.json)).toHaveAttribute("data-view", "effective");
  await expect(page.locator(`${sel.json} pre`)).toBeVisible();
  const shown = await page.locator(`${sel.json} pre`).innerText();
  await page.getByRole("button", { name: "Copy JSON" }).click();
  await expect(page.locator(sel.notice)).toContainText("JSON copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download JSON" }).click();
  expect((await download).suggestedFilename()).toBe("dstack-configuration.effective.json");
  await page.getByRole("button", { name: "Normalized" }).click();
  await expect(page.locator(sel.json)).toHaveAttribute("data-view", "normalized");
});

test("a paste is checked at once", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await open(page);
  await page.evaluate(() => navigator.clipboard.writeText("type: task\ncommands: [nvidia-smi]\nnodes: 0\n"));
  await page.locator(sel.content).click();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Control+v");
  await expect(page.locator(`${sel.problem}[data-code="E106"]`)).toHaveAttribute("data-line", "3");
  expect(await editorText(page)).toBe("type: task\ncommands: [nvidia-smi]\nnodes: 0\n");
});

test("a configuration with no matching offer explains why", async ({ page }) => {
  await openWith(page, "type: task\ncommands: [python train.py]\nresources:\n  gpu: H100:8\nmax_price: 0.5\n", "0.18.37");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  await page.getByRole("tab", { name: /Offers/ }).click();
  await expect(page.locator(sel.offers)).toHaveAttribute("data-count", "0");
  await expect(page.getByRole("heading", { name: "Why 0 offers" })).toBeVisible();
  await expect(page.locator(".funnel li.blocked code")).toHaveText("max_price");
  await expect(page.locator(".funnel .callout")).toBeVisible();
});

test("F8 goes from problem to problem with its popup; Ctrl+Shift+M lists them under the editor", async ({ page }) => {
  await openWith(page, "type: task\ncommands: [echo]\nfoo: 1\nbar: 2\n");
  await expect(page.locator(`${sel.editor} .cm-lintRange-error`)).toHaveCount(2);
  await expect(page.locator(`${sel.editor} .cm-lint-marker-error`)).toHaveCount(2);
  await page.locator(sel.content).click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("F8");
  expect(await page.evaluate(() => document.getSelection().toString())).toBe("foo");
  await expect(page.locator(".cm-tooltip-lint")).toContainText("foo");
  await page.keyboard.press("F8");
  expect(await page.evaluate(() => document.getSelection().toString())).toBe("bar");
  await expect(page.locator(".cm-tooltip-lint")).toContainText("bar");
  await page.keyboard.press("F8");
  expect(await page.evaluate(() => document.getSelection().toString())).toBe("foo");
  // The first ArrowUp collapses the selection to its start, the second leaves the problem's text.
  await page.keyboard.press("ArrowUp");
  await expect(page.locator(".cm-tooltip-lint")).toContainText("foo");
  await page.keyboard.press("ArrowUp");
  await expect(page.locator(".cm-tooltip-lint")).toHaveCount(0);

  await page.keyboard.press("Control+Shift+M");
  const list = page.getByRole("listbox", { name: "Diagnostics" });
  await expect(list).toBeFocused();
  await expect(list.getByRole("option")).toHaveCount(2);
  await expect(list.getByRole("option").first()).toContainText("foo");
  await expect(list.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowDown");
  await expect(list.getByRole("option").nth(1)).toHaveAttribute("aria-selected", "true");
  // Enter goes back to the text, with the problem selected; Escape closes the list.
  await page.keyboard.press("Enter");
  await expect(page.locator(`${sel.editor} .cm-editor`)).toHaveClass(/cm-focused/);
  expect(await page.evaluate(() => document.getSelection().toString())).toBe("bar");
  await page.keyboard.press("Control+Shift+M");
  await expect(list).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(list).toHaveCount(0);
  await expect(page.locator(`${sel.editor} .cm-editor`)).toHaveClass(/cm-focused/);
});

test("YAML tokens are coloured, brackets matched, keys folded, comments toggled", async ({ page }) => {
  await openWith(page, "type: task\nenv: [A, B]  # c\ncommands:\n  - echo one\n  - echo two\n");
  const editor = page.locator(sel.editor);
  await expect(editor.locator(".cm-y-propertyName").first()).toHaveText("type");
  await expect(editor.locator(".cm-y-comment")).toHaveText("# c");
  await expect(editor.locator(".cm-y-punctuation").filter({ hasText: "[" })).toHaveCount(1);
  // The cursor after `[` marks it and its `]`.
  await editor.locator(".cm-content").click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("ArrowDown");
  for (let i = 0; i < "env: [".length; i++) await page.keyboard.press("ArrowRight");
  await expect(editor.locator(".cm-matchingBracket")).toHaveText(["[", "]"]);
  // A key with a block under it folds from the gutter, and Ctrl+Alt+] unfolds everything.
  await expect(editor.locator('.cm-foldGutter span[title="Fold line"]')).toHaveCount(1);
  await editor.locator('.cm-foldGutter span[title="Fold line"]').click();
  await expect(editor.locator(".cm-foldPlaceholder")).toHaveCount(1);
  await expect(editor.locator(".cm-line").filter({ hasText: "echo one" })).toHaveCount(0);
  await editor.locator(".cm-line").first().click();
  await page.keyboard.press("Control+Alt+]");
  await expect(editor.locator(".cm-foldPlaceholder")).toHaveCount(0);
  await expect(editor.locator(".cm-line").filter({ hasText: "echo one" })).toHaveCount(1);
  // Ctrl+/ comments the cursor's line out with YAML's `#`.
  await page.keyboard.press("Control+/");
  expect(await editorText(page)).toBe("# type: task\nenv: [A, B]  # c\ncommands:\n  - echo one\n  - echo two\n");
});
