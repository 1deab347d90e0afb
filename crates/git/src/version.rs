//! Version order of tag names, and pre-release detection.
//!
//! Tags are compared like `git tag --sort=version:refname` with
//! `versionsort.suffix=-rc` and friends: digit runs compare as numbers
//! (`v6.9 < v6.10 < v6.10.1`) and a pre-release sorts before its release
//! (`v1.0-rc1 < v1.0`, `2.2b1 < 2.2.0`).
//!
//! ```
//! use ferrometer_git::version::{compare, is_prerelease};
//! let mut tags = vec!["v6.10", "v6.10-rc2", "v6.9", "v6.10.1"];
//! tags.sort_by(|a, b| compare(a, b));
//! assert_eq!(tags, ["v6.9", "v6.10-rc2", "v6.10", "v6.10.1"]);
//! assert!(is_prerelease("v6.10-rc2") && !is_prerelease("v6.10"));
//! ```

use std::cmp::Ordering;

/// Words that start a pre-release suffix (`-rc1`, `.beta`, `-pre2`, `-dev`).
const MARKERS: [&str; 6] = ["rc", "alpha", "beta", "pre", "preview", "dev"];

/// Whether a tag name is a pre-release: a `rc`, `alpha`, `beta`, `pre`,
/// `preview` or `dev` suffix after the first number (`v6.1-rc3`, `1.0.0-beta.2`,
/// `v1.0rc1`), or a Python-style `a`/`b` between numbers (`2.2b1`).
#[must_use]
pub fn is_prerelease(name: &str) -> bool {
    split(name).1.is_some()
}

/// Orders two tag names by version, then bytewise to break ties.
#[must_use]
pub fn compare(a: &str, b: &str) -> Ordering {
    let (a_release, a_pre) = split(a);
    let (b_release, b_pre) = split(b);
    natural(a_release.as_bytes(), b_release.as_bytes())
        .then_with(|| match (a_pre, b_pre) {
            (None, None) => Ordering::Equal,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(x), Some(y)) => natural(&normalize(x), &normalize(y)),
        })
        .then_with(|| a.cmp(b))
}

/// A run of digits or a run of other bytes.
fn runs(s: &[u8]) -> impl Iterator<Item = &[u8]> + '_ {
    let mut rest = s;
    std::iter::from_fn(move || {
        let first = rest.first()?;
        let digit = first.is_ascii_digit();
        let len = rest
            .iter()
            .position(|c| c.is_ascii_digit() != digit)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(len);
        rest = tail;
        Some(run)
    })
}

fn is_separator(c: u8) -> bool {
    matches!(c, b'-' | b'.' | b'_' | b'+' | b'~')
}

/// Splits a name into its release part and its pre-release suffix, if any.
fn split(name: &str) -> (&str, Option<&str>) {
    let bytes = name.as_bytes();
    let mut offset = 0;
    let mut seen_digit = false;
    let mut prev_digit = false;
    let mut iter = runs(bytes).peekable();
    while let Some(run) = iter.next() {
        let start = offset;
        offset += run.len();
        if run[0].is_ascii_digit() {
            seen_digit = true;
            prev_digit = true;
            continue;
        }
        let was_after_digit = prev_digit;
        prev_digit = false;
        if !seen_digit {
            continue;
        }
        let word = trim_start(run, is_separator);
        let word_end = word
            .iter()
            .position(|&c| is_separator(c))
            .unwrap_or(word.len());
        let (word, tail) = word.split_at(word_end);
        let tail_is_separators = tail.iter().all(|&c| is_separator(c));
        let lower = word.to_ascii_lowercase();
        let marker = MARKERS.iter().any(|m| m.as_bytes() == lower.as_slice());
        let python_style = was_after_digit
            && (run == b"a" || run == b"b")
            && iter.peek().is_some_and(|next| next[0].is_ascii_digit());
        if (marker && tail_is_separators) || python_style {
            return (&name[..start], Some(&name[start..]));
        }
    }
    (name, None)
}

/// `s` without the leading bytes that `f` accepts.
fn trim_start(s: &[u8], f: fn(u8) -> bool) -> &[u8] {
    let n = s.iter().take_while(|&&c| f(c)).count();
    &s[n..]
}

/// A pre-release suffix without its leading separators, lower-cased, so
/// that `-rc2` and `.RC2` compare alike.
fn normalize(suffix: &str) -> Vec<u8> {
    trim_start(suffix.as_bytes(), is_separator).to_ascii_lowercase()
}

/// Compares digit runs as numbers and other runs bytewise; digits sort
/// before other text, and a prefix before what extends it.
fn natural(a: &[u8], b: &[u8]) -> Ordering {
    let mut a_runs = runs(a);
    let mut b_runs = runs(b);
    loop {
        let ord = match (a_runs.next(), b_runs.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => match (x[0].is_ascii_digit(), y[0].is_ascii_digit()) {
                (true, true) => numeric(x, y),
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                (false, false) => x.cmp(y),
            },
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
}

/// Compares two digit runs as numbers of any length.
fn numeric(a: &[u8], b: &[u8]) -> Ordering {
    let a = trim_start(a, |c| c == b'0');
    let b = trim_start(b, |c| c == b'0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::{compare, is_prerelease, split};

    #[test]
    fn prerelease_table() {
        let cases = [
            ("v6.1-rc3", true),
            ("v6.1", false),
            ("1.0.0-beta.2", true),
            ("1.0.0-alpha", true),
            ("v1.0rc1", true),
            ("v2.0.rc1", true),
            ("v2.0_RC1", true),
            ("v3.0-pre2", true),
            ("v3.0-preview", true),
            ("v3.0-dev", true),
            ("2.2b1", true),
            ("1.0a3", true),
            ("4.0b1", true),
            ("v2.6.11-tree", false),
            ("v1.0-precise", false),
            ("OpenBeta_r1", false),
            ("pre_ast_parser", false),
            ("release-1.0", false),
            ("v1.0-b", false),
            ("beta", false),
            ("", false),
        ];
        for (name, want) in cases {
            assert_eq!(is_prerelease(name), want, "{name}");
        }
    }

    #[test]
    fn split_keeps_separator_with_suffix() {
        assert_eq!(split("v6.1-rc3"), ("v6.1", Some("-rc3")));
        assert_eq!(split("2.2b1"), ("2.2", Some("b1")));
        assert_eq!(split("v6.1"), ("v6.1", None));
    }

    #[test]
    fn version_order_table() {
        // Each list is in the expected order; sorting any permutation must restore it.
        let lists: &[&[&str]] = &[
            &[
                "v6.9",
                "v6.10-rc1",
                "v6.10-rc2",
                "v6.10-rc10",
                "v6.10",
                "v6.10.1",
                "v6.11",
            ],
            &[
                "v1.0-alpha",
                "v1.0-beta",
                "v1.0-beta.2",
                "v1.0-pre",
                "v1.0-rc1",
                "v1.0",
            ],
            &["2.1.2", "2.2b1", "2.2.0", "2.3b1", "2.3b2", "2.3.0"],
            &["v1.0", "v1.0.0", "v1.00.1", "v1.1"],
            &["1.9", "1.10", "1.100", "10.0"],
            &["v2.6.11", "v2.6.11-tree", "v2.6.12-rc2", "v2.6.12"],
            &["v99999999999999999999", "v100000000000000000000"],
        ];
        for list in lists {
            let mut reversed: Vec<&str> = list.iter().rev().copied().collect();
            reversed.sort_by(|a, b| compare(a, b));
            assert_eq!(&reversed, list);
            let mut rotated: Vec<&str> = list.to_vec();
            rotated.rotate_left(list.len() / 2);
            rotated.sort_by(|a, b| compare(a, b));
            assert_eq!(&rotated, list);
        }
    }

    #[test]
    fn order_is_total_for_equal_versions() {
        assert!(compare("v01.0", "v1.0").is_lt());
        assert!(compare("v1.0", "v01.0").is_gt());
        assert!(compare("v1.0", "v1.0").is_eq());
        assert!(compare("v1.0-RC1", "v1.0-rc1").is_lt());
    }
}
