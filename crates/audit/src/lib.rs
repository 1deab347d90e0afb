//! Unsafe Rust, audited from the source alone: no cargo, no build graph, so
//! it works on the kernel tree as on any crate.
//!
//! [`Auditor::audit`] parses one file with tree-sitter-rust (comment
//! preserving, error tolerant) and returns every unsafe site (blocks, fns,
//! impls, traits, extern blocks, `#[unsafe(..)]` attributes, `static mut`),
//! whether each carries the documentation clippy asks for
//! (`undocumented_unsafe_blocks`, `missing_safety_doc`; see [`safety`]), the
//! calls that cross into C, and the line ranges inside unsafe blocks.
//!
//! Unsafe code inside `macro_rules!` bodies and macro arguments is found in
//! the token trees, which tree-sitter does not parse as code.
#![deny(missing_docs)]

mod items;
mod safety;
mod sites;

use ferrometer_model::unsafety::{FfiCall, Site};

pub use sites::Auditor;

/// What one Rust file holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileAudit {
    /// Unsafe sites, in source order.
    pub sites: Vec<Site>,
    /// Calls into C through `bindings::`, `ffi::`, `libc::` or a `*_sys` crate.
    pub ffi: Vec<FfiCall>,
    /// Calls in unsafe code to a plain or module path: calls into C when an
    /// `extern` block of the same crate declares the name (decided by the
    /// caller, who sees the whole crate).
    pub maybe_extern: Vec<FfiCall>,
    /// Names of the functions this file's `extern` blocks declare, sorted, each once.
    pub extern_fns: Vec<String>,
    /// Byte ranges of whole lines inside outermost unsafe blocks, sorted and merged.
    pub unsafe_ranges: Vec<(usize, usize)>,
    /// `// INVARIANT:` comments (the kernel's note on a type invariant kept).
    pub invariant_comments: u32,
    /// `// SAFETY:` comments anywhere in the file.
    pub safety_comments: u32,
    /// The first place the parser could not read, 1-based line and column;
    /// the counts come from the rest of the tree.
    pub parse_error: Option<(u32, u32)>,
    /// The file holds none of the words an unsafe site needs, so it was not parsed.
    pub skipped: bool,
    /// Bytes given to the parser: the whole file, or only the items that can
    /// hold a site (see `items`; `extern` blocks of declarations are read by
    /// the lexer), or none when skipped or when the lexer read it all.
    pub parsed_bytes: u64,
}

/// Counts the comment lines that carry a marker (`SAFETY:`, `INVARIANT:`):
/// lines whose comment text starts with it, after `//`, `///`, `/*` or `*`.
fn count_marker_comments(src: &[u8], marker: &[u8]) -> u32 {
    let finder = memchr::memmem::Finder::new(marker);
    let mut n = 0;
    let mut last_line_start = usize::MAX;
    for at in finder.find_iter(src) {
        let line_start = memchr::memrchr(b'\n', &src[..at]).map_or(0, |i| i + 1);
        if line_start == last_line_start {
            continue;
        }
        let before = src[line_start..at].trim_ascii_start();
        let lead = before
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        let opener = &before[..before.len() - lead];
        if matches!(opener, b"//" | b"///" | b"//!" | b"/*" | b"*" | b"/**") {
            n += 1;
            last_line_start = line_start;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_comments() {
        let src = b"// SAFETY: a\n/* SAFETY: b */\n * SAFETY: c\nlet s = \"SAFETY: no\";\n// see SAFETY: no\n";
        assert_eq!(count_marker_comments(src, b"SAFETY:"), 3);
        assert_eq!(
            count_marker_comments(b"    // INVARIANT: x\n", b"INVARIANT:"),
            1
        );
    }
}
