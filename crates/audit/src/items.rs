//! Top-level items found by a small lexer, so that only the items that can
//! hold an unsafe site are given to the parser.
//!
//! Tree-sitter reads Rust at about 10 MB/s; most of a crate's bytes are in
//! items with no `unsafe`, no `extern` block and no `static mut`. The lexer
//! knows comments (nested), strings (raw, byte, C), character literals and
//! lifetimes, and counts `{}`/`()`/`[]`: an item ends at a `;` or a closing
//! brace at depth 0 (a `;` right after that brace belongs to it too). The
//! parser then reads the chosen items in place (tree-sitter's included
//! ranges), so every position stays the file's. When anything is off (the
//! depth goes below zero, or the text ends inside something), the caller
//! parses the whole file instead.

use ferrometer_model::unsafety::SiteKind;
use memchr::memmem;

/// Byte ranges of the top-level items, in order, covering every
/// non-whitespace byte; `None` when the text does not split cleanly.
pub(crate) fn split(src: &[u8]) -> Option<Vec<(usize, usize)>> {
    split_range(src, 0, src.len())
}

/// [`split`] of the text between `from` and `to` (a module's or an impl's
/// body, say).
pub(crate) fn split_range(src: &[u8], from: usize, to: usize) -> Option<Vec<(usize, usize)>> {
    let src = &src[..to];
    let mut items = Vec::new();
    let mut depth: usize = 0;
    let mut start: Option<usize> = None;
    let mut i = from;
    let n = src.len();
    while i < n {
        let b = src[i];
        if start.is_none() && !b.is_ascii_whitespace() {
            start = Some(i);
        }
        if is_ident_byte(b) {
            // A word (identifier, keyword, number) in one step, unless it
            // opens a literal (`r"…"`, `b'…'`, `c"…"`).
            if matches!(b, b'r' | b'b' | b'c') && !ident_before(src, i) {
                if let Some(next) = prefixed_string_end(src, i)? {
                    i = next;
                    continue;
                }
            }
            i += word_at(src, i, n).len();
            continue;
        }
        if let Some(next) = skip_token(src, i, n)? {
            i = next;
            continue;
        }
        match b {
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 && b == b'}' {
                    // `const X: T = { … };` keeps its `;`.
                    let mut j = i + 1;
                    while j < n && matches!(src[j], b' ' | b'\t') {
                        j += 1;
                    }
                    let end = if src.get(j) == Some(&b';') {
                        j + 1
                    } else {
                        i + 1
                    };
                    items.push((start.take()?, end));
                    i = end;
                    continue;
                }
            }
            b';' if depth == 0 => {
                items.push((start.take()?, i + 1));
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 {
        return None;
    }
    if let Some(s) = start {
        items.push((s, n));
    }
    Some(items)
}

/// For an item that holds other items in braces (`impl`, `mod`, `trait`):
/// the offset of its opening brace. Functions, items whose braces hold code,
/// and `extern` blocks (every member is a declaration the audit keeps) give
/// `None`.
pub(crate) fn container_brace(src: &[u8], (a, b): (usize, usize)) -> Option<usize> {
    if src.get(b - 1) != Some(&b'}') {
        return None;
    }
    // The header: up to the first `{` outside comments and strings, and
    // outside the item's attributes.
    let mut i = a;
    let mut depth = 0usize;
    while i < b {
        if let Some(next) = skip_token(src, i, b)? {
            i = next;
            continue;
        }
        match src[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b'{' if depth == 0 => {
                let words = || src[a..i].split(|&c| !is_ident_byte(c));
                let is_container = words().any(|w| matches!(w, b"impl" | b"mod" | b"trait"))
                    && !words().any(|w| w == b"fn" || w == b"macro_rules");
                return is_container.then_some(i);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// What an `extern` block of declarations holds, read by the lexer: the
/// sites (byte offset and kind: the block itself, `static mut` items,
/// `#[unsafe(..)]` attributes) and the names of the functions it declares.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ExternBlock {
    pub sites: Vec<(usize, SiteKind)>,
    pub fns: Vec<String>,
}

/// The item `(a, b)` read as an `extern` block, when it is one and holds
/// only declarations: attributes, then `unsafe`? `extern` `"ABI"`? `{`, and a
/// body with no braces and no macro call. `None` for anything else, which
/// the parser then reads.
pub(crate) fn extern_block(src: &[u8], (a, b): (usize, usize)) -> Option<ExternBlock> {
    if b <= a || src[b - 1] != b'}' {
        return None;
    }
    let mut out = ExternBlock::default();
    // The header.
    let mut i = attributes(src, a, b, &mut out.sites)?;
    let mut at = None;
    let mut word = word_at(src, i, b);
    if word == b"unsafe" {
        at = Some(i);
        i = next_token(src, i + word.len(), b)?;
        word = word_at(src, i, b);
    }
    if word != b"extern" {
        return None;
    }
    out.sites.push((at.unwrap_or(i), SiteKind::ExternBlock));
    i = next_token(src, i + word.len(), b)?;
    if src[i] == b'"' {
        i = next_token(src, string_end(src, i + 1)?, b)?;
    }
    if src[i] != b'{' {
        return None;
    }
    // The declarations.
    let end = b - 1;
    i += 1;
    while i < end {
        if let Some(next) = skip_token(src, i, end)? {
            i = next;
            continue;
        }
        let c = src[i];
        match c {
            b'{' | b'}' => return None,
            b'!' if ident_before(src, i) => return None,
            b'#' => {
                i = attributes(src, i, end, &mut out.sites)?;
                continue;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                let word = word_at(src, i, end);
                let after = i + word.len();
                match word {
                    b"fn" => {
                        let j = next_token(src, after, end)?;
                        let name = word_at(src, j, end);
                        if !name.is_empty() && !name[0].is_ascii_digit() {
                            out.fns.push(String::from_utf8_lossy(name).into_owned());
                        }
                    }
                    b"static" => {
                        let j = next_token(src, after, end)?;
                        if word_at(src, j, end) == b"mut" {
                            out.sites.push((i, SiteKind::StaticMut));
                        }
                    }
                    _ => {}
                }
                i = after;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Some(out)
}

/// A byte of an identifier, keyword or number.
pub(crate) fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The identifier, keyword or number at `i` (empty when none starts there).
pub(crate) fn word_at(src: &[u8], i: usize, end: usize) -> &[u8] {
    let n = src[i..end]
        .iter()
        .take_while(|&&c| is_ident_byte(c))
        .count();
    &src[i..i + n]
}

/// The next byte at or after `i` that is not whitespace or a comment;
/// `None` at the end.
fn next_token(src: &[u8], mut i: usize, end: usize) -> Option<usize> {
    while i < end {
        if src[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if src[i] == b'/' && matches!(src.get(i + 1), Some(b'/' | b'*')) {
            i = skip_token(src, i, end)??;
            continue;
        }
        return Some(i);
    }
    None
}

/// Skips the attributes (`#[..]`, `#![..]`) and comments from `i` on, noting
/// each `#[unsafe(..)]` as a site at its `unsafe`; where the next token starts.
fn attributes(
    src: &[u8],
    mut i: usize,
    end: usize,
    sites: &mut Vec<(usize, SiteKind)>,
) -> Option<usize> {
    loop {
        i = next_token(src, i, end)?;
        if src[i] != b'#' {
            return Some(i);
        }
        let mut j = next_token(src, i + 1, end)?;
        if src[j] == b'!' {
            j = next_token(src, j + 1, end)?;
        }
        if src[j] != b'[' {
            return None;
        }
        let first = next_token(src, j + 1, end)?;
        if word_at(src, first, end) == b"unsafe" {
            let k = next_token(src, first + 6, end)?;
            if src[k] == b'(' {
                sites.push((first, SiteKind::Attr));
            }
        }
        // To the matching `]`.
        let mut depth = 0usize;
        let mut k = j;
        loop {
            if k >= end {
                return None;
            }
            if let Some(next) = skip_token(src, k, end)? {
                k = next;
                continue;
            }
            match src[k] {
                b'[' | b'(' | b'{' => depth += 1,
                b']' | b')' | b'}' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        if src[k] != b']' {
            return None;
        }
        i = k + 1;
    }
}

/// At `i` (before `end`): the end of the comment, string, character literal
/// or lifetime quote that starts there; `Some(None)` when none starts there;
/// `None` when one starts and is not closed. The one lexer both scans share.
fn skip_token(src: &[u8], i: usize, end: usize) -> Option<Option<usize>> {
    let next = match src[i] {
        b'/' if src.get(i + 1) == Some(&b'/') => {
            memchr::memchr(b'\n', &src[i..end]).map_or(end, |j| i + j + 1)
        }
        b'/' if src.get(i + 1) == Some(&b'*') => block_comment_end(src, i)?,
        b'"' => string_end(src, i + 1)?,
        b'r' | b'b' | b'c' if !ident_before(src, i) => return prefixed_string_end(src, i),
        b'\'' => quote_end(src, i),
        _ => return Some(None),
    };
    Some(Some(next))
}

fn ident_before(src: &[u8], i: usize) -> bool {
    i > 0 && is_ident_byte(src[i - 1])
}

fn block_comment_end(src: &[u8], at: usize) -> Option<usize> {
    let end = crate::safety::block_comment_end(&src[at..]);
    let close = at + end;
    // Unclosed: the text ends inside a comment.
    (src[..close].ends_with(b"*/") && end >= 4).then_some(close)
}

/// The end of a `"…"` string whose contents start at `i`.
fn string_end(src: &[u8], mut i: usize) -> Option<usize> {
    while i < src.len() {
        match src[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// `r"…"`, `r#"…"#`, `b"…"`, `br#"…"#`, `c"…"`, `cr"…"`, `b'…'`: the end of
/// the literal starting at `i`; `Some(None)` when `i` starts no literal.
fn prefixed_string_end(src: &[u8], i: usize) -> Option<Option<usize>> {
    let mut j = i;
    if matches!(src[j], b'b' | b'c') {
        j += 1;
    }
    let raw = src.get(j) == Some(&b'r');
    if raw {
        j += 1;
    }
    if !raw && j == i {
        return Some(None);
    }
    if !raw && src.get(j) == Some(&b'\'') && src[i] == b'b' {
        return Some(Some(quote_end(src, j)));
    }
    if !raw {
        return match src.get(j) {
            Some(b'"') => string_end(src, j + 1).map(Some),
            _ => Some(None),
        };
    }
    let hashes = src[j..].iter().take_while(|&&b| b == b'#').count();
    j += hashes;
    if src.get(j) != Some(&b'"') {
        return Some(None);
    }
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    memmem::find(&src[j + 1..], &close).map(|k| Some(j + 1 + k + close.len()))
}

/// After a `'` at `i`: the end of a character literal, or just past the
/// quote of a lifetime or label.
fn quote_end(src: &[u8], i: usize) -> usize {
    match src.get(i + 1) {
        Some(b'\\') => {
            // An escape: up to the closing quote (`'\''`, `'\u{1F980}'`).
            let mut j = i + 3;
            while j < src.len() && j < i + 12 {
                if src[j] == b'\'' {
                    return j + 1;
                }
                j += 1;
            }
            i + 1
        }
        Some(&c) => {
            let width = match c {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            if src.get(i + 1 + width) == Some(&b'\'') {
                i + 2 + width
            } else {
                i + 1
            }
        }
        None => i + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(sites as "kind@text-at-offset", fns)` of a snippet read as one item.
    fn lexed(src: &str) -> Option<(Vec<String>, Vec<String>)> {
        let block = extern_block(src.as_bytes(), (0, src.trim_end().len()))?;
        let sites = block
            .sites
            .iter()
            .map(|&(at, kind)| format!("{}@{}", kind.name(), &src[at..at + 6]))
            .collect();
        Some((sites, block.fns))
    }

    #[test]
    fn extern_blocks_of_declarations() {
        type Want = Option<(&'static [&'static str], &'static [&'static str])>;
        let cases: &[(&str, &str, Want)] = &[
            (
                "declarations, a static mut and an unsafe attribute",
                "/// Doc.\n#[link(name = \"m\")]\nextern \"C\" {\n    fn a(x: i32) -> i32;\n    pub static mut ERR: i32;\n    static OK: i32;\n    #[unsafe(link_name = \"b2\")]\n    pub fn b(cb: extern \"C\" fn(i32), f: unsafe fn()) -> !;\n    type T;\n}",
                Some((
                    &["extern-block@extern", "static-mut@static", "attr@unsafe"],
                    &["a", "b"],
                )),
            ),
            (
                "edition 2024, with an unsafe attribute on the block",
                "#[unsafe(no_mangle)]\nunsafe extern \"C\" {\n    // a comment: fn not_this();\n    safe fn c();\n    pub unsafe fn d(s: *const u8 /* fn e() */);\n}",
                Some((&["attr@unsafe", "extern-block@unsafe"], &["c", "d"])),
            ),
            ("no ABI", "extern {\n    fn e();\n}", Some((&["extern-block@extern"], &["e"]))),
            ("a macro call inside", "extern \"C\" {\n    m!(f);\n}", None),
            ("braces inside", "extern \"C\" {\n    fn f(x: [u8; { 4 }]);\n}", None),
            ("an extern fn, not a block", "extern \"C\" fn f() {}", None),
            ("extern crate", "extern crate alloc;", None),
            ("an unsafe fn", "unsafe fn f() {}", None),
            ("an unclosed attribute", "#[link(name = \"m\"\nextern \"C\" {}", None),
        ];
        for (what, src, want) in cases {
            let want = want.map(|(s, f)| {
                (
                    s.iter().map(ToString::to_string).collect::<Vec<_>>(),
                    f.iter().map(ToString::to_string).collect::<Vec<_>>(),
                )
            });
            assert_eq!(lexed(src), want, "{what}:\n{src}");
        }
    }

    fn texts(src: &str) -> Vec<&str> {
        split(src.as_bytes())
            .expect("splits")
            .into_iter()
            .map(|(a, b)| &src[a..b])
            .collect()
    }

    #[test]
    fn items() {
        let src = "use a::b;\n\n/// doc { not a brace\n#[cfg(x)]\nfn f<'a>(x: &'a str) -> char {\n    let c = '}';\n    let s = \"}\";\n    let r = r#\"}\"#;\n    /* } /* { */ } */\n    c\n}\nconst X: u8 = { 1 };\nstruct S;\nmacro_rules! m { () => {} }\n";
        assert_eq!(
            texts(src),
            [
                "use a::b;",
                "/// doc { not a brace\n#[cfg(x)]\nfn f<'a>(x: &'a str) -> char {\n    let c = '}';\n    let s = \"}\";\n    let r = r#\"}\"#;\n    /* } /* { */ } */\n    c\n}",
                "const X: u8 = { 1 };",
                "struct S;",
                "macro_rules! m { () => {} }",
            ]
        );
    }

    #[test]
    fn unbalanced_text_does_not_split() {
        assert!(split(b"fn f() { ").is_none());
        assert!(split(b"fn f() } {").is_none());
        assert!(split(b"/* open").is_none());
        assert!(split(b"let s = \"open").is_none());
    }

    #[test]
    fn literals() {
        assert_eq!(texts("const A: u8 = b'}';\nconst B: &[u8] = br##\"}\"#\"##;\nconst C: char = '\\u{7D}';\n").len(), 3);
        assert_eq!(
            texts("fn f() -> &'static str { 'outer: loop { break 'outer; } \"\" }\n").len(),
            1
        );
    }
}
