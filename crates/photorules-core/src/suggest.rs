//! "Did you mean" suggestions shared by every diagnostic that names an unknown identifier.

/// The candidate closest to `unknown`, when it is close enough to be a plausible typo.
pub fn closest<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::normalized_damerau_levenshtein(unknown, candidate),
                candidate,
            )
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typo_and_ignores_unrelated_names() {
        let names = ["reject", "warn", "advise"];
        assert_eq!(closest("rejcet", names), Some("reject"));
        assert_eq!(closest("banana", names), None);
    }
}
