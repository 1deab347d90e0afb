//! The classified-blob cache.

use std::path::{Path, PathBuf};

use ferrometer_model::{Counts, Lang};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

/// The layout of the database; a different number means the file is
/// rebuilt from nothing.
const SCHEMA_VERSION: i64 = 2;

/// What went wrong with the cache file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The cache's directory could not be created.
    #[error("could not create the cache directory {}", path.display())]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// SQLite failed on the cache file.
    #[error("cache {}: {context}", path.display())]
    Sqlite {
        /// The cache file.
        path: PathBuf,
        /// What was being done.
        context: &'static str,
        /// SQLite's error.
        #[source]
        source: rusqlite::Error,
    },
}

/// What a classification depends on: the blob and the language its file
/// name implies (`None`: the name says nothing, so a `#!` line may).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// The git object id (SHA-1).
    pub oid: [u8; 20],
    /// The language of the file name, if it has one.
    pub name_lang: Option<Lang>,
}

/// A classified blob, as the cache keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    /// The language it was counted as.
    pub lang: Lang,
    /// The caller's code for the kind of file (text, binary, other); the
    /// cache keeps it without reading it.
    pub kind: u8,
    /// Its line counts.
    pub counts: Counts,
    /// A generated-file marker near the top.
    pub generated_marker: bool,
    /// A C header with C++ constructs.
    pub cpp_constructs: bool,
}

/// The cache file in the platform's cache directory
/// (`$XDG_CACHE_HOME/ferrometer/blobs.sqlite`, `~/Library/Caches/…`, …).
#[must_use]
pub fn default_path() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("ferrometer").join("blobs.sqlite"))
}

/// Classified blobs in an SQLite file.
pub struct BlobCache {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// Results of other program fingerprints were dropped in this session.
    pub(crate) pruned: bool,
}

impl std::fmt::Debug for BlobCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobCache")
            .field("path", &self.path)
            .finish()
    }
}

impl BlobCache {
    /// Opens (or creates) the cache at `path` for the classifier whose
    /// fingerprint is `classifier`. Entries of any other classifier are
    /// dropped, since they may be wrong now.
    ///
    /// # Errors
    /// When the directory can't be created or the file is not a usable
    /// SQLite database.
    pub fn open(path: &Path, classifier: &str) -> Result<BlobCache, Error> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::CreateDir {
                path: dir.to_owned(),
                source,
            })?;
        }
        let err = |context| {
            let path = path.to_owned();
            move |source| Error::Sqlite {
                path,
                context,
                source,
            }
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(err("could not open"))?;
        // Two runs at once wait for each other rather than fail.
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(err("could not configure"))?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
            .map_err(err("could not configure"))?;
        let cache = BlobCache {
            conn,
            path: path.to_owned(),
            pruned: false,
        };
        cache
            .prepare(classifier)
            .map_err(err("could not prepare"))?;
        Ok(cache)
    }

    /// The file this cache lives in.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn prepare(&self, classifier: &str) -> rusqlite::Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
        )?;
        let get = |key: &str| -> rusqlite::Result<Option<String>> {
            tx.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()
        };
        let schema_ok = get("schema_version")?.as_deref() == Some(&SCHEMA_VERSION.to_string());
        if !schema_ok {
            tx.execute_batch("DROP TABLE IF EXISTS blobs; DROP TABLE IF EXISTS revisions;")?;
        }
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS blobs (
                oid BLOB NOT NULL,
                name_lang TEXT NOT NULL,
                lang TEXT NOT NULL,
                kind INTEGER NOT NULL,
                lines INTEGER NOT NULL,
                code INTEGER NOT NULL,
                comment INTEGER NOT NULL,
                blank INTEGER NOT NULL,
                doc INTEGER NOT NULL,
                flags INTEGER NOT NULL,
                PRIMARY KEY (oid, name_lang)
            ) WITHOUT ROWID;",
        )?;
        tx.execute_batch(crate::revisions::TABLE)?;
        if get("classifier")?.as_deref() != Some(classifier) {
            tx.execute("DELETE FROM blobs", [])?;
            tx.execute("DELETE FROM revisions", [])?;
        }
        let set = "INSERT INTO meta (key, value) VALUES (?1, ?2)
                   ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        tx.execute(set, params!["schema_version", SCHEMA_VERSION.to_string()])?;
        tx.execute(set, params!["classifier", classifier])?;
        tx.commit()
    }

    /// Looks up each key; the result has one slot per key, `None` where the
    /// cache has nothing.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Record>>, Error> {
        self.get_many_inner(keys).map_err(|source| Error::Sqlite {
            path: self.path.clone(),
            context: "could not read",
            source,
        })
    }

    fn get_many_inner(&self, keys: &[Key]) -> rusqlite::Result<Vec<Option<Record>>> {
        // One read transaction for all lookups: without it each query takes
        // and drops the file lock, which costs more than the lookup itself.
        let tx = self.conn.unchecked_transaction()?;
        let mut stmt = tx.prepare_cached(
            "SELECT lang, kind, lines, code, comment, blank, doc, flags
             FROM blobs WHERE oid = ?1 AND name_lang = ?2",
        )?;
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let row = stmt
                .query_row(params![&key.oid[..], name_lang(key.name_lang)], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                        r.get::<_, i64>(7)?,
                    ))
                })
                .optional()?;
            out.push(row.and_then(|(lang, kind, n, flags): (_, _, [i64; 5], _)| {
                // A row this build can't read (an unknown language) is a miss.
                Some(Record {
                    lang: Lang::from_name(&lang)?,
                    kind: u8::try_from(kind).ok()?,
                    counts: Counts {
                        lines: u64::try_from(n[0]).ok()?,
                        code: u64::try_from(n[1]).ok()?,
                        comment: u64::try_from(n[2]).ok()?,
                        blank: u64::try_from(n[3]).ok()?,
                        doc: u64::try_from(n[4]).ok()?,
                    },
                    generated_marker: flags & 1 != 0,
                    cpp_constructs: flags & 2 != 0,
                })
            }));
        }
        drop(stmt);
        tx.commit()?;
        Ok(out)
    }

    pub(crate) fn error(&self, context: &'static str, source: rusqlite::Error) -> Error {
        Error::Sqlite {
            path: self.path.clone(),
            context,
            source,
        }
    }

    /// Stores classified blobs, all in one transaction.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn put_many(&mut self, entries: &[(Key, Record)]) -> Result<(), Error> {
        self.put_many_inner(entries)
            .map_err(|source| Error::Sqlite {
                path: self.path.clone(),
                context: "could not write",
                source,
            })
    }

    fn put_many_inner(&mut self, entries: &[(Key, Record)]) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR REPLACE INTO blobs
                 (oid, name_lang, lang, kind, lines, code, comment, blank, doc, flags)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for (key, rec) in entries {
                let c = &rec.counts;
                let flags = i64::from(rec.generated_marker) | i64::from(rec.cpp_constructs) << 1;
                stmt.execute(params![
                    &key.oid[..],
                    name_lang(key.name_lang),
                    rec.lang.id(),
                    rec.kind,
                    clamp(c.lines),
                    clamp(c.code),
                    clamp(c.comment),
                    clamp(c.blank),
                    clamp(c.doc),
                    flags,
                ])?;
            }
        }
        tx.commit()
    }

    /// How many blobs the cache holds.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn len(&self) -> Result<u64, Error> {
        self.conn
            .query_row("SELECT COUNT(*) FROM blobs", [], |r| r.get::<_, i64>(0))
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(|source| Error::Sqlite {
                path: self.path.clone(),
                context: "could not count",
                source,
            })
    }

    /// Whether the cache is empty.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn is_empty(&self) -> Result<bool, Error> {
        Ok(self.len()? == 0)
    }
}

fn name_lang(lang: Option<Lang>) -> &'static str {
    lang.map_or("", Lang::id)
}

fn clamp(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(code: u64) -> Record {
        Record {
            lang: Lang::Rust,
            kind: 1,
            counts: Counts {
                lines: code + 2,
                code,
                comment: 1,
                blank: 1,
                doc: 1,
            },
            generated_marker: true,
            cpp_constructs: false,
        }
    }

    fn key(b: u8, lang: Option<Lang>) -> Key {
        Key {
            oid: [b; 20],
            name_lang: lang,
        }
    }

    #[test]
    fn round_trip_and_misses() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("nested/dir/blobs.sqlite");
        let mut cache = BlobCache::open(&path, "v1").expect("open");
        assert!(cache.is_empty().expect("count"));
        cache
            .put_many(&[
                (key(1, Some(Lang::Rust)), record(7)),
                (key(2, None), record(9)),
            ])
            .expect("put");
        let got = cache
            .get_many(&[
                key(1, Some(Lang::Rust)),
                key(1, Some(Lang::C)),
                key(2, None),
                key(3, None),
            ])
            .expect("get");
        assert_eq!(got, vec![Some(record(7)), None, Some(record(9)), None]);
        drop(cache);
        // Reopened with the same classifier: still there.
        let cache = BlobCache::open(&path, "v1").expect("reopen");
        assert_eq!(cache.len().expect("count"), 2);
    }

    #[test]
    fn another_classifier_empties_the_cache() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("blobs.sqlite");
        let mut cache = BlobCache::open(&path, "v1").expect("open");
        cache.put_many(&[(key(1, None), record(1))]).expect("put");
        drop(cache);
        let cache = BlobCache::open(&path, "v2").expect("reopen");
        assert_eq!(cache.len().expect("count"), 0);
        assert_eq!(cache.get_many(&[key(1, None)]).expect("get"), vec![None]);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("blobs.sqlite");
        std::fs::write(&path, b"this is not sqlite, just some text\n".repeat(100)).expect("write");
        let err = BlobCache::open(&path, "v1").expect_err("not a database");
        let msg = err.to_string();
        assert!(
            msg.starts_with(&format!("cache {}", path.display())),
            "{msg}"
        );
    }
}
