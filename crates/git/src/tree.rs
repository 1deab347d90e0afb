//! Listing every file of a commit's tree.

use gix::objs::tree::EntryKind;
use gix::objs::FindExt;

use crate::repo::Local;
use crate::{Error, FileMode, Oid, Repo, Submodule, Tree, TreeFile};

/// Deeper trees than this are refused rather than risking the stack; real
/// trees are a few dozen levels deep at most.
const MAX_DEPTH: usize = 1000;

impl Repo {
    /// The id of `commit`'s tree: commits with equal trees have equal files.
    pub fn tree_id(&self, commit: &Oid) -> Result<Oid, Error> {
        let repo = self.local();
        Ok(Oid::from_gix(&self.tree_of(&repo, commit)?))
    }

    /// Every blob of `commit`'s tree, recursively, and its submodules.
    ///
    /// Paths are `/`-separated from the top of the tree and lossy for
    /// non-UTF-8 names; both lists are sorted by path. Subtrees are read
    /// through a per-thread object cache, so listing a release after its
    /// predecessor reads mostly cached trees.
    pub fn files(&self, commit: &Oid) -> Result<Tree, Error> {
        let repo = self.local();
        let root = self.tree_of(&repo, commit)?;
        let mut walk = Walk {
            repo: &repo,
            owner: self,
            commit,
            path: Vec::new(),
            bufs: Vec::new(),
            out: Tree::default(),
        };
        walk.tree(root, 0)?;
        let mut out = walk.out;
        // Depth-first in git's tree order is path order, except where a
        // lossy non-UTF-8 name sorts differently: check rather than sort.
        if !out.files.is_sorted_by(|a, b| a.path <= b.path) {
            out.files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        }
        if !out.submodules.is_sorted_by(|a, b| a.path <= b.path) {
            out.submodules.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        }
        Ok(out)
    }
}

/// The state of one depth-first walk.
struct Walk<'a> {
    repo: &'a Local<'a>,
    owner: &'a Repo,
    commit: &'a Oid,
    /// The current directory's path, ending in `/` (empty at the top).
    path: Vec<u8>,
    /// One read buffer per depth, reused across directories.
    bufs: Vec<Vec<u8>>,
    out: Tree,
}

impl Walk<'_> {
    fn tree(&mut self, id: gix::ObjectId, depth: usize) -> Result<(), Error> {
        let commit = self.commit;
        if depth > MAX_DEPTH {
            return Err(Error::Git {
                context: format!("the tree of {commit} is nested deeper than {MAX_DEPTH} levels"),
                source: "tree too deep".into(),
            });
        }
        if self.bufs.len() <= depth {
            self.bufs.push(Vec::new());
        }
        let mut buf = std::mem::take(&mut self.bufs[depth]);
        let entries = self
            .repo
            .objects
            .find_tree_iter(&id, &mut buf)
            .map_err(|e| {
                self.owner.object_error(self.repo, id, e, || {
                    format!("could not read tree {id} of commit {commit}")
                })
            })?;
        for entry in entries {
            let entry = entry.map_err(|e| {
                Error::git(
                    format!("tree {id} of commit {commit} could not be decoded"),
                    e,
                )
            })?;
            let dir_len = self.path.len();
            self.path.extend_from_slice(entry.filename);
            let mode = match entry.mode.kind() {
                EntryKind::Tree => {
                    self.path.push(b'/');
                    self.tree(entry.oid.to_owned(), depth + 1)?;
                    self.path.truncate(dir_len);
                    continue;
                }
                EntryKind::Commit => {
                    self.out.submodules.push(Submodule {
                        path: path_string(self.path.clone()),
                        commit: Oid::from_gix(entry.oid),
                    });
                    self.path.truncate(dir_len);
                    continue;
                }
                EntryKind::Blob => FileMode::Regular,
                EntryKind::BlobExecutable => FileMode::Executable,
                EntryKind::Link => FileMode::Symlink,
            };
            self.out.files.push(TreeFile {
                path: path_string(self.path.clone()),
                oid: Oid::from_gix(entry.oid),
                mode,
            });
            self.path.truncate(dir_len);
        }
        self.bufs[depth] = buf;
        Ok(())
    }
}

/// Bytes of a git path as a `String`, without copying when they are UTF-8.
pub(crate) fn path_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
