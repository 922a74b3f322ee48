// The page: choose a portrait, choose the document, see the checklist, download the files.
// Plain DOM code, no framework and no build step; every text from the server is inserted as
// text, never as HTML.
"use strict";

const MARKS = { pass: "✓", fail: "✗", unknown: "?", manual: "☐" };
const VERDICT_WORDS = {
  pass: "passes",
  fail: "fails",
  unknown: "could not be measured",
  manual: "you confirm",
};
const STATUS_WORDS = {
  official: "official",
  "official-general": "official, general rules",
  inferred: "inferred",
};

const $ = (id) => document.getElementById(id);
const state = { file: null, profiles: new Map(), checkedReport: null, blobUrls: [] };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("data-") || key.startsWith("aria-") || key === "href" || key === "download")
      node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function setStatus(id, text, isError) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle("error", Boolean(isError));
}

/** POST a form; answers the JSON, or throws the server's `detail`. */
async function post(url, form) {
  let response;
  try {
    response = await fetch(url, { method: "POST", body: form });
  } catch (error) {
    throw new Error("the server could not be reached: " + error.message);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    // An answer without JSON: the status says what happened.
  }
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : "the server answered " + response.status;
    const error = new Error(detail);
    error.status = response.status;
    throw error;
  }
  return body;
}

// ---- step 1: the photo ----

function choosePhoto(file) {
  if (!file) return;
  state.file = file;
  $("photo-name").textContent = "Chosen: " + file.name + " (" + Math.round(file.size / 1024) + " KB)";
  $("result").hidden = true;
  clearDownloads();
  updateButtons();
  if ($("profile").value) runCheck();
}

function setUpDrop() {
  const drop = $("drop");
  $("photo").addEventListener("change", (event) => choosePhoto(event.target.files[0]));
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (event) => {
      event.preventDefault();
      drop.classList.add("over");
    });
  }
  for (const name of ["dragleave", "drop"]) {
    drop.addEventListener(name, () => drop.classList.remove("over"));
  }
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) choosePhoto(file);
  });
}

// ---- step 2: the document ----

async function loadProfiles() {
  const select = $("profile");
  let list;
  try {
    const response = await fetch("/api/profiles");
    list = await response.json();
    if (!response.ok) throw new Error(list.detail || "status " + response.status);
  } catch (error) {
    select.replaceChildren(el("option", { value: "" }, "The documents could not be loaded"));
    setStatus("check-status", "The list of documents could not be loaded: " + error.message, true);
    return;
  }
  const options = [el("option", { value: "" }, "Choose a document…")];
  for (const group of list.groups) {
    const optgroup = el("optgroup", { label: group.country });
    for (const profile of group.profiles) {
      state.profiles.set(profile.id, profile);
      const trust = STATUS_WORDS[profile.status] || profile.status;
      optgroup.append(
        el("option", { value: profile.id },
          profile.title + " — " + trust + ", verified " + profile.verified),
      );
    }
    options.push(optgroup);
  }
  select.replaceChildren(...options);
}

function showTrust() {
  const profile = state.profiles.get($("profile").value);
  const box = $("profile-trust");
  if (!profile) {
    box.replaceChildren();
    return;
  }
  box.replaceChildren(
    el("span", { class: "badge" }, "Trust: " + (STATUS_WORDS[profile.status] || profile.status)),
    " — " + profile.trust + ". ",
    "Sources verified " + profile.verified + ". ",
    "Profile ",
    el("code", {}, profile.id),
    " version " + profile.version + ", " + profile.rules + " machine-checked rules, " +
      profile.manual + " to confirm yourself.",
  );
}

function updateButtons() {
  const ready = Boolean(state.file && $("profile").value);
  $("check").disabled = !ready;
  $("prepare").disabled = !ready;
}

async function runCheck() {
  if (!state.file || !$("profile").value) return;
  const form = new FormData();
  form.append("photo", state.file, state.file.name);
  form.append("profile", $("profile").value);
  form.append("annotate", "true");
  $("check").disabled = true;
  $("result").hidden = true;
  clearDownloads();
  setStatus("check-status", "Checking the photo…");
  try {
    const answer = await post("/api/check", form);
    showReport(answer.report, answer.annotated_png);
    setStatus("check-status", "Checked.");
  } catch (error) {
    setStatus("check-status", "The photo could not be checked: " + error.message, true);
  } finally {
    updateButtons();
  }
}

function showReport(report, png) {
  state.checkedReport = report;
  const decision = $("decision");
  decision.className = "decision " + report.decision;
  const headline = { accept: "Accepted", reject: "Rejected", undetermined: "Undetermined" };
  // The summary starts with the decision ("reject: 20 of 31 checks pass…"): say it once.
  const detail = report.summary.replace(new RegExp("^" + report.decision + ":\\s*"), "");
  decision.textContent = (headline[report.decision] || report.decision) + " — " + detail;
  const img = $("annotated");
  img.src = "data:image/png;base64," + png;
  img.alt = "Your photo checked for " + report.profile.title +
    ", with the measured crown, chin and eye lines and the required bands drawn on it";
  $("checklist").replaceChildren(...report.rules.map(ruleItem));
  $("result").hidden = false;
}

function ruleItem(rule) {
  const p = rule.provenance;
  const severity = rule.severity !== "reject" && (rule.verdict === "fail" || rule.verdict === "unknown")
    ? el("span", { class: "severity" }, rule.severity === "warn" ? "warning" : "advice")
    : null;
  const summary = el("summary", {},
    el("span", { class: "mark", "aria-hidden": "true" }, MARKS[rule.verdict] || "?"),
    el("span", { class: "visually-hidden" }, VERDICT_WORDS[rule.verdict] + ": "),
    el("strong", {}, rule.title), " ", severity, severity ? " " : null,
    "— ", el("span", { class: "message" }, rule.message),
  );
  const rows = [];
  const row = (term, ...value) => rows.push(el("dt", {}, term), el("dd", {}, ...value));
  row("Rule", el("code", {}, rule.id));
  if (rule.verdict !== "manual" && rule.measured.length)
    row("Measured", rule.measured.map((m) => m.display).join("; "));
  if (rule.required) row("Required", rule.required);
  if (rule.unknown_reasons && rule.unknown_reasons.length)
    row("Why it could not be measured", rule.unknown_reasons.join("; "));
  row("Source", p.source_title + " — " + p.authority,
    p.reference ? " (" + p.reference + ")" : "",
    p.url ? el("span", {}, " ", el("a", { href: p.url, rel: "noopener noreferrer" }, p.url)) : null);
  row("Clause", p.clause || "not given");
  row("Quoted text", el("blockquote", {}, "“" + p.quote + "”"));
  row("Status", (STATUS_WORDS[p.status] || p.status) + ", verified " + p.verified);
  if (p.reason) row("Our reading", p.reason);
  return el("li", { class: "rule " + rule.verdict, "data-rule": rule.id, "data-verdict": rule.verdict },
    el("details", {}, summary, el("dl", {}, ...rows)));
}

// ---- step 3: the files ----

function clearDownloads() {
  for (const url of state.blobUrls) URL.revokeObjectURL(url);
  state.blobUrls = [];
  $("downloads").replaceChildren();
  $("reasons").replaceChildren();
  $("reasons").hidden = true;
  setStatus("prepare-status", "");
}

function blobLink(label, name, blob) {
  const url = URL.createObjectURL(blob);
  state.blobUrls.push(url);
  return el("li", {}, el("a", { href: url, download: name }, label));
}

function fromBase64(text, type) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
  return new Blob([bytes], { type });
}

function sizeText(bytes) {
  return bytes >= 1024 * 1024 ? (bytes / 1024 / 1024).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
}

const KIND = { "image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF" };

async function runPrepare() {
  if (!state.file || !$("profile").value) return;
  const form = new FormData();
  form.append("photo", state.file, state.file.name);
  form.append("profile", $("profile").value);
  if ($("paper").value) form.append("sheet", $("paper").value);
  $("prepare").disabled = true;
  clearDownloads();
  setStatus("prepare-status", "Preparing the files…");
  try {
    const answer = await post("/api/prepare", form);
    showPrepared(answer);
  } catch (error) {
    setStatus("prepare-status", "The files could not be prepared: " + error.message, true);
  } finally {
    updateButtons();
  }
}

function showPrepared(answer) {
  const links = [];
  const reasons = answer.report.preparation.reasons || [];
  const refused = !answer.file;
  const said = answer.message.charAt(0).toUpperCase() + answer.message.slice(1);
  // A refusal's message repeats its reasons, which are listed one per line below.
  setStatus("prepare-status", refused && reasons.length
    ? "No photo the document accepts can be made from this portrait:"
    : said, refused);
  if (answer.file) {
    const f = answer.file;
    const target = answer.report.preparation.target;
    const pixels = target ? ", " + target.width + " × " + target.height + " px" : "";
    links.push(blobLink("Download the photo (" + KIND[f.media_type] + pixels + ", " + sizeText(f.bytes) + ")",
      f.name, fromBase64(f.base64, f.media_type)));
  }
  if (answer.sheet) {
    const s = answer.sheet;
    const what = s.summary.copies + " copies on " + s.summary.paper;
    links.push(blobLink("Download the print sheet (PDF, " + what + ")", s.pdf.name,
      fromBase64(s.pdf.base64, s.pdf.media_type)));
    links.push(blobLink("Download the print sheet (" + KIND[s.raster.media_type] + ", 300 dpi, " + sizeText(s.raster.bytes) + ")",
      s.raster.name, fromBase64(s.raster.base64, s.raster.media_type)));
  }
  if (answer.sheet_error) links.push(el("li", {}, "No print sheet: " + answer.sheet_error));
  const reportName = (answer.file ? answer.file.name : (state.file.name.replace(/\.[^.]*$/, "") || "photo")) + ".report.json";
  links.push(blobLink("Download the report (JSON)", reportName,
    new Blob([JSON.stringify(answer.report, null, 2) + "\n"], { type: "application/json" })));
  $("downloads").replaceChildren(...links);
  if (reasons.length) {
    $("reasons").replaceChildren(...reasons.map((r) => el("li", {}, el("strong", {}, r.title), " — " + r.message)));
    $("reasons").hidden = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setUpDrop();
  $("profile").addEventListener("change", () => {
    showTrust();
    clearDownloads();
    updateButtons();
    if (state.file) runCheck();
  });
  $("check").addEventListener("click", runCheck);
  $("prepare").addEventListener("click", runPrepare);
  loadProfiles();
});
