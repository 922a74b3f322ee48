//! Text that came from input (a profile, a plugin, a file name) made safe to show.

/// `text` with every control character and bidirectional override shown as its `\u{…}`
/// escape: safe to print on a terminal whatever a plugin, profile or file name put in it.
/// Escape sequences in such text could forge report lines or repaint the terminal.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe_on_a_terminal(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` with every unsafe character except line breaks and tabs replaced by as many `?` as
/// it has bytes: a file's text shown in a diagnostic keeps every byte offset (spans point into
/// it) while no control character reaches the terminal.
pub fn terminal_safe_same_offsets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\n' | '\r' | '\t') || !is_unsafe_on_a_terminal(c) {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        }
    }
    out
}

fn is_unsafe_on_a_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_not_sent() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\\u{a}");
        assert_eq!(terminal_safe("\u{202e}abc"), "\\u{202e}abc");
    }

    #[test]
    fn offsets_are_kept() {
        let text = "x \u{1b}[31m \u{9b}1m \u{202e}y\n\tz";
        let safe = terminal_safe_same_offsets(text);
        assert_eq!(safe.len(), text.len());
        assert_eq!(safe, "x ?[31m ??1m ???y\n\tz");
    }
}
