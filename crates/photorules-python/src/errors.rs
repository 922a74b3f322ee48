//! Python exceptions that carry the CLI's exit codes: `PhotorulesError` with `.code`, and one
//! subclass per kind of failure a caller handles differently.

use photorules::exit::Exit;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    _photorules,
    PhotorulesError,
    PyException,
    "A photorules call failed. `code` is the exit code the `photorules` CLI gives for the same failure."
);
create_exception!(
    _photorules,
    UsageError,
    PhotorulesError,
    "An argument is wrong (CLI exit code 2)."
);
create_exception!(
    _photorules,
    InputError,
    PhotorulesError,
    "The photo cannot be read: missing, too large, not an image, corrupt (CLI exit code 4)."
);
create_exception!(
    _photorules,
    ProfileError,
    PhotorulesError,
    "The profile is unknown or does not compile (CLI exit code 5)."
);
create_exception!(
    _photorules,
    SetupError,
    PhotorulesError,
    "The installation is incomplete (CLI exit code 8; no current version raises it: it meant a missing ONNX Runtime library before the face networks ran without one)."
);

/// Add the exception classes to the module, each with its class-level `code`.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let classes = [
        (
            "PhotorulesError",
            py.get_type::<PhotorulesError>(),
            Exit::Internal,
        ),
        ("UsageError", py.get_type::<UsageError>(), Exit::Usage),
        ("InputError", py.get_type::<InputError>(), Exit::Input),
        ("ProfileError", py.get_type::<ProfileError>(), Exit::Profile),
        ("SetupError", py.get_type::<SetupError>(), Exit::Setup),
    ];
    for (name, class, exit) in classes {
        class.setattr("code", exit.code())?;
        module.add(name, class)?;
    }
    Ok(())
}

/// The exception for a failure the CLI ends with `exit`, with the CLI's message.
pub fn error(exit: Exit, message: impl Into<String>) -> PyErr {
    let message = message.into();
    let error = match exit {
        Exit::Usage => UsageError::new_err(message),
        Exit::Input => InputError::new_err(message),
        Exit::Profile => ProfileError::new_err(message),
        Exit::Setup => SetupError::new_err(message),
        _ => PhotorulesError::new_err(message),
    };
    // The instance's own code: the base class stands for several codes (1, 6, 7, 70).
    Python::attach(|py| {
        let _ = error.value(py).setattr("code", exit.code());
    });
    error
}
