//! Opening a repository, resolving revisions, reading blobs.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use gix::bstr::ByteSlice;
use gix::objs::Find;

use crate::{Error, Oid, Revision};

/// Object cache of each pooled handle that reads commits and trees.
///
/// Trees of successive releases share most subtrees, so listing release
/// N+1 after release N reads mostly cached trees; 64 MiB holds a kernel
/// release's trees several times over. The pool holds one handle per thread
/// that called into the [`Repo`] at the same time, so this is per thread.
/// Blob readers get none: each blob is read once and would only push the
/// trees out.
const TREE_CACHE_BYTES: usize = 64 * 1024 * 1024;

/// Delta bases a blob [`Reader`] keeps.
const READER_PACK_CACHE_BYTES: usize = 16 * 1024 * 1024;

/// An open repository: a work tree, a bare repository or a shallow clone.
///
/// `Send + Sync`: share it by reference across threads.
pub struct Repo {
    shared: gix::ThreadSafeRepository,
    /// Per-thread handles with an object cache, lent out by [`Repo::local`].
    pool: Mutex<Vec<Pooled>>,
    shallow: bool,
}

/// A handle for reading blobs on one thread; make one per worker with
/// [`Repo::reader`]. It is `Send`, not `Sync`.
pub struct Reader {
    repo: gix::Repository,
    shallow: bool,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("git_dir", &self.git_dir())
            .field("shallow", &self.shallow)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("git_dir", &self.repo.git_dir())
            .finish_non_exhaustive()
    }
}

/// A per-thread handle and what it keeps between calls.
pub(crate) struct Pooled {
    pub(crate) repo: gix::Repository,
    /// Blob-diff state for rename detection, made on first use: making it
    /// reads the index (or HEAD's tree), too slow to repeat per commit.
    pub(crate) diff: Option<gix::diff::blob::Platform>,
}

/// A pooled handle that goes back to the pool when dropped.
pub(crate) struct Local<'a> {
    pooled: Option<Pooled>,
    owner: &'a Repo,
}

impl Local<'_> {
    /// The handle and its diff state, to borrow apart.
    pub(crate) fn parts(&mut self) -> &mut Pooled {
        self.pooled
            .as_mut()
            .expect("the handle is only taken on drop")
    }
}

impl std::ops::Deref for Local<'_> {
    type Target = gix::Repository;

    fn deref(&self) -> &gix::Repository {
        &self
            .pooled
            .as_ref()
            .expect("the handle is only taken on drop")
            .repo
    }
}

impl Drop for Local<'_> {
    fn drop(&mut self) {
        if let Some(pooled) = self.pooled.take() {
            self.owner
                .pool
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(pooled);
        }
    }
}

impl Repo {
    /// Opens the repository at `path`, or the one that contains it.
    ///
    /// `path` may be a work tree, any directory inside one, a `.git`
    /// directory or a bare repository.
    pub fn open(path: &Path) -> Result<Repo, Error> {
        let shared =
            gix::ThreadSafeRepository::discover(path).map_err(|e| Error::NotARepository {
                path: path.to_path_buf(),
                source: Box::new(e),
            })?;
        let shallow = shared.to_thread_local().is_shallow().unwrap_or(false);
        Ok(Repo {
            shared,
            pool: Mutex::new(Vec::new()),
            shallow,
        })
    }

    /// The repository's git directory (`.git`, or the bare repository itself).
    #[must_use]
    pub fn git_dir(&self) -> &Path {
        self.shared.git_dir()
    }

    /// The top of the work tree; `None` for a bare repository.
    #[must_use]
    pub fn work_dir(&self) -> Option<PathBuf> {
        self.shared.work_dir().map(Path::to_path_buf)
    }

    /// Whether the repository is a shallow clone, so that old history may be missing.
    #[must_use]
    pub fn is_shallow(&self) -> bool {
        self.shallow
    }

    /// A handle for reading blobs on the calling thread.
    #[must_use]
    pub fn reader(&self) -> Reader {
        let mut repo = self.fresh(false);
        // Callers read a path's versions one after another: the bases of the
        // last few deltas are what the cache needs (gix keeps up to 96 MiB a
        // handle, which only adds to the peak memory).
        repo.objects.set_pack_cache(|| {
            Box::new(gix::odb::pack::cache::lru::StaticLinkedList::<64>::new(
                READER_PACK_CACHE_BYTES,
            ))
        });
        Reader {
            repo,
            shallow: self.shallow,
        }
    }

    /// Resolves any rev-parse spec (tag, branch, sha prefix, `HEAD~3`,
    /// `v6.1^{commit}`) to a commit, peeling annotated tags.
    pub fn resolve(&self, spec: &str) -> Result<Revision, Error> {
        let repo = self.local();
        let id = repo
            .rev_parse_single(spec.as_bytes().as_bstr())
            .map_err(|e| Error::UnknownRevision {
                spec: spec.to_owned(),
                source: Some(Box::new(e)),
            })?
            .detach();
        let object = repo
            .find_object(id)
            .map_err(|e| self.object_error(&repo, id, e, || format!("could not read {spec}")))?;
        let object = object
            .peel_tags_to_end()
            .map_err(|e| Error::git(format!("could not peel tag {spec} to its commit"), e))?;
        if object.kind != gix::object::Kind::Commit {
            return Err(Error::NotACommit {
                spec: spec.to_owned(),
                kind: kind_name(object.kind),
            });
        }
        self.revision(&repo, object.id, spec.to_owned(), false)
    }

    /// Reads a blob into `buf` (cleared first). Callable from many threads at
    /// once; a worker that reads many blobs should use its own [`Reader`].
    pub fn read_blob(&self, oid: &Oid, buf: &mut Vec<u8>) -> Result<(), Error> {
        let repo = self.local();
        read_blob(&repo, self.shallow, oid, buf)
    }

    /// The contents of the file at `path` in `commit`'s tree (a symlink gives
    /// its target); `None` when there is no such file or it is a directory
    /// or a submodule.
    pub fn read_path(&self, commit: &Oid, path: &str) -> Result<Option<Vec<u8>>, Error> {
        let repo = self.local();
        let tree_id = self.tree_of(&repo, commit)?;
        let mut tree = repo.find_tree(tree_id).map_err(|e| {
            self.object_error(&repo, tree_id, e, || {
                format!("could not read the tree of {commit}")
            })
        })?;
        let entry = tree
            .peel_to_entry_by_path(Path::new(path))
            .map_err(|e| Error::git(format!("could not look up {path} in {commit}"), e))?;
        let Some(entry) = entry else {
            return Ok(None);
        };
        if !entry.mode().is_blob_or_symlink() {
            return Ok(None);
        }
        let mut buf = Vec::new();
        read_blob(&repo, self.shallow, &Oid::from_gix(entry.oid()), &mut buf)?;
        Ok(Some(buf))
    }

    /// Borrows a per-thread handle from the pool, making one if none is free.
    pub(crate) fn local(&self) -> Local<'_> {
        let pooled = self
            .pool
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let pooled = pooled.unwrap_or_else(|| Pooled {
            repo: self.fresh(true),
            diff: None,
        });
        Local {
            pooled: Some(pooled),
            owner: self,
        }
    }

    /// A new per-thread handle, with the tree object cache or with none.
    pub(crate) fn fresh(&self, object_cache: bool) -> gix::Repository {
        let mut repo = self.shared.to_thread_local();
        if object_cache {
            repo.object_cache_size_if_unset(TREE_CACHE_BYTES);
        } else {
            repo.object_cache_size(None);
        }
        repo
    }

    /// The error for a failed object lookup: [`Error::MissingObject`] when the
    /// object is not there, else the library's error with `context`.
    pub(crate) fn object_error(
        &self,
        repo: &gix::Repository,
        id: gix::ObjectId,
        err: gix::Error,
        context: impl FnOnce() -> String,
    ) -> Error {
        object_error(repo, self.shallow, id, err, context)
    }

    /// The tree id of a commit.
    pub(crate) fn tree_of(
        &self,
        repo: &gix::Repository,
        commit: &Oid,
    ) -> Result<gix::ObjectId, Error> {
        let id = commit.to_gix();
        let commit_obj = repo.find_commit(id).map_err(|e| {
            self.object_error(repo, id, e, || format!("could not read commit {commit}"))
        })?;
        commit_obj
            .tree_id()
            .map(gix::Id::detach)
            .map_err(|e| Error::git(format!("commit {commit} could not be decoded"), e))
    }

    /// A [`Revision`] for a commit, with its committer time.
    pub(crate) fn revision(
        &self,
        repo: &gix::Repository,
        id: gix::ObjectId,
        name: String,
        is_prerelease: bool,
    ) -> Result<Revision, Error> {
        let commit = repo.find_commit(id).map_err(|e| {
            self.object_error(repo, id, e, || format!("could not read commit {name}"))
        })?;
        let time = commit
            .time()
            .map_err(|e| Error::git(format!("commit {name} has a malformed committer time"), e))?;
        Ok(Revision {
            name,
            commit: Oid::from_gix(&id),
            time: time.seconds,
            tz_offset_minutes: time.offset / 60,
            is_prerelease,
        })
    }
}

impl Reader {
    /// Reads a blob into `buf` (cleared first).
    pub fn read_blob(&self, oid: &Oid, buf: &mut Vec<u8>) -> Result<(), Error> {
        read_blob(&self.repo, self.shallow, oid, buf)
    }

    /// A blob's size in bytes, from its header, without inflating it.
    pub fn blob_size(&self, oid: &Oid) -> Result<u64, Error> {
        let id = oid.to_gix();
        let header = self.repo.find_header(id).map_err(|e| {
            object_error(&self.repo, self.shallow, id, e, || {
                format!("could not read blob {oid}")
            })
        })?;
        Ok(header.size())
    }
}

fn read_blob(
    repo: &gix::Repository,
    shallow: bool,
    oid: &Oid,
    buf: &mut Vec<u8>,
) -> Result<(), Error> {
    let id = oid.to_gix();
    buf.clear();
    let found = repo
        .objects
        .try_find(&id, buf)
        .map_err(|e| Error::git(format!("could not read blob {oid}"), e))?
        .map(|data| (data.kind, data.data.len()));
    match found {
        None => Err(Error::MissingObject { oid: *oid, shallow }),
        Some((kind, _)) if kind != gix::object::Kind::Blob => Err(Error::Git {
            context: format!("object {oid} is a {}, not a blob", kind_name(kind)),
            source: "wrong object kind".into(),
        }),
        Some((_, len)) => {
            debug_assert_eq!(
                len,
                buf.len(),
                "gix puts exactly the object into the buffer"
            );
            Ok(())
        }
    }
}

pub(crate) fn object_error(
    repo: &gix::Repository,
    shallow: bool,
    id: gix::ObjectId,
    err: gix::Error,
    context: impl FnOnce() -> String,
) -> Error {
    if repo.has_object(id) {
        Error::git(context(), err)
    } else {
        Error::MissingObject {
            oid: Oid::from_gix(&id),
            shallow,
        }
    }
}

pub(crate) fn kind_name(kind: gix::object::Kind) -> &'static str {
    match kind {
        gix::object::Kind::Tree => "tree",
        gix::object::Kind::Blob => "blob",
        gix::object::Kind::Commit => "commit",
        gix::object::Kind::Tag => "tag",
    }
}
