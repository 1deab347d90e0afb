//! The paths a commit changed, compared with its first parent.

use std::ops::ControlFlow;

use crate::tree::path_string;
use crate::{Change, ChangeKind, Error, Oid, Repo};

impl Repo {
    /// The paths `commit` changed relative to its first parent (or to the
    /// empty tree for a root commit), sorted by path.
    ///
    /// Renames are found as `git diff` finds them by default: a deleted and
    /// an added file at least 50% alike become one [`ChangeKind::Renamed`]
    /// (copies are not tracked; at most 1000 candidates per side are
    /// compared). Directories are not listed, only the files and submodules
    /// in them.
    pub fn changed_paths(&self, commit: &Oid) -> Result<Vec<Change>, Error> {
        let mut local = self.local();
        let parts = local.parts();
        let repo = &parts.repo;
        let id = commit.to_gix();
        let commit_obj = repo.find_commit(id).map_err(|e| {
            self.object_error(repo, id, e, || format!("could not read commit {commit}"))
        })?;
        let new_tree = self.tree(repo, commit)?;
        let old_tree = match commit_obj.parent_ids().next() {
            Some(parent) => self.tree(repo, &Oid::from_gix(&parent.detach()))?,
            None => repo.empty_tree(),
        };
        let cache = match &mut parts.diff {
            Some(cache) => cache,
            slot @ None => slot.insert(
                repo.diff_resource_cache_for_tree_diff()
                    .map_err(|e| Error::git(format!("could not prepare to diff {commit}"), e))?,
            ),
        };
        let mut out = Vec::new();
        let outcome = old_tree
            .changes()
            .map_err(|e| Error::git(format!("could not diff {commit}"), e))?
            .options(|opts| {
                opts.track_path()
                    .track_rewrites(Some(gix::diff::Rewrites::default()));
            })
            .for_each_to_obtain_tree_with_cache(&new_tree, cache, |change| {
                if let Some(change) = convert(change) {
                    out.push(change);
                }
                Ok::<_, gix::Error>(ControlFlow::Continue(()))
            });
        cache.clear_resource_cache_keep_allocation();
        outcome.map_err(|e| {
            Error::git(
                format!("could not diff {commit} against its first parent"),
                e,
            )
        })?;
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// The tree of a commit.
    fn tree<'r>(&self, repo: &'r gix::Repository, commit: &Oid) -> Result<gix::Tree<'r>, Error> {
        let tree_id = self.tree_of(repo, commit)?;
        repo.find_tree(tree_id).map_err(|e| {
            self.object_error(repo, tree_id, e, || {
                format!("could not read the tree of {commit}")
            })
        })
    }
}

/// Our [`Change`] for a gix change; `None` for directories.
fn convert(change: gix::object::tree::diff::Change<'_, '_, '_>) -> Option<Change> {
    use gix::object::tree::diff::Change as C;
    let (path, kind, mode) = match change {
        C::Addition {
            location,
            entry_mode,
            ..
        } => (location, ChangeKind::Added, entry_mode),
        C::Deletion {
            location,
            entry_mode,
            ..
        } => (location, ChangeKind::Deleted, entry_mode),
        C::Modification {
            location,
            entry_mode,
            ..
        } => (location, ChangeKind::Modified, entry_mode),
        C::Rewrite {
            source_location,
            location,
            entry_mode,
            ..
        } => {
            let from = path_string(source_location.to_vec());
            (location, ChangeKind::Renamed { from }, entry_mode)
        }
    };
    (!mode.is_tree()).then(|| Change {
        path: path_string(path.to_vec()),
        kind,
    })
}
