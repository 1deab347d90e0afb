//! ferrometer's persistent stores, in SQLite ([`rusqlite`], bundled).
//!
//! For now one store: the [`BlobCache`] of `history`, which remembers how
//! each git blob was classified so that a second run, or a run that adds one
//! release, reads and classifies only blobs it has not seen. A blob's
//! classification depends on its bytes (the object id) and on the language
//! its *name* implies (the same bytes count differently as `x.c` and `x.py`),
//! so that pair is the key. Every entry belongs to one classifier
//! fingerprint; opening the cache with another fingerprint empties it.
//!
//! No `rusqlite` type appears in this crate's API.
#![deny(missing_docs)]

mod blobs;

pub use blobs::{default_path, BlobCache, Error, Key, Record};
