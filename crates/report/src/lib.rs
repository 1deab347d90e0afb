//! Renders ferrometer results for people and for programs.
//!
//! Every command's result is rendered in four formats: an aligned table for
//! a terminal ([`Format::Human`]), JSON (a versioned wire format documented in
//! `docs/json.md`, see [`json`]), CSV and a markdown table. Rendering never
//! analyses: it only lays out values from `ferrometer-model`.
//!
//! ```
//! use ferrometer_model::Footprint;
//! use ferrometer_report::{scan, Format, ScanMeta};
//! let meta = ScanMeta { root: "/src", path: "/src", group_by: "language", group_title: "Language", owners_file: None };
//! let mut out = Vec::new();
//! scan::render(&Footprint::default(), &meta, Format::Csv, &mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().starts_with("group,language,origin,files,"));
//! ```
#![deny(missing_docs)]

pub mod bugs;
pub mod history;
pub mod json;
pub mod scan;
mod table;
pub mod unsafety;

pub use scan::ScanMeta;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An aligned table with totals.
    Human,
    /// JSON, one document.
    Json,
    /// CSV with a header row.
    Csv,
    /// A GitHub-flavoured markdown table.
    Markdown,
}
