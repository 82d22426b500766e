// Screenshots of the light and dark themes at phone, tablet and desktop widths, kept as test
// artifacts (target/playwright/artifacts/) to be looked at.
import { test, expect, sel, open } from "./helpers.mjs";

for (const scheme of ["light", "dark"]) {
  test(`screenshot: ${scheme} theme`, async ({ page }, info) => {
    await page.emulateMedia({ colorScheme: scheme });
    await open(page);
    await page.getByLabel("Load an example").selectOption("broken");
    await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(scheme === "dark" ? "rgb(14, 16, 22)" : "rgb(255, 255, 255)");
    const path = info.outputPath(`playground-${scheme}.png`);
    await page.screenshot({ path });
    await info.attach(`playground-${scheme}`, { path, contentType: "image/png" });
  });
}

test("screenshot: phone width, nothing overflows sideways", async ({ page }, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  await page.getByRole("tab", { name: "Results" }).click();
  await page.getByRole("tab", { name: /Offers/ }).click();
  await expect(page.locator(sel.offers)).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBe(0);
  const path = info.outputPath("playground-phone.png");
  await page.screenshot({ path, fullPage: true });
  await info.attach("playground-phone", { path, contentType: "image/png" });
});

for (const scheme of ["light", "dark"]) {
  for (const width of [375, 768, 1280]) {
    test(`screenshot: ${width} px, ${scheme}, with errors and with offers`, async ({ page }, info) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: width < 500 ? 740 : 800 });
      await open(page);
      const shoot = async (name) => {
        const path = info.outputPath(`${name}-${width}-${scheme}.png`);
        await page.screenshot({ path });
        await info.attach(`${name}-${width}-${scheme}`, { path, contentType: "image/png" });
      };
      if (width < 500) await page.getByRole("tab", { name: "Results" }).click();
      await page.getByRole("tab", { name: /Offers/ }).click();
      await expect(page.locator(sel.offers)).toBeVisible();
      await shoot("offers");
      await page.getByLabel("Load an example").selectOption("broken");
      await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
      if (width < 500) await page.getByRole("tab", { name: /Problems/ }).click();
      await shoot("errors");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
    });
  }
}
