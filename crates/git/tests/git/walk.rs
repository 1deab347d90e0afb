//! First-parent chains, ranges and full history walks, checked against `git rev-list`.

use ferrometer_git::{Oid, Repo, Revision};

use crate::fixture::{history, T0};

fn rev_list(dir: &std::path::Path, args: &[&str]) -> Vec<Oid> {
    let out = crate::fixture::git(dir, &[&["rev-list"], args].concat(), T0);
    out.lines().map(|l| l.parse().expect("hex")).collect()
}

fn commits(revs: &[Revision]) -> Vec<Oid> {
    revs.iter().map(|r| r.commit).collect()
}

#[test]
fn first_parent_chain_oldest_first() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    let head = repo.resolve("HEAD").unwrap();
    let chain = repo.first_parent(&head, None, None).unwrap();
    assert_eq!(
        commits(&chain),
        rev_list(&h.fx.path, &["--first-parent", "--reverse", "HEAD"])
    );
    let want: Vec<Oid> = [&h.c1, &h.c2, &h.c3, &h.merge, &h.c4]
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    assert_eq!(commits(&chain), want);
    assert_eq!(chain[0].name, h.c1[..12]);
    assert_eq!(chain[0].time, T0);
    assert_eq!(chain[0].tz_offset_minutes, 90);

    // c2 is at T0+1000, c3 at T0+4000, the merge at T0+5000.
    let window = repo
        .first_parent(&head, Some(T0 + 1000), Some(T0 + 5000))
        .unwrap();
    let want: Vec<Oid> = [&h.c2, &h.c3, &h.merge]
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    assert_eq!(commits(&window), want);
    let feature = repo.resolve("feature").unwrap();
    let side = repo.first_parent(&feature, None, None).unwrap();
    assert_eq!(
        commits(&side),
        rev_list(&h.fx.path, &["--first-parent", "--reverse", "feature"])
    );
}

#[test]
fn range_follows_first_parents_and_stops_at_ancestors() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    for (a, b) in [
        ("v1.0", "HEAD"),
        ("v1.0-rc1", "v1.1"),
        ("feature", "HEAD"),
        ("v1.1", "v1.10"),
        ("HEAD", "v1.0"),
    ] {
        let got = repo.range(a, b).unwrap();
        let want = rev_list(
            &h.fx.path,
            &["--first-parent", "--reverse", &format!("{a}..{b}")],
        );
        assert_eq!(commits(&got), want, "{a}..{b}");
    }
    let got = repo.range("v1.0", "HEAD").unwrap();
    let want: Vec<Oid> = [&h.c3, &h.merge, &h.c4]
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    assert_eq!(commits(&got), want);
    assert_eq!(got[0].time, T0 + 4000);
}

#[test]
fn commits_walk_all_parents_newest_first() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    let head = repo.resolve("HEAD").unwrap();
    let all: Vec<_> = repo
        .commits(&head, None, None)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let ids: Vec<Oid> = all.iter().map(|c| c.id).collect();
    assert_eq!(ids, rev_list(&h.fx.path, &["--date-order", "HEAD"]));
    assert_eq!(ids.len(), 7);

    let first = all.last().unwrap();
    assert_eq!(first.id, h.c1.parse().unwrap());
    assert_eq!(first.message, "first commit\n\nwith a body\n");
    assert_eq!(first.author_name, "Ada Author");
    assert_eq!(first.author_email, "ada@example.com");
    assert_eq!((first.author_time, first.committer_time), (T0, T0));
    assert!(first.parents.is_empty());
    let merge = all
        .iter()
        .find(|c| c.id == h.merge.parse().unwrap())
        .unwrap();
    assert_eq!(
        merge.parents,
        [h.c3.parse().unwrap(), h.f2.parse().unwrap()]
    );

    let window: Vec<_> = repo
        .commits(&head, Some(T0 + 2000), Some(T0 + 4000))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let ids: Vec<Oid> = window.iter().map(|c| c.id).collect();
    let want: Vec<Oid> = [&h.c3, &h.f2, &h.f1]
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    assert_eq!(ids, want);
}

#[test]
fn commits_excluding_matches_rev_list_ranges() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    for (a, b) in [("v1.0", "HEAD"), ("feature", "HEAD"), ("HEAD", "v1.0")] {
        let tip = repo.resolve(b).unwrap();
        let hidden = repo.resolve(a).unwrap();
        let ids: Vec<Oid> = repo
            .commits_excluding(&tip, std::slice::from_ref(&hidden), None, None, true)
            .unwrap()
            .map(|c| c.unwrap().id)
            .collect();
        let want = rev_list(&h.fx.path, &["--date-order", &format!("{a}..{b}")]);
        assert_eq!(ids, want, "{a}..{b}");
        // Breadth-first: the same commits, each once, in another order.
        let mut any: Vec<Oid> = repo
            .commits_excluding(&tip, &[hidden], None, None, false)
            .unwrap()
            .map(|c| c.unwrap().id)
            .collect();
        any.sort();
        let mut want = want;
        want.sort();
        assert_eq!(any, want, "{a}..{b} breadth-first");
    }
}

#[test]
fn raw_commits_read_as_the_decoded_ones() {
    let h = history();
    let repo = Repo::open(&h.fx.path).unwrap();
    let head = repo.resolve("HEAD").unwrap();
    let decoded: Vec<_> = repo
        .commits(&head, None, None)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut walk = repo.commits(&head, None, None).unwrap();
    let mut n = 0;
    while let Some(r) = walk.next_raw() {
        let r = r.unwrap();
        let full = &decoded[n];
        n += 1;
        assert_eq!((r.id, &r.parents), (full.id, &full.parents));
        // The light read gives the same time and message as the full one.
        let text = r.text().unwrap();
        assert_eq!(text.committer_time, full.committer_time);
        assert_eq!(text.message, full.message);
    }
    assert_eq!(n, decoded.len());
}

#[test]
fn packed_commits_read_the_same_as_loose_ones() {
    // Loose objects are read by gix; whole commits in a pack are inflated
    // by the walk's own reader (libdeflate). Both must give the same bytes.
    let mut h = history();
    let walk = |repo: &Repo| -> Vec<ferrometer_git::CommitInfo> {
        let head = repo.resolve("HEAD").unwrap();
        repo.commits(&head, None, None)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let loose = walk(&Repo::open(&h.fx.path).unwrap());
    // Pack everything, letting commits become deltas of each other, then
    // add one loose commit on top.
    h.fx.git(&[
        "repack",
        "-q",
        "-a",
        "-d",
        "-f",
        "--window=50",
        "--depth=10",
    ]);
    h.fx.write("after.txt", b"after the repack\n");
    let top = h.fx.commit("a commit after the repack\n\nits body");
    let packed = walk(&Repo::open(&h.fx.path).unwrap());
    assert_eq!(packed[0].id, top.parse().unwrap());
    assert_eq!(packed[0].message, "a commit after the repack\n\nits body\n");
    assert_eq!(&packed[1..], &loose[..]);
}

#[test]
fn a_latin1_message_reads_lossily_in_both_reads() {
    let h = history();
    h.fx.write(
        "msg.txt",
        b"caf\xe9: fix the r\xe9sum\xe9 parser\n\nIt crashed.\n",
    );
    h.fx.write("latin.txt", b"new\n");
    h.fx.git(&["add", "latin.txt"]);
    h.fx.git(&[
        "-c",
        "i18n.commitEncoding=ISO-8859-1",
        "commit",
        "-q",
        "-F",
        "msg.txt",
    ]);
    let repo = Repo::open(&h.fx.path).unwrap();
    let head = repo.resolve("HEAD").unwrap();
    let walk = || repo.commits(&head, None, None).unwrap();
    let top = walk().next_raw().unwrap().unwrap();
    let text = top.text().unwrap();
    let full = walk().next().unwrap().unwrap();
    let want = "caf\u{fffd}: fix the r\u{fffd}sum\u{fffd} parser\n\nIt crashed.\n";
    assert_eq!(text.message, want);
    assert_eq!(full.message, want);
    assert_eq!(text.committer_time, full.committer_time);
}
