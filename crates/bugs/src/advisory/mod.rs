//! Security advisories: OSV records and CVE JSON 5 records, read into one
//! plain [`Advisory`] and classified like commit messages.
//!
//! - [`parse_osv`]: an OSV record, or an array of them (curl's `vuln.json`).
//! - [`parse_cve5`]: a CVE JSON 5 record (`dataType: CVE_RECORD`), as the
//!   kernel CNA publishes them: the fix commit's message as description,
//!   `versions[]` with `versionType: "git"` giving the introducing commit
//!   (`version`) and the fixing commit (`lessThan`), `programFiles[]`.
//! - [`read_advisories`]: a file or a directory tree of `*.json` files, the
//!   format sniffed per file; bad files are counted, never fatal.
//! - [`classify_advisory`]: [`classify`](crate::classify::classify) over the
//!   description, with the record's CWE taking precedence when it maps to a
//!   class.
//!
//! ```
//! use ferrometer_bugs::advisory::{classify_advisory, parse_cve5, State};
//! use ferrometer_bugs::classify::Class;
//!
//! let record = br#"{
//!   "dataType": "CVE_RECORD",
//!   "cveMetadata": {"cveId": "CVE-2031-0001", "state": "PUBLISHED"},
//!   "containers": {"cna": {
//!     "descriptions": [{"lang": "en", "value": "zap: fix use-after-free in zap_close()"}],
//!     "affected": [{"programFiles": ["net/zap/core.c"], "versions": [
//!       {"version": "1111aaaa2222", "lessThan": "3333bbbb4444", "status": "affected", "versionType": "git"}
//!     ]}]
//!   }}
//! }"#;
//! let adv = parse_cve5(record).expect("a valid record");
//! assert_eq!(adv.state, State::Published);
//! assert_eq!(adv.fix_commits, ["3333bbbb4444"]);
//! assert_eq!(classify_advisory(&adv).class, Class::UseAfterFree);
//! ```

mod cve5;
mod cwe;
mod osv;
mod read;

use std::path::PathBuf;

use crate::classify::{classify_with, Evidence, Signal, Verdict};

pub use cve5::parse_cve5;
pub use cwe::class_of_cwe;
pub use osv::parse_osv;
pub use read::{read_advisories, AdvisoryStats, MAX_SAMPLES};

/// A security advisory, from either format.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Advisory {
    /// The record's id (`CVE-2024-12345`, `CURL-CVE-2024-2398`, `RUSTSEC-2021-0001`).
    pub id: String,
    /// Other ids of the same issue (OSV `aliases`).
    pub aliases: Vec<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Last modification date, `YYYY-MM-DD`.
    pub modified: Option<String>,
    /// Whether the record stands.
    pub state: State,
    /// Which format it was read from.
    pub format: Format,
    /// Summary and details (OSV) or the English description (CVE). The
    /// kernel CNA puts the fix commit's message here.
    pub description: String,
    /// Commits that fix the issue (git `fixed` events, `lessThan` git versions).
    pub fix_commits: Vec<String>,
    /// Commits that introduced it (git `introduced` events, `version` git versions).
    pub introduced_commits: Vec<String>,
    /// Changed files (CVE `programFiles`).
    pub files: Vec<String>,
    /// CWE ids, upper case (`CWE-416`).
    pub cwes: Vec<String>,
    /// Reference URLs.
    pub references: Vec<String>,
}

impl Advisory {
    /// The description read as a commit message: without the kernel CNA's
    /// "In the Linux kernel, the following vulnerability has been resolved:".
    #[must_use]
    pub fn message(&self) -> &str {
        let text = self.description.trim_start();
        match text.get(..KERNEL_PREAMBLE.len()) {
            Some(head) if head.eq_ignore_ascii_case(KERNEL_PREAMBLE) => {
                text[KERNEL_PREAMBLE.len()..].trim_start()
            }
            _ => text,
        }
    }
}

/// Whether an advisory stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum State {
    /// Published and in force.
    #[default]
    Published,
    /// A CVE record in state `REJECTED`.
    Rejected,
    /// An OSV record with a `withdrawn` date.
    Withdrawn,
}

/// The file format an advisory came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// Open Source Vulnerability format.
    #[default]
    Osv,
    /// CVE JSON 5 (`CVE_RECORD`).
    Cve5,
}

impl Format {
    /// Lower-case name used in output.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Osv => "osv",
            Format::Cve5 => "cve5",
        }
    }
}

/// Why an advisory file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bytes are not JSON.
    #[error("not valid JSON")]
    Json(#[source] serde_json::Error),
    /// JSON, but not a valid record of the expected format.
    #[error("invalid {} record: {reason}", format.name())]
    Shape {
        /// The format the record was read as.
        format: Format,
        /// What is wrong, lower-case.
        reason: String,
    },
    /// JSON of some other kind (a schema, a config file).
    #[error("neither an OSV nor a CVE JSON 5 record")]
    UnknownFormat,
    /// The file could not be read.
    #[error("could not read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The IO error.
        #[source]
        source: std::io::Error,
    },
}

/// The text the kernel CNA puts before the fix commit's message.
const KERNEL_PREAMBLE: &str = "in the linux kernel, the following vulnerability has been resolved:";

/// Classifies an advisory: an advisory describes a fixed vulnerability, so
/// it is a fix unless rejected or withdrawn. Its class comes from its CWE
/// when one maps to a class (the first specific one in the record's order),
/// else from its description read as a commit message.
#[must_use]
pub fn classify_advisory(adv: &Advisory) -> Verdict {
    let standing = adv.state == State::Published;
    let mut v = classify_with(adv.message(), standing);
    for id in std::iter::once(&adv.id).chain(&adv.aliases) {
        let upper = id.to_ascii_uppercase();
        if upper.starts_with("CVE-") && !v.cves.contains(&upper) {
            v.cves.push(upper);
        }
    }
    let mapped: Vec<(&String, crate::classify::Class)> = adv
        .cwes
        .iter()
        .filter_map(|c| class_of_cwe(c).map(|class| (c, class)))
        .collect();
    let pick = mapped
        .iter()
        .find(|(_, c)| *c != crate::classify::Class::OtherMemory)
        .or_else(|| mapped.first());
    if let Some(&(cwe, class)) = pick {
        v.evidence.push(Evidence {
            signal: Signal::Cwe,
            text: cwe.clone(),
            class: Some(class),
            rule: "cwe-map",
        });
        if v.is_fix {
            v.class = class;
        }
    }
    if !standing {
        v.is_fix = false;
        v.class = crate::classify::Class::NotMemory;
    }
    v
}

/// `YYYY-MM-DD` from an ISO 8601 date or timestamp.
pub(crate) fn iso_date(raw: &str) -> Option<String> {
    let d = raw.trim().as_bytes().get(..10)?;
    let ok = d.iter().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            *b == b'-'
        } else {
            b.is_ascii_digit()
        }
    });
    ok.then(|| String::from_utf8_lossy(d).into_owned())
}

/// Appends `item` unless already present (keeps first-seen order).
pub(crate) fn push_unique(list: &mut Vec<String>, item: &str) {
    if !item.is_empty() && !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

/// A commit id: 7 to 40 hex digits, lower-cased.
pub(crate) fn commit_id(raw: &str) -> Option<String> {
    let s = raw.trim();
    (7..=40).contains(&s.len()).then_some(())?;
    s.bytes()
        .all(|b| b.is_ascii_hexdigit())
        .then(|| s.to_ascii_lowercase())
}

/// The commit id in a commit URL (`…/commit/<id>`, `…/c/<id>`, `…?id=<id>`).
pub(crate) fn commit_of_url(url: &str) -> Option<String> {
    for marker in ["/commit/", "/commits/", "/c/", "?id=", "&id=", ";h="] {
        if let Some(at) = url.find(marker) {
            let rest = &url[at + marker.len()..];
            let end = rest
                .find(|c: char| !c.is_ascii_hexdigit())
                .unwrap_or(rest.len());
            if let Some(id) = commit_id(&rest[..end]) {
                return Some(id);
            }
        }
    }
    None
}

/// A CWE id normalised to `CWE-<n>`, from `CWE-416`, `cwe-416` or `416`.
pub(crate) fn normalize_cwe(raw: &str) -> Option<String> {
    let s = raw.trim();
    let digits = match s.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("cwe-") => &s[4..],
        _ => s,
    };
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("CWE-{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(
            iso_date("2024-03-27T08:00:00.00Z").as_deref(),
            Some("2024-03-27")
        );
        assert_eq!(iso_date("2024-03-27").as_deref(), Some("2024-03-27"));
        assert_eq!(iso_date("yesterday"), None);
        assert_eq!(iso_date("2024/03/27"), None);
        assert_eq!(commit_id("0A1B2C3D").as_deref(), Some("0a1b2c3d"));
        assert_eq!(commit_id("6.6.51"), None);
        assert_eq!(commit_id("0"), None);
        assert_eq!(
            commit_of_url("https://git.example.org/stable/c/9a3a2ae5efbbcaed3755").as_deref(),
            Some("9a3a2ae5efbbcaed3755")
        );
        assert_eq!(
            commit_of_url("https://github.com/o/r/commit/abcdef1234567?diff=x").as_deref(),
            Some("abcdef1234567")
        );
        assert_eq!(commit_of_url("https://github.com/o/r/issues/12"), None);
        assert_eq!(normalize_cwe("cwe-416").as_deref(), Some("CWE-416"));
        assert_eq!(normalize_cwe("787").as_deref(), Some("CWE-787"));
        assert_eq!(normalize_cwe("NVD-CWE-Other"), None);
        assert_eq!(normalize_cwe("a\u{10000}"), None);
        assert_eq!(normalize_cwe("CWE-"), None);
    }
}
