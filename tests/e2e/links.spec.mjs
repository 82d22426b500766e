// Share links (`#c=` and `#yaml=`), broken links, and the draft kept across reloads.
import { deflateRawSync } from "node:zlib";
import { test, expect, sel, open, openWith, editorText, cursorToEnd } from "./helpers.mjs";

// Non-ASCII, a tab, a CR, trailing spaces and no final newline: all must come back byte for byte.
const TRICKY = 'type: task\nname: dév-☃\ncommands:\n  - echo "🚀 x\ty"  \r\n  - echo ok\n# end   ';

test("Share puts a #c= link on the clipboard and in the address bar; it restores the text", async ({ page, context, browser }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openWith(page, TRICKY);
  expect(await editorText(page)).toBe(TRICKY);
  await cursorToEnd(page);
  await page.keyboard.type(" edited");
  await page.getByRole("button", { name: /Share/ }).click();
  await expect(page.locator(sel.notice)).toContainText("Link copied");
  const link = page.url();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#c=[A-Za-z0-9_-]+&v=0\.22\.5$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await open(fresh, link);
  expect(await editorText(fresh)).toBe(`${TRICKY} edited`);
  await other.close();
});

test("a hand-written #yaml= link opens its text", async ({ page }) => {
  const text = "type: task\ncommands:\n  - nvidia-smi\nresources:\n  gpu: L4\n";
  await open(page, `/#yaml=${encodeURIComponent(text)}`);
  expect(await editorText(page)).toBe(text);
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
});

test("a link pasted into the open page's address bar replaces the text", async ({ page }) => {
  await open(page);
  await page.evaluate(() => { location.hash = "#yaml=type%3A%20task%0Acommands%3A%20%5Bls%5D%0A"; });
  await expect.poll(() => editorText(page)).toBe("type: task\ncommands: [ls]\n");
});

test("a corrupt link says so and keeps a working page", async ({ page }) => {
  await open(page, "/#c=AAAA$$$");
  await expect(page.locator(sel.notice)).toHaveAttribute("role", "alert");
  await expect(page.locator(sel.notice)).toContainText("The share link is corrupt");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  expect(await editorText(page)).toMatch(/^# Fine-tune/);
  await page.getByRole("button", { name: "Dismiss" }).click();
  await expect(page.locator(sel.notice)).toHaveCount(0);
});

test("a truncated compressed link says so", async ({ page }) => {
  const payload = deflateRawSync(Buffer.from("type: task\ncommands: [echo one, echo two, echo three]\n")).toString("base64url");
  await open(page, `/#c=${payload.slice(0, 4 * Math.floor(payload.length / 8))}`);
  await expect(page.locator(sel.notice)).toContainText("corrupt");
  await expect(page.locator(`${sel.editor} .cm-editor`)).toBeVisible();
});

test("a link that is too large says so", async ({ page }) => {
  await open(page, `/#yaml=${"a".repeat((1 << 20) + 1)}`);
  await expect(page.locator(sel.notice)).toContainText("larger than 1 MiB");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
});

test("the draft survives a reload", async ({ page }) => {
  await open(page);
  await cursorToEnd(page);
  await page.keyboard.type("# my note");
  await expect.poll(() => page.evaluate(() => localStorage.getItem("dstack-playground.draft"))).toMatch(/# my note$/);
  const before = await editorText(page);
  await page.reload();
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", /valid|invalid/);
  expect(await editorText(page)).toBe(before);
});

test("editing after opening a link drops the stale link from the address bar", async ({ page }) => {
  await openWith(page, "type: task\ncommands: [ls]\n");
  expect(page.url()).toContain("#yaml=");
  await cursorToEnd(page);
  await page.keyboard.type("# changed");
  await expect.poll(() => page.url()).not.toContain("#");
});
