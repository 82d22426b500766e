// Quick fixes in the editor: a problem's popup offers its fix as a button, Ctrl-. opens it at the
// cursor; applying it edits the text in one step, and the page checks the result.
import { test, expect, sel, openWith, editorText } from "./helpers.mjs";

test("the fix of `comands` renames it and the problem disappears", async ({ page }) => {
  await openWith(page, "type: task\nimage: ubuntu\ncomands:\n  - echo hi\n");
  await expect(page.locator(`${sel.problem}[data-code="E102"]`)).toHaveCount(1);
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
  await page.locator(`${sel.editor} .cm-lintRange-error`).hover();
  const fix = page.locator(".cm-tooltip-lint .cm-diagnosticAction");
  await expect(fix).toHaveText(["Rename to `commands`"]);
  await fix.click();
  expect(await editorText(page)).toBe("type: task\nimage: ubuntu\ncommands:\n  - echo hi\n");
  await expect(page.locator(`${sel.problem}[data-code="E102"]`)).toHaveCount(0);
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  await expect(page.locator(`${sel.editor} .cm-lintRange-error`)).toHaveCount(0);
  // One step: undo brings the misspelling back.
  await page.keyboard.press("Control+z");
  expect(await editorText(page)).toBe("type: task\nimage: ubuntu\ncomands:\n  - echo hi\n");
  await expect(page.locator(`${sel.problem}[data-code="E102"]`)).toHaveCount(1);
});

test("Ctrl-. on a YAML 1.1 trap offers to quote it; Enter applies the fix", async ({ page }) => {
  await openWith(page, "type: task\ncommands: [python -m http.server 22]\nports:\n  - 22:22\n");
  await expect(page.locator(`${sel.problem}[data-code="W002"]`)).toHaveCount(1);
  await page.locator(`${sel.editor} .cm-line`).nth(3).click();
  await page.keyboard.press("Control+.");
  const fix = page.locator(".cm-tooltip-lint .cm-diagnosticAction");
  await expect(fix).toHaveText(["Quote `22:22` as text"]);
  await expect(fix).toBeFocused();
  // Still focused once the editor has warmed up (a detached copy types 300 ms after it starts;
  // it showed this popup too, in the page, and took the focus with it when it went).
  await page.waitForTimeout(400);
  await expect(fix).toBeFocused();
  await page.keyboard.press("Enter");
  expect(await editorText(page)).toBe('type: task\ncommands: [python -m http.server 22]\nports:\n  - "22:22"\n');
  await expect(page.locator(`${sel.problem}[data-code="W002"]`)).toHaveCount(0);
  await expect(page.locator(".cm-tooltip-lint")).toHaveCount(0);
});

test("a problem without a safe fix has no fix button, and Ctrl-. does nothing there", async ({ page }) => {
  await openWith(page, "type: task\ncommands: [x]\nbogus_field: 1\n");
  await page.locator(`${sel.editor} .cm-lintRange-error`).hover();
  await expect(page.locator(".cm-tooltip-lint")).toContainText("bogus_field");
  await expect(page.locator(".cm-tooltip-lint .cm-diagnosticAction")).toHaveCount(0);
  await page.mouse.move(0, 0);
  await page.locator(`${sel.editor} .cm-line`).nth(2).click();
  await page.keyboard.press("Control+.");
  await expect(page.locator(".cm-tooltip-lint")).toHaveCount(0);
});
