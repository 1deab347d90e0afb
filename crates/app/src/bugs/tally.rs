//! Rows of a `bugs` report: per year, per language or subsystem (with code
//! lines as denominators), advisories per year, and bug lifetimes.

use std::collections::BTreeMap;

use ferrometer_model::bugs::{median, BugItem, BugRow, LifetimeRow, Tally, CLASSES};

use super::{Advisories, BugsOutput, Exposure};

/// The group of a fix whose files have no language (docs, data files).
pub const NO_LANGUAGE: &str = "(none)";

/// What a group row is keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupKey {
    /// The languages of the touched files.
    Language,
    /// The subsystems of the touched files.
    Subsystem,
}

/// The fixes counted, with their years: the commits, or in a tree without
/// history, the advisories.
fn counted(out: &BugsOutput) -> Vec<(i32, &BugItem)> {
    if out.git {
        out.fix_years.iter().copied().zip(&out.fixes).collect()
    } else {
        out.advisories
            .iter()
            .flat_map(|a| &a.items)
            .filter_map(|a| a.year.map(|y| (y, &a.item)))
            .collect()
    }
}

/// One row per year: commits walked, fixes and their classes. In a tree
/// without history, the advisories per publication year.
#[must_use]
pub fn by_year(out: &BugsOutput) -> Vec<BugRow> {
    let mut years: BTreeMap<i32, Tally> = BTreeMap::new();
    for (&y, &n) in &out.commits_per_year {
        years.entry(y).or_default().commits = n;
    }
    for (y, item) in counted(out) {
        years
            .entry(y)
            .or_default()
            .add_fix(item.class, !item.cves.is_empty());
    }
    years
        .into_iter()
        .rev()
        .map(|(year, tally)| BugRow {
            year: Some(year),
            group: None,
            tally,
            exposure: None,
        })
        .collect()
}

/// All rows added up.
#[must_use]
pub fn total(rows: &[BugRow]) -> BugRow {
    let mut t = Tally::default();
    for r in rows {
        t.commits += r.tally.commits;
        t.fixes += r.tally.fixes;
        t.memory_safety += r.tally.memory_safety;
        t.cves += r.tally.cves;
        for (a, b) in t.classes.iter_mut().zip(r.tally.classes) {
            *a += b;
        }
    }
    BugRow {
        tally: t,
        ..BugRow::default()
    }
}

fn groups_of(item: &BugItem, key: GroupKey) -> Vec<&str> {
    let list = match key {
        GroupKey::Language => &item.langs,
        GroupKey::Subsystem => &item.subsystems,
    };
    if list.is_empty() {
        vec![NO_LANGUAGE]
    } else {
        list.iter().map(String::as_str).collect()
    }
}

/// One row per language or subsystem over all years (exposure in
/// line-years: the code lines at the end of each year with commits, added
/// up), and with `per_year` one row per group and year as well. A fix that
/// touches two languages counts once for each. Sorted by memory-safety
/// fixes, then fixes, then name; per-year rows follow their group, newest first.
#[must_use]
pub fn by_group(out: &BugsOutput, key: GroupKey, per_year: bool) -> Vec<BugRow> {
    let mut all: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut yearly: BTreeMap<(&str, i32), Tally> = BTreeMap::new();
    let mut years: Vec<i32> = Vec::new();
    for (y, item) in counted(out) {
        years.push(y);
        for g in groups_of(item, key) {
            let cve = !item.cves.is_empty();
            all.entry(g).or_default().add_fix(item.class, cve);
            yearly.entry((g, y)).or_default().add_fix(item.class, cve);
        }
    }
    years.extend(out.commits_per_year.keys());
    years.sort_unstable();
    years.dedup();
    let exposure = |g: &str, y: i32| -> Option<u64> {
        let e: &Exposure = out.exposure.as_ref()?;
        let map = match key {
            GroupKey::Language => &e.by_lang,
            GroupKey::Subsystem => &e.by_subsystem,
        };
        e.revisions
            .contains_key(&y)
            .then(|| map.get(&(y, g.to_owned())).copied().unwrap_or(0))
    };
    let mut rows: Vec<(BugRow, Vec<BugRow>)> = all
        .into_iter()
        .map(|(g, tally)| {
            let sum: Option<f64> = years
                .iter()
                .map(|&y| exposure(g, y))
                .try_fold(0.0, |acc, e| e.map(|e| acc + e as f64))
                .filter(|_| g != NO_LANGUAGE);
            let row = BugRow {
                year: None,
                group: Some(g.to_owned()),
                tally,
                exposure: sum,
            };
            let per: Vec<BugRow> = if per_year {
                years
                    .iter()
                    .rev()
                    .map(|&y| BugRow {
                        year: Some(y),
                        group: Some(g.to_owned()),
                        tally: yearly.get(&(g, y)).cloned().unwrap_or_default(),
                        exposure: exposure(g, y)
                            .filter(|_| g != NO_LANGUAGE)
                            .map(|e| e as f64),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            (row, per)
        })
        .collect();
    rows.sort_by(|(a, _), (b, _)| {
        b.tally
            .memory_safety
            .cmp(&a.tally.memory_safety)
            .then(b.tally.fixes.cmp(&a.tally.fixes))
            .then(a.group.cmp(&b.group))
    });
    rows.into_iter()
        .flat_map(|(r, per)| std::iter::once(r).chain(per))
        .collect()
}

/// Advisories in force per publication year (newest first); the tally's
/// `commits` counts those whose fix commit is in the repository.
#[must_use]
pub fn advisories_by_year(adv: &Advisories) -> Vec<BugRow> {
    let mut years: BTreeMap<Option<i32>, Tally> = BTreeMap::new();
    for a in &adv.items {
        let t = years.entry(a.year).or_default();
        t.add_fix(a.item.class, true);
        if a.commit.is_some() {
            t.commits += 1;
        }
    }
    years
        .into_iter()
        .rev()
        .map(|(year, tally)| BugRow {
            year,
            group: None,
            tally,
            exposure: None,
        })
        .collect()
}

/// Median days from the introducing commit to the fix, per class and per
/// language of the introduced code, over fixes whose `Fixes:` tag resolved.
#[must_use]
pub fn lifetimes(out: &BugsOutput) -> Vec<LifetimeRow> {
    let mut by_class: BTreeMap<usize, Vec<i64>> = BTreeMap::new();
    let mut by_lang: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for f in &out.fixes {
        let Some(l) = &f.lifetime else { continue };
        by_class.entry(f.class).or_default().push(l.days);
        for lang in &l.langs {
            by_lang.entry(lang).or_default().push(l.days);
        }
    }
    let mut rows = Vec::new();
    for (class, mut days) in by_class {
        rows.push(LifetimeRow {
            by: "class",
            key: CLASSES[class].to_owned(),
            fixes: days.len() as u64,
            median_days: median(&mut days).unwrap_or(0.0),
        });
    }
    for (lang, mut days) in by_lang {
        rows.push(LifetimeRow {
            by: "language",
            key: lang.to_owned(),
            fixes: days.len() as u64,
            median_days: median(&mut days).unwrap_or(0.0),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use ferrometer_model::bugs::{BugItem, Lifetime};

    use super::*;

    fn item(class: &str, langs: &[&str], days: Option<i64>) -> BugItem {
        BugItem {
            id: "x".into(),
            date: String::new(),
            subject: String::new(),
            class: CLASSES.iter().position(|c| *c == class).unwrap(),
            langs: langs.iter().map(|s| (*s).to_owned()).collect(),
            subsystems: vec!["net".into()],
            files: 1,
            cves: Vec::new(),
            fixes: Vec::new(),
            lifetime: days.map(|days| Lifetime {
                introduced: "y".into(),
                days,
                langs: langs.iter().map(|s| (*s).to_owned()).collect(),
            }),
            tags: Vec::new(),
            bot: None,
            evidence: Vec::new(),
        }
    }

    fn output() -> BugsOutput {
        let mut exposure = Exposure::default();
        for y in [2022, 2023] {
            exposure.revisions.insert(y, format!("rev{y}"));
            exposure.by_lang.insert((y, "C".into()), 10_000);
            exposure.by_lang.insert((y, "Rust".into()), 1_000);
        }
        BugsOutput {
            source: PathBuf::new(),
            git: true,
            commits_per_year: BTreeMap::from([(2022, 10), (2023, 20)]),
            merges: 0,
            fixes: vec![
                item("use-after-free", &["C"], Some(10)),
                item("out-of-bounds", &["C", "Rust"], Some(30)),
                item("memory-leak", &["Rust"], None),
                item("not-memory", &[], Some(1)),
            ],
            fix_years: vec![2023, 2023, 2022, 2022],
            advisories: None,
            exposure: Some(exposure),
            owners_file: None,
            owners_kind: "top-dir",
            notes: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn years_count_commits_and_classes() {
        let rows = by_year(&output());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].year, Some(2023));
        assert_eq!(
            (
                rows[0].tally.commits,
                rows[0].tally.fixes,
                rows[0].tally.memory_safety
            ),
            (20, 2, 2)
        );
        assert_eq!((rows[1].tally.fixes, rows[1].tally.memory_safety), (2, 0));
        let t = total(&rows);
        assert_eq!(
            (t.tally.commits, t.tally.fixes, t.tally.memory_safety),
            (30, 4, 2)
        );
        assert_eq!(t.tally.of("memory-leak"), 1);
    }

    #[test]
    fn languages_with_rates_per_kloc_year() {
        let rows = by_group(&output(), GroupKey::Language, false);
        let names: Vec<_> = rows.iter().map(|r| r.group.as_deref().unwrap()).collect();
        assert_eq!(names, ["C", "Rust", NO_LANGUAGE]);
        // C: 2 memory-safety fixes over 2 years of 10 KLOC.
        assert_eq!(rows[0].exposure, Some(20_000.0));
        assert_eq!(rows[0].rate(), Some(0.1));
        assert_eq!(rows[1].tally.fixes, 2);
        assert_eq!(rows[1].rate(), Some(0.5));
        assert_eq!(rows[2].exposure, None);

        let split = by_group(&output(), GroupKey::Language, true);
        // C, C 2023, C 2022, Rust, Rust 2023, Rust 2022, (none), 2023, 2022.
        assert_eq!(split.len(), 9);
        assert_eq!(split[1].year, Some(2023));
        assert_eq!(split[1].tally.memory_safety, 2);
        assert_eq!(split[1].rate(), Some(0.2));
        assert_eq!(split[2].tally.fixes, 0);
    }

    #[test]
    fn lifetime_medians() {
        let rows = lifetimes(&output());
        let c = rows
            .iter()
            .find(|r| r.by == "language" && r.key == "C")
            .unwrap();
        assert_eq!((c.fixes, c.median_days), (2, 20.0));
        let uaf = rows.iter().find(|r| r.key == "use-after-free").unwrap();
        assert_eq!(uaf.median_days, 10.0);
        assert!(rows.iter().all(|r| r.key != "memory-leak"));
    }
}
