//! The blendshape network's computation, written out: its ONNX file (made by
//! `scripts/models/convert_blendshapes.py`, which checks it against the TFLite original) is read
//! for its named weights, and this code runs the graph that file describes. The crate's general
//! inference (`crate::inference::Plan`) runs convolutions over images; this network is dense
//! layers and layer norms over a 97 × 64 table, which a few matrix products do directly.
//!
//! The state is a table of 97 tokens (rows) by 64 channels, row-major.

use std::collections::HashMap;

use crate::inference::{TensorProto, add, decode_onnx, multiply_into, relu, transpose};
use crate::network::sigmoid;

/// Input points.
const POINTS: usize = 146;
/// Tokens the points are mixed into, before the class token is put first.
const POINT_TOKENS: usize = 96;
/// Tokens in the mixer: the class token and the point tokens.
const TOKENS: usize = POINT_TOKENS + 1;
/// Channels per token.
const CHANNELS: usize = 64;
/// Hidden width of the token MLP.
const TOKEN_HIDDEN: usize = 384;
/// Hidden width of the channel MLP.
const CHANNEL_HIDDEN: usize = 256;
/// Mixer blocks.
const BLOCKS: usize = 4;
/// Scores out.
const SCORES: usize = 52;

/// A dense layer, `out = weight · in + bias`, with the weight as the product needs it.
#[derive(Debug)]
struct Dense {
    /// `outputs × inputs` for layers over tokens (the table's rows); `inputs × outputs`
    /// (transposed) for layers over channels, which multiply the table from the right.
    weight: Vec<f32>,
    bias: Vec<f32>,
    inputs: usize,
    outputs: usize,
}

/// One mixer block: a layer norm and a token MLP, then a layer norm and a channel MLP, each
/// added to what came in.
#[derive(Debug)]
struct Block {
    token_norm: Norm,
    token_mlp: [Dense; 2],
    channel_norm: Norm,
    channel_mlp: [Dense; 2],
}

/// A layer norm over a token's channels, with a scale and no offset (as the network has it).
#[derive(Debug)]
struct Norm {
    scale: Vec<f32>,
    epsilon: f32,
}

/// The network's weights.
#[derive(Debug)]
pub(super) struct Mixer {
    /// Multiplies the centred, normalised points.
    points_scale: f32,
    /// Over points: 146 points → 96 tokens, for x and y alike.
    embed_points: Dense,
    /// Over coordinates: each token's (x, y) → 64 channels.
    embed_coords: Dense,
    class_token: Vec<f32>,
    blocks: Vec<Block>,
    /// The class token's 64 channels → 52 scores (before the sigmoid).
    head: Dense,
}

impl Mixer {
    pub fn load(onnx: &[u8]) -> Result<Mixer, String> {
        let model = decode_onnx(onnx)?;
        let graph = model
            .graph
            .ok_or_else(|| "the model has no graph".to_string())?;
        let weights = Weights(
            graph
                .initializer
                .iter()
                .map(|t| (t.name.as_str(), t))
                .collect(),
        );
        let blocks = (0..BLOCKS)
            .map(|b| {
                Ok(Block {
                    token_norm: weights.norm(&format!("block{b}.token_norm"))?,
                    token_mlp: [
                        weights.dense_over_tokens(
                            &format!("block{b}.token_mlp.0"),
                            TOKENS,
                            TOKEN_HIDDEN,
                        )?,
                        weights.dense_over_tokens(
                            &format!("block{b}.token_mlp.1"),
                            TOKEN_HIDDEN,
                            TOKENS,
                        )?,
                    ],
                    channel_norm: weights.norm(&format!("block{b}.channel_norm"))?,
                    channel_mlp: [
                        weights.dense_over_channels(
                            &format!("block{b}.channel_mlp.0"),
                            CHANNELS,
                            CHANNEL_HIDDEN,
                        )?,
                        weights.dense_over_channels(
                            &format!("block{b}.channel_mlp.1"),
                            CHANNEL_HIDDEN,
                            CHANNELS,
                        )?,
                    ],
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Mixer {
            points_scale: weights.scalar("points_scale")?,
            embed_points: weights.dense_over_tokens("embed_points", POINTS, POINT_TOKENS)?,
            embed_coords: weights.dense_over_channels("embed_coords", 2, CHANNELS)?,
            class_token: weights.floats("class_token", CHANNELS)?,
            blocks,
            head: weights.dense_over_channels("head", CHANNELS, SCORES)?,
        })
    }

    /// The 52 scores for 146 points in pixels.
    pub fn run(&self, points: &[[f32; 2]]) -> Result<[f32; SCORES], String> {
        if points.len() != POINTS {
            return Err(format!(
                "{} points given, the network takes {POINTS}",
                points.len()
            ));
        }
        let normalised = self.normalise(points)?;
        // 146 × 2 → 96 × 2 (tokens × coordinates) → 96 × 64, after the class token.
        let coords = self.embed_points.over_tokens(&normalised, 2);
        let mut table = self.class_token.clone();
        table.extend(self.embed_coords.over_channels(&coords, POINT_TOKENS));
        for block in &self.blocks {
            let mut hidden =
                block.token_mlp[0].over_tokens(&block.token_norm.apply(&table), CHANNELS);
            relu(&mut hidden);
            add(
                &mut table,
                &block.token_mlp[1].over_tokens(&hidden, CHANNELS),
            );
            let mut hidden =
                block.channel_mlp[0].over_channels(&block.channel_norm.apply(&table), TOKENS);
            relu(&mut hidden);
            add(
                &mut table,
                &block.channel_mlp[1].over_channels(&hidden, TOKENS),
            );
        }
        let logits = self.head.over_channels(&table[..CHANNELS], 1);
        let mut scores = [0.0; SCORES];
        for (score, logit) in scores.iter_mut().zip(logits) {
            *score = sigmoid(logit);
        }
        Ok(scores)
    }

    /// The points less their mean, over the mean distance from it, times `points_scale`:
    /// 146 × 2, row-major. The scores do not depend on where the face is or on its size.
    fn normalise(&self, points: &[[f32; 2]]) -> Result<Vec<f32>, String> {
        let n = points.len() as f32;
        let centre = points
            .iter()
            .fold([0.0f32; 2], |sum, p| [sum[0] + p[0], sum[1] + p[1]])
            .map(|sum| sum / n);
        let spread = points
            .iter()
            .map(|p| (p[0] - centre[0]).hypot(p[1] - centre[1]))
            .sum::<f32>()
            / n;
        if !(spread.is_finite() && spread > 0.0) {
            return Err("the points have no extent".to_string());
        }
        let factor = self.points_scale / spread;
        Ok(points
            .iter()
            .flat_map(|p| [(p[0] - centre[0]) * factor, (p[1] - centre[1]) * factor])
            .collect())
    }
}

impl Dense {
    /// The layer applied along the rows of an `inputs × columns` table (each column alone):
    /// an `outputs × columns` table.
    fn over_tokens(&self, table: &[f32], columns: usize) -> Vec<f32> {
        let mut out: Vec<f32> = self
            .bias
            .iter()
            .flat_map(|&b| std::iter::repeat_n(b, columns))
            .collect();
        multiply_into(
            &self.weight,
            table,
            &mut out,
            [self.outputs, self.inputs, columns],
        );
        out
    }

    /// The layer applied to each row of a `rows × inputs` table: a `rows × outputs` table.
    fn over_channels(&self, table: &[f32], rows: usize) -> Vec<f32> {
        let mut out: Vec<f32> = (0..rows).flat_map(|_| self.bias.iter().copied()).collect();
        multiply_into(
            table,
            &self.weight,
            &mut out,
            [rows, self.inputs, self.outputs],
        );
        out
    }
}

impl Norm {
    /// Each row of the table less its mean, over its standard deviation, times the scale.
    fn apply(&self, table: &[f32]) -> Vec<f32> {
        let mut out = Vec::with_capacity(table.len());
        for row in table.chunks_exact(CHANNELS) {
            let mean = row.iter().sum::<f32>() / CHANNELS as f32;
            let variance =
                row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / CHANNELS as f32;
            let inverse = 1.0 / (variance + self.epsilon).sqrt();
            out.extend(
                row.iter()
                    .zip(&self.scale)
                    .map(|(v, s)| (v - mean) * inverse * s),
            );
        }
        out
    }
}

/// The ONNX file's initializers by name.
struct Weights<'a>(HashMap<&'a str, &'a TensorProto>);

impl Weights<'_> {
    fn floats(&self, name: &str, len: usize) -> Result<Vec<f32>, String> {
        let tensor = self
            .0
            .get(name)
            .ok_or_else(|| format!("the weight {name} is missing"))?;
        let values = tensor.floats()?;
        if values.len() != len {
            return Err(format!("{name} has {} values, not {len}", values.len()));
        }
        Ok(values)
    }

    fn scalar(&self, name: &str) -> Result<f32, String> {
        Ok(self.floats(name, 1)?[0])
    }

    fn norm(&self, name: &str) -> Result<Norm, String> {
        Ok(Norm {
            scale: self.floats(&format!("{name}.scale"), CHANNELS)?,
            epsilon: self.scalar(&format!("{name}.epsilon"))?,
        })
    }

    /// A layer over tokens: its weight as stored (`outputs × inputs`).
    fn dense_over_tokens(
        &self,
        name: &str,
        inputs: usize,
        outputs: usize,
    ) -> Result<Dense, String> {
        Ok(Dense {
            weight: self.floats(&format!("{name}.weight"), outputs * inputs)?,
            bias: self.floats(&format!("{name}.bias"), outputs)?,
            inputs,
            outputs,
        })
    }

    /// A layer over channels: its weight transposed (`inputs × outputs`).
    fn dense_over_channels(
        &self,
        name: &str,
        inputs: usize,
        outputs: usize,
    ) -> Result<Dense, String> {
        let stored = self.floats(&format!("{name}.weight"), outputs * inputs)?;
        Ok(Dense {
            weight: transpose(&stored, &[outputs, inputs], &[1, 0]),
            bias: self.floats(&format!("{name}.bias"), outputs)?,
            inputs,
            outputs,
        })
    }
}
