//! The part of the ONNX file format the bundled networks use, read with `prost`.
//!
//! Field numbers are those of `onnx.proto` (github.com/onnx/onnx, `onnx/onnx.proto`); fields
//! not declared here are skipped by the decoder. Only what [`super::plan`] needs is kept.

use prost::Message;

/// `ModelProto`: the file.
#[derive(Clone, PartialEq, Message)]
pub(crate) struct ModelProto {
    #[prost(message, optional, tag = "7")]
    pub graph: Option<GraphProto>,
    #[prost(message, repeated, tag = "8")]
    pub opset_import: Vec<OperatorSetIdProto>,
}

/// `OperatorSetIdProto`: which operator set the nodes follow.
#[derive(Clone, PartialEq, Message)]
pub(crate) struct OperatorSetIdProto {
    #[prost(string, tag = "1")]
    pub domain: String,
    #[prost(int64, tag = "2")]
    pub version: i64,
}

/// `GraphProto`: nodes in topological order, learned weights, inputs and outputs.
#[derive(Clone, PartialEq, Message)]
pub(crate) struct GraphProto {
    #[prost(message, repeated, tag = "1")]
    pub node: Vec<NodeProto>,
    #[prost(message, repeated, tag = "5")]
    pub initializer: Vec<TensorProto>,
    #[prost(message, repeated, tag = "11")]
    pub input: Vec<ValueInfoProto>,
    #[prost(message, repeated, tag = "12")]
    pub output: Vec<ValueInfoProto>,
}

/// `NodeProto`: one operation.
#[derive(Clone, PartialEq, Message)]
pub(crate) struct NodeProto {
    #[prost(string, repeated, tag = "1")]
    pub input: Vec<String>,
    #[prost(string, repeated, tag = "2")]
    pub output: Vec<String>,
    #[prost(string, tag = "3")]
    pub name: String,
    #[prost(string, tag = "4")]
    pub op_type: String,
    #[prost(message, repeated, tag = "5")]
    pub attribute: Vec<AttributeProto>,
    #[prost(string, tag = "7")]
    pub domain: String,
}

/// `AttributeProto`: the scalar and list forms the bundled operators use.
#[derive(Clone, PartialEq, Message)]
pub(crate) struct AttributeProto {
    #[prost(string, tag = "1")]
    pub name: String,
    #[prost(int64, tag = "3")]
    pub i: i64,
    #[prost(bytes = "vec", tag = "4")]
    pub s: Vec<u8>,
    #[prost(int64, repeated, tag = "8")]
    pub ints: Vec<i64>,
}

/// `TensorProto`: an initializer (a learned weight or a constant).
#[derive(Clone, PartialEq, Message)]
pub(crate) struct TensorProto {
    #[prost(int64, repeated, tag = "1")]
    pub dims: Vec<i64>,
    #[prost(int32, tag = "2")]
    pub data_type: i32,
    #[prost(float, repeated, tag = "4")]
    pub float_data: Vec<f32>,
    #[prost(int64, repeated, tag = "7")]
    pub int64_data: Vec<i64>,
    #[prost(string, tag = "8")]
    pub name: String,
    #[prost(bytes = "vec", tag = "9")]
    pub raw_data: Vec<u8>,
    /// Set when the values live in another file, which a bundled network never does.
    #[prost(message, repeated, tag = "13")]
    pub external_data: Vec<StringStringEntryProto>,
}

/// `StringStringEntryProto`: only its presence matters here.
#[derive(Clone, PartialEq, Message)]
pub(crate) struct StringStringEntryProto {
    #[prost(string, tag = "1")]
    pub key: String,
}

/// `ValueInfoProto`: a graph input's or output's name (shapes are worked out by the plan).
#[derive(Clone, PartialEq, Message)]
pub(crate) struct ValueInfoProto {
    #[prost(string, tag = "1")]
    pub name: String,
}

/// `TensorProto.DataType` values used here.
pub(crate) const FLOAT: i32 = 1;
pub(crate) const INT64: i32 = 7;

impl TensorProto {
    /// The values of a `FLOAT` tensor, from `raw_data` (little-endian) or `float_data`.
    pub fn floats(&self) -> Result<Vec<f32>, String> {
        self.values(FLOAT, "float", &self.float_data, f32::from_le_bytes)
    }

    /// The values of an `INT64` tensor, from `raw_data` (little-endian) or `int64_data`.
    pub fn int64s(&self) -> Result<Vec<i64>, String> {
        self.values(INT64, "int64", &self.int64_data, i64::from_le_bytes)
    }

    /// The tensor's values of element type `data_type`: `raw_data` read `N` bytes at a time
    /// with `from_le`, or the typed list when there are no raw bytes.
    fn values<T: Copy, const N: usize>(
        &self,
        data_type: i32,
        name: &str,
        listed: &[T],
        from_le: fn([u8; N]) -> T,
    ) -> Result<Vec<T>, String> {
        self.check_local(data_type, name)?;
        if self.raw_data.is_empty() {
            return Ok(listed.to_vec());
        }
        let values = self.raw_data.chunks_exact(N);
        if !values.remainder().is_empty() {
            return Err(format!(
                "{}: raw data is not whole {N}-byte {name} values",
                self.name
            ));
        }
        Ok(values
            .map(|bytes| {
                let mut word = [0u8; N];
                word.copy_from_slice(bytes);
                from_le(word)
            })
            .collect())
    }

    fn check_local(&self, data_type: i32, name: &str) -> Result<(), String> {
        if self.data_type != data_type {
            return Err(format!(
                "{}: element type {} where {name} was expected",
                self.name, self.data_type
            ));
        }
        if !self.external_data.is_empty() {
            return Err(format!("{}: values kept in an external file", self.name));
        }
        Ok(())
    }

    /// The tensor's shape; an error for a negative dimension.
    pub fn shape(&self) -> Result<Vec<usize>, String> {
        self.dims
            .iter()
            .map(|&d| {
                usize::try_from(d).map_err(|_| format!("{}: negative dimension {d}", self.name))
            })
            .collect()
    }
}

/// Decodes an ONNX file.
pub(crate) fn decode(bytes: &[u8]) -> Result<ModelProto, String> {
    ModelProto::decode(bytes).map_err(|error| format!("not an ONNX model: {error}"))
}

impl NodeProto {
    /// The attribute called `name`, if the node has it.
    pub fn attribute(&self, name: &str) -> Option<&AttributeProto> {
        self.attribute.iter().find(|a| a.name == name)
    }

    /// The node in words for error messages: its name, else its first output.
    pub fn label(&self) -> String {
        let name = if self.name.is_empty() {
            self.output.first().map_or("?", String::as_str)
        } else {
            &self.name
        };
        format!("{} node {name}", self.op_type)
    }
}
