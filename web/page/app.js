// The page: choose a portrait, choose the document, see the checklist, download the files.
// Plain DOM code, no framework and no build step; every text from the server is inserted as
// text, never as HTML. The page's own words are in i18n.js (English, Kazakh, Russian); the
// report's texts come from the server in the language asked for.
"use strict";

const MARKS = { pass: "✓", fail: "✗", unknown: "?", manual: "☐" };

const $ = (id) => document.getElementById(id);
const state = {
  file: null,
  profiles: new Map(),
  groups: [],
  checkedReport: null,
  blobUrls: [],
  lang: "en",
  busy: 0,
};

/** The page's word for `key` in the chosen language. */
const t = (key, values) => translate(state.lang, key, values);

/** A country's name in the chosen language (the browser knows them), else the server's. */
function countryName(group) {
  if (/^[A-Z]{2}$/.test(group.jurisdiction) && typeof Intl !== "undefined" && Intl.DisplayNames) {
    try {
      const name = new Intl.DisplayNames([state.lang], { type: "region" }).of(group.jurisdiction);
      if (name && name !== group.jurisdiction) return name;
    } catch (_) {
      // An unknown region or language: the server's English name.
    }
  }
  return group.country;
}

/** A profile's title in the chosen language where the profile gives one. */
function profileTitle(profile) {
  const translations = profile.title_translations || {};
  return translations[state.lang] || profile.title;
}

/** Put the page's own words in the chosen language. */
function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll("[data-i18n]")) {
    node.textContent = t(node.dataset.i18n);
  }
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.setAttribute("placeholder", t(node.dataset.i18nPlaceholder));
  }
  for (const node of document.querySelectorAll("[data-i18n-aria-label]")) {
    node.setAttribute("aria-label", t(node.dataset.i18nAriaLabel));
  }
  $("language").value = state.lang;
  if (state.file) showChosen();
}


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
  showChosen();
  $("result").hidden = true;
  clearDownloads();
  updateButtons();
  if ($("profile").value) runCheck();
}

function showChosen() {
  $("photo-name").textContent = t("photo.chosen", {
    name: state.file.name,
    size: Math.round(state.file.size / 1024),
  });
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
    select.replaceChildren(el("option", { value: "" }, t("documents.failed")));
    setStatus("check-status", t("documents.failed.detail", { detail: error.message }), true);
    return;
  }
  state.groups = list.groups;
  for (const group of list.groups) {
    for (const profile of group.profiles) state.profiles.set(profile.id, profile);
  }
  fillPicker();
}

/** The words a search matches a document by: its country and title in every language, its
 * id and document kind. */
function searchText(group, profile) {
  const titles = [profile.title, ...Object.values(profile.title_translations || {})];
  return [group.country, countryName(group), group.jurisdiction, profile.id, profile.document, ...titles]
    .join(" ")
    .toLowerCase();
}

/** The document picker: one group per country in the chosen language, national bases left
 * out (they are shared requirements, not documents), filtered by the search box. */
function fillPicker() {
  const select = $("profile");
  if (!state.groups.length) return;
  const chosen = select.value;
  const words = $("document-search").value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const groups = [];
  for (const group of state.groups) {
    const profiles = group.profiles.filter((profile) => {
      if (profile.base) return false;
      const text = searchText(group, profile);
      return words.every((word) => text.includes(word));
    });
    if (profiles.length) groups.push({ group, profiles });
  }
  groups.sort((a, b) => countryName(a.group).localeCompare(countryName(b.group), state.lang));
  const first = groups.length
    ? el("option", { value: "" }, t("documents.choose"))
    : el("option", { value: "" }, t("documents.none", { text: $("document-search").value.trim() }));
  const options = [first];
  for (const { group, profiles } of groups) {
    const optgroup = el("optgroup", { label: countryName(group) });
    for (const profile of profiles) {
      optgroup.append(el("option", { value: profile.id },
        profileTitle(profile) + " — " + t("status." + profile.status) + ", " + profile.verified));
    }
    options.push(optgroup);
  }
  select.replaceChildren(...options);
  // Keep the chosen document when it is still listed.
  if (chosen && [...select.options].some((o) => o.value === chosen)) select.value = chosen;
  showTrust();
  updateButtons();
}

function showTrust() {
  const profile = state.profiles.get($("profile").value);
  const box = $("profile-trust");
  if (!profile) {
    box.replaceChildren();
    return;
  }
  // The server's sentence on the status is English; other languages say the status alone.
  const said = state.lang === "en" ? " — " + profile.trust + ". " : ". ";
  box.replaceChildren(
    el("span", { class: "badge" }, t("trust.line", { status: t("status." + profile.status) })),
    said,
    t("trust.verified", { date: profile.verified }) + " ",
    t("trust.profile", {
      id: profile.id,
      version: profile.version,
      rules: profile.rules,
      manual: profile.manual,
    }),
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
  if ($("age").value !== "") form.append("age", $("age").value);
  $("check").disabled = true;
  $("result").hidden = true;
  clearDownloads();
  setStatus("check-status", t("check.running"));
  try {
    const answer = await post("/api/check?lang=" + state.lang, form);
    showReport(answer.report, answer.annotated_png);
    setStatus("check-status", t("check.done"));
  } catch (error) {
    setStatus("check-status", t("check.failed", { detail: error.message }), true);
  } finally {
    updateButtons();
  }
}

function showReport(report, png) {
  state.checkedReport = report;
  const decision = $("decision");
  decision.className = "decision " + report.decision;
  // The summary may start with the decision ("Reject: 20 of 31 checks pass…"): say it once.
  const detail = report.summary.replace(/^[^:]{1,40}:\s*/, "");
  decision.textContent = t(report.decision) + " — " + detail;
  const img = $("annotated");
  img.src = "data:image/png;base64," + png;
  img.alt = t("annotated.alt", { title: report.profile.title });
  $("checklist").replaceChildren(...report.rules.map(ruleItem));
  $("result").hidden = false;
}

function ruleItem(rule) {
  const p = rule.provenance;
  const severity = rule.severity !== "reject" && (rule.verdict === "fail" || rule.verdict === "unknown")
    ? el("span", { class: "severity" }, t(rule.severity === "warn" ? "severity.warn" : "severity.advice"))
    : null;
  const summary = el("summary", {},
    el("span", { class: "mark", "aria-hidden": "true" }, MARKS[rule.verdict] || "?"),
    el("span", { class: "visually-hidden" }, t("verdict." + rule.verdict) + ": "),
    el("strong", {}, rule.title), " ", severity, severity ? " " : null,
    "— ", el("span", { class: "message" }, rule.message),
  );
  const rows = [];
  const row = (term, ...value) => rows.push(el("dt", {}, t(term)), el("dd", {}, ...value));
  // What to do comes first: it is what the applicant needs from a failed rule.
  if (rule.fix) row("term.fix", el("span", { class: "fix" }, rule.fix));
  row("term.rule", el("code", {}, rule.id));
  if (rule.verdict !== "manual" && rule.measured.length)
    row("term.measured", rule.measured.map((m) => m.display).join("; "));
  if (rule.required) row("term.required", rule.required);
  if (rule.unknown_reasons && rule.unknown_reasons.length)
    row("term.unknown", rule.unknown_reasons.join("; "));
  row("term.source", p.source_title + " — " + p.authority,
    p.reference ? " (" + p.reference + ")" : "",
    // Only web addresses become links: a profile's `javascript:` or `data:` address is shown
    // as text.
    p.url ? el("span", {}, " ", /^https?:\/\//i.test(p.url)
      ? el("a", { href: p.url, rel: "noopener noreferrer" }, p.url)
      : p.url) : null);
  row("term.clause", p.clause || t("term.clause.none"));
  row("term.quote", el("blockquote", {}, "“" + p.quote + "”"));
  if (p.translation) row("term.translation", el("blockquote", { class: "translation" }, "“" + p.translation + "”"));
  row("term.status", t("term.verified", { status: t("status." + p.status), date: p.verified }));
  if (p.reason) row("term.reason", p.reason);
  const fix = rule.fix && rule.verdict === "fail" ? el("p", { class: "fix-line" }, "→ " + rule.fix) : null;
  return el("li", { class: "rule " + rule.verdict, "data-rule": rule.id, "data-verdict": rule.verdict },
    el("details", {}, summary, el("dl", {}, ...rows)), fix);
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
  setStatus("prepare-status", t("prepare.running"));
  try {
    const answer = await post("/api/prepare?lang=" + state.lang, form);
    showPrepared(answer);
  } catch (error) {
    setStatus("prepare-status", t("prepare.failed", { detail: error.message }), true);
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
    ? t("prepare.refused")
    : said, refused);
  if (answer.file) {
    const f = answer.file;
    const target = answer.report.preparation.target;
    const pixels = target ? ", " + target.width + " × " + target.height + " px" : "";
    links.push(blobLink(t("download.photo", { kind: KIND[f.media_type], pixels, size: sizeText(f.bytes) }),
      f.name, fromBase64(f.base64, f.media_type)));
  }
  if (answer.sheet) {
    const s = answer.sheet;
    links.push(blobLink(t("download.sheet.pdf", { copies: s.summary.copies, paper: s.summary.paper }), s.pdf.name,
      fromBase64(s.pdf.base64, s.pdf.media_type)));
    links.push(blobLink(t("download.sheet.raster", { kind: KIND[s.raster.media_type], size: sizeText(s.raster.bytes) }),
      s.raster.name, fromBase64(s.raster.base64, s.raster.media_type)));
  }
  if (answer.sheet_error) links.push(el("li", {}, t("download.none", { detail: answer.sheet_error })));
  const reportName = (answer.file ? answer.file.name : (state.file.name.replace(/\.[^.]*$/, "") || "photo")) + ".report.json";
  links.push(blobLink(t("download.report"), reportName,
    new Blob([JSON.stringify(answer.report, null, 2) + "\n"], { type: "application/json" })));
  $("downloads").replaceChildren(...links);
  if (reasons.length) {
    $("reasons").replaceChildren(...reasons.map((r) => el("li", {}, el("strong", {}, r.title), " — " + r.message)));
    $("reasons").hidden = false;
  }
}

function chooseLanguage(lang) {
  state.lang = lang;
  try {
    window.localStorage.setItem("photorules.lang", lang);
  } catch (_) {
    // Not kept across visits when storage is off.
  }
  applyLanguage();
  fillPicker();
  // The report's texts are the server's: check again in the new language (same verdicts).
  if (state.checkedReport && state.file && $("profile").value) runCheck();
}

document.addEventListener("DOMContentLoaded", () => {
  state.lang = initialLanguage();
  applyLanguage();
  $("language").addEventListener("change", (event) => chooseLanguage(event.target.value));
  $("document-search").addEventListener("input", fillPicker);
  $("age").addEventListener("change", () => {
    if (state.checkedReport) runCheck();
  });
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
