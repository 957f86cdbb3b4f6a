//! The loss chart's y axis: log or linear, its range, ticks and labels.

use super::ticks::{format_tick, nice_log_ticks, nice_step, nice_ticks, pow10};

/// How loss values become y coordinates of the plot.
#[derive(Clone, Copy, Debug)]
pub(crate) enum YAxis {
    /// y = log10(f), for all-positive losses.
    Log,
    /// y = unit·f; unit is 1, or ¼ when the range of f would overflow.
    Linear { unit: f64 },
}

impl YAxis {
    pub(crate) fn map(self, f: f64) -> f64 {
        match self {
            YAxis::Log => f.log10(),
            YAxis::Linear { unit } => unit * f,
        }
    }
}

/// Everything about the y axis: the map, the plotted range, ticks (in plotted units) and the
/// step used to label them.
pub(crate) struct YScale {
    pub(crate) axis: YAxis,
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) ticks: Vec<f64>,
    pub(crate) light: Vec<f64>,
    pub(crate) label_step: f64,
}

impl YScale {
    /// The y axis for finite losses in [min, max] with about `max_ticks` labels.
    pub(crate) fn fit(min: f64, max: f64, max_ticks: usize) -> YScale {
        if min > 0.0 {
            let (mut lo, mut hi) = (min.log10(), max.log10());
            let pad = if hi > lo { 0.05 * (hi - lo) } else { 0.5 };
            lo -= pad;
            hi += pad;
            let ticks: Vec<f64> = nice_log_ticks(pow10_f(lo), pow10_f(hi))
                .into_iter()
                .map(f64::log10)
                .collect();
            // Light lines at 2..9 × each decade when there are few decades.
            let mut light = Vec::new();
            if hi - lo <= 6.0 {
                for e in lo.floor() as i32..=hi.ceil() as i32 {
                    for m in 2..=9 {
                        let y = (f64::from(m) * pow10(e)).log10();
                        if y > lo && y < hi {
                            light.push(y);
                        }
                    }
                }
            }
            return YScale {
                axis: YAxis::Log,
                lo,
                hi,
                ticks,
                light,
                label_step: 0.0,
            };
        }
        let unit = if (max - min).is_finite() && (max - min) < f64::MAX / 2.0 {
            1.0
        } else {
            0.25
        };
        let (lo, hi) = (unit * min, unit * max);
        let pad = if hi > lo {
            0.05 * (hi - lo)
        } else {
            (0.1 * lo.abs()).max(unit)
        };
        let (lo, hi) = (lo - pad, hi + pad);
        let ticks = nice_ticks(lo, hi, max_ticks);
        let label_step = nice_step(lo, hi, max_ticks).map_or(hi - lo, |(step, _)| step.value());
        YScale {
            axis: YAxis::Linear { unit },
            lo,
            hi,
            ticks,
            light: Vec::new(),
            label_step,
        }
    }

    /// The label of a tick at plotted coordinate `y`.
    pub(crate) fn label(&self, y: f64) -> String {
        match self.axis {
            YAxis::Log => {
                let f = pow10_f(y);
                format_tick(f, f)
            }
            YAxis::Linear { unit } => format_tick(y / unit, self.label_step / unit),
        }
    }

    pub(crate) fn title(&self) -> &'static str {
        match self.axis {
            YAxis::Log => "loss f, log scale",
            YAxis::Linear { .. } => "loss f",
        }
    }
}

/// 10^y for a real y.
fn pow10_f(y: f64) -> f64 {
    10f64.powf(y)
}
