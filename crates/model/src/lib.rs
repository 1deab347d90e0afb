//! Plain data shared by every ferrometer crate.
//!
//! This crate has no internal dependencies, does no IO and derives no serde:
//! wire formats live in `ferrometer-report`. Everything here is a value that
//! the analysis crates produce and the report crate renders.
//!
//! ```
//! use ferrometer_model::{Counts, Lang};
//! let mut c = Counts { lines: 3, code: 1, comment: 1, blank: 1, doc: 0 };
//! c += Counts { lines: 1, code: 1, ..Counts::default() };
//! assert!(c.is_consistent());
//! assert_eq!(Lang::from_name("c header"), Some(Lang::CHeader));
//! ```
#![deny(missing_docs)]

pub mod bugs;
mod lang;
pub mod unsafety;

pub use lang::Lang;

/// Line counts of one file or of many files added together.
///
/// Invariant: `code + comment + blank == lines`. `doc` is a part of
/// `comment` (Rust doc comments), never counted twice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Counts {
    /// Physical lines; a last line without a trailing newline counts.
    pub lines: u64,
    /// Lines holding code, with or without a comment beside it.
    pub code: u64,
    /// Lines holding only comment text (or only prose, for prose languages).
    pub comment: u64,
    /// Lines holding only whitespace.
    pub blank: u64,
    /// Comment lines that are documentation comments (`///`, `//!`, `/** */`).
    pub doc: u64,
}

impl Counts {
    /// Whether the counts add up: `code + comment + blank == lines` and `doc <= comment`.
    #[must_use]
    pub fn is_consistent(&self) -> bool {
        self.code + self.comment + self.blank == self.lines && self.doc <= self.comment
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.lines += o.lines;
        self.code += o.code;
        self.comment += o.comment;
        self.blank += o.blank;
        self.doc += o.doc;
    }
}

impl std::ops::SubAssign for Counts {
    fn sub_assign(&mut self, o: Counts) {
        self.lines -= o.lines;
        self.code -= o.code;
        self.comment -= o.comment;
        self.blank -= o.blank;
        self.doc -= o.doc;
    }
}

/// Where a file's code comes from, as far as the tree tells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Written in this project (the default).
    #[default]
    Own,
    /// Copied in from another project: `vendor/`, `third_party/`,
    /// `linguist-vendored`, or a crate the kernel vendors under `rust/`.
    Vendored,
    /// Produced by a tool: `linguist-generated`, or an `@generated` /
    /// `DO NOT EDIT` / `automatically generated` marker in its first lines.
    Generated,
}

impl Origin {
    /// Lower-case name used in output (`own`, `vendored`, `generated`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Origin::Own => "own",
            Origin::Vendored => "vendored",
            Origin::Generated => "generated",
        }
    }
}

/// A problem with one input that did not stop the analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The path (or revision) the problem concerns, as given to the user.
    pub subject: String,
    /// What went wrong, lower-case, without a trailing period.
    pub message: String,
}

/// One row of a footprint: a language (of one origin) within one group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The group (subsystem, directory or file); `None` when grouping by language only.
    pub group: Option<String>,
    /// The language.
    pub lang: Lang,
    /// Own, vendored or generated code.
    pub origin: Origin,
    /// Number of files.
    pub files: u64,
    /// Their line counts (all zero for [`Lang::Other`]).
    pub counts: Counts,
}

/// What a scan saw besides the rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScanSummary {
    /// Every file the walk visited.
    pub files_seen: u64,
    /// Files in a known language, counted in lines.
    pub text_files: u64,
    /// Files in no known language (rows of [`Lang::Other`]).
    pub other_files: u64,
    /// Files skipped because they are binary.
    pub binary_files: u64,
    /// Files that could not be read.
    pub unreadable_files: u64,
    /// Files and lines left out by `--exclude-vendored` / `--exclude-generated`.
    pub excluded_files: u64,
    /// Files that matched no ownership rule, when grouping by subsystem.
    pub unassigned_files: u64,
    /// Lines of those files.
    pub unassigned_lines: u64,
    /// `.h` files counted as C++ headers.
    pub headers_as_cpp: u64,
}

/// The language footprint of a tree: what `scan` reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Footprint {
    /// Rows, in output order.
    pub rows: Vec<Row>,
    /// Sum over all rows.
    pub total: Counts,
    /// Number of files over all rows.
    pub total_files: u64,
    /// Everything else the scan saw.
    pub summary: ScanSummary,
}
