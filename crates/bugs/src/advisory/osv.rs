//! OSV records (<https://ossf.github.io/osv-schema/>).
//!
//! Read: `id`, `aliases`, `summary`, `details`, `published`, `modified`,
//! `withdrawn`, `affected[].ranges[]` (`type: GIT` events give the
//! introducing and fixing commits), `references[]` (a `FIX` reference to a
//! commit URL gives a fixing commit when no GIT range does), and CWE ids
//! from `database_specific` or `affected[].database_specific` in the shapes
//! databases use: curl's `"CWE": {"id": "CWE-416", "desc": …}`, GitHub's
//! `"cwe_ids": ["CWE-416"]`, or a plain string or list under `cwe`/`CWE`.

use serde::Deserialize;
use serde_json::Value;

use super::{
    commit_id, commit_of_url, iso_date, normalize_cwe, push_unique, Advisory, Error, Format, State,
};

/// Parses one OSV record, or a JSON array of them.
///
/// # Errors
/// [`Error::Json`] when the bytes are not JSON; [`Error::Shape`] when a
/// record lacks an `id` or has a field of the wrong type.
pub fn parse_osv(bytes: &[u8]) -> Result<Vec<Advisory>, Error> {
    let value: Value = serde_json::from_slice(bytes).map_err(Error::Json)?;
    from_value(value)
}

/// Reads an already parsed OSV record or array of records.
pub(crate) fn from_value(value: Value) -> Result<Vec<Advisory>, Error> {
    match value {
        Value::Array(items) => items.into_iter().map(one).collect(),
        obj @ Value::Object(_) => Ok(vec![one(obj)?]),
        _ => Err(shape("expected an object or an array of objects")),
    }
}

fn shape(reason: impl Into<String>) -> Error {
    Error::Shape {
        format: Format::Osv,
        reason: reason.into(),
    }
}

#[derive(Deserialize)]
struct Raw {
    id: String,
    aliases: Option<Vec<String>>,
    summary: Option<String>,
    details: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    withdrawn: Option<String>,
    affected: Option<Vec<RawAffected>>,
    database_specific: Option<Value>,
    references: Option<Vec<RawReference>>,
}

#[derive(Deserialize)]
struct RawAffected {
    ranges: Option<Vec<RawRange>>,
    database_specific: Option<Value>,
}

#[derive(Deserialize)]
struct RawRange {
    #[serde(rename = "type")]
    kind: Option<String>,
    events: Option<Vec<RawEvent>>,
}

#[derive(Deserialize)]
struct RawEvent {
    introduced: Option<String>,
    fixed: Option<String>,
}

#[derive(Deserialize)]
struct RawReference {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
}

fn one(value: Value) -> Result<Advisory, Error> {
    if !value.is_object() {
        return Err(shape("expected an object"));
    }
    let raw: Raw = serde_json::from_value(value).map_err(|e| shape(e.to_string()))?;
    if raw.id.trim().is_empty() {
        return Err(shape("empty id"));
    }
    let mut adv = Advisory {
        id: raw.id,
        aliases: raw.aliases.unwrap_or_default(),
        published: raw.published.as_deref().and_then(iso_date),
        modified: raw.modified.as_deref().and_then(iso_date),
        format: Format::Osv,
        state: if raw
            .withdrawn
            .as_deref()
            .is_some_and(|w| !w.trim().is_empty())
        {
            State::Withdrawn
        } else {
            State::Published
        },
        ..Advisory::default()
    };
    let summary = raw.summary.unwrap_or_default();
    let details = raw.details.unwrap_or_default();
    adv.description = match (summary.trim().is_empty(), details.trim().is_empty()) {
        (false, false) => format!("{}\n\n{}", summary.trim(), details.trim()),
        (false, true) => summary.trim().to_string(),
        (true, _) => details.trim().to_string(),
    };
    if let Some(ds) = &raw.database_specific {
        cwes_of(ds, &mut adv.cwes);
    }
    for affected in raw.affected.unwrap_or_default() {
        if let Some(ds) = &affected.database_specific {
            cwes_of(ds, &mut adv.cwes);
        }
        for range in affected.ranges.unwrap_or_default() {
            if !range
                .kind
                .as_deref()
                .is_some_and(|k| k.eq_ignore_ascii_case("git"))
            {
                continue;
            }
            for event in range.events.unwrap_or_default() {
                if let Some(id) = event.introduced.as_deref().and_then(commit_id) {
                    push_unique(&mut adv.introduced_commits, &id);
                }
                if let Some(id) = event.fixed.as_deref().and_then(commit_id) {
                    push_unique(&mut adv.fix_commits, &id);
                }
            }
        }
    }
    let references = raw.references.unwrap_or_default();
    let from_ranges = !adv.fix_commits.is_empty();
    for r in references {
        let Some(url) = r.url else { continue };
        if !from_ranges
            && r.kind
                .as_deref()
                .is_some_and(|k| k.eq_ignore_ascii_case("fix"))
        {
            if let Some(id) = commit_of_url(&url) {
                push_unique(&mut adv.fix_commits, &id);
            }
        }
        push_unique(&mut adv.references, &url);
    }
    Ok(adv)
}

/// Collects CWE ids from a `database_specific` object, whatever its shape.
fn cwes_of(ds: &Value, out: &mut Vec<String>) {
    let Value::Object(map) = ds else { return };
    for (key, value) in map {
        if key.eq_ignore_ascii_case("cwe")
            || key.eq_ignore_ascii_case("cwe_ids")
            || key.eq_ignore_ascii_case("cwes")
        {
            cwe_values(value, out);
        }
    }
}

fn cwe_values(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            if let Some(c) = normalize_cwe(s) {
                push_unique(out, &c);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| cwe_values(v, out)),
        Value::Object(map) => {
            if let Some(id) = map
                .get("id")
                .or_else(|| map.get("cweId"))
                .or_else(|| map.get("cwe_id"))
            {
                cwe_values(id, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cwe_shapes() {
        let mut out = Vec::new();
        let ds: Value = serde_json::from_str(
            r#"{"CWE": {"id": "CWE-122", "desc": "Heap-based Buffer Overflow"}}"#,
        )
        .expect("test JSON");
        cwes_of(&ds, &mut out);
        let ds: Value = serde_json::from_str(r#"{"cwe_ids": ["CWE-416", "cwe-416", "CWE-20"]}"#)
            .expect("test JSON");
        cwes_of(&ds, &mut out);
        let ds: Value =
            serde_json::from_str(r#"{"cwe": "CWE-787", "other": "CWE-1"}"#).expect("test JSON");
        cwes_of(&ds, &mut out);
        assert_eq!(out, ["CWE-122", "CWE-416", "CWE-20", "CWE-787"]);
    }
}
