//! `F:`/`X:` patterns: get_maintainer.pl's glob-to-regex conversion and the three matchers that
//! stand in for the regex.
//!
//! get_maintainer.pl turns a value into a Perl regex (`.` → `\.`, `*` → `.*`, `?` → `.`) and tests
//! `$file =~ m@^$pattern@`. Most kernel patterns are plain paths or use only `*` and `?`, so we
//! classify each one: a plain path is fully checked by the index that finds it
//! ([`Matcher::Verified`]), a [`Matcher::Glob`] is a small wildcard matcher with the same meaning
//! as the converted regex, and only what is left (character classes, alternation, escapes) goes
//! to the `regex` crate.

use regex::Regex;

/// Bytes of an `F:` value that are regex syntax after get_maintainer.pl's conversion. `.` is not
/// here: the conversion escapes it. `*` and `?` are here although the glob matcher handles them.
const META: &[u8] = b"*?[](){}|+^$\\";

/// Converts an `F:`/`X:` value as get_maintainer.pl's `read_maintainer_file` does.
///
/// The order matters and is Perl's: the `.` inserted for `*` and `?` must not be escaped.
pub(crate) fn convert(raw: &str) -> String {
    raw.replace('.', "\\.").replace('*', ".*").replace('?', ".")
}

/// One `F:`/`X:` pattern as the index tests it.
#[derive(Debug)]
pub(crate) struct Pattern {
    /// The entry (in file order) the pattern comes from.
    pub(crate) entry: u32,
    /// The section it belongs to.
    pub(crate) section: u32,
    /// `X:` rather than `F:`.
    pub(crate) exclude: bool,
    /// The converted pattern ends in `/`: any file below matches, whatever its depth.
    pub(crate) prefix_only: bool,
    /// Number of `/` in the converted pattern; other patterns need a file with as many.
    pub(crate) slashes: u32,
    /// get_maintainer.pl's "pattern depth" for an `F:` match.
    pub(crate) depth: i32,
    /// How many leading bytes of the pattern are plain text that the index has already found at
    /// the start of any path it hands to [`Pattern::is_match`].
    pub(crate) skip: u32,
    /// How the start of the path is tested.
    pub(crate) matcher: Matcher,
}

/// The test that replaces `m@^$pattern@`.
#[derive(Debug)]
pub(crate) enum Matcher {
    /// No regex syntax at all: the whole pattern is the text the index found (`skip` bytes).
    Verified,
    /// After the first `skip` bytes, `*` then plain text (`drivers/*/qcom/`, THE REST's `*/`):
    /// the rest of the path (up to a newline, which `.*` doesn't cross) contains this text.
    Contains(Box<str>),
    /// Other patterns with only `*` and `?`: the tokens after the first `skip` bytes; see
    /// [`glob_prefix_match`].
    Glob {
        /// The tokens after the first `skip` bytes.
        toks: Box<[Tok]>,
        /// For a pattern not ending in `/` whose tokens contain a `/`: the tokens of its last
        /// component. With as many `/` in the path as in the pattern, no wildcard can match a
        /// `/`, so the path's file name must match these: a cheap test that fails for most paths.
        last: Option<Box<[Tok]>>,
    },
    /// Anything else, compiled as `^` + the converted pattern.
    Regex(Regex),
    /// The regex did not compile (a Diagnostic was reported); never matches.
    Never,
}

/// A token of a [`Matcher::Glob`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// This byte.
    Lit(u8),
    /// One character but a newline (from `?`, converted to `.`).
    Any,
    /// Any run of characters without a newline (from `*`, converted to `.*`).
    Star,
}

/// The shape of a pattern, from its raw text (trailing `/` already added when `is_dir` said so).
pub(crate) enum Shape {
    /// No regex syntax.
    Literal,
    /// Only `*` and `?` beyond literal text.
    Glob,
    /// Needs the regex crate.
    Regex,
}

/// Which matcher a pattern needs.
pub(crate) fn shape(raw: &str) -> Shape {
    let mut shape = Shape::Literal;
    for b in raw.bytes() {
        if META.contains(&b) {
            if b == b'*' || b == b'?' {
                shape = Shape::Glob;
            } else {
                return Shape::Regex;
            }
        }
    }
    shape
}

/// The tokens of a pattern that has no regex syntax but `*` and `?`.
pub(crate) fn glob_tokens(raw: &str) -> Box<[Tok]> {
    raw.bytes()
        .map(|b| match b {
            b'*' => Tok::Star,
            b'?' => Tok::Any,
            _ => Tok::Lit(b),
        })
        .collect()
}

/// The matcher for the part of a `*`/`?` pattern after its literal beginning. Trailing `*`s are
/// dropped (the match is a prefix match, so they can always match nothing), which leaves common
/// shapes simpler: nothing at all, or `*` followed by plain text. `prefix_only`: the pattern ends
/// in `/`.
pub(crate) fn glob_matcher(after_literal: &str, prefix_only: bool) -> Matcher {
    let trimmed = after_literal.trim_end_matches('*');
    if trimmed.is_empty() {
        return Matcher::Verified;
    }
    if let Some(text) = trimmed.strip_prefix('*') {
        if !text.is_empty() && !text.contains(['*', '?']) {
            return Matcher::Contains(text.into());
        }
    }
    let last = match trimmed.rfind('/') {
        Some(slash) if !prefix_only => Some(glob_tokens(&trimmed[slash + 1..])),
        _ => None,
    };
    Matcher::Glob {
        toks: glob_tokens(trimmed),
        last,
    }
}

/// Splits a pattern's required literal beginning into the directory it names and the rest of it:
/// every path the pattern matches starts with `dir` (`""` or ending in `/`), then `rest` (no `/`).
///
/// The literal beginning is the text before the first regex metacharacter. It is required at the
/// start of any match because the regex is anchored with `^`, with two exceptions handled here:
/// an alternation (`|`) anywhere lifts the anchor from the other branch, so such patterns get
/// `("", "")`; and a quantifier (`+`, `{`) may repeat or drop the character before it, so that
/// character is left out.
pub(crate) fn split_literal(raw: &str) -> (&str, &str) {
    if raw.contains('|') {
        return ("", "");
    }
    let mut end = raw
        .bytes()
        .position(|b| META.contains(&b))
        .unwrap_or(raw.len());
    if matches!(raw.as_bytes().get(end), Some(b'+' | b'{')) {
        end = raw[..end].char_indices().last().map_or(0, |(i, _)| i);
    }
    let literal = &raw[..end];
    match literal.rfind('/') {
        Some(slash) => (&raw[..=slash], &literal[slash + 1..]),
        None => ("", literal),
    }
}

/// The literal beginning of the last component of a pattern with no regex syntax but `*` and `?`
/// (the text after its last `/`, up to the first wildcard).
pub(crate) fn last_component_literal(raw: &str) -> &str {
    let last = &raw[raw.rfind('/').map_or(0, |slash| slash + 1)..];
    let end = last
        .bytes()
        .position(|b| META.contains(&b))
        .unwrap_or(last.len());
    &last[..end]
}

impl Pattern {
    /// Whether the path matches, as get_maintainer.pl's `file_match_pattern`, given that it starts
    /// with the first `skip` bytes of the pattern (the index's guarantee). `path_slashes` (the
    /// number of `/` in `path`) and `file_name` (what follows its last `/`) are computed once by
    /// the caller.
    pub(crate) fn is_match(&self, path: &str, path_slashes: u32, file_name: &str) -> bool {
        if !self.prefix_only && self.slashes != path_slashes {
            return false;
        }
        let rest = &path.as_bytes()[self.skip as usize..];
        match &self.matcher {
            Matcher::Verified => true,
            Matcher::Contains(text) => contains_before_newline(rest, text.as_bytes()),
            Matcher::Glob { toks, last } => {
                last.as_ref()
                    .is_none_or(|last| glob_prefix_match(last, file_name.as_bytes()))
                    && glob_prefix_match(toks, rest)
            }
            Matcher::Regex(re) => re.is_match(path),
            Matcher::Never => false,
        }
    }
}

/// Whether `toks` matches some prefix of `text`: the meaning of the anchored-at-start-only regex
/// `^…` that get_maintainer.pl builds from a glob.
///
/// This is the classic wildcard algorithm (remember the last `*`, retry it one character longer
/// on a mismatch), which is exact for `*`/`?`/literal patterns. Reaching the end of the pattern is
/// success, whatever text is left; that is the prefix semantics. Like `.` in a regex, neither `*`
/// nor `?` crosses a newline, and no literal can be one, so the text is cut at the first newline.
/// When a `*` is followed by a literal byte, its run is only ever ended where that byte occurs.
pub(crate) fn glob_prefix_match(toks: &[Tok], text: &[u8]) -> bool {
    let text = match text.iter().position(|&b| b == b'\n') {
        Some(nl) => &text[..nl],
        None => text,
    };
    // Where the star whose following token is `toks[t]` can end its run, at `from` or later.
    let next_end = |t: usize, from: usize| match toks.get(t) {
        Some(&Tok::Lit(b)) => text[from..]
            .iter()
            .position(|&c| c == b)
            .map(|off| from + off),
        _ => Some(from),
    };
    let (mut t, mut i) = (0, 0);
    // (token after the last star, text position where that star's run ends)
    let mut retry: Option<(usize, usize)> = None;
    loop {
        let Some(&tok) = toks.get(t) else {
            return true;
        };
        match tok {
            Tok::Star => {
                t += 1;
                let Some(end) = next_end(t, i) else {
                    return false;
                };
                i = end;
                retry = Some((t, i));
                continue;
            }
            Tok::Lit(b) if text.get(i) == Some(&b) => {
                t += 1;
                i += 1;
                continue;
            }
            Tok::Any if i < text.len() => {
                i += char_len(text[i]);
                t += 1;
                continue;
            }
            _ => {}
        }
        match retry {
            Some((after_star, end)) if end < text.len() => {
                let Some(end) = next_end(after_star, end + char_len(text[end])) else {
                    return false;
                };
                retry = Some((after_star, end));
                t = after_star;
                i = end;
            }
            _ => return false,
        }
    }
}

/// Whether `needle` (not empty, no newline) occurs in `hay` before its first newline: the meaning
/// of `.*needle` as a prefix match. A plain loop: the texts are a few dozen bytes, too short for
/// a searcher's setup to pay off.
fn contains_before_newline(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, _)) = needle.split_first() else {
        return true;
    };
    for (i, &b) in hay.iter().enumerate() {
        if b == b'\n' {
            return false;
        }
        if b == first && hay[i..].starts_with(needle) {
            return true;
        }
    }
    false
}

/// Length of the UTF-8 character starting with `lead` (the text is a `&str`, so it is one).
fn char_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7f => 1,
        0x80..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_is_perls() {
        for (raw, want) in [
            ("drivers/net/", "drivers/net/"),
            ("fs/ext4/*.c", "fs/ext4/.*\\.c"),
            ("lib/a?c.h", "lib/a.c\\.h"),
            ("*", ".*"),
            ("x/*.[ch]", "x/.*\\.[ch]"),
        ] {
            assert_eq!(convert(raw), want, "{raw}");
        }
    }

    #[test]
    fn literal_split() {
        for (raw, dir, rest) in [
            ("drivers/net/", "drivers/net/", ""),
            ("drivers/net/foo.c", "drivers/net/", "foo.c"),
            ("drivers/net/phy/bcm*.c", "drivers/net/phy/", "bcm"),
            ("drivers/*/foo", "drivers/", ""),
            ("*", "", ""),
            ("Makefile", "", "Makefile"),
            ("a/b|c/d", "", ""),
            ("a/b/+x", "a/", "b"),
            ("a/bc{2}", "a/", "b"),
            ("a/b/x[ch]", "a/b/", "x"),
            ("é/ü+", "é/", ""),
        ] {
            assert_eq!(split_literal(raw), (dir, rest), "{raw}");
        }
    }

    #[test]
    fn glob_shapes() {
        assert!(matches!(glob_matcher("*", false), Matcher::Verified));
        assert!(matches!(glob_matcher("**", true), Matcher::Verified));
        assert!(matches!(glob_matcher("*/qcom/*", true), Matcher::Contains(t) if &*t == "/qcom/"));
        assert!(matches!(
            glob_matcher("*/a?/", true),
            Matcher::Glob { last: None, .. }
        ));
        assert!(matches!(
            glob_matcher("?", false),
            Matcher::Glob { last: None, .. }
        ));
        assert!(matches!(
            glob_matcher("a*b", false),
            Matcher::Glob { last: None, .. }
        ));
        assert!(
            matches!(glob_matcher("*/*/*x?y*", false), Matcher::Glob { last: Some(l), .. } if l.len() == 4)
        );
    }

    #[test]
    fn contains() {
        for (hay, needle, want) in [
            ("net/qcom/x", "/qcom/", true),
            ("net/qcom", "/qcom/", false),
            ("a\n/qcom/", "/qcom/", false),
            ("//qcom/", "/qcom/", true),
            ("", "/", false),
        ] {
            assert_eq!(
                contains_before_newline(hay.as_bytes(), needle.as_bytes()),
                want,
                "{hay:?}"
            );
        }
    }

    #[test]
    fn last_components() {
        for (raw, want) in [
            ("arch/*/include/asm/tlb*.h", "tlb"),
            ("drivers/*/*rockchip*", ""),
            ("x/y.c", "y.c"),
            ("*", ""),
            ("Makefile", "Makefile"),
        ] {
            assert_eq!(last_component_literal(raw), want, "{raw}");
        }
    }

    #[test]
    fn glob_matches_like_the_regex() {
        let cases = [
            ("a*c", "abc", true),
            ("a*c", "ac", true),
            ("a*c", "abcd", true), // prefix semantics
            ("a*c", "ab", false),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("a?c", "aéc", true),
            ("*b", "aab", true),
            ("*b", "", false),
            ("*", "", true),
            ("a*b*c", "axbxxbc", true),
            ("a*b", "a\nb", false),
            ("x?", "x\n", false),
            ("*/qcom/", "a/b/qcom/x", true),
            ("*/qcom/", "a/b/qcom", false),
            ("*a*a", "bababa", true),
            ("*aab", "aaaab", true),
            ("*é", "aéé", true),
            ("?*b", "éb", true),
            ("??b", "éb", false),
        ];
        for (glob, text, want) in cases {
            let toks = glob_tokens(glob);
            assert_eq!(
                glob_prefix_match(&toks, text.as_bytes()),
                want,
                "{glob} vs {text:?}"
            );
            let re = Regex::new(&format!("^{}", convert(glob))).unwrap();
            assert_eq!(re.is_match(text), want, "regex {glob} vs {text:?}");
        }
    }
}
