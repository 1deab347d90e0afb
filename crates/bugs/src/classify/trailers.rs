//! Trailers and ids: `Fixes:`, `Cc: stable`, `Reported-by:`, `Closes:`,
//! tracker `Link:`s, GitHub `Fixes #12`, and CVE ids.
//!
//! These are structure, not wording, so they are parsed here rather than
//! matched by rules. A trailer is a line that starts (after blanks) with its
//! key; it may stand anywhere in the message, as kernel trailers sometimes do.

use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};

use super::verdict::{FixesRef, Signal};

/// A recognised trailer line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    pub signal: Signal,
    pub rule: &'static str,
    /// Byte span of the line (continuation lines included for `Fixes:`).
    pub start: usize,
    pub end: usize,
}

/// Everything the trailer scan found.
#[derive(Debug, Default)]
pub(crate) struct Trailers {
    /// Parsed `Fixes: <sha>` trailers.
    pub fixes: Vec<FixesRef>,
    /// A `Fixes:` line naming a commit (even one with a short id).
    pub fixes_line: bool,
    pub cc_stable: bool,
    pub reported: bool,
    pub bug_link: bool,
    /// Recognised lines, in order.
    pub lines: Vec<Line>,
}

/// Scans `lower` (the ASCII-lower-cased message) for trailers; `orig` is
/// the message itself, for the text of `Fixes:` subjects.
pub(crate) fn scan(orig: &[u8], lower: &[u8], trackers: &[String]) -> Trailers {
    let mut t = Trailers::default();
    let spans = line_spans(lower);
    let mut i = 0;
    while i < spans.len() {
        let (ls, le) = spans[i];
        let line = &lower[ls..le];
        let lead = line.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let body = &line[lead..];
        let push = |t: &mut Trailers, signal, rule, end| {
            t.lines.push(Line {
                signal,
                rule,
                start: ls,
                end,
            });
        };
        if let Some(value) = strip_key(body, b"fixes:") {
            let value_at = le - value.len();
            if let Some((fix, extra)) = parse_fixes(orig, value_at, &spans[i..]) {
                let end = spans[i + extra].1;
                t.fixes_line = true;
                if let Some(fix) = fix {
                    t.fixes.push(fix);
                }
                push(&mut t, Signal::FixesTag, "fixes-trailer", end);
                i += extra + 1;
                continue;
            }
            if is_issue_ref(value) {
                t.bug_link = true;
                push(&mut t, Signal::BugLink, "fixes-issue", le);
            }
        } else if starts_with_any(
            body,
            &[
                b"fix #",
                b"fixes #",
                b"fixed #",
                b"resolves #",
                b"resolve #",
                b"resolved #",
            ],
        ) || github_issue_close(body)
        {
            t.bug_link = true;
            push(&mut t, Signal::BugLink, "fixes-issue", le);
        } else if let Some(value) = strip_key(body, b"cc:") {
            if memchr::memmem::find(value, b"stable@vger.kernel.org").is_some()
                || memchr::memmem::find(value, b"stable@kernel.org").is_some()
            {
                t.cc_stable = true;
                push(&mut t, Signal::Stable, "cc-stable", le);
            }
        } else if body.starts_with(b"reported-") && has_key_colon(body, b"-by:") {
            t.reported = true;
            push(&mut t, Signal::ReportedBy, "reported-by", le);
        } else if let Some(value) = strip_key(body, b"closes:") {
            if !value.trim_ascii().is_empty() {
                t.bug_link = true;
                push(&mut t, Signal::BugLink, "closes-trailer", le);
            }
        } else if let Some(value) =
            strip_any_key(body, &[b"bug:", b"buglink:", b"bugzilla:", b"bug-url:"])
        {
            // `Bug: 123456` or `Bug: https://…`, not an oops (`BUG: KASAN: …`).
            let value = value.trim_ascii();
            if value
                .first()
                .is_some_and(|b| b.is_ascii_digit() || *b == b'#')
                || value.starts_with(b"http")
            {
                t.bug_link = true;
                push(&mut t, Signal::BugLink, "bug-trailer", le);
            }
        } else if let Some(value) = strip_any_key(body, &[b"link:", b"references:", b"see:"]) {
            if trackers
                .iter()
                .any(|tr| memchr::memmem::find(value, tr.as_bytes()).is_some())
            {
                t.bug_link = true;
                push(&mut t, Signal::BugLink, "tracker-link", le);
            }
        }
        i += 1;
    }
    t
}

/// CVE ids in `lower`, upper-cased, deduplicated, in order, with the span
/// of each first mention.
pub(crate) fn cves(lower: &[u8]) -> Vec<(String, usize, usize)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    static CVE: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let mut out: Vec<(String, usize, usize)> = Vec::new();
    let cve = CVE.get_or_init(|| memchr::memmem::Finder::new(b"cve-"));
    if cve.find(lower).is_none() {
        return out;
    }
    let re = RE.get_or_init(|| {
        RegexBuilder::new(r"\bcve-(\d{4})-(\d{4,7})\b")
            .unicode(false)
            .build()
            .expect("the CVE pattern is valid")
    });
    for m in re.find_iter(lower) {
        let id = String::from_utf8_lossy(m.as_bytes()).to_ascii_uppercase();
        if !out.iter().any(|(seen, _, _)| *seen == id) {
            out.push((id, m.start(), m.end()));
        }
    }
    out
}

/// Start and end (without the `\n`) of every line.
fn line_spans(text: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', text) {
        spans.push((start, nl));
        start = nl + 1;
    }
    if start < text.len() {
        spans.push((start, text.len()));
    }
    spans
}

fn strip_key<'a>(line: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    line.strip_prefix(key)
}

fn strip_any_key<'a>(line: &'a [u8], keys: &[&[u8]]) -> Option<&'a [u8]> {
    keys.iter().find_map(|k| line.strip_prefix(*k))
}

fn starts_with_any(line: &[u8], prefixes: &[&[u8]]) -> bool {
    prefixes.iter().any(|p| line.starts_with(p))
}

/// `reported-and-tested-by:` and friends: a `-by:` before any blank.
fn has_key_colon(line: &[u8], suffix: &[u8]) -> bool {
    let key_len = line.iter().take_while(|b| !b.is_ascii_whitespace()).count();
    line[..key_len].ends_with(suffix)
}

/// `Fixes: #12`, `Fixes: https://github.com/o/r/issues/12`, `Fixes: o/r#12`.
fn is_issue_ref(value: &[u8]) -> bool {
    let v = value.trim_ascii();
    (v.first() == Some(&b'#') && v.get(1).is_some_and(u8::is_ascii_digit))
        || memchr::memmem::find(v, b"/issues/").is_some()
        || memchr::memmem::find(v, b"bugzilla").is_some()
        || v.split(u8::is_ascii_whitespace)
            .next()
            .is_some_and(|w| w.contains(&b'#') && w.last().is_some_and(u8::is_ascii_digit))
}

/// `fixes https://github.com/o/r/issues/12` (GitHub's closing keywords with a URL).
fn github_issue_close(line: &[u8]) -> bool {
    starts_with_any(
        line,
        &[b"fix ", b"fixes ", b"fixed ", b"resolves ", b"resolve "],
    ) && memchr::memmem::find(line, b"/issues/").is_some()
}

/// Parses the value of a `Fixes:` line that starts at `value_at` in `orig`.
/// `spans` are the line spans from this line on. Returns the reference (none
/// when the id is shorter than 8 hex digits) and how many continuation lines
/// the subject took; `None` when the value does not start with a commit id.
fn parse_fixes(
    orig: &[u8],
    value_at: usize,
    spans: &[(usize, usize)],
) -> Option<(Option<FixesRef>, usize)> {
    let first_end = spans[0].1;
    let mut value = orig[value_at..first_end].trim_ascii();
    if value.len() > 7 && value[..7].eq_ignore_ascii_case(b"commit ") {
        value = value[7..].trim_ascii_start();
    }
    let n_hex = value.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    if !(7..=40).contains(&n_hex)
        || value
            .get(n_hex)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        return None;
    }
    let sha = String::from_utf8_lossy(&value[..n_hex]).to_ascii_lowercase();
    let rest = value[n_hex..].trim_ascii();
    // A subject in parentheses may wrap onto the next lines: follow it until
    // the closing `)` (at most three lines).
    let mut subject = String::from_utf8_lossy(rest).into_owned();
    let mut extra = 0;
    if subject.starts_with('(') && !subject.trim_end().ends_with(')') {
        while extra < 3 && extra + 1 < spans.len() {
            let (s, e) = spans[extra + 1];
            let next = String::from_utf8_lossy(orig[s..e].trim_ascii()).into_owned();
            if next.is_empty() {
                break;
            }
            extra += 1;
            subject.push(' ');
            subject.push_str(&next);
            if next.ends_with(')') {
                break;
            }
        }
    }
    let subject = clean_subject(&subject);
    let fix = (n_hex >= 8).then_some(FixesRef { sha, subject });
    Some((fix, extra))
}

/// Strips the `("…")` around a fixed commit's subject, tolerating a missing
/// parenthesis or quote.
fn clean_subject(raw: &str) -> Option<String> {
    let mut s = raw.trim();
    if let Some(inner) = s.strip_prefix('(') {
        s = inner.strip_suffix(')').unwrap_or(inner).trim();
    }
    for (open, close) in [('"', '"'), ('\u{201c}', '\u{201d}'), ('\'', '\'')] {
        if let Some(inner) = s.strip_prefix(open) {
            s = inner.strip_suffix(close).unwrap_or(inner).trim();
            break;
        }
    }
    let s = s.strip_suffix('"').unwrap_or(s).trim();
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixes(msg: &str) -> Vec<FixesRef> {
        scan(msg.as_bytes(), msg.to_ascii_lowercase().as_bytes(), &[]).fixes
    }

    fn one(sha: &str, subject: Option<&str>) -> Vec<FixesRef> {
        vec![FixesRef {
            sha: sha.to_string(),
            subject: subject.map(str::to_string),
        }]
    }

    #[test]
    fn fixes_canonical() {
        assert_eq!(
            fixes("x\n\nFixes: 0a1b2c3d4e5f (\"zap: add frob support\")\n"),
            one("0a1b2c3d4e5f", Some("zap: add frob support"))
        );
    }

    #[test]
    fn fixes_variants() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "Fixes: 0A1B2C3D4E5F (\"upper case id\")",
                "0a1b2c3d4e5f",
                Some("upper case id"),
            ),
            (
                "fixes: 0a1b2c3d (\"lower-case key, 8 digits\")",
                "0a1b2c3d",
                Some("lower-case key, 8 digits"),
            ),
            (
                "Fixes: 0a1b2c3d4e5f (zap: no quotes)",
                "0a1b2c3d4e5f",
                Some("zap: no quotes"),
            ),
            (
                "Fixes: 0a1b2c3d4e5f \"zap: no parens\"",
                "0a1b2c3d4e5f",
                Some("zap: no parens"),
            ),
            (
                "Fixes: 0a1b2c3d4e5f zap: bare words",
                "0a1b2c3d4e5f",
                Some("zap: bare words"),
            ),
            ("Fixes: 0a1b2c3d4e5f", "0a1b2c3d4e5f", None),
            (
                "Fixes: 0a1b2c3d4e5f (\"zap: open paren (inner) kept\")",
                "0a1b2c3d4e5f",
                Some("zap: open paren (inner) kept"),
            ),
            (
                "Fixes: 0a1b2c3d4e5f (\"zap: missing close quote)",
                "0a1b2c3d4e5f",
                Some("zap: missing close quote"),
            ),
            (
                "Fixes: commit 0a1b2c3d4e5f (\"zap: with commit word\")",
                "0a1b2c3d4e5f",
                Some("zap: with commit word"),
            ),
            (
                "  Fixes:  0a1b2c3d4e5f   (\"indented\")  ",
                "0a1b2c3d4e5f",
                Some("indented"),
            ),
            (
                "Fixes: 0123456789abcdef0123456789abcdef01234567 (\"full id\")",
                "0123456789abcdef0123456789abcdef01234567",
                Some("full id"),
            ),
        ];
        for (line, sha, subject) in cases {
            let msg = format!("subj\n\n{line}\n");
            assert_eq!(fixes(&msg), one(sha, *subject), "{line}");
        }
    }

    #[test]
    fn fixes_wrapped_subject() {
        let msg = "s\n\nFixes: 0a1b2c3d4e5f (\"zap: a subject so long that\n  it wraps\")\nSigned-off-by: A <a@b>\n";
        assert_eq!(
            fixes(msg),
            one("0a1b2c3d4e5f", Some("zap: a subject so long that it wraps"))
        );
    }

    #[test]
    fn fixes_rejects_non_ids() {
        for line in [
            "Fixes: 0a1b2c3 (\"seven digits\")",
            "Fixes: the build on arm",
            "Fixes: 0a1b2c3d4e5fzz",
            "Fixes: #1234",
            "This fixes: 0a1b2c3d4e5f",
        ] {
            let msg = format!("s\n\n{line}\n");
            assert!(fixes(&msg).is_empty(), "{line}");
        }
        // Seven digits still mark the line as a Fixes: trailer.
        let t = scan(
            b"s\n\nFixes: 0a1b2c3 (\"x\")\n",
            b"s\n\nfixes: 0a1b2c3 (\"x\")\n",
            &[],
        );
        assert!(t.fixes_line);
    }

    #[test]
    fn several_fixes_in_order() {
        let msg = "s\n\nFixes: 1111aaaa2222 (\"one\")\nFixes: 3333bbbb4444 (\"two\")\n";
        let f = fixes(msg);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].sha, "1111aaaa2222");
        assert_eq!(f[1].subject.as_deref(), Some("two"));
    }

    fn flags(msg: &str) -> (bool, bool, bool) {
        let t = scan(
            msg.as_bytes(),
            msg.to_ascii_lowercase().as_bytes(),
            &["bugzilla".to_string()],
        );
        (t.cc_stable, t.reported, t.bug_link)
    }

    #[test]
    fn other_trailers() {
        assert_eq!(
            flags("s\n\nCc: stable@vger.kernel.org # 6.1+\n"),
            (true, false, false)
        );
        assert_eq!(
            flags("s\n\nCc: <stable@vger.kernel.org>\n"),
            (true, false, false)
        );
        assert_eq!(flags("s\n\nCC: stable@kernel.org\n"), (true, false, false));
        assert_eq!(
            flags("s\n\nCc: netdev@vger.kernel.org\n"),
            (false, false, false)
        );
        assert_eq!(
            flags("s\n\nReported-by: Ann Example <ann@example.org>\n"),
            (false, true, false)
        );
        assert_eq!(
            flags("s\n\nReported-and-tested-by: Bo <bo@example.org>\n"),
            (false, true, false)
        );
        assert_eq!(
            flags("s\n\nCloses: https://lore.example.org/r/123\n"),
            (false, false, true)
        );
        assert_eq!(
            flags("s\n\nLink: https://bugzilla.example.org/show_bug.cgi?id=4\n"),
            (false, false, true)
        );
        assert_eq!(
            flags("s\n\nLink: https://lore.example.org/r/20240101.abc@host\n"),
            (false, false, false)
        );
        assert_eq!(flags("s\n\nFixes #4321\n"), (false, false, true));
        assert_eq!(flags("s\n\nBug: 123456\n"), (false, false, true));
        assert_eq!(
            flags("s\n\nBUG: KASAN: slab-out-of-bounds in f\n"),
            (false, false, false)
        );
        assert_eq!(
            flags("s\n\nfixes https://github.com/o/r/issues/9\n"),
            (false, false, true)
        );
        assert_eq!(flags("s\n\nFixes: #77\n"), (false, false, true));
        // curl-style PR references are not bug links.
        assert_eq!(flags("s\n\nCloses #1234\n"), (false, false, false));
    }

    #[test]
    fn cve_ids() {
        let text =
            b"fix cve-2024-12345 and CVE-2021-0001; see cve-2024-12345 again. xcve-2020-1111";
        let lower = text.to_ascii_lowercase();
        let ids: Vec<String> = cves(&lower).into_iter().map(|(id, _, _)| id).collect();
        assert_eq!(ids, ["CVE-2024-12345", "CVE-2021-0001"]);
        assert!(cves(b"no ids here, cve-12-34").is_empty());
    }
}
