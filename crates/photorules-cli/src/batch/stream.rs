//! Reports written one by one as each photo's turn comes, so that a batch's memory does not grow
//! with the batch: a pretty JSON list written element by element, byte for byte what
//! `serde_json::to_string_pretty` makes of the whole list, and JSON lines.

use std::io::{self, Write};

use serde::Serialize;

/// A pretty-printed JSON list, opened at its first element and closed by [`PrettyList::finish`].
pub struct PrettyList {
    /// What comes before the `[`: nothing for a list, `{ "files": ` for a list in a field.
    prefix: String,
    /// What comes after the `]`.
    suffix: &'static str,
    /// Spaces before each element's lines.
    indent: usize,
    written: usize,
}

impl PrettyList {
    /// A list on its own: `[ … ]`.
    pub fn array() -> PrettyList {
        PrettyList {
            prefix: String::new(),
            suffix: "",
            indent: 2,
            written: 0,
        }
    }

    /// A list as the only field of an object: `{ "FIELD": [ … ] }`.
    pub fn in_field(field: &str) -> PrettyList {
        PrettyList {
            prefix: format!("{{\n  \"{field}\": "),
            suffix: "\n}",
            indent: 4,
            written: 0,
        }
    }

    pub fn push(&mut self, out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
        let json = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        if self.written == 0 {
            write!(out, "{}[", self.prefix)?;
        } else {
            write!(out, ",")?;
        }
        let pad = " ".repeat(self.indent);
        for line in json.lines() {
            write!(out, "\n{pad}{line}")?;
        }
        self.written += 1;
        out.flush()
    }

    /// Close the list (an empty one is `[]`), with a final newline.
    pub fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        if self.written == 0 {
            writeln!(out, "{}[]{}", self.prefix, self.suffix)?;
        } else {
            let pad = " ".repeat(self.indent - 2);
            writeln!(out, "\n{pad}]{}", self.suffix)?;
        }
        out.flush()
    }
}

/// Keep the first error of writing the output: a batch goes on (its reports may go to files
/// too), and the command ends saying the output failed.
pub fn keep_first_error(written: &mut io::Result<()>, result: io::Result<()>) {
    if let Err(error) = result
        && written.is_ok()
    {
        *written = Err(error);
    }
}

/// One value as one line of JSON.
pub fn json_line(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let json = serde_json::to_string(value).map_err(io::Error::other)?;
    writeln!(out, "{json}")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    fn streamed(mut list: PrettyList, values: &[serde_json::Value]) -> String {
        let mut out = Vec::new();
        for value in values {
            list.push(&mut out, value).unwrap();
        }
        list.finish(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn samples() -> Vec<serde_json::Value> {
        vec![
            json!({"file": "a.jpg", "metrics": {"x": 1.5, "y": [1, 2]}, "note": "two\nlines"}),
            json!({"file": "b.jpg", "error": "cannot be read", "empty": {}, "none": []}),
            json!([1, {"deep": {"deeper": true}}]),
        ]
    }

    #[test]
    fn a_streamed_list_is_what_serde_writes_for_the_whole_list() {
        for count in 0..=3 {
            let values = &samples()[..count];
            assert_eq!(
                streamed(PrettyList::array(), values),
                serde_json::to_string_pretty(values).unwrap() + "\n",
                "{count} elements"
            );
            assert_eq!(
                streamed(PrettyList::in_field("files"), values),
                serde_json::to_string_pretty(&json!({ "files": values })).unwrap() + "\n",
                "{count} elements in a field"
            );
        }
    }

    #[test]
    fn a_json_line_is_one_line() {
        let mut out = Vec::new();
        json_line(&mut out, &samples()[0]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 1);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            samples()[0]
        );
    }
}
