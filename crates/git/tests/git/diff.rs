//! Changed paths against the first parent, with renames.

use ferrometer_git::{Change, ChangeKind, Repo};

use crate::fixture::history;

fn changes(repo: &Repo, commit: &str) -> Vec<(String, ChangeKind)> {
    repo.changed_paths(&commit.parse().unwrap())
        .unwrap()
        .into_iter()
        .map(|Change { path, kind }| (path, kind))
        .collect()
}

fn s(p: &str) -> String {
    p.to_owned()
}

#[test]
fn root_commit_adds_everything() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    let got = changes(&repo, &h.c1);
    let paths: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        ["README.md", "bin.dat", "link", "script.sh", "src/main.c"]
    );
    assert!(got.iter().all(|(_, k)| *k == ChangeKind::Added));
}

#[test]
fn add_modify_delete_rename() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    assert_eq!(
        changes(&repo, &h.c2),
        [
            (s("src/lib.rs"), ChangeKind::Added),
            (s("src/main.c"), ChangeKind::Modified)
        ]
    );
    assert_eq!(
        changes(&repo, &h.c3),
        [
            (s("bin.dat"), ChangeKind::Deleted),
            (
                s("docs/README.md"),
                ChangeKind::Renamed {
                    from: s("README.md")
                }
            ),
            (s("link"), ChangeKind::Modified),
        ]
    );
    // A merge is compared with its first parent only.
    assert_eq!(
        changes(&repo, &h.merge),
        [(s("feature.rs"), ChangeKind::Added)]
    );
    assert_eq!(
        changes(&repo, &h.f2),
        [(s("feature.rs"), ChangeKind::Modified)]
    );
    assert_eq!(
        changes(&repo, &h.c4),
        [
            (s("caf\u{fffd}.txt"), ChangeKind::Added),
            (s("vendor/sub"), ChangeKind::Added)
        ]
    );
}

#[test]
fn renames_need_half_the_content_in_common() {
    let mut fx = crate::fixture::Fixture::new();
    let text: String = (0..20)
        .map(|i| format!("line {i} of a file that moves\n"))
        .collect();
    fx.write("old/kept.c", text.as_bytes());
    fx.write("old/replaced.c", text.as_bytes());
    fx.commit("base");
    // kept.c moves with one line changed; replaced.c moves with all new text.
    std::fs::remove_dir_all(fx.path.join("old")).unwrap();
    fx.write("new/kept.c", text.replace("line 3 ", "LINE 3 ").as_bytes());
    fx.write("new/replaced.c", b"nothing in common\n");
    let head = fx.commit("move");
    let repo = Repo::open(&fx.path).unwrap();
    assert_eq!(
        changes(&repo, &head),
        [
            (
                s("new/kept.c"),
                ChangeKind::Renamed {
                    from: s("old/kept.c")
                }
            ),
            (s("new/replaced.c"), ChangeKind::Added),
            (s("old/replaced.c"), ChangeKind::Deleted),
        ]
    );
}
