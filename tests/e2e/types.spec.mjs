// Every dstack configuration type in the playground: the Examples menu's configuration of each
// type (web/examples/) opened through a share link gets the status, the problems and, for the run
// types, the offer count that dstack itself gives (every expected value comes from dstack's own
// code: oracle.py for the verdicts and error locations, offers_oracle_0_22.py and
// `offers_oracle.py --run-types` for the counts, run on these very files); a typo in each is
// one unknown key where dstack reports it; and a file whose `type:` changes is checked as the new type.
import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { test, expect, sel, open, openWith, editorText } from "./helpers.mjs";

/** The text of an example of the menu. */
const example = (file) => readFileSync(new URL(`../../web/examples/${file}`, import.meta.url), "utf8");

/** The page's share link for `text` under dstack `version`: `#c=` (raw DEFLATE, base64url) and `v=`. */
const link = (text, version) => `/#c=${deflateRawSync(Buffer.from(text)).toString("base64url")}&v=${version}`;

// `offers`: dstack's count per release (none for the types that start no run); `typo`: a key
// misspelled, and the line and column where dstack 0.22.5 reports the unknown key.
const EXAMPLES = [
  { id: "service", file: "09-service.yml", type: "service", name: "llama31",
    offers: { "0.22.5": 656, "0.18.37": 641 }, typo: ["model:", "modle:", 10, 1] },
  { id: "dev-environment", file: "10-dev-environment.yml", type: "dev-environment", name: "vscode",
    offers: { "0.22.5": 1145, "0.18.37": 651 }, typo: ["spot_policy:", "spot_polcy:", 11, 1] },
  { id: "fleet-cloud", file: "11-fleet-cloud.yml", type: "fleet", name: "h100-cluster",
    typo: ["placement:", "placment:", 5, 1] },
  { id: "fleet-ssh", file: "12-fleet-ssh.yml", type: "fleet", name: "on-prem",
    typo: ["  network:", "  netwrok:", 13, 3] },
  { id: "gateway", file: "13-gateway.yml", type: "gateway", name: "example-gateway",
    typo: ["domain:", "domian:", 6, 1] },
  { id: "volume", file: "14-volume.yml", type: "volume", name: "my-data",
    typo: ["size:", "sise:", 6, 1] },
  { id: "preset", file: "15-preset.yml", type: "preset", name: "qwen3-32b", only: "0.22.5",
    typo: ["trials:", "trails:", 7, 1] },
];

const versionMenu = (page) => page.getByLabel("dstack version");
const examplesMenu = (page) => page.getByLabel("Load an example");
const problems = (page, severity) => page.locator(`${sel.problem}[data-severity="${severity}"]`);

/** Valid, no problem (remarks may come), the JSON of the type, and dstack's offer count when it has one. */
async function expectAccepted(page, { type, name, offers }, version) {
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  await expect(page.locator(`${sel.status} .verdict`)).toHaveText("Valid");
  await expect(page.locator(`${sel.status} .warnings`)).toHaveCount(0);
  await expect(page.getByTestId("rules")).toHaveText(`dstack ${version} rules`);
  await expect(problems(page, "error")).toHaveCount(0);
  await expect(problems(page, "warning")).toHaveCount(0);
  await expect(page.locator(sel.json)).toContainText(`"type": "${type}"`);
  await expect(page.locator(sel.json)).toContainText(`"name": "${name}"`);
  if (offers) {
    await page.getByRole("tab", { name: /Offers/ }).click();
    await expect(page.locator(sel.offers)).toHaveAttribute("data-count", String(offers[version]));
  }
}

for (const version of ["0.22.5", "0.18.37"]) {
  for (const e of EXAMPLES.filter((e) => !e.only || e.only === version)) {
    test(`${e.id} under dstack ${version}: a share link gives dstack's verdict${e.offers ? " and offers" : ""}`, async ({ page }) => {
      await open(page, link(example(e.file), version));
      await expect(versionMenu(page)).toHaveValue(version);
      // The text is the menu's example, byte for byte, so the menu names it.
      await expect(examplesMenu(page)).toHaveValue(e.id);
      await expectAccepted(page, e, version);
    });
  }
}

test("dstack 0.18.37 has no presets: the preset example is one error at its type", async ({ page }) => {
  await open(page, link(example("15-preset.yml"), "0.18.37"));
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
  await expect(page.locator(`${sel.status} .verdict`)).toHaveText("1 error");
  const error = problems(page, "error");
  await expect(error).toHaveCount(1);
  await expect(error).toHaveAttribute("data-code", "E101");
  await expect(error).toHaveAttribute("data-line", "2");
  await expect(error).toHaveAttribute("data-column", "7");
});

for (const e of EXAMPLES) {
  const [from, to, line, column] = e.typo;
  test(`a misspelled key in the ${e.id} example is the one error dstack reports, at its line`, async ({ page }) => {
    await open(page, link(example(e.file).replace(from, to), "0.22.5"));
    await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
    await expect(page.locator(`${sel.status} .verdict`)).toHaveText("1 error");
    const error = problems(page, "error");
    await expect(error).toHaveCount(1);
    await expect(error).toHaveAttribute("data-code", "E102");
    await expect(error).toHaveAttribute("data-line", String(line));
    await expect(error).toHaveAttribute("data-column", String(column));
    await expect(error).toContainText(to.trim().replace(":", ""));
  });
}

test("the Examples menu has one group per type, and each example loads valid", async ({ page }) => {
  await open(page);
  const groups = examplesMenu(page).locator("optgroup");
  await expect(groups).toHaveCount(7);
  expect(await groups.evaluateAll((all) => all.map((g) => g.label))).toEqual([
    "Tasks", "Services", "Dev environments", "Fleets", "Gateways", "Volumes", "Presets",
  ]);
  for (const e of EXAMPLES) {
    await examplesMenu(page).selectOption(e.id);
    await expect.poll(() => editorText(page)).toBe(example(e.file));
    await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
    await expect(page.locator(sel.json)).toContainText(`"name": "${e.name}"`);
    await expect(page.locator(sel.json)).toContainText(`"type": "${e.type}"`);
  }
});

test("changing `type: task` to `type: service` re-checks the file as a service", async ({ page }) => {
  await openWith(page, "type: task\nname: web\ncommands:\n  - python app.py\n", "0.22.5");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  await expect(page.locator(sel.json)).toContainText('"type": "task"');
  await page.locator(`${sel.editor} .cm-line`).first().click();
  await page.keyboard.press("End");
  for (let i = 0; i < "task".length; i++) await page.keyboard.press("Backspace");
  await page.keyboard.type("service");
  // A service needs a `port` (dstack 0.22.5: `service.port`, "Field required").
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "invalid");
  await expect(page.locator(`${sel.status} .verdict`)).toHaveText("1 error");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("port: 8000");
  await expect.poll(() => editorText(page)).toBe("type: service\nname: web\ncommands:\n  - python app.py\nport: 8000");
  await expect(page.locator(sel.status)).toHaveAttribute("data-state", "valid");
  await expect(page.locator(`${sel.status} .verdict`)).toHaveText("Valid");
  await expect(page.locator(sel.json)).toContainText('"type": "service"');
  await expect(page.locator(sel.json)).toContainText('"container_port": 8000');
  // offers_oracle_0_22.py on this service: dstack 0.22.5's default resources match 2,316 offers.
  await page.getByRole("tab", { name: /Offers/ }).click();
  await expect(page.locator(sel.offers)).toHaveAttribute("data-count", "2316");
});
