// Shared fixtures for the playground's end-to-end tests.
import { test as base, expect } from "@playwright/test";

/** `page`, failing the test on any uncaught error or console error (CSP violations included),
 * except console errors matching `consoleAllowed`. */
export const test = base.extend({
  consoleAllowed: [[], { option: true }],
  page: async ({ page, consoleAllowed }, use) => {
    const errors = [];
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" && !consoleAllowed.some((re) => re.test(m.text()))) errors.push(`console: ${m.text()}`);
    });
    await use(page);
    expect(errors).toEqual([]);
  },
});

export { expect };

export const sel = {
  editor: '[data-testid="editor"]',
  content: '[data-testid="editor"] .cm-content',
  status: '[data-testid="status"]',
  problems: '[data-testid="problems"]',
  problem: '[data-testid="problem"]',
  json: '[data-testid="json-view"]',
  offers: '[data-testid="offers-summary"]',
  notice: '[data-testid="notice"]',
};

/** Opens the page (optionally with a path/fragment) and waits for the first result. */
export async function open(page, path = "/") {
  await page.goto(path);
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", /valid|invalid/);
  await expect(page.locator(`${sel.editor} .cm-editor`)).toBeVisible();
}

/** Opens the page with `text` in the editor, through a hand-written `#yaml=` link, checked
 * against dstack `version` when given (else the newest). */
export async function openWith(page, text, version) {
  await open(page, `/#yaml=${encodeURIComponent(text)}${version ? `&v=${version}` : ""}`);
}

/** The editor's text, exactly. */
export async function editorText(page) {
  return page.evaluate(() => window.DstackEditor.textOf(document.querySelector('[data-testid="editor"]')));
}

/** Puts the cursor at the very end of the document. */
export async function cursorToEnd(page) {
  await page.locator(sel.content).click();
  await page.keyboard.press("Control+End");
}
