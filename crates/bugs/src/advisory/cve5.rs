//! CVE JSON 5 records (`dataType: CVE_RECORD`), as cve.org and the kernel
//! CNA publish them.
//!
//! Read: `cveMetadata.cveId`, `.state` (`PUBLISHED` or `REJECTED`),
//! `.datePublished`, `.dateUpdated`; from `containers.cna`: the English
//! `descriptions[].value` (or `rejectedReasons[].value` of a rejected
//! record), `affected[].programFiles[]`, `affected[].versions[]` entries with
//! `versionType: "git"` and status `affected` — for the kernel CNA `version`
//! is the introducing commit and `lessThan` the fixing one —,
//! `problemTypes[].descriptions[].cweId` (falling back to the ADP
//! containers' when the CNA gives none) and `references[].url`. When no git
//! version names a fix, commit URLs among the references do.

use serde::Deserialize;
use serde_json::Value;

use super::{
    commit_id, commit_of_url, iso_date, normalize_cwe, push_unique, Advisory, Error, Format, State,
};

/// Parses one CVE JSON 5 record.
///
/// # Errors
/// [`Error::Json`] when the bytes are not JSON; [`Error::Shape`] when
/// `cveMetadata.cveId` or a known `state` is missing, or a field has the
/// wrong type.
pub fn parse_cve5(bytes: &[u8]) -> Result<Advisory, Error> {
    let value: Value = serde_json::from_slice(bytes).map_err(Error::Json)?;
    from_value(value)
}

/// Whether parsed JSON looks like a CVE record (for format sniffing).
pub(crate) fn looks_like(value: &Value) -> bool {
    value.get("dataType").and_then(Value::as_str) == Some("CVE_RECORD")
        || value.get("cveMetadata").is_some()
}

fn shape(reason: impl Into<String>) -> Error {
    Error::Shape {
        format: Format::Cve5,
        reason: reason.into(),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Raw {
    data_type: Option<String>,
    cve_metadata: Option<RawMetadata>,
    containers: Option<RawContainers>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawMetadata {
    #[serde(alias = "cveID")]
    cve_id: Option<String>,
    state: Option<String>,
    date_published: Option<String>,
    date_updated: Option<String>,
}

#[derive(Deserialize)]
struct RawContainers {
    cna: Option<RawContainer>,
    adp: Option<Vec<RawContainer>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawContainer {
    descriptions: Option<Vec<RawText>>,
    rejected_reasons: Option<Vec<RawText>>,
    affected: Option<Vec<RawAffected>>,
    problem_types: Option<Vec<RawProblemType>>,
    references: Option<Vec<RawReference>>,
}

#[derive(Deserialize)]
struct RawText {
    lang: Option<String>,
    value: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAffected {
    program_files: Option<Vec<String>>,
    versions: Option<Vec<RawVersion>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawVersion {
    version: Option<String>,
    less_than: Option<String>,
    status: Option<String>,
    version_type: Option<String>,
}

#[derive(Deserialize)]
struct RawProblemType {
    descriptions: Option<Vec<RawProblem>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawProblem {
    cwe_id: Option<String>,
}

#[derive(Deserialize)]
struct RawReference {
    url: Option<String>,
}

/// Reads an already parsed CVE JSON 5 record.
pub(crate) fn from_value(value: Value) -> Result<Advisory, Error> {
    if !value.is_object() {
        return Err(shape("expected an object"));
    }
    let raw: Raw = serde_json::from_value(value).map_err(|e| shape(e.to_string()))?;
    if let Some(dt) = &raw.data_type {
        if dt != "CVE_RECORD" {
            return Err(shape(format!("dataType is {dt:?}, not \"CVE_RECORD\"")));
        }
    }
    let meta = raw
        .cve_metadata
        .ok_or_else(|| shape("missing cveMetadata"))?;
    let id = meta
        .cve_id
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| shape("missing cveMetadata.cveId"))?;
    let state = match meta
        .state
        .as_deref()
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        Some("PUBLISHED") => State::Published,
        Some("REJECTED") => State::Rejected,
        Some(other) => return Err(shape(format!("unknown cveMetadata.state {other:?}"))),
        None => return Err(shape("missing cveMetadata.state")),
    };
    let mut adv = Advisory {
        id: id.trim().to_string(),
        published: meta.date_published.as_deref().and_then(iso_date),
        modified: meta.date_updated.as_deref().and_then(iso_date),
        state,
        format: Format::Cve5,
        ..Advisory::default()
    };
    let containers = raw.containers;
    let cna = containers.as_ref().and_then(|c| c.cna.as_ref());
    if let Some(cna) = cna {
        let texts = if state == State::Rejected {
            &cna.rejected_reasons
        } else {
            &cna.descriptions
        };
        adv.description = english(texts.as_deref().unwrap_or_default());
        for affected in cna.affected.as_deref().unwrap_or_default() {
            for f in affected.program_files.as_deref().unwrap_or_default() {
                push_unique(&mut adv.files, f.trim());
            }
            for v in affected.versions.as_deref().unwrap_or_default() {
                read_version(v, &mut adv);
            }
        }
        cwes_of(cna, &mut adv.cwes);
        for r in cna.references.as_deref().unwrap_or_default() {
            if let Some(url) = &r.url {
                push_unique(&mut adv.references, url.trim());
            }
        }
    }
    if adv.cwes.is_empty() {
        for adp in containers
            .as_ref()
            .and_then(|c| c.adp.as_deref())
            .unwrap_or_default()
        {
            cwes_of(adp, &mut adv.cwes);
        }
    }
    if adv.fix_commits.is_empty() {
        let from_refs: Vec<String> = adv
            .references
            .iter()
            .filter_map(|u| commit_of_url(u))
            .collect();
        for id in from_refs {
            push_unique(&mut adv.fix_commits, &id);
        }
    }
    Ok(adv)
}

/// The first English text, else the first text.
fn english(texts: &[RawText]) -> String {
    let is_en = |t: &&RawText| {
        t.lang
            .as_deref()
            .is_some_and(|l| l.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("en")))
    };
    texts
        .iter()
        .find(is_en)
        .or_else(|| texts.first())
        .and_then(|t| t.value.clone())
        .unwrap_or_default()
}

/// A git version entry: `version` introduced the bug, `lessThan` fixed it.
fn read_version(v: &RawVersion, adv: &mut Advisory) {
    if !v
        .version_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("git"))
    {
        return;
    }
    if v.status
        .as_deref()
        .is_some_and(|s| !s.eq_ignore_ascii_case("affected"))
    {
        return;
    }
    if let Some(id) = v.version.as_deref().and_then(commit_id) {
        push_unique(&mut adv.introduced_commits, &id);
    }
    if let Some(id) = v.less_than.as_deref().and_then(commit_id) {
        push_unique(&mut adv.fix_commits, &id);
    }
}

fn cwes_of(container: &RawContainer, out: &mut Vec<String>) {
    for pt in container.problem_types.as_deref().unwrap_or_default() {
        for d in pt.descriptions.as_deref().unwrap_or_default() {
            if let Some(c) = d.cwe_id.as_deref().and_then(normalize_cwe) {
                push_unique(out, &c);
            }
        }
    }
}
