//! The loss chart: f at each step of one or more descents, drawn through plotters'
//! `DrawingBackend` (a canvas in the browser, SVG in native tests).
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

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{TickAxis, YScale};
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
    /// off and shows an HTML legend: plotters measures legend text in the browser through a
    /// `<span style=...>`, which the page's Content-Security-Policy refuses.
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

fn draw_error<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> RenderError {
    RenderError(format!("the loss chart could not be drawn: {e}"))
}

/// Draws the loss per step of each series: step on the x axis, the loss on a log y axis when
/// every finite value is positive and a linear one otherwise (see the module notes), a legend
/// when there is more than one series, and "no steps yet" when there is nothing to plot.
/// An area smaller than 120 × 80 pixels is only filled with the background.
pub fn loss_chart<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    series: &[Series],
    style: &ChartStyle,
) -> Result<(), RenderError> {
    root.fill(&style.background).map_err(draw_error)?;
    let (width, height) = root.dim_in_pixel();
    if width < 120 || height < 80 {
        return root.present().map_err(draw_error);
    }
    let font_px = style.font_px.clamp(6, 48);
    let text =
        TextStyle::from((FontFamily::SansSerif, f64::from(font_px))).color(&style.foreground);

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

    let y_labels: Vec<String> = y.ticks.iter().map(|&t| y.label(t)).collect();
    let widest = y_labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1) as u32;
    let mut chart = ChartBuilder::on(&root)
        .margin(font_px / 2 + 6)
        .x_label_area_size(font_px * 3 + 6)
        .y_label_area_size(widest * font_px * 3 / 5 + font_px * 2 + 10)
        .build_cartesian_2d(
            TickAxis::new(0.0, x_hi, x_ticks, Vec::new()),
            TickAxis::new(y.lo, y.hi, y.ticks.clone(), y.light.clone()),
        )
        .map_err(draw_error)?;

    let x_label = |v: &f64| format_step(*v, x_step);
    let y_label = |v: &f64| y.label(*v);
    chart
        .configure_mesh()
        .x_desc("step")
        .y_desc(y.title())
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .label_style(text.clone())
        .axis_desc_style(text.clone())
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.grid.mix(0.45))
        .draw()
        .map_err(draw_error)?;

    if !has_points {
        let message = if n_steps == 0 {
            "no steps yet"
        } else {
            "no finite values to plot"
        };
        let centre = (0.5 * x_hi, 0.5 * (y.lo + y.hi));
        let anchored = text.pos(Pos::new(HPos::Center, VPos::Center));
        chart
            .plotting_area()
            .draw(&Text::new(message, centre, anchored))
            .map_err(draw_error)?;
        return root.present().map_err(draw_error);
    }

    let n_columns = chart.plotting_area().dim_in_pixel().0.max(1) as usize;
    for s in series {
        let points: Vec<(f64, f64)> = decimate(s.values, n_columns)
            .into_iter()
            .map(|(step, v)| (step as f64, y.axis.map(v)))
            .collect();
        let color = s.color;
        let line = color.stroke_width(2);
        if let [single] = points[..] {
            chart
                .draw_series(std::iter::once(Circle::new(single, 3, color.filled())))
                .map_err(draw_error)?;
        }
        chart
            .draw_series(LineSeries::new(points, line))
            .map_err(draw_error)?
            .label(s.label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], line));
    }
    if series.len() > 1 && style.legend {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(style.background.mix(0.85))
            .border_style(style.grid)
            .label_font(text.clone())
            .draw()
            .map_err(draw_error)?;
    }
    root.present().map_err(draw_error)
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
