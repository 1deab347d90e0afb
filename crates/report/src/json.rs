//! The JSON wire format.
//!
//! Every document is one object with `schema_version` (this crate's
//! [`SCHEMA_VERSION`]), `tool`, `tool_version` and `command`; the rest
//! depends on the command and is documented field by field in
//! `docs/json.md`. Adding a field keeps the version; renaming, removing or
//! changing the meaning of one bumps it.
//!
//! These types are separate from `ferrometer-model` on purpose: the model can
//! change shape freely, the wire format only with a version bump.

use serde::Serialize;

/// The version of the JSON documents this build writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The fields every document starts with.
#[derive(Serialize)]
pub struct Header<'a> {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always `"ferrometer"`.
    pub tool: &'a str,
    /// The version of the binary that wrote the document.
    pub tool_version: &'a str,
    /// The subcommand (`"scan"`).
    pub command: &'a str,
}

impl Header<'_> {
    /// The header for a command.
    #[must_use]
    pub fn new(command: &str) -> Header<'_> {
        Header {
            schema_version: SCHEMA_VERSION,
            tool: "ferrometer",
            tool_version: env!("CARGO_PKG_VERSION"),
            command,
        }
    }
}

/// Line counts as they appear on the wire.
#[derive(Serialize)]
pub struct CountsJson {
    /// Number of files.
    pub files: u64,
    /// Physical lines.
    pub lines: u64,
    /// Code lines.
    pub code: u64,
    /// Comment lines (including doc comments).
    pub comments: u64,
    /// Blank lines.
    pub blanks: u64,
    /// Doc-comment lines, a part of `comments`.
    pub doc: u64,
}

impl CountsJson {
    /// Converts model counts.
    #[must_use]
    pub fn new(files: u64, c: &ferrometer_model::Counts) -> CountsJson {
        CountsJson {
            files,
            lines: c.lines,
            code: c.code,
            comments: c.comment,
            blanks: c.blank,
            doc: c.doc,
        }
    }
}
