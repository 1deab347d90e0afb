//! Prints the verdict for a commit message read from stdin (or each
//! message of a file separated by lines holding only `---`).
//!
//! ```text
//! git log -1 --format=%B | cargo run -p ferrometer-bugs --example explain
//! ```

use std::io::Read;

use ferrometer_bugs::classify::classify;

fn main() {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("explain: could not read stdin: {e}");
        std::process::exit(2);
    }
    for message in input.split("\n---\n") {
        let v = classify(message);
        println!("== {}", message.lines().next().unwrap_or(""));
        println!(
            "is_fix={} class={} bot={:?} cves={:?}",
            v.is_fix,
            v.class.name(),
            v.reported_by_bot.map(ferrometer_bugs::classify::Bot::name),
            v.cves
        );
        println!("tags={:?}", v.tags);
        for f in &v.fixes {
            println!("fixes {} {:?}", f.sha, f.subject);
        }
        for e in &v.evidence {
            println!(
                "  {:<16} {:<24} {:<16} {}",
                e.signal.name(),
                e.rule,
                e.class.map_or("-", |c| c.name()),
                e.text
            );
        }
    }
}
