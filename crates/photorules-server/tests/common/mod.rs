//! A real server on 127.0.0.1:0 for each test, over the project's rules and plugins.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use photorules::measure::DecodeLimits;
use photorules::{Options, Photorules};
use photorules_server::{AppState, Limits};
use tokio::sync::oneshot;

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn photo(name: &str) -> Vec<u8> {
    std::fs::read(workspace().join("spec-tests/photos").join(name)).expect("test photo")
}

fn options(decode_limits: DecodeLimits) -> Options {
    let root = workspace();
    let mut options = Options::new(root.join("rules"));
    options.plugin_dirs = vec![root.join("plugins")];
    options.decode_limits = decode_limits;
    options
}

/// The library as `photorules serve` builds it (default decode limits), loaded once.
pub fn library() -> Arc<Photorules> {
    static LIBRARY: OnceLock<Arc<Photorules>> = OnceLock::new();
    LIBRARY
        .get_or_init(|| {
            Arc::new(Photorules::new(options(DecodeLimits::default())).expect("library"))
        })
        .clone()
}

/// A library with other decode limits (loads its own models).
pub fn library_with(decode_limits: DecodeLimits) -> Arc<Photorules> {
    Arc::new(Photorules::new(options(decode_limits)).expect("library"))
}

pub struct Server {
    pub base: String,
    stop: Option<oneshot::Sender<()>>,
}

impl Server {
    pub async fn start(limits: Limits) -> Server {
        Server::start_with(library(), limits).await
    }

    pub async fn start_with(photorules: Arc<Photorules>, limits: Limits) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        let (stop, stopped) = oneshot::channel::<()>();
        let state = AppState::new(photorules);
        tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            photorules_server::serve(listener, state, limits, shutdown)
                .await
                .expect("serve");
        });
        Server {
            base: format!("http://{addr}"),
            stop: Some(stop),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Send `request` and read the answer's JSON body, whatever its status.
pub async fn json_answer(request: reqwest::RequestBuilder) -> serde_json::Value {
    request
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("a JSON body")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().build().expect("client")
}

pub fn form(photo: Vec<u8>, name: &str, profile: &str) -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(photo).file_name(name.to_string());
    reqwest::multipart::Form::new()
        .part("photo", part)
        .text("profile", profile.to_string())
}
