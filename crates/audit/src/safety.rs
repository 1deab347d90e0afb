//! Where a `// SAFETY:` comment counts, read off the source text the way
//! clippy's `undocumented_unsafe_blocks` reads it.
//!
//! Given the line of an unsafe site and a *floor* line (the start of the
//! enclosing function, or the end of the previous item), only the lines
//! strictly between the two are searched, from the bottom up, skipping blank
//! lines:
//! - when the nearest line starts with `//`, the run of `//` lines above it
//!   is searched for `SAFETY:` (any case), except inside a ```` ``` ```` code
//!   block of a doc comment;
//! - otherwise, the nearest line that starts with `/*` must open a block
//!   comment that holds `SAFETY:` and is followed by nothing but whitespace
//!   up to the site's line.
//!
//! Blank lines and one-line attributes (`#[cfg(..)]`) in between are passed
//! over. Text before the site on its own line never counts:
//! `/* SAFETY: */ unsafe {}` is undocumented, as in clippy.

/// Byte offsets of the start of every line of a file.
pub(crate) struct Lines<'a> {
    src: &'a [u8],
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(src: &'a [u8]) -> Self {
        let mut starts = Vec::with_capacity(src.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', src).map(|i| i + 1));
        Lines { src, starts }
    }

    /// The text of 0-based line `n`, without its line ending.
    pub(crate) fn line(&self, n: usize) -> &'a [u8] {
        let Some(&start) = self.starts.get(n) else {
            return &[];
        };
        let end = self.starts.get(n + 1).map_or(self.src.len(), |&e| e - 1);
        let line = &self.src[start..end.max(start)];
        line.strip_suffix(b"\r").unwrap_or(line)
    }

    /// The 0-based line holding byte offset `byte`.
    pub(crate) fn line_of(&self, byte: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1)
    }

    /// Byte offset of the start of 0-based line `n` (the end of the text past the last line).
    pub(crate) fn start(&self, n: usize) -> usize {
        self.starts.get(n).copied().unwrap_or(self.src.len())
    }
}

/// The lines searched above a site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Floor {
    /// Lines after this 0-based line.
    After(usize),
    /// Every line from the top of the file.
    FileStart,
}

/// Whether a SAFETY comment stands in the lines between `floor` and `line`
/// (0-based, both exclusive), as described in the module docs.
pub(crate) fn has_safety_comment(lines: &Lines<'_>, floor: Floor, line: usize) -> bool {
    let first = match floor {
        Floor::After(f) => f + 1,
        Floor::FileStart => 0,
    };
    if first >= line {
        return false;
    }
    // Blank lines and attribute lines (`#[cfg(..)]`, `#[doc(hidden)]`) between
    // the comment and the site are passed over, as clippy does.
    let mut above = (first..line)
        .rev()
        .map(|n| (n, lines.line(n).trim_ascii_start()))
        .filter(|(_, text)| !text.is_empty() && !is_attribute_line(text));
    let Some((mut n, mut text)) = above.next() else {
        return false;
    };
    if text.starts_with(b"//") {
        let mut in_code = false;
        loop {
            let doc = text.strip_prefix(b"///").unwrap_or(text);
            if doc.trim_ascii_start().starts_with(b"```") {
                in_code = !in_code;
            }
            if !in_code && contains_safety(text) {
                return true;
            }
            match above.next() {
                Some((_, t)) if t.starts_with(b"//") => text = t,
                _ => return false,
            }
        }
    }
    loop {
        if text.starts_with(b"/*") {
            let from = lines.start(n) + (lines.line(n).len() - text.len());
            let to = lines.start(line);
            return block_comment_then_space(&lines.src[from..to]);
        }
        match above.next() {
            Some((m, t)) => (n, text) = (m, t),
            None => return false,
        }
    }
}

/// `text` opens with a block comment that says `SAFETY:`, and only
/// whitespace follows it.
fn block_comment_then_space(text: &[u8]) -> bool {
    let end = block_comment_end(text);
    contains_safety(&text[..end]) && text[end..].iter().all(u8::is_ascii_whitespace)
}

/// The end of the (nested) block comment `text` starts with; the whole text
/// when it is not closed.
pub(crate) fn block_comment_end(text: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut i = 0;
    while i + 1 < text.len() {
        match (text[i], text[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth = depth.saturating_sub(1);
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    text.len()
}

/// A whole attribute on one line: `#[…]` or `#![…]`.
fn is_attribute_line(text: &[u8]) -> bool {
    let t = text.trim_ascii_end();
    (t.starts_with(b"#[") || t.starts_with(b"#![")) && t.ends_with(b"]")
}

pub(crate) fn contains_safety(text: &[u8]) -> bool {
    text.windows(7).any(|w| w.eq_ignore_ascii_case(b"SAFETY:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The site is the line holding `unsafe`; the floor is line 0 (the `fn` line).
    fn documented(src: &str) -> bool {
        let lines = Lines::new(src.as_bytes());
        let site = src
            .lines()
            .position(|l| l.trim_start().starts_with("unsafe"))
            .expect("a line starts with unsafe");
        has_safety_comment(&lines, Floor::After(0), site)
    }

    #[test]
    fn comment_positions() {
        let cases: &[(&str, bool, &str)] = &[
            (
                "fn f() {\n    // SAFETY: fine\n    unsafe {}\n}",
                true,
                "line comment above",
            ),
            (
                "fn f() {\n    // Safety: fine\n    unsafe {}\n}",
                true,
                "any case",
            ),
            (
                "fn f() {\n    // SAFETY fine\n    unsafe {}\n}",
                false,
                "no colon",
            ),
            (
                "fn f() {\n    // SAFETY: a\n\n\n    unsafe {}\n}",
                true,
                "blank lines between",
            ),
            (
                "fn f() {\n    // SAFETY: a\n    //\n    // more\n    unsafe {}\n}",
                true,
                "run of // lines",
            ),
            (
                "fn f() {\n    // SAFETY: a\n    x();\n    unsafe {}\n}",
                false,
                "code between",
            ),
            (
                "fn f() {\n    /* SAFETY: a */\n    unsafe {}\n}",
                true,
                "block comment",
            ),
            (
                "fn f() {\n    /* note\n     * SAFETY: a\n     */\n    unsafe {}\n}",
                true,
                "multi-line block",
            ),
            (
                "fn f() {\n    /* SAFETY: a */ x();\n    unsafe {}\n}",
                false,
                "code after block",
            ),
            (
                "fn f() {\n    /* note */\n    unsafe {}\n}",
                false,
                "block without SAFETY",
            ),
            (
                "fn f() {\n    /// ```\n    /// // SAFETY: a\n    /// ```\n    unsafe {}\n}",
                false,
                "in a doc code block",
            ),
            (
                "fn f() {\n    /// SAFETY: a\n    unsafe {}\n}",
                true,
                "doc comment",
            ),
            (
                "fn f() {\n    #[cfg(x)]\n    // SAFETY: a\n    unsafe {}\n}",
                true,
                "comment under attribute",
            ),
            (
                "fn f() {\n    // SAFETY: a\n    #[cfg(x)]\n    unsafe {}\n}",
                true,
                "attribute between",
            ),
            (
                "fn f() {\n    // SAFETY: a\n    x();\n    #[cfg(x)]\n    unsafe {}\n}",
                false,
                "code, then an attribute",
            ),
            (
                "fn f() {\r\n    // SAFETY: a\r\n    unsafe {}\r\n}",
                true,
                "CRLF",
            ),
        ];
        for (src, want, what) in cases {
            assert_eq!(documented(src), *want, "{what}: {src:?}");
        }
    }

    #[test]
    fn floor_bounds_the_search() {
        let src = "// SAFETY: too far\nfn f() { unsafe {} }\n";
        let lines = Lines::new(src.as_bytes());
        assert!(!has_safety_comment(&lines, Floor::After(1), 1));
        assert!(!has_safety_comment(&lines, Floor::After(0), 1));
        assert!(has_safety_comment(&lines, Floor::FileStart, 1));
    }

    #[test]
    fn nested_block_comments_close() {
        assert_eq!(block_comment_end(b"/* a /* b */ c */ x"), 17);
        assert_eq!(block_comment_end(b"/* open"), 7);
    }
}
