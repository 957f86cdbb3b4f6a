//! Landscape pictures and charts: everything the page draws, computed here.
//!
//! The JavaScript side only puts pixels and strokes paths. This module turns an objective
//! f(x, y) into a colour picture ([`Heatmap`]: values at pixel centres, viridis RGBA, contour
//! segments and a colour-bar legend), colours any values through any 256-colour [`Palette`]
//! with the same exact binning ([`paint`]), chooses axis ticks ([`nice_ticks`], [`nice_log_ticks`],
//! [`format_tick`]) and draws the loss-per-step chart through plotters' `DrawingBackend`
//! ([`loss_chart`]), so the same code draws on a canvas in the browser and into SVG in tests.

mod axis;
mod bins;
mod chart;
mod colormap;
mod contour;
mod heatmap;
mod palette;
mod scale;
mod ticks;
mod view;

pub use chart::{decimate, loss_chart, ChartStyle, Series};
pub use colormap::{color_index, colormap_rgba, viridis_rgba, NO_DATA_RGBA};
pub use contour::contour_segments;
pub use heatmap::{evaluate_grid, Heatmap, MAX_LEVELS};
pub use palette::{paint, Palette};
pub use scale::{ColorScale, LegendTick};
pub use ticks::{format_tick, nice_log_ticks, nice_ticks};
pub use view::{View, MAX_SIDE};

/// Why a picture or chart could not be drawn, in words a learner can act on.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderError(pub String);

impl core::fmt::Display for RenderError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenderError {}
