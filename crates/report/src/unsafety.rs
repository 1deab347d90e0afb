//! `unsafe` output: the per-group summary, the site list, the C functions
//! called, in the four formats, and SARIF 2.1.0 for code-scanning dashboards.

use std::io::{self, Write};

use ferrometer_model::unsafety::{Doc, FfiFunction, SiteAt, SiteKind, UnsafeRow, UnsafeStats};
use serde::Serialize;

use crate::json::Header;
use crate::table::{Align, Table};
use crate::Format;

/// What the run was asked about.
#[derive(Clone, Copy, Debug)]
pub struct UnsafeMeta<'a> {
    /// The tree's top directory.
    pub root: &'a str,
    /// The path given.
    pub path: &'a str,
    /// `subsystem`, `dir:N`, `crate` or `file`.
    pub group_by: &'a str,
    /// The group column's title.
    pub group_title: &'a str,
    /// The ownership file, for `--by subsystem`.
    pub owners_file: Option<&'a str>,
}

/// The results to render.
#[derive(Clone, Copy, Debug)]
pub struct UnsafeReport<'a> {
    /// Rows in order.
    pub rows: &'a [UnsafeRow],
    /// All rows added up.
    pub total: &'a UnsafeStats,
    /// Every site.
    pub sites: &'a [SiteAt],
    /// Every C function called.
    pub ffi: &'a [FfiFunction],
    /// Bytes of Rust read.
    pub bytes: u64,
    /// Files left out as vendored or generated.
    pub excluded_files: u64,
}

/// Which table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// One row per group.
    Summary,
    /// One row per site; only the undocumented ones when the flag is set.
    Sites {
        /// Only sites that need documentation they lack.
        undocumented: bool,
    },
    /// One row per C function called.
    Ffi,
}

/// The rule a site breaks when undocumented, as clippy names it.
#[must_use]
pub fn rule_of(kind: SiteKind) -> Option<&'static Rule> {
    match kind {
        SiteKind::Block => Some(&RULES[0]),
        SiteKind::Impl => Some(&RULES[1]),
        SiteKind::Fn | SiteKind::FnDecl | SiteKind::Trait => Some(&RULES[2]),
        _ => None,
    }
}

/// A documentation rule, with the clippy lint it mirrors.
#[derive(Debug)]
pub struct Rule {
    /// The id in SARIF and JSON.
    pub id: &'static str,
    /// The clippy lint.
    pub clippy: &'static str,
    /// One line.
    pub short: &'static str,
    /// What it asks for.
    pub full: &'static str,
}

/// The rules, in SARIF `ruleIndex` order.
pub const RULES: [Rule; 3] = [
    Rule {
        id: "undocumented-unsafe-block",
        clippy: "undocumented_unsafe_blocks",
        short: "unsafe block without a SAFETY comment",
        full: "An unsafe block needs a `// SAFETY:` comment on the lines right above it (or above the statement it belongs to) saying why it is sound.",
    },
    Rule {
        id: "undocumented-unsafe-impl",
        clippy: "undocumented_unsafe_blocks",
        short: "unsafe impl without a SAFETY comment",
        full: "An unsafe impl needs a `// SAFETY:` comment on the lines right above it saying why the trait's contract holds.",
    },
    Rule {
        id: "missing-safety-doc",
        clippy: "missing_safety_doc",
        short: "public unsafe fn or trait without a `# Safety` section",
        full: "A public unsafe function or trait needs a `# Safety` section in its documentation saying what callers or implementors must uphold.",
    },
];

/// Renders `view` of the report.
///
/// # Errors
/// When writing fails.
pub fn render(
    r: &UnsafeReport<'_>,
    meta: &UnsafeMeta<'_>,
    view: View,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => {
            let doc = UnsafeJson::new(r, meta, view);
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        Format::Csv => csv(r, view, out),
        Format::Human | Format::Markdown => {
            let human = format == Format::Human;
            table(r, meta, view, human).write(human, out)?;
            if human && view == View::Summary {
                notes(r, out)?;
            }
            Ok(())
        }
    }
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        #[allow(clippy::cast_precision_loss)]
        let p = part as f64 * 100.0 / whole as f64;
        format!("{p:.1}%")
    }
}

fn summary_header(meta: &UnsafeMeta<'_>) -> (Vec<String>, Vec<Align>) {
    let h = [
        meta.group_title,
        "Files",
        "Code",
        "Unsafe",
        "Share",
        "Blocks",
        "Fns",
        "Impls",
        "Traits",
        "Extern",
        "Static mut",
        "Attrs",
        "In macros",
        "Documented",
        "Undoc",
        "FFI calls",
    ];
    let mut align = vec![Align::Right; h.len()];
    align[0] = Align::Left;
    (h.iter().map(|s| (*s).to_string()).collect(), align)
}

fn summary_cells(group: &str, s: &UnsafeStats) -> Vec<String> {
    vec![
        group.to_string(),
        s.files.to_string(),
        s.code.to_string(),
        s.unsafe_code.to_string(),
        pct(s.unsafe_code, s.code),
        s.kind(SiteKind::Block).to_string(),
        (s.kind(SiteKind::Fn) + s.kind(SiteKind::FnDecl)).to_string(),
        s.kind(SiteKind::Impl).to_string(),
        s.kind(SiteKind::Trait).to_string(),
        s.kind(SiteKind::ExternBlock).to_string(),
        s.kind(SiteKind::StaticMut).to_string(),
        s.kind(SiteKind::Attr).to_string(),
        s.in_macros.to_string(),
        format!(
            "{}/{} {}",
            s.documented,
            s.needs_doc,
            pct(s.documented, s.needs_doc)
        ),
        s.undocumented().to_string(),
        s.ffi_calls.to_string(),
    ]
}

fn table(r: &UnsafeReport<'_>, meta: &UnsafeMeta<'_>, view: View, human: bool) -> Table {
    match view {
        View::Summary => {
            let (h, a) = summary_header(meta);
            let mut t = Table::new(h, a);
            for row in r.rows {
                t.row(summary_cells(&row.group, &row.stats));
            }
            if human {
                t.rule();
            }
            t.row(summary_cells("Total", r.total));
            t
        }
        View::Sites { undocumented } => {
            let mut t = Table::new(
                ["Location", "Kind", "Documentation", meta.group_title]
                    .iter()
                    .map(|s| (*s).to_string())
                    .collect(),
                vec![Align::Left; 4],
            );
            for s in r.sites {
                if undocumented && !s.site.is_undocumented() {
                    continue;
                }
                t.row(vec![
                    format!("{}:{}:{}", s.path, s.site.line, s.site.column),
                    kind_label(&s.site),
                    doc_label(&s.site).to_string(),
                    s.group.clone(),
                ]);
            }
            t
        }
        View::Ffi => {
            let mut t = Table::new(
                ["Function", "Via", "Calls", "Files", "Called from"]
                    .iter()
                    .map(|s| (*s).to_string())
                    .collect(),
                vec![
                    Align::Left,
                    Align::Left,
                    Align::Right,
                    Align::Right,
                    Align::Left,
                ],
            );
            for f in r.ffi {
                let mut from: Vec<&(String, u64)> = f.files.iter().collect();
                from.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let mut shown: Vec<String> = from
                    .iter()
                    .take(3)
                    .map(|(p, n)| format!("{p} ({n})"))
                    .collect();
                if from.len() > 3 {
                    shown.push(format!("… {} more", from.len() - 3));
                }
                t.row(vec![
                    f.callee.clone(),
                    f.via.clone(),
                    f.calls.to_string(),
                    f.files.len().to_string(),
                    shown.join(", "),
                ]);
            }
            t
        }
    }
}

fn kind_label(s: &ferrometer_model::unsafety::Site) -> String {
    if s.in_macro {
        format!("{} (macro_rules!)", s.kind.name())
    } else {
        s.kind.name().to_string()
    }
}

fn doc_label(s: &ferrometer_model::unsafety::Site) -> &'static str {
    match (s.doc, s.allowed, s.kind) {
        (Doc::Documented, _, SiteKind::Block | SiteKind::Impl) => "SAFETY comment",
        (Doc::Documented, _, _) => "# Safety section",
        (Doc::Undocumented, true, _) => "undocumented (allowed)",
        (Doc::Undocumented, false, SiteKind::Block | SiteKind::Impl) => "missing SAFETY comment",
        (Doc::Undocumented, false, _) => "missing # Safety section",
        (Doc::NotRequired, _, _) => "not required",
    }
}

fn doc_name(d: Doc) -> &'static str {
    match d {
        Doc::Documented => "documented",
        Doc::Undocumented => "undocumented",
        Doc::NotRequired => "not-required",
    }
}

fn notes(r: &UnsafeReport<'_>, out: &mut dyn Write) -> io::Result<()> {
    let t = r.total;
    writeln!(
        out,
        "\n{} Rust files, {} KiB; {} SAFETY and {} INVARIANT comments{}{}",
        t.files,
        r.bytes / 1024,
        t.safety_comments,
        t.invariant_comments,
        if t.parse_errors > 0 {
            format!(
                "; {} files parsed only in part (see warnings)",
                t.parse_errors
            )
        } else {
            String::new()
        },
        if r.excluded_files > 0 {
            format!("; {} vendored/generated files left out", r.excluded_files)
        } else {
            String::new()
        },
    )
}

fn csv(r: &UnsafeReport<'_>, view: View, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    match view {
        View::Summary => {
            let mut header = vec!["group"];
            header.extend(STAT_FIELDS);
            w.write_record(&header)?;
            for row in r.rows {
                w.write_record(stat_record(&row.group, &row.stats))?;
            }
            w.write_record(stat_record("Total", r.total))?;
        }
        View::Sites { undocumented } => {
            w.write_record([
                "path",
                "line",
                "column",
                "kind",
                "documentation",
                "allowed",
                "in_macro",
                "rule",
                "group",
            ])?;
            for s in r.sites {
                if undocumented && !s.site.is_undocumented() {
                    continue;
                }
                w.write_record([
                    s.path.as_str(),
                    &s.site.line.to_string(),
                    &s.site.column.to_string(),
                    s.site.kind.name(),
                    doc_name(s.site.doc),
                    if s.site.allowed { "true" } else { "false" },
                    if s.site.in_macro { "true" } else { "false" },
                    rule_of(s.site.kind).map_or("", |r| r.id),
                    &s.group,
                ])?;
            }
        }
        View::Ffi => {
            w.write_record(["callee", "via", "calls", "files"])?;
            for f in r.ffi {
                w.write_record([
                    f.callee.as_str(),
                    &f.via,
                    &f.calls.to_string(),
                    &f.files.len().to_string(),
                ])?;
            }
        }
    }
    w.flush()
}

const STAT_FIELDS: [&str; 21] = [
    "files",
    "code",
    "unsafe_code",
    "unsafe_share",
    "blocks",
    "fns",
    "fn_decls",
    "impls",
    "traits",
    "extern_blocks",
    "attrs",
    "static_muts",
    "in_macros",
    "needs_doc",
    "documented",
    "allowed",
    "undocumented",
    "safety_comments",
    "invariant_comments",
    "ffi_calls",
    "parse_errors",
];

fn stat_record(group: &str, s: &UnsafeStats) -> Vec<String> {
    let j = StatsJson::new(s);
    vec![
        group.to_string(),
        j.files.to_string(),
        j.code.to_string(),
        j.unsafe_code.to_string(),
        format!("{:.4}", j.unsafe_share),
        j.blocks.to_string(),
        j.fns.to_string(),
        j.fn_decls.to_string(),
        j.impls.to_string(),
        j.traits.to_string(),
        j.extern_blocks.to_string(),
        j.attrs.to_string(),
        j.static_muts.to_string(),
        j.in_macros.to_string(),
        j.needs_doc.to_string(),
        j.documented.to_string(),
        j.allowed.to_string(),
        j.undocumented.to_string(),
        j.safety_comments.to_string(),
        j.invariant_comments.to_string(),
        j.ffi_calls.to_string(),
        j.parse_errors.to_string(),
    ]
}

#[derive(Serialize)]
struct StatsJson {
    files: u64,
    code: u64,
    unsafe_code: u64,
    unsafe_share: f64,
    blocks: u64,
    fns: u64,
    fn_decls: u64,
    impls: u64,
    traits: u64,
    extern_blocks: u64,
    attrs: u64,
    static_muts: u64,
    in_macros: u64,
    needs_doc: u64,
    documented: u64,
    allowed: u64,
    undocumented: u64,
    safety_comments: u64,
    invariant_comments: u64,
    ffi_calls: u64,
    parse_errors: u64,
}

impl StatsJson {
    fn new(s: &UnsafeStats) -> StatsJson {
        #[allow(clippy::cast_precision_loss)]
        let share = if s.code == 0 {
            0.0
        } else {
            s.unsafe_code as f64 / s.code as f64
        };
        StatsJson {
            files: s.files,
            code: s.code,
            unsafe_code: s.unsafe_code,
            unsafe_share: share,
            blocks: s.kind(SiteKind::Block),
            fns: s.kind(SiteKind::Fn),
            fn_decls: s.kind(SiteKind::FnDecl),
            impls: s.kind(SiteKind::Impl),
            traits: s.kind(SiteKind::Trait),
            extern_blocks: s.kind(SiteKind::ExternBlock),
            attrs: s.kind(SiteKind::Attr),
            static_muts: s.kind(SiteKind::StaticMut),
            in_macros: s.in_macros,
            needs_doc: s.needs_doc,
            documented: s.documented,
            allowed: s.allowed,
            undocumented: s.undocumented(),
            safety_comments: s.safety_comments,
            invariant_comments: s.invariant_comments,
            ffi_calls: s.ffi_calls,
            parse_errors: s.parse_errors,
        }
    }
}

#[derive(Serialize)]
struct RowJson<'a> {
    group: &'a str,
    #[serde(flatten)]
    stats: StatsJson,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    kind: &'static str,
    documentation: &'static str,
    allowed: bool,
    in_macro: bool,
    rule: Option<&'static str>,
    group: &'a str,
}

#[derive(Serialize)]
struct FfiJson<'a> {
    callee: &'a str,
    via: &'a str,
    calls: u64,
    files: Vec<FfiFileJson<'a>>,
}

#[derive(Serialize)]
struct FfiFileJson<'a> {
    path: &'a str,
    calls: u64,
}

#[derive(Serialize)]
struct UnsafeJson<'a> {
    #[serde(flatten)]
    header: Header<'a>,
    view: &'static str,
    root: &'a str,
    path: &'a str,
    group_by: &'a str,
    owners_file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<Vec<RowJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sites: Option<Vec<SiteJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ffi: Option<Vec<FfiJson<'a>>>,
    total: RowJson<'a>,
    bytes: u64,
    excluded_files: u64,
}

impl<'a> UnsafeJson<'a> {
    fn new(r: &'a UnsafeReport<'a>, meta: &'a UnsafeMeta<'a>, view: View) -> Self {
        let mut doc = UnsafeJson {
            header: Header::new("unsafe"),
            view: "summary",
            root: meta.root,
            path: meta.path,
            group_by: meta.group_by,
            owners_file: meta.owners_file,
            rows: None,
            sites: None,
            ffi: None,
            total: RowJson {
                group: "Total",
                stats: StatsJson::new(r.total),
            },
            bytes: r.bytes,
            excluded_files: r.excluded_files,
        };
        match view {
            View::Summary => {
                doc.rows = Some(
                    r.rows
                        .iter()
                        .map(|row| RowJson {
                            group: &row.group,
                            stats: StatsJson::new(&row.stats),
                        })
                        .collect(),
                );
            }
            View::Sites { undocumented } => {
                doc.view = if undocumented {
                    "undocumented"
                } else {
                    "sites"
                };
                doc.sites = Some(
                    r.sites
                        .iter()
                        .filter(|s| !undocumented || s.site.is_undocumented())
                        .map(|s| SiteJson {
                            path: &s.path,
                            line: s.site.line,
                            column: s.site.column,
                            kind: s.site.kind.name(),
                            documentation: doc_name(s.site.doc),
                            allowed: s.site.allowed,
                            in_macro: s.site.in_macro,
                            rule: rule_of(s.site.kind)
                                .filter(|_| s.site.doc != Doc::NotRequired)
                                .map(|r| r.id),
                            group: &s.group,
                        })
                        .collect(),
                );
            }
            View::Ffi => {
                doc.view = "ffi";
                doc.ffi = Some(
                    r.ffi
                        .iter()
                        .map(|f| FfiJson {
                            callee: &f.callee,
                            via: &f.via,
                            calls: f.calls,
                            files: f
                                .files
                                .iter()
                                .map(|(p, n)| FfiFileJson { path: p, calls: *n })
                                .collect(),
                        })
                        .collect(),
                );
            }
        }
        doc
    }
}

/// Writes SARIF 2.1.0: one result per undocumented site (sites an `allow`
/// covers are left out, as clippy leaves them out), paths relative to the
/// tree's top (`%SRCROOT%`).
///
/// # Errors
/// When writing fails.
pub fn sarif(r: &UnsafeReport<'_>, meta: &UnsafeMeta<'_>, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|rule| {
            serde_json::json!({
                "id": rule.id,
                "name": rule.clippy,
                "shortDescription": { "text": rule.short },
                "fullDescription": { "text": rule.full },
                "helpUri": format!("https://rust-lang.github.io/rust-clippy/master/index.html#{}", rule.clippy),
                "defaultConfiguration": { "level": "warning" },
                "properties": { "tags": ["unsafe", "safety"] },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = r
        .sites
        .iter()
        .filter(|s| s.site.is_undocumented())
        .filter_map(|s| {
            let rule = rule_of(s.site.kind)?;
            let index = RULES.iter().position(|x| x.id == rule.id)?;
            Some(serde_json::json!({
                "ruleId": rule.id,
                "ruleIndex": index,
                "level": "warning",
                "message": { "text": format!("{} ({})", rule.short, kind_label(&s.site)) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_path(&s.path), "uriBaseId": "SRCROOT" },
                        "region": { "startLine": s.site.line, "startColumn": s.site.column },
                    },
                }],
                "partialFingerprints": {
                    "ferrometer/v1": format!("{}:{}:{}", s.path, s.site.kind.name(), s.site.line),
                },
            }))
        })
        .collect();
    let mut root = meta.root.to_string();
    if !root.ends_with('/') {
        root.push('/');
    }
    let doc = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ferrometer",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/ferrometer",
                "rules": rules,
            }},
            "originalUriBaseIds": { "SRCROOT": { "uri": format!("file://{}", uri_path(&root)) } },
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// Percent-encodes what a URI path cannot hold as is.
fn uri_path(p: &str) -> String {
    let mut s = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri_path("a b/ü.rs"), "a%20b/%C3%BC.rs");
        assert_eq!(uri_path("rust/kernel/lib.rs"), "rust/kernel/lib.rs");
    }
}
