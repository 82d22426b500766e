// The Offers panel of a configuration that gets no offers: what it needs instead (the
// estimate's `needs`), in place of a count and an empty table.
import { test, expect, sel, openWith } from "./helpers.mjs";

const GATEWAY = "type: gateway\nname: example-gateway\nbackend: aws\nregion: eu-west-1\ndomain: example.com\n";

for (const version of ["0.22.5", "0.18.37"]) {
  test(`a gateway's Offers panel says what it needs (dstack ${version})`, async ({ page }) => {
    await openWith(page, GATEWAY, version);
    await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
    await page.getByRole("tab", { name: /Offers/ }).click();
    await expect(page.getByTestId("offers-needs")).toHaveText(
      "a gateway is created in one backend and region, not on offers: the bundled catalog knows aws region eu-west-1 (40 catalog rows there)",
    );
    await expect(page.getByTestId("offers-needs").locator("code")).toHaveText(["aws", "eu-west-1"]);
    await expect(page.locator(sel.offers)).toHaveCount(0);
    await expect(page.locator(".offers .callout.error")).toHaveCount(0);
    await expect(page.locator(".offers-table")).toHaveCount(0);
  });
}
