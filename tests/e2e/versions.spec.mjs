// The dstack release a configuration is checked against: the header's menu, links (`v=`), the
// saved draft, the embed's `version=`, and the JSON panel's Compare versions view.
import { test, expect, sel, open, openWith, editorText, cursorToEnd } from "./helpers.mjs";

// `files` came after 0.18.37: valid under 0.22.5, an unknown key under 0.18.37.
const FILES = "type: task\ncommands: [ls]\nfiles: [a.txt]\n";
const GPU = "type: task\ncommands: [nvidia-smi]\nresources:\n  gpu: A100\n";

const menu = (page) => page.getByLabel("dstack version");
const rules = (page) => page.getByTestId("rules");

test("the newest release applies by default; choosing another re-checks at once, also by keyboard", async ({ page }) => {
  await openWith(page, FILES);
  await expect(menu(page)).toHaveValue("0.22.5");
  await expect(rules(page)).toHaveText("dstack 0.22.5 rules");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  await menu(page).selectOption("0.18.37");
  // No debounce: the result is there with the next render.
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid", { timeout: 1000 });
  await expect(rules(page)).toHaveText("dstack 0.18.37 rules");
  await expect(page.locator(`${sel.problem}[data-code="E102"]`)).toHaveAttribute("data-line", "3");
  await menu(page).focus();
  await page.keyboard.press("ArrowUp");
  await expect(menu(page)).toHaveValue("0.22.5");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid", { timeout: 1000 });
  await expect(rules(page)).toHaveText("dstack 0.22.5 rules");
});

test("a v= link restores its release, and Share writes the one chosen", async ({ page, context, browser }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openWith(page, FILES, "0.18.37");
  await expect(menu(page)).toHaveValue("0.18.37");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
  await page.getByRole("button", { name: /Share/ }).click();
  await expect(page.locator(sel.notice)).toContainText("Link copied");
  const link = page.url();
  expect(link).toMatch(/#c=[A-Za-z0-9_-]+&v=0\.18\.37$/);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await open(fresh, link);
  await expect(menu(fresh)).toHaveValue("0.18.37");
  await expect(rules(fresh)).toHaveText("dstack 0.18.37 rules");
  await expect(fresh.locator(sel.status)).toHaveAttribute("data-state", "invalid");
  // The release chosen for a link's text goes into the address bar, so a reload keeps it.
  await menu(fresh).selectOption("0.22.5");
  await expect.poll(() => fresh.url()).toMatch(/#c=[A-Za-z0-9_-]+&v=0\.22\.5$/);
  await fresh.reload();
  await expect(menu(fresh)).toHaveValue("0.22.5");
  await expect(fresh.locator(sel.status)).toHaveAttribute("data-state", "valid");
  await other.close();
});

test("a link pasted into the open page's address bar brings its release", async ({ page }) => {
  await open(page);
  await page.evaluate((text) => { location.hash = `#yaml=${encodeURIComponent(text)}&v=0.18.37`; }, FILES);
  await expect(menu(page)).toHaveValue("0.18.37");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
});

test("a link naming an unknown release says which are supported and checks against the newest", async ({ page }) => {
  await open(page);
  await page.evaluate(() => localStorage.setItem("dstack-playground.draft", "name: mine\n"));
  // A fresh load (from the same address, only the fragment would change: no load at all).
  await page.goto("about:blank");
  await open(page, `/#yaml=${encodeURIComponent(FILES)}&v=0.99.1`);
  await expect(page.locator(sel.notice)).toHaveAttribute("role", "alert");
  await expect(page.locator(sel.notice)).toContainText(
    "The link asks for dstack 0.99.1, which this page does not check: it supports 0.18.37 and 0.22.5. Checking against 0.22.5 instead.",
  );
  await expect(menu(page)).toHaveValue("0.22.5");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  await expect.poll(() => page.url()).toMatch(/&v=0\.22\.5$/);
  // The draft is still offered back.
  await page.getByRole("button", { name: "Restore my draft" }).click();
  await expect.poll(() => editorText(page)).toBe("name: mine\n");
});

test("the draft remembers its release", async ({ page }) => {
  await open(page);
  await menu(page).selectOption("0.18.37");
  await cursorToEnd(page);
  await page.keyboard.type("# pinned");
  await expect.poll(() => page.evaluate(() => localStorage.getItem("dstack-playground.version"))).toBe("0.18.37");
  await page.reload();
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", /valid|invalid/);
  await expect(menu(page)).toHaveValue("0.18.37");
  await expect(rules(page)).toHaveText("dstack 0.18.37 rules");
});

test("Compare versions: a bare GPU name means exactly one GPU under 0.18.37, one or more under 0.22.5", async ({ page }) => {
  await openWith(page, GPU);
  await expect(page.locator('[data-view="compare"]')).toHaveCount(0);
  await page.getByRole("button", { name: "Compare versions" }).click();
  const view = page.locator(`${sel.json}[data-view="compare"]`);
  await expect(view.locator('li[data-version="0.18.37"]')).toHaveText("dstack 0.18.37: accepts it");
  await expect(view.locator('li[data-version="0.22.5"]')).toHaveText("dstack 0.22.5: accepts it");
  const lines = await view.locator("code > *").allTextContents();
  const at = lines.indexOf('-         "max": 1,');
  expect(at).toBeGreaterThan(0);
  expect(lines.slice(at - 1, at + 4)).toEqual([
    '        "count": {',
    '-         "max": 1,',
    '+         "max": null,',
    '          "min": 1',
    "        },",
  ]);
  await expect(view.locator("code del", { hasText: '"max": 1,' })).toHaveCount(1);
  await expect(view.locator(".legend")).toHaveText("- dstack 0.18.37+ dstack 0.22.5");
});

test("Compare versions: when one release rejects the file, its first error stands for its JSON", async ({ page }) => {
  await openWith(page, FILES);
  await page.getByRole("button", { name: "Compare versions" }).click();
  const view = page.locator(`${sel.json}[data-view="compare"]`);
  await expect(view.locator('li[data-version="0.18.37"]')).toContainText("dstack 0.18.37: rejects it");
  await expect(view.locator('li[data-version="0.18.37"]')).toContainText("(E102, line 3)");
  await expect(view.locator('li[data-version="0.22.5"]')).toHaveText("dstack 0.22.5: accepts it");
  await expect(view.locator("code del")).toHaveCount(0);
  await expect(view.locator("code ins", { hasText: '"files": [' })).toHaveCount(1);
});

test("the embed takes version= and its link to the playground carries it", async ({ page }) => {
  await page.goto(`/?embed=1&version=0.18.37#yaml=${encodeURIComponent(FILES)}`);
  const bar = page.locator(sel.status);
  await expect(bar).toHaveAttribute("data-errors", "1");
  const href = await page.getByRole("link", { name: "Open in playground" }).getAttribute("href");
  expect(href).toMatch(/#c=[A-Za-z0-9_-]+&v=0\.18\.37$/);
  await page.goto(`/?embed=1#yaml=${encodeURIComponent(FILES)}`);
  await expect(bar).toHaveAttribute("data-errors", "0");
  await expect(bar).toHaveAttribute("data-state", "valid");
});

test("a file every release accepts says so above the remark on their defaults (I003), which is no problem", async ({ page }) => {
  await openWith(page, "type: task\ncommands: [python train.py]\n");
  const panel = page.locator(sel.problems);
  await expect(panel.getByTestId("no-problems")).toHaveText("No problems: dstack 0.22.5 accepts this configuration.");
  const remark = page.locator(sel.problem);
  await expect(remark).toHaveCount(1);
  await expect(remark).toHaveAttribute("data-code", "I003");
  await expect(remark).toHaveAttribute("data-severity", "info");
  await expect(remark.locator(".problem-message")).toHaveText(
    "dstack 0.18.37 and 0.22.5 fill in different defaults: no image means dstackai/base:py<server Python>-0.6-cuda-12.1"
      + " vs dstackai/base:0.16-base-ubuntu24.04; no working_dir means /workflow vs the image's working directory;"
      + " no resources.gpu means no GPU requirement vs any number of GPUs (0..); no max_duration means a 72h time limit"
      + " vs no time limit",
  );
  // Counted as an info only: the status line and the announcement say "Valid", with no count.
  await expect(panel.locator(".counts .badge")).toHaveCount(1);
  await expect(panel.locator(".counts .badge.info")).toHaveText("1");
  await expect(page.locator(sel.status).locator(".verdict")).toHaveText("Valid");
  await expect(page.locator(sel.status).locator(".warnings")).toHaveCount(0);
  await expect(page.getByTestId("announcer")).toHaveText("Valid");
  // A warning is a problem: no confirmation then.
  await openWith(page, "type: task\ncommands: [python train.py]\nports: [22:22]\n");
  await expect(page.locator(`${sel.problem}[data-code="W002"]`)).toHaveCount(1);
  await expect(panel.getByTestId("no-problems")).toHaveCount(0);
});
