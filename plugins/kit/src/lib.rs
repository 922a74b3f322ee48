//! The photorules plugin kit: write a plugin as one function.
//!
//! ```ignore
//! use photorules_plugin_kit::{Input, Output, Unit, export_plugin};
//!
//! fn check(input: &Input) -> Output {
//!     let mut output = Output::new();
//!     match input.number("eyes.distance_px") {
//!         Ok(d) => output.number("example.eye_gap_ratio", d / f64::from(input.width()), Unit::Ratio),
//!         Err(reason) => output.absent("example.eye_gap_ratio", reason),
//!     }
//!     output
//! }
//!
//! export_plugin!(check);
//! ```
//!
//! [`export_plugin!`] generates the module's interface exports (version marker, input buffer
//! allocation, the call) when building for `wasm32`; natively the function is an ordinary
//! function that tests can call with [`Input::new`]. The interface itself is described in
//! `docs/plugins.md`.

mod input;
mod output;

pub use input::{Input, InputError, Measurement, Placement, Value};
pub use output::{Output, Unit};
pub use serde_json;

/// The interface version this kit builds plugins for, `MAJOR << 16 | MINOR` (1.1: views). A
/// plugin's manifest says `interface = "1.1"`.
pub const ABI_VERSION: u32 = (1 << 16) | 1;

/// Generate the interface exports for a plugin function `fn(&Input) -> Output`.
#[macro_export]
macro_rules! export_plugin {
    ($check:path) => {
        #[cfg(target_arch = "wasm32")]
        #[unsafe(no_mangle)]
        pub extern "C" fn photorules_abi_version() -> u32 {
            $crate::ABI_VERSION
        }

        #[cfg(target_arch = "wasm32")]
        #[unsafe(no_mangle)]
        pub extern "C" fn photorules_alloc(len: u32) -> u32 {
            $crate::__glue::alloc(len as usize) as usize as u32
        }

        #[cfg(target_arch = "wasm32")]
        #[unsafe(no_mangle)]
        pub extern "C" fn photorules_check(ptr: u32, len: u32) -> u64 {
            let (out_ptr, out_len) =
                $crate::__glue::check(ptr as usize as *mut u8, len as usize, $check);
            ((out_ptr as usize as u64) << 32) | (out_len as u64)
        }
    };
}

/// The glue behind [`export_plugin!`]; not part of the kit's API.
#[doc(hidden)]
pub mod __glue {
    use crate::{Input, Output};

    /// A buffer of `len` bytes for the host to write the input into. It is handed back to
    /// [`check`], which takes ownership of it.
    pub fn alloc(len: usize) -> *mut u8 {
        let buffer: Box<[std::mem::MaybeUninit<u8>]> = Box::new_uninit_slice(len);
        Box::into_raw(buffer).cast::<u8>()
    }

    /// Decode the input at `ptr`, run the plugin, leave the output JSON in memory and return
    /// where it is. The instance is discarded after the call, so nothing is freed.
    pub fn check(ptr: *mut u8, len: usize, plugin: fn(&Input<'_>) -> Output) -> (*const u8, usize) {
        // SAFETY: `ptr` was returned by `alloc(len)` for exactly `len` bytes, and the host
        // wrote all `len` bytes before calling; nothing else refers to the buffer.
        let bytes: Box<[u8]> =
            unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) };
        let output = match Input::decode(&bytes) {
            Ok(input) => plugin(&input),
            Err(error) => Output::error(error.to_string()),
        };
        let json = output.to_json().into_boxed_slice();
        let out_len = json.len();
        (Box::into_raw(json).cast::<u8>().cast_const(), out_len)
    }
}
