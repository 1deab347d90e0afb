//! Listing trees and reading blobs, checked against `git ls-tree` and `git cat-file`.

use ferrometer_git::{FileMode, Oid, Repo, Submodule};

use crate::fixture::{git_bytes, history};

/// `git ls-tree -r -z` as (mode, oid, path) rows.
fn ls_tree(dir: &std::path::Path, commit: &str) -> Vec<(String, Oid, String)> {
    let out = git_bytes(dir, &["ls-tree", "-r", "-z", commit]);
    out.split(|&b| b == 0)
        .filter(|row| !row.is_empty())
        .map(|row| {
            let tab = row.iter().position(|&b| b == b'\t').expect("tab");
            let meta = std::str::from_utf8(&row[..tab]).expect("ascii");
            let mut parts = meta.split(' ');
            let mode = parts.next().expect("mode").to_owned();
            let _kind = parts.next();
            let oid = parts.next().expect("oid").parse().expect("hex");
            let path = String::from_utf8_lossy(&row[tab + 1..]).into_owned();
            (mode, oid, path)
        })
        .collect()
}

fn mode_name(mode: FileMode) -> &'static str {
    match mode {
        FileMode::Regular => "100644",
        FileMode::Executable => "100755",
        FileMode::Symlink => "120000",
    }
}

#[test]
fn files_match_ls_tree_at_every_commit() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    for commit in [&h.c1, &h.c2, &h.f1, &h.f2, &h.c3, &h.merge, &h.c4] {
        let tree = repo.files(&commit.parse().unwrap()).unwrap();
        let mut want = ls_tree(&h.fx.path, commit);
        want.sort_by(|a, b| a.2.cmp(&b.2));
        let mut got: Vec<(String, Oid, String)> = tree
            .files
            .iter()
            .map(|f| (mode_name(f.mode).to_owned(), f.oid, f.path.clone()))
            .chain(
                tree.submodules
                    .iter()
                    .map(|s| ("160000".to_owned(), s.commit, s.path.clone())),
            )
            .collect();
        got.sort_by(|a, b| a.2.cmp(&b.2));
        assert_eq!(got, want, "{commit}");
        assert!(
            tree.files.windows(2).all(|w| w[0].path < w[1].path),
            "sorted"
        );
    }
}

#[test]
fn modes_paths_and_submodules() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    let tree = repo.files(&h.c4.parse().unwrap()).unwrap();
    let paths: Vec<(&str, FileMode)> = tree
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.mode))
        .collect();
    assert_eq!(
        paths,
        [
            ("caf\u{fffd}.txt", FileMode::Regular),
            ("docs/README.md", FileMode::Regular),
            ("feature.rs", FileMode::Regular),
            ("link", FileMode::Symlink),
            ("script.sh", FileMode::Executable),
            ("src/lib.rs", FileMode::Regular),
            ("src/main.c", FileMode::Regular),
        ]
    );
    assert_eq!(
        tree.submodules,
        [Submodule {
            path: "vendor/sub".to_owned(),
            commit: h.c1.parse().unwrap()
        }]
    );
    let link = &tree.files[3];
    let mut buf = Vec::new();
    repo.read_blob(&link.oid, &mut buf).unwrap();
    assert_eq!(buf, b"docs/README.md");
}

#[test]
fn blobs_match_cat_file_from_many_threads() {
    let h = history();
    // Pack half of the objects so that both loose and packed reads are covered.
    h.fx.git(&["gc", "-q"]);
    h.fx.write("late.txt", b"a loose object\n");
    let mut fx = h.fx;
    let head = fx.commit("late loose commit");
    let repo = Repo::open(&fx.path).unwrap();
    let files = repo.files(&head.parse().unwrap()).unwrap().files;
    assert!(files.iter().any(|f| f.path == "late.txt"));
    let want: Vec<Vec<u8>> = files
        .iter()
        .map(|f| git_bytes(&fx.path, &["cat-file", "blob", &f.oid.to_string()]))
        .collect();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let reader = repo.reader();
                let mut buf = vec![b'x'; 1000];
                for _ in 0..3 {
                    for (file, want) in files.iter().zip(&want) {
                        reader.read_blob(&file.oid, &mut buf).unwrap();
                        assert_eq!(&buf, want, "{}", file.path);
                        assert_eq!(reader.blob_size(&file.oid).unwrap(), want.len() as u64);
                        repo.read_blob(&file.oid, &mut buf).unwrap();
                        assert_eq!(&buf, want, "{}", file.path);
                    }
                }
            });
        }
    });
}

#[test]
fn read_path_at_a_revision() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    let c1: Oid = h.c1.parse().unwrap();
    let c4: Oid = h.c4.parse().unwrap();
    assert_eq!(
        repo.read_path(&c1, "README.md").unwrap().as_deref(),
        Some(&b"hello\nworld\nthis is the readme\n"[..])
    );
    assert_eq!(
        repo.read_path(&c4, "README.md").unwrap(),
        None,
        "renamed away"
    );
    assert_eq!(
        repo.read_path(&c4, "src/main.c").unwrap().as_deref(),
        Some(&b"int main(void) { return 1; }\n"[..])
    );
    assert_eq!(repo.read_path(&c4, "src").unwrap(), None, "a directory");
    assert_eq!(
        repo.read_path(&c4, "vendor/sub").unwrap(),
        None,
        "a submodule"
    );
    assert_eq!(repo.read_path(&c4, "no/such/file").unwrap(), None);
    assert_eq!(
        repo.read_path(&c1, "bin.dat").unwrap().as_deref(),
        Some(&b"\x00\x01\x02binary\xff\xfe"[..])
    );
}
