//! Error cases: each message names what it concerns.

use ferrometer_git::{Error, Oid, Repo};

use crate::fixture::history;

#[test]
fn non_repository_path() {
    let dir = tempfile::tempdir().unwrap();
    let err = Repo::open(dir.path()).expect_err("not a repository");
    assert!(matches!(err, Error::NotARepository { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "{} is not a git repository (or inside one)",
            dir.path().display()
        )
    );
}

#[test]
fn unknown_revision_and_non_commit() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    for spec in ["nope", "v9.9", "HEAD~40", "deadbeef"] {
        let err = repo.resolve(spec).expect_err("unknown");
        assert!(
            matches!(err, Error::UnknownRevision { .. }),
            "{spec}: {err:?}"
        );
        assert_eq!(err.to_string(), format!("unknown revision {spec}"));
    }
    let err = repo.resolve("HEAD^{tree}").expect_err("a tree");
    assert_eq!(
        err.to_string(),
        "revision HEAD^{tree} is a tree, not a commit"
    );
    let err = repo.resolve("v0-blob").expect_err("a blob");
    assert_eq!(err.to_string(), "revision v0-blob is a blob, not a commit");
    let err = repo.range("nope", "HEAD").expect_err("unknown");
    assert_eq!(err.to_string(), "unknown revision nope");
}

#[test]
fn glob_matching_nothing() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    let err = repo.tags("v7.*").expect_err("no match");
    assert!(matches!(err, Error::NoTagMatches { .. }));
    assert_eq!(err.to_string(), "no tag matches v7.*");
}

#[test]
fn missing_object_in_a_full_clone() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    let absent = Oid::from_bytes([0xab; 20]);
    let err = repo.files(&absent).expect_err("missing");
    assert!(
        matches!(err, Error::MissingObject { shallow: false, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("object {absent} is missing from the repository")
    );
    let mut buf = Vec::new();
    let err = repo
        .reader()
        .read_blob(&absent, &mut buf)
        .expect_err("missing");
    assert!(
        matches!(err, Error::MissingObject { shallow: false, .. }),
        "{err:?}"
    );
    let tree: Oid = h.fx.git(&["rev-parse", "HEAD^{tree}"]).parse().unwrap();
    let err = repo.read_blob(&tree, &mut buf).expect_err("not a blob");
    assert_eq!(
        err.to_string(),
        format!("object {tree} is a tree, not a blob")
    );
}

#[test]
fn shallow_clone_reports_missing_history() {
    let h = history();
    let shallow = h.fx.sibling("shallow");
    let url = format!("file://{}", h.fx.path.display());
    h.fx.git(&[
        "clone",
        "-q",
        "--depth",
        "1",
        &url,
        shallow.to_str().expect("utf-8"),
    ]);
    let repo = Repo::open(&shallow).unwrap();
    assert!(repo.is_shallow());

    let head = repo.resolve("HEAD").unwrap();
    assert_eq!(head.commit.to_string(), h.c4);
    assert_eq!(repo.files(&head.commit).unwrap().files.len(), 7);

    let old: Oid = h.c1.parse().unwrap();
    let err = repo.files(&old).expect_err("old history is missing");
    assert!(
        matches!(err, Error::MissingObject { shallow: true, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "object {old} is missing; the repository is a shallow clone \
             (fetch more history with `git fetch --unshallow`)"
        )
    );
    let err = repo.changed_paths(&old).expect_err("missing");
    assert!(
        matches!(err, Error::MissingObject { shallow: true, .. }),
        "{err:?}"
    );

    // Walks end at the edge of the clone.
    let chain = repo.first_parent(&head, None, None).unwrap();
    assert_eq!(chain.len(), 1);
    let all: Vec<_> = repo
        .commits(&head, None, None)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, head.commit);
    // The tip's parents are still named, though they are not there.
    assert_eq!(all[0].parents.len(), 1);
}

#[test]
fn shallow_clone_skips_tags_whose_commits_are_missing() {
    let h = history();
    let shallow = h.fx.sibling("shallow");
    let url = format!("file://{}", h.fx.path.display());
    h.fx.git(&[
        "clone",
        "-q",
        "--depth",
        "1",
        &url,
        shallow.to_str().expect("utf-8"),
    ]);
    // A lightweight tag and an annotated tag that point at commits the clone lacks.
    let tags = shallow.join(".git/refs/tags");
    std::fs::create_dir_all(&tags).unwrap();
    std::fs::write(tags.join("v0.1"), format!("{}\n", h.c1)).unwrap();
    let tag_object = format!(
        "object {}\ntype commit\ntag v0.2\ntagger T <t@example.com> 1700000000 +0000\n\nold\n",
        h.c2
    );
    std::fs::write(shallow.join("tag.txt"), tag_object).unwrap();
    let tag_id = crate::fixture::git(
        &shallow,
        &["hash-object", "-t", "tag", "-w", "--literally", "tag.txt"],
        crate::fixture::T0,
    );
    std::fs::write(tags.join("v0.2"), format!("{tag_id}\n")).unwrap();
    h.fx.git(&["-C", shallow.to_str().unwrap(), "tag", "v2.0"]);

    let repo = Repo::open(&shallow).unwrap();
    let found = repo.tags("v*").unwrap();
    let names: Vec<&str> = found.revisions.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["v1.9", "v2.0"],
        "the clone fetched the tag on its tip"
    );
    let skipped: Vec<(&str, String)> = found
        .skipped
        .iter()
        .filter(|s| s.name.starts_with("v0."))
        .map(|s| (s.name.as_str(), s.reason.clone()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("v0.1", format!("object {} is missing", h.c1)),
            ("v0.2", format!("object {} is missing", h.c2)),
        ]
    );
    let err = repo.resolve("v0.1").expect_err("missing commit");
    assert!(
        matches!(err, Error::MissingObject { shallow: true, .. }),
        "{err:?}"
    );
}
