//! `history`: the footprint of many revisions, read from git objects.
//!
//! Data flow, one revision at a time in output order: list the commit's
//! tree (`ferrometer-git`), keep what `scan` of a checkout would count
//! ([`visible`]), look each blob up in the run's memo, then in the SQLite
//! cache (`ferrometer-store`), classify the rest in parallel from the object
//! database (`ferrometer-source`), and hand the files to the same
//! [`footprint`](crate::scan::footprint) as `scan`, with the `.gitattributes`
//! and `MAINTAINERS`/`CODEOWNERS` of that revision. A blob is read and
//! classified at most once per run (and once per cache), so the cost grows
//! with what changed between revisions, not with their number times the
//! size of the tree.

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
    let mut revisions = Vec::with_capacity(chosen.revisions.len());
    let mut diagnostics = Vec::new();
    let mut submodule_note = false;
    let options = format!("{:?}", plan.group);
    for (i, rev) in chosen.revisions.iter().enumerate() {
        let tree_id = repo.tree_id(&rev.commit)?;
        let saved = match cache.as_ref() {
            Some(c) => c.get_revision(tree_id.as_bytes(), PROGRAM, &options)?,
            None => None,
        };
        let saved = if let Some(saved) = saved {
            run.stats.revisions_cached += 1;
            saved
        } else {
            let tree = repo.files(&rev.commit)?;
            let (footprint, owners_file, diagnostics) =
                pool.install(|| run.revision(&tree, plan, cache.as_mut()))?;
            let saved = SavedRevision {
                footprint,
                owners_file,
                submodules: tree.submodules.iter().map(|s| s.path.clone()).collect(),
                diagnostics,
            };
            if cache.is_some() {
                fresh_revisions.push((*tree_id.as_bytes(), saved.clone()));
            }
            saved
        };
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
        progress(i as u64 + 1, total, run.stats.classified);
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

impl Run<'_> {
    fn revision(
        &mut self,
        tree: &Tree,
        plan: &HistoryPlan,
        cache: Option<&mut BlobCache>,
    ) -> anyhow::Result<(Footprint, Option<String>, Vec<Diagnostic>)> {
        let repo = self.repo;
        let mut small_read = |oid: &Oid| {
            let mut buf = Vec::new();
            repo.read_blob(oid, &mut buf).ok().map(|()| buf)
        };
        let vis = visible::visible(tree, &mut small_read);
        let keys: Vec<Key> = vis.files.iter().map(|f| self.key(f)).collect();
        self.fill(&vis.files, &keys, cache)?;

        let files: Vec<FileEntry> = vis
            .files
            .iter()
            .zip(&keys)
            .map(|(f, k)| entry(&f.path, &self.memo[k]))
            .collect();
        let attributes: Vec<AttributesFile> = vis
            .attributes
            .iter()
            .filter_map(|(dir, oid)| {
                small_read(oid).map(|text| AttributesFile {
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
        let fp = footprint(&files, &origins, owners.as_ref(), &plan.group);
        Ok((fp, owners_file, diags))
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

    /// Makes sure every key is in the memo: from the cache, else by reading
    /// and classifying the blob (in parallel).
    fn fill(
        &mut self,
        files: &[&TreeFile],
        keys: &[Key],
        cache: Option<&mut BlobCache>,
    ) -> anyhow::Result<()> {
        let mut seen = HashSet::new();
        let mut missing: Vec<(Key, Oid, &str)> = Vec::new();
        for (f, k) in files.iter().zip(keys) {
            if !self.memo.contains_key(k) && seen.insert(*k) {
                missing.push((*k, f.oid, &f.path));
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
        let mut buf = Vec::new();
        repo.read_blob(&tree.files[i].oid, &mut buf).ok()?;
        Some(buf)
    };
    let is_dir = |rel: &str| dirs.contains(rel.trim_end_matches('/'));
    Owners::discover_in(&read, &is_dir, &|rel| rel.to_owned())
}
