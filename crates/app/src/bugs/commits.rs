//! The commit side of `bugs`: walk, classify, diff the fixes, resolve
//! `Fixes:` tags.

use std::collections::BTreeMap;
use std::sync::{mpsc, Arc, Mutex};

use ferrometer_bugs::classify::{classify, subject};
use ferrometer_git::{ChangeKind, Oid, RawCommit, Repo, Revision};
use ferrometer_model::bugs::{BugItem, Lifetime};
use rayon::prelude::*;

use super::attribute::Attributor;
use super::{bug_item, CommitFilter, Progress};

/// Commits handed from the walking thread to the classifiers at a time.
const BATCH: usize = 2048;

/// What the walk kept of every commit: little, so that a kernel-sized
/// history fits in memory (messages are kept for fixes only).
#[derive(Debug, Default)]
pub(crate) struct Walked {
    /// Every commit walked, newest first.
    pub(crate) commits: Vec<Light>,
    /// Indexes into `commits`, sorted by id, for `Fixes:` prefixes.
    by_id: Vec<u32>,
    /// Commits per committer year.
    pub(crate) per_year: BTreeMap<i32, u64>,
    /// Merge commits.
    pub(crate) merges: u64,
    /// The fixes, newest first, with their verdicts.
    found: Vec<Fix>,
}

/// One walked commit.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Light {
    pub(crate) id: Oid,
    pub(crate) time: i64,
}

/// A fix commit on its way to the report.
#[derive(Debug)]
pub(crate) struct Fix {
    pub(crate) oid: Oid,
    pub(crate) time: i64,
    pub(crate) year: i32,
    /// The `Fixes:` references, as written.
    refs: Vec<String>,
    /// The paths it touched (new paths; old ones too for renames).
    paths: Vec<String>,
    pub(crate) item: BugItem,
}

impl Walked {
    /// The index of the one walked commit whose id starts with `hex` (at
    /// least 7 digits); `None` when none or several do.
    pub(crate) fn find_prefix(&self, hex: &str) -> Option<usize> {
        let hex = hex.trim().to_ascii_lowercase();
        if hex.len() < 7 || hex.len() > 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut low = [0u8; 20];
        for (i, b) in hex.bytes().enumerate() {
            let n = (b as char).to_digit(16).expect("checked hex") as u8;
            low[i / 2] |= if i % 2 == 0 { n << 4 } else { n };
        }
        let low = Oid::from_bytes(low);
        let start = self
            .by_id
            .partition_point(|&i| self.commits[i as usize].id < low);
        let matches = |k: usize| {
            self.by_id
                .get(k)
                .map(|&i| self.commits[i as usize].id)
                .is_some_and(|id| id.to_string().starts_with(&hex))
        };
        (matches(start) && !matches(start + 1)).then(|| self.by_id[start] as usize)
    }
}

/// The year (UTC) of a time in seconds since the epoch.
pub(crate) fn year_of(seconds: i64) -> i32 {
    jiff::Timestamp::from_second(seconds)
        .map(|ts| i32::from(ts.to_zoned(jiff::tz::TimeZone::UTC).year()))
        .unwrap_or(1970)
}

/// Walks the commits reachable from `tip` and not from `hidden`, and
/// classifies each message. The walk runs on its own thread (it inflates
/// each commit to learn its parents, so it cannot be split) and hands
/// batches of undecoded commits to workers on the other threads, which read
/// only the committer time and the message and classify them; when they are
/// behind, the walk classifies a batch itself. The results are put back in
/// walk order. Plain threads blocking on channels, not a rayon pool: the
/// walk needs a core too, and idle rayon workers spin.
pub(crate) fn walk(
    repo: &Repo,
    tip: &Revision,
    hidden: &[Revision],
    filter: &CommitFilter,
    progress: Progress<'_>,
) -> anyhow::Result<Walked> {
    // Order does not matter here (fixes are sorted at the end), and a
    // breadth-first walk reads each commit once.
    let mut commits = repo.commits_excluding(tip, hidden, filter.since, filter.until, false)?;
    let mut walked = Walked::default();
    // A worker per thread but the walk's: a second worker on a two-core
    // machine costs more (each warms its own regex caches) than it gains.
    let workers = rayon::current_num_threads().saturating_sub(1).max(1);
    let until = filter.until;
    std::thread::scope(|s| -> anyhow::Result<()> {
        let (raw_tx, raw_rx) = mpsc::sync_channel::<(usize, Vec<RawCommit>)>(2 * workers);
        // Shared by the workers and dropped with the last of them, so that
        // the walk stops when nobody is left to take its batches.
        let raw_rx = Arc::new(Mutex::new(raw_rx));
        let (out_tx, out_rx) = mpsc::channel::<(usize, anyhow::Result<Vec<Taken>>)>();
        let walk_out = out_tx.clone();
        let walker = std::thread::Builder::new()
            .name("walk".into())
            .spawn_scoped(s, move || -> Result<(), ferrometer_git::Error> {
                let mut batch = Vec::with_capacity(BATCH);
                let mut seq = 0;
                while let Some(c) = commits.next_raw() {
                    batch.push(c?);
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        // When the workers are behind, the walk classifies
                        // the batch itself rather than wait: inflating is
                        // the lighter side, and this balances the two.
                        match raw_tx.try_send((seq, full)) {
                            Ok(()) => {}
                            Err(mpsc::TrySendError::Full((seq, full))) => {
                                if walk_out.send((seq, take(&full, until))).is_err() {
                                    return Ok(());
                                }
                            }
                            Err(mpsc::TrySendError::Disconnected(_)) => return Ok(()),
                        }
                        seq += 1;
                    }
                }
                if !batch.is_empty() {
                    let _ = raw_tx.send((seq, batch));
                }
                Ok(())
            })?;
        for i in 0..workers {
            let raw_rx = Arc::clone(&raw_rx);
            let out_tx = out_tx.clone();
            std::thread::Builder::new()
                .name(format!("classify-{i}"))
                .spawn_scoped(s, move || loop {
                    // The lock is held only while waiting for the next batch.
                    let next = raw_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((seq, batch))) = next else { break };
                    if out_tx.send((seq, take(&batch, until))).is_err() {
                        break;
                    }
                })?;
        }
        drop((raw_rx, out_tx));
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (seq, taken) in out_rx {
            pending.insert(seq, taken);
            while let Some(taken) = pending.remove(&next) {
                keep(&mut walked, taken?);
                next += 1;
                progress("commits", walked.commits.len() as u64);
            }
        }
        walker.join().expect("the walking thread does not panic")?;
        Ok(())
    })?;
    let mut by_id: Vec<u32> = (0..walked.commits.len() as u32).collect();
    by_id.sort_unstable_by_key(|&i| walked.commits[i as usize].id);
    walked.by_id = by_id;
    newest_first(&mut walked.found);
    Ok(walked)
}

/// Sorts fixes newest first, as `git log` lists them.
pub(crate) fn newest_first(fixes: &mut [Fix]) {
    fixes.sort_by(|a, b| b.time.cmp(&a.time).then(a.oid.cmp(&b.oid)));
}

/// What a worker keeps of one commit: `None` for one after `until`, else
/// the commit, whether it is a merge, and the fix it is if it is one.
type Taken = Option<(Light, bool, Option<Fix>)>;

/// Reads and classifies one batch of walked commits.
fn take(batch: &[RawCommit], until: Option<i64>) -> anyhow::Result<Vec<Taken>> {
    let mut out = Vec::with_capacity(batch.len());
    for c in batch {
        let text = c.text()?;
        if until.is_some_and(|u| text.committer_time > u) {
            out.push(None);
            continue;
        }
        let light = Light {
            id: c.id,
            time: text.committer_time,
        };
        let merge = c.parents.len() > 1;
        out.push(Some((light, merge, fix_of(light, merge, &text.message))));
    }
    Ok(out)
}

/// Adds one classified batch to the walk's tallies.
fn keep(walked: &mut Walked, taken: Vec<Taken>) {
    for (light, merge, fix) in taken.into_iter().flatten() {
        *walked.per_year.entry(year_of(light.time)).or_insert(0) += 1;
        walked.commits.push(light);
        walked.merges += u64::from(merge);
        walked.found.extend(fix);
    }
}

/// The commit as a fix, when its message says it is one. A merge never is
/// (whatever its message says, its first-parent diff is a whole branch).
fn fix_of(c: Light, merge: bool, message: &str) -> Option<Fix> {
    if merge {
        return None;
    }
    let v = classify(message);
    v.is_fix.then(|| {
        let subject = subject(message).to_owned();
        let date = crate::history::date_of(c.time);
        Fix {
            oid: c.id,
            time: c.time,
            year: year_of(c.time),
            refs: v.fixes.iter().map(|f| f.sha.clone()).collect(),
            paths: Vec::new(),
            item: bug_item(c.id.to_string(), date, subject, &v),
        }
    })
}

/// The fixes of the walk; with `files`, each diffed against its first
/// parent (in parallel) and attributed to languages and subsystems.
pub(crate) fn fixes(
    repo: &Repo,
    walked: &mut Walked,
    attr: Option<&Attributor>,
    files: bool,
    progress: Progress<'_>,
) -> anyhow::Result<Vec<Fix>> {
    let mut fixes = std::mem::take(&mut walked.found);
    let (Some(attr), true) = (attr, files) else {
        return Ok(fixes);
    };
    progress("diffs", 0);
    let paths: Vec<Result<(Vec<String>, u64), ferrometer_git::Error>> =
        fixes.par_iter().map(|f| changed(repo, &f.oid)).collect();
    for (f, p) in fixes.iter_mut().zip(paths) {
        let (paths, files) = match p {
            Ok(p) => p,
            // At the edge of a shallow clone the parent is not there: the
            // commit's changes are unknown, not its whole tree.
            Err(ferrometer_git::Error::MissingObject { shallow: true, .. }) => (Vec::new(), 0),
            Err(e) => return Err(e.into()),
        };
        attribute(&mut f.item, attr, &paths, files);
        f.paths = paths;
    }
    Ok(fixes)
}

/// A fix for a commit of the walk that an advisory names as its fix but
/// whose message did not read as one: the advisory's verdict, the commit's
/// own files.
pub(crate) fn from_advisory(
    repo: &Repo,
    commit: Light,
    advisory: &BugItem,
    attr: Option<&Attributor>,
) -> Fix {
    let mut item = advisory.clone();
    item.id = commit.id.to_string();
    item.date = crate::history::date_of(commit.time);
    let mut paths = Vec::new();
    if let Some(attr) = attr {
        let (p, files) = changed(repo, &commit.id).unwrap_or_default();
        attribute(&mut item, attr, &p, files);
        paths = p;
    }
    Fix {
        oid: commit.id,
        time: commit.time,
        year: year_of(commit.time),
        refs: Vec::new(),
        paths,
        item,
    }
}

/// Fills in the languages, subsystems and number of files of an item from
/// the paths it touched, then applies the rules that need them: crashes in
/// C, panics in Rust, memory errors claimed for memory-safe code.
pub(crate) fn attribute(item: &mut BugItem, attr: &Attributor, paths: &[String], files: u64) {
    let (langs, subsystems) = attr.attribute(paths.iter().map(String::as_str));
    item.langs = langs;
    item.subsystems = subsystems;
    item.files = files;
    super::crash_in_c(item);
    super::panic_in_rust(item);
    super::safe_code_only(
        item,
        attr.memory_safe_only(paths.iter().map(String::as_str)),
    );
}

/// Attributes each fix's headers again with the language `scan` gave them
/// at the end of the fix's year, as the code lines count them.
pub(crate) fn settle_headers(fixes: &mut [Fix], attr: &Attributor, exposure: &super::Exposure) {
    for f in fixes {
        let Some(headers) = exposure.headers.get(&f.year) else {
            continue;
        };
        if f.paths.is_empty() {
            continue;
        }
        f.item.langs = attr
            .attribute_in(f.paths.iter().map(String::as_str), Some(headers))
            .0;
    }
}

/// The paths a commit changed against its first parent (a rename gives
/// both paths), and the number of files changed.
fn changed(repo: &Repo, oid: &Oid) -> Result<(Vec<String>, u64), ferrometer_git::Error> {
    let changes = repo.changed_paths(oid)?;
    let files = changes.len() as u64;
    let mut out = Vec::with_capacity(changes.len());
    for c in changes {
        if let ChangeKind::Renamed { from } = c.kind {
            out.push(from);
        }
        out.push(c.path);
    }
    Ok((out, files))
}

/// Resolves each fix's `Fixes:` tags: the first that names a commit (in the
/// walk, else anywhere in the repository) older than the fix gives its
/// lifetime; with attribution, the languages of what it introduced.
pub(crate) fn lifetimes(
    repo: &Repo,
    walked: &Walked,
    fixes: &mut [Fix],
    attr: Option<&Attributor>,
    progress: Progress<'_>,
) {
    progress("fixes tags", 0);
    let found: Vec<Option<(Oid, i64)>> = fixes
        .par_iter()
        .map(|f| {
            f.refs.iter().find_map(|r| {
                let (id, time) = match walked.find_prefix(r) {
                    Some(i) => (walked.commits[i].id, walked.commits[i].time),
                    None => {
                        let rev = repo.resolve(&format!("{r}^{{commit}}")).ok()?;
                        (rev.commit, rev.time)
                    }
                };
                (id != f.oid && time <= f.time).then_some((id, time))
            })
        })
        .collect();
    let langs: Vec<Vec<String>> = fixes
        .par_iter()
        .zip(&found)
        .map(|(f, intro)| match (intro, attr) {
            (Some((id, _)), Some(attr)) if !f.paths.is_empty() => {
                let paths = changed(repo, id).map(|(p, _)| p).unwrap_or_default();
                let shared: Vec<&str> = paths
                    .iter()
                    .filter(|p| f.paths.contains(p))
                    .map(String::as_str)
                    .collect();
                if shared.is_empty() {
                    attr.attribute(paths.iter().map(String::as_str)).0
                } else {
                    attr.attribute(shared.into_iter()).0
                }
            }
            _ => Vec::new(),
        })
        .collect();
    for ((f, intro), langs) in fixes.iter_mut().zip(found).zip(langs) {
        if let Some((id, time)) = intro {
            f.item.lifetime = Some(Lifetime {
                introduced: id.to_string(),
                days: (f.time - time) / 86_400,
                langs,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walked(ids: &[&str]) -> Walked {
        let commits: Vec<Light> = ids
            .iter()
            .map(|h| Light {
                id: Oid::from_hex(h).unwrap(),
                time: 0,
            })
            .collect();
        let mut by_id: Vec<u32> = (0..commits.len() as u32).collect();
        by_id.sort_unstable_by_key(|&i| commits[i as usize].id);
        Walked {
            commits,
            by_id,
            ..Walked::default()
        }
    }

    #[test]
    fn prefixes_resolve_only_when_unique() {
        let w = walked(&[
            "abcdef0123456789abcdef0123456789abcdef01",
            "abcdef0199999999999999999999999999999999",
            "0000000000000000000000000000000000000001",
        ]);
        assert_eq!(w.find_prefix("abcdef01234"), Some(0));
        assert_eq!(w.find_prefix("ABCDEF0199"), Some(1));
        assert_eq!(w.find_prefix("abcdef01"), None, "ambiguous");
        assert_eq!(w.find_prefix("0000000"), Some(2));
        assert_eq!(w.find_prefix("123456789"), None, "absent");
        assert_eq!(w.find_prefix("abc"), None, "too short");
        assert_eq!(w.find_prefix("abcdefg1"), None, "not hex");
    }

    #[test]
    fn merges_are_never_fixes() {
        let id = Oid::from_hex("abcdef0123456789abcdef0123456789abcdef01").unwrap();
        let c = Light { id, time: 0 };
        let message = "Sync with maint\n\n* maint:\n  frob: fix use-after-free in frob_close()\n";
        assert!(fix_of(c, false, message).is_some());
        assert!(fix_of(c, true, message).is_none());
    }

    #[test]
    fn years_in_utc() {
        assert_eq!(year_of(0), 1970);
        assert_eq!(year_of(1_704_067_199), 2023); // 2023-12-31T23:59:59Z
        assert_eq!(year_of(1_704_067_200), 2024);
    }
}
