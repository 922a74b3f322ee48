//! Plugins written in the test from WebAssembly text: a module, its SHA-256 and a manifest in
//! a fresh directory, as an integrator would drop them in.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Output of a plugin that provides `<name>.value`; `{name}` is replaced by the plugin name.
pub const MEASURED_ONE: &str =
    r#"{"metrics":{"{name}.value":{"status":"measured","value":1,"unit":"count"}}}"#;

/// The manifest lines declaring `<name>.value` (a count).
pub fn value_metric(name: &str) -> String {
    format!(
        r#"
[[metrics]]
name = "{name}.value"
kind = "number"
unit = "count"
meaning = "A test value."
method = "Written by the test."
"#
    )
}

/// A manifest with the usual header; `body` holds metrics, parameters and limits.
pub fn manifest(name: &str, sha256: &str, interface: &str, body: &str) -> String {
    format!(
        r#"name = "{name}"
version = "0.1.0"
interface = "{interface}"
description = "A plugin written by a test."
sha256 = "{sha256}"
{body}"#
    )
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Write `<root>/<name>/<name>.wasm` from `wat` and a manifest whose body is `body` (the
/// value metric when empty); returns the plugin directory.
pub fn write(root: &Path, name: &str, wat: &str, body: &str) -> PathBuf {
    let wasm = wat::parse_str(wat).unwrap_or_else(|e| panic!("fixture `{name}`: {e}"));
    write_wasm(root, name, &wasm, "1.0", body)
}

pub fn write_wasm(root: &Path, name: &str, wasm: &[u8], interface: &str, body: &str) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.wasm")), wasm).unwrap();
    let body = if body.is_empty() {
        value_metric(name)
    } else {
        body.to_string()
    };
    std::fs::write(
        dir.join("plugin.toml"),
        manifest(name, &sha256_hex(wasm), interface, &body),
    )
    .unwrap();
    dir
}

/// The body of a WebAssembly string literal: quotes, backslashes and control bytes escaped.
pub fn wat_string(text: &str) -> String {
    let mut escaped = String::new();
    for c in text.chars() {
        match c {
            '"' => escaped.push_str("\\\""),
            '\\' => escaped.push_str("\\\\"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                escaped.push_str(&format!("\\{:02x}", c as u32));
            }
            c => escaped.push(c),
        }
    }
    escaped
}

/// A module speaking interface 1.0: one page of memory, a bump allocator growing memory as
/// needed from 4096, `extra` items, and `photorules_check` with body `check`.
pub fn module(check: &str, extra: &str) -> String {
    module_with_version("0x10000", check, extra)
}

pub fn module_with_version(version: &str, check: &str, extra: &str) -> String {
    format!(
        r#"(module
  (memory (export "memory") 1)
  (global $bump (mut i32) (i32.const 4096))
  (func (export "photorules_abi_version") (result i32) (i32.const {version}))
  (func (export "photorules_alloc") (param $len i32) (result i32)
    (local $ptr i32) (local $end i32)
    (local.set $ptr (global.get $bump))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow
        (i32.sub (i32.add (i32.shr_u (local.get $end) (i32.const 16)) (i32.const 1))
                 (memory.size))))))
    (global.set $bump (local.get $end))
    (local.get $ptr))
  {extra}
  (func (export "photorules_check") (param $ptr i32) (param $len i32) (result i64)
    {check})
)"#
    )
}

/// `photorules_check` returning `json` from a data segment at offset 16.
pub fn constant_module(json: &str) -> String {
    module(
        &format!(
            "(i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const {}))",
            json.len()
        ),
        &format!(r#"(data (i32.const 16) "{}")"#, wat_string(json)),
    )
}

/// A plugin named `name` that always returns `json` (`{name}` replaced by the name).
pub fn constant(root: &Path, name: &str, json: &str) -> PathBuf {
    let json = json.replace("{name}", name);
    write(root, name, &constant_module(&json), "")
}
