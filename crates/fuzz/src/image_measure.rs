//! The image entry: any bytes are decoded within the default limits and, when they decode,
//! measured; every outcome is a measurement or an error, and a measurement serialises.

use std::sync::OnceLock;

use photorules_measure::{MeasureOptions, Measurer};

fn measurer() -> &'static Measurer {
    static MEASURER: OnceLock<Measurer> = OnceLock::new();
    MEASURER.get_or_init(|| {
        Measurer::new(MeasureOptions {
            print_size_mm: None,
            limits: Default::default(),
        })
        .unwrap_or_else(|e| panic!("the face models do not load: {e}"))
    })
}

pub fn run(data: &[u8]) {
    let Ok(measurement) = measurer().measure_bytes(data) else {
        return;
    };
    if let Err(e) = serde_json::to_string(&measurement.metrics) {
        panic!("the metrics of a measured photo do not serialise: {e}");
    }
}
