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

/// Parse a whole profile file.
pub fn parse(file: &Arc<SourceFile>) -> Parsed {
    // Detailed attempts let syntax errors name the punctuation that was expected (`{`, `}`).
    pest::set_error_detail(true);
    let text: &str = &file.text;
    match Grammar::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let Some(file_pair) = pairs.next() else {
                return Parsed {
                    ast: None,
                    errors: vec![syntax_error::empty_tree(file)],
                };
            };
            let found = comments::collect(file_pair.clone());
            let mut builder = build::Builder::new(file);
            let mut ast = builder.file(file_pair);
            comments::attach(&mut ast, &found, text);
            Parsed {
                ast: Some(ast),
                errors: builder.into_errors(),
            }
        }
        Err(error) => Parsed {
            ast: None,
            errors: syntax_error::recover(file, error),
        },
    }
}

#[cfg(test)]
mod tests;
