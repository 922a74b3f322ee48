//! The native half of the `photorules` Python package (`photorules._photorules`): one
//! [`photorules::Photorules`] behind a Python class, with the GIL released while a photo is
//! measured, checked or prepared. The pure-Python half (`python/photorules`) finds the shipped
//! rules and plugins, and documents the API for Python users.
//!
//! Results cross into Python as the same JSON the CLI prints, parsed by Python's `json`, so a
//! report from Python is the CLI's report to the byte.

mod errors;
mod native;
mod photo;

use pyo3::prelude::*;

#[pymodule]
fn _photorules(module: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(module)?;
    module.add_class::<native::NativePhotorules>()?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
