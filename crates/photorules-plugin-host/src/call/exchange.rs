//! The exchange with an instance: allocate the input buffer, write the input into it, call
//! `photorules_check`, read the output back — each step checked against the interface.

use wasmtime::Store;

use crate::abi::{self, EXPORT_ALLOC, EXPORT_CHECK, EXPORT_MEMORY};
use crate::call::store::{CallState, failure, new_store};
use crate::call::{CallContext, ImageView};
use crate::failure::{FailureKind, PluginFailure};
use crate::plugin::Plugin;

/// The output bytes of one call and the fuel it burned.
pub(crate) struct RawOutput {
    pub bytes: Vec<u8>,
    pub fuel_used: u64,
}

/// Instantiate `plugin` in a fresh store, hand it the header, the pixels and the JSON
/// document, and copy its output out.
pub(crate) fn exchange(
    context: &CallContext<'_>,
    plugin: &Plugin,
    image: ImageView<'_>,
    json: &[u8],
) -> Result<RawOutput, PluginFailure> {
    let name = plugin.name();
    let fail = |kind, message: String| PluginFailure::new(name, kind, message);
    let total_len = abi::INPUT_HEADER_LEN as usize + image.rgb.len() + json.len();
    let Ok(input_len) = u32::try_from(total_len) else {
        return Err(fail(
            FailureKind::InvalidInput,
            format!("input of {total_len} bytes is beyond 4 GiB"),
        ));
    };
    // The whole input fits in u32, so the JSON length does too.
    let header = abi::encode_header(image.width, image.height, json.len() as u32);

    let limits = plugin.limits;
    let memory_bytes = limits.memory_bytes_for_input(total_len, context.host_limits);
    let mut store = new_store(
        context.engine,
        &limits,
        memory_bytes,
        context.deadline_ticks,
    );
    let trap = |e, store: &Store<CallState>| failure(name, e, store, &limits, context.host_limits);

    let instance = match plugin.pre.instantiate(&mut store) {
        Ok(instance) => instance,
        Err(e) => return Err(trap(e, &store)),
    };
    let (memory, alloc, check) = match (
        instance.get_memory(&mut store, EXPORT_MEMORY),
        instance.get_typed_func::<u32, u32>(&mut store, EXPORT_ALLOC),
        instance.get_typed_func::<(u32, u32), u64>(&mut store, EXPORT_CHECK),
    ) {
        (Some(memory), Ok(alloc), Ok(check)) => (memory, alloc, check),
        // Checked when the plugin was loaded; kept as a failure rather than a panic.
        _ => {
            return Err(fail(
                FailureKind::AbiViolation,
                "lost its interface exports".to_string(),
            ));
        }
    };

    let input_ptr = match alloc.call(&mut store, input_len) {
        Ok(ptr) => ptr,
        Err(e) => return Err(trap(e, &store)),
    };
    let in_bounds = |ptr: u32, len: u32, store: &Store<CallState>| {
        u64::from(ptr) + u64::from(len) <= memory.data_size(store) as u64
    };
    if input_ptr == 0 || !in_bounds(input_ptr, input_len, &store) {
        return Err(fail(
            FailureKind::AbiViolation,
            format!(
                "`{EXPORT_ALLOC}` returned {input_ptr:#x} for {input_len} bytes, which is not a buffer inside its memory"
            ),
        ));
    }
    // Header, pixels and JSON go straight into the plugin's memory: no intermediate copy of
    // the image.
    let mut at = input_ptr as usize;
    for part in [&header[..], image.rgb, json] {
        if let Err(e) = memory.write(&mut store, at, part) {
            return Err(fail(
                FailureKind::AbiViolation,
                format!("its input buffer could not be written: {e}"),
            ));
        }
        at += part.len();
    }

    let packed = match check.call(&mut store, (input_ptr, input_len)) {
        Ok(packed) => packed,
        Err(e) => return Err(trap(e, &store)),
    };
    let (output_ptr, output_len) = abi::unpack_output(packed);
    // The claimed length is checked before anything is read or copied.
    if output_len > limits.output_bytes {
        return Err(fail(
            FailureKind::OutputTooLarge,
            format!(
                "claimed an output of {output_len} bytes; its limit is {} bytes",
                limits.output_bytes
            ),
        ));
    }
    let start = output_ptr as usize;
    let Some(bytes) = memory
        .data(&store)
        .get(start..start.saturating_add(output_len as usize))
        .map(<[u8]>::to_vec)
    else {
        return Err(fail(
            FailureKind::AbiViolation,
            format!(
                "returned an output at {output_ptr:#x} of {output_len} bytes, outside its memory"
            ),
        ));
    };
    let fuel_used = limits
        .fuel
        .saturating_sub(store.get_fuel().unwrap_or(limits.fuel));
    drop(store);
    Ok(RawOutput { bytes, fuel_used })
}
