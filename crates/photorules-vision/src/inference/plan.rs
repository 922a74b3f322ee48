//! An ONNX graph turned, for one input size, into a list of steps over numbered buffers, with
//! every shape worked out and every attribute checked when the network is loaded, so running
//! it cannot meet an unsupported case.

use std::collections::HashMap;

use super::conv::Conv;
use super::elementwise;
use super::onnx::{self, GraphProto, NodeProto, TensorProto};

/// A network ready to run on inputs of one shape.
#[derive(Debug)]
pub(crate) struct Plan {
    steps: Vec<Step>,
    /// Number of buffers; buffer 0 is the input.
    buffers: usize,
    /// The input's shape, channel-first as ONNX states it.
    input_shape: Vec<usize>,
    /// The buffers holding the graph's outputs, in the graph's order, with their shapes.
    outputs: Vec<(usize, Vec<usize>)>,
}

#[derive(Debug)]
struct Step {
    op: Op,
    inputs: Vec<usize>,
    output: usize,
    /// Buffers no later step reads (and that are not outputs), dropped after this step; the
    /// step may take its first input over instead of copying it when it is among them.
    last_use: Vec<usize>,
}

#[derive(Debug)]
enum Op {
    Conv(Conv),
    Relu,
    Add,
    /// The four-operation parametric ReLU ([`elementwise::scaled_relu_residual`]).
    /// `a` and `c` repeated over [`elementwise::FACTOR_PIXELS`] pixels.
    ScaledReluResidual {
        a: Vec<f32>,
        c: Vec<f32>,
    },
    MaxPool {
        input: [usize; 2],
        output: [usize; 3],
        kernel: [usize; 2],
        stride: [usize; 2],
    },
    Transpose {
        shape: Vec<usize>,
        perm: Vec<usize>,
    },
    /// The same values under another shape.
    Reshape {
        from: Vec<usize>,
        to: Vec<usize>,
    },
}

impl Plan {
    /// Reads `onnx` and plans it for one input of `input_shape`.
    pub fn new(onnx_bytes: &[u8], input_shape: &[usize]) -> Result<Self, String> {
        let model = onnx::decode(onnx_bytes)?;
        if let Some(set) = model
            .opset_import
            .iter()
            .find(|set| !set.domain.is_empty() && set.domain != "ai.onnx")
        {
            return Err(format!("operator set {} is not supported", set.domain));
        }
        let graph = model
            .graph
            .ok_or_else(|| "the model has no graph".to_string())?;
        Builder::new(&graph, input_shape)?.finish(&graph)
    }

    /// Runs the network on `input` (laid out as the input shape says) and returns every
    /// output, flattened, in the graph's order.
    pub fn run(&self, input: Vec<f32>) -> Result<Vec<Vec<f32>>, String> {
        let expected: usize = self.input_shape.iter().product();
        if input.len() != expected {
            return Err(format!(
                "the input has {} values where the network takes {expected}",
                input.len()
            ));
        }
        let mut buffers: Vec<Option<Vec<f32>>> = vec![None; self.buffers];
        buffers[0] = Some(stored(input, &self.input_shape));
        for step in &self.steps {
            #[cfg(test)]
            let started = std::time::Instant::now();
            let result = step.run(&mut buffers)?;
            #[cfg(test)]
            profile::record(step, started.elapsed());
            for &done in &step.last_use {
                buffers[done] = None;
            }
            buffers[step.output] = Some(result);
        }
        self.outputs
            .iter()
            .map(|(slot, shape)| {
                buffers[*slot]
                    .clone()
                    .map(|values| logical(values, shape))
                    .ok_or_else(|| "an output was not computed".to_string())
            })
            .collect()
    }
}

/// Four-dimensional values (one image) are kept channels-last between steps; everything else
/// in ONNX's own row-major order. These turn the one into the other.
fn stored(values: Vec<f32>, shape: &[usize]) -> Vec<f32> {
    match shape {
        &[1, c, h, w] if c > 1 && h * w > 1 => elementwise::channels_last(&values, [c, h, w]),
        _ => values,
    }
}

fn logical(values: Vec<f32>, shape: &[usize]) -> Vec<f32> {
    match shape {
        &[1, c, h, w] if c > 1 && h * w > 1 => elementwise::channels_first(&values, [c, h, w]),
        _ => values,
    }
}

impl Step {
    /// Input `index`'s values to write into: taken over when no later step reads them and
    /// this step reads them nowhere else, else copied. `None` when the step has no such input
    /// or it was not computed.
    fn owned_input(&self, buffers: &mut [Option<Vec<f32>>], index: usize) -> Option<Vec<f32>> {
        let slot = *self.inputs.get(index)?;
        let elsewhere = self
            .inputs
            .iter()
            .enumerate()
            .any(|(i, &other)| i != index && other == slot);
        if self.last_use.contains(&slot) && !elsewhere {
            buffers[slot].take()
        } else {
            buffers[slot].clone()
        }
    }

    fn run(&self, buffers: &mut [Option<Vec<f32>>]) -> Result<Vec<f32>, String> {
        let first = |buffers: &mut [Option<Vec<f32>>]| {
            self.owned_input(buffers, 0)
                .ok_or_else(|| "a step read a value before it was computed".to_string())
        };
        match &self.op {
            Op::Conv(conv) => {
                // A second input is the other term of a sum folded into the convolution.
                let residual = self.owned_input(buffers, 1);
                if self.inputs.len() > 1 && residual.is_none() {
                    return Err("a sum ran before its input".to_string());
                }
                let input = buffers[self.inputs[0]]
                    .as_deref()
                    .ok_or_else(|| "a convolution ran before its input".to_string())?;
                conv.run(input, residual)
            }
            Op::Relu => {
                let mut values = first(buffers)?;
                elementwise::relu(&mut values);
                Ok(values)
            }
            Op::Add => {
                let mut values = first(buffers)?;
                let other = buffers[self.inputs[1]]
                    .as_deref()
                    .ok_or_else(|| "a sum ran before its input".to_string())?;
                elementwise::add(&mut values, other);
                Ok(values)
            }
            Op::ScaledReluResidual { a, c } => {
                let mut values = first(buffers)?;
                elementwise::scaled_relu_residual(&mut values, a, c);
                Ok(values)
            }
            Op::MaxPool {
                input,
                output,
                kernel,
                stride,
            } => {
                let values = buffers[self.inputs[0]]
                    .as_deref()
                    .ok_or_else(|| "a pooling ran before its input".to_string())?;
                Ok(elementwise::max_pool(
                    values, *input, *output, *kernel, *stride,
                ))
            }
            Op::Transpose { shape, perm } => {
                let values = logical(first(buffers)?, shape);
                let out_shape: Vec<usize> = perm.iter().map(|&p| shape[p]).collect();
                Ok(stored(
                    elementwise::transpose(&values, shape, perm),
                    &out_shape,
                ))
            }
            Op::Reshape { from, to } => Ok(stored(logical(first(buffers)?, from), to)),
        }
    }
}

/// Walks the graph's nodes in order, giving each value a buffer and a shape.
struct Builder<'g> {
    weights: HashMap<&'g str, &'g TensorProto>,
    values: HashMap<&'g str, (usize, Vec<usize>)>,
    steps: Vec<Step>,
    input_shape: Vec<usize>,
}

impl<'g> Builder<'g> {
    fn new(graph: &'g GraphProto, input_shape: &[usize]) -> Result<Self, String> {
        let weights: HashMap<&str, &TensorProto> = graph
            .initializer
            .iter()
            .map(|t| (t.name.as_str(), t))
            .collect();
        // Older files list the weights among the inputs too.
        let mut inputs = graph
            .input
            .iter()
            .filter(|i| !weights.contains_key(i.name.as_str()));
        let input = inputs
            .next()
            .ok_or_else(|| "the graph has no input".to_string())?;
        if inputs.next().is_some() {
            return Err("the graph has more than one input".to_string());
        }
        let mut builder = Self {
            weights,
            values: HashMap::new(),
            steps: Vec::new(),
            input_shape: input_shape.to_vec(),
        };
        builder
            .values
            .insert(input.name.as_str(), (0, input_shape.to_vec()));
        for node in &graph.node {
            builder
                .add(node)
                .map_err(|detail| format!("{}: {detail}", node.label()))?;
        }
        Ok(builder)
    }

    fn finish(mut self, graph: &GraphProto) -> Result<Plan, String> {
        let outputs = graph
            .output
            .iter()
            .map(|o| {
                self.values
                    .get(o.name.as_str())
                    .cloned()
                    .ok_or_else(|| format!("no node computes the output {}", o.name))
            })
            .collect::<Result<Vec<_>, _>>()?;
        fuse_parametric_relus(&mut self.steps);
        fold_sums_into_convolutions(&mut self.steps);
        let output_slots: Vec<usize> = outputs.iter().map(|(slot, _)| *slot).collect();
        mark_last_uses(&mut self.steps, &output_slots);
        Ok(Plan {
            buffers: self.values.len(),
            steps: self.steps,
            input_shape: self.input_shape,
            outputs,
        })
    }

    fn value(&self, name: &str) -> Result<&(usize, Vec<usize>), String> {
        self.values
            .get(name)
            .ok_or_else(|| format!("its input {name} is computed by no earlier node"))
    }

    fn weight(&self, name: &str) -> Result<&'g TensorProto, String> {
        self.weights
            .get(name)
            .copied()
            .ok_or_else(|| format!("{name} should be a stored weight"))
    }

    fn add(&mut self, node: &'g NodeProto) -> Result<(), String> {
        if !node.domain.is_empty() && node.domain != "ai.onnx" {
            return Err(format!("operator domain {} is not supported", node.domain));
        }
        let [output] = node.output.as_slice() else {
            return Err("it must have exactly one output".to_string());
        };
        let first = node
            .input
            .first()
            .ok_or_else(|| "it has no input".to_string())?;
        let (slot, shape) = self.value(first)?.clone();
        let (op, inputs, out_shape) = match node.op_type.as_str() {
            "Conv" => {
                let (conv, out_shape) = self.conv(node, &shape)?;
                (Op::Conv(conv), vec![slot], out_shape)
            }
            "Relu" => (Op::Relu, vec![slot], shape),
            "Add" => {
                let [_, other] = node.input.as_slice() else {
                    return Err("a sum takes two inputs".to_string());
                };
                let (other_slot, other_shape) = self.value(other)?;
                if *other_shape != shape {
                    return Err(format!(
                        "adding shapes {shape:?} and {other_shape:?} (broadcasting is not supported)"
                    ));
                }
                (Op::Add, vec![slot, *other_slot], shape)
            }
            "MaxPool" => {
                let (op, out_shape) = max_pool(node, &shape)?;
                (op, vec![slot], out_shape)
            }
            "Transpose" => {
                let perm = match node.attribute("perm") {
                    Some(a) => to_usizes(&a.ints)?,
                    None => (0..shape.len()).rev().collect(),
                };
                let mut sorted = perm.clone();
                sorted.sort_unstable();
                if sorted != (0..shape.len()).collect::<Vec<_>>() {
                    return Err(format!("{perm:?} is not a permutation of {shape:?}'s axes"));
                }
                let out_shape = perm.iter().map(|&p| shape[p]).collect();
                (Op::Transpose { shape, perm }, vec![slot], out_shape)
            }
            "Reshape" => {
                let target = node
                    .input
                    .get(1)
                    .ok_or_else(|| "a reshape needs its shape".to_string())?;
                let out_shape = reshaped(&shape, &self.weight(target)?.int64s()?)?;
                let op = Op::Reshape {
                    from: shape,
                    to: out_shape.clone(),
                };
                (op, vec![slot], out_shape)
            }
            other => return Err(format!("operator {other} is not supported")),
        };
        let output_slot = self.values.len();
        self.values
            .insert(output.as_str(), (output_slot, out_shape));
        self.steps.push(Step {
            op,
            inputs,
            output: output_slot,
            last_use: Vec::new(),
        });
        Ok(())
    }

    fn conv(&self, node: &NodeProto, shape: &[usize]) -> Result<(Conv, Vec<usize>), String> {
        let [channels, height, width] = one_image(shape)?;
        let kernel = self.weight(node.input.get(1).map_or("", String::as_str))?;
        let &[out_channels, per_group, kernel_h, kernel_w] = kernel.shape()?.as_slice() else {
            return Err("the kernel is not four-dimensional".to_string());
        };
        let groups = int_attribute(node, "group", 1)?;
        let depthwise = groups != 1;
        if depthwise && (groups != channels || per_group != 1 || out_channels != channels) {
            return Err(format!(
                "a grouped convolution with {groups} groups of {channels} channels; only \
                 ordinary and depthwise ones are supported"
            ));
        }
        if !depthwise && per_group != channels {
            return Err(format!(
                "the kernel takes {per_group} channels, the input has {channels}"
            ));
        }
        check_attributes(node, [kernel_h, kernel_w], &["group"])?;
        let stride = pair(node, "strides")?;
        let pads = pads(node)?;
        let out_h = Conv::output_len(height, pads[0] + pads[2], kernel_h, stride[0]);
        let out_w = Conv::output_len(width, pads[1] + pads[3], kernel_w, stride[1]);
        let (Some(out_h), Some(out_w)) = (out_h, out_w) else {
            return Err("the kernel is larger than the padded input".to_string());
        };
        let weights = kernel.floats()?;
        let bias = match node.input.get(2) {
            Some(name) => {
                let bias = self.weight(name)?.floats()?;
                if bias.len() != out_channels {
                    return Err("the bias does not have one value per channel".to_string());
                }
                Some(bias)
            }
            None => None,
        };
        if weights.len() != out_channels * per_group * kernel_h * kernel_w {
            return Err("the kernel's values do not fill its shape".to_string());
        }
        let conv = Conv::new(
            &weights,
            bias,
            [channels, height, width],
            [out_channels, out_h, out_w],
            [kernel_h, kernel_w],
            stride,
            [pads[0], pads[1]],
            depthwise,
        );
        Ok((conv, vec![1, out_channels, out_h, out_w]))
    }
}

/// `[channels, height, width]` of a shape that holds one channel-first image.
fn one_image(shape: &[usize]) -> Result<[usize; 3], String> {
    match *shape {
        [1, channels, height, width] => Ok([channels, height, width]),
        _ => Err(format!(
            "input shape {shape:?} is not one channel-first image"
        )),
    }
}

fn max_pool(node: &NodeProto, shape: &[usize]) -> Result<(Op, Vec<usize>), String> {
    let [channels, height, width] = one_image(shape)?;
    let kernel = node
        .attribute("kernel_shape")
        .ok_or_else(|| "pooling needs kernel_shape".to_string())
        .and_then(|a| to_usizes(&a.ints))?;
    let &[kernel_h, kernel_w] = kernel.as_slice() else {
        return Err("the pooling window is not two-dimensional".to_string());
    };
    check_attributes(node, [kernel_h, kernel_w], &["ceil_mode", "storage_order"])?;
    if int_attribute(node, "ceil_mode", 0)? != 0 || int_attribute(node, "storage_order", 0)? != 0 {
        return Err("ceil_mode and storage_order are not supported".to_string());
    }
    if pads(node)? != [0; 4] {
        return Err("padded pooling is not supported".to_string());
    }
    let stride = pair(node, "strides")?;
    let out_h = Conv::output_len(height, 0, kernel_h, stride[0]);
    let out_w = Conv::output_len(width, 0, kernel_w, stride[1]);
    let (Some(out_h), Some(out_w)) = (out_h, out_w) else {
        return Err("the window is larger than the input".to_string());
    };
    let op = Op::MaxPool {
        input: [height, width],
        output: [channels, out_h, out_w],
        kernel: [kernel_h, kernel_w],
        stride,
    };
    Ok((op, vec![1, channels, out_h, out_w]))
}

/// Refuses attributes that would change the result in ways not implemented: dilation, a
/// padding mode other than explicit or none, a kernel shape unlike the weights', and any
/// attribute the operator does not have.
fn check_attributes(node: &NodeProto, kernel: [usize; 2], extra: &[&str]) -> Result<(), String> {
    for attribute in &node.attribute {
        match attribute.name.as_str() {
            "kernel_shape" => {
                if to_usizes(&attribute.ints)? != kernel {
                    return Err("kernel_shape differs from the weights' shape".to_string());
                }
            }
            "dilations" => {
                if attribute.ints.iter().any(|&d| d != 1) {
                    return Err("dilated kernels are not supported".to_string());
                }
            }
            "auto_pad" => {
                if !matches!(attribute.s.as_slice(), b"NOTSET" | b"VALID") {
                    return Err(format!(
                        "auto_pad {} is not supported",
                        String::from_utf8_lossy(&attribute.s)
                    ));
                }
            }
            "strides" | "pads" => {}
            name if extra.contains(&name) => {}
            name => return Err(format!("attribute {name} is not supported")),
        }
    }
    Ok(())
}

/// `[top, left, bottom, right]`; zero when absent or when `auto_pad` is `VALID`.
fn pads(node: &NodeProto) -> Result<[usize; 4], String> {
    let valid = node
        .attribute("auto_pad")
        .is_some_and(|a| a.s.as_slice() == b"VALID");
    match node.attribute("pads") {
        Some(a) if !valid => {
            let values = to_usizes(&a.ints)?;
            <[usize; 4]>::try_from(values.as_slice())
                .map_err(|_| "pads must have four values".to_string())
        }
        _ => Ok([0; 4]),
    }
}

/// A two-value attribute (`strides`), one by one when absent.
fn pair(node: &NodeProto, name: &str) -> Result<[usize; 2], String> {
    match node.attribute(name) {
        Some(a) => {
            let values = to_usizes(&a.ints)?;
            match values.as_slice() {
                &[y, x] if y > 0 && x > 0 => Ok([y, x]),
                _ => Err(format!("{name} must be two positive values")),
            }
        }
        None => Ok([1, 1]),
    }
}

fn int_attribute(node: &NodeProto, name: &str, default: usize) -> Result<usize, String> {
    node.attribute(name).map_or(Ok(default), |a| {
        usize::try_from(a.i).map_err(|_| format!("{name} is negative"))
    })
}

fn to_usizes(values: &[i64]) -> Result<Vec<usize>, String> {
    values
        .iter()
        .map(|&v| usize::try_from(v).map_err(|_| format!("negative value {v}")))
        .collect()
}

/// The shape a `Reshape` to `target` gives (`0` keeps the input's dimension, one `−1` takes
/// what is left).
fn reshaped(shape: &[usize], target: &[i64]) -> Result<Vec<usize>, String> {
    let total: usize = shape.iter().product();
    let mut out = Vec::with_capacity(target.len());
    let mut inferred = None;
    for (axis, &t) in target.iter().enumerate() {
        match t {
            -1 if inferred.is_none() => {
                inferred = Some(axis);
                out.push(1);
            }
            0 => out.push(
                *shape
                    .get(axis)
                    .ok_or_else(|| "a 0 in the shape has no input axis".to_string())?,
            ),
            t => out.push(usize::try_from(t).map_err(|_| format!("bad dimension {t}"))?),
        }
    }
    let known: usize = out.iter().product();
    if let Some(axis) = inferred {
        if known == 0 || !total.is_multiple_of(known) {
            return Err(format!("{shape:?} cannot be reshaped to {target:?}"));
        }
        out[axis] = total / known;
    }
    if out.iter().product::<usize>() != total {
        return Err(format!("{shape:?} cannot be reshaped to {target:?}"));
    }
    Ok(out)
}

/// The step that writes each buffer.
fn producers(steps: &[Step]) -> HashMap<usize, usize> {
    steps
        .iter()
        .enumerate()
        .map(|(at, step)| (step.output, at))
        .collect()
}

/// How many steps read each buffer.
fn readers(steps: &[Step]) -> HashMap<usize, usize> {
    let mut readers = HashMap::new();
    for step in steps {
        for &input in &step.inputs {
            *readers.entry(input).or_insert(0) += 1;
        }
    }
    readers
}

/// Replaces each `Conv(x; a) → Relu → Conv(·; c) → Add(x, ·)` chain of bias-free one-by-one
/// depthwise convolutions, whose intermediate values nothing else reads, with one
/// [`Op::ScaledReluResidual`]: the same arithmetic in one pass instead of four.
fn fuse_parametric_relus(steps: &mut Vec<Step>) {
    let readers = readers(steps);
    let producer = producers(steps);
    let private = |slot: usize| readers.get(&slot) == Some(&1);
    let mut fused: Vec<(usize, Op, usize, [usize; 3])> = Vec::new();
    for (at, step) in steps.iter().enumerate() {
        let (Op::Add, [p, q]) = (&step.op, step.inputs.as_slice()) else {
            continue;
        };
        // Either input may be the chain's end; the other must be the chain's start.
        for (x, end) in [(*p, *q), (*q, *p)] {
            let Some(second) = producer.get(&end).map(|&i| &steps[i]) else {
                continue;
            };
            let Some(c) = channel_scale(second).filter(|_| private(end)) else {
                continue;
            };
            let Some(relu) = producer.get(&second.inputs[0]).map(|&i| &steps[i]) else {
                continue;
            };
            if !matches!(relu.op, Op::Relu) || !private(second.inputs[0]) {
                continue;
            }
            let Some(&first_at) = producer.get(&relu.inputs[0]) else {
                continue;
            };
            let Some(a) = channel_scale(&steps[first_at]).filter(|_| private(relu.inputs[0]))
            else {
                continue;
            };
            if steps[first_at].inputs[0] != x {
                continue;
            }
            let op = Op::ScaledReluResidual {
                a: elementwise::tile_factors(&a.weights),
                c: elementwise::tile_factors(&c.weights),
            };
            let removed = [first_at, producer[&second.inputs[0]], producer[&end]];
            fused.push((at, op, x, removed));
            break;
        }
    }
    let mut remove = vec![false; steps.len()];
    let mut replacements: HashMap<usize, (Op, usize)> = HashMap::new();
    for (at, op, x, removed) in fused {
        for r in removed {
            remove[r] = true;
        }
        replacements.insert(at, (op, x));
    }
    rebuild(steps, &remove, |at, step| {
        if let Some((op, x)) = replacements.remove(&at) {
            step.op = op;
            step.inputs = vec![x];
        }
    });
}

/// Folds each `Add(conv, r)` whose convolution output nothing else reads into the
/// convolution, which then starts from `r` (computed before it) instead of from zero: one
/// pass over the output instead of three (zeroing, the bias, the sum). The parametric ReLU
/// chains are fused first, so their own sums are not taken here.
fn fold_sums_into_convolutions(steps: &mut Vec<Step>) {
    let readers = readers(steps);
    let producer = producers(steps);
    let mut folded: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut removed = vec![false; steps.len()];
    for (at, step) in steps.iter().enumerate() {
        let (Op::Add, [p, q]) = (&step.op, step.inputs.as_slice()) else {
            continue;
        };
        for (conv_out, other) in [(*p, *q), (*q, *p)] {
            let Some(&conv_at) = producer.get(&conv_out) else {
                continue;
            };
            let conv = &steps[conv_at];
            let ready = producer.get(&other).is_none_or(|&made| made < conv_at);
            if matches!(conv.op, Op::Conv(_))
                && conv.inputs.len() == 1
                && readers.get(&conv_out) == Some(&1)
                && conv_out != other
                && ready
                && !folded.contains_key(&conv_at)
            {
                folded.insert(conv_at, (other, step.output));
                removed[at] = true;
                break;
            }
        }
    }
    rebuild(steps, &removed, |at, step| {
        if let Some((other, output)) = folded.remove(&at) {
            step.inputs.push(other);
            step.output = output;
        }
    });
}

/// `steps` without those marked in `removed`, each kept one passed to `change` with its old
/// index first (what a fusion pass does to the steps it keeps).
fn rebuild(steps: &mut Vec<Step>, removed: &[bool], mut change: impl FnMut(usize, &mut Step)) {
    let old = std::mem::take(steps);
    for (at, mut step) in old.into_iter().enumerate() {
        if removed[at] {
            continue;
        }
        change(at, &mut step);
        steps.push(step);
    }
}

/// The convolution of `step` when it only scales each channel (bias-free, one by one,
/// depthwise).
fn channel_scale(step: &Step) -> Option<&Conv> {
    match &step.op {
        Op::Conv(conv)
            if conv.depthwise
                && conv.bias.is_none()
                && conv.kernel == [1, 1]
                && conv.stride == [1, 1]
                && conv.pad == [0, 0] =>
        {
            Some(conv)
        }
        _ => None,
    }
}

/// Records after which step each buffer is last read, so it is freed (or taken over) there.
fn mark_last_uses(steps: &mut [Step], outputs: &[usize]) {
    let mut last: HashMap<usize, usize> = HashMap::new();
    for (at, step) in steps.iter().enumerate() {
        for &input in &step.inputs {
            last.insert(input, at);
        }
    }
    for (slot, at) in last {
        if !outputs.contains(&slot) {
            steps[at].last_use.push(slot);
        }
    }
    for step in steps {
        step.last_use.sort_unstable();
    }
}

/// Time per kind of step, for `timing.rs` (tests only).
#[cfg(test)]
pub(crate) mod profile {
    use super::{Op, Step};
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use std::time::Duration;

    thread_local! {
        pub static TIMES: RefCell<BTreeMap<String, Duration>> = RefCell::default();
    }

    pub(super) fn record(step: &Step, took: Duration) {
        let kind = match &step.op {
            Op::Conv(c) if c.depthwise => format!("dw{:?}s{:?} {:?}", c.kernel, c.stride, c.input),
            Op::Conv(c) if c.kernel == [1, 1] => format!("pw {:?}->{:?}", c.input, c.output[0]),
            Op::Conv(c) => format!("full{:?} {:?}->{:?}", c.kernel, c.input, c.output),
            Op::Relu => "relu".into(),
            Op::Add => "add".into(),
            Op::ScaledReluResidual { .. } => "prelu".into(),
            Op::MaxPool { .. } => "pool".into(),
            _ => "other".into(),
        };
        TIMES.with(|t| *t.borrow_mut().entry(kind).or_default() += took);
    }
}
