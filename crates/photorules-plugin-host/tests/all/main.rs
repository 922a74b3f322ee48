//! Integration tests of the plugin host, grouped by topic in one test binary (one link, one
//! engine build per test instead of one binary per file).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod cache;
mod discovery;
mod hostile;
mod interface;
mod limits;
mod schema;
mod shipped_plugins;
mod unseen_plugin;
mod views;
