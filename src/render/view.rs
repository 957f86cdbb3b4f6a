//! The rectangle of the (x, y) plane a picture shows, and its pixel grid.

use super::RenderError;

/// The largest width or height, in pixels, a picture may have.
pub const MAX_SIDE: usize = 4096;

/// A window [x_min, x_max] × [y_min, y_max] of the plane drawn on a `width` × `height` pixel
/// grid, row 0 at the top.
///
/// Pixel (row r, column c) stands for its centre:
/// x_c = x_min + (c + 0.5)(x_max − x_min)/W and y_r = y_max − (r + 0.5)(y_max − y_min)/H.
/// Column and row *indices* here put a pixel's centre at an integer; canvas coordinates (used by
/// contour segments) put it at c + 0.5.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// Left edge of the window (x at the left side of column 0).
    pub x_min: f64,
    /// Right edge of the window.
    pub x_max: f64,
    /// Bottom edge of the window (y at the bottom side of the last row).
    pub y_min: f64,
    /// Top edge of the window.
    pub y_max: f64,
    /// Number of pixel columns W.
    pub width: usize,
    /// Number of pixel rows H.
    pub height: usize,
}

impl View {
    /// x at column index `col`: x_min + (col + 0.5)(x_max − x_min)/W (fractional `col` allowed).
    pub fn x_of_col(&self, col: f64) -> f64 {
        self.x_min + (col + 0.5) * (self.x_max - self.x_min) / self.width as f64
    }

    /// y at row index `row`: y_max − (row + 0.5)(y_max − y_min)/H; rows grow downwards.
    pub fn y_of_row(&self, row: f64) -> f64 {
        self.y_max - (row + 0.5) * (self.y_max - self.y_min) / self.height as f64
    }

    /// The fractional column index whose centre is at `x`; the inverse of [`View::x_of_col`].
    pub fn col_of_x(&self, x: f64) -> f64 {
        (x - self.x_min) * self.width as f64 / (self.x_max - self.x_min) - 0.5
    }

    /// The fractional row index whose centre is at `y`; the inverse of [`View::y_of_row`].
    pub fn row_of_y(&self, y: f64) -> f64 {
        (self.y_max - y) * self.height as f64 / (self.y_max - self.y_min) - 0.5
    }

    /// The number of pixels W·H.
    pub fn n_pixels(&self) -> usize {
        self.width * self.height
    }

    /// Checks the window is drawable: finite edges, x_min < x_max, y_min < y_max with a finite
    /// span, and 1 ≤ width, height ≤ [`MAX_SIDE`].
    pub fn validate(&self) -> Result<(), RenderError> {
        let edges = [self.x_min, self.x_max, self.y_min, self.y_max];
        if edges.iter().any(|v| !v.is_finite()) {
            return Err(RenderError(format!(
                "the view's edges must be ordinary numbers (got x from {} to {}, y from {} to {})",
                self.x_min, self.x_max, self.y_min, self.y_max
            )));
        }
        for (name, lo, hi) in [("x", self.x_min, self.x_max), ("y", self.y_min, self.y_max)] {
            if lo >= hi {
                return Err(RenderError(format!(
                    "the view's {name} range is empty: {name} goes from {lo} to {hi}; \
                     the first number must be smaller"
                )));
            }
            if !(hi - lo).is_finite() {
                return Err(RenderError(format!(
                    "the view's {name} range from {lo} to {hi} is too wide to compute with"
                )));
            }
        }
        for (name, n) in [("width", self.width), ("height", self.height)] {
            if n == 0 || n > MAX_SIDE {
                return Err(RenderError(format!(
                    "the picture {name} must be between 1 and {MAX_SIDE} pixels (got {n})"
                )));
            }
        }
        Ok(())
    }
}
