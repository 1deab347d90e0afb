//! Rendering of `history`: one footprint per revision, optionally with the
//! change from the previous revision (`--delta`), and a line chart.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use ferrometer_model::{Counts, Footprint, Lang, Origin, Row};
use serde::Serialize;

use crate::json::{CountsJson, Header};
use crate::table::{Align, Table};
use crate::Format;

/// One revision as the output shows it.
#[derive(Clone, Copy, Debug)]
pub struct RevisionView<'a> {
    /// Tag, spec as given, or short commit id.
    pub name: &'a str,
    /// The commit, 40 hex digits.
    pub commit: &'a str,
    /// Committer date, `YYYY-MM-DD` (UTC).
    pub date: &'a str,
    /// Committer time, seconds since the epoch.
    pub time: i64,
    /// The ownership file of this revision used for `--by subsystem`.
    pub owners_file: Option<&'a str>,
    /// Submodules not counted.
    pub submodules: u64,
    /// The revision's rows and totals.
    pub footprint: &'a Footprint,
}

/// What the run cost, repeated in JSON.
#[derive(Clone, Copy, Debug, Default)]
pub struct HistoryStatsView {
    /// Revisions whose result came from the cache.
    pub revisions_cached: u64,
    /// Distinct (blob, name language) pairs over all revisions.
    pub distinct_blobs: u64,
    /// Of those, found in the cache.
    pub cache_hits: u64,
    /// Of those, read and classified in this run.
    pub classified: u64,
    /// Bytes of blobs read.
    pub bytes_read: u64,
}

/// Facts about the run that the output repeats.
#[derive(Clone, Copy, Debug)]
pub struct HistoryMeta<'a> {
    /// The repository (absolute).
    pub repo: &'a str,
    /// The grouping as given (`language`, `subsystem`, `dir:2`, `file`).
    pub group_by: &'a str,
    /// The group column title (`Subsystem`).
    pub group_title: &'a str,
    /// Add the change from the previous revision to each row.
    pub delta: bool,
}

/// Renders the revisions in `format`.
///
/// # Errors
/// When writing fails.
pub fn render(
    revs: &[RevisionView<'_>],
    meta: &HistoryMeta<'_>,
    stats: &HistoryStatsView,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rows = rows_with_delta(revs, meta.delta);
    match format {
        Format::Human => table(revs, &rows, meta, true).write_human(out),
        Format::Markdown => table(revs, &rows, meta, false).write_markdown(out),
        Format::Csv => csv(revs, &rows, meta, out),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &json(revs, &rows, meta, stats))?;
            writeln!(out)
        }
    }
}

/// The identity of a row across revisions.
type RowKey<'a> = (Option<&'a str>, Lang, Origin);

/// Signed change of a row's numbers from the previous revision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Delta {
    /// Change in files.
    pub files: i64,
    /// Change in physical lines.
    pub lines: i64,
    /// Change in code lines.
    pub code: i64,
    /// Change in comment lines.
    pub comments: i64,
    /// Change in blank lines.
    pub blanks: i64,
}

fn delta(files: u64, c: &Counts, prev_files: u64, p: &Counts) -> Delta {
    let d = |a: u64, b: u64| a as i64 - b as i64;
    Delta {
        files: d(files, prev_files),
        lines: d(c.lines, p.lines),
        code: d(c.code, p.code),
        comments: d(c.comment, p.comment),
        blanks: d(c.blank, p.blank),
    }
}

/// A row of one revision, with its change when `--delta` asked for it.
struct DeltaRow {
    row: Row,
    /// `None` for the first revision (nothing to compare with) or without `--delta`.
    delta: Option<Delta>,
}

/// Per revision: its rows, plus (with `delta`) rows that the previous
/// revision had and this one lost, shown with zero counts.
struct RevRows {
    rows: Vec<DeltaRow>,
    total_delta: Option<Delta>,
}

fn rows_with_delta(revs: &[RevisionView<'_>], with_delta: bool) -> Vec<RevRows> {
    let mut out = Vec::with_capacity(revs.len());
    let mut prev: Option<&Footprint> = None;
    for rev in revs {
        let fp = rev.footprint;
        let mut rows: Vec<DeltaRow> = Vec::with_capacity(fp.rows.len());
        let total_delta = match (with_delta, prev) {
            (true, Some(p)) => {
                let before: HashMap<RowKey<'_>, &Row> =
                    p.rows.iter().map(|r| (key(r), r)).collect();
                let mut present = std::collections::HashSet::new();
                for r in &fp.rows {
                    present.insert(key(r));
                    let d = match before.get(&key(r)) {
                        Some(b) => delta(r.files, &r.counts, b.files, &b.counts),
                        None => delta(r.files, &r.counts, 0, &Counts::default()),
                    };
                    rows.push(DeltaRow {
                        row: r.clone(),
                        delta: Some(d),
                    });
                }
                for b in &p.rows {
                    if !present.contains(&key(b)) {
                        let gone = Row {
                            files: 0,
                            counts: Counts::default(),
                            ..b.clone()
                        };
                        rows.push(DeltaRow {
                            delta: Some(delta(0, &Counts::default(), b.files, &b.counts)),
                            row: gone,
                        });
                    }
                }
                Some(delta(fp.total_files, &fp.total, p.total_files, &p.total))
            }
            _ => {
                rows.extend(fp.rows.iter().map(|r| DeltaRow {
                    row: r.clone(),
                    delta: None,
                }));
                None
            }
        };
        out.push(RevRows { rows, total_delta });
        prev = Some(fp);
    }
    out
}

fn key(r: &Row) -> RowKey<'_> {
    (r.group.as_deref(), r.lang, r.origin)
}

fn lang_label(row: &Row) -> String {
    match row.origin {
        Origin::Own => row.lang.name().to_string(),
        o => format!("{} ({})", row.lang.name(), o.name()),
    }
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn table(
    revs: &[RevisionView<'_>],
    rows: &[RevRows],
    meta: &HistoryMeta<'_>,
    human: bool,
) -> Table {
    let grouped = meta.group_by != "language";
    let mut header: Vec<String> = vec!["Revision".into(), "Date".into()];
    let mut align = vec![Align::Left, Align::Left];
    if grouped {
        header.push(meta.group_title.into());
        align.push(Align::Left);
    }
    for h in ["Language", "Files", "Lines", "Code", "Comments", "Blanks"] {
        header.push(h.into());
        align.push(if h == "Language" {
            Align::Left
        } else {
            Align::Right
        });
    }
    if meta.delta {
        for h in ["ΔFiles", "ΔLines", "ΔCode"] {
            header.push(h.into());
            align.push(Align::Right);
        }
    }
    let mut t = Table::new(header, align);
    // Rules between revisions only when they take several lines each.
    let ruled = human && rows.iter().any(|rr| rr.rows.len() > 1);
    for (i, (rev, rr)) in revs.iter().zip(rows).enumerate() {
        if ruled && i > 0 {
            t.rule();
        }
        let mut first = true;
        let mut last_group: Option<&str> = None;
        let mut line = |t: &mut Table, group: String, label: String, files, c: &Counts, lang, d| {
            let mut cells = Vec::new();
            if first || !human {
                cells.push(rev.name.to_string());
                cells.push(rev.date.to_string());
            } else {
                cells.push(String::new());
                cells.push(String::new());
            }
            first = false;
            if grouped {
                cells.push(group);
            }
            cells.push(label);
            cells.extend(numbers(files, c, lang));
            if meta.delta {
                match d {
                    Some(Delta {
                        files, lines, code, ..
                    }) => {
                        cells.push(signed(files));
                        cells.push(if lang == Lang::Other {
                            "-".into()
                        } else {
                            signed(lines)
                        });
                        cells.push(if lang == Lang::Other {
                            "-".into()
                        } else {
                            signed(code)
                        });
                    }
                    None => cells.extend(["".to_string(), "".into(), "".into()]),
                }
            }
            t.row(cells);
        };
        for dr in &rr.rows {
            let g = dr.row.group.as_deref().unwrap_or("");
            let shown = if human && last_group == Some(g) {
                String::new()
            } else {
                shorten(g, human)
            };
            last_group = Some(g);
            line(
                &mut t,
                shown,
                lang_label(&dr.row),
                dr.row.files,
                &dr.row.counts,
                dr.row.lang,
                dr.delta,
            );
        }
        if rr.rows.len() != 1 {
            let fp = rev.footprint;
            let (g, l) = if grouped {
                ("Total".to_string(), String::new())
            } else {
                (String::new(), "Total".to_string())
            };
            line(
                &mut t,
                g,
                l,
                fp.total_files,
                &fp.total,
                Lang::C,
                rr.total_delta,
            );
        }
    }
    t
}

fn numbers(files: u64, c: &Counts, lang: Lang) -> Vec<String> {
    if lang == Lang::Other {
        return vec![
            files.to_string(),
            "-".into(),
            "-".into(),
            "-".into(),
            "-".into(),
        ];
    }
    vec![
        files.to_string(),
        c.lines.to_string(),
        c.code.to_string(),
        c.comment.to_string(),
        c.blank.to_string(),
    ]
}

fn shorten(name: &str, human: bool) -> String {
    const MAX: usize = 40;
    if !human || name.chars().count() <= MAX {
        return name.to_string();
    }
    let mut s: String = name.chars().take(MAX - 1).collect();
    s.push('…');
    s
}

fn csv(
    revs: &[RevisionView<'_>],
    rows: &[RevRows],
    meta: &HistoryMeta<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| io::Error::other(e.to_string());
    let mut header = vec![
        "revision", "commit", "date", "group", "language", "origin", "files", "lines", "code",
        "comments", "blanks", "doc",
    ];
    if meta.delta {
        header.extend([
            "delta_files",
            "delta_lines",
            "delta_code",
            "delta_comments",
            "delta_blanks",
        ]);
    }
    w.write_record(&header).map_err(err)?;
    for (rev, rr) in revs.iter().zip(rows) {
        for dr in &rr.rows {
            let r = &dr.row;
            let c = &r.counts;
            let mut rec = vec![
                rev.name.to_string(),
                rev.commit.to_string(),
                rev.date.to_string(),
                r.group.clone().unwrap_or_default(),
                r.lang.name().to_string(),
                r.origin.name().to_string(),
                r.files.to_string(),
                c.lines.to_string(),
                c.code.to_string(),
                c.comment.to_string(),
                c.blank.to_string(),
                c.doc.to_string(),
            ];
            if meta.delta {
                match dr.delta {
                    Some(d) => rec.extend(
                        [d.files, d.lines, d.code, d.comments, d.blanks].map(|n| n.to_string()),
                    ),
                    None => rec.extend(std::iter::repeat_n(String::new(), 5)),
                }
            }
            w.write_record(&rec).map_err(err)?;
        }
    }
    w.flush()
}

#[derive(Serialize)]
struct HistoryJson<'a> {
    #[serde(flatten)]
    header: Header<'a>,
    repository: &'a str,
    group_by: &'a str,
    delta: bool,
    revisions: Vec<RevisionJson<'a>>,
    stats: StatsJson,
}

#[derive(Serialize)]
struct RevisionJson<'a> {
    name: &'a str,
    commit: &'a str,
    date: &'a str,
    time: i64,
    owners_file: Option<&'a str>,
    submodules: u64,
    rows: Vec<RowJson<'a>>,
    total: CountsJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_delta: Option<Delta>,
    summary: crate::scan::SummaryJson,
}

#[derive(Serialize)]
struct RowJson<'a> {
    group: Option<&'a str>,
    language: &'static str,
    origin: &'static str,
    #[serde(flatten)]
    counts: CountsJson,
    /// Outer `None`: no `--delta`; inner `None`: the first revision.
    #[serde(skip_serializing_if = "Option::is_none")]
    delta: Option<Option<Delta>>,
}

#[derive(Serialize)]
struct StatsJson {
    revisions_from_cache: u64,
    distinct_blobs: u64,
    cache_hits: u64,
    classified: u64,
    bytes_read: u64,
}

fn json<'a>(
    revs: &[RevisionView<'a>],
    rows: &'a [RevRows],
    meta: &HistoryMeta<'a>,
    stats: &HistoryStatsView,
) -> HistoryJson<'a> {
    HistoryJson {
        header: Header::new("history"),
        repository: meta.repo,
        group_by: meta.group_by,
        delta: meta.delta,
        revisions: revs
            .iter()
            .zip(rows)
            .map(|(rev, rr)| RevisionJson {
                name: rev.name,
                commit: rev.commit,
                date: rev.date,
                time: rev.time,
                owners_file: rev.owners_file,
                submodules: rev.submodules,
                rows: rr
                    .rows
                    .iter()
                    .map(|dr| RowJson {
                        group: dr.row.group.as_deref(),
                        language: dr.row.lang.name(),
                        origin: dr.row.origin.name(),
                        counts: CountsJson::new(dr.row.files, &dr.row.counts),
                        // The first revision has nothing to compare with:
                        // with --delta its rows carry a null delta.
                        delta: meta.delta.then_some(dr.delta),
                    })
                    .collect(),
                total: CountsJson::new(rev.footprint.total_files, &rev.footprint.total),
                total_delta: rr.total_delta,
                summary: crate::scan::SummaryJson::new(&rev.footprint.summary),
            })
            .collect(),
        stats: StatsJson {
            revisions_from_cache: stats.revisions_cached,
            distinct_blobs: stats.distinct_blobs,
            cache_hits: stats.cache_hits,
            classified: stats.classified,
            bytes_read: stats.bytes_read,
        },
    }
}

/// The most series a chart draws; the rest are summed into "others".
const MAX_SERIES: usize = 8;

/// One line of the chart: its label and code lines per revision.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Language, or group and language.
    pub label: String,
    /// Code lines at each revision, in revision order.
    pub code: Vec<u64>,
}

/// The series a chart draws: one per language (or per group when grouped),
/// by code lines; the largest [`MAX_SERIES`] − 1 by their peak, the others
/// summed into one "others" series.
#[must_use]
pub fn series(revs: &[RevisionView<'_>], grouped: bool) -> Vec<Series> {
    let mut by_label: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (i, rev) in revs.iter().enumerate() {
        for r in &rev.footprint.rows {
            if r.lang == Lang::Other {
                continue;
            }
            let label = if grouped {
                r.group.clone().unwrap_or_default()
            } else {
                r.lang.name().to_string()
            };
            let v = by_label.entry(label).or_insert_with(|| vec![0; revs.len()]);
            v[i] += r.counts.code;
        }
    }
    let mut all: Vec<Series> = by_label
        .into_iter()
        .map(|(label, code)| Series { label, code })
        .collect();
    all.sort_by(|a, b| {
        let peak = |s: &Series| s.code.iter().copied().max().unwrap_or(0);
        peak(b).cmp(&peak(a)).then_with(|| a.label.cmp(&b.label))
    });
    if all.len() > MAX_SERIES {
        let rest = all.split_off(MAX_SERIES - 1);
        let mut others = vec![0; revs.len()];
        for s in &rest {
            for (o, c) in others.iter_mut().zip(&s.code) {
                *o += c;
            }
        }
        all.push(Series {
            label: format!("{} others", rest.len()),
            code: others,
        });
    }
    all
}

/// Draws code lines per revision as an SVG line chart: one line per
/// language (or group), revision names along the x axis.
///
/// # Errors
/// When the file can't be written.
pub fn chart(
    revs: &[RevisionView<'_>],
    meta: &HistoryMeta<'_>,
    title: &str,
    path: &std::path::Path,
) -> Result<(), String> {
    use plotters::prelude::*;

    let grouped = meta.group_by != "language";
    let series = series(revs, grouped);
    let n = revs.len().max(1);
    let max = series
        .iter()
        .flat_map(|s| s.code.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    // Room for rotated revision names under the axis.
    let longest = revs
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(4);
    // At most ~90 names along the axis, 16 px apart or more.
    let step = n.div_ceil(90).max(1);
    let width = (260 + 16 * n.div_ceil(step) as u32).clamp(1000, 1800);
    let x_label_area = (longest as u32 * 7 + 40).clamp(60, 240);
    let root = SVGBackend::new(path, (width, 600 + x_label_area)).into_drawing_area();
    let fail = |e: &dyn std::fmt::Display| format!("could not draw {}: {e}", path.display());
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(16)
        .margin_right(40)
        .x_label_area_size(x_label_area)
        .y_label_area_size(90)
        .build_cartesian_2d(0..n.saturating_sub(1).max(1), 0..(max + max / 10 + 1))
        .map_err(|e| fail(&e))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(2)
        .x_label_formatter(&|_| String::new())
        .y_label_formatter(&|v| thousands(*v))
        .y_label_style(("sans-serif", 13))
        .x_desc("revision")
        .y_desc("code lines")
        .axis_desc_style(("sans-serif", 15))
        .draw()
        .map_err(|e| fail(&e))?;
    // Revision names, written downwards under their points (plotters would
    // pick its own round-number ticks for an integer axis).
    let label_style = ("sans-serif", 12)
        .into_font()
        .transform(FontTransform::Rotate90)
        .color(&BLACK);
    for (i, rev) in revs.iter().enumerate().step_by(step) {
        let (x, y) = chart.backend_coord(&(i, 0));
        root.draw(&PathElement::new(vec![(x, y), (x, y + 5)], BLACK))
            .map_err(|e| fail(&e))?;
        root.draw(&Text::new(
            rev.name.to_string(),
            (x + 6, y + 8),
            label_style.clone(),
        ))
        .map_err(|e| fail(&e))?;
    }
    for (i, s) in series.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba().stroke_width(2);
        let points: Vec<(usize, u64)> = s.code.iter().copied().enumerate().collect();
        chart
            .draw_series(LineSeries::new(points.clone(), color))
            .map_err(|e| fail(&e))?
            .label(format!(
                "{} ({})",
                s.label,
                thousands(*s.code.last().unwrap_or(&0))
            ))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color));
        if n <= 60 {
            chart
                .draw_series(
                    points
                        .into_iter()
                        .map(|p| Circle::new(p, 3, color.filled())),
                )
                .map_err(|e| fail(&e))?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 14))
        .draw()
        .map_err(|e| fail(&e))?;
    root.present().map_err(|e| fail(&e))?;
    Ok(())
}

/// `1234567` → `1,234,567`.
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrometer_model::ScanSummary;

    fn c(code: u64, comment: u64, blank: u64) -> Counts {
        Counts {
            lines: code + comment + blank,
            code,
            comment,
            blank,
            doc: 0,
        }
    }

    fn row(lang: Lang, files: u64, counts: Counts) -> Row {
        Row {
            group: None,
            lang,
            origin: Origin::Own,
            files,
            counts,
        }
    }

    fn fp(rows: Vec<Row>) -> Footprint {
        let mut total = Counts::default();
        let mut files = 0;
        for r in &rows {
            total.lines += r.counts.lines;
            total.code += r.counts.code;
            total.comment += r.counts.comment;
            total.blank += r.counts.blank;
            files += r.files;
        }
        Footprint {
            rows,
            total,
            total_files: files,
            summary: ScanSummary::default(),
        }
    }

    fn views(fps: &[Footprint]) -> Vec<RevisionView<'_>> {
        const NAMES: [&str; 3] = ["v1.0", "v1.1", "v2.0"];
        fps.iter()
            .enumerate()
            .map(|(i, f)| RevisionView {
                name: NAMES[i],
                commit: "0123456789abcdef0123456789abcdef01234567",
                date: "2024-01-02",
                time: 1_704_153_600,
                owners_file: None,
                submodules: 0,
                footprint: f,
            })
            .collect()
    }

    fn meta(delta: bool) -> HistoryMeta<'static> {
        HistoryMeta {
            repo: "/r",
            group_by: "language",
            group_title: "Language",
            delta,
        }
    }

    fn sample() -> Vec<Footprint> {
        vec![
            fp(vec![
                row(Lang::C, 3, c(100, 10, 5)),
                row(Lang::Python, 1, c(4, 0, 0)),
            ]),
            fp(vec![
                row(Lang::C, 3, c(90, 10, 5)),
                row(Lang::Rust, 2, c(40, 6, 4)),
            ]),
        ]
    }

    fn render_str(fps: &[Footprint], delta: bool, format: Format) -> String {
        let mut out = Vec::new();
        render(
            &views(fps),
            &meta(delta),
            &HistoryStatsView::default(),
            format,
            &mut out,
        )
        .expect("render");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn delta_compares_with_the_previous_revision_and_shows_lost_rows() {
        let fps = sample();
        let rows = rows_with_delta(&views(&fps), true);
        assert!(rows[0].rows.iter().all(|r| r.delta.is_none()));
        assert_eq!(rows[0].total_delta, None);
        let second: Vec<(Lang, u64, i64)> = rows[1]
            .rows
            .iter()
            .map(|r| (r.row.lang, r.row.counts.code, r.delta.unwrap().code))
            .collect();
        assert_eq!(
            second,
            vec![
                (Lang::C, 90, -10),
                (Lang::Rust, 40, 40),
                (Lang::Python, 0, -4)
            ]
        );
        let t = rows[1].total_delta.unwrap();
        assert_eq!((t.files, t.code, t.lines), (1, 26, 155 - 119));
    }

    #[test]
    fn without_delta_rows_are_the_footprints() {
        let fps = sample();
        let rows = rows_with_delta(&views(&fps), false);
        assert_eq!(rows[1].rows.len(), 2);
        assert!(rows[1].total_delta.is_none());
    }

    #[test]
    fn csv_has_one_line_per_row_and_signed_deltas() {
        let s = render_str(&sample(), true, Format::Csv);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(
            lines[0],
            "revision,commit,date,group,language,origin,files,lines,code,comments,blanks,doc,\
             delta_files,delta_lines,delta_code,delta_comments,delta_blanks"
        );
        assert_eq!(lines.len(), 1 + 2 + 3);
        assert!(lines[1].starts_with("v1.0,0123456789abcdef"));
        assert!(lines[1].ends_with(",,,,,"), "{}", lines[1]);
        assert!(
            lines[5].contains(",Python,own,0,0,0,0,0,0,-1,-4,-4,0,0"),
            "{}",
            lines[5]
        );
    }

    #[test]
    fn human_table_names_each_revision_once_with_totals() {
        let s = render_str(&sample(), true, Format::Human);
        let lines: Vec<&str> = s.lines().collect();
        assert!(lines[0].starts_with("Revision  Date"), "{s}");
        assert!(lines[0].ends_with("ΔFiles  ΔLines  ΔCode"), "{s}");
        assert!(lines[2].starts_with("v1.0"));
        assert!(lines[3].starts_with("    "), "{s}");
        assert!(s.contains("+40"), "{s}");
        assert_eq!(s.matches("Total").count(), 2, "{s}");
    }

    #[test]
    fn json_has_revisions_rows_and_deltas() {
        let s = render_str(&sample(), true, Format::Json);
        let v: serde_json::Value = serde_json::from_str(&s).expect("json");
        assert_eq!(v["command"], "history");
        assert_eq!(v["revisions"].as_array().unwrap().len(), 2);
        assert!(v["revisions"][0]["rows"][0]["delta"].is_null());
        assert_eq!(v["revisions"][1]["rows"][1]["language"], "Rust");
        assert_eq!(v["revisions"][1]["rows"][1]["delta"]["code"], 40);
        assert_eq!(v["revisions"][1]["total_delta"]["code"], 26);
        assert_eq!(v["revisions"][1]["total"]["code"], 130);
        let plain = render_str(&sample(), false, Format::Json);
        let v: serde_json::Value = serde_json::from_str(&plain).expect("json");
        assert_eq!(v["delta"], false);
        assert!(
            v["revisions"][1]["rows"][0].get("delta").is_none(),
            "{plain}"
        );
        assert!(v["revisions"][1].get("total_delta").is_none(), "{plain}");
    }

    #[test]
    fn series_keep_the_largest_and_sum_the_rest() {
        let mut rows = Vec::new();
        for (i, lang) in [
            Lang::C,
            Lang::Rust,
            Lang::Python,
            Lang::Shell,
            Lang::Perl,
            Lang::Awk,
            Lang::Yaml,
            Lang::Json,
            Lang::Toml,
            Lang::Markdown,
        ]
        .into_iter()
        .enumerate()
        {
            rows.push(row(lang, 1, c(100 - i as u64, 0, 0)));
        }
        let fps = vec![fp(rows)];
        let s = series(&views(&fps), false);
        assert_eq!(s.len(), MAX_SERIES);
        assert_eq!(s[0].label, "C");
        assert_eq!(s[7].label, "3 others");
        assert_eq!(s[7].code, vec![93 + 92 + 91]);
    }

    #[test]
    fn chart_writes_an_svg_with_labels() {
        let fps = sample();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.svg");
        chart(&views(&fps), &meta(false), "code lines", &path).expect("chart");
        let svg = std::fs::read_to_string(&path).expect("svg");
        assert!(svg.starts_with("<svg"), "{}", &svg[..100]);
        for needle in ["v1.0", "v1.1", "Rust (40)", "C (90)", "code lines"] {
            assert!(svg.contains(needle), "{needle} missing");
        }
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
