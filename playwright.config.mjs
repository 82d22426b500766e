// End-to-end tests of the built playground (dist/) in Debian's headless Chromium.
// Playwright cannot download its own browsers here, so it drives /usr/bin/chromium.
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT || 8091);
// The built site to test (scripts/build-web.sh writes dist/; OUT=… builds elsewhere).
const DIST = process.env.E2E_DIST || "dist";
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
];

export default defineConfig({
  testDir: "./tests/e2e",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // One worker: the budget test measures timings, which parallel tests would disturb (2 cores).
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["json", { outputFile: "target/playwright/results.json" }]],
  outputDir: "target/playwright/artifacts",
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: "chromium",
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
  },
  webServer: {
    command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory ${DIST}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "ignore",
    timeout: 20_000,
  },
});
