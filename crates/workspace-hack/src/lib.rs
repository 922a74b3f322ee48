//! No code: this crate exists for its dependencies' features (see its Cargo.toml), so that the
//! Python wheel and the CLI built alone reuse the dependencies `cargo test --workspace` built.
