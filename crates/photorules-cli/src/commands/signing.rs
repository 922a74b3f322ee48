//! Signed reports: `photorules keygen`, `check --sign KEY` and `check --verify REPORT --key PUB`.

use std::path::{Path, PathBuf};

use photorules::engine::signing::{self, SigningKey};

use crate::exit_code::Exit;

/// Key files hold 64 hex digits and a newline: anything larger is not a key.
const MAX_KEY_FILE_BYTES: u64 = 1024;

/// Make a new Ed25519 key pair for signing reports.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the private key to NAME.key (readable by its owner only) and the public key to
    /// NAME.pub.
    #[arg(long, value_name = "NAME")]
    out: PathBuf,
}

pub fn keygen(args: Args) -> Exit {
    let (private, public) = match signing::generate() {
        Ok(pair) => pair,
        Err(error) => {
            eprintln!("error: no random numbers from the operating system: {error}");
            return Exit::Internal;
        }
    };
    let private_path = with_extension(&args.out, "key");
    let public_path = with_extension(&args.out, "pub");
    if let Err(message) = write_private(&private_path, &private) {
        eprintln!("error: {message}");
        return Exit::Input;
    }
    if let Err(error) = std::fs::write(&public_path, format!("{public}\n")) {
        eprintln!("error: cannot write `{}`: {error}", public_path.display());
        return Exit::Input;
    }
    let fingerprint = signing::verifying_key(&public)
        .map(|key| signing::fingerprint(&key))
        .unwrap_or_default();
    println!(
        "private key: {}\npublic key: {} (fingerprint {fingerprint})",
        private_path.display(),
        public_path.display()
    );
    Exit::Success
}

fn with_extension(base: &Path, extension: &str) -> PathBuf {
    let mut name = base.as_os_str().to_os_string();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

fn write_private(path: &Path, hex: &str) -> Result<(), String> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| format!("cannot create `{}`: {e}", path.display()))?;
    writeln!(file, "{hex}").map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

fn read_key_text(path: &Path) -> Result<String, String> {
    photorules_core::file::read_text_limited(path, MAX_KEY_FILE_BYTES)
        .map_err(|e| format!("`{}`: {e}", path.display()))
}

/// The signing key in `path`, or why not.
pub fn read_signing_key(path: &Path) -> Result<SigningKey, String> {
    let text = read_key_text(path)?;
    signing::signing_key(&text).map_err(|e| format!("`{}`: {e}", path.display()))
}

/// `check --verify REPORT --key PUB`: 0 when the report was signed with that key and not
/// changed since; 7 when it was changed or signed by another key; 4 when a file is unusable.
pub fn verify(report_path: &Path, key_path: &Path) -> Exit {
    let trusted = match read_key_text(key_path).and_then(|text| {
        signing::verifying_key(&text).map_err(|e| format!("`{}`: {e}", key_path.display()))
    }) {
        Ok(key) => key,
        Err(message) => {
            eprintln!("error: --key: {message}");
            return Exit::Input;
        }
    };
    let report = match super::replay::read_report(report_path) {
        Ok(report) => report,
        Err(message) => {
            eprintln!("error: `{}`: {message}", report_path.display());
            return Exit::Input;
        }
    };
    match signing::verify(&report, &trusted) {
        Ok(()) => {
            println!(
                "signature valid: `{}` was signed with key {} and not changed since",
                report_path.display(),
                signing::fingerprint(&trusted)
            );
            Exit::Success
        }
        Err(error) => {
            eprintln!("error: `{}`: {error}", report_path.display());
            Exit::ReplayMismatch
        }
    }
}
