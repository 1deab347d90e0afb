//! Measures `classify` throughput on one core.
//!
//! ```text
//! cargo run --release -p ferrometer-bugs --example throughput [advisory-dir] [--messages FILE]
//! ```
//!
//! `--messages FILE` reads real commit messages, NUL-separated
//! (`git log -z --format=%B > FILE`).
//!
//! Runs over a synthetic corpus of kernel-style messages (invented
//! templates: feature work, cleanups and fixes with trailers, in a typical
//! mix), unless given real messages; with a directory of advisories, also
//! over their descriptions (long, bug-heavy commit messages: a worst case).

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use ferrometer_bugs::advisory::read_advisories;
use ferrometer_bugs::classify::classify;

const SUBSYSTEMS: &[&str] = &[
    "net: wibble",
    "drm/zork",
    "fs/qfs",
    "mm/frob",
    "usb: gadget: blip",
    "ALSA: tinkle",
    "bpf",
    "iio: adc: zx12",
    "scsi: zorp",
    "media: zz",
    "arm64: dts: qux",
    "rust: kernel",
    "perf tools",
    "selftests/net",
    "Documentation",
];
const FUNCS: &[&str] = &[
    "frob_open",
    "zap_close",
    "wb_xmit",
    "qfs_evict",
    "blip_unbind",
    "tinkle_probe",
    "zz_s_ctrl",
];

/// One invented message of kind `i % 10`.
fn message(i: usize) -> String {
    let sub = SUBSYSTEMS[i % SUBSYSTEMS.len()];
    let f = FUNCS[(i / 3) % FUNCS.len()];
    let sha = format!(
        "{:012x}",
        (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 16
    );
    let sob =
        "Signed-off-by: Ann Example <ann@example.org>\nReviewed-by: Bo Example <bo@example.org>\n";
    let body = "The helper is called from the worker and from the ioctl path. Both take the\n\
                device lock before touching the queue, so the state is consistent when the\n\
                queue is drained. Move the common part into one function and call it from\n\
                both places; this keeps the error handling in one place as well.\n";
    match i % 10 {
        0 => format!("{sub}: add support for the frob offload engine\n\n{body}\n{sob}"),
        1 => format!("{sub}: convert {f}() to the new queue API\n\n{body}\nNo functional change.\n\n{sob}"),
        2 => format!("{sub}: fix use-after-free in {f}()\n\n{body}\nFixes: {sha} (\"{sub}: add {f}\")\nCc: stable@vger.kernel.org\n{sob}"),
        3 => format!("{sub}: use dev_err_probe() in {f}()\n\n{body}\n{sob}"),
        4 => format!(
            "{sub}: avoid NULL dereference in {f}()\n\nsyzbot reported:\n\nBUG: KASAN: null-ptr-deref in {f}+0x1c/0x80\n\
             Read of size 8 at addr 0000000000000010 by task syz-executor/4242\n\n{body}\n\
             Reported-by: syzbot+0123456789abcdef0123@syzkaller.appspotmail.com\nFixes: {sha} (\"{sub}: rework {f}\")\n{sob}"
        ),
        5 => format!("{sub}: update the maintainers entry\n\n{sob}"),
        6 => format!("{sub}: fix memory leak in {f}() error path\n\n{body}\nFixes: {sha} (\"{sub}: add {f}\")\n{sob}"),
        7 => format!("Merge branch '{f}-fixes' into next\n\n* fix a race in {f}\n"),
        8 => format!("{sub}: simplify the register map\n\n{body}\nLink: https://lore.example.org/r/20310101-{sha}@example.org\n{sob}"),
        _ => format!("{sub}: fix the clock rate rounding in {f}()\n\n{body}\nFixes: {sha} (\"{sub}: add rates\")\n{sob}"),
    }
}

fn measure(name: &str, messages: &[String], rounds: usize) {
    let bytes: usize = messages.iter().map(String::len).sum();
    // Warm up (compiles the rules once).
    for m in messages.iter().take(100) {
        black_box(classify(m));
    }
    let started = Instant::now();
    let mut fixes = 0usize;
    for _ in 0..rounds {
        for m in messages {
            fixes += usize::from(black_box(classify(m)).is_fix);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
    let (n, mb) = (
        (messages.len() * rounds) as f64,
        (bytes * rounds) as f64 / 1e6,
    );
    println!(
        "{name}: {} messages, mean {} bytes: {:.0} messages/s, {:.1} MB/s ({} fixes per round)",
        messages.len(),
        bytes / messages.len().max(1),
        n / secs,
        mb / secs,
        fixes / rounds
    );
}

fn main() {
    if !std::env::args_os().any(|a| a == "--messages") {
        let synthetic: Vec<String> = (0..20_000).map(message).collect();
        measure("synthetic kernel-style", &synthetic, 5);
    }
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--messages" {
            // Real messages: `git log -z --format=%B > FILE` (NUL-separated).
            let Some(file) = args.next() else {
                eprintln!("throughput: --messages needs a file");
                std::process::exit(2);
            };
            let bytes = std::fs::read(&file).unwrap_or_else(|e| {
                eprintln!("throughput: {}: {e}", Path::new(&file).display());
                std::process::exit(2);
            });
            let messages: Vec<String> = bytes
                .split(|&b| b == 0)
                .filter(|m| !m.is_empty())
                .map(|m| String::from_utf8_lossy(m).into_owned())
                .collect();
            measure("git log messages", &messages, 2);
        } else {
            let (advisories, _) = read_advisories(Path::new(&arg));
            let descriptions: Vec<String> = advisories.into_iter().map(|a| a.description).collect();
            measure("advisory descriptions", &descriptions, 2);
        }
    }
}
