// WCAG 2.1 A/AA and best practice, checked by axe-core in every state a person can reach: light,
// dark, with errors, the Offers tab, Compare versions, a phone, the embed and the embedding demo page. No serious or
// critical violation is allowed; the counts per state go to target/playwright/axe.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test, expect, sel, open } from "./helpers.mjs";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const REPORT = "target/playwright/axe.json";

/** Adds one state's counts to the report (a failed test restarts the worker: no shared memory). */
function record(state, entry) {
  mkdirSync("target/playwright", { recursive: true });
  const report = existsSync(REPORT) ? JSON.parse(readFileSync(REPORT, "utf8")) : {};
  report[state] = entry;
  writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`axe ${state}: ${entry.serious} serious or critical (${entry.seriousNodes} elements), ${entry.all} in all`);
}

/** Runs axe-core in every frame of the page (evaluated through the debugger protocol, which the
 * page's CSP does not restrict) and returns the serious and critical violations, one line each. */
async function audit(page, state) {
  const found = [];
  for (const frame of page.frames()) {
    if (frame.url() === "about:blank") continue;
    await frame.evaluate(AXE_SOURCE);
    const violations = await frame.evaluate(async (tags) => {
      const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, iframes: false });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        targets: v.nodes.map((n) => `${n.target.join(" ")} ${n.any.concat(n.all).map((c) => c.message).join("; ")}`),
      }));
    }, TAGS);
    found.push(...violations.map((v) => ({ ...v, frame: frame === page.mainFrame() ? "page" : frame.url() })));
  }
  const serious = found.filter((v) => v.impact === "serious" || v.impact === "critical");
  const nodes = (list) => list.reduce((n, v) => n + v.targets.length, 0);
  record(state, {
    all: found.length, serious: serious.length, seriousNodes: nodes(serious), allNodes: nodes(found),
    ids: found.map((v) => `${v.id} (${v.impact})`),
  });
  return serious.flatMap((v) => v.targets.map((t) => `${v.id} [${v.frame}] ${t}`));
}

for (const scheme of ["light", "dark"]) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test(`axe: the default example (${scheme})`, async ({ page }) => {
      await open(page);
      expect(await audit(page, `${scheme}: default`)).toEqual([]);
    });

    test(`axe: errors in every stage (${scheme})`, async ({ page }) => {
      await open(page);
      await page.getByLabel("Load an example").selectOption("broken");
      await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
      expect(await audit(page, `${scheme}: errors`)).toEqual([]);
    });

    test(`axe: the Offers tab (${scheme})`, async ({ page }) => {
      await open(page);
      await page.getByRole("tab", { name: /Offers/ }).click();
      await expect(page.locator(sel.offers)).toBeVisible();
      expect(await audit(page, `${scheme}: offers`)).toEqual([]);
    });

    test(`axe: Compare versions, one release rejecting the file (${scheme})`, async ({ page }) => {
      await open(page, `/#yaml=${encodeURIComponent("type: task\ncommands: [ls]\nfiles: [a.txt]\nresources:\n  gpu: A100\n")}`);
      await page.getByRole("button", { name: "Compare versions" }).click();
      await expect(page.locator(`${sel.json}[data-view="compare"] code ins`).first()).toBeVisible();
      expect(await audit(page, `${scheme}: compare`)).toEqual([]);
    });

    test(`axe: a phone (${scheme})`, async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 740 });
      await open(page);
      expect(await audit(page, `${scheme}: phone`)).toEqual([]);
    });

    test(`axe: the embed, empty and with each panel (${scheme})`, async ({ page }) => {
      const text = encodeURIComponent("type: task\ncommands: [nvidia-smi]\nresources:\n  gpu: L4\nnodes: 0\n");
      await page.goto("/?embed=1");
      await expect(page.locator(sel.status)).toHaveAttribute("data-state", /valid|invalid/);
      const problems = await audit(page, `${scheme}: embed empty`);
      for (const view of ["problems", "json", "offers"]) {
        const yaml = view === "problems" ? text : text.replace(encodeURIComponent("nodes: 0\n"), "");
        await page.goto(`/?embed=1&view=${view}#yaml=${yaml}`);
        await expect(page.locator(sel.status)).toHaveAttribute("data-state", /valid|invalid/);
        problems.push(...(await audit(page, `${scheme}: embed ${view}`)));
      }
      expect(problems).toEqual([]);
    });

    test(`axe: the embedding demo page (${scheme})`, async ({ page }) => {
      await page.goto("/embed-demo.html");
      await expect(page.locator('[data-snippet="readonly"]')).toHaveAttribute("data-ready", "true");
      await expect(page.locator('[data-check="cpu"] [data-testid="verdict"]')).not.toHaveText("Checking…");
      for (const frame of page.frames().slice(1)) {
        await expect(frame.locator(sel.status)).toHaveAttribute("data-state", /valid|invalid/);
      }
      expect(await audit(page, `${scheme}: embed demo`)).toEqual([]);
    });
  });
}
