//! Times the operations `ferrometer history` leans on, on a real repository.
//!
//! ```text
//! cargo run --release -p ferrometer-git --example bench -- <repo> [tag-glob]
//! ```
//! Prints: tag listing time, `files()` per release tag (cold and warm),
//! blob read throughput over every distinct blob of those tags with 1 and 2
//! threads, and the cost of a full commit walk and of `changed_paths`.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use ferrometer_git::{Oid, Repo};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().ok_or("usage: bench <repo> [tag-glob]")?);
    let glob = args.next().unwrap_or_else(|| "*".to_owned());

    let start = Instant::now();
    let repo = Repo::open(&path)?;
    println!("open: {:.1} ms", ms(start));

    let start = Instant::now();
    let tags = repo.tags(&glob)?;
    println!(
        "tags({glob}): {} tags ({} pre-releases, {} skipped) in {:.1} ms",
        tags.revisions.len(),
        tags.revisions.iter().filter(|r| r.is_prerelease).count(),
        tags.skipped.len(),
        ms(start)
    );
    let releases: Vec<_> = tags.revisions.iter().filter(|r| !r.is_prerelease).collect();

    let mut blobs: Vec<Oid> = Vec::new();
    let mut seen = HashSet::new();
    let mut n_files = 0usize;
    let mut max_ms = 0f64;
    let mut max_files = 0usize;
    let start = Instant::now();
    for rev in &releases {
        let t = Instant::now();
        let tree = repo.files(&rev.commit)?;
        let took = ms(t);
        if took > max_ms {
            max_ms = took;
        }
        max_files = max_files.max(tree.files.len());
        n_files += tree.files.len();
        blobs.extend(
            tree.files
                .iter()
                .map(|f| f.oid)
                .filter(|oid| seen.insert(*oid)),
        );
    }
    let total = ms(start);
    println!(
        "files(): {} releases, {n_files} entries ({} distinct blobs), {total:.0} ms total, \
         {:.1} ms mean, {max_ms:.1} ms max, largest tree {max_files} files",
        releases.len(),
        blobs.len(),
        total / releases.len().max(1) as f64
    );
    let start = Instant::now();
    for rev in &releases {
        repo.files(&rev.commit)?;
    }
    println!(
        "files() again (warm tree cache): {:.1} ms mean",
        ms(start) / releases.len().max(1) as f64
    );

    for threads in [1, 2] {
        let next = AtomicUsize::new(0);
        let bytes = AtomicUsize::new(0);
        let missing = AtomicUsize::new(0);
        let start = Instant::now();
        std::thread::scope(|s| -> Result<(), ferrometer_git::Error> {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| -> Result<(), ferrometer_git::Error> {
                        let reader = repo.reader();
                        let mut buf = Vec::new();
                        // Contiguous chunks, as rayon would split the list: blobs
                        // of one tree sit near each other in the pack.
                        loop {
                            let i = next.fetch_add(CHUNK, Ordering::Relaxed);
                            let Some(chunk) = blobs.get(i..(i + CHUNK).min(blobs.len())) else {
                                return Ok(());
                            };
                            let mut n = 0;
                            for oid in chunk {
                                match reader.read_blob(oid, &mut buf) {
                                    Ok(()) => n += buf.len(),
                                    // Partial clones leave large blobs out.
                                    Err(ferrometer_git::Error::MissingObject { .. }) => {
                                        missing.fetch_add(1, Ordering::Relaxed);
                                    }
                                    Err(e) => return Err(e),
                                }
                            }
                            bytes.fetch_add(n, Ordering::Relaxed);
                        }
                    })
                })
                .collect();
            for worker in workers {
                worker.join().expect("a reader thread panicked")?;
            }
            Ok(())
        })?;
        let secs = start.elapsed().as_secs_f64();
        let mb = bytes.load(Ordering::Relaxed) as f64 / 1e6;
        println!(
            "read_blob, {threads} thread(s): {} blobs ({} missing), {mb:.0} MB in {secs:.2} s \
             = {:.0} MB/s, {:.0} blobs/s",
            blobs.len(),
            missing.load(Ordering::Relaxed),
            mb / secs,
            blobs.len() as f64 / secs
        );
    }

    let head = repo.resolve("HEAD")?;
    let start = Instant::now();
    let chain = repo.first_parent(&head, None, None)?;
    println!(
        "first_parent(HEAD): {} commits in {:.0} ms",
        chain.len(),
        ms(start)
    );
    let start = Instant::now();
    let mut n_commits = 0usize;
    let mut recent = Vec::new();
    for commit in repo.commits(&head, None, None)? {
        let commit = commit?;
        if recent.len() < 500 {
            recent.push(commit.id);
        }
        n_commits += 1;
    }
    println!(
        "commits(HEAD): {n_commits} commits with messages in {:.0} ms",
        ms(start)
    );
    let start = Instant::now();
    let mut n_changes = 0usize;
    for id in &recent {
        n_changes += repo.changed_paths(id)?.len();
    }
    println!(
        "changed_paths: {} commits, {n_changes} changes in {:.0} ms ({:.2} ms/commit)",
        recent.len(),
        ms(start),
        ms(start) / recent.len().max(1) as f64
    );
    Ok(())
}

/// Blobs a reader thread takes at a time.
const CHUNK: usize = 256;

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1e3
}
