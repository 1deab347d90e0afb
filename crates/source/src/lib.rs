//! Source trees: which files there are, what language each is in, and how
//! many of its lines are code, comments and blanks.
//!
//! ```
//! use ferrometer_source::count::{count, Syntax};
//! let c = count(Syntax::Rust, b"// hi\nfn main() {}\n\n");
//! assert_eq!(c.lines, 3);
//! ```
#![deny(missing_docs)]

pub mod count;
pub mod lang;
pub mod origin;
pub mod select;
pub mod walk;
