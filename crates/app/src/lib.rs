//! ferrometer's pipelines: which analysis runs in which order, on how many
//! threads, and how results are grouped before a report renders them.
//!
//! This is the only crate that knows the pipeline order; the analysis crates
//! (`ferrometer-source`, `ferrometer-owners`) never call each other.

pub mod bugs;
pub mod history;
pub mod root;
pub mod scan;
pub mod unsafety;
pub use ferrometer_source::walk::WalkOptions;
