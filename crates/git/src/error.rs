//! The one error type of this crate.

use std::path::PathBuf;

use crate::Oid;

/// A boxed error from the git library, kept as the `source` of ours.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What went wrong while reading a repository.
///
/// Each message names the path, revision or object it concerns, starts
/// lower-case and has no trailing period.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Neither the path nor any of its parents is a git repository.
    #[error("{} is not a git repository (or inside one)", path.display())]
    NotARepository {
        /// The path given to [`Repo::open`](crate::Repo::open).
        path: PathBuf,
        /// Why opening failed.
        #[source]
        source: BoxError,
    },
    /// A revision spec that names nothing in the repository.
    #[error("unknown revision {spec}")]
    UnknownRevision {
        /// The spec as given.
        spec: String,
        /// What the revision parser said, if anything.
        #[source]
        source: Option<BoxError>,
    },
    /// A revision spec that names a tree or a blob, not a commit.
    #[error("revision {spec} is a {kind}, not a commit")]
    NotACommit {
        /// The spec as given.
        spec: String,
        /// The kind of object it names (`tree`, `blob`).
        kind: &'static str,
    },
    /// No tag matches a glob.
    #[error("no tag matches {glob}")]
    NoTagMatches {
        /// The glob as given.
        glob: String,
    },
    /// An object the history needs is not in the repository.
    #[error("{}", missing_message(oid, *shallow))]
    MissingObject {
        /// The missing object.
        oid: Oid,
        /// The repository is a shallow clone, which explains the gap.
        shallow: bool,
    },
    /// Any other failure of the git library, with what was being done.
    #[error("{context}")]
    Git {
        /// What was being read, naming the revision or object.
        context: String,
        /// The library's error.
        #[source]
        source: BoxError,
    },
}

fn missing_message(oid: &Oid, shallow: bool) -> String {
    if shallow {
        format!(
            "object {oid} is missing; the repository is a shallow clone \
             (fetch more history with `git fetch --unshallow`)"
        )
    } else {
        format!("object {oid} is missing from the repository")
    }
}

impl Error {
    pub(crate) fn git(context: String, source: gix::Error) -> Error {
        Error::Git {
            context,
            source: Box::new(source),
        }
    }
}
