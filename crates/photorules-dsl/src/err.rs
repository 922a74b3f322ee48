//! Diagnostics: errors and lint warnings with a stable code, the place in the file, labels and
//! a help line. Rendered for people by miette, or as JSON for tools.

mod code;
mod render;

use std::fmt;
use std::sync::Arc;

use miette::{LabeledSpan, SourceCode};
use serde::Serialize;

pub use code::Code;
pub use render::{ErrorFormat, render_human, render_json, to_json};

use crate::span::{SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

/// One finding in one file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: Code,
    pub level: Level,
    pub message: String,
    /// The file the diagnostic points into; `None` when there is no file to show (an unreadable
    /// path is reported by name in the message).
    pub file: Option<Arc<SourceFile>>,
    /// Where the problem is, with a short label.
    pub primary: Option<(Span, String)>,
    /// Other places worth showing, e.g. "first defined here".
    pub secondary: Vec<(Span, String)>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error of `code` at `span` in `file`.
    pub fn error(
        code: Code,
        file: &Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            level: Level::Error,
            message: message.into(),
            file: Some(Arc::clone(file)),
            primary: Some((span, String::new())),
            secondary: Vec::new(),
            help: None,
        }
    }

    /// A lint warning of `code` at `span` in `file`.
    pub fn warning(
        code: Code,
        file: &Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(code, file, span, message)
        }
    }

    /// An error that has no file to point into.
    pub fn without_file(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            level: Level::Error,
            message: message.into(),
            file: None,
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        if let Some((_, text)) = &mut self.primary {
            *text = label.into();
        }
        self
    }

    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push((span, label.into()));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `help` set to "did you mean `x`?" when there is a suggestion.
    pub fn suggest(self, suggestion: Option<&str>) -> Self {
        match suggestion {
            Some(s) => self.help(format!("did you mean `{s}`?")),
            None => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// The file name shown to the user, if any.
    pub fn file_name(&self) -> Option<&str> {
        self.file.as_deref().map(|f| f.name.as_str())
    }

    /// A key that identifies the diagnostic, for removing duplicates.
    pub fn identity(&self) -> (Code, Option<String>, Option<Span>, String) {
        (
            self.code,
            self.file_name().map(str::to_string),
            self.primary.as_ref().map(|(s, _)| *s),
            self.message.clone(),
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.file.as_deref().map(|f| f as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.file.as_ref()?;
        let primary = self.primary.iter().map(|(span, label)| {
            let label = (!label.is_empty()).then(|| label.clone());
            LabeledSpan::new_primary_with_span(label, *span)
        });
        let secondary = self
            .secondary
            .iter()
            .map(|(span, label)| LabeledSpan::new_with_span(Some(label.clone()), *span));
        Some(Box::new(primary.chain(secondary)))
    }
}

/// Diagnostics of one run, kept in the order they were found.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Sorted by file and position, duplicates (the same finding reached twice, e.g. a base
    /// profile compiled for two children) removed.
    pub fn sorted_unique(mut self) -> Diagnostics {
        let mut seen = std::collections::HashSet::new();
        self.items.retain(|d| seen.insert(d.identity()));
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file_name().map(str::to_string),
                    d.primary.as_ref().map(|(s, _)| s.start),
                )
            };
            key(a).cmp(&key(b))
        });
        self
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}
