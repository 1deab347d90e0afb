//! Opening repositories, resolving specs, listing tags.

use ferrometer_git::{Oid, Repo};

use crate::fixture::{history, T0};

fn oid(hex: &str) -> Oid {
    hex.parse().expect("git prints 40 hex digits")
}

#[test]
fn opens_work_tree_subdirectory_git_dir_and_bare_clone() {
    let h = history();
    let head = oid(&h.c4);
    let bare = h.fx.sibling("bare.git");
    h.fx.git(&[
        "clone",
        "-q",
        "--bare",
        h.fx.path.to_str().expect("utf-8 temp path"),
        bare.to_str().expect("utf-8"),
    ]);
    for path in [
        h.fx.path.clone(),
        h.fx.path.join("src"),
        h.fx.path.join(".git"),
        bare.clone(),
    ] {
        let repo = Repo::open(&path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
        assert_eq!(
            repo.resolve("HEAD").unwrap().commit,
            head,
            "{}",
            path.display()
        );
        assert!(!repo.is_shallow());
    }
    let repo = Repo::open(&bare).unwrap();
    assert_eq!(repo.work_dir(), None);
    assert_eq!(repo.tags("v*").unwrap().revisions.len(), 5);
    let work = Repo::open(&h.fx.path.join("src")).unwrap();
    assert_eq!(
        work.work_dir().map(|p| p.canonicalize().unwrap()),
        Some(h.fx.path.canonicalize().unwrap())
    );
}

#[test]
fn resolves_specs_to_commits() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    let cases = [
        ("HEAD", &h.c4),
        ("main", &h.c4),
        ("HEAD~1", &h.merge),
        ("HEAD~2", &h.c3),
        ("HEAD^^2", &h.f2),
        ("feature", &h.f2),
        ("v1.0", &h.c2),
        ("v1.0^{commit}", &h.c2),
        ("v1.0-rc1", &h.c1),
        ("v1.10", &h.merge),
        (&h.c3[..10], &h.c3),
        (&h.c1[..], &h.c1),
    ];
    for (spec, want) in cases {
        let rev = repo.resolve(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert_eq!(rev.commit, oid(want), "{spec}");
        assert_eq!(rev.name, spec);
        assert!(!rev.is_prerelease);
    }
    let c2 = repo.resolve("v1.0").unwrap();
    assert_eq!(c2.time, T0 + 1000);
    assert_eq!(c2.tz_offset_minutes, 90);
}

#[test]
fn tags_are_peeled_version_sorted_and_flag_prereleases() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    let tags = repo.tags("v*").unwrap();
    let got: Vec<(&str, Oid, bool)> = tags
        .revisions
        .iter()
        .map(|r| (r.name.as_str(), r.commit, r.is_prerelease))
        .collect();
    assert_eq!(
        got,
        [
            ("v1.0-rc1", oid(&h.c1), true),
            ("v1.0", oid(&h.c2), false),
            ("v1.1", oid(&h.c3), false),
            ("v1.9", oid(&h.c4), false),
            ("v1.10", oid(&h.merge), false),
        ]
    );
    let times: Vec<i64> = tags.revisions.iter().map(|r| r.time).collect();
    assert_eq!(times, [T0, T0 + 1000, T0 + 4000, T0 + 6000, T0 + 5000]);
    let skipped: Vec<(&str, &str)> = tags
        .skipped
        .iter()
        .map(|s| (s.name.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("v0-blob", "points at a blob, not a commit"),
            ("v0-tree", "points at a tree, not a commit")
        ]
    );

    let one = repo.tags("v1.1*").unwrap();
    let names: Vec<&str> = one.revisions.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["v1.1", "v1.10"]);
    let all = repo.tags("*").unwrap();
    assert_eq!(all.revisions.len(), 6, "`other` too");
}

#[test]
fn repo_is_send_and_sync_and_reader_is_send() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Repo>();
    send::<ferrometer_git::Reader>();
    send::<ferrometer_git::Commits>();
}
