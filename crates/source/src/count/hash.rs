//! `#`-comment languages: shell, awk, YAML, TOML, Kconfig, make, Python, Perl.
//!
//! Only a line's first token decides whether it is a comment (a line with
//! code and a comment is code), so most languages need no string tracking.
//! What can carry a comment state across lines is handled per flavor:
//! make's backslash continuations, Python's triple-quoted strings and
//! Perl's POD blocks.

use ferrometer_model::Counts;

use super::{ends_with_backslash, first_non_ws, for_each_line, tally, HashFlavor, Kind};

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    /// A make comment continued by a trailing backslash.
    MakeCont,
    /// Perl POD, until `=cut`.
    Pod,
    /// Inside a Python triple-quoted string; `doc` when it is a docstring.
    Triple {
        quote: u8,
        doc: bool,
    },
}

pub(super) fn count(flavor: HashFlavor, buf: &[u8]) -> Counts {
    let mut c = Counts::default();
    let mut st = State::Normal;
    for_each_line(buf, |line| {
        tally(&mut c, classify_line(flavor, &mut st, line));
    });
    c
}

fn classify_line(flavor: HashFlavor, st: &mut State, line: &[u8]) -> Kind {
    let first = first_non_ws(line);
    match *st {
        State::MakeCont => {
            if first.is_none() || !ends_with_backslash(line) {
                *st = State::Normal;
            }
            return if first.is_some() {
                Kind::Comment
            } else {
                Kind::Blank
            };
        }
        State::Pod => {
            if line.starts_with(b"=cut") {
                *st = State::Normal;
            }
            return if first.is_some() {
                Kind::Comment
            } else {
                Kind::Blank
            };
        }
        State::Triple { .. } => return python_line(st, line),
        State::Normal => {}
    }
    let Some(first) = first else {
        return Kind::Blank;
    };
    match flavor {
        HashFlavor::Perl if line[0] == b'=' && line.get(1).is_some_and(u8::is_ascii_alphabetic) => {
            if !line.starts_with(b"=cut") {
                *st = State::Pod;
            }
            Kind::Comment
        }
        HashFlavor::Python => python_line(st, line),
        _ if line[first] == b'#' => {
            if flavor == HashFlavor::Make && ends_with_backslash(line) {
                *st = State::MakeCont;
            }
            Kind::Comment
        }
        _ => Kind::Code,
    }
}

/// One Python line: comments, one-line strings, and triple-quoted strings
/// that may open or close on it. A triple-quoted string that starts a
/// statement is a docstring, and its lines are comments.
fn python_line(st: &mut State, line: &[u8]) -> Kind {
    let Some(first) = first_non_ws(line) else {
        return Kind::Blank;
    };
    let (mut code, mut comment) = (false, false);
    let mut i = 0;
    let n = line.len();
    while i < n {
        match *st {
            State::Triple { quote, doc } => {
                let close = [quote; 3];
                let mut j = i;
                let mut end = None;
                while j < n {
                    if line[j] == b'\\' {
                        j += 2;
                    } else if line[j..].starts_with(&close) {
                        end = Some(j + 3);
                        break;
                    } else {
                        j += 1;
                    }
                }
                if doc {
                    comment = true;
                } else {
                    code = true;
                }
                match end {
                    Some(e) => {
                        *st = State::Normal;
                        i = e;
                    }
                    None => i = n,
                }
            }
            _ => {
                let b = line[i];
                if super::is_ws(b) {
                    i += 1;
                } else if b == b'#' {
                    comment = true;
                    i = n;
                } else if b == b'"' || b == b'\'' {
                    if line[i..].starts_with(&[b; 3]) {
                        // A docstring stands alone at the start of its statement.
                        let doc = i == first && !code;
                        *st = State::Triple { quote: b, doc };
                        i += 3;
                    } else {
                        code = true;
                        i += 1;
                        while i < n && line[i] != b {
                            i += if line[i] == b'\\' { 2 } else { 1 };
                        }
                        i += 1;
                    }
                } else {
                    code = true;
                    i += 1;
                }
            }
        }
    }
    if code {
        Kind::Code
    } else if comment {
        Kind::Comment
    } else {
        Kind::Code
    }
}
