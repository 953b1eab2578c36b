//! User text made safe to print: a label, a unit, a file name or a reason that quotes them may hold
//! characters a terminal obeys instead of showing (ESC starts a control sequence that can move the
//! cursor, rewrite the title or hide what follows; CR overwrites the line; bidi overrides reorder it).
//! Every place that prints user text goes through [`escape`]; a terminal on standard output gets
//! whole outputs through [`Escaping`].

use std::borrow::Cow;
use std::io::{self, Write};

/// `text` with every character a terminal could act on written out visibly, as Rust writes it in a
/// string (`\n`, `\r`, `\t`, `\u{1b}`): C0 and C1 controls and DEL, bidi embeddings, overrides, isolates
/// and marks, and the Unicode line and paragraph separators. Anything else, Danish letters and all,
/// stays as it is. A backslash stays too, so `\u{1b}` typed by hand reads the same as an escaped ESC:
/// the point is that nothing reaches the terminal as a control.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_control(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether a terminal could take `c` as an instruction rather than a character to show.
fn is_control(c: char) -> bool {
    c.is_control() // C0 (NUL, BEL, ESC, CR, LF, …), DEL and C1 (U+0080–U+009F, CSI among them)
        || matches!(
            c,
            '\u{061c}'              // Arabic letter mark
            | '\u{200e}' | '\u{200f}' // left-to-right and right-to-left marks
            | '\u{202a}'..='\u{202e}' // embeddings and overrides
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{2028}' | '\u{2029}' // line and paragraph separators
        )
}

/// A writer for a terminal: each line of what it is given is passed through [`escape`], its line
/// break (`\n` or `\r\n`) kept. CSV and JSON printed to a terminal are shown, not kept, so a control
/// character in them must not act; written to a file or a pipe they are data and go unchanged.
pub struct Escaping<W: Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> Escaping<W> {
    pub fn new(inner: W) -> Escaping<W> {
        Escaping {
            inner,
            line: Vec::new(),
        }
    }

    fn write_line(&mut self) -> io::Result<()> {
        let (body, end): (&[u8], &[u8]) = if let Some(body) = self.line.strip_suffix(b"\r\n") {
            (body, b"\r\n")
        } else if let Some(body) = self.line.strip_suffix(b"\n") {
            (body, b"\n")
        } else {
            (&self.line, b"")
        };
        let text = String::from_utf8_lossy(body);
        self.inner.write_all(escape(&text).as_bytes())?;
        self.inner.write_all(end)?;
        self.line.clear();
        Ok(())
    }
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        for &byte in bytes {
            self.line.push(byte);
            if byte == b'\n' {
                self.write_line()?;
            }
        }
        Ok(bytes.len())
    }

    /// Writes what is left of a line too: called once, at the end of the output.
    fn flush(&mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            self.write_line()?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expect: &str) {
        assert_eq!(escape(text), expect);
    }

    #[test]
    fn controls_are_written_out_and_everything_else_kept() {
        check("Hus 1 · Æblegården", "Hus 1 · Æblegården");
        check(
            "\u{1b}[2J\u{1b}]0;owned\u{7}",
            "\\u{1b}[2J\\u{1b}]0;owned\\u{7}",
        );
        check("a\0b\u{7f}c\u{9b}31m", "a\\u{0}b\\u{7f}c\\u{9b}31m");
        check("MJ\rAB\nCD\tEF", "MJ\\rAB\\nCD\\tEF");
        check(
            "\u{202e}gnp.exe\u{2066}\u{2069}\u{200f}",
            "\\u{202e}gnp.exe\\u{2066}\\u{2069}\\u{200f}",
        );
        check("line\u{2028}break", "line\\u{2028}break");
    }

    #[test]
    fn a_terminal_gets_each_line_escaped_with_its_line_break() {
        let mut out = Escaping::new(Vec::new());
        // Split inside a line and inside a character: lines are escaped whole.
        out.write_all(b"\xef\xbb\xbfcitizen;unit\r\nM\x1b[")
            .unwrap();
        out.write_all("31mJ;Hus \u{e6}\r\n{\"a\": \"\u{9b}\"}".as_bytes())
            .unwrap();
        out.flush().unwrap();
        assert_eq!(
            String::from_utf8(out.inner).unwrap(),
            "\u{feff}citizen;unit\r\nM\\u{1b}[31mJ;Hus æ\r\n{\"a\": \"\\u{9b}\"}"
        );
    }
}
