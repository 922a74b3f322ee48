//! The catalogue extended by the metrics plugins *declare*, from their manifests alone: for
//! compiling and linting profiles, where no plugin runs and no module needs compiling.
//!
//! Only manifests are read, so a plugin whose module would be refused at load (hash mismatch,
//! imports) still contributes its names here; [`crate::PluginHost::load_all`] is the authority
//! when photos are checked.

use std::path::PathBuf;

use photorules_core::Catalogue;

use crate::discover::discover;
use crate::error::LoadError;
use crate::manifest::{MANIFEST_FILE, Manifest};

/// `base` extended by the metrics declared in the manifests found under `dirs`, and the
/// manifests that could not be read or would clash.
pub fn declared_catalogue(dirs: &[PathBuf], base: &Catalogue) -> (Catalogue, Vec<LoadError>) {
    let (found, mut errors) = discover(dirs);
    let mut catalogue = base.clone();
    for dir in found {
        let path = dir.join(MANIFEST_FILE);
        let text = match photorules_core::file::read_text_limited(
            &path,
            crate::plugin::MAX_MANIFEST_BYTES,
        ) {
            Ok(text) => text,
            Err(source) => {
                errors.push(LoadError::Read { path, source });
                continue;
            }
        };
        let manifest = match Manifest::parse(&text) {
            Ok(manifest) => manifest,
            Err(problem) => {
                errors.push(LoadError::Manifest {
                    path,
                    message: problem.message,
                });
                continue;
            }
        };
        if let Err(clash) = manifest.extend_catalogue(&mut catalogue) {
            errors.push(LoadError::Catalogue {
                path,
                message: clash.to_string(),
            });
        }
    }
    (catalogue, errors)
}
