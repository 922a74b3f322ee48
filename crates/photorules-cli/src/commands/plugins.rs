//! `photorules plugins`: list the plugins found (project `plugins/`, `--plugins DIR`) with their
//! module hashes, interface versions, limits and the metrics they provide, and say why any
//! plugin was refused.

use std::io::Write;

use photorules_core::{Catalogue, MetricKind};
use photorules_plugin_host::{HostConfig, LoadError, Plugin, PluginHost};
use serde_json::json;

use crate::exit_code::Exit;
use crate::global::Global;
use crate::session::PluginArgs;

/// List plugins: hashes, interface versions, limits, provided metrics; refused plugins and why.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    plugins: PluginArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(global: &Global, args: Args) -> Exit {
    let host = match PluginHost::new(HostConfig::default()) {
        Ok(host) => host,
        Err(error) => {
            eprintln!("error: {error}");
            return Exit::Plugin;
        }
    };
    let dirs = args.plugins.dirs(global);
    let report = host.load_all(&dirs, &Catalogue::builtin());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = if args.json {
        write_json(&mut out, &report.plugins, &report.errors)
    } else {
        write_text(&mut out, &dirs, &report.plugins, &report.errors)
    };
    if written.is_err() {
        // stdout is gone (e.g. a closed pipe); nothing sensible is left to report.
        return Exit::Internal;
    }
    if report.errors.is_empty() {
        Exit::Success
    } else {
        Exit::Plugin
    }
}

fn kind_text(kind: MetricKind) -> String {
    match kind {
        MetricKind::Number { unit } => unit.symbol().to_string(),
        MetricKind::Bool => "bool".to_string(),
        MetricKind::Text => "text".to_string(),
    }
}

fn write_text(
    out: &mut dyn Write,
    dirs: &[std::path::PathBuf],
    plugins: &[Plugin],
    errors: &[LoadError],
) -> std::io::Result<()> {
    if dirs.is_empty() {
        writeln!(out, "no plugin directories (use `--plugins DIR`)")?;
    }
    for plugin in plugins {
        let manifest = plugin.manifest();
        let limits = plugin.limits();
        writeln!(
            out,
            "{} {} (interface {}) in `{}`",
            plugin.name(),
            manifest.version,
            manifest.interface,
            plugin.dir().display()
        )?;
        writeln!(out, "  {}", manifest.description)?;
        writeln!(
            out,
            "  module   `{}`  sha256 {}",
            plugin.wasm_path().display(),
            plugin.sha256()
        )?;
        writeln!(
            out,
            "  limits   fuel {}, memory {} MiB + input, output {} bytes{}",
            limits.fuel,
            limits.working_memory_bytes >> 20,
            limits.output_bytes,
            if limits.capped {
                " (capped by the host)"
            } else {
                ""
            }
        )?;
        match manifest.view {
            Some(view) => writeln!(
                out,
                "  view     the face with {} box sides around it, at most {} px",
                view.margin(),
                view.max_side()
            )?,
            None => writeln!(out, "  view     the whole photo")?,
        }
        for spec in plugin.metric_specs() {
            writeln!(
                out,
                "  metric   {} ({}): {}",
                spec.name,
                kind_text(spec.kind),
                spec.meaning
            )?;
        }
    }
    if !errors.is_empty() {
        writeln!(out, "not loaded:")?;
        for error in errors {
            writeln!(out, "  {error}")?;
        }
    }
    writeln!(
        out,
        "{} plugin(s) loaded, {} refused",
        plugins.len(),
        errors.len()
    )
}

fn write_json(
    out: &mut dyn Write,
    plugins: &[Plugin],
    errors: &[LoadError],
) -> std::io::Result<()> {
    let plugins: Vec<serde_json::Value> = plugins
        .iter()
        .map(|plugin| {
            let manifest = plugin.manifest();
            json!({
                "name": plugin.name(),
                "version": manifest.version,
                "interface": manifest.interface,
                "description": manifest.description,
                "dir": plugin.dir(),
                "wasm": plugin.wasm_path(),
                "sha256": plugin.sha256(),
                "inputs": manifest.inputs,
                "view": manifest.view,
                "limits": plugin.limits(),
                "metrics": plugin.metric_specs(),
                "parameters": manifest.parameters,
            })
        })
        .collect();
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let document = json!({"plugins": plugins, "errors": errors});
    let text = serde_json::to_string_pretty(&document).map_err(std::io::Error::other)?;
    writeln!(out, "{text}")
}
