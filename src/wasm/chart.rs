//! Small drawing helpers: colours, ticks, and the loss chart drawn by plotters on a canvas.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::descent::JsDescent;
use crate::render;

/// The colour map as 256 RGBA colours from low to high (1,024 bytes).
#[wasm_bindgen(js_name = colormapStrip)]
pub fn colormap_strip() -> Vec<u8> {
    (0..256)
        .flat_map(|k| render::colormap_rgba((k as f64 + 0.5) / 256.0))
        .collect()
}

/// Round tick positions (1-2-5 steps) covering [min, max], at most about `max_count` of them.
#[wasm_bindgen(js_name = niceTicks)]
pub fn nice_ticks(min: f64, max: f64, max_count: u32) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite() && min < max) {
        return Vec::new();
    }
    render::nice_ticks(min, max, (max_count as usize).clamp(1, 50))
}

/// A short label for a tick at `v` among ticks `step` apart.
#[wasm_bindgen(js_name = formatTick)]
pub fn format_tick(v: f64, step: f64) -> String {
    render::format_tick(v, step)
}

/// The canvas backend of a chart on `canvas` and its style for the page: the light or dark
/// palette, text scaled by the device pixel ratio `scale`, and no legend drawn on the canvas
/// (the page shows its own, see `ChartStyle::legend`).
pub(super) fn page_chart(
    canvas: HtmlCanvasElement,
    dark: bool,
    scale: f64,
) -> Result<(plotters_canvas::CanvasBackend, render::ChartStyle), JsError> {
    let backend = plotters_canvas::CanvasBackend::with_canvas_object(canvas)
        .ok_or_else(|| JsError::new("the chart's canvas has no 2-D context"))?;
    let mut style = if dark {
        render::ChartStyle::dark()
    } else {
        render::ChartStyle::light()
    };
    style.legend = false;
    if scale.is_finite() && scale > 0.0 {
        style.font_px = ((style.font_px as f64) * scale.min(4.0)).round() as u32;
    }
    Ok((backend, style))
}

/// Draws the loss-against-step chart of `descent` into `canvas` with plotters, in the light or
/// dark palette, with text scaled by the device pixel ratio `scale`.
#[wasm_bindgen(js_name = drawLossChart)]
pub fn draw_loss_chart(
    canvas: HtmlCanvasElement,
    descent: &JsDescent,
    dark: bool,
    scale: f64,
) -> Result<(), JsError> {
    let (mut backend, style) = page_chart(canvas, dark, scale)?;
    let series = [render::Series {
        label: "gradient descent",
        color: style.foreground,
        values: descent.inner.values(),
    }];
    render::loss_chart(&mut backend, &series, &style).map_err(|e| JsError::new(&e.to_string()))
}
