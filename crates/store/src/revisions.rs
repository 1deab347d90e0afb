//! Finished revisions: a tree's footprint for one set of options.
//!
//! A revision's result depends on its tree (every blob, `.gitignore`,
//! `.gitattributes` and `MAINTAINERS` in it), the options, and the code
//! that computes it. The caller names the options and the code (its
//! fingerprint); the tree id names the rest. Rows of other program
//! fingerprints are dropped the first time a revision is stored.

use ferrometer_model::{Counts, Diagnostic, Footprint, Lang, Origin, Row, ScanSummary};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::blobs::{BlobCache, Error};

/// A revision's result as the cache keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedRevision {
    /// Rows, totals and summary.
    pub footprint: Footprint,
    /// The ownership file used for `--by subsystem`.
    pub owners_file: Option<String>,
    /// Paths of the submodules in the tree.
    pub submodules: Vec<String>,
    /// Malformed ownership or attribute lines.
    pub diagnostics: Vec<Diagnostic>,
}

pub(crate) const TABLE: &str = "CREATE TABLE IF NOT EXISTS revisions (
    tree BLOB NOT NULL,
    program TEXT NOT NULL,
    options TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (tree, program, options)
) WITHOUT ROWID;";

impl BlobCache {
    /// The saved result of `tree` under `options`, computed by the program
    /// whose fingerprint is `program`. An entry this build can't decode is
    /// a miss.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn get_revision(
        &self,
        tree: &[u8; 20],
        program: &str,
        options: &str,
    ) -> Result<Option<SavedRevision>, Error> {
        let data: Option<Vec<u8>> = self
            .conn
            .prepare_cached(
                "SELECT data FROM revisions WHERE tree = ?1 AND program = ?2 AND options = ?3",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![&tree[..], program, options], |r| r.get(0))
                    .optional()
            })
            .map_err(|source| self.error("could not read", source))?;
        Ok(data.and_then(|d| decode(&d)))
    }

    /// Saves the result of `tree` under `options`; drops results of other
    /// program fingerprints, which can't be trusted any more.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn put_revision(
        &mut self,
        tree: &[u8; 20],
        program: &str,
        options: &str,
        saved: &SavedRevision,
    ) -> Result<(), Error> {
        self.put_revisions(program, options, &[(*tree, saved.clone())])
    }

    /// [`BlobCache::put_revision`] for many trees, in one transaction.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn put_revisions(
        &mut self,
        program: &str,
        options: &str,
        saved: &[([u8; 20], SavedRevision)],
    ) -> Result<(), Error> {
        let prune = !self.pruned;
        let result = (|| {
            let tx = self.conn.transaction()?;
            if prune {
                tx.execute("DELETE FROM revisions WHERE program != ?1", [program])?;
            }
            {
                let mut stmt = tx.prepare_cached(
                    "INSERT OR REPLACE INTO revisions (tree, program, options, data)
                     VALUES (?1, ?2, ?3, ?4)",
                )?;
                for (tree, s) in saved {
                    stmt.execute(params![&tree[..], program, options, encode(s)])?;
                }
            }
            tx.commit()
        })();
        result.map_err(|source| self.error("could not write", source))?;
        self.pruned = true;
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
struct SavedJson {
    rows: Vec<RowJson>,
    total: [u64; 5],
    total_files: u64,
    summary: [u64; 9],
    owners_file: Option<String>,
    submodules: Vec<String>,
    diagnostics: Vec<(String, String)>,
}

#[derive(Serialize, Deserialize)]
struct RowJson {
    group: Option<String>,
    lang: String,
    origin: u8,
    files: u64,
    counts: [u64; 5],
}

fn counts(c: &Counts) -> [u64; 5] {
    [c.lines, c.code, c.comment, c.blank, c.doc]
}

fn from_counts(n: [u64; 5]) -> Counts {
    Counts {
        lines: n[0],
        code: n[1],
        comment: n[2],
        blank: n[3],
        doc: n[4],
    }
}

fn encode(s: &SavedRevision) -> Vec<u8> {
    let fp = &s.footprint;
    let m = &fp.summary;
    let json = SavedJson {
        rows: fp
            .rows
            .iter()
            .map(|r| RowJson {
                group: r.group.clone(),
                lang: r.lang.id().to_owned(),
                origin: match r.origin {
                    Origin::Own => 0,
                    Origin::Vendored => 1,
                    Origin::Generated => 2,
                },
                files: r.files,
                counts: counts(&r.counts),
            })
            .collect(),
        total: counts(&fp.total),
        total_files: fp.total_files,
        summary: [
            m.files_seen,
            m.text_files,
            m.other_files,
            m.binary_files,
            m.unreadable_files,
            m.excluded_files,
            m.unassigned_files,
            m.unassigned_lines,
            m.headers_as_cpp,
        ],
        owners_file: s.owners_file.clone(),
        submodules: s.submodules.clone(),
        diagnostics: s
            .diagnostics
            .iter()
            .map(|d| (d.subject.clone(), d.message.clone()))
            .collect(),
    };
    serde_json::to_vec(&json).expect("plain data always serializes")
}

fn decode(data: &[u8]) -> Option<SavedRevision> {
    let j: SavedJson = serde_json::from_slice(data).ok()?;
    let rows = j
        .rows
        .into_iter()
        .map(|r| {
            Some(Row {
                group: r.group,
                lang: Lang::from_name(&r.lang)?,
                origin: match r.origin {
                    0 => Origin::Own,
                    1 => Origin::Vendored,
                    2 => Origin::Generated,
                    _ => return None,
                },
                files: r.files,
                counts: from_counts(r.counts),
            })
        })
        .collect::<Option<Vec<Row>>>()?;
    let m = j.summary;
    Some(SavedRevision {
        footprint: Footprint {
            rows,
            total: from_counts(j.total),
            total_files: j.total_files,
            summary: ScanSummary {
                files_seen: m[0],
                text_files: m[1],
                other_files: m[2],
                binary_files: m[3],
                unreadable_files: m[4],
                excluded_files: m[5],
                unassigned_files: m[6],
                unassigned_lines: m[7],
                headers_as_cpp: m[8],
            },
        },
        owners_file: j.owners_file,
        submodules: j.submodules,
        diagnostics: j
            .diagnostics
            .into_iter()
            .map(|(subject, message)| Diagnostic { subject, message })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(code: u64) -> SavedRevision {
        SavedRevision {
            footprint: Footprint {
                rows: vec![
                    Row {
                        group: Some("NET".into()),
                        lang: Lang::CppHeader,
                        origin: Origin::Generated,
                        files: 2,
                        counts: from_counts([code + 3, code, 2, 1, 1]),
                    },
                    Row {
                        group: None,
                        lang: Lang::Other,
                        origin: Origin::Own,
                        files: 1,
                        counts: Counts::default(),
                    },
                ],
                total: from_counts([code + 3, code, 2, 1, 1]),
                total_files: 3,
                summary: ScanSummary {
                    files_seen: 9,
                    headers_as_cpp: 2,
                    ..ScanSummary::default()
                },
            },
            owners_file: Some("MAINTAINERS".into()),
            submodules: vec!["third_party/x".into()],
            diagnostics: vec![Diagnostic {
                subject: "MAINTAINERS:3".into(),
                message: "bad line".into(),
            }],
        }
    }

    #[test]
    fn revisions_round_trip_per_tree_program_and_options() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.sqlite");
        let mut c = BlobCache::open(&path, "k1").expect("open");
        let (t1, t2) = ([1; 20], [2; 20]);
        assert_eq!(c.get_revision(&t1, "p1", "by=language").expect("get"), None);
        c.put_revision(&t1, "p1", "by=language", &saved(10))
            .expect("put");
        c.put_revision(&t2, "p1", "by=language", &saved(20))
            .expect("put");
        assert_eq!(
            c.get_revision(&t1, "p1", "by=language").expect("get"),
            Some(saved(10))
        );
        assert_eq!(c.get_revision(&t1, "p1", "by=file").expect("get"), None);
        drop(c);
        let mut c = BlobCache::open(&path, "k1").expect("reopen");
        assert_eq!(
            c.get_revision(&t2, "p1", "by=language").expect("get"),
            Some(saved(20))
        );
        // Another program: old results are misses, and go on its first write.
        assert_eq!(c.get_revision(&t2, "p2", "by=language").expect("get"), None);
        c.put_revision(&t1, "p2", "by=language", &saved(30))
            .expect("put");
        let n: i64 = c
            .conn
            .query_row("SELECT COUNT(*) FROM revisions", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 1);
    }

    #[test]
    fn undecodable_entries_are_misses() {
        assert_eq!(decode(b"not json"), None);
        let mut bad = String::from_utf8(encode(&saved(1))).expect("utf-8");
        bad = bad.replace("\"cpp-header\"", "\"klingon\"");
        assert_eq!(decode(bad.as_bytes()), None);
        assert_eq!(decode(&encode(&saved(1))), Some(saved(1)));
    }
}
