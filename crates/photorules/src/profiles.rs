//! Finding and compiling profiles with the catalogue the loaded plugins extend.

use std::path::Path;
use std::sync::Arc;

use photorules_core::ir::CompiledProfile;
use photorules_dsl::Compiler;
use photorules_dsl::compile::{list_profiles, path_for};

use crate::{Photorules, ProfileError};

impl Photorules {
    /// Compile a profile given by id (`kz/driving-licence`, looked up under the rules root) or by
    /// the path of a `.rules` file. Lint warnings do not stop compilation.
    pub fn compile(&self, id_or_path: &str) -> Result<Arc<CompiledProfile>, ProfileError> {
        let mut compiler = Compiler::new(&self.catalogue, photorules_dsl::today());
        let as_path = Path::new(id_or_path);
        let compiled = if id_or_path.ends_with(".rules") || as_path.is_file() {
            compiler.compile_path(as_path)
        } else {
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
