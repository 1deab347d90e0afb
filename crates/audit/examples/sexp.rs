//! Prints the tree-sitter tree and the audit of one Rust file: `cargo run -p ferrometer-audit --example sexp -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let src = std::fs::read(&path).expect("readable");
    let mut p = tree_sitter::Parser::new();
    p.set_language(&tree_sitter_rust::LANGUAGE.into()).unwrap();
    let t = p.parse(&src, None).unwrap();
    println!("{}", t.root_node().to_sexp());
    let audit = ferrometer_audit::Auditor::new().audit(&src);
    println!("{audit:#?}");
}
