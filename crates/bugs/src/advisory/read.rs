//! Reading advisories from a file or a directory tree.

use std::path::{Path, PathBuf};

use ferrometer_model::Diagnostic;
use rayon::prelude::*;
use serde_json::Value;

use super::{cve5, osv, Advisory, Error, State};

/// How many problem samples [`AdvisoryStats::samples`] keeps.
pub const MAX_SAMPLES: usize = 20;

/// What [`read_advisories`] saw besides the advisories.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdvisoryStats {
    /// `*.json` files read (or the one file given).
    pub files: u64,
    /// Other files in the tree, not read.
    pub skipped_files: u64,
    /// Files that gave advisories.
    pub parsed_files: u64,
    /// Files that are not JSON, or not a valid record of their format.
    pub malformed_files: u64,
    /// JSON files of neither format (a JSON schema, a config file).
    pub unrecognized_files: u64,
    /// Files or directories that could not be read.
    pub unreadable: u64,
    /// Advisories read, of any state.
    pub advisories: u64,
    /// … of which in force.
    pub published: u64,
    /// … of which CVE records in state `REJECTED`.
    pub rejected: u64,
    /// … of which withdrawn OSV records.
    pub withdrawn: u64,
    /// … of which OSV records.
    pub osv: u64,
    /// … of which CVE JSON 5 records.
    pub cve5: u64,
    /// The first [`MAX_SAMPLES`] problems (by path): the path and the reason.
    pub samples: Vec<Diagnostic>,
}

/// Reads every advisory in `path`: one file (whatever its name), or every
/// `*.json` file below a directory (recursively, `.git` skipped, symlinked
/// directories not followed). The format is sniffed per file: a CVE record
/// by `dataType: CVE_RECORD` or `cveMetadata`, else OSV by an `id` (an array
/// is a list of OSV records).
///
/// Never fails: unreadable, malformed and unrecognised files are counted in
/// the stats, with samples. Files are read in parallel; the result is in
/// path order, records of one file in file order.
#[must_use]
pub fn read_advisories(path: &Path) -> (Vec<Advisory>, AdvisoryStats) {
    let mut stats = AdvisoryStats::default();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut files = Vec::new();
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => walk(path, &mut files, &mut stats, &mut problems),
        Ok(_) => files.push(path.to_path_buf()),
        Err(e) => {
            stats.unreadable += 1;
            problems.push(problem(path, &e.to_string()));
        }
    }
    files.sort();
    stats.files = files.len() as u64;

    let results: Vec<(PathBuf, Result<Vec<Advisory>, Error>)> = files
        .into_par_iter()
        .map(|f| {
            let r = read_one(&f);
            (f, r)
        })
        .collect();

    let mut out = Vec::new();
    for (file, result) in results {
        match result {
            Ok(advs) => {
                stats.parsed_files += 1;
                for a in &advs {
                    stats.advisories += 1;
                    match a.state {
                        State::Published => stats.published += 1,
                        State::Rejected => stats.rejected += 1,
                        State::Withdrawn => stats.withdrawn += 1,
                    }
                    match a.format {
                        super::Format::Osv => stats.osv += 1,
                        super::Format::Cve5 => stats.cve5 += 1,
                    }
                }
                out.extend(advs);
            }
            Err(e) => {
                match e {
                    Error::Read { .. } => stats.unreadable += 1,
                    Error::UnknownFormat => stats.unrecognized_files += 1,
                    Error::Json(_) | Error::Shape { .. } => stats.malformed_files += 1,
                }
                problems.push(problem(&file, &reason(&e)));
            }
        }
    }
    problems.sort_by(|a, b| a.subject.cmp(&b.subject));
    problems.truncate(MAX_SAMPLES);
    stats.samples = problems;
    (out, stats)
}

/// Reads and parses one file, sniffing its format.
fn read_one(path: &Path) -> Result<Vec<Advisory>, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let value: Value = serde_json::from_slice(&bytes).map_err(Error::Json)?;
    if cve5::looks_like(&value) {
        return cve5::from_value(value).map(|a| vec![a]);
    }
    let osv_like = match &value {
        Value::Array(items) => !items.is_empty() && items.iter().all(|i| i.get("id").is_some()),
        Value::Object(map) => {
            map.contains_key("id")
                && (map.contains_key("affected")
                    || map.contains_key("modified")
                    || map.contains_key("schema_version")
                    || map.contains_key("aliases")
                    || map.contains_key("details")
                    || map.contains_key("summary"))
        }
        _ => false,
    };
    if osv_like {
        osv::from_value(value)
    } else {
        Err(Error::UnknownFormat)
    }
}

/// The error and its causes, `: `-separated.
fn reason(e: &Error) -> String {
    let mut s = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        source = cause.source();
    }
    s
}

fn problem(path: &Path, message: &str) -> Diagnostic {
    Diagnostic {
        subject: path.display().to_string(),
        message: message.to_string(),
    }
}

/// Collects `*.json` files below `dir`, depth first.
fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    stats: &mut AdvisoryStats,
    problems: &mut Vec<Diagnostic>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            stats.unreadable += 1;
            problems.push(problem(dir, &e.to_string()));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                stats.unreadable += 1;
                problems.push(problem(dir, &e.to_string()));
                continue;
            }
        };
        let path = entry.path();
        // The entry's own type: a symlink to a directory is not followed.
        let Ok(kind) = entry.file_type() else {
            stats.unreadable += 1;
            problems.push(problem(&path, "could not read the file type"));
            continue;
        };
        if kind.is_dir() {
            if entry.file_name() != ".git" {
                walk(&path, files, stats, problems);
            }
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            && (kind.is_file() || path.is_file())
        {
            files.push(path);
        } else {
            stats.skipped_files += 1;
        }
    }
}
