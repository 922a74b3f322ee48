//! Profile files → [`CompiledProfile`]: the `extends` chain loaded and flattened, every block
//! checked, metric names resolved against the catalogue and numbers converted to metric units.
//!
//! Errors are collected, not raised: a file with five mistakes reports five diagnostics.

mod expr;
mod fields;
mod format;
mod header;
mod lints;
mod plugins;
mod resolver;
mod rules;
mod sources;
mod values;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use photorules_core::Catalogue;
use photorules_core::ir::{CompiledProfile, Format, IR_VERSION, ProfileFile, Source};
use photorules_core::suggest::closest;
use sha2::{Digest, Sha256};

use crate::ast::{Block, BlockKind, ProfileAst, Spanned};
use crate::err::{Code, Diagnostic, Diagnostics};
use crate::parser::parse;
use crate::span::SourceFile;

pub use fields::allowed_keys;
pub use format::FILE_TYPES;
pub use lints::MIN_REASON_CHARS;
pub use resolver::{is_profile_id, list as list_profiles, path_for, root_of};
pub use values::UNION_JURISDICTIONS;

use expr::ExprContext;
use header::Header;
use plugins::BaseParams;
use rules::{BaseRules, RuleContext};
use sources::SourceTable;

/// Profile files larger than this are refused (the largest real one is a few KB).
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// The longest `extends` chain compiled: a document, its national base, a regional base and a
/// baseline need four; a chain of thousands would read thousands of files.
pub const MAX_EXTENDS_DEPTH: usize = 16;

/// Block keywords, for "did you mean" on an unknown one.
const BLOCK_KEYWORDS: &[&str] = &[
    "profile", "source", "format", "rule", "manual", "override", "remove", "plugin",
];

/// Compiles profiles, caching each file's outcome so that a base shared by several profiles is
/// compiled — and its diagnostics reported — once.
pub struct Compiler<'c> {
    catalogue: &'c Catalogue,
    today: Date,
    outcomes: HashMap<PathBuf, Option<Arc<CompiledProfile>>>,
    /// Files being compiled, outermost first: (cache key, profile id).
    in_progress: Vec<(PathBuf, String)>,
    /// Files found to extend each other in a cycle (reported once, at the cycle).
    in_cycle: HashSet<PathBuf>,
    diagnostics: Diagnostics,
    /// Set while compiling a file detached from its rules root: the root to use for it.
    detached_root: Option<PathBuf>,
}

/// What a profile inherits from.
enum Base {
    None,
    Known(Arc<CompiledProfile>),
    /// The base is missing, broken or part of a cycle (already reported).
    Failed,
}

impl<'c> Compiler<'c> {
    /// `today` is the date verification dates are judged against (a parameter, so that tests
    /// stay stable).
    pub fn new(catalogue: &'c Catalogue, today: Date) -> Compiler<'c> {
        Compiler {
            catalogue,
            today,
            outcomes: HashMap::new(),
            in_progress: Vec::new(),
            in_cycle: HashSet::new(),
            diagnostics: Diagnostics::default(),
            detached_root: None,
        }
    }

    /// Compile the profile in the file at `path`; its rules root is the path minus
    /// `<id>.rules`. `None` when it has errors (see [`Compiler::diagnostics`]).
    pub fn compile_path(&mut self, path: &Path) -> Option<Arc<CompiledProfile>> {
        self.compile_file(path, None)
    }

    /// Compile the profile in the file at `path`; when the file is not at `<root>/<id>.rules`
    /// of any root (an older version kept elsewhere, for `photorules diff`), compile it as if it
    /// stood at `<root>/<id>.rules`: its bases come from `root` and its place is not checked.
    pub fn compile_detached(&mut self, path: &Path, root: &Path) -> Option<Arc<CompiledProfile>> {
        self.detached_root = Some(root.to_path_buf());
        let outcome = self.compile_file(path, None);
        self.detached_root = None;
        outcome
    }

    /// Compile a profile held in memory (an editor's buffer, a fuzzer's input) as if it stood
    /// at `<root>/<id>.rules`: its bases come from `root`. Unlike files, the text itself is not
    /// cached, so one compiler can be reused for any number of texts while their bases are
    /// compiled once. `file.name` is what diagnostics show; it should not end in `.rules`.
    pub fn compile_source(
        &mut self,
        file: &Arc<SourceFile>,
        root: &Path,
    ) -> Option<Arc<CompiledProfile>> {
        let path = PathBuf::from(&file.name);
        self.detached_root = Some(root.to_path_buf());
        let outcome = self.compile_text(file, &path, &path, None);
        self.detached_root = None;
        outcome
    }

    /// Compile profile `id` from `<root>/<id>.rules`.
    pub fn compile_id(&mut self, root: &Path, id: &str) -> Option<Arc<CompiledProfile>> {
        // An id is never a path: `../../etc/passwd` or `/etc/passwd` must not reach the disk.
        if !resolver::is_profile_id(id) {
            self.diagnostics.push(Diagnostic::without_file(
                Code::UnknownProfile,
                format!(
                    "`{}` is not a profile id: ids are lower-case words separated by `/` (e.g. `kz/passport`); give a rules file as a path ending in `.rules`",
                    photorules_core::text::terminal_safe(id)
                ),
            ));
            return None;
        }
        let path = resolver::path_for(root, id);
        if !path.is_file() {
            let known = resolver::list(root);
            let diagnostic = Diagnostic::without_file(
                Code::UnknownProfile,
                format!(
                    "no profile `{id}` under `{}`: `{}` does not exist",
                    root.display(),
                    path.display()
                ),
            )
            .suggest(closest(id, known.iter().map(|(id, _)| id.as_str())));
            self.diagnostics.push(diagnostic);
            return None;
        }
        self.compile_file(&path, Some((root, id)))
    }

    /// Everything found so far, in the order found.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    pub fn take_diagnostics(&mut self) -> Diagnostics {
        std::mem::take(&mut self.diagnostics)
    }

    fn compile_file(
        &mut self,
        path: &Path,
        expected: Option<(&Path, &str)>,
    ) -> Option<Arc<CompiledProfile>> {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if let Some(outcome) = self.outcomes.get(&key) {
            return outcome.clone();
        }
        let Some(file) = self.read(path) else {
            self.outcomes.insert(key, None);
            return None;
        };
        let outcome = self.compile_text(&file, path, &key, expected);
        self.outcomes.insert(key, outcome.clone());
        outcome
    }

    fn compile_text(
        &mut self,
        file: &Arc<SourceFile>,
        path: &Path,
        key: &Path,
        expected: Option<(&Path, &str)>,
    ) -> Option<Arc<CompiledProfile>> {
        let parsed = parse(file);
        // Errors inside tokens (bad escapes) leave a usable tree: check the rest of the file
        // too, but the profile does not compile.
        let token_errors = !parsed.errors.is_empty();
        self.diagnostics.extend(parsed.errors);
        let ast = parsed.ast?;
        self.in_progress.push((key.to_path_buf(), String::new()));
        let outcome = self.compile_ast(&ast, file, path, key, expected);
        self.in_progress.pop();
        outcome.filter(|_| !token_errors).map(Arc::new)
    }

    fn read(&mut self, path: &Path) -> Option<Arc<SourceFile>> {
        let shown = path.display().to_string();
        let fail = |reason: String| {
            Diagnostic::without_file(Code::Io, format!("cannot read `{shown}`: {reason}"))
        };
        match std::fs::metadata(path) {
            Ok(meta) if meta.len() > MAX_FILE_BYTES => {
                self.diagnostics.push(fail(format!(
                    "it is {} bytes, more than the {MAX_FILE_BYTES} a profile may have",
                    meta.len()
                )));
                return None;
            }
            Ok(meta) if meta.is_dir() => {
                self.diagnostics.push(fail("it is a directory".to_string()));
                return None;
            }
            _ => {}
        }
        match photorules_core::file::read_text_limited(path, MAX_FILE_BYTES) {
            Ok(text) => Some(Arc::new(SourceFile::new(shown, text))),
            Err(e) => {
                self.diagnostics.push(fail(io_reason(&e)));
                None
            }
        }
    }

    fn compile_ast(
        &mut self,
        ast: &ProfileAst,
        file: &Arc<SourceFile>,
        path: &Path,
        key: &Path,
        expected: Option<(&Path, &str)>,
    ) -> Option<CompiledProfile> {
        let mut diags = Diagnostics::default();
        let header = header::read(ast, file, &mut diags);
        // Only the file asked for may be detached; its bases are found normally.
        let detached = self.detached_root.take();
        let (root, rel_path) = match (detached, &header) {
            (Some(root), Some(h)) if resolver::root_of(path, &h.id.value).is_none() => {
                (root, format!("{}.rules", h.id.value))
            }
            _ => locate(header.as_ref(), path, expected, file, &mut diags),
        };
        if let (Some(h), Some(last)) = (&header, self.in_progress.last_mut()) {
            last.1 = h.id.value.clone();
        }
        let id = header
            .as_ref()
            .map_or(String::new(), |h| h.id.value.clone());
        let base = match header.as_ref().and_then(|h| h.extends.as_ref()) {
            None => Base::None,
            Some(extends) => self.base(&root, extends, &id, key, file, &mut diags),
        };
        let base_profile = match &base {
            Base::Known(b) => Some(Arc::clone(b)),
            _ => None,
        };

        unknown_blocks(ast, file, &mut diags);

        // Sources: the bases' and this file's own.
        let (own_sources, broken_sources) =
            read_sources(ast, &id, base_profile.as_deref(), file, &mut diags);
        let mut all_sources: Vec<Source> = base_profile
            .as_ref()
            .map(|b| b.sources.clone())
            .unwrap_or_default();
        all_sources.extend(own_sources);
        let table = SourceTable {
            sources: all_sources.iter().map(|s| (s.id.as_str(), s)).collect(),
            broken: broken_sources,
            complete: !matches!(base, Base::Failed),
        };

        // Formats: a format named like an inherited one replaces it in place.
        let (formats, formats_broken, format_cited) =
            read_formats(ast, base_profile.as_deref(), &table, file, &mut diags);
        let print_mm = formats.iter().find_map(|f| f.print_mm);

        // Rules.
        let rule_blocks: Vec<&Block> = ast
            .blocks
            .iter()
            .filter(|b| {
                matches!(
                    b.kind.value,
                    BlockKind::Rule
                        | BlockKind::Manual
                        | BlockKind::Override(_)
                        | BlockKind::Remove(_)
                )
            })
            .collect();
        let ctx = RuleContext {
            profile: &id,
            rel_path: &rel_path,
            file,
            sources: &table,
            exprs: ExprContext {
                catalogue: self.catalogue,
                print_mm,
                print_size_broken: formats_broken,
                file,
            },
        };
        let base_rules = match &base {
            Base::None => BaseRules::None,
            Base::Known(b) => BaseRules::Known(b),
            Base::Failed => BaseRules::Unknown,
        };
        let merged = rules::compile_rules(&rule_blocks, base_rules, &ctx, &mut diags);

        // Plugin parameters.
        let base_params = match &base {
            Base::None => BaseParams::None,
            Base::Known(b) => BaseParams::Known(b),
            Base::Failed => BaseParams::Unknown,
        };
        let plugin_params =
            plugins::compile_plugin_params(ast, base_params, self.catalogue, file, &mut diags);

        // Lints.
        // Dates are worth a warning even in a broken file; the other lints only in a sound one,
        // where they are not an echo of an error.
        lints::verification_dates(&ast.blocks, self.today, file, &mut diags);
        if header.is_some() && !diags.has_errors() {
            let cited: BTreeSet<String> =
                merged.cited.iter().chain(&format_cited).cloned().collect();
            lints::unused_sources(&ast.blocks, &cited, file, &mut diags);
            lints::short_reasons(&merged.rules, &id, &ast.blocks, file, &mut diags);
            if let Some(header) = &header {
                lints::translations(&ast.blocks, &header.languages, file, &mut diags);
            }
        }

        let failed = diags.has_errors() || matches!(base, Base::Failed);
        self.diagnostics.extend(diags);
        let header = header?;
        if failed {
            return None;
        }
        let mut files = vec![ProfileFile {
            profile: id.clone(),
            path: rel_path,
            sha256: hex::encode(Sha256::digest(file.text.as_bytes())),
        }];
        let mut chain = vec![id.clone()];
        if let Some(b) = &base_profile {
            files.extend(b.files.iter().cloned());
            chain.extend(b.chain.iter().cloned());
        }
        Some(CompiledProfile {
            ir_version: IR_VERSION,
            id,
            title: header.title,
            jurisdiction: header.jurisdiction,
            document: header.document,
            version: header.version,
            effective: header.effective,
            chain,
            files,
            sources: all_sources,
            formats,
            rules: merged.rules,
            removed: merged.removed,
            plugin_params,
            languages: header.languages,
            title_translations: header.title_translations,
        })
    }

    /// Load the profile `extends` names, from the same rules root.
    fn base(
        &mut self,
        root: &Path,
        extends: &Spanned<String>,
        id: &str,
        key: &Path,
        file: &Arc<SourceFile>,
        diags: &mut Diagnostics,
    ) -> Base {
        let base_id = extends.value.as_str();
        let path = resolver::path_for(root, base_id);
        if !path.is_file() {
            let known = resolver::list(root);
            diags.push(
                Diagnostic::error(
                    Code::UnknownProfile,
                    file,
                    extends.span,
                    format!("profile `{id}` extends `{base_id}`, which does not exist"),
                )
                .label("no such profile")
                .suggest(closest(
                    base_id,
                    known.iter().map(|(id, _)| id.as_str()).filter(|k| *k != id),
                ))
                .help_or(&format!("looked for `{}`", path.display())),
            );
            return Base::Failed;
        }
        let base_key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if let Some(start) = self.in_progress.iter().position(|(k, _)| *k == base_key) {
            let cycle: Vec<&str> = self.in_progress[start..]
                .iter()
                .map(|(_, id)| id.as_str())
                .chain([base_id])
                .collect();
            for (k, _) in &self.in_progress[start..] {
                self.in_cycle.insert(k.clone());
            }
            diags.push(
                Diagnostic::error(
                    Code::ExtendsCycle,
                    file,
                    extends.span,
                    format!("profiles extend each other in a cycle: {}", cycle.join(" → ")),
                )
                .label("closes the cycle")
                .help("a profile may extend only profiles that do not, directly or through others, extend it"),
            );
            return Base::Failed;
        }
        if self.in_progress.len() >= MAX_EXTENDS_DEPTH {
            diags.push(
                Diagnostic::error(
                    Code::ExtendsTooDeep,
                    file,
                    extends.span,
                    format!(
                        "the `extends` chain is deeper than {MAX_EXTENDS_DEPTH} profiles at `{base_id}`"
                    ),
                )
                .label("one base too many")
                .help("a profile builds on a national base and a baseline such as `icao/base`; a longer chain is refused, so that a hostile rules root cannot make the compiler read thousands of files"),
            );
            return Base::Failed;
        }
        match self.compile_file(&path, Some((root, base_id))) {
            Some(base) => Base::Known(base),
            None => {
                let both_in_cycle =
                    self.in_cycle.contains(key) && self.in_cycle.contains(&base_key);
                if !both_in_cycle {
                    diags.push(
                        Diagnostic::error(
                            Code::BaseHasErrors,
                            file,
                            extends.span,
                            format!("profile `{id}` extends `{base_id}`, which does not compile"),
                        )
                        .label("base profile has errors")
                        .help(format!(
                            "fix the errors reported in `{}` first",
                            path.display()
                        )),
                    );
                }
                Base::Failed
            }
        }
    }
}

trait HelpOr {
    fn help_or(self, help: &str) -> Self;
}

impl HelpOr for Diagnostic {
    fn help_or(self, help: &str) -> Self {
        if self.help.is_some() {
            self
        } else {
            self.help(help)
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// The rules root and the file's path relative to it; reports a profile id that does not match
/// the file's place.
fn locate(
    header: Option<&Header>,
    path: &Path,
    expected: Option<(&Path, &str)>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> (PathBuf, String) {
    let fallback_root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(header) = header else {
        return (fallback_root, file_name);
    };
    let id = header.id.value.as_str();
    match expected {
        Some((root, expected_id)) => {
            if id != expected_id {
                diags.push(
                    Diagnostic::error(
                        Code::ProfileIdMismatch,
                        file,
                        header.id.span,
                        format!("the file for profile `{expected_id}` declares profile `{id}`"),
                    )
                    .label(format!("expected `{expected_id}`"))
                    .help(format!(
                        "a profile's id is its path under the rules root: rename it to `{expected_id}`, or move the file to `{}`",
                        resolver::path_for(root, id).display()
                    )),
                );
            }
            (root.to_path_buf(), format!("{expected_id}.rules"))
        }
        None => match resolver::root_of(path, id) {
            Some(root) => (root, format!("{id}.rules")),
            None => {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                diags.push(
                    Diagnostic::error(
                        Code::ProfileIdMismatch,
                        file,
                        header.id.span,
                        format!("profile id `{id}` does not match the file's path"),
                    )
                    .label("does not match the file's path")
                    .help(format!(
                        "a profile's id is its path under the rules root: move the file to `<rules root>/{id}.rules`, or rename the profile (to `{stem}` if the file's folder is the root)"
                    )),
                );
                (fallback_root, file_name)
            }
        },
    }
}

fn unknown_blocks(ast: &ProfileAst, file: &Arc<SourceFile>, diags: &mut Diagnostics) {
    for block in &ast.blocks {
        if let BlockKind::Unknown(word) = &block.kind.value {
            diags.push(
                Diagnostic::error(
                    Code::UnknownBlock,
                    file,
                    block.kind.span,
                    format!("unknown block `{word}`"),
                )
                .label("not a block keyword")
                .suggest(closest(word, BLOCK_KEYWORDS.iter().copied()))
                .help_or(
                    "blocks are: profile, source, format, rule, manual, override rule, remove rule, plugin, override plugin",
                ),
            );
        }
    }
}

/// The file's own sources (and the ids of broken ones), duplicates reported.
fn read_sources(
    ast: &ProfileAst,
    id: &str,
    base: Option<&CompiledProfile>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> (Vec<Source>, BTreeSet<String>) {
    let mut own = Vec::new();
    let mut broken = BTreeSet::new();
    let mut seen: BTreeMap<&str, crate::span::Span> = BTreeMap::new();
    for block in ast
        .blocks
        .iter()
        .filter(|b| b.kind.value == BlockKind::Source)
    {
        let name = block.name.value.as_str();
        if let Some(first) = seen.get(name) {
            diags.push(duplicate("source", &block.name, *first, file));
            continue;
        }
        seen.insert(name, block.name.span);
        if let Some(inherited) = base.and_then(|b| b.source(name)) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    file,
                    block.name.span,
                    format!("source `{name}` is already declared by `{}`", inherited.profile),
                )
                .label("declared again")
                .help("a profile inherits its bases' sources: cite it directly, or give this one another id"),
            );
            continue;
        }
        match sources::read_source(block, id, file, diags) {
            Some(source) => own.push(source),
            None => {
                broken.insert(name.to_string());
            }
        }
    }
    (own, broken)
}

/// The formats after this file's own are merged in; whether any own format failed; the sources
/// formats cite.
fn read_formats(
    ast: &ProfileAst,
    base: Option<&CompiledProfile>,
    table: &SourceTable<'_>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> (Vec<Format>, bool, Vec<String>) {
    let mut formats: Vec<Format> = base.map(|b| b.formats.clone()).unwrap_or_default();
    let mut broken = false;
    let mut cited = Vec::new();
    let mut seen: BTreeMap<&str, crate::span::Span> = BTreeMap::new();
    for block in ast
        .blocks
        .iter()
        .filter(|b| b.kind.value == BlockKind::Format)
    {
        let name = block.name.value.as_str();
        if let Some(first) = seen.get(name) {
            diags.push(duplicate("format", &block.name, *first, file));
            continue;
        }
        seen.insert(name, block.name.span);
        if let Some(Spanned { value, .. }) = block.entry("source").and_then(|e| match &e.value {
            crate::ast::Value::Word(w) => Some(w),
            _ => None,
        }) {
            cited.push(value.clone());
        }
        match format::read_format(block, table, file, diags) {
            Some(format) => match formats.iter_mut().find(|f| f.name == format.name) {
                Some(slot) => *slot = format,
                None => formats.push(format),
            },
            None => broken = true,
        }
    }
    (formats, broken, cited)
}

fn duplicate(
    what: &str,
    name: &Spanned<String>,
    first: crate::span::Span,
    file: &Arc<SourceFile>,
) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicateId,
        file,
        name.span,
        format!("{what} `{}` is declared twice", name.value),
    )
    .label("declared again here")
    .with_secondary(first, "first declared here")
    .help(format!("give each {what} its own id"))
}
