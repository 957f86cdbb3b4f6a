//! The loss chart: f at each step of one or more descents, drawn through plotters'
//! `DrawingBackend` (a canvas in the browser, SVG in native tests).
//!
//! The chart is laid out here and drawn with the backend's own primitives (lines, one path per
//! series, text) rather than plotters' chart builder, meshes and series types: one kind of
//! chart needs only these, and its layout (ticks, log axis, labels) is then ours to test.
//!
//! The y axis is logarithmic when every finite value is positive, which is when a log axis is
//! honest: geometric convergence f_k ≈ C·ρ^k then shows as a straight line. When any value is
//! zero or negative (an exact minimum reached, a saddle, a landscape that goes below zero) the
//! axis is linear, and its label says which one it is ("loss f, log scale" or
//! "loss f"). Values are never shifted, so the numbers on the axis are the losses.
//!
//! Long runs are decimated before drawing: each pixel column keeps only the lowest and the
//! highest value of the steps it covers, so a 100,000-step run draws as about 2 points per
//! column and a one-step spike still shows. NaN and infinite values are skipped, so a run that
//! diverged still shows its last finite steps.

use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontFamily, FontTransform, RGBColor};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

use super::axis::YScale;
use super::ticks::{format_tick, nice_step, nice_ticks};
use super::RenderError;

/// Colours and text size of a chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartStyle {
    /// Fill behind everything.
    pub background: RGBColor,
    /// Axes, tick labels and axis titles.
    pub foreground: RGBColor,
    /// Grid lines at the labelled ticks.
    pub grid: RGBColor,
    /// Text size in pixels (clamped to 6..=48); plotters writes it into SVG as font_px/1.24.
    pub font_px: u32,
    /// Whether to draw the series legend when there is more than one series. The page turns it
    /// off: its runners' names and colours are on the page already, in HTML.
    pub legend: bool,
}

impl ChartStyle {
    /// Dark text on white, for a light page.
    pub fn light() -> ChartStyle {
        ChartStyle {
            background: RGBColor(255, 255, 255),
            foreground: RGBColor(34, 34, 34),
            grid: RGBColor(221, 221, 221),
            font_px: 13,
            legend: true,
        }
    }

    /// Light text on near-black, for a dark page.
    pub fn dark() -> ChartStyle {
        ChartStyle {
            background: RGBColor(24, 24, 27),
            foreground: RGBColor(228, 228, 231),
            grid: RGBColor(63, 63, 70),
            font_px: 13,
            legend: true,
        }
    }
}

/// One run to plot: `values[k]` is the loss after step k.
#[derive(Clone, Copy, Debug)]
pub struct Series<'a> {
    /// Name shown in the legend (when there is more than one series).
    pub label: &'a str,
    /// Line colour.
    pub color: RGBColor,
    /// The loss at each step; NaN and infinite values are skipped.
    pub values: &'a [f64],
}

/// The finite points (step, value) of `values`, at most about 2 per bucket when the steps are
/// split into `n_buckets` equal runs: each bucket keeps its lowest and its highest value, in
/// step order, so spikes and dips survive. With at most 2·n_buckets finite values, all are kept.
pub fn decimate(values: &[f64], n_buckets: usize) -> Vec<(usize, f64)> {
    let n_buckets = n_buckets.max(1);
    let finite = |&(_, v): &(usize, f64)| v.is_finite();
    let n_finite = values.iter().filter(|v| v.is_finite()).count();
    if n_finite <= 2 * n_buckets {
        return values.iter().copied().enumerate().filter(finite).collect();
    }
    let n = values.len();
    let mut points = Vec::with_capacity(2 * n_buckets);
    for bucket_idx in 0..n_buckets {
        // Bucket b covers steps [b·n/B, (b+1)·n/B).
        let start = bucket_idx * n / n_buckets;
        let end = (bucket_idx + 1) * n / n_buckets;
        let mut low: Option<(usize, f64)> = None;
        let mut high: Option<(usize, f64)> = None;
        for (step, &v) in values[start..end].iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            if low.is_none_or(|(_, lv)| v < lv) {
                low = Some((start + step, v));
            }
            if high.is_none_or(|(_, hv)| v > hv) {
                high = Some((start + step, v));
            }
        }
        match (low, high) {
            (Some(a), Some(b)) if a.0 == b.0 => points.push(a),
            (Some(a), Some(b)) => {
                let (first, second) = if a.0 < b.0 { (a, b) } else { (b, a) };
                points.push(first);
                points.push(second);
            }
            _ => {}
        }
    }
    points
}

/// A label on the step axis: thousands as "k" and millions as "M" once the ticks are that far
/// apart ("5k", "20k", "1.5M"), plain whole numbers below.
fn format_step(v: f64, step: f64) -> String {
    let (unit, suffix) = if step >= 1e5 {
        (1e6, "M")
    } else if step >= 1e3 {
        (1e3, "k")
    } else {
        return format_tick(v, step);
    };
    let label = format_tick(v / unit, step / unit);
    if label == "0" {
        label
    } else {
        label + suffix
    }
}

fn draw_error<E: std::error::Error + Send + Sync>(e: DrawingErrorKind<E>) -> RenderError {
    RenderError(format!("the loss chart could not be drawn: {e}"))
}

/// A colour as the backend takes it, with opacity `alpha`.
fn paint(color: RGBColor, alpha: f64) -> BackendColor {
    BackendColor {
        alpha,
        rgb: (color.0, color.1, color.2),
    }
}

/// A line style: a colour and a width in pixels.
struct Stroke(BackendColor, u32);

impl BackendStyle for Stroke {
    fn color(&self) -> BackendColor {
        self.0
    }
    fn stroke_width(&self) -> u32 {
        self.1
    }
}

/// Sans-serif text of one size and colour, anchored at `anchor`, possibly turned a quarter.
struct Label {
    color: BackendColor,
    size: f64,
    anchor: Pos,
    transform: FontTransform,
}

impl BackendTextStyle for Label {
    type FontError = RenderError;

    fn color(&self) -> BackendColor {
        self.color
    }
    fn size(&self) -> f64 {
        self.size
    }
    fn transform(&self) -> FontTransform {
        self.transform.clone()
    }
    fn anchor(&self) -> Pos {
        self.anchor
    }
    fn family(&self) -> FontFamily<'_> {
        FontFamily::SansSerif
    }
    /// An estimate (0.6 em per character, 1 em high): the canvas and SVG place text
    /// themselves and only use it for rotated text.
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), RenderError> {
        let width = (0.6 * self.size * text.chars().count() as f64) as i32;
        Ok(((0, 0), (width, self.size as i32)))
    }
    /// Glyph rasterising, which only pixel backends need; the chart draws on vector ones.
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        _text: &str,
        _pos: BackendCoord,
        _draw: F,
    ) -> Result<Result<(), E>, RenderError> {
        Err(RenderError(
            "the loss chart draws text only on a canvas or SVG".to_string(),
        ))
    }
}

/// The pixel of `value` on an axis from `lo` to `hi` drawn from pixel `from` to pixel `to`
/// (either way round); far-off values are held a few plot widths away, so nothing overflows.
fn to_pixel(value: f64, (lo, hi): (f64, f64), (from, to): (i32, i32)) -> i32 {
    let n_pixels = f64::from(to - from);
    if hi == lo {
        return from + (to - from) / 2;
    }
    let frac = ((value - lo) / (hi - lo)).clamp(-4.0, 5.0);
    // Float-to-int casts saturate (and NaN gives 0), so no value can panic here.
    from.saturating_add((n_pixels * frac).round() as i32)
}

/// Draws the loss per step of each series: step on the x axis, the loss on a log y axis when
/// every finite value is positive and a linear one otherwise (see the module notes), a legend
/// when there is more than one series, and "no steps yet" when there is nothing to plot.
/// An area smaller than 120 × 80 pixels is only filled with the background.
pub fn loss_chart<DB: DrawingBackend>(
    backend: &mut DB,
    series: &[Series],
    style: &ChartStyle,
) -> Result<(), RenderError> {
    backend.ensure_prepared().map_err(draw_error)?;
    let (width, height) = backend.get_size();
    let (w, h) = (width as i32, height as i32);
    let fill = |backend: &mut DB, from: BackendCoord, to: BackendCoord, color: BackendColor| {
        backend
            .draw_rect(from, to, &color, true)
            .map_err(draw_error)
    };
    fill(backend, (0, 0), (w, h), paint(style.background, 1.0))?;
    if width < 120 || height < 80 {
        return backend.present().map_err(draw_error);
    }
    let font_px = style.font_px.clamp(6, 48);
    let em = font_px as i32;
    let text = |h_pos, v_pos| Label {
        color: paint(style.foreground, 1.0),
        size: f64::from(font_px),
        anchor: Pos::new(h_pos, v_pos),
        transform: FontTransform::None,
    };

    // The range of all finite values, and the longest run.
    let n_steps = series.iter().map(|s| s.values.len()).max().unwrap_or(0);
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in series
        .iter()
        .flat_map(|s| s.values)
        .filter(|v| v.is_finite())
    {
        min = min.min(v);
        max = max.max(v);
    }
    let has_points = min <= max;
    let max_y_ticks = (height / (3 * font_px)).clamp(2, 10) as usize;
    let y = if has_points {
        YScale::fit(min, max, max_y_ticks)
    } else {
        YScale::fit(0.0, 1.0, max_y_ticks)
    };

    // x: steps 0..=x_hi, ticks at whole steps.
    let x_hi = n_steps.saturating_sub(1).max(1) as f64;
    let max_x_ticks = ((width / (6 * font_px)) as usize)
        .clamp(2, 10)
        .min(x_hi as usize + 1);
    let x_ticks = nice_ticks(0.0, x_hi, max_x_ticks);
    let x_step = nice_step(0.0, x_hi, max_x_ticks).map_or(1.0, |(step, _)| step.value());

    // The plot's box: a margin all round, the x labels and title below, the y ones to the left.
    let y_labels: Vec<String> = y.ticks.iter().map(|&t| y.label(t)).collect();
    let widest = y_labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1) as i32;
    let margin = em / 2 + 6;
    let (left, right) = (margin + widest * em * 3 / 5 + em * 2 + 10, w - margin);
    let (top, bottom) = (margin, h - margin - (em * 3 + 6));
    let x_px = |v: f64| to_pixel(v, (0.0, x_hi), (left, right));
    let y_px = |v: f64| to_pixel(v, (y.lo, y.hi), (bottom, top));
    let line = |backend: &mut DB, from, to, color| {
        backend
            .draw_line(from, to, &Stroke(color, 1))
            .map_err(draw_error)
    };

    // Grid: light lines, then the labelled ticks' lines, the axes, tick marks and labels.
    let (grid, light) = (paint(style.grid, 1.0), paint(style.grid, 0.45));
    for &v in &y.light {
        line(backend, (left, y_px(v)), (right, y_px(v)), light)?;
    }
    for &v in &y.ticks {
        line(backend, (left, y_px(v)), (right, y_px(v)), grid)?;
    }
    for &v in &x_ticks {
        line(backend, (x_px(v), top), (x_px(v), bottom), grid)?;
    }
    let axis = paint(style.foreground, 1.0);
    line(backend, (left, top), (left, bottom), axis)?;
    line(backend, (left, bottom), (right, bottom), axis)?;
    for (&v, label) in y.ticks.iter().zip(&y_labels) {
        line(backend, (left - 5, y_px(v)), (left, y_px(v)), axis)?;
        let style = text(HPos::Right, VPos::Center);
        backend
            .draw_text(label, &style, (left - 8, y_px(v)))
            .map_err(draw_error)?;
    }
    for &v in &x_ticks {
        line(backend, (x_px(v), bottom), (x_px(v), bottom + 5), axis)?;
        let style = text(HPos::Center, VPos::Top);
        backend
            .draw_text(&format_step(v, x_step), &style, (x_px(v), bottom + 8))
            .map_err(draw_error)?;
    }
    let x_title = text(HPos::Center, VPos::Bottom);
    backend
        .draw_text("step", &x_title, ((left + right) / 2, h - margin))
        .map_err(draw_error)?;
    let y_title = Label {
        transform: FontTransform::Rotate270,
        ..text(HPos::Center, VPos::Top)
    };
    backend
        .draw_text(y.title(), &y_title, (margin, (top + bottom) / 2))
        .map_err(draw_error)?;

    if !has_points {
        let message = if n_steps == 0 {
            "no steps yet"
        } else {
            "no finite values to plot"
        };
        let centre = ((left + right) / 2, (top + bottom) / 2);
        backend
            .draw_text(message, &text(HPos::Center, VPos::Center), centre)
            .map_err(draw_error)?;
        return backend.present().map_err(draw_error);
    }

    let n_columns = (right - left).max(1) as usize;
    for s in series {
        let points: Vec<BackendCoord> = decimate(s.values, n_columns)
            .into_iter()
            .map(|(step, v)| (x_px(step as f64), y_px(y.axis.map(v))))
            .collect();
        let color = paint(s.color, 1.0);
        if let [single] = points[..] {
            backend
                .draw_circle(single, 3, &color, true)
                .map_err(draw_error)?;
        }
        backend
            .draw_path(points, &Stroke(color, 2))
            .map_err(draw_error)?;
    }
    if series.len() > 1 && style.legend {
        // Upper right inside the plot: a sample of each line and its label, one row each.
        let longest = series
            .iter()
            .map(|s| s.label.chars().count())
            .max()
            .unwrap_or(0) as i32;
        let (row, pad, sample) = (em + 6, 6, 18);
        let box_width = pad * 3 + sample + longest * em * 3 / 5;
        let (x0, y0) = (right - 10 - box_width, top + 10);
        let y1 = y0 + pad * 2 + row * series.len() as i32;
        fill(
            backend,
            (x0, y0),
            (right - 10, y1),
            paint(style.background, 0.85),
        )?;
        backend
            .draw_rect((x0, y0), (right - 10, y1), &grid, false)
            .map_err(draw_error)?;
        for (idx, s) in series.iter().enumerate() {
            let centre = y0 + pad + row * idx as i32 + row / 2;
            let stroke = Stroke(paint(s.color, 1.0), 2);
            backend
                .draw_line((x0 + pad, centre), (x0 + pad + sample, centre), &stroke)
                .map_err(draw_error)?;
            backend
                .draw_text(
                    s.label,
                    &text(HPos::Left, VPos::Center),
                    (x0 + pad * 2 + sample, centre),
                )
                .map_err(draw_error)?;
        }
    }
    backend.present().map_err(draw_error)
}
#[cfg(test)]
mod tests {
    use super::format_step;

    #[test]
    fn step_labels_use_k_and_m() {
        let cases = [
            (0.0, 20_000.0, "0"),
            (20_000.0, 20_000.0, "20k"),
            (5_000.0, 5_000.0, "5k"),
            (100_000.0, 20_000.0, "100k"),
            (1_500_000.0, 500_000.0, "1.5M"),
            (250.0, 50.0, "250"),
            (7.0, 1.0, "7"),
        ];
        for (v, step, want) in cases {
            assert_eq!(format_step(v, step), want, "format_step({v}, {step})");
        }
    }
}
