//! Rendering diagnostics for people (miette's graphical report) and for tools (JSON).

use miette::{GraphicalReportHandler, GraphicalTheme};
use serde::Serialize;

use super::{Diagnostic, Level};

/// How diagnostics are printed (`--error-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorFormat {
    #[default]
    Human,
    Json,
}

/// A diagnostic as a report for people: `file:line:column`, the source line with a caret under
/// the problem, labels and the help line. `colour` adds ANSI colours; `width` wraps text.
pub fn render_human(diagnostic: &Diagnostic, colour: bool, width: usize) -> String {
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_context_lines(1);
    let diagnostic = &terminal_safe(diagnostic);
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        // Rendering into a String fails only if the source span is out of range; fall back to
        // the plain message rather than lose the diagnostic.
        out = format!(
            "{}: {} [{}]\n",
            diagnostic.file_name().unwrap_or("<no file>"),
            diagnostic.message,
            diagnostic.code
        );
    }
    out
}

/// `diagnostic` with nothing in it that a terminal would act on: its texts escaped, its file's
/// text with control characters blanked byte for byte (so that its spans still fit). A
/// profile's strings reach diagnostics, and an escape sequence in one must not repaint the
/// terminal or forge lines.
fn terminal_safe(diagnostic: &Diagnostic) -> Diagnostic {
    use photorules_core::text::{terminal_safe, terminal_safe_same_offsets};
    let escape_labels = |spans: &[(crate::Span, String)]| {
        spans
            .iter()
            .map(|(span, label)| (*span, terminal_safe(label)))
            .collect()
    };
    Diagnostic {
        code: diagnostic.code,
        level: diagnostic.level,
        message: terminal_safe(&diagnostic.message),
        file: diagnostic.file.as_ref().map(|file| {
            std::sync::Arc::new(crate::SourceFile::new(
                terminal_safe(&file.name),
                terminal_safe_same_offsets(&file.text),
            ))
        }),
        primary: diagnostic
            .primary
            .as_ref()
            .map(|(span, label)| (*span, terminal_safe(label))),
        secondary: escape_labels(&diagnostic.secondary),
        help: diagnostic.help.as_deref().map(terminal_safe),
    }
}

/// A diagnostic as tools read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonDiagnostic {
    pub severity: Level,
    pub code: &'static str,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub help: Option<String>,
}

pub fn to_json(diagnostic: &Diagnostic) -> JsonDiagnostic {
    let place = diagnostic
        .file
        .as_deref()
        .zip(diagnostic.primary.as_ref())
        .map(|(file, (span, _))| (file.line_column(span.start), file.line_column(span.end)));
    JsonDiagnostic {
        severity: diagnostic.level,
        code: diagnostic.code.as_str(),
        message: diagnostic.message.clone(),
        file: diagnostic.file_name().map(str::to_string),
        line: place.map(|(start, _)| start.line),
        column: place.map(|(start, _)| start.column),
        end_line: place.map(|(_, end)| end.line),
        end_column: place.map(|(_, end)| end.column),
        help: diagnostic.help.clone(),
    }
}

/// A list of diagnostics as a pretty JSON array.
pub fn render_json<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> String {
    let list: Vec<JsonDiagnostic> = diagnostics.into_iter().map(to_json).collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string())
}
