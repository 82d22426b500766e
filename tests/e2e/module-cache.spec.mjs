// A repeat visit compiles the unpacked module its first visit kept in Cache Storage
// (web/loader/module-cache.js) instead of unpacking the packed file again; a damaged entry, or
// one the glue cannot start, is unpacked anew, and a new build's entry replaces the older builds'
// of the same app.
import { test, expect, sel, open } from "./helpers.mjs";

/** The URLs the page's module cache holds, once it holds `count` of them, sorted. */
async function keys(page, count) {
  const read = () =>
    page.evaluate(async () => (await (await caches.open("dstack-modules")).keys()).map((r) => r.url).sort());
  await expect.poll(async () => (await read()).length).toBe(count);
  return read();
}

/** Whether the page's last load unpacked its module (it measures the unpacking). */
const unpackedNow = (page) => page.evaluate(() => performance.getEntriesByName("dstack:unlzma").length === 1);

test("a repeat visit compiles the kept module without unpacking it", async ({ page }) => {
  await open(page);
  expect(await unpackedNow(page)).toBe(true);
  const [key] = await keys(page, 1);
  // The packed file's Last-Modified header names the build (the test server sends no ETag).
  expect(key).toMatch(/\/pkg\/playground_bg\.wasm\?packed=[^&]+GMT$/);
  const kept = await page.evaluate(async (key) => {
    const bytes = new Uint8Array(await (await (await caches.open("dstack-modules")).match(key)).arrayBuffer());
    return [...bytes.slice(0, 4)];
  }, key);
  expect(kept).toEqual([0, 0x61, 0x73, 0x6d]);
  await open(page, "/?again");
  expect(await unpackedNow(page)).toBe(false);
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  expect(await keys(page, 1)).toEqual([key]);
});

/** Puts `bytes` under the page's own key in place of its module, reloads the page, and expects
 * the module unpacked, the page working, and the entry replaced by the module. */
async function replacedAfter(page, bytes) {
  await open(page);
  const [key] = await keys(page, 1);
  await page.evaluate(
    async ([key, bytes]) => {
      const cache = await caches.open("dstack-modules");
      await cache.put(key, new Response(new Uint8Array(bytes), { headers: { "content-type": "application/wasm" } }));
    },
    [key, bytes],
  );
  await open(page, "/?again");
  expect(await unpackedNow(page)).toBe(true);
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  const size = (key) =>
    caches.open("dstack-modules").then(async (cache) => (await (await cache.match(key))?.arrayBuffer())?.byteLength ?? 0);
  await expect.poll(() => page.evaluate(size, key)).toBeGreaterThan(100_000);
}

test("a damaged kept module is unpacked again and replaced", async ({ page }) => {
  await replacedAfter(page, [1, 2, 3]);
});

test("a kept module that the glue cannot start is unpacked instead, and replaced", async ({ page }) => {
  // A valid module without the app's exports, as another build's could be under the same header.
  await replacedAfter(page, [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
});

test("a new build's module replaces the older builds' of the same app, not the other app's", async ({ page }) => {
  await open(page);
  const [key] = await keys(page, 1);
  const older = key.replace(/packed=.*/, "packed=older");
  const embed = key.replace("playground_bg", "embed_bg");
  await page.evaluate(
    async ([key, older, embed]) => {
      const cache = await caches.open("dstack-modules");
      const wasm = () => new Response(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
      await cache.put(older, wasm());
      await cache.put(embed, wasm());
      // As if this build had not been visited yet.
      await cache.delete(key);
    },
    [key, older, embed],
  );
  await open(page, "/?new-build");
  expect(await unpackedNow(page)).toBe(true);
  expect(await keys(page, 2)).toEqual([embed, key].sort());
});
