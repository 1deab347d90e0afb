//! Commit walks: first-parent chains, ranges, and the whole history.

use std::borrow::Cow;

use gix::objs::commit::ref_iter::Token;
use gix::objs::{CommitRef, CommitRefIter, Exists};
use gix::traverse::commit::simple::{CommitTimeOrder, Sorting};
use gix::traverse::commit::Simple;

use crate::commit_find::CommitFind;
use crate::repo::object_error;
use crate::{CommitInfo, Error, Oid, Repo, Revision};

/// Which parents of a walked commit to follow; boxed so that [`Commits`]
/// names one type whether or not the repository is shallow.
type Predicate = Box<dyn FnMut(&gix::oid) -> bool + Send>;

/// The commits of [`Repo::commits`], newest first; see there. `Send`.
pub struct Commits {
    walk: Simple<CommitFind, Predicate>,
    until: Option<i64>,
    /// The tip's name, for error messages.
    tip: String,
}

impl Repo {
    /// The first-parent chain from `from` back to the root (or to the edge of
    /// a shallow clone), oldest first, keeping commits whose committer time
    /// lies in `since..=until`.
    ///
    /// Like `git log --first-parent --since`, the walk stops at the first
    /// commit older than `since`, so a commit with a skewed clock can end it
    /// early.
    pub fn first_parent(
        &self,
        from: &Revision,
        since: Option<i64>,
        until: Option<i64>,
    ) -> Result<Vec<Revision>, Error> {
        let repo = self.local();
        let mut out = Vec::new();
        let mut id = from.commit.to_gix();
        let mut is_tip = true;
        loop {
            let commit = match repo.find_commit(id) {
                Ok(commit) => commit,
                // The chain ends at the edge of a shallow clone.
                Err(_) if !is_tip && self.is_shallow() && !repo.has_object(id) => break,
                Err(e) => {
                    let name = &from.name;
                    return Err(self.object_error(&repo, id, e, || {
                        format!("could not read commit {id} on the first-parent chain of {name}")
                    }));
                }
            };
            is_tip = false;
            let time = commit.time().map_err(|e| {
                Error::git(format!("commit {id} has a malformed committer time"), e)
            })?;
            if since.is_some_and(|since| time.seconds < since) {
                break;
            }
            if until.is_none_or(|until| time.seconds <= until) {
                let oid = Oid::from_gix(&id);
                out.push(Revision {
                    name: oid.short(),
                    commit: oid,
                    time: time.seconds,
                    tz_offset_minutes: time.offset / 60,
                    is_prerelease: false,
                });
            }
            let parent = commit.parent_ids().next().map(gix::Id::detach);
            match parent {
                Some(parent) => id = parent,
                None => break,
            }
        }
        out.reverse();
        Ok(out)
    }

    /// The first-parent commits of `a..b`: reachable from `b` along first
    /// parents, stopping at `a` and its ancestors (as `git rev-list
    /// --first-parent a..b`), oldest first.
    pub fn range(&self, a: &str, b: &str) -> Result<Vec<Revision>, Error> {
        let from = self.resolve(a)?;
        let to = self.resolve(b)?;
        let repo = self.local();
        let walk = repo
            .rev_walk([to.commit.to_gix()])
            .first_parent_only()
            .with_hidden([from.commit.to_gix()])
            .all()
            .map_err(|e| Error::git(format!("could not walk {a}..{b}"), e))?;
        let mut ids = Vec::new();
        for info in walk {
            let info = info.map_err(|e| Error::git(format!("could not walk {a}..{b}"), e))?;
            ids.push(info.id);
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids.into_iter().rev() {
            let name = Oid::from_gix(&id).short();
            out.push(self.revision(&repo, id, name, false)?);
        }
        Ok(out)
    }

    /// Every commit reachable from `tip` (all parents, not only the first),
    /// newest first by committer time, keeping commits whose committer time
    /// lies in `since..=until`.
    ///
    /// The order is `git log`'s default: by time, so a commit whose clock
    /// was behind can come before one of its children. Parents older than
    /// `since` are not followed, so the walk ends when nothing newer is
    /// queued. In a shallow clone it ends at the clone's edge. Each commit
    /// is read once; the iterator can be moved to another thread.
    pub fn commits(
        &self,
        tip: &Revision,
        since: Option<i64>,
        until: Option<i64>,
    ) -> Result<Commits, Error> {
        self.commits_excluding(tip, &[], since, until, true)
    }

    /// As [`Repo::commits`], leaving out every commit reachable from one of
    /// `hidden` (`git log hidden..tip`). With `by_time` false and no `since`,
    /// the order is breadth-first from the tip instead: each commit is then
    /// read once, where ordering by time also reads every parent to learn
    /// its time (about a third faster on a long history).
    pub fn commits_excluding(
        &self,
        tip: &Revision,
        hidden: &[Revision],
        since: Option<i64>,
        until: Option<i64>,
        by_time: bool,
    ) -> Result<Commits, Error> {
        // The object cache only helps when parents are read twice (by time).
        let repo = self.fresh(by_time || since.is_some());
        let predicate: Predicate = if self.is_shallow() {
            let objects = repo.objects.clone();
            Box::new(move |id| objects.exists(id))
        } else {
            Box::new(|_| true)
        };
        let sorting = match (since, by_time) {
            (Some(seconds), _) => Sorting::ByCommitTimeCutoff {
                order: CommitTimeOrder::NewestFirst,
                seconds,
            },
            (None, true) => Sorting::ByCommitTime(CommitTimeOrder::NewestFirst),
            (None, false) => Sorting::BreadthFirst,
        };
        let find = CommitFind::new(
            repo.objects.clone(),
            repo.objects.store_ref().path(),
            repo.object_hash(),
        );
        let walk = Simple::filtered([tip.commit.to_gix()], find, predicate)
            .sorting(sorting)
            .map_err(|e| {
                let id = tip.commit.to_gix();
                object_error(&repo, self.is_shallow(), id, e, || {
                    format!("could not start walking the history of {}", tip.name)
                })
            })?;
        let walk = if hidden.is_empty() {
            walk
        } else {
            walk.hide(hidden.iter().map(|h| h.commit.to_gix()))
                .map_err(|e| {
                    let id = hidden[0].commit.to_gix();
                    object_error(&repo, self.is_shallow(), id, e, || {
                        format!("could not walk the history of {}", hidden[0].name)
                    })
                })?
        };
        Ok(Commits {
            walk,
            until,
            tip: tip.name.clone(),
        })
    }
}

impl std::fmt::Debug for Commits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Commits")
            .field("tip", &self.tip)
            .field("until", &self.until)
            .finish_non_exhaustive()
    }
}

/// A walked commit not yet decoded: its id, parents and raw object bytes.
/// Reading it ([`RawCommit::text`]) is left to the caller, so
/// that it can run on other threads than the walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawCommit {
    /// The commit.
    pub id: Oid,
    /// Its parents, first parent first.
    pub parents: Vec<Oid>,
    data: Vec<u8>,
}

/// What reading a commit's message needs of it: see [`RawCommit::text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitText<'a> {
    /// Committer time, seconds since the Unix epoch.
    pub committer_time: i64,
    /// The whole message, as [`CommitInfo::message`] has it; borrowed when
    /// it is valid UTF-8.
    pub message: Cow<'a, str>,
}

impl RawCommit {
    /// The committer time and the message, without decoding the rest (the
    /// author, the extra headers) or copying the message: what classifying
    /// messages needs, at a fraction of the cost of the full decoding
    /// [`Commits`] does as an iterator.
    ///
    /// # Errors
    /// When the object is not a valid commit.
    pub fn text(&self) -> Result<CommitText<'_>, Error> {
        let id = self.id;
        let bad = |e| Error::git(format!("commit {id} could not be decoded"), e);
        let mut committer_time = None;
        let mut message: &[u8] = b"";
        for token in CommitRefIter::from_bytes(&self.data, gix::hash::Kind::Sha1) {
            match token.map_err(bad)? {
                Token::Committer { signature } => committer_time = Some(signature.seconds()),
                Token::Message(m) => message = m,
                _ => {}
            }
        }
        let committer_time = committer_time.ok_or_else(|| Error::Git {
            context: format!("commit {id} could not be decoded"),
            source: "it has no committer".into(),
        })?;
        Ok(CommitText {
            committer_time,
            message: String::from_utf8_lossy(message),
        })
    }
}

impl Commits {
    /// The next commit, undecoded. Unlike [`Iterator::next`], `until` is not
    /// applied (it needs the committer time): filter after [`RawCommit::text`].
    pub fn next_raw(&mut self) -> Option<Result<RawCommit, Error>> {
        let info = match self.walk.next()? {
            Ok(info) => info,
            Err(e) => {
                let context = format!("could not walk the history of {}", self.tip);
                return Some(Err(Error::git(context, e)));
            }
        };
        // Without a commit-graph cache the walk keeps the commit it just
        // returned in its buffer, so nothing is read twice.
        Some(Ok(RawCommit {
            id: Oid::from_gix(&info.id),
            parents: info.parent_ids.iter().map(|p| Oid::from_gix(p)).collect(),
            data: self.walk.commit_data().to_vec(),
        }))
    }
}

impl Iterator for Commits {
    type Item = Result<CommitInfo, Error>;

    fn next(&mut self) -> Option<Result<CommitInfo, Error>> {
        loop {
            let raw = match self.next_raw()? {
                Ok(raw) => raw,
                Err(e) => return Some(Err(e)),
            };
            let commit = match decode(raw.id, &raw.data) {
                Ok(commit) => commit,
                Err(e) => return Some(Err(e)),
            };
            if self
                .until
                .is_some_and(|until| commit.committer_time > until)
            {
                continue;
            }
            return Some(Ok(CommitInfo {
                parents: raw.parents,
                ..commit
            }));
        }
    }
}

fn decode(id: Oid, data: &[u8]) -> Result<CommitInfo, Error> {
    let bad = |e| Error::git(format!("commit {id} could not be decoded"), e);
    let commit = CommitRef::from_bytes(data, gix::hash::Kind::Sha1).map_err(bad)?;
    let author = commit.author().map_err(bad)?;
    let committer = commit.committer().map_err(bad)?;
    Ok(CommitInfo {
        id,
        parents: Vec::new(),
        author_name: author.name.to_string(),
        author_email: author.email.to_string(),
        author_time: author.seconds(),
        committer_time: committer.seconds(),
        message: commit.message.to_string(),
    })
}
