//! Telling C++ headers from C headers by their code.

/// Whether a header holds C++ constructs in its code (not in comments,
/// strings or character literals): `namespace` followed by a name or `{`;
/// `template` followed by `<`; `class Name` followed by `{`, `:` (not `::`)
/// or `final`; or a `::` scope operator that is not part of `:::` and is
/// followed by a name or `~`.
///
/// This is a heuristic for `.h` files. It is built to stay quiet on the
/// Linux kernel's C: inline-assembly operand lists (`asm("" ::: "memory")`,
/// `asm("…" :: "r"(x))`) and struct fields named `class` are not C++, and
/// neither are C23 attributes such as `[[gnu::unused]]`.
#[must_use]
pub fn looks_like_cpp(buf: &[u8]) -> bool {
    use memchr::memmem::find;
    // Most C headers contain none of the words: skip the lexer for them.
    if find(buf, b"::").is_none()
        && find(buf, b"namespace").is_none()
        && find(buf, b"template").is_none()
        && find(buf, b"class").is_none()
    {
        return false;
    }
    let n = buf.len();
    let mut i = 0;
    while i < n {
        let b = buf[i];
        match b {
            b'/' if buf.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &buf[i..]).map_or(n, |j| i + j);
            }
            b'/' if buf.get(i + 1) == Some(&b'*') => {
                i = memchr::memmem::find(&buf[i + 2..], b"*/").map_or(n, |j| i + 2 + j + 2);
            }
            b'"' | b'\'' => i = skip_literal(buf, i),
            b':' if buf.get(i + 1) == Some(&b':') => {
                let run = buf[i..].iter().take_while(|&&c| c == b':').count();
                if run == 2 {
                    let after = buf.get(i + 2).copied();
                    let names =
                        after.is_some_and(|c| c.is_ascii_alphabetic() || c == b'_' || c == b'~');
                    if names && !after_c23_attribute_prefix(buf, i) {
                        return true;
                    }
                }
                i += run;
            }
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                let end = ident_end(buf, i);
                let word = &buf[i..end];
                let next = skip_ws(buf, end);
                let next_b = buf.get(next).copied();
                match word {
                    b"namespace"
                        if next_b
                            .is_some_and(|c| c == b'{' || c.is_ascii_alphabetic() || c == b'_') =>
                    {
                        return true;
                    }
                    b"template" if next_b == Some(b'<') => return true,
                    b"class" if next_b.is_some_and(|c| c.is_ascii_alphabetic() || c == b'_') => {
                        let name_end = ident_end(buf, next);
                        let after = skip_ws(buf, name_end);
                        match buf.get(after) {
                            Some(b'{') => return true,
                            Some(b':') if buf.get(after + 1) != Some(&b':') => return true,
                            Some(_) if buf[after..].starts_with(b"final") => return true,
                            _ => {}
                        }
                    }
                    _ => {}
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    false
}

fn ident_end(buf: &[u8], from: usize) -> usize {
    buf[from..]
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
        .map_or(buf.len(), |j| from + j)
}

fn skip_ws(buf: &[u8], from: usize) -> usize {
    buf[from..]
        .iter()
        .position(|&c| !c.is_ascii_whitespace())
        .map_or(buf.len(), |j| from + j)
}

/// Skips a string or character literal starting at `at`; it ends at its
/// closing quote or, unterminated, at the end of the line. A `'` inside a
/// number (`1'000`) is skipped alone.
fn skip_literal(buf: &[u8], at: usize) -> usize {
    let q = buf[at];
    if q == b'\'' && at > 0 && buf[at - 1].is_ascii_alphanumeric() {
        return at + 1;
    }
    let mut j = at + 1;
    while j < buf.len() {
        match buf[j] {
            b'\\' => j += 2,
            b'\n' => return j,
            c if c == q => return j + 1,
            _ => j += 1,
        }
    }
    buf.len()
}

/// Whether the `::` at `at` follows a vendor prefix of a C23 attribute
/// (`[[gnu::unused]]`).
fn after_c23_attribute_prefix(buf: &[u8], at: usize) -> bool {
    let start = buf[..at]
        .iter()
        .rposition(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
        .map_or(0, |p| p + 1);
    matches!(&buf[start..at], b"gnu" | b"clang" | b"gsl" | b"msvc") && buf[..start].ends_with(b"[[")
}
