// Text from links and the editor stays text; the page's CSP; no network after load; names.
import { test, expect, sel, open, openWith, editorText } from "./helpers.mjs";

const INJECTION = [
  "type: task",
  'name: "<img src=x onerror=window.__pwned=1>"',
  "commands:",
  '  - echo "</script><script>window.__pwned=2</script>"',
  '  - "<b>bold</b> &amp; <svg onload=window.__pwned=3>"',
  'bogus<img src=x onerror=window.__pwned=4>: 1',
  "",
].join("\n");

test("markup in a link and in the editor is shown as text, never run", async ({ page }) => {
  await openWith(page, INJECTION);
  expect(await editorText(page)).toBe(INJECTION);
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
  // The unknown key is reported with its name as plain text.
  await expect(page.locator(`${sel.problem}[data-code="E102"]`)).toContainText("bogus<img src=x onerror=window.__pwned=4>");
  // Without the bad key the JSON shows the strings verbatim.
  await openWith(page, INJECTION.replace(/^bogus.*\n/m, ""));
  await expect(page.locator(sel.json)).toContainText('"<img src=x onerror=window.__pwned=1>"');
  await expect(page.locator(sel.json)).toContainText("</script><script>window.__pwned=2</script>");
  await expect(page.locator(sel.json)).toContainText("<b>bold</b> &amp; <svg onload=window.__pwned=3>");
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await page.locator("#app img, #app b, #app script").count()).toBe(0);
  expect(await page.locator("#app svg[onload]").count()).toBe(0);
});

test.describe("CSP", () => {
  // The browser reports the blocked inline script below on the console: that is the point.
  test.use({ consoleAllowed: [/Content Security Policy/] });

  test("the page's Content-Security-Policy allows no inline script", async ({ page }) => {
  await open(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"));
  expect(scriptSrc).toBe("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("default-src 'none'");
  expect(await page.locator("script:not([src])").count()).toBe(0);
  // The policy is enforced: an injected inline script does not run.
  const ran = await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inline = 1";
    document.body.append(s);
    return window.__inline;
  });
  expect(ran).toBeUndefined();
  });
});

test("nothing is fetched after load, whatever the user does", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await open(page);
  await page.waitForLoadState("networkidle");
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.locator(sel.content).click();
  await page.keyboard.type("# typing");
  await page.getByLabel("Load an example").selectOption("multi-node");
  await page.getByRole("tab", { name: /Offers/ }).click();
  await expect(page.locator(sel.offers)).toBeVisible();
  await page.getByRole("tab", { name: "JSON" }).click();
  await page.getByRole("button", { name: "Effective" }).click();
  await page.getByRole("button", { name: /Share/ }).click();
  await expect(page.locator(sel.notice)).toBeVisible();
  await page.getByLabel("Load an example").selectOption("broken");
  await page.locator(sel.problem).first().click();
  expect(requests).toEqual([]);
});

test("every control has an accessible name", async ({ page }) => {
  await open(page);
  const unnamed = await page.locator("button, select, [role=tab], input").evaluateAll((els) =>
    els.filter((e) => !(e.getAttribute("aria-label") || e.textContent.trim())).map((e) => e.outerHTML),
  );
  expect(unnamed).toEqual([]);
  await expect(page.getByRole("textbox", { name: "dstack configuration (YAML)" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Share/ })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Load an example" })).toBeVisible();
});
