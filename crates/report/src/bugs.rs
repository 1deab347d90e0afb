//! `bugs` output: fixes and memory-safety fixes per year, language or
//! subsystem (with code lines and rates), advisories per year, bug
//! lifetimes, and the list of classified commits with their evidence.

use std::io::{self, Write};

use ferrometer_model::bugs::{is_memory_safety, BugItem, BugRow, LifetimeRow, Tally, CLASSES};
use serde::Serialize;

use crate::json::Header;
use crate::table::{Align, Table};
use crate::Format;

/// What the run covered.
#[derive(Clone, Copy, Debug)]
pub struct BugsMeta<'a> {
    /// The repository or source tree.
    pub source: &'a str,
    /// Whether commits were read.
    pub git: bool,
    /// `year`, `language` or `subsystem`.
    pub by: &'a str,
    /// The commits asked for (`HEAD`, `v6.1..v6.12`).
    pub revisions: &'a str,
    /// The ownership file used for subsystems.
    pub owners_file: Option<&'a str>,
    /// `maintainers`, `codeowners`, `top-dir`, or `none` without attribution.
    pub owners_kind: &'a str,
}

/// Advisories read and what they gave.
#[derive(Clone, Copy, Debug, Default)]
pub struct AdvisoryCounts {
    /// Files read.
    pub files: u64,
    /// Files not JSON or not a valid record.
    pub malformed: u64,
    /// JSON files of neither format.
    pub unrecognized: u64,
    /// Files that could not be read.
    pub unreadable: u64,
    /// Records in force.
    pub published: u64,
    /// CVE records in state `REJECTED`.
    pub rejected: u64,
    /// Withdrawn OSV records.
    pub withdrawn: u64,
    /// Records in force whose fix commit is in the repository.
    pub in_repository: u64,
}

/// The results to render.
#[derive(Clone, Copy, Debug)]
pub struct BugsReport<'a> {
    /// The main rows: per year, or per group (and year).
    pub rows: &'a [BugRow],
    /// The rows per year added up.
    pub total: &'a BugRow,
    /// Merges among the commits walked.
    pub merges: u64,
    /// Median lifetimes per class and language.
    pub lifetimes: &'a [LifetimeRow],
    /// Advisories per year (publication, else the CVE id's), when read, with their total and counts.
    pub advisories: Option<(&'a [BugRow], &'a BugRow, AdvisoryCounts)>,
    /// Classified fixes (or advisories) for the list view.
    pub items: &'a [BugItem],
}

/// Which table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Counts per year or group.
    Summary,
    /// One row per classified commit or advisory.
    List,
}

/// Renders `view` of the report.
///
/// # Errors
/// When writing fails.
pub fn render(
    r: &BugsReport<'_>,
    meta: &BugsMeta<'_>,
    view: View,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    match (format, view) {
        (Format::Json, View::Summary) => {
            let doc = SummaryJson::new(r, meta);
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        (Format::Json, View::List) => {
            let doc = ListJson {
                header: Header::new("bugs"),
                source: meta.source,
                revisions: meta.revisions,
                items: r.items.iter().map(ItemJson::new).collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        (Format::Csv, View::Summary) => csv_summary(r, meta, out),
        (Format::Csv, View::List) => csv_list(r, out),
        (Format::Human | Format::Markdown, View::List) => {
            list_table(r).write(format == Format::Human, out)
        }
        (Format::Human | Format::Markdown, View::Summary) => {
            let human = format == Format::Human;
            summary_table(r, meta, human).write(human, out)?;
            if !r.lifetimes.is_empty() {
                writeln!(out)?;
                if human {
                    writeln!(out, "Bug lifetimes (Fixes: tags that name a commit here):")?;
                }
                lifetime_table(r.lifetimes).write(human, out)?;
            }
            if let Some((rows, total, counts)) = r.advisories {
                // Without history the main table is the advisories already.
                if meta.git {
                    writeln!(out)?;
                    if human {
                        writeln!(
                            out,
                            "Advisories per year (of publication, else of the CVE id):"
                        )?;
                    }
                    advisory_table(rows, total, human).write(human, out)?;
                }
                if human {
                    if !meta.git {
                        writeln!(out)?;
                    }
                    advisory_note(&counts, out)?;
                }
            }
            if human {
                note(r, meta, out)?;
            }
            Ok(())
        }
    }
}

/// Short column titles of the classes, in [`CLASSES`] order.
const CLASS_TITLES: [&str; 12] = [
    "UAF", "OOB", "DblFree", "BadFree", "NULL", "Uninit", "Race", "Type", "IntOvf", "Leak",
    "OtherMem", "Other",
];

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

fn kloc(lines: Option<f64>) -> String {
    lines.map_or_else(|| "–".into(), |l| format!("{:.1}", l / 1000.0))
}

fn rate(r: &BugRow) -> String {
    r.rate().map_or_else(|| "–".into(), |x| format!("{x:.3}"))
}

fn class_cells(t: &Tally) -> impl Iterator<Item = String> + '_ {
    // The last class, not-memory, is Fixes minus the rest: left out.
    t.classes[..11].iter().map(u64::to_string)
}

fn summary_table(r: &BugsReport<'_>, meta: &BugsMeta<'_>, human: bool) -> Table {
    let grouped = meta.by != "year";
    let per_year = grouped && r.rows.iter().any(|row| row.year.is_some());
    let mut head: Vec<&str> = Vec::new();
    if grouped {
        head.push(if meta.by == "language" {
            "Language"
        } else {
            "Subsystem"
        });
    }
    if !grouped || per_year {
        head.push("Year");
    }
    if !grouped && meta.git {
        head.push("Commits");
    }
    head.extend([
        if meta.git { "Fixes" } else { "Advisories" },
        "Memory safety",
        "Share",
    ]);
    if grouped {
        // A group row holds line-years; a group-and-year row the lines at that year's end.
        head.extend([
            if per_year {
                "KLOC (-years)"
            } else {
                "KLOC-years"
            },
            "MS/KLOC",
        ]);
    }
    head.extend(&CLASS_TITLES[..11]);
    let mut align = vec![Align::Right; head.len()];
    align[0] = Align::Left;
    let mut t = Table::new(head.iter().map(|s| (*s).to_string()).collect(), align);
    let cells = |row: &BugRow| {
        let mut c: Vec<String> = Vec::new();
        if grouped {
            // A group's name on its own row; its per-year rows leave it blank.
            c.push(match (&row.group, row.year) {
                (Some(g), None) => g.clone(),
                _ => String::new(),
            });
        }
        if !grouped || per_year {
            c.push(row.year.map_or_else(
                || {
                    if grouped {
                        String::new()
                    } else {
                        "Total".into()
                    }
                },
                |y| y.to_string(),
            ));
        }
        if !grouped && meta.git {
            c.push(row.tally.commits.to_string());
        }
        c.push(row.tally.fixes.to_string());
        c.push(row.tally.memory_safety.to_string());
        c.push(pct(row.tally.memory_safety, row.tally.fixes));
        if grouped {
            c.push(kloc(row.exposure));
            c.push(rate(row));
        }
        c.extend(class_cells(&row.tally));
        c
    };
    for row in r.rows {
        t.row(cells(row));
    }
    if !grouped {
        if human {
            t.rule();
        }
        t.row(cells(r.total));
    }
    t
}

fn lifetime_table(rows: &[LifetimeRow]) -> Table {
    let mut t = Table::new(
        ["By", "Class or language", "Fixes", "Median days"]
            .iter()
            .map(|s| (*s).to_string())
            .collect(),
        vec![Align::Left, Align::Left, Align::Right, Align::Right],
    );
    for l in rows {
        t.row(vec![
            l.by.to_string(),
            l.key.clone(),
            l.fixes.to_string(),
            format!("{:.0}", l.median_days),
        ]);
    }
    t
}

fn advisory_table(rows: &[BugRow], total: &BugRow, human: bool) -> Table {
    let mut head = vec![
        "Year",
        "Advisories",
        "Fix in repo",
        "Memory safety",
        "Share",
    ];
    head.extend(&CLASS_TITLES[..11]);
    let mut align = vec![Align::Right; head.len()];
    align[0] = Align::Left;
    let mut t = Table::new(head.iter().map(|s| (*s).to_string()).collect(), align);
    let cells = |row: &BugRow, year: String| {
        let mut c = vec![
            year,
            row.tally.fixes.to_string(),
            row.tally.commits.to_string(),
            row.tally.memory_safety.to_string(),
            pct(row.tally.memory_safety, row.tally.fixes),
        ];
        c.extend(class_cells(&row.tally));
        c
    };
    for row in rows {
        t.row(cells(
            row,
            row.year.map_or_else(|| "?".into(), |y| y.to_string()),
        ));
    }
    if human {
        t.rule();
    }
    t.row(cells(total, "Total".into()));
    t
}

fn advisory_note(c: &AdvisoryCounts, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} files: {} advisories in force ({} with their fix commit in the repository), {} rejected, {} withdrawn; {} malformed, {} of another format, {} unreadable",
        c.files, c.published, c.in_repository, c.rejected, c.withdrawn, c.malformed, c.unrecognized, c.unreadable
    )
}

fn note(r: &BugsReport<'_>, meta: &BugsMeta<'_>, out: &mut dyn Write) -> io::Result<()> {
    let t = &r.total.tally;
    if meta.git {
        writeln!(
            out,
            "\n{} commits ({} merges) in {}: {} fixes, {} of them memory safety ({}), {} memory leaks{}",
            t.commits,
            r.merges,
            meta.revisions,
            t.fixes,
            t.memory_safety,
            pct(t.memory_safety, t.fixes),
            t.of("memory-leak"),
            match meta.owners_file {
                Some(f) if meta.by == "subsystem" => format!("; subsystems from {f}"),
                _ => String::new(),
            }
        )
    } else {
        writeln!(
            out,
            "\nno git history: {} advisories, {} of them memory safety ({})",
            t.fixes,
            t.memory_safety,
            pct(t.memory_safety, t.fixes)
        )
    }
}

fn list_table(r: &BugsReport<'_>) -> Table {
    let mut t = Table::new(
        ["Date", "Id", "Class", "Languages", "Subsystems", "Subject"]
            .iter()
            .map(|s| (*s).to_string())
            .collect(),
        vec![Align::Left; 6],
    );
    for i in r.items {
        let id = if i.id.len() == 40 {
            i.id[..12].to_string()
        } else {
            i.id.clone()
        };
        let mut subs = i.subsystems.iter().take(2).cloned().collect::<Vec<_>>();
        if i.subsystems.len() > 2 {
            subs.push(format!("+{}", i.subsystems.len() - 2));
        }
        t.row(vec![
            i.date.clone(),
            id,
            i.class_name().to_string(),
            i.langs.join(","),
            subs.join("; "),
            i.subject.chars().take(80).collect(),
        ]);
    }
    t
}

#[derive(Serialize)]
struct TallyJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    commits: u64,
    fixes: u64,
    memory_safety: u64,
    memory_safety_share: f64,
    cves: u64,
    classes: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_lines: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    memory_safety_per_kloc: Option<f64>,
}

impl TallyJson {
    fn new(r: &BugRow) -> TallyJson {
        let t = &r.tally;
        TallyJson {
            year: r.year,
            group: r.group.clone(),
            commits: t.commits,
            fixes: t.fixes,
            memory_safety: t.memory_safety,
            memory_safety_share: (t.share() * 10_000.0).round() / 10_000.0,
            cves: t.cves,
            classes: CLASSES
                .iter()
                .zip(t.classes)
                .map(|(c, n)| ((*c).to_string(), n.into()))
                .collect(),
            code_lines: r.exposure,
            memory_safety_per_kloc: r.rate().map(|x| (x * 1e6).round() / 1e6),
        }
    }
}

#[derive(Serialize)]
struct LifetimeJson<'a> {
    by: &'a str,
    key: &'a str,
    fixes: u64,
    median_days: f64,
}

#[derive(Serialize)]
struct AdvisoriesJson {
    files: u64,
    malformed: u64,
    unrecognized: u64,
    unreadable: u64,
    published: u64,
    rejected: u64,
    withdrawn: u64,
    in_repository: u64,
    rows: Vec<TallyJson>,
    total: TallyJson,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    #[serde(flatten)]
    header: Header<'a>,
    source: &'a str,
    git: bool,
    revisions: &'a str,
    by: &'a str,
    owners_kind: &'a str,
    owners_file: Option<&'a str>,
    merges: u64,
    rows: Vec<TallyJson>,
    total: TallyJson,
    lifetimes: Vec<LifetimeJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    advisories: Option<AdvisoriesJson>,
}

impl<'a> SummaryJson<'a> {
    fn new(r: &'a BugsReport<'a>, meta: &'a BugsMeta<'a>) -> SummaryJson<'a> {
        SummaryJson {
            header: Header::new("bugs"),
            source: meta.source,
            git: meta.git,
            revisions: meta.revisions,
            by: meta.by,
            owners_kind: meta.owners_kind,
            owners_file: meta.owners_file,
            merges: r.merges,
            rows: r.rows.iter().map(TallyJson::new).collect(),
            total: TallyJson::new(r.total),
            lifetimes: r
                .lifetimes
                .iter()
                .map(|l| LifetimeJson {
                    by: l.by,
                    key: &l.key,
                    fixes: l.fixes,
                    median_days: l.median_days,
                })
                .collect(),
            advisories: r.advisories.map(|(rows, total, c)| AdvisoriesJson {
                files: c.files,
                malformed: c.malformed,
                unrecognized: c.unrecognized,
                unreadable: c.unreadable,
                published: c.published,
                rejected: c.rejected,
                withdrawn: c.withdrawn,
                in_repository: c.in_repository,
                rows: rows.iter().map(TallyJson::new).collect(),
                total: TallyJson::new(total),
            }),
        }
    }
}

#[derive(Serialize)]
struct EvidenceJson<'a> {
    signal: &'a str,
    rule: &'a str,
    class: Option<&'a str>,
    text: &'a str,
}

#[derive(Serialize)]
struct LifetimeItemJson<'a> {
    introduced: &'a str,
    days: i64,
    languages: &'a [String],
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    date: &'a str,
    subject: &'a str,
    class: &'a str,
    memory_safety: bool,
    languages: &'a [String],
    subsystems: &'a [String],
    files: u64,
    cves: &'a [String],
    fixes: &'a [String],
    lifetime: Option<LifetimeItemJson<'a>>,
    tags: &'a [&'static str],
    bot: Option<&'a str>,
    evidence: Vec<EvidenceJson<'a>>,
}

impl<'a> ItemJson<'a> {
    fn new(i: &'a BugItem) -> ItemJson<'a> {
        ItemJson {
            id: &i.id,
            date: &i.date,
            subject: &i.subject,
            class: i.class_name(),
            memory_safety: is_memory_safety(i.class_name()),
            languages: &i.langs,
            subsystems: &i.subsystems,
            files: i.files,
            cves: &i.cves,
            fixes: &i.fixes,
            lifetime: i.lifetime.as_ref().map(|l| LifetimeItemJson {
                introduced: &l.introduced,
                days: l.days,
                languages: &l.langs,
            }),
            tags: &i.tags,
            bot: i.bot,
            evidence: i
                .evidence
                .iter()
                .map(|e| EvidenceJson {
                    signal: e.signal,
                    rule: e.rule,
                    class: e.class,
                    text: &e.text,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct ListJson<'a> {
    #[serde(flatten)]
    header: Header<'a>,
    source: &'a str,
    revisions: &'a str,
    items: Vec<ItemJson<'a>>,
}

fn csv_summary(r: &BugsReport<'_>, meta: &BugsMeta<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
        "table",
        "year",
        "group",
        "commits",
        "fixes",
        "memory_safety",
        "memory_safety_share",
        "cves",
        "code_lines",
        "memory_safety_per_kloc",
    ];
    header.extend(CLASSES);
    w.write_record(&header)?;
    let record = |table: &str, row: &BugRow| {
        let j = TallyJson::new(row);
        let mut rec = vec![
            table.to_string(),
            j.year.map_or_else(String::new, |y| y.to_string()),
            j.group.unwrap_or_default(),
            j.commits.to_string(),
            j.fixes.to_string(),
            j.memory_safety.to_string(),
            format!("{:.4}", j.memory_safety_share),
            j.cves.to_string(),
            j.code_lines.map_or_else(String::new, |c| format!("{c:.0}")),
            j.memory_safety_per_kloc
                .map_or_else(String::new, |x| format!("{x:.6}")),
        ];
        rec.extend(row.tally.classes.iter().map(u64::to_string));
        rec
    };
    let main = if meta.by == "year" { "year" } else { meta.by };
    for row in r.rows {
        w.write_record(record(main, row))?;
    }
    w.write_record(record("total", r.total))?;
    if let Some((rows, total, _)) = r.advisories {
        for row in rows {
            w.write_record(record("advisories", row))?;
        }
        w.write_record(record("advisories-total", total))?;
    }
    w.flush()
}

fn csv_list(r: &BugsReport<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "date",
        "class",
        "memory_safety",
        "languages",
        "subsystems",
        "files",
        "cves",
        "fixes",
        "lifetime_days",
        "subject",
        "evidence",
    ])?;
    for i in r.items {
        w.write_record([
            i.id.as_str(),
            &i.date,
            i.class_name(),
            if is_memory_safety(i.class_name()) {
                "true"
            } else {
                "false"
            },
            &i.langs.join(";"),
            &i.subsystems.join(";"),
            &i.files.to_string(),
            &i.cves.join(";"),
            &i.fixes.join(";"),
            &i.lifetime
                .as_ref()
                .map_or_else(String::new, |l| l.days.to_string()),
            &i.subject,
            &i.evidence
                .iter()
                .map(|e| e.rule)
                .collect::<Vec<_>>()
                .join(";"),
        ])?;
    }
    w.flush()
}
