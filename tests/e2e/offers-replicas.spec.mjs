// The Offers panel of a service: the price of one replica and of its replica range (the
// estimate's `replicas`), from the same estimate as `dstack-check --offers`.
import { test, expect, sel, openWith } from "./helpers.mjs";

const SERVICE = `type: service
image: vllm/vllm-openai:v0.8.5
commands:
  - vllm serve meta-llama/Llama-3.1-8B-Instruct
port: 8000
resources:
  gpu: 24GB..80GB:1
replicas: 1..4
scaling:
  metric: rps
  target: 10
`;

test("a service's offers are priced per replica and for its replica range", async ({ page }) => {
  await openWith(page, SERVICE, "0.22.5");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  await page.getByRole("tab", { name: /Offers/ }).click();
  await expect(page.locator(sel.offers)).toHaveAttribute("data-count", "656");
  await expect(page.locator(`${sel.offers} .range`)).toHaveText("$0.250 – $11.56 /h per replica");
  await expect(page.getByTestId("offers-replicas")).toHaveText("1–4 replicas: $0.250 – $1.00 /h");
  await expect(page.getByTestId("offers-needs")).toHaveCount(0);
});
