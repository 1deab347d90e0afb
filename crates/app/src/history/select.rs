//! Which revisions a `history` run looks at.

use anyhow::{bail, Context};
use ferrometer_git::{Repo, Revision};

/// How revisions are chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Tags matching a glob, in version order.
    Tags {
        /// The glob (`v6.*`).
        glob: String,
        /// Keep `-rc`, `-beta`… tags.
        include_prerelease: bool,
    },
    /// Revisions as listed, in the order given.
    Revs(Vec<String>),
    /// The first-parent commits of `from..to`.
    Range {
        /// Excluded start (`v1.0`).
        from: String,
        /// Included end (`HEAD`).
        to: String,
    },
    /// The first-parent chain of `HEAD`.
    Head,
    /// Nothing asked: every release tag, or when there is none, monthly
    /// samples of `HEAD`'s first-parent chain.
    Default,
}

/// The selection with its filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevisionFilter {
    /// What to start from.
    pub selection: Selection,
    /// Keep revisions whose commit time is at or after this (seconds since the epoch).
    pub since: Option<i64>,
    /// Keep revisions whose commit time is at or before this.
    pub until: Option<i64>,
    /// Sample: keep a commit only when it is at least this many seconds
    /// after the last one kept (the newest commit is always kept).
    pub every: Option<i64>,
}

/// Revisions chosen, with notes for the user (tags skipped and why).
#[derive(Debug, Default)]
pub struct Chosen {
    /// In output order.
    pub revisions: Vec<Revision>,
    /// Things worth telling on stderr.
    pub notes: Vec<String>,
}

/// Resolves the filter against the repository.
///
/// # Errors
/// Unknown revisions, a glob that matches nothing, or filters that leave
/// nothing: each names what was asked.
pub fn choose(repo: &Repo, filter: &RevisionFilter) -> anyhow::Result<Chosen> {
    let mut chosen = Chosen::default();
    let mut every = filter.every;
    let mut revisions = match &filter.selection {
        Selection::Tags {
            glob,
            include_prerelease,
        } => {
            let tags = repo.tags(glob)?;
            for s in &tags.skipped {
                chosen
                    .notes
                    .push(format!("tag {} skipped: {}", s.name, s.reason));
            }
            let total = tags.revisions.len();
            let revs: Vec<Revision> = tags
                .revisions
                .into_iter()
                .filter(|r| *include_prerelease || !r.is_prerelease)
                .collect();
            if revs.is_empty() {
                if total > 0 {
                    bail!(
                        "the {total} tags matching {glob} are all pre-releases \
                         (add --include-prerelease to keep them)"
                    );
                }
                bail!("no tag matching {glob} names a commit");
            }
            revs
        }
        Selection::Revs(specs) => specs
            .iter()
            .map(|s| repo.resolve(s).map_err(|e| hint(repo, e)))
            .collect::<anyhow::Result<_>>()?,
        Selection::Range { from, to } => repo
            .range(from, to)
            .map_err(|e| hint(repo, e))
            .with_context(|| format!("could not list {from}..{to}"))?,
        Selection::Head => {
            let head = repo.resolve("HEAD")?;
            repo.first_parent(&head, filter.since, filter.until)?
        }
        Selection::Default => {
            let releases: Vec<Revision> = match repo.tags("*") {
                Ok(tags) => tags
                    .revisions
                    .into_iter()
                    .filter(|r| !r.is_prerelease)
                    .collect(),
                Err(ferrometer_git::Error::NoTagMatches { .. }) => Vec::new(),
                Err(e) => return Err(e.into()),
            };
            if releases.is_empty() || every.is_some() {
                let head = repo.resolve("HEAD")?;
                if every.is_none() {
                    every = Some(MONTH);
                    chosen.notes.push(
                        "no release tags: sampling HEAD's first-parent history monthly \
                         (choose with --tags, --revs, --range or --every)"
                            .into(),
                    );
                }
                repo.first_parent(&head, filter.since, filter.until)?
            } else {
                releases
            }
        }
    };
    revisions.retain(|r| {
        filter.since.is_none_or(|s| r.time >= s) && filter.until.is_none_or(|u| r.time <= u)
    });
    if let Some(every) = every {
        revisions = sample(revisions, every);
    }
    if revisions.is_empty() {
        bail!("no revision is left between --since and --until");
    }
    chosen.revisions = revisions;
    Ok(chosen)
}

/// An unknown revision in a shallow clone is most likely history the clone
/// left out: say so.
fn hint(repo: &Repo, e: ferrometer_git::Error) -> anyhow::Error {
    match e {
        ferrometer_git::Error::UnknownRevision { .. } if repo.is_shallow() => anyhow::anyhow!(
            "{e}; the repository is a shallow clone (fetch more history with `git fetch --unshallow`)"
        ),
        e => e.into(),
    }
}

/// Keeps, going back from the newest, each commit at least `every` seconds
/// older than the last one kept; returns them oldest first. The newest is
/// always kept, so the last row is the current state.
fn sample(revisions: Vec<Revision>, every: i64) -> Vec<Revision> {
    let mut kept: Vec<Revision> = Vec::new();
    for rev in revisions.into_iter().rev() {
        match kept.last() {
            Some(last) if last.time - rev.time < every => {}
            _ => kept.push(rev),
        }
    }
    kept.reverse();
    kept
}

/// The calendar's average month, 30.44 days, in seconds.
const MONTH: i64 = 2_629_746;

/// Parses a duration: a whole number and a unit, `30d`, `2weeks`,
/// `1month`, `1y`, `12h`. Months are 30.44 days and years 365.25 days (the
/// calendar's averages), so samples are evenly spaced.
///
/// # Errors
/// A message naming the text and the units accepted.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: i64 = if num.is_empty() {
        1
    } else {
        num.parse()
            .map_err(|_| format!("{text:?} is not a duration"))?
    };
    const DAY: i64 = 86_400;
    let unit_secs = match unit.trim().to_ascii_lowercase().as_str() {
        "h" | "hour" | "hours" => 3_600,
        "d" | "day" | "days" => DAY,
        "w" | "week" | "weeks" => 7 * DAY,
        "m" | "mo" | "month" | "months" => MONTH,
        "y" | "year" | "years" => 31_556_952,
        _ => {
            return Err(format!(
                "{text:?} is not a duration: use a number and h, d, w, month or y (like 1month)"
            ))
        }
    };
    if n <= 0 {
        return Err(format!("{text:?}: the duration must be at least 1"));
    }
    n.checked_mul(unit_secs)
        .ok_or_else(|| format!("{text:?} is too long a duration"))
}

/// Parses a date for `--since`/`--until`: `2023-01-01`, an RFC 3339 time
/// (`2023-01-01T12:00:00Z`), or seconds since the epoch. A bare date is
/// midnight UTC at its start (for `--until`, the end of that day).
///
/// # Errors
/// A message naming the text and the forms accepted.
pub fn parse_date(text: &str, end_of_day: bool) -> Result<i64, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i64>() {
        return Ok(n);
    }
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return Ok(ts.as_second());
    }
    if let Ok(date) = t.parse::<jiff::civil::Date>() {
        let start = date
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map_err(|e| format!("{text:?}: {e}"))?
            .timestamp()
            .as_second();
        return Ok(if end_of_day { start + 86_399 } else { start });
    }
    Err(format!(
        "{text:?} is not a date: use YYYY-MM-DD, an RFC 3339 time or seconds since 1970"
    ))
}

/// A commit time as `YYYY-MM-DD` in UTC.
#[must_use]
pub fn date_of(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|ts| ts.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_else(|_| "?".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrometer_git::Oid;

    #[test]
    fn durations() {
        let cases = [
            ("1month", Ok(2_629_746)),
            ("2w", Ok(14 * 86_400)),
            ("30d", Ok(30 * 86_400)),
            ("1y", Ok(31_556_952)),
            ("12h", Ok(43_200)),
            ("month", Ok(2_629_746)),
            ("3 days", Ok(3 * 86_400)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_duration(text), want, "{text}");
        }
        for bad in ["", "0d", "5 fortnights", "-1d", "1.5d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2023-01-01", false), Ok(1_672_531_200));
        assert_eq!(parse_date("2023-01-01", true), Ok(1_672_531_200 + 86_399));
        assert_eq!(parse_date("2023-01-01T00:00:10Z", false), Ok(1_672_531_210));
        assert_eq!(parse_date("1700000000", false), Ok(1_700_000_000));
        assert!(parse_date("last tuesday", false).is_err());
        assert_eq!(date_of(1_672_531_200), "2023-01-01");
    }

    fn rev(time: i64) -> Revision {
        Revision {
            name: time.to_string(),
            commit: Oid::from_hex("0000000000000000000000000000000000000000").expect("oid"),
            time,
            tz_offset_minutes: 0,
            is_prerelease: false,
        }
    }

    #[test]
    fn sampling_keeps_the_newest_and_spaces_the_rest() {
        let revs: Vec<Revision> = [0, 5, 9, 10, 19, 20, 25].into_iter().map(rev).collect();
        let kept: Vec<i64> = sample(revs, 10).iter().map(|r| r.time).collect();
        assert_eq!(kept, [0, 10, 25]);
    }
}
