//! Prints how each line of a file is classified: `ferrometer-source` debugging aid.
//!
//! `cargo run -p ferrometer-source --example lines -- FILE [c|cpp|asm|rust]`

use ferrometer_source::count::{count, Syntax};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: lines FILE [c|cpp|asm|rust]");
    let syntax = match args.next().as_deref() {
        Some("cpp") => Syntax::C { cpp: true },
        Some("asm") => Syntax::Asm,
        Some("rust") => Syntax::Rust,
        _ => Syntax::C { cpp: false },
    };
    let buf = std::fs::read(&path).expect("readable file");
    // Classify growing prefixes and print what each new line added.
    let mut prev = count(syntax, b"");
    let mut end = 0;
    for (n, line) in buf.split_inclusive(|&b| b == b'\n').enumerate() {
        end += line.len();
        let c = count(syntax, &buf[..end]);
        let kind = if c.code > prev.code {
            "code"
        } else if c.doc > prev.doc {
            "doc"
        } else if c.comment > prev.comment {
            "comment"
        } else {
            "blank"
        };
        println!(
            "{:>5} {kind:<7} {}",
            n + 1,
            String::from_utf8_lossy(line).trim_end()
        );
        prev = c;
    }
}
