//! The engine's own words in the languages reports are written in: the summary line, the
//! one-line messages, yes/no. Rule titles and fix sentences come from the profile
//! (`title.kk`, `fix.ru`); measurement reasons stay as the measurer words them (English).
//!
//! Russian and Kazakh counts are written as "label — N", which needs no plural agreement.

use serde::{Deserialize, Serialize};

/// A language of reports.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Kk,
    Ru,
}

impl Language {
    /// Every language the engine speaks, in the order a page lists them.
    pub const ALL: [Language; 3] = [Language::En, Language::Kk, Language::Ru];

    /// `en`, `kk`, `ru`; also accepts a region (`ru-RU`) and any case.
    pub fn parse(code: &str) -> Option<Language> {
        let primary = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == primary)
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Kk => "kk",
            Language::Ru => "ru",
        }
    }

    /// The language's own name, for a language switch.
    pub fn name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Kk => "Қазақша",
            Language::Ru => "Русский",
        }
    }

    /// The best supported language of an HTTP `Accept-Language` header (quality values
    /// honoured), if any.
    pub fn from_accept_language(header: &str) -> Option<Language> {
        let mut choices: Vec<(f32, usize, Language)> = header
            .split(',')
            .enumerate()
            .filter_map(|(order, part)| {
                let mut pieces = part.split(';');
                let language = Language::parse(pieces.next()?.trim())?;
                let quality = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (quality > 0.0).then_some((quality, order, language))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        choices.first().map(|c| c.2)
    }

    pub fn codes() -> Vec<&'static str> {
        Language::ALL.iter().map(|l| l.code()).collect()
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The engine's phrases in one language.
#[derive(Debug, Clone, Copy)]
pub struct Phrases(pub Language);

impl Phrases {
    pub fn yes(self) -> &'static str {
        match self.0 {
            Language::En => "yes",
            Language::Kk => "иә",
            Language::Ru => "да",
        }
    }

    pub fn no(self) -> &'static str {
        match self.0 {
            Language::En => "no",
            Language::Kk => "жоқ",
            Language::Ru => "нет",
        }
    }

    pub fn and(self) -> &'static str {
        match self.0 {
            Language::En => " and ",
            Language::Kk => " және ",
            Language::Ru => " и ",
        }
    }

    pub fn or(self) -> &'static str {
        match self.0 {
            Language::En => " or ",
            Language::Kk => " немесе ",
            Language::Ru => " или ",
        }
    }

    pub fn one_of(self, values: &str) -> String {
        match self.0 {
            Language::En => format!("one of {values}"),
            Language::Kk => format!("мыналардың бірі: {values}"),
            Language::Ru => format!("одно из: {values}"),
        }
    }

    pub fn not(self, inner: &str) -> String {
        match self.0 {
            Language::En => format!("not ({inner})"),
            Language::Kk => format!("({inner}) емес"),
            Language::Ru => format!("не ({inner})"),
        }
    }

    /// Between the ends of a range whose low end is negative ("−5 to 5 deg").
    pub fn range_to(self) -> &'static str {
        match self.0 {
            Language::En => " to ",
            Language::Kk | Language::Ru => " … ",
        }
    }

    pub fn decision(self, decision: crate::Decision) -> &'static str {
        use crate::Decision::*;
        match (self.0, decision) {
            (Language::En, d) => d.as_str(),
            (Language::Kk, Accept) => "қабылданды",
            (Language::Kk, Reject) => "қабылданбады",
            (Language::Kk, Undetermined) => "анықталмады",
            (Language::Ru, Accept) => "принято",
            (Language::Ru, Reject) => "отклонено",
            (Language::Ru, Undetermined) => "не определено",
        }
    }

    pub fn checks_pass(self, passed: usize, of: usize) -> String {
        match self.0 {
            Language::En => format!("{passed} of {of} checks pass"),
            Language::Kk => format!("өткен тексерулер — {passed} / {of}"),
            Language::Ru => format!("пройдено проверок — {passed} из {of}"),
        }
    }

    pub fn rejecting(self, n: usize) -> String {
        match self.0 {
            Language::En => format!("{n} rejecting"),
            Language::Kk => format!("қабылдамауға себеп — {n}"),
            Language::Ru => format!("причин отказа — {n}"),
        }
    }

    pub fn warnings(self, n: usize) -> String {
        match self.0 {
            Language::En => format!("{n} warning{}", if n == 1 { "" } else { "s" }),
            Language::Kk => format!("ескертулер — {n}"),
            Language::Ru => format!("предупреждений — {n}"),
        }
    }

    pub fn not_measured_count(self, n: usize) -> String {
        match self.0 {
            Language::En => format!("{n} could not be measured"),
            Language::Kk => format!("өлшенбегені — {n}"),
            Language::Ru => format!("не удалось измерить — {n}"),
        }
    }

    pub fn to_confirm_count(self, n: usize) -> String {
        match self.0 {
            Language::En => format!("{n} to confirm by hand"),
            Language::Kk => format!("қолмен растау керек — {n}"),
            Language::Ru => format!("подтвердить вручную — {n}"),
        }
    }

    /// A boolean metric's state in plain words, for the metrics shipped profiles guard rules
    /// with (`when glasses.present is true`, `when image.colour is true`): "no glasses are
    /// worn" reads better to the person holding the photo than "glasses.present no". `None`
    /// for any other metric, which is then named as it is.
    pub fn state(self, metric: &str, value: bool) -> Option<&'static str> {
        Some(match (metric, value, self.0) {
            ("glasses.present", true, Language::En) => "glasses are worn",
            ("glasses.present", false, Language::En) => "no glasses are worn",
            ("glasses.present", true, Language::Kk) => "көзілдірік киілген",
            ("glasses.present", false, Language::Kk) => "көзілдірік киілмеген",
            ("glasses.present", true, Language::Ru) => "очки надеты",
            ("glasses.present", false, Language::Ru) => "очков нет",
            ("lenses.dark", true, Language::En) => "the lenses are dark",
            ("lenses.dark", false, Language::En) => "the lenses are not dark",
            ("lenses.dark", true, Language::Kk) => "көзілдірік әйнектері күңгірт",
            ("lenses.dark", false, Language::Kk) => "көзілдірік әйнектері күңгірт емес",
            ("lenses.dark", true, Language::Ru) => "стёкла тёмные",
            ("lenses.dark", false, Language::Ru) => "стёкла не тёмные",
            ("image.colour", true, Language::En) => "the photo is in colour",
            ("image.colour", false, Language::En) => "the photo is black and white",
            ("image.colour", true, Language::Kk) => "фотосурет түрлі түсті",
            ("image.colour", false, Language::Kk) => "фотосурет ақ-қара",
            ("image.colour", true, Language::Ru) => "фото цветное",
            ("image.colour", false, Language::Ru) => "фото чёрно-белое",
            _ => return None,
        })
    }

    /// A rule whose `when` condition does not hold: what was measured, and the condition.
    pub fn does_not_apply(self, measured: &str, condition: &str) -> String {
        match self.0 {
            Language::En => format!("does not apply: {measured} (it applies when {condition})"),
            Language::Kk => {
                format!("қолданылмайды: {measured} (ереже «{condition}» болғанда қолданылады)")
            }
            Language::Ru => {
                format!("не применяется: {measured} (правило действует, когда {condition})")
            }
        }
    }

    pub fn applies_unknown(self, reason: &str) -> String {
        match self.0 {
            Language::En => format!("could not tell whether the rule applies: {reason}"),
            Language::Kk => format!("ереженің қолданылатыны анықталмады: {reason}"),
            Language::Ru => format!("не удалось определить, применимо ли правило: {reason}"),
        }
    }

    pub fn meets(self, shown: &str, required: &str) -> String {
        match self.0 {
            Language::En => format!("{shown} meets {required}"),
            Language::Kk => format!("{shown} — {required} талабына сай"),
            Language::Ru => format!("{shown} — соответствует требованию {required}"),
        }
    }

    pub fn fails(self, shown: &str, required: &str) -> String {
        match self.0 {
            Language::En => format!("{shown}, but {required} is required"),
            Language::Kk => format!("{shown}, ал талап — {required}"),
            Language::Ru => format!("{shown}, а требуется {required}"),
        }
    }

    pub fn not_checked(self, reason: &str) -> String {
        match self.0 {
            Language::En => format!("could not be checked: {reason}"),
            Language::Kk => format!("тексеру мүмкін болмады: {reason}"),
            Language::Ru => format!("не удалось проверить: {reason}"),
        }
    }

    pub fn measured(self, display: &str) -> String {
        match self.0 {
            Language::En => format!("measured {display}"),
            Language::Kk => format!("өлшенді: {display}"),
            Language::Ru => format!("измерено: {display}"),
        }
    }

    pub fn not_measured(self, reason: &str) -> String {
        match self.0 {
            Language::En => format!("not measured ({reason})"),
            Language::Kk => format!("өлшенбеді ({reason})"),
            Language::Ru => format!("не измерено ({reason})"),
        }
    }

    pub fn no_provider(self) -> &'static str {
        match self.0 {
            Language::En => "no provider",
            Language::Kk => "метриканы беретін модуль жоқ",
            Language::Ru => "нет модуля, дающего эту метрику",
        }
    }

    pub fn manual_required(self) -> &'static str {
        match self.0 {
            Language::En => "confirmed by a person",
            Language::Kk => "адам растайды",
            Language::Ru => "подтверждает человек",
        }
    }

    pub fn manual_message(self) -> &'static str {
        match self.0 {
            Language::En => "a person must confirm this; no photo can prove it",
            Language::Kk => "мұны адам растауы керек: фотосурет мұны дәлелдей алмайды",
            Language::Ru => "это должен подтвердить человек: фотография этого не доказывает",
        }
    }

    // ── the text and HTML reports ──

    pub fn photo(self) -> &'static str {
        match self.0 {
            Language::En => "photo",
            Language::Kk => "фотосурет",
            Language::Ru => "фото",
        }
    }

    pub fn warning_tag(self) -> &'static str {
        match self.0 {
            Language::En => "warning",
            Language::Kk => "ескерту",
            Language::Ru => "предупреждение",
        }
    }

    pub fn advice_tag(self) -> &'static str {
        match self.0 {
            Language::En => "advice",
            Language::Kk => "кеңес",
            Language::Ru => "совет",
        }
    }

    pub fn verified(self) -> &'static str {
        match self.0 {
            Language::En => "verified",
            Language::Kk => "тексерілді",
            Language::Ru => "проверено",
        }
    }

    pub fn what_to_do(self) -> &'static str {
        match self.0 {
            Language::En => "what to do",
            Language::Kk => "не істеу керек",
            Language::Ru => "что сделать",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_with_regions_and_any_case() {
        assert_eq!(Language::parse("ru-RU"), Some(Language::Ru));
        assert_eq!(Language::parse("KK"), Some(Language::Kk));
        assert_eq!(Language::parse("en_GB"), Some(Language::En));
        assert_eq!(Language::parse("de"), None);
        assert_eq!(Language::parse(""), None);
    }

    #[test]
    fn accept_language_takes_the_best_supported_one() {
        assert_eq!(
            Language::from_accept_language("de-DE,de;q=0.9,ru;q=0.8,en;q=0.7"),
            Some(Language::Ru)
        );
        assert_eq!(
            Language::from_accept_language("kk, ru;q=0.9"),
            Some(Language::Kk)
        );
        assert_eq!(
            Language::from_accept_language("en;q=0.5, ru;q=0"),
            Some(Language::En)
        );
        assert_eq!(Language::from_accept_language("fr, de"), None);
    }
}
