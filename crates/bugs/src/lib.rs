//! The core of `ferrometer bugs`: which commits fix bugs, which of those bugs are
//! memory-safety bugs, and what security advisories say.
//!
//! - [`classify`]: a pure classifier of commit messages. It reads sanitizer
//!   reports, bot credits, trailers and wording, masks false friends, and
//!   returns a [`Verdict`](classify::Verdict): is it a fix, of which
//!   [`Class`](classify::Class), and the evidence for both. The rules are
//!   data (`data/commit_rules.toml`).
//! - [`advisory`]: readers for OSV and CVE JSON 5 advisories, and
//!   [`classify_advisory`](advisory::classify_advisory).
//!
//! Both modules are free of IO except [`advisory::read_advisories`].
//!
//! ```
//! use ferrometer_bugs::classify::{classify, Class};
//!
//! let v = classify("lib: fix heap buffer overflow in parse_url()\n\nCredit to OSS-Fuzz\nCloses #4242\n");
//! assert!(v.is_memory_safety_fix());
//! assert_eq!(v.class, Class::OutOfBounds);
//!
//! let v = classify("parser: fix panic on index out of bounds\n\nthread 'main' panicked at src/parse.rs:9:5");
//! assert!(v.is_fix && v.tags.rust_panic);
//! assert_eq!(v.class, Class::NotMemory);
//! ```
#![deny(missing_docs)]

pub mod advisory;
pub mod classify;

pub use advisory::Error as AdvisoryError;
