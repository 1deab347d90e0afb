//! Which languages and subsystems a fix touched, and how much code each
//! language and subsystem had at the end of each year.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use ferrometer_git::{Oid, Repo, Revision};
use ferrometer_model::{Diagnostic, Footprint, Lang};
use ferrometer_owners::Owners;
use ferrometer_source::lang::{self, Rules};

use crate::history::{self, CacheChoice, HistoryPlan, RevisionFilter, Selection};
use crate::scan::{GroupBy, GroupOptions, ScanPlan, SortKey};

/// The group of a path that no ownership rule covers.
pub const UNASSIGNED: &str = "(unassigned)";

/// Names paths' languages and subsystems.
pub(crate) struct Attributor {
    rules: &'static Rules,
    pub(crate) owners: Owners,
    pub(crate) owners_file: Option<String>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Debug for Attributor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attributor")
            .field("owners", &self.owners.kind())
            .field("owners_file", &self.owners_file)
            .finish_non_exhaustive()
    }
}

impl Attributor {
    /// With the ownership file of `commit`'s tree.
    pub(crate) fn of_commit(repo: &Repo, commit: &Oid) -> anyhow::Result<Attributor> {
        let tree = repo.files(commit)?;
        let (owners, owners_file, diagnostics) = history::owners_of(repo, &tree);
        Ok(Attributor {
            rules: lang::rules(),
            owners,
            owners_file,
            diagnostics,
        })
    }

    /// With the ownership file of a source tree on disk.
    pub(crate) fn of_tree(base: &Path) -> anyhow::Result<Attributor> {
        let (owners, file, diagnostics) = Owners::discover(base)?;
        Ok(Attributor {
            rules: lang::rules(),
            owners,
            owners_file: file.map(|f| ferrometer_source::walk::relative(base, &f)),
            diagnostics,
        })
    }

    /// The language a fix to `path` counts for: by its name (headers with
    /// their language, `.h` as C), unless `headers` (the languages `scan`
    /// gave the headers of a measured revision) has the file, so that fixes
    /// and code lines count a header alike. Prose and unknown files count
    /// for none.
    fn lang_in(&self, path: &str, headers: Option<&HeaderLangs>) -> Option<Lang> {
        let name = path.rsplit_once('/').map_or(path, |(_, n)| n);
        match self.rules.by_name(name.as_bytes()) {
            Some(Lang::CHeader) => Some(headers.map_or(Lang::C, |h| h.of(path))),
            other => other.and_then(family),
        }
    }

    /// Whether every one of `paths` is a script in a memory-safe language
    /// (Python, Shell, Perl, Awk, and by extension fish, JavaScript, Ruby,
    /// Lua, Java, …), prose or data: a change there cannot fix a memory
    /// error of the program. False for no paths, and for any file whose
    /// language is unknown and whose extension is not in that list.
    pub(crate) fn memory_safe_only<'p>(&self, paths: impl Iterator<Item = &'p str>) -> bool {
        let mut any = false;
        for p in paths {
            any = true;
            let name = p.rsplit_once('/').map_or(p, |(_, n)| n);
            let safe = match self.rules.by_name(name.as_bytes()) {
                Some(Lang::Python | Lang::Shell | Lang::Perl | Lang::Awk) => true,
                Some(Lang::Yaml | Lang::Json | Lang::Toml) => true,
                Some(l) if l.is_prose() => true,
                Some(Lang::Other) | None => name.rsplit_once('.').is_some_and(|(_, ext)| {
                    SAFE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
                }),
                Some(_) => false,
            };
            if !safe {
                return false;
            }
        }
        any
    }

    /// The languages (sorted by name) and subsystems (sorted) of some paths.
    pub(crate) fn attribute<'p>(
        &self,
        paths: impl Iterator<Item = &'p str>,
    ) -> (Vec<String>, Vec<String>) {
        self.attribute_in(paths, None)
    }

    /// As [`Attributor::attribute`], with the header languages of a measured revision.
    pub(crate) fn attribute_in<'p>(
        &self,
        paths: impl Iterator<Item = &'p str>,
        headers: Option<&HeaderLangs>,
    ) -> (Vec<String>, Vec<String>) {
        let mut langs = BTreeSet::new();
        let mut subsystems = BTreeSet::new();
        for p in paths {
            if let Some(l) = self.lang_in(p, headers) {
                langs.insert(l.name());
            }
            subsystems.insert(self.owners.group_of(p).unwrap_or(UNASSIGNED));
        }
        (
            langs.into_iter().map(str::to_owned).collect(),
            subsystems.into_iter().map(str::to_owned).collect(),
        )
    }
}

/// Extensions of scripts, markup and data in memory-safe languages that
/// `languages.toml` does not know (see [`Attributor::memory_safe_only`]).
const SAFE_EXTENSIONS: &[&str] = &[
    "fish", "js", "mjs", "cjs", "ts", "rb", "lua", "php", "java", "kt", "cs", "html", "htm", "css",
    "xml", "svg", "po", "pot", "adoc", "ps1", "bat", "cmd", "yml", "yaml", "json", "toml", "md",
    "txt", "rst",
];

/// The language a file counts for in `bugs`: headers with their language;
/// prose, data (YAML, JSON, TOML) and unknown files for none.
fn family(l: Lang) -> Option<Lang> {
    match l {
        Lang::CHeader => Some(Lang::C),
        Lang::CppHeader => Some(Lang::Cpp),
        Lang::Other | Lang::Yaml | Lang::Json | Lang::Toml => None,
        l if l.is_prose() => None,
        l => Some(l),
    }
}

/// The languages `scan` gave the `.h` files of a measured revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderLangs {
    /// Per header file: C or C++.
    pub files: HashMap<String, Lang>,
    /// For a header not in the revision: the language most of its headers have.
    pub default: Lang,
}

impl Default for HeaderLangs {
    fn default() -> HeaderLangs {
        HeaderLangs {
            files: HashMap::new(),
            default: Lang::C,
        }
    }
}

impl HeaderLangs {
    /// The language of the header at `path`.
    #[must_use]
    pub fn of(&self, path: &str) -> Lang {
        self.files.get(path).copied().unwrap_or(self.default)
    }

    fn settle_default(&mut self) {
        let cpp = self.files.values().filter(|l| **l == Lang::Cpp).count();
        self.default = if cpp * 2 > self.files.len() {
            Lang::Cpp
        } else {
            Lang::C
        };
    }
}

/// Code lines per year and language, and per year and subsystem: the
/// denominators of the rates.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// The revision measured for each year: the last first-parent commit of
    /// that year (40 hex digits), or the tree given.
    pub revisions: BTreeMap<i32, String>,
    /// Code lines per (year, language).
    pub by_lang: BTreeMap<(i32, String), u64>,
    /// Code lines per (year, subsystem).
    pub by_subsystem: BTreeMap<(i32, String), u64>,
    /// The language (C or C++) `scan` gave each header file of each year's
    /// revision: a fix to that header counts for the same language.
    pub headers: BTreeMap<i32, HeaderLangs>,
}

impl Exposure {
    fn add(&mut self, year: i32, fp: &Footprint, attr: &Attributor) {
        for row in &fp.rows {
            let Some(path) = row.group.as_deref() else {
                continue;
            };
            if row.counts.code == 0 {
                continue;
            }
            if let Some(l) = family(row.lang) {
                *self.by_lang.entry((year, l.name().to_owned())).or_insert(0) += row.counts.code;
                if matches!(row.lang, Lang::CHeader | Lang::CppHeader) {
                    self.headers
                        .entry(year)
                        .or_default()
                        .files
                        .insert(path.to_owned(), l);
                }
            }
            let group = attr.owners.group_of(path).unwrap_or(UNASSIGNED);
            *self
                .by_subsystem
                .entry((year, group.to_owned()))
                .or_insert(0) += row.counts.code;
        }
        if let Some(h) = self.headers.get_mut(&year) {
            h.settle_default();
        }
    }
}

fn per_file() -> GroupOptions {
    GroupOptions {
        by: GroupBy::File,
        langs: None,
        header_lang: None,
        exclude_vendored: false,
        exclude_generated: false,
        sort: SortKey::Name,
    }
}

/// Code lines at the end of each year: the footprint (as `history` reads it,
/// through its cache) of the last first-parent commit of `head` in that year.
pub(crate) fn exposure_by_year(
    repo: &Repo,
    head: &Revision,
    years: &[i32],
    attr: &Attributor,
    cache: &CacheChoice,
    threads: usize,
) -> anyhow::Result<Exposure> {
    let chain = repo.first_parent(head, None, None)?;
    let mut chosen: Vec<(i32, Oid)> = Vec::new();
    for &y in years {
        // The chain is oldest first; take the last commit of year <= y.
        let last = chain
            .iter()
            .rev()
            .find(|r| super::commits::year_of(r.time) <= y);
        if let Some(r) = last {
            chosen.push((y, r.commit));
        }
    }
    let mut out = Exposure::default();
    if chosen.is_empty() {
        return Ok(out);
    }
    let mut specs: Vec<String> = chosen.iter().map(|(_, c)| c.to_string()).collect();
    specs.dedup();
    let plan = HistoryPlan {
        path: repo.git_dir().to_path_buf(),
        filter: RevisionFilter {
            selection: Selection::Revs(specs),
            since: None,
            until: None,
            every: None,
        },
        group: per_file(),
        cache: cache.clone(),
        threads,
    };
    let measured = history::history(&plan, &|_, _, _| {})?;
    for (year, commit) in chosen {
        let hex = commit.to_string();
        if let Some(rev) = measured.revisions.iter().find(|r| r.commit == hex) {
            out.add(year, &rev.footprint, attr);
            out.revisions.insert(year, hex);
        }
    }
    Ok(out)
}

/// Code lines of a tree on disk, the same for every year asked.
pub(crate) fn exposure_of_tree(
    base: &Path,
    years: &[i32],
    attr: &Attributor,
) -> anyhow::Result<Exposure> {
    let plan = ScanPlan {
        path: base.to_path_buf(),
        group: per_file(),
        walk: crate::WalkOptions::default(),
    };
    let scanned = crate::scan::scan(&plan, &|_| {})?;
    let mut out = Exposure::default();
    for &y in years {
        out.add(y, &scanned.footprint, attr);
        out.revisions.insert(y, base.display().to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_count_with_their_language() {
        let attr = Attributor {
            rules: lang::rules(),
            owners: Owners::TopDir,
            owners_file: None,
            diagnostics: Vec::new(),
        };
        let lang_of = |p: &str| attr.lang_in(p, None);
        assert_eq!(lang_of("lib/x.h"), Some(Lang::C));
        assert_eq!(lang_of("src/a.hpp"), Some(Lang::Cpp));
        assert_eq!(lang_of("rust/kernel/lib.rs"), Some(Lang::Rust));
        assert_eq!(lang_of("README.md"), None);
        assert_eq!(lang_of("logo.png"), None);
        assert_eq!(lang_of(".github/ci.yml"), None);
        // A header `scan` found to be C++ counts as C++.
        let mut headers = HeaderLangs {
            files: HashMap::from([
                ("src/io.h".to_owned(), Lang::Cpp),
                ("src/c.h".to_owned(), Lang::C),
            ]),
            default: Lang::C,
        };
        assert_eq!(attr.lang_in("src/io.h", Some(&headers)), Some(Lang::Cpp));
        assert_eq!(attr.lang_in("src/other.h", Some(&headers)), Some(Lang::C));
        headers.files.insert("src/b.h".to_owned(), Lang::Cpp);
        headers.settle_default();
        assert_eq!(attr.lang_in("src/gone.h", Some(&headers)), Some(Lang::Cpp));
        assert_eq!(attr.lang_in("src/c.h", Some(&headers)), Some(Lang::C));
        let (langs, _) = attr.attribute_in(["src/io.h", "src/io.cpp"].into_iter(), Some(&headers));
        assert_eq!(langs, ["C++"]);
        let (langs, subs) =
            attr.attribute(["net/a.c", "net/a.h", "rust/b.rs", "Doc.md"].into_iter());
        assert_eq!(langs, ["C", "Rust"]);
        assert_eq!(subs, ["(root)", "net", "rust"]);
    }
}
