//! Integration tests: small repositories built with the `git` CLI, read back
//! through `ferrometer-git`, and compared with what `git` itself says.

mod fixture;

mod diff;
mod errors;
mod revisions;
mod tree;
mod walk;
