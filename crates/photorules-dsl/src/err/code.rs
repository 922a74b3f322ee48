//! Stable diagnostic codes. Tools match on these strings: never rename one, only add.

use serde::Serialize;

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, $meaning:literal; )*) => {
        /// The stable code of a diagnostic.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code as printed, e.g. `photorules::unknown-metric`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => concat!("photorules::", $text), )* }
            }

            /// One sentence saying what the code means (for docs/dsl.md).
            pub fn meaning(self) -> &'static str {
                match self { $( Code::$variant => $meaning, )* }
            }
        }
    };
}

codes! {
    // ── reading files ──
    Io = "io", "a profile file or the rules root cannot be read";
    Syntax = "syntax", "the text does not follow the grammar";
    BadEscape = "bad-escape", "a string holds an escape other than `\\\"`, `\\\\` or `\\n`";
    // ── structure ──
    UnknownBlock = "unknown-block", "a block keyword the language does not have";
    MissingProfile = "missing-profile", "the file has no `profile` block, or it is not the first block";
    DuplicateProfile = "duplicate-profile", "the file has more than one `profile` block";
    UnknownKey = "unknown-key", "a key the language does not have, or a parameter a plugin's manifest does not have";
    KeyNotAllowed = "key-not-allowed", "a key the language has, in a block that does not take it";
    MissingKey = "missing-key", "a mandatory key is missing from a block";
    DuplicateKey = "duplicate-key", "a key is given twice in one block";
    DuplicateId = "duplicate-id", "two rules, sources or formats share an id, or one plugin is given parameters in two blocks";
    BadId = "bad-id", "an id does not have the form its kind needs";
    ProfileIdMismatch = "profile-id-mismatch", "the profile id does not match the file's path under the rules root";
    // ── values ──
    BadDate = "bad-date", "a date is not a real YYYY-MM-DD date";
    BadJurisdiction = "bad-jurisdiction", "a jurisdiction is neither an ISO 3166-1 alpha-2 code nor `international`";
    UnknownSeverity = "unknown-severity", "a severity other than `reject`, `warn` or `advise`";
    UnknownStatus = "unknown-status", "a status other than `official`, `official-general` or `inferred`";
    BadValue = "bad-value", "a value of the wrong kind for its key (a fractional copy count, an unknown colour mode, a plugin parameter its manifest does not allow, …)";
    UnknownUnit = "unknown-unit", "a unit the language does not have";
    BadLanguage = "bad-language", "a `languages` entry that is not a two-letter ISO 639-1 code, or names one twice";
    // ── requirements ──
    UnknownMetric = "unknown-metric", "a metric name that is neither built in nor declared by a loaded plugin";
    UnitMismatch = "unit-mismatch", "a value whose unit cannot be converted to its metric's unit";
    NoPrintSize = "no-print-size", "a length (mm, cm, in) against a ratio metric in a profile without a print size";
    TypeMismatch = "type-mismatch", "a metric compared with a value of another kind (a true/false metric with a number, …)";
    EmptyList = "empty-list", "an `all { }` or `any { }` with nothing inside";
    BadRange = "bad-range", "a range whose low end is above its high end";
    // ── provenance ──
    UnknownSource = "unknown-source", "a rule or format names a source that no profile in the chain declares";
    MissingProvenance = "missing-provenance", "a rule or format without `source` or without `quote`";
    InferredWithoutReason = "inferred-without-reason", "an `inferred` source, rule or format that gives no reason";
    // ── inheritance ──
    UnknownProfile = "unknown-profile", "`extends` names a profile that is not under the rules root";
    ExtendsCycle = "extends-cycle", "profiles extend each other in a cycle";
    ExtendsTooDeep = "extends-too-deep", "an `extends` chain longer than 16 profiles";
    BaseHasErrors = "base-has-errors", "the profile extends a profile that does not compile";
    UnknownOverride = "unknown-override", "`override` of a rule, or of a plugin's parameters, that no base profile has";
    MissingOverride = "missing-override", "a rule or plugin parameters that a base profile already has, redefined without `override`";
    UnknownRemoval = "unknown-removal", "`remove` of a rule that no base profile has";
    RemoveWithoutReason = "remove-without-reason", "`remove` without a `reason`";
    // ── plugins ──
    UnknownPlugin = "unknown-plugin", "a `plugin` block names a plugin that is not loaded";
    // ── lint warnings ──
    StaleVerification = "stale-verification", "a verification date more than 12 months old";
    FutureDate = "future-date", "a verification date after today";
    UnusedSource = "unused-source", "a source that no rule or format cites";
    ShortReason = "short-reason", "an inferred reading behind a `reject` rule explained in a few words only";
    MissingTranslation = "missing-translation", "a `title` or `fix` without its text in a language the profile declares";
    UndeclaredLanguage = "undeclared-language", "a `title.LANG` or `fix.LANG` in a language the profile does not declare in `languages`";
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
