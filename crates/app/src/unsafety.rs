//! `unsafe`: unsafe Rust per subsystem, directory, crate or file, whether
//! each site is documented, and the calls that cross into C.
//!
//! Data flow: walk the tree reading only Rust files and `Cargo.toml`s
//! (`ferrometer-source::select`); per file, in parallel, audit it
//! (`ferrometer-audit`) and count its lines and the code lines inside unsafe
//! blocks; then, on one thread and in path order: origin filter, crate of each
//! file (to resolve calls to `extern`-declared functions), group, sort.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use ferrometer_audit::{Auditor, FileAudit};
use ferrometer_model::unsafety::{Doc, FfiCall, FfiFunction, SiteAt, UnsafeRow, UnsafeStats};
use ferrometer_model::{Diagnostic, Lang, Origin};
use ferrometer_owners::Owners;
use ferrometer_source::count::{self, Syntax};
use ferrometer_source::lang;
use ferrometer_source::origin::OriginRules;
use ferrometer_source::select;

use crate::root;
use crate::scan::{dir_group, ROOT_GROUP, UNASSIGNED};
use crate::WalkOptions;

/// How rows are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsafeGroupBy {
    /// Kernel `MAINTAINERS` section, `CODEOWNERS` owners, or top-level directory.
    Subsystem,
    /// Directories cut to this many components.
    Dir(usize),
    /// The crate: the nearest directory with a `Cargo.toml`; in the kernel,
    /// `rust/<crate>` or the directory of a driver's module.
    Crate,
    /// Per file.
    File,
}

impl UnsafeGroupBy {
    /// The column title.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            UnsafeGroupBy::Subsystem => "Subsystem",
            UnsafeGroupBy::Dir(_) => "Directory",
            UnsafeGroupBy::Crate => "Crate",
            UnsafeGroupBy::File => "File",
        }
    }

    /// The spelling on the command line and in JSON.
    #[must_use]
    pub fn spec(self) -> String {
        match self {
            UnsafeGroupBy::Subsystem => "subsystem".into(),
            UnsafeGroupBy::Dir(n) => format!("dir:{n}"),
            UnsafeGroupBy::Crate => "crate".into(),
            UnsafeGroupBy::File => "file".into(),
        }
    }
}

/// Row order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnsafeSort {
    /// Most code lines inside unsafe blocks first.
    #[default]
    Unsafe,
    /// Most undocumented sites first.
    Undocumented,
    /// Most calls into C first.
    Ffi,
    /// Most code lines first.
    Code,
    /// By name.
    Name,
}

/// A validated `unsafe` request.
#[derive(Clone, Debug)]
pub struct UnsafePlan {
    /// The directory or file to audit.
    pub path: PathBuf,
    /// Grouping.
    pub by: UnsafeGroupBy,
    /// Row order.
    pub sort: UnsafeSort,
    /// Leave vendored code out.
    pub exclude_vendored: bool,
    /// Leave generated code out.
    pub exclude_generated: bool,
    /// Walking options.
    pub walk: WalkOptions,
}

/// A finished audit.
#[derive(Debug)]
pub struct UnsafeOutput {
    /// Rows in output order.
    pub rows: Vec<UnsafeRow>,
    /// All rows added up.
    pub total: UnsafeStats,
    /// Every site, by path and line.
    pub sites: Vec<SiteAt>,
    /// Every C function called, most calls first.
    pub ffi: Vec<FfiFunction>,
    /// The top of the tree paths are relative to.
    pub base: PathBuf,
    /// The ownership file used for `--by subsystem`, relative to `base`.
    pub owners_file: Option<String>,
    /// Bytes of Rust source read.
    pub bytes: u64,
    /// Rust files left out as vendored or generated.
    pub excluded_files: u64,
    /// Files that could not be read, or parsed only in part, and malformed rule lines.
    pub diagnostics: Vec<Diagnostic>,
    /// How many of the diagnostics are files that could not be read.
    pub unreadable_files: u64,
}

enum Found {
    Rust(Box<RustFile>),
    Manifest,
    Binary,
}

struct RustFile {
    audit: FileAudit,
    code: u64,
    unsafe_code: u64,
    generated_marker: bool,
    bytes: u64,
}

thread_local! {
    static AUDITOR: RefCell<Auditor> = RefCell::new(Auditor::new());
}

fn read_one(name: &[u8], buf: &[u8]) -> Found {
    if name == b"Cargo.toml" {
        return Found::Manifest;
    }
    if lang::is_binary(buf) {
        return Found::Binary;
    }
    let audit = AUDITOR.with(|a| a.borrow_mut().audit(buf));
    let code = count::count(Syntax::Rust, buf).code;
    let unsafe_code = audit
        .unsafe_ranges
        .iter()
        .map(|&(a, b)| count::count(Syntax::Rust, &buf[a..b]).code)
        .sum();
    Found::Rust(Box::new(RustFile {
        audit,
        code,
        unsafe_code,
        generated_marker: lang::rules().is_generated(buf),
        bytes: buf.len() as u64,
    }))
}

/// Runs the audit.
///
/// # Errors
/// When the path does not exist or the ownership file cannot be read.
pub fn audit(plan: &UnsafePlan) -> anyhow::Result<UnsafeOutput> {
    let root = root::find(&plan.path)?;
    let rules = lang::rules();
    let wanted = |name: &[u8]| name == b"Cargo.toml" || rules.by_name(name) == Some(Lang::Rust);
    let found = select::walk_selected(
        &root.path,
        &root.base,
        &plan.walk,
        &wanted,
        &|_, name, buf| read_one(name, buf),
    );
    let (origins, mut diagnostics) = OriginRules::new(rules, &found.attributes, root.kernel);
    let unreadable_files = found.diagnostics.len() as u64;
    diagnostics.extend(found.diagnostics);
    let (owners, owners_file) = if plan.by == UnsafeGroupBy::Subsystem {
        let (owners, file, diags) = Owners::discover(&root.base)?;
        diagnostics.extend(diags);
        let file = file.map(|f| ferrometer_source::walk::relative(&root.base, &f));
        (Some(owners), file)
    } else {
        (None, None)
    };

    let manifests: HashSet<&str> = found
        .files
        .iter()
        .filter(|(_, f)| matches!(f, Found::Manifest))
        .map(|(rel, _)| rel.rsplit_once('/').map_or("", |(d, _)| d))
        .collect();
    let mut excluded_files = 0;
    let mut files: Vec<(&str, &RustFile)> = Vec::new();
    for (rel, f) in &found.files {
        let Found::Rust(f) = f else { continue };
        let origin = origins.origin(rel, f.generated_marker);
        if (plan.exclude_vendored && origin == Origin::Vendored)
            || (plan.exclude_generated && origin == Origin::Generated)
        {
            excluded_files += 1;
            continue;
        }
        files.push((rel, f));
    }

    // Functions declared in `extern` blocks, per crate.
    let crate_of = |rel: &str| crate_group(rel, &manifests, root.kernel);
    let mut externs: HashMap<String, HashSet<&str>> = HashMap::new();
    for (rel, f) in &files {
        if !f.audit.extern_fns.is_empty() {
            let set = externs.entry(crate_of(rel)).or_default();
            set.extend(f.audit.extern_fns.iter().map(String::as_str));
        }
    }

    let mut groups: BTreeMap<String, UnsafeStats> = BTreeMap::new();
    let mut sites = Vec::new();
    let mut ffi: HashMap<(String, String), BTreeMap<String, u64>> = HashMap::new();
    let mut bytes = 0;
    for (rel, f) in &files {
        bytes += f.bytes;
        let group = match plan.by {
            UnsafeGroupBy::Subsystem => owners
                .as_ref()
                .and_then(|o| o.group_of(rel))
                .unwrap_or(UNASSIGNED)
                .to_string(),
            UnsafeGroupBy::Dir(depth) => dir_group(rel, depth).to_string(),
            UnsafeGroupBy::Crate => crate_of(rel),
            UnsafeGroupBy::File => (*rel).to_string(),
        };
        let externs_here = if f.audit.maybe_extern.is_empty() {
            None
        } else {
            externs.get(&crate_of(rel))
        };
        let calls: Vec<&FfiCall> = f
            .audit
            .ffi
            .iter()
            .chain(
                f.audit
                    .maybe_extern
                    .iter()
                    .filter(|c| externs_here.is_some_and(|s| s.contains(c.callee.as_str()))),
            )
            .collect();
        for c in &calls {
            *ffi.entry((c.via.clone(), c.callee.clone()))
                .or_default()
                .entry((*rel).to_string())
                .or_default() += 1;
        }
        let stats = file_stats(f, calls.len() as u64);
        if let Some((line, column)) = f.audit.parse_error {
            diagnostics.push(Diagnostic {
                subject: root.base.join(rel).display().to_string(),
                message: format!(
                    "could not parse all of it (first error at line {line}, column {column}); counted from the rest"
                ),
            });
        }
        for s in &f.audit.sites {
            sites.push(SiteAt {
                path: (*rel).to_string(),
                group: group.clone(),
                site: s.clone(),
            });
        }
        groups.entry(group).or_default().add(&stats);
    }

    let mut total = UnsafeStats::default();
    for s in groups.values() {
        total.add(s);
    }
    let mut rows: Vec<UnsafeRow> = groups
        .into_iter()
        .map(|(group, stats)| UnsafeRow { group, stats })
        .collect();
    sort_rows(&mut rows, plan.sort);
    let mut ffi: Vec<FfiFunction> = ffi
        .into_iter()
        .map(|((via, callee), files)| FfiFunction {
            calls: files.values().sum(),
            callee,
            via,
            files: files.into_iter().collect(),
        })
        .collect();
    ffi.sort_by(|a, b| {
        b.calls
            .cmp(&a.calls)
            .then_with(|| a.callee.cmp(&b.callee))
            .then_with(|| a.via.cmp(&b.via))
    });
    Ok(UnsafeOutput {
        rows,
        total,
        sites,
        ffi,
        base: root.base,
        owners_file,
        bytes,
        excluded_files,
        diagnostics,
        unreadable_files,
    })
}

fn file_stats(f: &RustFile, ffi_calls: u64) -> UnsafeStats {
    let mut s = UnsafeStats {
        files: 1,
        code: f.code,
        unsafe_code: f.unsafe_code,
        safety_comments: u64::from(f.audit.safety_comments),
        invariant_comments: u64::from(f.audit.invariant_comments),
        ffi_calls,
        parse_errors: u64::from(f.audit.parse_error.is_some()),
        ..UnsafeStats::default()
    };
    for site in &f.audit.sites {
        if site.in_macro {
            s.in_macros += 1;
        } else {
            s.kinds[site.kind as usize] += 1;
        }
        match site.doc {
            Doc::Documented => {
                s.needs_doc += 1;
                s.documented += 1;
            }
            Doc::Undocumented => {
                s.needs_doc += 1;
                s.allowed += u64::from(site.allowed);
            }
            Doc::NotRequired => {}
        }
    }
    s
}

fn sort_rows(rows: &mut [UnsafeRow], sort: UnsafeSort) {
    rows.sort_by(|a, b| {
        let (x, y) = (&a.stats, &b.stats);
        let key = match sort {
            UnsafeSort::Unsafe => y.unsafe_code.cmp(&x.unsafe_code).then(
                y.kind(ferrometer_model::unsafety::SiteKind::Block)
                    .cmp(&x.kind(ferrometer_model::unsafety::SiteKind::Block)),
            ),
            UnsafeSort::Undocumented => y.undocumented().cmp(&x.undocumented()),
            UnsafeSort::Ffi => y.ffi_calls.cmp(&x.ffi_calls),
            UnsafeSort::Code => y.code.cmp(&x.code),
            UnsafeSort::Name => std::cmp::Ordering::Equal,
        };
        key.then_with(|| a.group.cmp(&b.group))
    });
}

/// The crate a file belongs to: the nearest directory above it with a
/// `Cargo.toml`; in the kernel, `rust/<crate>` for the crates under `rust/`
/// and the file's own directory for a driver's module.
fn crate_group(rel: &str, manifests: &HashSet<&str>, kernel: bool) -> String {
    let mut dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    loop {
        if manifests.contains(dir) {
            return if dir.is_empty() {
                ROOT_GROUP.to_string()
            } else {
                dir.to_string()
            };
        }
        if dir.is_empty() {
            break;
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
    }
    if kernel {
        if let Some(rest) = rel.strip_prefix("rust/") {
            return match rest.split_once('/') {
                Some((krate, _)) => format!("rust/{krate}"),
                // rust/*.rs: single-file crates (compiler_builtins, ffi, …).
                None => rel.strip_suffix(".rs").unwrap_or(rel).to_string(),
            };
        }
    }
    match rel.rsplit_once('/') {
        Some((d, _)) => d.to_string(),
        None => ROOT_GROUP.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crates() {
        let manifests: HashSet<&str> = ["", "crates/a", "tools/x"].into_iter().collect();
        let cases = [
            ("src/main.rs", false, ROOT_GROUP),
            ("crates/a/src/lib.rs", false, "crates/a"),
            ("crates/a/tests/t.rs", false, "crates/a"),
            ("tools/x/y/z.rs", false, "tools/x"),
        ];
        for (rel, kernel, want) in cases {
            assert_eq!(crate_group(rel, &manifests, kernel), want, "{rel}");
        }
        let none = HashSet::new();
        let cases = [
            ("rust/kernel/sync/arc.rs", "rust/kernel"),
            ("rust/macros/lib.rs", "rust/macros"),
            ("rust/ffi.rs", "rust/ffi"),
            ("drivers/net/phy/ax88796b_rust.rs", "drivers/net/phy"),
            ("top.rs", ROOT_GROUP),
        ];
        for (rel, want) in cases {
            assert_eq!(crate_group(rel, &none, true), want, "{rel}");
        }
    }
}
