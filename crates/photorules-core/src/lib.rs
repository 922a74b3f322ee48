//! Shared types of photorules.
//!
//! - [`unit`]: metric units and the units profile literals are written in;
//! - [`catalogue`]: the metric catalogue profiles are checked against (extendable by plugins);
//! - [`metrics`]: measured values of one photo;
//! - [`ir`]: the compiled profile that the engine evaluates.

pub mod cache;
pub mod catalogue;
pub mod file;
pub mod ir;
pub mod metrics;
pub mod suggest;
pub mod text;
pub mod unit;

pub use catalogue::{Catalogue, CatalogueError, MetricKind, MetricSpec, Provider};
pub use metrics::{Measurement, MetricValue, Metrics};
pub use unit::{Axis, Unit, WrittenUnit};
