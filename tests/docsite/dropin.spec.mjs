// The docs drop-in (web/dropin/) on the MkDocs Material test site: badges equal to the CLI's
// verdicts under the release the site chose (the newest, or 0.18.37 in the 0.18.37/ build), links
// and embeds for that release, Try it, the palette switch, instant navigation, a blocked script,
// and the bytes a page pays before any click (written to target/playwright/docsite-bytes.json).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";

const ROOT = new URL("../../", import.meta.url).pathname;
// Where cargo put the CLI (scripts/build-docsite.sh builds it there too).
const CARGO_TARGET = process.env.CARGO_TARGET_DIR ?? `${ROOT}target`;
const PLAYGROUND = "http://127.0.0.1:8093/";
const DROPIN = `${PLAYGROUND}dropin/dstack-dropin.js`;
const plural = (n, noun) => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;

// The release the site's default build is checked against: the newest.
const NEWEST = "0.22.5";

/** `dstack-check --dstack-version VERSION --markdown --format json --offers` of a page of the site, one object per block. */
function cli(page, version) {
  let out;
  try {
    const args = ["--dstack-version", version, "--markdown", "--format", "json", "--offers", `${ROOT}tests/docsite/docs/${page}`];
    out = execFileSync(`${CARGO_TARGET}/debug/dstack-check`, args, { encoding: "utf8" });
  } catch (e) {
    out = e.stdout; // exit status 1: a block has errors
  }
  return out.trim().split("\n").map((line) => JSON.parse(line.replace(/\bInfinity\b/g, "1e999")));
}

/** The badges the CLI's verdicts under `version` call for, in page order (skipped blocks get no bar). */
function expectedBadges(page, version) {
  return cli(page, version)
    .filter((b) => b.block.status !== "skipped")
    .map((b) => {
      if (b.block.status === "not-checked") return `${b.block.type}: not checked`;
      const count = (s) => b.diagnostics.filter((d) => d.severity === s).length;
      const offers = b.offers && !b.offers.needs ? ` · ${plural(b.offers.count, "offer")}` : "";
      if (count("error") > 0) return `✗ ${plural(count("error"), "error")}`;
      if (count("warning") > 0) return `⚠ ${plural(count("warning"), "warning")}${offers}`;
      return `✓ valid${offers}`;
    });
}

const badges = (page) => page.locator(".dstack-dropin-badge").allTextContents();

/** Serves the page as a site without the hook does: the build's results removed as they are parsed. */
const withoutBuildResults = () =>
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.matches?.("template.dstack-check-results")) n.remove();
  }).observe(document, { childList: true, subtree: true });

/** Sums the layout shifts of the page so far (CLS without session windows: stricter). */
const layoutShift = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(total), 300);
      }),
  );

test("badges match dstack-check --markdown, with no layout shift and no playground before a click", async ({ page }) => {
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("index.html");
  const expected = expectedBadges("index.md", NEWEST);
  expect(expected).toEqual(["✓ valid · 746 offers", "⚠ 1 warning · 2,316 offers", "✓ valid · 108 offers", "✗ 1 error"]);
  await expect.poll(() => badges(page)).toEqual(expected);
  // The release that judged it, then each problem at its line in the .md file, front matter
  // included, as the CLI reports it (0.22.5 reports the unknown key only once nothing else is wrong).
  await expect(page.locator(".dstack-dropin-badge").nth(3)).toHaveAttribute(
    "title",
    "checked against dstack 0.22.5\nE118 at 53:5 the task has nothing to run: set `commands` or `image`",
  );
  await expect(page.locator(".dstack-dropin-badge").first()).toHaveAttribute("title", "checked against dstack 0.22.5");
  // The intentionally broken example (skip marker) and the YAML that is not dstack's get no bar.
  await expect(page.locator("div.highlight")).toHaveCount(6);
  await expect(page.locator('div.highlight[data-dstack-dropin="wired"]')).toHaveCount(4);
  const open = page.locator(".dstack-dropin-open").first();
  // The link names the release the build judged the page by, so it keeps meaning the same.
  await expect(open).toHaveAttribute("href", /^http:\/\/127\.0\.0\.1:8093\/#c=[A-Za-z0-9_-]+&v=0\.22\.5$/);
  await page.waitForLoadState("networkidle");
  expect(requests.filter((u) => u.startsWith(PLAYGROUND))).toEqual([DROPIN]);
  // No visible shift: a badge placed without its room would move the text below it by a line
  // (a score of 0.01 or more). Once, in a clean CI run, the page itself shifted by 0.00012, a
  // fraction of a pixel, with nothing of the drop-in changed.
  expect(await layoutShift(page)).toBeLessThan(0.001);
  expect(errors).toEqual([]);
});

test("Open in playground carries the example", async ({ page, context }) => {
  await page.goto("index.html");
  const href = await page.locator(".dstack-dropin-open").first().getAttribute("href");
  const playground = await context.newPage();
  await playground.goto(href);
  await expect(playground.locator(".cm-content")).toContainText("name: train");
});

test("Try it swaps in the live embed, re-checks edits, follows the palette, and goes back", async ({ page }) => {
  await page.goto("index.html");
  const bar = page.locator(".dstack-dropin").first();
  const block = page.locator("div.highlight").first();
  await bar.getByRole("button", { name: "Try it" }).click();
  const iframe = page.locator("iframe.dstack-dropin-frame");
  await expect(iframe).toHaveAttribute(
    "src",
    /^http:\/\/127\.0\.0\.1:8093\/\?embed=1&height=auto&theme=light&origin=http%3A%2F%2F127\.0\.0\.1%3A8094&version=0\.22\.5#c=/,
  );
  await expect(block).toBeHidden();
  const frame = page.frameLocator("iframe.dstack-dropin-frame");
  await expect(frame.locator(".cm-content")).toContainText("python train.py");
  await expect(frame.locator("html")).toHaveAttribute("data-theme", "light");

  await frame.locator(".cm-content").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\nbogus: 1");
  await expect(bar.locator(".dstack-dropin-badge")).toHaveText("✗ 1 error");
  // The release is named once the embed reports it (`dstack_version` in its `result` messages).
  await expect(bar.locator(".dstack-dropin-badge")).toHaveAttribute(
    "title",
    /^live result of your edits(, checked against dstack 0\.22\.5)?$/,
  );
  // The embed reports its height; the iframe follows it.
  await expect.poll(async () => (await iframe.boundingBox()).height).toBeGreaterThan(150);

  await page.locator('label[for="__palette_1"]').click();
  await expect(page.locator("body")).toHaveAttribute("data-md-color-scheme", "slate");
  await expect(frame.locator("html")).toHaveAttribute("data-theme", "dark");

  await bar.getByRole("button", { name: "Back to the example" }).click();
  await expect(block).toBeVisible();
  await expect(iframe).toBeHidden();
  await expect(bar.locator(".dstack-dropin-badge")).toHaveText("✓ valid · 746 offers");
});

test("instant navigation wires the next page's blocks", async ({ page }) => {
  await page.goto("index.html");
  await page.evaluate(() => (window.stillHere = true));
  await page.getByRole("link", { name: "Services" }).first().click();
  await expect(page).toHaveURL(/services\.html$/);
  await expect.poll(() => badges(page)).toEqual(expectedBadges("services.md", NEWEST));
  // The service's count is offers_oracle_0_22.py's on its block (dstack 0.22.5's defaults: 2 CPUs, 8 GB, 100 GB disk).
  expect(expectedBadges("services.md", NEWEST)).toEqual(["✓ valid · 2,316 offers", "✓ valid · 263 offers"]);
  // The same document: Material swapped the content in, no page load ran the script again.
  expect(await page.evaluate(() => window.stillHere)).toBe(true);
  await page.getByText("A task next to it").click();
  await page.locator(".dstack-dropin").nth(1).getByRole("button", { name: "Try it" }).click();
  await expect(page.frameLocator("iframe.dstack-dropin-frame").locator(".cm-content")).toContainText("max_price");
});

test("a site built for dstack 0.18.37 gets that release's verdicts, links and embeds", async ({ page }) => {
  // tests/docsite/mkdocs-0.18.37.yml: `extra: {dstack_check: {version: "0.18.37"}}`, which the hook
  // passes as --dstack-version; the script takes the release from the page.
  await page.goto("0.18.37/index.html");
  const expected = expectedBadges("index.md", "0.18.37");
  expect(expected).toEqual(["✓ valid · 391 offers", "⚠ 1 warning · 2,309 offers", "✓ valid · 107 offers", "✗ 2 errors"]);
  await expect.poll(() => badges(page)).toEqual(expected);
  await expect(page.locator(".dstack-dropin-badge").nth(3)).toHaveAttribute(
    "title",
    "checked against dstack 0.18.37\nE118 at 53:5 the task has nothing to run: set `commands` or `image`\nE102 at 54:5 unknown key `comands` in a task",
  );
  await expect(page.locator(".dstack-dropin-open").first()).toHaveAttribute("href", /^http:\/\/127\.0\.0\.1:8093\/#c=[A-Za-z0-9_-]+&v=0\.18\.37$/);
  await page.locator(".dstack-dropin").first().getByRole("button", { name: "Try it" }).click();
  await expect(page.locator("iframe.dstack-dropin-frame")).toHaveAttribute("src", /^http:\/\/127\.0\.0\.1:8093\/\?embed=1&[^#]*&version=0\.18\.37#c=/);
});

test("live badges come from the JS module when the build wrote none", async ({ page }) => {
  // The page as a site without the hook serves it, and the drop-in asked for live badges: no
  // release chosen, so the module's default (the newest) and links without `v`.
  await page.addInitScript(withoutBuildResults);
  await page.addInitScript(() => (window.dstackDropin = { badges: "live" }));
  await page.goto("index.html");
  await expect(page.locator("template.dstack-check-results")).toHaveCount(0);
  await expect.poll(() => badges(page)).toEqual(expectedBadges("index.md", NEWEST));
  await expect(page.locator(".dstack-dropin-badge").first()).toHaveAttribute("title", "checked against dstack 0.22.5");
  await expect(page.locator(".dstack-dropin-open").first()).toHaveAttribute("href", /^http:\/\/127\.0\.0\.1:8093\/#c=[A-Za-z0-9_-]+$/);
});

test("live badges check against the release the site chose", async ({ page }) => {
  await page.addInitScript(withoutBuildResults);
  await page.addInitScript(() => (window.dstackDropin = { badges: "live", version: "0.18.37" }));
  await page.goto("index.html");
  await expect.poll(() => badges(page)).toEqual(expectedBadges("index.md", "0.18.37"));
  await expect(page.locator(".dstack-dropin-badge").first()).toHaveAttribute("title", "checked against dstack 0.18.37");
  await expect(page.locator(".dstack-dropin-open").first()).toHaveAttribute("href", /&v=0\.18\.37$/);
});

test("a site that declares another dstack version gets no verdicts it cannot stand behind", async ({ page }) => {
  // The build's verdicts are 0.22.5's; the module does not check 0.19.0 at all.
  await page.addInitScript(() => (window.dstackDropin = { version: "0.19.0" }));
  await page.goto("index.html");
  await expect.poll(() => badges(page)).toEqual(Array(4).fill("not checked for dstack 0.19.0"));
  await expect(page.locator(".dstack-dropin-try")).toHaveCount(4);
  await page.addInitScript(withoutBuildResults);
  await page.addInitScript(() => (window.dstackDropin = { version: "0.19.0", badges: "live" }));
  await page.goto("index.html");
  await expect.poll(() => badges(page)).toEqual(Array(4).fill("not checked for dstack 0.19.0"));
});

test("badges list problems only: an info is the playground's", async ({ page }) => {
  const [block] = cli("secrets.md", NEWEST);
  // I001: the token comes from the shell; I003: the defaults 0.18.37 and 0.22.5 fill in differently.
  expect(block.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["info I001", "info I003"]);
  await page.goto("secrets.html");
  await expect.poll(() => badges(page)).toEqual(["✓ valid · 2,316 offers"]);
  await expect(page.locator(".dstack-dropin-badge")).toHaveAttribute("title", "checked against dstack 0.22.5");
  await page.addInitScript(withoutBuildResults);
  await page.addInitScript(() => (window.dstackDropin = { badges: "live" }));
  await page.goto("secrets.html");
  await expect.poll(() => badges(page)).toEqual(["✓ valid · 2,316 offers"]);
  await expect(page.locator(".dstack-dropin-badge")).toHaveAttribute("title", "checked against dstack 0.22.5");
});

test("with the script blocked the page is the page as written", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route(DROPIN, (route) => route.abort());
  await page.goto("index.html");
  await page.waitForLoadState("networkidle");
  await expect(page.locator(".dstack-dropin, iframe, [data-dstack-dropin]")).toHaveCount(0);
  await expect(page.locator("div.highlight").first()).toBeVisible();
  await expect(page.locator("div.highlight").first()).toContainText("python train.py");
  expect(errors).toEqual([]);
});

test("bytes a docs page pays before any click", async ({ page }) => {
  const bodies = [];
  page.on("response", (r) => bodies.push(r.finished().then(async () => [r.url(), await r.body().catch(() => Buffer.alloc(0))])));
  await page.goto("index.html");
  await expect.poll(() => badges(page)).toHaveLength(4);
  await page.waitForLoadState("networkidle");
  const perFile = {};
  for (const [url, body] of await Promise.all(bodies)) perFile[url] = gzipSync(body, { level: 9 }).length;
  const html = await (await fetch("http://127.0.0.1:8094/index.html")).text();
  const results = /<template class="dstack-check-results">.*?<\/template>/s.exec(html)[0];
  const dropin = { script: perFile[DROPIN], results: gzipSync(results, { level: 9 }).length };
  const page_total = Object.values(perFile).reduce((a, b) => a + b, 0);
  mkdirSync(`${ROOT}target/playwright`, { recursive: true });
  writeFileSync(`${ROOT}target/playwright/docsite-bytes.json`, JSON.stringify({ dropin, pageTotal: page_total, perFile }, null, 2));
  console.log(`[docsite] drop-in before any click: script ${dropin.script} B gzip + build results ${dropin.results} B gzip (in the page); whole page ${page_total} B gzip`);
  expect(dropin.script + dropin.results).toBeLessThan(30 * 1024);
});
