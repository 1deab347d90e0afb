//! Rendering of `scan` footprints.

use std::io::{self, Write};

use ferrometer_model::{Footprint, Lang, Origin, Row};
use serde::Serialize;

use crate::json::{CountsJson, Header};
use crate::table::{Align, Table};
use crate::Format;

/// Facts about the run that the output repeats.
#[derive(Clone, Copy, Debug)]
pub struct ScanMeta<'a> {
    /// The top of the tree (absolute).
    pub root: &'a str,
    /// The scanned path (absolute).
    pub path: &'a str,
    /// The grouping as given (`language`, `subsystem`, `dir:2`, `file`).
    pub group_by: &'a str,
    /// The group column title (`Subsystem`).
    pub group_title: &'a str,
    /// The ownership file `--by subsystem` used, relative to the root.
    pub owners_file: Option<&'a str>,
}

/// Renders a footprint in `format`.
///
/// # Errors
/// When writing fails.
pub fn render(
    fp: &Footprint,
    meta: &ScanMeta<'_>,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human(fp, meta, out),
        Format::Markdown => table(fp, meta, false).write_markdown(out),
        Format::Csv => csv(fp, out),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &ScanJson::new(fp, meta))?;
            writeln!(out)
        }
    }
}

fn lang_label(row: &Row) -> String {
    match row.origin {
        Origin::Own => row.lang.name().to_string(),
        o => format!("{} ({})", row.lang.name(), o.name()),
    }
}

fn table(fp: &Footprint, meta: &ScanMeta<'_>, human: bool) -> Table {
    let grouped = meta.group_by != "language";
    let with_doc = fp.total.doc > 0;
    let mut header = Vec::new();
    let mut align = Vec::new();
    if grouped {
        header.push(meta.group_title.to_string());
        align.push(Align::Left);
    }
    for (h, a) in [
        ("Language", Align::Left),
        ("Files", Align::Right),
        ("Lines", Align::Right),
        ("Code", Align::Right),
        ("Comments", Align::Right),
        ("Blanks", Align::Right),
    ] {
        header.push(h.to_string());
        align.push(a);
    }
    if with_doc {
        header.push("Doc".into());
        align.push(Align::Right);
    }
    let mut t = Table::new(header, align);
    let mut last_group: Option<&str> = None;
    for row in &fp.rows {
        let mut cells = Vec::new();
        if grouped {
            let g = row.group.as_deref().unwrap_or("");
            // A group's name is printed on its first row only, so groups stand out.
            cells.push(if human && last_group == Some(g) {
                String::new()
            } else {
                shorten(g, human)
            });
            last_group = Some(g);
        }
        cells.push(lang_label(row));
        cells.extend(numbers(row.files, &row.counts, row.lang, with_doc));
        t.row(cells);
    }
    if human {
        t.rule();
    }
    let mut cells = Vec::new();
    if grouped {
        cells.push("Total".into());
        cells.push(String::new());
    } else {
        cells.push("Total".into());
    }
    cells.extend(numbers(fp.total_files, &fp.total, Lang::C, with_doc));
    t.row(cells);
    t
}

fn numbers(files: u64, c: &ferrometer_model::Counts, lang: Lang, with_doc: bool) -> Vec<String> {
    if lang == Lang::Other {
        // Other files are counted, never read for lines.
        let mut v = vec![
            files.to_string(),
            "-".into(),
            "-".into(),
            "-".into(),
            "-".into(),
        ];
        if with_doc {
            v.push("-".into());
        }
        return v;
    }
    let mut v = vec![
        files.to_string(),
        c.lines.to_string(),
        c.code.to_string(),
        c.comment.to_string(),
        c.blank.to_string(),
    ];
    if with_doc {
        v.push(c.doc.to_string());
    }
    v
}

/// Long kernel section names would make a terminal table unreadable; the
/// other formats keep them whole.
fn shorten(name: &str, human: bool) -> String {
    const MAX: usize = 48;
    if !human || name.chars().count() <= MAX {
        return name.to_string();
    }
    let mut s: String = name.chars().take(MAX - 1).collect();
    s.push('…');
    s
}

fn human(fp: &Footprint, meta: &ScanMeta<'_>, out: &mut dyn Write) -> io::Result<()> {
    table(fp, meta, true).write_human(out)?;
    let s = &fp.summary;
    let mut notes = Vec::new();
    if s.binary_files > 0 {
        notes.push(format!("{} binary files skipped", s.binary_files));
    }
    if s.unreadable_files > 0 {
        notes.push(format!(
            "{} files could not be read (see the warnings)",
            s.unreadable_files
        ));
    }
    if s.excluded_files > 0 {
        notes.push(format!(
            "{} vendored or generated files left out",
            s.excluded_files
        ));
    }
    if s.headers_as_cpp > 0 {
        notes.push(format!(
            "{} .h files counted as C++ headers",
            s.headers_as_cpp
        ));
    }
    if meta.group_by == "subsystem" {
        let source = meta.owners_file.unwrap_or("top-level directories");
        notes.push(format!("subsystems from {source}"));
        if s.unassigned_files > 0 {
            notes.push(format!(
                "{} lines in {} files matched no rule: {}",
                s.unassigned_lines, s.unassigned_files, "(unassigned)"
            ));
        }
    }
    for n in notes {
        writeln!(out, "{n}")?;
    }
    Ok(())
}

fn csv(fp: &Footprint, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| io::Error::other(e.to_string());
    w.write_record([
        "group", "language", "origin", "files", "lines", "code", "comments", "blanks", "doc",
    ])
    .map_err(err)?;
    for row in &fp.rows {
        let c = &row.counts;
        w.write_record([
            row.group.as_deref().unwrap_or(""),
            row.lang.name(),
            row.origin.name(),
            &row.files.to_string(),
            &c.lines.to_string(),
            &c.code.to_string(),
            &c.comment.to_string(),
            &c.blank.to_string(),
            &c.doc.to_string(),
        ])
        .map_err(err)?;
    }
    w.flush()
}

/// The `scan` document.
#[derive(Serialize)]
struct ScanJson<'a> {
    #[serde(flatten)]
    header: Header<'a>,
    root: &'a str,
    path: &'a str,
    group_by: &'a str,
    owners_file: Option<&'a str>,
    rows: Vec<RowJson<'a>>,
    total: CountsJson,
    summary: SummaryJson,
}

#[derive(Serialize)]
struct RowJson<'a> {
    group: Option<&'a str>,
    language: &'static str,
    origin: &'static str,
    #[serde(flatten)]
    counts: CountsJson,
}

#[derive(Serialize)]
pub(crate) struct SummaryJson {
    files_seen: u64,
    text_files: u64,
    other_files: u64,
    binary_files: u64,
    unreadable_files: u64,
    excluded_files: u64,
    unassigned_files: u64,
    unassigned_lines: u64,
    headers_as_cpp: u64,
}

impl<'a> ScanJson<'a> {
    fn new(fp: &'a Footprint, meta: &ScanMeta<'a>) -> ScanJson<'a> {
        let s = &fp.summary;
        ScanJson {
            header: Header::new("scan"),
            root: meta.root,
            path: meta.path,
            group_by: meta.group_by,
            owners_file: meta.owners_file,
            rows: fp
                .rows
                .iter()
                .map(|r| RowJson {
                    group: r.group.as_deref(),
                    language: r.lang.name(),
                    origin: r.origin.name(),
                    counts: CountsJson::new(r.files, &r.counts),
                })
                .collect(),
            total: CountsJson::new(fp.total_files, &fp.total),
            summary: SummaryJson::new(s),
        }
    }
}

impl SummaryJson {
    pub(crate) fn new(s: &ferrometer_model::ScanSummary) -> SummaryJson {
        SummaryJson {
            files_seen: s.files_seen,
            text_files: s.text_files,
            other_files: s.other_files,
            binary_files: s.binary_files,
            unreadable_files: s.unreadable_files,
            excluded_files: s.excluded_files,
            unassigned_files: s.unassigned_files,
            unassigned_lines: s.unassigned_lines,
            headers_as_cpp: s.headers_as_cpp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrometer_model::{Counts, ScanSummary};

    fn sample() -> Footprint {
        let c = |code, comment, blank, doc| Counts {
            lines: code + comment + blank,
            code,
            comment,
            blank,
            doc,
        };
        Footprint {
            rows: vec![
                Row {
                    group: Some("NET".into()),
                    lang: Lang::C,
                    origin: Origin::Own,
                    files: 2,
                    counts: c(10, 3, 2, 0),
                },
                Row {
                    group: Some("NET".into()),
                    lang: Lang::Rust,
                    origin: Origin::Own,
                    files: 1,
                    counts: c(5, 2, 1, 1),
                },
                Row {
                    group: Some("MM".into()),
                    lang: Lang::Other,
                    origin: Origin::Own,
                    files: 4,
                    counts: Counts::default(),
                },
            ],
            total: c(15, 5, 3, 1),
            total_files: 7,
            summary: ScanSummary {
                binary_files: 1,
                files_seen: 8,
                ..ScanSummary::default()
            },
        }
    }

    fn meta() -> ScanMeta<'static> {
        ScanMeta {
            root: "/k",
            path: "/k",
            group_by: "subsystem",
            group_title: "Subsystem",
            owners_file: Some("MAINTAINERS"),
        }
    }

    fn render_str(format: Format) -> String {
        let mut out = Vec::new();
        render(&sample(), &meta(), format, &mut out).expect("render");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn human_table_is_aligned_and_groups_print_once() {
        let s = render_str(Format::Human);
        let lines: Vec<&str> = s.lines().collect();
        assert!(lines[0].starts_with("Subsystem  Language"), "{s}");
        assert!(lines[2].starts_with("NET"), "{s}");
        assert!(
            lines[3].starts_with("   "),
            "second row of a group leaves the name out: {s}"
        );
        assert!(s.contains("subsystems from MAINTAINERS"));
        assert!(s.contains("1 binary files skipped"));
        // Every table line has the same width up to trailing spaces being cut.
        assert!(lines[2].ends_with(" 0") || lines[2].ends_with('0'));
    }

    #[test]
    fn csv_has_one_line_per_row() {
        let s = render_str(Format::Csv);
        assert_eq!(s.lines().count(), 4);
        assert!(s.contains("NET,Rust,own,1,8,5,2,1,1"));
    }

    #[test]
    fn json_is_versioned() {
        let v: serde_json::Value = serde_json::from_str(&render_str(Format::Json)).expect("json");
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["command"], "scan");
        assert_eq!(v["rows"][1]["language"], "Rust");
        assert_eq!(v["rows"][1]["doc"], 1);
        assert_eq!(v["total"]["code"], 15);
        assert_eq!(v["summary"]["binary_files"], 1);
    }

    #[test]
    fn markdown_escapes_pipes() {
        let mut fp = sample();
        fp.rows[0].group = Some("A|B".into());
        let mut out = Vec::new();
        render(&fp, &meta(), Format::Markdown, &mut out).expect("render");
        let s = String::from_utf8(out).expect("utf-8");
        assert!(s.contains("A\\|B"), "{s}");
        assert!(s.lines().nth(1).expect("separator").contains("---:"));
    }
}
