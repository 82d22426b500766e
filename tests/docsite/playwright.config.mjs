// The docs drop-in on a real MkDocs Material site (scripts/build-docsite.sh builds it into
// target/docsite/site): the playground (dist/) and the site are served from two origins, as a
// docs site and the playground it embeds would be.
import { defineConfig } from "@playwright/test";

const PLAYGROUND_PORT = 8093;
const SITE_PORT = 8094;
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
];
const serve = (port, dir) => ({
  command: `python3 serve_cors.py ${port} ${dir}`,
  url: `http://127.0.0.1:${port}/`,
  reuseExistingServer: false,
  stdout: "ignore",
  stderr: "ignore",
  timeout: 20_000,
});

export default defineConfig({
  testDir: ".",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["json", { outputFile: "../../target/playwright/docsite-results.json" }]],
  outputDir: "../../target/playwright/docsite-artifacts",
  use: {
    baseURL: `http://127.0.0.1:${SITE_PORT}/`,
    browserName: "chromium",
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
  },
  webServer: [serve(PLAYGROUND_PORT, "../../dist"), serve(SITE_PORT, "../../target/docsite/site")],
});
