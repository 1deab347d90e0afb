//! The C-family state machine: C, C++, Assembly (through cpp) and Rust.

use ferrometer_model::Counts;

use super::{ends_with_backslash, first_non_ws, for_each_line, has_non_ws, is_ws, tally, Kind};

/// Which members of the C family are read.
#[derive(Clone, Copy, Debug)]
pub(super) struct Dialect {
    pub rust: bool,
    pub cpp: bool,
    pub asm: bool,
}

/// What carries over from one line to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Code,
    /// Inside `/* */`; `depth` counts Rust's nesting.
    Block {
        depth: u32,
        doc: bool,
    },
    /// A `//` comment continued by a trailing backslash (C only).
    LineCont,
    /// Inside `"…"`.
    Str,
    /// Inside a Rust raw string closed by `"` and this many `#`.
    RawRust {
        hashes: u32,
    },
    /// Inside a C++ raw string closed by `)`, the delimiter, then `"`.
    RawCpp {
        delim: [u8; 16],
        len: u8,
    },
}

pub(super) fn count(d: Dialect, buf: &[u8]) -> Counts {
    let mut c = Counts::default();
    let mut st = State::Code;
    for_each_line(buf, |line| tally(&mut c, classify_line(d, &mut st, line)));
    c
}

/// Directives that may follow `# ` in a preprocessed assembly file; any
/// other `# word` line is a gas comment.
const DIRECTIVES: &[&[u8]] = &[
    b"define",
    b"undef",
    b"include",
    b"if",
    b"ifdef",
    b"ifndef",
    b"elif",
    b"else",
    b"endif",
    b"error",
    b"warning",
    b"pragma",
    b"line",
    b"include_next",
    b"elifdef",
    b"elifndef",
];

#[inline]
fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Classifies one line, advancing the state.
fn classify_line(d: Dialect, st: &mut State, line: &[u8]) -> Kind {
    let Some(first) = first_non_ws(line) else {
        // A whitespace-only line belongs to the comment or string it lies
        // in (it is part of that text); elsewhere it is blank. It still
        // ends what cannot continue past it.
        return match *st {
            State::Code => Kind::Blank,
            State::LineCont => {
                *st = State::Code;
                Kind::Blank
            }
            State::Block { doc: true, .. } => Kind::Doc,
            State::Block { doc: false, .. } => Kind::Comment,
            State::Str if !d.rust => {
                *st = State::Code;
                Kind::Code
            }
            State::Str | State::RawRust { .. } | State::RawCpp { .. } => Kind::Code,
        };
    };
    let n = line.len();
    let (mut code, mut comment, mut doc) = (false, false, false);
    let mut i = 0;

    if d.asm && *st == State::Code {
        match line[first] {
            b';' => return Kind::Comment,
            b'#' if asm_hash_comment(&line[first + 1..]) => return Kind::Comment,
            _ => {}
        }
    }

    while i < n {
        match *st {
            State::LineCont => {
                comment = true;
                if !ends_with_backslash(line) {
                    *st = State::Code;
                }
                i = n;
            }
            State::Block { depth, doc: d_doc } => {
                let rest = &line[i..];
                let found = if d.rust {
                    memchr::memchr2(b'*', b'/', rest)
                } else {
                    memchr::memchr(b'*', rest)
                };
                // Any byte seen inside a comment is comment text, delimiters included.
                comment = true;
                doc |= d_doc;
                match found {
                    None => i = n,
                    Some(j) => {
                        let at = i + j;
                        let next = line.get(at + 1).copied();
                        if line[at] == b'*' && next == Some(b'/') {
                            *st = if depth <= 1 {
                                State::Code
                            } else {
                                State::Block {
                                    depth: depth - 1,
                                    doc: d_doc,
                                }
                            };
                            i = at + 2;
                        } else if line[at] == b'/' && next == Some(b'*') {
                            *st = State::Block {
                                depth: depth.saturating_add(1),
                                doc: d_doc,
                            };
                            i = at + 2;
                        } else {
                            i = at + 1;
                        }
                    }
                }
            }
            State::Str => {
                code = true;
                match memchr::memchr2(b'"', b'\\', &line[i..]) {
                    None => {
                        // A C string ends at the end of its line unless it is
                        // continued; a Rust string runs on.
                        if !d.rust {
                            *st = State::Code;
                        }
                        i = n;
                    }
                    Some(j) => {
                        let at = i + j;
                        if line[at] == b'"' {
                            *st = State::Code;
                            i = at + 1;
                        } else if at + 1 >= n || (line[at + 1] == b'\r' && at + 2 >= n) {
                            // Backslash-newline: the string goes on.
                            i = n;
                        } else {
                            i = at + 2;
                        }
                    }
                }
            }
            State::RawRust { hashes } => {
                code = true;
                match memchr::memchr(b'"', &line[i..]) {
                    None => i = n,
                    Some(j) => {
                        let at = i + j;
                        let h = hashes as usize;
                        if line.len() >= at + 1 + h
                            && line[at + 1..at + 1 + h].iter().all(|&b| b == b'#')
                        {
                            *st = State::Code;
                            i = at + 1 + h;
                        } else {
                            i = at + 1;
                        }
                    }
                }
            }
            State::RawCpp { delim, len } => {
                code = true;
                match memchr::memchr(b')', &line[i..]) {
                    None => i = n,
                    Some(j) => {
                        let at = i + j;
                        let l = len as usize;
                        let tail = &line[at + 1..];
                        if tail.len() > l && tail[..l] == delim[..l] && tail[l] == b'"' {
                            *st = State::Code;
                            i = at + l + 2;
                        } else {
                            i = at + 1;
                        }
                    }
                }
            }
            State::Code => {
                let rest = &line[i..];
                let found = if d.asm {
                    memchr::memchr2(b'/', b'"', rest)
                } else {
                    memchr::memchr3(b'/', b'"', b'\'', rest)
                };
                let end = found.map_or(n, |j| i + j);
                if !code && has_non_ws(&line[i..end]) {
                    code = true;
                }
                if found.is_none() {
                    i = n;
                    continue;
                }
                let at = end;
                match line[at] {
                    b'/' => match line.get(at + 1) {
                        Some(b'/') => {
                            comment = true;
                            if d.rust {
                                let a = line.get(at + 2).copied();
                                let b = line.get(at + 3).copied();
                                doc |= (a == Some(b'/') && b != Some(b'/')) || a == Some(b'!');
                            } else if ends_with_backslash(line) {
                                *st = State::LineCont;
                            }
                            i = n;
                        }
                        Some(b'*') => {
                            comment = true;
                            let a = line.get(at + 2).copied();
                            let b = line.get(at + 3).copied();
                            let is_doc = d.rust
                                && ((a == Some(b'*') && !matches!(b, Some(b'*' | b'/')))
                                    || a == Some(b'!'));
                            doc |= is_doc;
                            *st = State::Block {
                                depth: 1,
                                doc: is_doc,
                            };
                            i = at + 2;
                        }
                        _ => {
                            code = true;
                            i = at + 1;
                        }
                    },
                    b'"' => {
                        code = true;
                        *st = open_string(d, line, at);
                        i = at + 1;
                        if let State::RawCpp { len, .. } = *st {
                            // Skip the delimiter and its `(`.
                            i = at + 2 + len as usize;
                        }
                    }
                    _ => {
                        code = true;
                        i = if d.rust {
                            rust_quote(line, at)
                        } else {
                            c_quote(line, at)
                        };
                    }
                }
            }
        }
    }
    if *st == State::Str && !d.rust && !ends_with_backslash(line) {
        *st = State::Code;
    }
    if code {
        Kind::Code
    } else if doc {
        Kind::Doc
    } else if comment {
        Kind::Comment
    } else {
        Kind::Code
    }
}

/// Whether the text after a leading `#` makes an assembly line a comment:
/// `#` then whitespace or nothing, and not a `# define`-style directive.
fn asm_hash_comment(after: &[u8]) -> bool {
    match after.first() {
        None => true,
        Some(&b) if is_ws(b) => {
            let word_start = first_non_ws(after).unwrap_or(after.len());
            let word = &after[word_start..];
            let word_end = word
                .iter()
                .position(|&b| !is_ident(b))
                .unwrap_or(word.len());
            !DIRECTIVES.contains(&&word[..word_end])
        }
        Some(_) => false,
    }
}

/// The state a `"` at `at` opens: a plain string, or a raw string when a
/// raw prefix stands right before it.
fn open_string(d: Dialect, line: &[u8], at: usize) -> State {
    let before = &line[..at];
    if d.rust {
        // r"…", r#"…"#, br##"…"##, cr"…": hashes, an `r`, maybe `b`/`c`, and
        // no identifier byte before the prefix.
        let hashes = before.iter().rev().take_while(|&&b| b == b'#').count();
        let pre = &before[..before.len() - hashes];
        if pre.last() == Some(&b'r') {
            let mut k = pre.len() - 1;
            if k > 0 && matches!(pre[k - 1], b'b' | b'c') {
                k -= 1;
            }
            if k == 0 || !is_ident(pre[k - 1]) {
                return State::RawRust {
                    hashes: u32::try_from(hashes).unwrap_or(u32::MAX),
                };
            }
        }
        return State::Str;
    }
    if d.cpp && before.last() == Some(&b'R') {
        let mut k = before.len() - 1;
        if k >= 2 && &before[k - 2..k] == b"u8" {
            k -= 2;
        } else if k >= 1 && matches!(before[k - 1], b'u' | b'U' | b'L') {
            k -= 1;
        }
        if k == 0 || !is_ident(before[k - 1]) {
            // The delimiter: up to 16 characters before `(`, none of them
            // space, parenthesis or backslash.
            let after = &line[at + 1..];
            if let Some(p) = after.iter().take(17).position(|&b| b == b'(') {
                let delim = &after[..p];
                if delim
                    .iter()
                    .all(|&b| !matches!(b, b' ' | b'(' | b')' | b'\\' | b'\t'))
                {
                    let mut buf = [0u8; 16];
                    buf[..p].copy_from_slice(delim);
                    return State::RawCpp {
                        delim: buf,
                        len: u8::try_from(p).unwrap_or(16),
                    };
                }
            }
        }
    }
    State::Str
}

/// Where code continues after a `'` at `at` in C: past a character literal,
/// or past the quote alone when it is a digit separator (`1'000`) or a
/// stray apostrophe with no closing quote on the line.
fn c_quote(line: &[u8], at: usize) -> usize {
    // A digit separator: the token before the quote is a number.
    let tok_start = line[..at]
        .iter()
        .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'\'' || b == b'.'))
        .map_or(0, |p| p + 1);
    if tok_start < at && line[tok_start].is_ascii_digit() {
        return at + 1;
    }
    let mut j = at + 1;
    while j < line.len() {
        match line[j] {
            b'\\' => j += 2,
            b'\'' => return j + 1,
            _ => j += 1,
        }
    }
    at + 1
}

/// Where code continues after a `'` at `at` in Rust: past a character
/// literal (`'a'`, `'\''`, `'\u{1F600}'`, `b'"'`), or past the quote alone
/// for a lifetime or label (`'a`, `'static`).
fn rust_quote(line: &[u8], at: usize) -> usize {
    match line.get(at + 1) {
        Some(b'\\') => {
            // An escape: the literal closes at the next quote after the escaped byte.
            let from = at + 3;
            match line.get(from..).and_then(|s| memchr::memchr(b'\'', s)) {
                Some(j) => from + j + 1,
                None => at + 1,
            }
        }
        Some(&b) => {
            let len = utf8_len(b);
            if line.get(at + 1 + len) == Some(&b'\'') {
                at + 2 + len
            } else {
                at + 1
            }
        }
        None => at + 1,
    }
}

/// The length of the UTF-8 sequence a leading byte starts (1 for anything
/// that is not a valid leading byte).
fn utf8_len(b: u8) -> usize {
    match b {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}
