//! ferrometer's persistent stores, in SQLite ([`rusqlite`], bundled).
//!
//! One store: the [`BlobCache`] of `history`, which remembers how
//! each git blob was classified so that a second run, or a run that adds one
//! release, reads and classifies only blobs it has not seen. A blob's
//! classification depends on its bytes (the object id) and on the language
//! its *name* implies (the same bytes count differently as `x.c` and `x.py`),
//! so that pair is the key. Every entry belongs to one classifier
//! fingerprint; opening the cache with another fingerprint empties it.
//!
//! The same file keeps finished revisions ([`SavedRevision`]), keyed by tree
//! id, the program's fingerprint and the options, so a rerun over the same
//! releases reads neither trees nor blobs.
//!
//! No `rusqlite` type appears in this crate's API.
#![deny(missing_docs)]

mod blobs;
mod revisions;

pub use blobs::{default_path, BlobCache, Error, Key, Record};
pub use revisions::SavedRevision;
