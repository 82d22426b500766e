// The budgets, measured in headless Chromium against the built app:
// first load ≤ 450,000 B gzip, navigation → first result < 300 ms, keystroke → update p95 < 30 ms
// on a 200-line file (#12's bars). The numbers go to the test output and to budgets.json (test artifact).
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { test, expect, sel, open, openWith } from "./helpers.mjs";

// Tracing snapshots the DOM after every action: it would be measured too.
test.use({ trace: "off" });

// First load: with every configuration type of both releases, completion, hover docs and quick
// fixes in, today's build is 448,512 B (the wasm split into streams and LZMA-compressed,
// scripts/pack-wasm.py, its panic locations without line numbers, scripts/strip-locations.py):
// within #12's bar of 450,000 B.
// Keystroke: the latency ends at the frame after the change, so it comes in steps of a frame
// (16.7 ms), and the p95 of 40 keystrokes is the third slowest. Those used to be the first three,
// slowed by code compiled at its first use (p95 up to 32 ms across runs); the page now runs the
// keystroke's checks once before anyone types (web/src/hooks.rs, use_warm_up).
const LIMITS = { gzipBytes: 450_000, firstResultMs: 300, keystrokeP95Ms: 30 };
const measured = {};

test.afterAll(async ({}, info) => {
  const report = JSON.stringify({ limits: LIMITS, measured }, null, 2);
  console.log(`budgets: ${JSON.stringify(measured)}`);
  mkdirSync("target/playwright", { recursive: true });
  writeFileSync("target/playwright/budgets.json", `${report}\n`);
  await info.attach("budgets.json", { body: report, contentType: "application/json" });
});

test("first load transfers at most 450,000 B gzip, catalog included, each file once", async ({ page }) => {
  const bodies = [];
  page.on("response", async (r) => bodies.push(r.finished().then(async () => [r.url(), await r.body()])));
  await open(page);
  await page.waitForLoadState("networkidle");
  const files = await Promise.all(bodies);
  let total = 0;
  const perFile = {};
  const fetched = [];
  for (const [url, body] of files) {
    const size = gzipSync(body, { level: 9 }).length;
    const path = new URL(url).pathname;
    fetched.push(path);
    perFile[path] = size;
    total += size;
  }
  measured.gzipBytes = total;
  measured.gzipPerFile = perFile;
  const rows = Object.entries(perFile).sort((a, b) => b[1] - a[1]);
  const width = Math.max(...rows.map(([path]) => path.length));
  console.log(
    [`first load: ${total} bytes gzip -9 (limit ${LIMITS.gzipBytes})`, ...rows.map(([p, n]) => `  ${p.padEnd(width)} ${String(n).padStart(7)}`)].join("\n"),
  );
  expect(Object.keys(perFile)).toContain("/pkg/playground_bg.wasm.lzma");
  // A preload the page's own request does not reuse would fetch the file twice.
  expect(fetched.length).toBe(new Set(fetched).size);
  expect(total).toBeLessThanOrEqual(LIMITS.gzipBytes);
});

test("the first result is on screen within 300 ms of navigation", async ({ page, browser }) => {
  // The time to the first result, and the time spent unpacking the module (crates/unpack, by
  // web/loader/unpack.js) or null when the page compiled the module an earlier visit kept
  // (web/loader/module-cache.js).
  const marks = () => [
    performance.getEntriesByName("dstack:first-result")[0]?.startTime,
    performance.getEntriesByName("dstack:unlzma")[0]?.duration ?? null,
  ];
  const times = [];
  const kept = [];
  for (let i = 0; i < 5; i++) {
    await open(page, `/?run=${i}`);
    const [t, decode] = await page.evaluate(marks);
    times.push(t);
    kept.push(decode === null);
  }
  times.sort((a, b) => a - b);
  measured.firstResultMs = Math.round(times[2]);
  measured.firstResultRunsMs = times.map(Math.round);
  // The first visit unpacks the module; the next ones compile the module it kept.
  measured.firstResultKeptModuleRuns = kept.filter(Boolean).length;
  expect(times[2]).toBeLessThan(LIMITS.firstResultMs);
  // Reported, not limited: a page in a new browser context, as in a new tab, runs in a renderer
  // process of its own, where no wasm code compiled before is at hand (the runs above reuse the
  // first's), and with storage of its own, where no visit has kept the module. The median of three.
  const origin = new URL(page.url()).origin;
  const cold = [];
  const decodes = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto(`${origin}/?cold=${i}`);
    await fresh.waitForFunction(() => performance.getEntriesByName("dstack:first-result").length > 0);
    const [t, decode] = await fresh.evaluate(marks);
    cold.push(t);
    decodes.push(decode);
    await context.close();
  }
  cold.sort((a, b) => a - b);
  measured.firstResultColdMs = Math.round(cold[1]);
  measured.firstResultColdRunsMs = cold.map(Math.round);
  // Part of a first visit's first result.
  decodes.sort((a, b) => a - b);
  measured.unlzmaMs = Math.round(decodes[1]);
  expect(decodes.every((d) => d !== null)).toBe(true);
});

test("a keystroke updates problems, JSON and offers within 30 ms (p95) in a 200-line file", async ({ page }) => {
  const lines = ["type: task", "name: long-file", "python: \"3.11\"", "commands:"];
  while (lines.length < 190) lines.push(`  - echo step ${lines.length} && python run.py --part ${lines.length}`);
  lines.push("resources:", "  gpu: 24GB..:1", "  disk: 100GB..", "spot_policy: auto", "max_price: 3");
  while (lines.length < 200) lines.push(`# comment ${lines.length}`);
  await openWith(page, `${lines.join("\n")}\n`);
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  // Cursor at the end of the last command line (line 190): each digit changes the JSON.
  await page.locator(sel.content).click();
  await page.keyboard.press("Control+Home");
  for (let i = 1; i < 190; i++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("End");
  await page.evaluate(() => {
    // Time from the keydown event to the frame after the JSON view changed, and (the page's own
    // work, without the wait for that frame) to the change.
    window.__arm = () => {
      window.__latency = new Promise((resolve) => {
        let start = null;
        const onKey = (e) => { start = e.timeStamp; };
        document.addEventListener("keydown", onKey, { capture: true, once: true });
        const target = document.querySelector('[data-testid="json-view"]');
        const observer = new MutationObserver(() => {
          observer.disconnect();
          const work = performance.now() - start;
          requestAnimationFrame(() => resolve([performance.now() - start, work]));
        });
        observer.observe(target, { subtree: true, childList: true, characterData: true });
      });
    };
  });
  const samples = [];
  const work = [];
  for (let i = 0; i < 40; i++) {
    await page.evaluate(() => window.__arm());
    await page.keyboard.press(String(i % 10));
    const [latency, own] = await page.evaluate(() => window.__latency);
    samples.push(latency);
    work.push(own);
  }
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  const p95of = (values) => values.sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1];
  const p95 = p95of(samples);
  measured.keystrokeP95Ms = Math.round(p95 * 10) / 10;
  measured.keystrokeMedianMs = Math.round(samples[samples.length >> 1] * 10) / 10;
  // A keystroke at a random point of a 16.7 ms frame waits for the next one: the latency's p95 is
  // about the work's plus a frame's 95%. The work alone says whether the panels make that frame.
  measured.keystrokeWorkP95Ms = Math.round(p95of(work) * 10) / 10;
  expect(p95).toBeLessThan(LIMITS.keystrokeP95Ms);
});
