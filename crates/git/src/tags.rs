//! Tags matching a glob, peeled to commits and sorted by version.

use gix::bstr::ByteSlice;
use gix::glob::wildmatch;

use crate::repo::kind_name;
use crate::{version, Error, Oid, Repo, SkippedTag, Tags};

impl Repo {
    /// Tags whose name matches `glob` (`v6.*`; `*` also matches `/`, as in
    /// `git tag --list`), annotated and lightweight alike, peeled to their
    /// commits and sorted by [`version::compare`].
    ///
    /// Tags that name a tree or a blob, or whose commit is missing (a
    /// shallow clone), are left out and listed in [`Tags::skipped`].
    /// [`Error::NoTagMatches`] when no tag name matches at all.
    pub fn tags(&self, glob: &str) -> Result<Tags, Error> {
        let repo = self.local();
        let platform = repo
            .references()
            .map_err(|e| Error::git("could not read the repository's refs".to_owned(), e))?;
        let refs = platform
            .tags()
            .map_err(|e| Error::git("could not list tags".to_owned(), e))?;
        let mut out = Tags::default();
        let mut matched = 0usize;
        for reference in refs {
            let mut reference =
                reference.map_err(|e| Error::git("could not read a tag ref".to_owned(), e))?;
            let short = reference.name().shorten();
            if !wildmatch(glob.as_bytes().as_bstr(), short, wildmatch::Mode::empty()) {
                continue;
            }
            matched += 1;
            let name = short.to_str_lossy().into_owned();
            let id = match reference.peel_to_id() {
                Ok(id) => id.detach(),
                // The tag's target is not here (a shallow or partial clone).
                Err(err) if err.is_not_found() => {
                    let missing = reference
                        .try_id()
                        .and_then(|id| first_missing(&repo, id.detach()));
                    let why = match missing {
                        Some(id) => format!("object {} is missing", Oid::from_gix(&id)),
                        None => "the object it points at is missing".to_owned(),
                    };
                    out.skipped.push(skipped(name, &why));
                    continue;
                }
                Err(err) => return Err(Error::git(format!("could not peel tag {name}"), err)),
            };
            let kind = match repo.find_header(id) {
                Ok(header) => header.kind(),
                Err(_) if !repo.has_object(id) => {
                    let why = format!("object {} is missing", Oid::from_gix(&id));
                    out.skipped.push(skipped(name, &why));
                    continue;
                }
                Err(e) => return Err(Error::git(format!("could not read tag {name}"), e)),
            };
            if kind != gix::object::Kind::Commit {
                let why = format!("points at a {}, not a commit", kind_name(kind));
                out.skipped.push(skipped(name, &why));
                continue;
            }
            let prerelease = version::is_prerelease(&name);
            out.revisions
                .push(self.revision(&repo, id, name, prerelease)?);
        }
        if matched == 0 {
            return Err(Error::NoTagMatches {
                glob: glob.to_owned(),
            });
        }
        out.revisions
            .sort_by(|a, b| version::compare(&a.name, &b.name));
        out.skipped.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

fn skipped(name: String, reason: &str) -> SkippedTag {
    SkippedTag {
        name,
        reason: reason.to_owned(),
    }
}

/// Follows a chain of tag objects from `id` to the first object that is not
/// in the repository.
fn first_missing(repo: &gix::Repository, mut id: gix::ObjectId) -> Option<gix::ObjectId> {
    for _ in 0..100 {
        if !repo.has_object(id) {
            return Some(id);
        }
        id = repo.find_tag(id).ok()?.target_id().ok()?.detach();
    }
    None
}
