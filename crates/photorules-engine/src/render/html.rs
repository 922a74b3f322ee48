//! One self-contained HTML file: the annotated photo (inline PNG) and the rules table with
//! provenance. No external resource is referenced, so the file can be archived with a case.

use std::fmt::Write;

use base64::Engine as _;

use super::mark;
use crate::lang::Phrases;
use crate::report::{Report, Verdict};

/// Escape text for HTML element content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem;max-width:70rem;color:#222}\
h1{font-size:1.3rem}.decision{font-size:1.2rem;font-weight:600;padding:.4rem .8rem;border-radius:.4rem;display:inline-block}\
.accept{background:#dff5e1}.reject{background:#fde2e1}.undetermined{background:#fff3cd}\
.layout{display:flex;gap:1.5rem;flex-wrap:wrap}.photo img{max-width:24rem;width:100%;border:1px solid #ccc}\
table{border-collapse:collapse;flex:1;min-width:22rem}td,th{border-bottom:1px solid #ddd;padding:.35rem;vertical-align:top;text-align:left}\
.mark{font-size:1.2rem;width:1.5rem}.fail .mark{color:#b00020}.pass .mark{color:#137333}.unknown .mark{color:#b06000}\
details{font-size:.9rem;color:#444}blockquote{margin:.3rem 0 .3rem 1rem;font-style:italic}code{font-size:.85rem}";

/// Render `report`; `annotated_png` is the photo with what was measured drawn on it.
pub fn render(report: &Report, annotated_png: Option<&[u8]>) -> String {
    let mut out = String::new();
    let words = Phrases(report.language);
    let name = report.record.image.name.as_deref().unwrap_or(words.photo());
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>{} — {}</title><style>{STYLE}</style></head><body>",
        report.language.code(),
        esc(name),
        esc(&report.profile.id)
    );
    let _ = write!(
        out,
        "<h1>{} — {} <code>{} {}</code></h1><p class=\"decision {}\">{}</p>",
        esc(name),
        esc(&report.profile.title),
        esc(&report.profile.id),
        esc(&report.profile.version),
        report.decision.as_str(),
        esc(&report.summary)
    );
    out.push_str("<div class=\"layout\">");
    if let Some(png) = annotated_png {
        let data = base64::engine::general_purpose::STANDARD.encode(png);
        let _ = write!(
            out,
            "<div class=\"photo\"><img alt=\"the photo with the measured face box, landmarks, crown, chin and eye lines and the profile's bands\" src=\"data:image/png;base64,{data}\"></div>"
        );
    }
    out.push_str(
        "<table><thead><tr><th></th><th>Rule</th><th>Measured / required</th></tr></thead><tbody>",
    );
    for rule in &report.rules {
        let p = &rule.provenance;
        let _ = write!(
            out,
            "<tr class=\"{}\"><td class=\"mark\" aria-label=\"{}\">{}</td><td><strong>{}</strong> <code>{}</code><br>{}",
            rule.verdict.as_str(),
            rule.verdict.as_str(),
            mark(rule.verdict),
            esc(&rule.title),
            esc(&rule.id),
            esc(&rule.message),
        );
        // What to do stands outside the source's details: a person reads it without opening
        // anything.
        if let Some(fix) = &rule.fix {
            let _ = write!(
                out,
                "<p class=\"fix\"><strong>{}:</strong> {}</p>",
                esc(words.what_to_do()),
                esc(fix)
            );
        }
        let _ = write!(
            out,
            "<details><summary>Source: {} ({})</summary>",
            esc(&p.source_title),
            p.status.as_str()
        );
        let _ = write!(out, "<blockquote>“{}”</blockquote>", esc(&p.quote));
        if let Some(translation) = &p.translation {
            let _ = write!(out, "<p>Translation: “{}”</p>", esc(translation));
        }
        if let Some(clause) = &p.clause {
            let _ = write!(out, "Clause: {}<br>", esc(clause));
        }
        let _ = write!(out, "Authority: {}<br>", esc(&p.authority));
        if let Some(reference) = &p.reference {
            let _ = write!(out, "Reference: {}<br>", esc(reference));
        }
        if let Some(url) = &p.url {
            let _ = write!(out, "Address: {}<br>", esc(url));
        }
        if let Some(reason) = &p.reason {
            let _ = write!(out, "Our reading: {}<br>", esc(reason));
        }
        let _ = write!(
            out,
            "Verified {} · defined in {} ({}:{})</details></td><td>",
            esc(&p.verified),
            esc(&rule.origin.profile),
            esc(&rule.origin.file),
            rule.origin.line
        );
        if rule.verdict != Verdict::Manual {
            for m in &rule.measured {
                let _ = write!(out, "{}<br>", esc(&m.display));
            }
        }
        let _ = write!(out, "<em>{}</em></td></tr>", esc(&rule.required));
    }
    out.push_str("</tbody></table></div>");
    let r = &report.record;
    let _ = write!(
        out,
        "<h2>Decision record</h2><p>{} {} · image SHA-256 <code>{}</code> · metrics SHA-256 <code>{}</code></p><ul>",
        esc(&r.tool),
        esc(&r.tool_version),
        esc(&r.image.sha256),
        esc(&r.metrics_sha256)
    );
    for f in &r.rules_files {
        let _ = write!(
            out,
            "<li>{} <code>{}</code> SHA-256 <code>{}</code></li>",
            esc(&f.profile),
            esc(&f.path),
            esc(&f.sha256)
        );
    }
    for p in &r.plugins {
        let failure = p
            .failure
            .as_deref()
            .map(|f| format!(" — failed: {}", esc(f)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<li>plugin {} {} SHA-256 <code>{}</code>{failure}</li>",
            esc(&p.name),
            esc(&p.version),
            esc(&p.sha256)
        );
    }
    out.push_str("</ul></body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_in_user_text() {
        assert_eq!(
            super::esc("<b>\"x\" & 'y'</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
    }
}
