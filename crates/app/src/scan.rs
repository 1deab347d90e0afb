//! `scan`: the language footprint of a tree, per language, subsystem,
//! directory or file.
//!
//! Data flow: walk and classify every file in parallel (`ferrometer-source`),
//! then, on one thread and in path order: resolve `.h` files to C or C++,
//! attribute origin (own, vendored, generated) and owner
//! (`ferrometer-owners`), filter, group and sort.

use std::collections::HashMap;
use std::path::PathBuf;

use ferrometer_model::{Counts, Diagnostic, Footprint, Lang, Origin, Row, ScanSummary};
use ferrometer_owners::Owners;
use ferrometer_source::lang;
use ferrometer_source::origin::OriginRules;
use ferrometer_source::walk::{self, FileEntry, FileKind, WalkOptions};

use crate::root;

/// How rows are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    /// One row per language.
    Language,
    /// Per kernel `MAINTAINERS` section, `CODEOWNERS` owners, or top-level directory.
    Subsystem,
    /// Per directory, cut to this many leading components.
    Dir(usize),
    /// Per file.
    File,
}

impl GroupBy {
    /// The column title of the group.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            GroupBy::Language => "Language",
            GroupBy::Subsystem => "Subsystem",
            GroupBy::Dir(_) => "Directory",
            GroupBy::File => "File",
        }
    }

    /// The spelling used on the command line and in JSON (`dir:2`).
    #[must_use]
    pub fn spec(self) -> String {
        match self {
            GroupBy::Language => "language".into(),
            GroupBy::Subsystem => "subsystem".into(),
            GroupBy::Dir(n) => format!("dir:{n}"),
            GroupBy::File => "file".into(),
        }
    }
}

/// Order of rows (and of groups).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// Most code lines first.
    #[default]
    Code,
    /// Most files first.
    Files,
    /// By name.
    Name,
}

/// What `.h` files are counted as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderLang {
    /// Every `.h` is a C header.
    C,
    /// Every `.h` is a C++ header.
    Cpp,
}

/// How files are filtered, grouped and sorted into rows; shared by `scan`
/// and `history`.
#[derive(Clone, Debug)]
pub struct GroupOptions {
    /// Grouping.
    pub by: GroupBy,
    /// Only these languages, when given.
    pub langs: Option<Vec<Lang>>,
    /// Force the language of `.h` files.
    pub header_lang: Option<HeaderLang>,
    /// Leave vendored code out.
    pub exclude_vendored: bool,
    /// Leave generated code out.
    pub exclude_generated: bool,
    /// Row order.
    pub sort: SortKey,
}

/// A validated scan request.
#[derive(Clone, Debug)]
pub struct ScanPlan {
    /// The directory or file to scan.
    pub path: PathBuf,
    /// Filtering, grouping and order.
    pub group: GroupOptions,
    /// Walking options.
    pub walk: WalkOptions,
}

/// A finished scan.
#[derive(Debug)]
pub struct ScanOutput {
    /// The rows and totals.
    pub footprint: Footprint,
    /// The top of the tree paths are relative to.
    pub base: PathBuf,
    /// The ownership file used for `--by subsystem`, relative to `base`.
    pub owners_file: Option<String>,
    /// Problems met on the way (unreadable files, malformed rule lines).
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs a scan.
///
/// # Errors
/// When the path does not exist or the ownership file cannot be read.
pub fn scan(plan: &ScanPlan, progress: &(dyn Fn(u64) + Sync)) -> anyhow::Result<ScanOutput> {
    let root = root::find(&plan.path)?;
    let tree = walk::walk(&root.path, &root.base, &plan.walk, progress);
    let (origins, mut diagnostics) = OriginRules::new(lang::rules(), &tree.attributes, root.kernel);
    let unreadable = tree.diagnostics.len() as u64;
    diagnostics.extend(tree.diagnostics);
    let (owners, owners_file) = if plan.group.by == GroupBy::Subsystem {
        let (owners, file, diags) = Owners::discover(&root.base)?;
        diagnostics.extend(diags);
        let file = file.map(|f| walk::relative(&root.base, &f));
        (Some(owners), file)
    } else {
        (None, None)
    };
    let mut footprint = footprint(&tree.files, &origins, owners.as_ref(), &plan.group);
    // Each walk diagnostic is one entry that could not be read: a file, a
    // directory, or a link that leads nowhere.
    footprint.summary.unreadable_files = unreadable;
    Ok(ScanOutput {
        footprint,
        base: root.base,
        owners_file,
        diagnostics,
    })
}

/// Turns classified files (sorted by path) into rows: resolves `.h`
/// languages, attributes origin and owner, filters, groups and sorts.
///
/// `owners` must be given when grouping by subsystem.
#[must_use]
pub fn footprint(
    files: &[FileEntry],
    origins: &OriginRules,
    owners: Option<&Owners>,
    opts: &GroupOptions,
) -> Footprint {
    let header_langs = resolve_headers(files, opts.header_lang);
    let mut summary = ScanSummary::default();
    let mut agg = Aggregator::default();
    for (file, lang) in files.iter().zip(header_langs) {
        summary.files_seen += 1;
        match file.kind {
            FileKind::Binary => {
                summary.binary_files += 1;
                continue;
            }
            FileKind::Unreadable => continue,
            FileKind::Text | FileKind::Other => {}
        }
        if opts.langs.as_ref().is_some_and(|ls| !ls.contains(&lang)) {
            continue;
        }
        let origin = origins.origin(&file.rel, file.generated_marker);
        if (opts.exclude_vendored && origin == Origin::Vendored)
            || (opts.exclude_generated && origin == Origin::Generated)
        {
            summary.excluded_files += 1;
            continue;
        }
        if file.kind == FileKind::Text {
            summary.text_files += 1;
        } else {
            summary.other_files += 1;
        }
        if lang == Lang::CppHeader && file.lang == Lang::CHeader {
            summary.headers_as_cpp += 1;
        }
        let group = match opts.by {
            GroupBy::Language => None,
            GroupBy::Subsystem => {
                let owners = owners.expect("owners are loaded for --by subsystem");
                match owners.group_of(&file.rel) {
                    Some(g) => Some(agg.intern(g)),
                    None => {
                        summary.unassigned_files += 1;
                        summary.unassigned_lines += file.counts.lines;
                        Some(agg.intern(UNASSIGNED))
                    }
                }
            }
            GroupBy::Dir(depth) => Some(agg.intern(dir_group(&file.rel, depth))),
            GroupBy::File => Some(agg.intern(&file.rel)),
        };
        agg.add(group, lang, origin, file.counts);
    }
    agg.finish(opts.sort, summary)
}

/// The group name of files no ownership rule matches.
pub const UNASSIGNED: &str = "(unassigned)";

/// The group of files at the top of the tree, for `--by dir`.
pub const ROOT_GROUP: &str = "(root)";

/// The first `depth` directory components of `rel`'s directory.
pub(crate) fn dir_group(rel: &str, depth: usize) -> &str {
    let Some((dir, _)) = rel.rsplit_once('/') else {
        return ROOT_GROUP;
    };
    match dir.match_indices('/').nth(depth.saturating_sub(1)) {
        Some((i, _)) => &dir[..i],
        None => dir,
    }
}

/// Decides, for every file, the language it is counted as: `.h` files
/// become C++ headers when they hold C++ constructs or when their directory
/// (or, if it has no C or C++ sources, the nearest ancestor that has) holds
/// more C++ than C source files.
fn resolve_headers(files: &[FileEntry], force: Option<HeaderLang>) -> Vec<Lang> {
    let mut sources: HashMap<&str, (u32, u32)> = HashMap::new();
    if force.is_none() {
        for f in files {
            let slot = match f.lang {
                Lang::C => 0,
                Lang::Cpp => 1,
                _ => continue,
            };
            let dir = f.rel.rsplit_once('/').map_or("", |(d, _)| d);
            let e = sources.entry(dir).or_default();
            if slot == 0 {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    files
        .iter()
        .map(|f| {
            if f.lang != Lang::CHeader {
                return f.lang;
            }
            match force {
                Some(HeaderLang::C) => Lang::CHeader,
                Some(HeaderLang::Cpp) => Lang::CppHeader,
                None if f.cpp_constructs => Lang::CppHeader,
                None => {
                    let mut dir = f.rel.rsplit_once('/').map_or("", |(d, _)| d);
                    loop {
                        if let Some(&(c, cpp)) = sources.get(dir) {
                            break if cpp > c {
                                Lang::CppHeader
                            } else {
                                Lang::CHeader
                            };
                        }
                        if dir.is_empty() {
                            break Lang::CHeader;
                        }
                        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
                    }
                }
            }
        })
        .collect()
}

#[derive(Default)]
struct Aggregator {
    names: Vec<String>,
    index: HashMap<String, u32>,
    cells: HashMap<(Option<u32>, Lang, Origin), (u64, Counts)>,
}

impl Aggregator {
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = u32::try_from(self.names.len()).expect("fewer than 2^32 groups");
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    fn add(&mut self, group: Option<u32>, lang: Lang, origin: Origin, counts: Counts) {
        let cell = self.cells.entry((group, lang, origin)).or_default();
        cell.0 += 1;
        cell.1 += counts;
    }

    fn finish(self, sort: SortKey, summary: ScanSummary) -> Footprint {
        // Per-group totals decide the order of groups.
        let mut group_tot: HashMap<Option<u32>, (u64, u64)> = HashMap::new();
        let mut total = Counts::default();
        let mut total_files = 0;
        for (&(g, _, _), &(files, counts)) in &self.cells {
            let e = group_tot.entry(g).or_default();
            e.0 += files;
            e.1 += counts.code;
            total += counts;
            total_files += files;
        }
        let names = &self.names;
        let name = |g: Option<u32>| g.map_or("", |i| names[i as usize].as_str());
        let mut cells: Vec<_> = self.cells.into_iter().collect();
        cells.sort_unstable_by(|(a, ac), (b, bc)| {
            let (ga, gb) = (group_tot[&a.0], group_tot[&b.0]);
            let group_order = match sort {
                SortKey::Code => gb.1.cmp(&ga.1).then(gb.0.cmp(&ga.0)),
                SortKey::Files => gb.0.cmp(&ga.0).then(gb.1.cmp(&ga.1)),
                SortKey::Name => std::cmp::Ordering::Equal,
            };
            let row_order = match sort {
                SortKey::Code => bc.1.code.cmp(&ac.1.code).then(bc.0.cmp(&ac.0)),
                SortKey::Files => bc.0.cmp(&ac.0).then(bc.1.code.cmp(&ac.1.code)),
                SortKey::Name => std::cmp::Ordering::Equal,
            };
            group_order
                .then_with(|| name(a.0).cmp(name(b.0)))
                .then(row_order)
                .then_with(|| a.1.name().cmp(b.1.name()))
                .then(a.2.cmp(&b.2))
        });
        let rows = cells
            .into_iter()
            .map(|((g, lang, origin), (files, counts))| Row {
                group: g.map(|i| names[i as usize].clone()),
                lang,
                origin,
                files,
                counts,
            })
            .collect();
        Footprint {
            rows,
            total,
            total_files,
            summary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_groups() {
        let cases = [
            ("drivers/net/phy/ax.c", 1, "drivers"),
            ("drivers/net/phy/ax.c", 2, "drivers/net"),
            ("drivers/net/phy/ax.c", 3, "drivers/net/phy"),
            ("drivers/net/phy/ax.c", 9, "drivers/net/phy"),
            ("drivers/x.c", 2, "drivers"),
            ("Makefile", 1, ROOT_GROUP),
        ];
        for (rel, depth, want) in cases {
            assert_eq!(dir_group(rel, depth), want, "{rel} at {depth}");
        }
    }

    fn entry(rel: &str, lang: Lang, cpp: bool) -> FileEntry {
        FileEntry {
            rel: rel.into(),
            lang,
            kind: FileKind::Text,
            counts: Counts::default(),
            generated_marker: false,
            cpp_constructs: cpp,
        }
    }

    #[test]
    fn headers_follow_constructs_then_directory() {
        let files = vec![
            entry("app/a.cpp", Lang::Cpp, false),
            entry("app/b.cpp", Lang::Cpp, false),
            entry("app/c.c", Lang::C, false),
            entry("app/plain.h", Lang::CHeader, false),
            entry("app/inc/deep.h", Lang::CHeader, false),
            entry("lib/x.c", Lang::C, false),
            entry("lib/x.h", Lang::CHeader, false),
            entry("lib/klass.h", Lang::CHeader, true),
            entry("top.h", Lang::CHeader, false),
        ];
        let got = resolve_headers(&files, None);
        let want = [
            Lang::Cpp,
            Lang::Cpp,
            Lang::C,
            Lang::CppHeader,
            Lang::CppHeader,
            Lang::C,
            Lang::CHeader,
            Lang::CppHeader,
            Lang::CHeader,
        ];
        assert_eq!(got, want);
        let forced = resolve_headers(&files, Some(HeaderLang::C));
        assert_eq!(forced[7], Lang::CHeader);
        let forced = resolve_headers(&files, Some(HeaderLang::Cpp));
        assert_eq!(forced[6], Lang::CppHeader);
    }
}
