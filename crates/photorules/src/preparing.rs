//! Preparing a compliant photo through the library: the preparer's re-check of the prepared
//! file uses exactly the measurement and plugins of [`Photorules::check_bytes`].

use photorules_core::ir::CompiledProfile;
use photorules_prepare::{Checked, Checker, PrepareError, PrepareOptions, Prepared};

use crate::Photorules;

impl Checker for Photorules {
    fn check(
        &self,
        profile: &CompiledProfile,
        bytes: &[u8],
        name: Option<&str>,
        language: Option<photorules_engine::Language>,
    ) -> Result<Checked, String> {
        self.check_bytes_in(profile, bytes, name, language)
            .map(|checked| Checked {
                report: checked.report,
                measurement: checked.measurement,
            })
            .map_err(|e| e.to_string())
    }
}

impl Photorules {
    /// Prepare a photo for `profile` from a portrait's `bytes`: crop, turn, resample, replace
    /// the background where needed, encode within the format's limits, and check the result.
    /// The segmentation model is loaded on first use and kept.
    pub fn prepare(
        &self,
        profile: &CompiledProfile,
        bytes: &[u8],
        options: &PrepareOptions,
    ) -> Result<Prepared, PrepareError> {
        self.preparer.prepare(self, profile, bytes, options)
    }
}
