//! The compiled-module cache: reused within a process, precompiled on disk between processes,
//! and never trusted when an entry's key or checksum does not match.

use photorules_plugin_host::{
    Allocator, CacheConfig, CacheOutcome, HostConfig, HostLimits, PluginHost,
};
use sha2::{Digest, Sha256};

use crate::support::wat_plugin::{self, MEASURED_ONE};
use crate::support::{load, run_small};

fn disk_host(dir: &std::path::Path) -> PluginHost {
    PluginHost::new(HostConfig {
        limits: HostLimits::default(),
        cache: CacheConfig::Disk(dir.to_path_buf()),
        allocator: Allocator::default(),
    })
    .unwrap()
}

fn digest(path: &std::path::Path) -> [u8; 32] {
    Sha256::digest(std::fs::read(path).unwrap()).into()
}

#[test]
fn a_module_compiles_once_per_process_and_once_per_disk_cache() {
    let plugins = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let dir = wat_plugin::constant(plugins.path(), "cached", MEASURED_ONE);

    let first = disk_host(cache.path());
    let plugin = load(&first, &dir);
    assert_eq!(
        plugin.cache_outcome(),
        &CacheOutcome::Compiled {
            stored: true,
            rejected: None
        }
    );
    assert_eq!(load(&first, &dir).cache_outcome(), &CacheOutcome::Memory);

    // A new host (a new process, as far as the cache can tell) loads the precompiled entry.
    let second = disk_host(cache.path());
    let plugin = load(&second, &dir);
    assert_eq!(plugin.cache_outcome(), &CacheOutcome::Disk);
    assert!(run_small(&second, &plugin).is_ok());
}

#[test]
fn a_tampered_or_misplaced_entry_is_ignored_and_replaced() {
    let plugins = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let a = wat_plugin::constant(plugins.path(), "alpha", MEASURED_ONE);
    let b = wat_plugin::constant(plugins.path(), "beta", MEASURED_ONE);
    let host = disk_host(cache.path());
    load(&host, &a);
    load(&host, &b);
    let entry_a = host.cache_entry(&digest(&a.join("alpha.wasm"))).unwrap();
    let entry_b = host.cache_entry(&digest(&b.join("beta.wasm"))).unwrap();
    assert!(entry_a.is_file() && entry_b.is_file());

    // Flip one byte of alpha's precompiled code.
    let mut bytes = std::fs::read(&entry_a).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&entry_a, &bytes).unwrap();
    let plugin = load(&disk_host(cache.path()), &a);
    match plugin.cache_outcome() {
        CacheOutcome::Compiled {
            stored: true,
            rejected: Some(reason),
        } => assert!(reason.contains("is corrupt"), "{reason}"),
        other => panic!("{other:?}"),
    }
    // The entry was rewritten and is good again.
    assert_eq!(
        load(&disk_host(cache.path()), &a).cache_outcome(),
        &CacheOutcome::Disk
    );

    // Beta's (valid) entry put where alpha's belongs: its key does not match.
    std::fs::copy(&entry_b, &entry_a).unwrap();
    let host = disk_host(cache.path());
    let plugin = load(&host, &a);
    match plugin.cache_outcome() {
        CacheOutcome::Compiled {
            rejected: Some(reason),
            ..
        } => assert!(reason.contains("belongs to another key"), "{reason}"),
        other => panic!("{other:?}"),
    }
    // And the plugin that runs is alpha, not beta.
    let output = run_small(&host, &plugin).unwrap();
    assert!(output.metrics.get("alpha.value").is_some());
}

#[test]
fn memory_only_caching_writes_nothing() {
    let plugins = tempfile::tempdir().unwrap();
    let dir = wat_plugin::constant(plugins.path(), "ephemeral", MEASURED_ONE);
    let host = crate::support::host();
    let plugin = load(&host, &dir);
    assert_eq!(
        plugin.cache_outcome(),
        &CacheOutcome::Compiled {
            stored: false,
            rejected: None
        }
    );
    assert_eq!(host.cache_entry(&digest(&dir.join("ephemeral.wasm"))), None);
}
