//! Finding and compiling profiles with the catalogue the loaded plugins extend.

use std::path::Path;
use std::sync::Arc;

use photorules_core::ir::CompiledProfile;
use photorules_dsl::Compiler;
use photorules_dsl::compile::{list_profiles, path_for};

use crate::{Photorules, ProfileError};

impl Photorules {
    /// Compile a profile given by id (`kz/driving-licence`, looked up under the rules root) or by
    /// the path of a `.rules` file. Lint warnings do not stop compilation. Anything else — a
    /// path to another file, `..`, an absolute path — is refused before any file is read: an id
    /// that reaches outside the rules root would read (and quote in diagnostics) any file.
    pub fn compile(&self, id_or_path: &str) -> Result<Arc<CompiledProfile>, ProfileError> {
        let mut compiler = Compiler::new(&self.catalogue, photorules_dsl::today());
        let as_path = Path::new(id_or_path);
        let compiled = if id_or_path.ends_with(".rules") {
            compiler.compile_path(as_path)
        } else {
            if !is_profile_id(id_or_path) {
                return Err(ProfileError::BadId {
                    id: id_or_path.to_string(),
                });
            }
            if !path_for(&self.rules_root, id_or_path).is_file() {
                return Err(self.unknown(id_or_path));
            }
            compiler.compile_id(&self.rules_root, id_or_path)
        };
        let diagnostics = compiler.take_diagnostics();
        match compiled {
            Some(profile) if !diagnostics.has_errors() => Ok(profile),
            _ => Err(ProfileError::Invalid {
                target: id_or_path.to_string(),
                diagnostics,
            }),
        }
    }

    /// Every profile id under the rules root, sorted.
    pub fn profile_ids(&self) -> Vec<String> {
        list_profiles(&self.rules_root)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    fn unknown(&self, id: &str) -> ProfileError {
        let ids = self.profile_ids();
        ProfileError::Unknown {
            id: id.to_string(),
            root: self.rules_root.display().to_string(),
            suggestion: photorules_core::suggest::closest(id, ids.iter().map(String::as_str))
                .map(str::to_string),
        }
    }
}

pub use photorules_dsl::compile::is_profile_id;

#[cfg(test)]
mod tests {
    use super::is_profile_id;

    #[test]
    fn only_documented_ids_are_ids() {
        for good in [
            "kz/driving-licence",
            "icao/base",
            "schengen/visa",
            "us/dv_lottery",
            "a1",
        ] {
            assert!(is_profile_id(good), "{good}");
        }
        for bad in [
            "../../etc/passwd",
            "/etc/passwd",
            "kz/../kz/id-card",
            "kz//id-card",
            "",
            "KZ/ID",
            "kz/id card",
            "kz\\id",
            ".hidden",
        ] {
            assert!(!is_profile_id(bad), "{bad}");
        }
    }
}
