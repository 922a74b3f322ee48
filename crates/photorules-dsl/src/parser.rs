//! Text → syntax tree. The pest grammar is in `grammar.pest`; [`build`] turns its parse tree into
//! the [`ast`](crate::ast) types, [`comments`] attaches comments, [`syntax_error`] turns pest's
//! errors into diagnostics and recovers to report one per broken block.

mod build;
mod comments;
mod syntax_error;

use std::sync::Arc;

use pest::Parser as _;

use crate::ast::ProfileAst;
use crate::err::Diagnostic;
use crate::span::SourceFile;

#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
pub(crate) struct Grammar;

/// The tree of a file, and the errors found while reading it.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// `None` when the text has syntax errors.
    pub ast: Option<ProfileAst>,
    /// Syntax errors, or errors inside tokens (bad escapes, nesting too deep).
    pub errors: Vec<Diagnostic>,
}

impl Parsed {
    /// The tree when the file was read without any error.
    pub fn clean(&self) -> Option<&ProfileAst> {
        self.ast.as_ref().filter(|_| self.errors.is_empty())
    }
}

/// Held shared by parses without pest's error detail (its default, off), alone by the parse
/// that switches it on.
static ERROR_DETAIL: std::sync::RwLock<()> = std::sync::RwLock::new(());

/// Parse a whole profile file.
pub fn parse(file: &Arc<SourceFile>) -> Parsed {
    let text: &str = &file.text;
    // Detailed attempts let syntax errors name the punctuation that was expected (`{`, `}`),
    // but tracking them is most of the parse's time: a file is parsed without them, and only a
    // file that fails is parsed again with them, for its diagnostics. pest's switch is
    // process-wide, so parses without detail hold the lock shared and the detailed one (with
    // the recovery that re-parses the rest of the file) holds it alone.
    let fast = {
        let _shared = ERROR_DETAIL.read().unwrap_or_else(|e| e.into_inner());
        Grammar::parse(Rule::file, text).map(|pairs| tree(file, pairs))
    };
    fast.unwrap_or_else(|_| {
        let _alone = ERROR_DETAIL.write().unwrap_or_else(|e| e.into_inner());
        pest::set_error_detail(true);
        let parsed = match Grammar::parse(Rule::file, text) {
            Ok(pairs) => tree(file, pairs),
            Err(error) => Parsed {
                ast: None,
                errors: syntax_error::recover(file, error),
            },
        };
        pest::set_error_detail(false);
        parsed
    })
}

/// The syntax tree of a file that parsed.
fn tree(file: &Arc<SourceFile>, mut pairs: pest::iterators::Pairs<'_, Rule>) -> Parsed {
    let Some(file_pair) = pairs.next() else {
        return Parsed {
            ast: None,
            errors: vec![syntax_error::empty_tree(file)],
        };
    };
    let found = comments::collect(file_pair.clone());
    let mut builder = build::Builder::new(file);
    let mut ast = builder.file(file_pair);
    comments::attach(&mut ast, &found, &file.text);
    Parsed {
        ast: Some(ast),
        errors: builder.into_errors(),
    }
}

#[cfg(test)]
mod tests;
