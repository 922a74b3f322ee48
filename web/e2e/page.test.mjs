// The page in a real headless Chromium (Debian's, driven by playwright-core): choose a portrait,
// choose the document, read the checklist, open a rule's source, download the files.
// Run by scripts/e2e.sh, which starts `photorules serve` and sets PHOTORULES_URL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const base = process.env.PHOTORULES_URL;
const artefacts = process.env.E2E_ARTEFACTS || path.join(repo, "target/e2e");
const photos = path.join(repo, "spec-tests/photos");
const PROFILE = "kz/driving-licence";
// What obama.jpg (smiling with teeth) fails for a Kazakh driving licence.
const EXPECTED_FAILING = ["expression.neutral", "mouth.closed"];

// The flags this machine's closed network needs (no background connections, no QUIC).
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let context;
let userDataDir;
const externalRequests = [];

before(async () => {
  assert.ok(base, "PHOTORULES_URL is not set: run scripts/e2e.sh");
  mkdirSync(artefacts, { recursive: true });
  userDataDir = mkdtempSync(path.join(os.tmpdir(), "photorules-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    // A phone-sized screen.
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  context.on("request", (request) => {
    if (!request.url().startsWith(base) && !/^(data|blob):/.test(request.url())) {
      externalRequests.push(request.url());
    }
  });
});

after(async () => {
  if (context) await context.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

async function download(page, link, name) {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const target = path.join(artefacts, name || file.suggestedFilename());
  await file.saveAs(target);
  return { target, suggested: file.suggestedFilename(), bytes: readFileSync(target) };
}

async function chooseAndCheck(page, photo) {
  await page.goto(base);
  // Every control is reachable by its label.
  await page.getByLabel("Choose or take a photo", { exact: true }).setInputFiles(path.join(photos, photo));
  const documents = page.getByLabel("Document", { exact: true });
  await documents.locator(`option[value="${PROFILE}"]`).waitFor({ state: "attached" });
  await documents.selectOption(PROFILE);
  await page.locator("#result").waitFor({ state: "visible", timeout: 60_000 });
}

test("obama.jpg for a Kazakh driving licence: checklist with the expected failures, sources, downloads", async () => {
  const page = await context.newPage();
  await chooseAndCheck(page, "obama.jpg");

  // The document is shown in its country's group with its trust level and verification date.
  const group = await page.locator(`#profile optgroup:has(option[value="${PROFILE}"])`).getAttribute("label");
  assert.equal(group, "Kazakhstan");
  const trust = await page.locator("#profile-trust").innerText();
  assert.match(trust, /Trust: (official|official, general rules|inferred)/);
  assert.match(trust, /verified \d{4}-\d{2}-\d{2}/);

  assert.match(await page.locator("#decision").innerText(), /^Rejected — \d+ of \d+ checks pass/);
  const annotated = page.locator("#annotated");
  assert.ok((await annotated.getAttribute("src")).startsWith("data:image/png;base64,"));
  assert.ok(await annotated.evaluate((img) => img.complete && img.naturalWidth > 0), "the annotated photo is shown");

  for (const rule of EXPECTED_FAILING) {
    const item = page.locator(`#checklist li[data-rule="${rule}"]`);
    assert.equal(await item.getAttribute("data-verdict"), "fail", `${rule} fails`);
    assert.equal(await item.locator(".mark").innerText(), "✗");
  }
  const marks = await page.locator("#checklist .mark").allInnerTexts();
  assert.ok(marks.includes("✓"), "some rules pass");
  assert.ok(marks.includes("☐"), "manual items are listed");

  // Opening a rule shows its source, clause, quoted text and status.
  const rule = page.locator(`#checklist li[data-rule="${EXPECTED_FAILING[1]}"]`);
  await rule.locator("summary").click();
  const details = await rule.locator("dl").innerText();
  for (const term of ["Source", "Clause", "Quoted text", "Status"]) {
    assert.ok(details.includes(term), `the rule shows its ${term}`);
  }
  assert.ok(await rule.locator("blockquote").isVisible());

  await page.screenshot({ path: path.join(artefacts, "check-obama.png"), fullPage: true });

  // Step 3: the photo cannot be made compliant (a smile cannot be fixed); the reasons are shown
  // and the report can be downloaded.
  await page.getByRole("button", { name: "Prepare the files" }).click();
  const links = page.locator("#downloads a");
  await links.first().waitFor({ timeout: 120_000 });
  const labels = await links.allInnerTexts();
  const reportLink = page.locator("#downloads a", { hasText: "Download the report (JSON)" });
  const report = await download(page, reportLink);
  const parsed = JSON.parse(report.bytes.toString("utf8"));
  assert.equal(parsed.profile.id, PROFILE);
  assert.ok(parsed.preparation, "the preparation is in the report");
  if (parsed.preparation.outcome === "refused") {
    assert.ok(await page.locator("#reasons").isVisible(), "the reasons for refusing are shown");
  } else {
    assert.ok(labels.some((l) => l.startsWith("Download the photo")), labels.join(" | "));
  }
  await page.screenshot({ path: path.join(artefacts, "prepare-obama.png"), fullPage: true });
  await page.close();
});

test("a portrait that can be prepared: download the photo and the print sheet", async () => {
  const page = await context.newPage();
  await chooseAndCheck(page, "grace_hopper.jpg");
  await page.getByLabel("Print sheet paper", { exact: true }).selectOption("10x15cm");
  await page.getByRole("button", { name: "Prepare the files" }).click();
  const photoLink = page.locator("#downloads a", { hasText: "Download the photo" });
  await photoLink.waitFor({ timeout: 120_000 });

  const photo = await download(page, photoLink);
  assert.equal(photo.suggested, "grace_hopper-kz-driving-licence.jpg");
  assert.deepEqual([...photo.bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], "a JPEG file");

  const pdf = await download(page, page.locator("#downloads a", { hasText: "print sheet (PDF" }));
  assert.equal(pdf.bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  const raster = await download(page, page.locator("#downloads a", { hasText: "300 dpi" }));
  assert.ok(statSync(raster.target).size > 10_000);

  await page.screenshot({ path: path.join(artefacts, "prepare-grace-hopper.png"), fullPage: true });
  await page.close();
  assert.deepEqual(externalRequests, [], "the page asked for nothing outside the server");
});

test("the page follows the browser's language, switches language, and finds documents by search", async () => {
  const page = await context.newPage();
  // A browser set to Kazakh, on its first visit (no language chosen before).
  await page.addInitScript(() => {
    Object.defineProperty(navigator, "languages", { get: () => ["kk-KZ", "kk", "ru"] });
    if (!sessionStorage.getItem("seen")) {
      localStorage.clear();
      sessionStorage.setItem("seen", "1");
    }
  });
  await page.goto(base);
  assert.equal(await page.locator("html").getAttribute("lang"), "kk");
  assert.equal(await page.locator("h1").innerText(), "Құжатқа арналған фотосуретті тексеру");
  await page.getByLabel("Фотосуретті таңдаңыз немесе түсіріңіз", { exact: true })
    .setInputFiles(path.join(photos, "obama.jpg"));

  // The search box narrows the picker: one document's title in Kazakh finds it.
  await page.getByLabel("Құжатты іздеу", { exact: true }).fill("жүргізуші");
  const documents = page.getByLabel("Құжат", { exact: true });
  const listed = await documents.locator("option[value]:not([value=''])").evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(listed, [PROFILE], "only the driving licence matches");
  assert.match(await documents.locator(`option[value="${PROFILE}"]`).innerText(), /^Қазақстан жүргізуші куәлігіне арналған фотосурет/);
  await documents.selectOption(PROFILE);
  await page.locator("#result").waitFor({ state: "visible", timeout: 60_000 });

  // The report is in Kazakh: decision, rule titles, what to do.
  assert.match(await page.locator("#decision").innerText(), /^Қабылданбайды — /);
  const mouth = page.locator(`#checklist li[data-rule="mouth.closed"]`);
  assert.equal(await mouth.locator("summary strong").innerText(), "Ауыз жабық");
  assert.equal(await mouth.locator(".fix-line").innerText(), "→ Ауызыңызды жабық ұстаңыз.");

  // Switching to Russian checks again in Russian; rule ids and verdicts stay.
  await page.getByLabel("Тіл", { exact: true }).selectOption("ru");
  await page.locator("#decision", { hasText: "Отклонено — " }).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator("h1").innerText(), "Проверка фото на документы");
  await page.locator(`#checklist li[data-rule="mouth.closed"] summary strong`, { hasText: "Рот закрыт" }).waitFor();
  assert.equal(await mouth.getAttribute("data-verdict"), "fail");
  await page.screenshot({ path: path.join(artefacts, "check-obama-ru.png"), fullPage: true });

  // A country searched by its English name lists only that country's documents.
  await page.getByLabel("Найти документ", { exact: true }).fill("Japan");
  const groups = await page.locator("#profile optgroup").evaluateAll((gs) => gs.map((g) => g.label));
  assert.deepEqual(groups, ["Япония"]);
  // The choice is kept for the next visit.
  await page.reload();
  assert.equal(await page.locator("h1").innerText(), "Проверка фото на документы");
  await page.close();
});
