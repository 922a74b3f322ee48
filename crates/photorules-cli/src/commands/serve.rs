//! `photorules serve`: the web page and the JSON API on one address, until Ctrl-C.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use photorules::measure::DecodeLimits;
use photorules::{Options, Photorules};
use photorules_server::{AppState, Limits};

use crate::exit_code::{self, Exit};
use crate::global::{self, Global};
use crate::session::PluginArgs;

/// Serve the web page (upload, choose the document, preview, download) and the JSON API.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on; port 0 picks a free port (the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Largest upload in MiB (413 beyond).
    #[arg(long, value_name = "MIB", default_value_t = 20)]
    max_upload_mib: usize,
    /// Largest photo in megapixels (400 beyond, before decoding).
    #[arg(long, value_name = "MP", default_value_t = 50.0)]
    max_megapixels: f64,
    /// Longest an API request may take, in seconds (503 `timeout` beyond).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    request_timeout: u64,
    /// Photos checked or prepared at once; by default one per core.
    #[arg(long, value_name = "N")]
    max_concurrent: Option<usize>,
    /// Requests that may wait for a free worker; by default twice the workers. Beyond them
    /// new requests get 503 with `Retry-After`.
    #[arg(long, value_name = "N")]
    max_queued: Option<usize>,
    /// Longest an upload may take to arrive, in seconds (408 `upload-timeout` beyond). Uploads
    /// are read before a worker is taken, so slow clients never hold the workers.
    #[arg(long, value_name = "SECS", default_value_t = 20)]
    upload_timeout: u64,
    /// Uploads read at the same time; by default four times workers plus queue (503 beyond).
    #[arg(long, value_name = "N")]
    max_uploads: Option<usize>,
    #[command(flatten)]
    plugins: PluginArgs,
}

pub fn run(global: &Global, args: Args) -> Exit {
    if let Err(exit) = global::require_rules_dir(global) {
        return exit;
    }
    let limits = match limits(&args) {
        Ok(limits) => limits,
        Err(message) => {
            eprintln!("error: {message}");
            return Exit::Usage;
        }
    };
    let mut options = Options::new(&global.rules);
    options.plugin_dirs = args.plugins.dirs(global);
    options.decode_limits = DecodeLimits {
        max_bytes: limits.max_upload_bytes as u64,
        max_pixels: (args.max_megapixels * 1e6) as u64,
        ..DecodeLimits::default()
    };
    let photorules = match Photorules::new(options) {
        Ok(photorules) => Arc::new(photorules),
        Err(error) => {
            eprintln!("error: {error}");
            return exit_code::for_setup(&error);
        }
    };
    for error in photorules.plugin_errors() {
        eprintln!("warning: plugin not loaded: {error}");
    }
    let state = AppState::new(photorules);
    for failed in &state.profiles().not_compiled {
        eprintln!(
            "warning: profile `{}` is not offered: {}",
            failed.id, failed.detail
        );
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: the server could not start: {error}");
            return Exit::Internal;
        }
    };
    runtime.block_on(serve(args.addr, state, limits))
}

async fn serve(addr: SocketAddr, state: AppState, limits: Limits) -> Exit {
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on `{addr}`: {error}");
            return Exit::Input;
        }
    };
    let bound = listener.local_addr().unwrap_or(addr);
    // Scripts read this line to find the port when `--addr` ends in `:0`.
    println!("listening on http://{bound}/");
    let shutdown = async {
        // Without a Ctrl-C handler the server runs until killed, which is still correct.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    match photorules_server::serve(listener, state, limits, shutdown).await {
        Ok(()) => Exit::Success,
        Err(error) => {
            eprintln!("error: the server stopped: {error}");
            Exit::Internal
        }
    }
}

fn limits(args: &Args) -> Result<Limits, String> {
    if args.max_upload_mib == 0 {
        return Err("`--max-upload-mib` must be at least 1".to_string());
    }
    if args.max_megapixels.is_nan() || args.max_megapixels <= 0.0 {
        return Err("`--max-megapixels` must be more than 0".to_string());
    }
    if args.request_timeout == 0 {
        return Err("`--request-timeout` must be at least 1 second".to_string());
    }
    if args.max_concurrent == Some(0) {
        return Err("`--max-concurrent` must be at least 1".to_string());
    }
    if args.upload_timeout == 0 || args.max_uploads == Some(0) {
        return Err("`--upload-timeout` and `--max-uploads` must be at least 1".to_string());
    }
    let defaults = Limits::default();
    let max_concurrent = args.max_concurrent.unwrap_or(defaults.max_concurrent);
    let max_queued = args.max_queued.unwrap_or(2 * max_concurrent);
    Ok(Limits {
        max_upload_bytes: args.max_upload_mib * 1024 * 1024,
        request_timeout: Duration::from_secs(args.request_timeout),
        max_concurrent,
        max_queued,
        retry_after_secs: defaults.retry_after_secs,
        upload_timeout: Duration::from_secs(args.upload_timeout),
        max_uploads: args
            .max_uploads
            .unwrap_or(4 * (max_concurrent + max_queued)),
    })
}
