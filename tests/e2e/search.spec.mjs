// Find in the editor (web/editor/search.js): the panel, its matches, next and previous, Escape,
// and the other places of the selected text.
import { test, expect, sel, openWith, editorText } from "./helpers.mjs";

const TEXT = "type: task\ncommands:\n  - echo Task\n  - echo task\n";
test("Ctrl-F finds text in any case; Enter and F3 go to the next match, Shift-F3 back; Escape closes", async ({ page }) => {
  await openWith(page, TEXT);
  await page.locator(`${sel.editor} .cm-content`).click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("Control+f");
  const input = page.locator(`${sel.editor} .cm-search input[name="search"]`);
  await expect(input).toBeFocused();
  await input.fill("task");
  await expect(page.locator(`${sel.editor} .cm-searchMatch`)).toHaveCount(3);
  await page.keyboard.press("Enter");
  await page.keyboard.press("F3");
  await page.keyboard.press("F3");
  await page.keyboard.press("Shift+F3");
  await page.keyboard.press("Escape");
  await expect(page.locator(`${sel.editor} .cm-search`)).toHaveCount(0);
  await expect(page.locator(`${sel.editor} .cm-searchMatch`)).toHaveCount(0);
  await expect(page.locator(`${sel.editor} .cm-content`)).toBeFocused();
  // Enter went to the first match, F3 to "Task" and the last one, Shift-F3 back to "Task".
  await page.keyboard.type("X");
  expect(await editorText(page)).toBe("type: task\ncommands:\n  - echo X\n  - echo task\n");
});

test("the other places of the selected text are highlighted", async ({ page }) => {
  await openWith(page, TEXT);
  await page.locator(`${sel.editor} .cm-line`).nth(2).getByText("echo Task").dblclick({ position: { x: 5, y: 5 } });
  await expect(page.locator(`${sel.editor} .cm-selectionMatch`)).toHaveCount(1);
  await expect(page.locator(`${sel.editor} .cm-selectionMatch`)).toHaveText("echo");
});

test("replace changes the selected match and goes to the next; replace all is one undo", async ({ page }) => {
  await openWith(page, TEXT);
  await page.locator(`${sel.editor} .cm-content`).click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("Control+f");
  await page.locator(`${sel.editor} .cm-search input[name="search"]`).fill("task");
  await page.locator(`${sel.editor} .cm-search input[name="replace"]`).fill("job");
  const replace = page.locator(`${sel.editor} .cm-search button[name="replace"]`);
  await replace.click();
  expect(await editorText(page)).toBe(TEXT);
  await replace.click();
  expect(await editorText(page)).toBe("type: job\ncommands:\n  - echo Task\n  - echo task\n");
  await page.locator(`${sel.editor} .cm-search button[name="replaceAll"]`).click();
  expect(await editorText(page)).toBe("type: job\ncommands:\n  - echo job\n  - echo job\n");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+z");
  expect(await editorText(page)).toBe("type: job\ncommands:\n  - echo Task\n  - echo task\n");
});
