//! `history`: the footprint of many revisions, read from git objects.
//!
//! Data flow: resolve each revision's tree and take whole results the SQLite
//! cache (`ferrometer-store`) already holds; list the other trees
//! (`ferrometer-git`), several at once, keeping what `scan` of a checkout
//! would count ([`visible`]); then, a batch of listed revisions at a time,
//! look each blob up in the run's memo, then in the cache, classify the rest
//! in one parallel pass from the object database (`ferrometer-source`), the
//! versions of a path one after another, and hand each revision's files to
//! the same [`footprint`](crate::scan::footprint) as `scan`, with the
//! `.gitattributes` and `MAINTAINERS`/`CODEOWNERS` of that revision. A blob
//! is read and classified at most once per run (and once per cache), so the
//! cost grows with what changed between revisions, not with their number
//! times the size of the tree.

mod select;
mod visible;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use ferrometer_git::{Oid, Repo, Tree, TreeFile};
use ferrometer_model::{Diagnostic, Footprint};
use ferrometer_owners::Owners;
use ferrometer_source::lang::{self, Rules};
use ferrometer_source::origin::OriginRules;
use ferrometer_source::walk::{self, AttributesFile, FileEntry, FileKind};
use ferrometer_store::{BlobCache, Key, Record, SavedRevision};
use rayon::prelude::*;

pub use select::{date_of, parse_date, parse_duration, Chosen, RevisionFilter, Selection};

use crate::scan::{footprint, GroupBy, GroupOptions};

/// The fingerprint of the code that computes a revision's result (see
/// `build.rs`): saved revisions of any other build are not used.
const PROGRAM: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "+",
    env!("FERROMETER_PROGRAM_HASH")
);

/// Where classified blobs and finished revisions are remembered between runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheChoice {
    /// The platform cache directory ([`ferrometer_store::default_path`]).
    Default,
    /// This file.
    At(PathBuf),
    /// No cache: classify every blob of the run.
    Off,
}

/// A validated `history` request.
#[derive(Clone, Debug)]
pub struct HistoryPlan {
    /// A work tree, a directory inside one, a `.git` directory or a bare repository.
    pub path: PathBuf,
    /// Which revisions.
    pub filter: RevisionFilter,
    /// Filtering, grouping and order of each revision's rows.
    pub group: GroupOptions,
    /// The blob cache.
    pub cache: CacheChoice,
    /// Worker threads; 0 means one per CPU.
    pub threads: usize,
}

/// One revision's footprint.
#[derive(Debug)]
pub struct RevisionFootprint {
    /// The tag, the spec as given, or the commit's first 12 hex digits.
    pub name: String,
    /// The commit, 40 hex digits.
    pub commit: String,
    /// Committer time, seconds since the epoch.
    pub time: i64,
    /// Committer date, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// Rows and totals, exactly as `scan` of a checkout would give them.
    pub footprint: Footprint,
    /// The ownership file used for `--by subsystem`.
    pub owners_file: Option<String>,
    /// Submodules in the tree, not counted (their code is in other repositories).
    pub submodules: u64,
}

/// What the run cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HistoryStats {
    /// Revisions whose result was found in the cache (same tree, options
    /// and program): their trees were not even listed.
    pub revisions_cached: u64,
    /// Distinct (blob, name language) pairs over the revisions computed.
    pub distinct_blobs: u64,
    /// Of those, found in the cache.
    pub cache_hits: u64,
    /// Of those, read and classified in this run.
    pub classified: u64,
    /// Bytes of blobs read and classified.
    pub bytes_read: u64,
}

/// A finished `history` run.
#[derive(Debug)]
pub struct HistoryOutput {
    /// The repository (its work tree, or the git directory when bare).
    pub repo: PathBuf,
    /// One footprint per revision, in output order.
    pub revisions: Vec<RevisionFootprint>,
    /// Things to tell the user (tags skipped, submodules not counted).
    pub notes: Vec<String>,
    /// Malformed ownership or attribute lines, per revision.
    pub diagnostics: Vec<Diagnostic>,
    /// Costs.
    pub stats: HistoryStats,
    /// The cache file used, if any.
    pub cache_path: Option<PathBuf>,
}

/// Progress: `(revisions done, revisions in all, blobs classified so far)`.
pub type Progress<'a> = &'a (dyn Fn(u64, u64, u64) + Sync);

/// Runs `history`.
///
/// # Errors
/// Not a repository, unknown revisions, a glob matching nothing, missing
/// objects (a shallow clone), or a cache file that can't be used.
pub fn history(plan: &HistoryPlan, progress: Progress<'_>) -> anyhow::Result<HistoryOutput> {
    run(plan, progress, Batching::DEFAULT)
}

/// How revisions are taken in hand.
#[derive(Clone, Copy, Debug)]
struct Batching {
    /// Revisions listed at a time, in parallel.
    list_group: usize,
    /// Files listed before a batch is computed: bounds what the listed trees
    /// hold in memory (some 100 bytes a file) on long runs over large trees.
    batch_files: usize,
}

impl Batching {
    const DEFAULT: Batching = Batching {
        list_group: 16,
        batch_files: 1 << 20,
    };
}

fn run(
    plan: &HistoryPlan,
    progress: Progress<'_>,
    batching: Batching,
) -> anyhow::Result<HistoryOutput> {
    let repo = Repo::open(&plan.path)?;
    let chosen = select::choose(&repo, &plan.filter)?;
    let mut notes = chosen.notes;
    let mut cache = match &plan.cache {
        CacheChoice::Off => None,
        CacheChoice::Default => match ferrometer_store::default_path() {
            Some(path) => Some(open_cache(&path)?),
            None => {
                notes.push(
                    "no cache directory is known on this system; running without a cache".into(),
                );
                None
            }
        },
        CacheChoice::At(path) => Some(open_cache(path)?),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.threads)
        .build()
        .context("could not start worker threads")?;
    let mut run = Run {
        repo: &repo,
        rules: lang::rules(),
        memo: HashMap::new(),
        stats: HistoryStats::default(),
        fresh: Vec::new(),
    };
    let mut fresh_revisions: Vec<([u8; 20], SavedRevision)> = Vec::new();
    let total = chosen.revisions.len() as u64;
    let options = format!("{:?}", plan.group);
    // Revisions are listed in order and computed in batches: the new blobs
    // of a whole batch are classified in one parallel pass (so no core waits
    // at the end of each revision), then the batch's footprints in parallel.
    let mut results: Vec<Option<SavedRevision>> = Vec::with_capacity(chosen.revisions.len());
    let mut pending: Vec<(usize, [u8; 20])> = Vec::new();
    let mut done = 0;
    for (i, rev) in chosen.revisions.iter().enumerate() {
        let tree_id = repo.tree_id(&rev.commit)?;
        let saved = match cache.as_ref() {
            Some(c) => c.get_revision(tree_id.as_bytes(), PROGRAM, &options)?,
            None => None,
        };
        if saved.is_some() {
            run.stats.revisions_cached += 1;
            done += 1;
        } else {
            pending.push((i, *tree_id.as_bytes()));
        }
        results.push(saved);
    }
    progress(done, total, run.stats.classified);
    let mut batch: Vec<Listed> = Vec::new();
    let mut batch_files = 0;
    let groups = pending.chunks(batching.list_group);
    let last = groups.len();
    for (g, group) in groups.enumerate() {
        let listed = pool.install(|| {
            group
                .par_iter()
                .map(|&(at, tree_id)| {
                    let tree = repo.files(&chosen.revisions[at].commit)?;
                    Ok(run.list(at, tree_id, tree))
                })
                .collect::<anyhow::Result<Vec<Listed>>>()
        })?;
        batch_files += listed.iter().map(|l| l.files.len()).sum::<usize>();
        batch.extend(listed);
        if batch_files >= batching.batch_files || g + 1 == last {
            let computed = pool.install(|| run.batch(&batch, plan, cache.as_mut()))?;
            done += batch.len() as u64;
            for (listed, saved) in batch.drain(..).zip(computed) {
                if cache.is_some() {
                    fresh_revisions.push((listed.tree_id, saved.clone()));
                }
                results[listed.at] = Some(saved);
            }
            batch_files = 0;
            progress(done, total, run.stats.classified);
        }
    }

    let mut revisions = Vec::with_capacity(chosen.revisions.len());
    let mut diagnostics = Vec::new();
    let mut submodule_note = false;
    for (rev, saved) in chosen.revisions.iter().zip(results) {
        let saved = saved.expect("every revision was computed or found in the cache");
        for d in &saved.diagnostics {
            diagnostics.push(Diagnostic {
                subject: format!("{}: {}", rev.name, d.subject),
                message: d.message.clone(),
            });
        }
        if !saved.submodules.is_empty() && !submodule_note {
            submodule_note = true;
            notes.push(format!(
                "{} has {} submodules ({}{}); their code lives in other repositories and is not counted",
                rev.name,
                saved.submodules.len(),
                saved.submodules[0],
                if saved.submodules.len() > 1 { ", …" } else { "" }
            ));
        }
        revisions.push(RevisionFootprint {
            name: rev.name.clone(),
            commit: rev.commit.to_string(),
            time: rev.time,
            date: date_of(rev.time),
            submodules: saved.submodules.len() as u64,
            footprint: saved.footprint,
            owners_file: saved.owners_file,
        });
    }
    // The cache is written once, at the end: one transaction for the blobs,
    // one for the revisions.
    if let Some(c) = cache.as_mut() {
        c.put_many(&run.fresh)?;
        c.put_revisions(PROGRAM, &options, &fresh_revisions)?;
    }
    let repo_path = repo
        .work_dir()
        .unwrap_or_else(|| repo.git_dir().to_path_buf());
    Ok(HistoryOutput {
        repo: repo_path.canonicalize().unwrap_or(repo_path),
        revisions,
        notes,
        diagnostics,
        stats: run.stats,
        cache_path: cache.map(|c| c.path().to_path_buf()),
    })
}

fn open_cache(path: &Path) -> anyhow::Result<BlobCache> {
    Ok(BlobCache::open(path, lang::classifier_fingerprint())?)
}

struct Run<'r> {
    repo: &'r Repo,
    rules: &'static Rules,
    memo: HashMap<Key, Record>,
    stats: HistoryStats,
    /// Classified blobs not yet in the cache: written once, at the end.
    fresh: Vec<(Key, Record)>,
}

/// A revision listed and waiting for its batch.
struct Listed {
    /// Index into the chosen revisions.
    at: usize,
    tree_id: [u8; 20],
    tree: Tree,
    /// What a checkout's walk would count: indexes into `tree.files`.
    files: Vec<usize>,
    /// `(directory, blob)` of each `.gitattributes` the walk would read.
    attributes: Vec<(String, Oid)>,
    /// Memo key of each of `files`.
    keys: Vec<Key>,
}

impl Run<'_> {
    /// Keeps the files of `tree` a checkout's walk would count.
    fn list(&self, at: usize, tree_id: [u8; 20], tree: Tree) -> Listed {
        let vis = visible::visible(&tree, &mut |oid| small_blob(self.repo, oid));
        let keys = vis
            .files
            .iter()
            .map(|&i| self.key(&tree.files[i]))
            .collect();
        Listed {
            at,
            tree_id,
            files: vis.files,
            attributes: vis.attributes,
            keys,
            tree,
        }
    }

    /// The footprints of a batch of listed revisions: their new blobs
    /// classified in one pass, then each revision in parallel.
    fn batch(
        &mut self,
        batch: &[Listed],
        plan: &HistoryPlan,
        cache: Option<&mut BlobCache>,
    ) -> anyhow::Result<Vec<SavedRevision>> {
        self.fill(batch, cache)?;
        let this = &*self;
        Ok(batch
            .par_iter()
            .map(|listed| this.revision(listed, plan))
            .collect())
    }

    /// One revision's result, its blobs all in the memo.
    fn revision(&self, listed: &Listed, plan: &HistoryPlan) -> SavedRevision {
        let repo = self.repo;
        let tree = &listed.tree;
        let files: Vec<FileEntry> = listed
            .files
            .iter()
            .zip(&listed.keys)
            .map(|(&i, k)| entry(&tree.files[i].path, &self.memo[k]))
            .collect();
        let attributes: Vec<AttributesFile> = listed
            .attributes
            .iter()
            .filter_map(|(dir, oid)| {
                small_blob(repo, oid).map(|text| AttributesFile {
                    dir: dir.clone(),
                    text,
                })
            })
            .collect();
        let kernel = ["MAINTAINERS", "Kbuild", "Kconfig"].iter().all(|name| {
            tree.files
                .binary_search_by(|f| f.path.as_str().cmp(name))
                .is_ok()
        });
        let (origins, mut diags) = OriginRules::new(self.rules, &attributes, kernel);
        let (owners, owners_file) = if plan.group.by == GroupBy::Subsystem {
            let (owners, file, d) = owners_of(repo, tree);
            diags.extend(d);
            (Some(owners), file)
        } else {
            (None, None)
        };
        SavedRevision {
            footprint: footprint(&files, &origins, owners.as_ref(), &plan.group),
            owners_file,
            submodules: tree.submodules.iter().map(|s| s.path.clone()).collect(),
            diagnostics: diags,
        }
    }

    fn key(&self, file: &TreeFile) -> Key {
        let name = file
            .path
            .rsplit_once('/')
            .map_or(&file.path[..], |(_, n)| n);
        Key {
            oid: *file.oid.as_bytes(),
            name_lang: self.rules.by_name(name.as_bytes()),
        }
    }

    /// Makes sure every key of the batch is in the memo: from the cache,
    /// else by reading and classifying the blob (in parallel).
    fn fill(&mut self, batch: &[Listed], cache: Option<&mut BlobCache>) -> anyhow::Result<()> {
        let mut seen = HashSet::new();
        let mut missing: Vec<(Key, Oid, &str)> = Vec::new();
        for listed in batch {
            for (&i, k) in listed.files.iter().zip(&listed.keys) {
                if !self.memo.contains_key(k) && seen.insert(*k) {
                    let f = &listed.tree.files[i];
                    missing.push((*k, f.oid, &f.path));
                }
            }
        }
        if missing.is_empty() {
            return Ok(());
        }
        self.stats.distinct_blobs += missing.len() as u64;
        if let Some(cache) = cache.as_deref() {
            let ks: Vec<Key> = missing.iter().map(|m| m.0).collect();
            let found = cache.get_many(&ks)?;
            let mut rest = Vec::with_capacity(missing.len());
            for (m, hit) in missing.into_iter().zip(found) {
                match hit {
                    Some(rec) => {
                        self.stats.cache_hits += 1;
                        self.memo.insert(m.0, rec);
                    }
                    None => rest.push(m),
                }
            }
            missing = rest;
        }
        // The versions of one path, one after another: each is most likely
        // stored as a delta of another, whose base the reader then still has.
        missing.sort_by(|a, b| a.2.cmp(b.2));
        let rules = self.rules;
        let repo = self.repo;
        let done: Vec<anyhow::Result<(Key, Record, u64)>> = missing
            .par_iter()
            .map_init(
                || (repo.reader(), Vec::with_capacity(64 * 1024)),
                |(reader, buf), (key, oid, path)| {
                    reader
                        .read_blob(oid, buf)
                        .with_context(|| format!("could not read {path}"))?;
                    // As the walk decides: the name, else a `#!` line.
                    let lang = key.name_lang.or_else(|| {
                        if lang::is_binary(buf) {
                            None
                        } else {
                            rules.by_shebang(buf)
                        }
                    });
                    let f = walk::analyze(rules, lang, buf);
                    Ok((*key, record(&f), buf.len() as u64))
                },
            )
            .collect();
        let mut fresh = Vec::with_capacity(done.len());
        for d in done {
            let (key, rec, bytes) = d?;
            self.stats.classified += 1;
            self.stats.bytes_read += bytes;
            self.memo.insert(key, rec);
            fresh.push((key, rec));
        }
        if cache.is_some() {
            self.fresh.extend(fresh);
        }
        Ok(())
    }
}

fn record(f: &FileEntry) -> Record {
    Record {
        lang: f.lang,
        kind: match f.kind {
            FileKind::Text => 0,
            FileKind::Binary => 1,
            FileKind::Other => 2,
            FileKind::Unreadable => 3,
        },
        counts: f.counts,
        generated_marker: f.generated_marker,
        cpp_constructs: f.cpp_constructs,
    }
}

fn entry(path: &str, r: &Record) -> FileEntry {
    FileEntry {
        rel: path.to_owned(),
        lang: r.lang,
        kind: match r.kind {
            0 => FileKind::Text,
            1 => FileKind::Binary,
            3 => FileKind::Unreadable,
            _ => FileKind::Other,
        },
        counts: r.counts,
        generated_marker: r.generated_marker,
        cpp_constructs: r.cpp_constructs,
    }
}

/// A small blob's bytes (an ignore, attributes or ownership file); `None`
/// when it can't be read, which leaves its rules out as a checkout's walk
/// leaves an unreadable file.
fn small_blob(repo: &Repo, oid: &Oid) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    repo.read_blob(oid, &mut buf).ok().map(|()| buf)
}

/// The ownership rules of one revision, read from its tree as
/// [`Owners::discover`] reads them from a checkout.
pub(crate) fn owners_of(repo: &Repo, tree: &Tree) -> (Owners, Option<String>, Vec<Diagnostic>) {
    let mut dirs: HashSet<&str> = HashSet::new();
    let paths = tree
        .files
        .iter()
        .map(|f| f.path.as_str())
        .chain(tree.submodules.iter().map(|s| s.path.as_str()));
    for path in paths {
        let mut p = path;
        while let Some((dir, _)) = p.rsplit_once('/') {
            if !dirs.insert(dir) {
                break;
            }
            p = dir;
        }
    }
    for s in &tree.submodules {
        dirs.insert(&s.path);
    }
    let read = |rel: &str| {
        let i = tree
            .files
            .binary_search_by(|f| f.path.as_str().cmp(rel))
            .ok()?;
        small_blob(repo, &tree.files[i].oid)
    };
    let is_dir = |rel: &str| dirs.contains(rel.trim_end_matches('/'));
    Owners::discover_in(&read, &is_dir, &|rel| rel.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::SortKey;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.invalid"])
            .args(args)
            .current_dir(dir)
            .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
            .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    /// Five tagged revisions: files added, edited, renamed, deleted, and a
    /// MAINTAINERS that changes.
    fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        git(d, &["init", "-q", "-b", "main"]);
        let steps: [&[(&str, Option<&str>)]; 5] = [
            &[
                ("src/a.c", Some("int a;\n/* one */\n\nint b;\n")),
                ("MAINTAINERS", Some("CORE\nF:\tsrc/\n")),
            ],
            &[("src/b.rs", Some("fn main() {}\n// two\n"))],
            &[
                ("src/a.c", None),
                ("lib/a.c", Some("int a;\n/* one */\n\nint b;\n")),
            ],
            &[("MAINTAINERS", Some("CORE\nF:\tsrc/\n\nLIB\nF:\tlib/\n"))],
            &[("src/b.rs", Some("fn main() {\n    let x = 1;\n}\n"))],
        ];
        for (n, step) in steps.iter().enumerate() {
            for (path, text) in *step {
                let p = d.join(path);
                match text {
                    Some(t) => {
                        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
                        std::fs::write(&p, t).expect("write");
                    }
                    None => std::fs::remove_file(&p).expect("rm"),
                }
            }
            git(d, &["add", "-A"]);
            git(d, &["commit", "-q", "-m", &format!("step {n}")]);
            git(d, &["tag", &format!("v1.{n}")]);
        }
        dir
    }

    fn plan(dir: &Path, cache: CacheChoice) -> HistoryPlan {
        HistoryPlan {
            path: dir.to_path_buf(),
            filter: RevisionFilter {
                selection: Selection::Tags {
                    glob: "v*".into(),
                    include_prerelease: false,
                },
                since: None,
                until: None,
                every: None,
            },
            group: GroupOptions {
                by: GroupBy::Subsystem,
                langs: None,
                header_lang: None,
                exclude_vendored: false,
                exclude_generated: false,
                sort: SortKey::Name,
            },
            cache,
            threads: 2,
        }
    }

    fn footprints(out: &HistoryOutput) -> Vec<(String, Footprint)> {
        out.revisions
            .iter()
            .map(|r| (r.name.clone(), r.footprint.clone()))
            .collect()
    }

    #[test]
    fn batches_of_any_size_give_the_same_footprints() {
        let dir = repo();
        let whole = run(
            &plan(dir.path(), CacheChoice::Off),
            &|_, _, _| {},
            Batching::DEFAULT,
        )
        .expect("history");
        assert_eq!(whole.revisions.len(), 5);
        assert!(whole.revisions[4].footprint.rows.len() >= 2);
        let one_by_one = Batching {
            list_group: 1,
            batch_files: 1,
        };
        let split = run(
            &plan(dir.path(), CacheChoice::Off),
            &|_, _, _| {},
            one_by_one,
        )
        .expect("history");
        assert_eq!(footprints(&split), footprints(&whole));
        assert_eq!(split.stats, whole.stats);

        // A cache filled batch by batch answers a whole run, and the other way round.
        let cache = dir.path().join("cache.sqlite");
        let at = CacheChoice::At(cache);
        let filled =
            run(&plan(dir.path(), at.clone()), &|_, _, _| {}, one_by_one).expect("history");
        assert_eq!(footprints(&filled), footprints(&whole));
        let rerun = run(&plan(dir.path(), at), &|_, _, _| {}, Batching::DEFAULT).expect("history");
        assert_eq!(footprints(&rerun), footprints(&whole));
        assert_eq!(rerun.stats.revisions_cached, 5);
        assert_eq!(rerun.stats.classified, 0);
    }
}
