//! Exit codes shared by every `photorules` command and by the Python package's exceptions.
//! Scripts rely on them: never renumber.

use std::process::ExitCode;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Success; for a check, the photo is accepted.
    Success = 0,
    /// The photo is rejected, or there are findings: lint errors, `fmt --check` differences,
    /// failing profile tests, differences found by `diff`.
    Findings = 1,
    /// The command line is wrong (clap reports these itself with the same code).
    Usage = 2,
    /// The decision cannot be made: a required metric could not be measured.
    Undetermined = 3,
    /// Input error: an unreadable or corrupt image, a missing file.
    Input = 4,
    /// Profile error: a profile does not compile, or its id is unknown.
    Profile = 5,
    /// A plugin failed to load or run.
    Plugin = 6,
    /// Replaying a decision record gave a different decision.
    ReplayMismatch = 7,
    /// The installation is incomplete. Produced by no current version: it meant a missing
    /// ONNX Runtime library until the face networks ran without one (2026-12); the code stays
    /// reserved so that scripts which handle it keep working.
    Setup = 8,
    /// A bug in photorules.
    Internal = 70,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The more serious of two outcomes (the larger code, except that success yields).
    pub fn worst(self, other: Exit) -> Exit {
        if other.code() > self.code() {
            other
        } else {
            self
        }
    }
}

/// The exit for a measurer that could not be built: the models ship inside the program, so
/// this is a bug.
pub fn for_measure_setup(_error: &photorules_measure::MeasureError) -> Exit {
    Exit::Internal
}

/// The exit for a library that could not be built.
pub fn for_setup(error: &crate::SetupError) -> Exit {
    match error {
        crate::SetupError::Models(measure) => for_measure_setup(measure),
        crate::SetupError::PluginHost(_) => Exit::Internal,
    }
}

/// The exit for a preparation that stopped with an error (an outcome that is not an error,
/// such as a refused portrait, is not mapped here).
pub fn for_prepare(error: &photorules_prepare::PrepareError) -> Exit {
    use photorules_prepare::PrepareError;
    match error {
        PrepareError::Source(_) => Exit::Input,
        PrepareError::UnknownFormat { .. }
        | PrepareError::FileTypeNotAccepted { .. }
        | PrepareError::UnknownFileType { .. }
        | PrepareError::PngTooBig { .. }
        | PrepareError::UnknownPaper { .. }
        | PrepareError::SheetAspect { .. }
        | PrepareError::SheetTooSmall { .. } => Exit::Usage,
        PrepareError::NoFormat { .. }
        | PrepareError::NoSize { .. }
        | PrepareError::NoPrintSize { .. } => Exit::Profile,
        PrepareError::TooManyBytes { .. } => Exit::Findings,
        _ => Exit::Internal,
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Exit;

    #[test]
    fn codes_are_the_documented_numbers() {
        let codes = [
            (Exit::Success, 0),
            (Exit::Findings, 1),
            (Exit::Usage, 2),
            (Exit::Undetermined, 3),
            (Exit::Input, 4),
            (Exit::Profile, 5),
            (Exit::Plugin, 6),
            (Exit::ReplayMismatch, 7),
            (Exit::Setup, 8),
            (Exit::Internal, 70),
        ];
        for (exit, code) in codes {
            assert_eq!(exit.code(), code, "{exit:?}");
        }
        assert_eq!(Exit::Findings.worst(Exit::Profile), Exit::Profile);
        assert_eq!(Exit::Profile.worst(Exit::Success), Exit::Profile);
    }
}
