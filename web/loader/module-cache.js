// Keeps the unpacked module of one visit for the next (Cache Storage, the page origin's own
// storage: nothing is fetched). A repeat visit compiles the kept module as it is read, instead of
// unpacking the packed file again, which takes 40 to 60 ms of its first result. An entry names
// the packed file it came from by that file's ETag or Last-Modified header, so a new build is
// unpacked anew, and its entry replaces the older ones. Where the page has no Cache Storage (not
// a secure context, storage refused) or the packed file has neither header, every visit unpacks.

const NAME = "dstack-modules";

/** The page's cache of modules, opened as the page starts; null where there is none. */
const opened = (async () => (globalThis.caches ? caches.open(NAME) : null))().catch(() => null);

/** The key of `app`'s unpacked module for its packed file's `response`, a URL under `base`;
 * null when the response has no validator to tell builds apart. */
export function keyOf(app, response, base) {
  const tag = response.headers.get("etag") || response.headers.get("last-modified");
  return tag ? new URL(`pkg/${app}_bg.wasm?packed=${encodeURIComponent(tag)}`, base).href : null;
}

/** The kept module under `key` (a Response to compile), or undefined; never fails. */
export async function kept(key) {
  try {
    return (await (await opened)?.match(key)) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `bytes`, an unpacked module, under `key`, and deletes the entries of the same app's
 * older builds; never fails (a visit without the entry unpacks the module again). */
export async function keep(key, bytes) {
  try {
    const store = await opened;
    if (!store) return;
    await store.put(key, new Response(bytes, { headers: { "content-type": "application/wasm" } }));
    const app = key.slice(0, key.indexOf("?") + 1);
    for (const request of await store.keys()) {
      if (request.url.startsWith(app) && request.url !== key) await store.delete(request);
    }
  } catch {
    // Storage full or refused: the next visit unpacks the module.
  }
}
