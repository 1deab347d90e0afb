//! Line classification: code, comment or blank, for each physical line.
//!
//! One pass over the bytes, one small state machine per comment syntax. A
//! line is **blank** when it holds only whitespace outside any comment or
//! string (a whitespace-only line inside a C or Rust block comment is part of
//! that comment, inside a multi-line string part of that code, as in tokei),
//! **code** when any non-whitespace byte of it lies outside a comment (string
//! contents are code), and **comment** otherwise. Rust doc comments
//! (`///`, `//!`, `/** */`, `/*! */`) are comments that are also counted as
//! `doc`. The input can be any bytes: nothing here indexes past the end or
//! assumes UTF-8, and `code + comment + blank == lines` always holds.

mod clike;
mod hash;
mod lexer;
#[cfg(test)]
mod tests;

use ferrometer_model::Counts;

pub use lexer::looks_like_cpp;

/// The comment and string syntax a file is read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Syntax {
    /// C-family: `//` and `/* */` comments, `"…"` strings, `'…'` character
    /// literals, backslash-newline continuations. `cpp` adds C++11 raw
    /// strings `R"delim(…)delim"` (and `u8R`, `LR`, `uR`, `UR`).
    C {
        /// Whether C++ raw string literals are recognised.
        cpp: bool,
    },
    /// Assembly run through the C preprocessor (`.S`) or plain GNU as (`.s`):
    /// C comments, plus lines whose first token is `#` followed by a space,
    /// a tab or end of line (a gas comment, not a `# define`-style
    /// directive), or `;` at the start of a line. `'` opens nothing.
    Asm,
    /// Rust: nested block comments, doc comments, raw/byte/C strings, char
    /// literals versus lifetimes.
    Rust,
    /// `#` line comments.
    Hash(HashFlavor),
    /// No comments at all (JSON): every non-blank line is code.
    Plain,
    /// Prose (Markdown, reStructuredText, text): every non-blank line is a comment.
    Prose,
}

/// The variants of `#`-comment languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashFlavor {
    /// Shell, Awk, YAML, TOML, Kconfig: a line whose first token is `#` is a comment.
    Plain,
    /// Make and Kbuild: a comment line ending in `\` continues onto the next line.
    Make,
    /// Python: `"""` / `'''` docstrings that stand as a statement are comments.
    Python,
    /// Perl: POD blocks (a line starting `=word` … `=cut`) are comments.
    Perl,
}

/// Counts the lines of `buf` read with `syntax`.
///
/// Never panics, whatever the bytes; `code + comment + blank == lines`.
#[must_use]
pub fn count(syntax: Syntax, buf: &[u8]) -> Counts {
    match syntax {
        Syntax::C { cpp } => clike::count(
            clike::Dialect {
                rust: false,
                cpp,
                asm: false,
            },
            buf,
        ),
        Syntax::Asm => clike::count(
            clike::Dialect {
                rust: false,
                cpp: false,
                asm: true,
            },
            buf,
        ),
        Syntax::Rust => clike::count(
            clike::Dialect {
                rust: true,
                cpp: false,
                asm: false,
            },
            buf,
        ),
        Syntax::Hash(flavor) => hash::count(flavor, buf),
        Syntax::Plain => uniform(buf, false),
        Syntax::Prose => uniform(buf, true),
    }
}

/// What one line turned out to be.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Blank,
    Code,
    Comment,
    Doc,
}

fn tally(c: &mut Counts, kind: Kind) {
    c.lines += 1;
    match kind {
        Kind::Blank => c.blank += 1,
        Kind::Code => c.code += 1,
        Kind::Comment => c.comment += 1,
        Kind::Doc => {
            c.comment += 1;
            c.doc += 1;
        }
    }
}

/// Calls `f` with every line of `buf`, without its `\n`; a last line
/// without a newline counts, an empty input has no lines.
#[inline]
fn for_each_line(buf: &[u8], mut f: impl FnMut(&[u8])) {
    let mut start = 0;
    while start < buf.len() {
        let end = memchr::memchr(b'\n', &buf[start..]).map_or(buf.len(), |i| start + i);
        f(&buf[start..end]);
        start = end + 1;
    }
}

#[inline]
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
}

#[inline]
fn has_non_ws(s: &[u8]) -> bool {
    s.iter().any(|&b| !is_ws(b))
}

/// The index of the first non-whitespace byte.
#[inline]
fn first_non_ws(s: &[u8]) -> Option<usize> {
    s.iter().position(|&b| !is_ws(b))
}

/// Whether a line ends in a backslash (before an optional `\r`): a
/// continuation in C, the preprocessor and make.
#[inline]
fn ends_with_backslash(line: &[u8]) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line.last() == Some(&b'\\')
}

fn uniform(buf: &[u8], prose: bool) -> Counts {
    let mut c = Counts::default();
    for_each_line(buf, |line| {
        let kind = match (has_non_ws(line), prose) {
            (false, _) => Kind::Blank,
            (true, true) => Kind::Comment,
            (true, false) => Kind::Code,
        };
        tally(&mut c, kind);
    });
    c
}
