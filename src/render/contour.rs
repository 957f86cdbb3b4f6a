//! Contour lines by marching squares on the grid of values at pixel centres.
//!
//! Each cell is the square between four neighbouring pixel centres. A corner is "above" a
//! level when its value is ≥ the level. Where an edge joins an above corner to a below one,
//! the level is crossed at the point found by linear interpolation along that edge,
//! p = p_a + (level − v_a)/(v_b − v_a)·(p_b − p_a), always computed from the top or left end so
//! that the two cells sharing an edge produce bit-identical points and the lines close up.
//! In the two ambiguous (saddle) cases, where diagonal corners agree, the mean of the four
//! corners decides: if it is above, the above corners are joined through the middle and the
//! two below corners are cut off, otherwise the reverse. Cells with a NaN or infinite corner
//! are skipped.

use super::RenderError;

/// Marks a pixel whose value is NaN or infinite in the per-pixel level counts.
pub(crate) const UNDEFINED: u16 = u16::MAX;
/// The most levels [`contour_segments`] accepts.
const MAX_CONTOUR_LEVELS: usize = 1000;

/// Reusable buffers for tracing contours.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tracer {
    /// For each pixel, how many levels lie at or below its value (or [`UNDEFINED`]).
    n_below: Vec<u16>,
    /// Segments of each level, gathered before being concatenated.
    per_level: Vec<Vec<f32>>,
}

impl Tracer {
    /// Traces every level over the `width` × `height` grid `values` (row-major, row 0 at the
    /// top) and writes the segments grouped by level into `out` (x1, y1, x2, y2 in canvas
    /// coordinates, pixel (r, c) centred at (c + 0.5, r + 0.5)); `starts[i]..starts[i + 1]`
    /// are the floats of level i. `levels` must be finite and strictly increasing.
    pub(crate) fn trace(
        &mut self,
        values: &[f64],
        width: usize,
        height: usize,
        levels: &[f64],
        out: &mut Vec<f32>,
        starts: &mut Vec<usize>,
    ) {
        self.index_levels(values, levels);
        self.trace_counted(values, width, height, levels, out, starts);
    }

    /// [`Tracer::trace`] with the per-pixel level counts already in [`Tracer::n_below_mut`].
    pub(crate) fn trace_counted(
        &mut self,
        values: &[f64],
        width: usize,
        height: usize,
        levels: &[f64],
        out: &mut Vec<f32>,
        starts: &mut Vec<usize>,
    ) {
        out.clear();
        starts.clear();
        starts.push(0);
        self.per_level.resize_with(levels.len(), Vec::new);
        for segments in &mut self.per_level {
            segments.clear();
        }
        let counted = self.n_below.len() == values.len() && values.len() == width * height;
        if counted && width >= 2 && height >= 2 && !levels.is_empty() {
            self.march(values, width, height, levels);
        }
        for segments in &self.per_level[..levels.len()] {
            out.extend_from_slice(segments);
            starts.push(out.len());
        }
    }

    /// n_below[p] = #{levels ≤ value[p]}: corner p is above level j exactly when j < n_below[p].
    fn index_levels(&mut self, values: &[f64], levels: &[f64]) {
        self.n_below.clear();
        // Neighbouring pixels mostly share a count: start from the previous one's.
        let mut guess = 0;
        self.n_below.extend(values.iter().map(|&v| {
            if !v.is_finite() {
                return UNDEFINED;
            }
            let n = count_levels_from(levels, v, guess);
            guess = usize::from(n);
            n
        }));
    }

    /// The per-pixel level counts, for a caller that computes them itself (with
    /// [`count_levels_from`], or [`UNDEFINED`] for NaN and infinite values) before calling
    /// [`Tracer::trace_counted`].
    pub(crate) fn n_below_mut(&mut self) -> &mut Vec<u16> {
        &mut self.n_below
    }

    fn march(&mut self, values: &[f64], width: usize, height: usize, levels: &[f64]) {
        for r in 0..height - 1 {
            let top = &self.n_below[r * width..(r + 1) * width];
            let bottom = &self.n_below[(r + 1) * width..(r + 2) * width];
            for c in 0..width - 1 {
                // Corners in the order top-left, top-right, bottom-right, bottom-left.
                let n = [top[c], top[c + 1], bottom[c + 1], bottom[c]];
                if n[0] == n[1] && n[1] == n[2] && n[2] == n[3] {
                    continue; // no level crosses this cell (or all four are undefined)
                }
                if n.contains(&UNDEFINED) {
                    continue;
                }
                let p = r * width + c;
                let v = [
                    values[p],
                    values[p + 1],
                    values[p + width + 1],
                    values[p + width],
                ];
                let cell = Cell { r, c, v };
                let lowest = n.iter().copied().min().unwrap_or(0) as usize;
                let highest = n.iter().copied().max().unwrap_or(0) as usize;
                for (j, &level) in levels.iter().enumerate().take(highest).skip(lowest) {
                    // Corner bits: top-left 1, top-right 2, bottom-right 4, bottom-left 8.
                    let case = n.iter().enumerate().fold(0u8, |acc, (bit, &nb)| {
                        acc | (u8::from(usize::from(nb) > j) << bit)
                    });
                    cell.segments(case, level, &mut self.per_level[j]);
                }
            }
        }
    }
}

/// #{levels ≤ v} for a finite `v` and increasing `levels`, walking from `guess`: the answer
/// does not depend on the guess, only the time taken does.
pub(crate) fn count_levels_from(levels: &[f64], v: f64, guess: usize) -> u16 {
    let mut n = guess.min(levels.len());
    while n > 0 && levels[n - 1] > v {
        n -= 1;
    }
    while n < levels.len() && levels[n] <= v {
        n += 1;
    }
    n as u16
}

/// One marching-squares cell: its top-left pixel (r, c) and the values at its corners in the
/// order top-left, top-right, bottom-right, bottom-left.
struct Cell {
    r: usize,
    c: usize,
    v: [f64; 4],
}

/// The four cell edges.
#[derive(Clone, Copy)]
enum Edge {
    Top,
    Right,
    Bottom,
    Left,
}

impl Cell {
    /// Where `level` crosses `edge`, in canvas coordinates.
    fn crossing(&self, edge: Edge, level: f64) -> [f32; 2] {
        let [tl, tr, br, bl] = self.v;
        let (x0, y0) = (self.c as f64 + 0.5, self.r as f64 + 0.5);
        // Fraction of the way from the top or left end, where the linear interpolant = level.
        let frac = |a: f64, b: f64| (level - a) / (b - a);
        let (x, y) = match edge {
            Edge::Top => (x0 + frac(tl, tr), y0),
            Edge::Bottom => (x0 + frac(bl, br), y0 + 1.0),
            Edge::Left => (x0, y0 + frac(tl, bl)),
            Edge::Right => (x0 + 1.0, y0 + frac(tr, br)),
        };
        [x as f32, y as f32]
    }

    fn push(&self, a: Edge, b: Edge, level: f64, out: &mut Vec<f32>) {
        let [x1, y1] = self.crossing(a, level);
        let [x2, y2] = self.crossing(b, level);
        out.extend_from_slice(&[x1, y1, x2, y2]);
    }

    /// The one or two segments of `level` in this cell for corner pattern `case`.
    fn segments(&self, case: u8, level: f64, out: &mut Vec<f32>) {
        use Edge::*;
        match case {
            // One corner differs from the other three: cut it off.
            1 | 14 => self.push(Left, Top, level, out),
            2 | 13 => self.push(Top, Right, level, out),
            4 | 11 => self.push(Right, Bottom, level, out),
            8 | 7 => self.push(Bottom, Left, level, out),
            // Two neighbouring corners above: a line across the cell.
            3 | 12 => self.push(Left, Right, level, out),
            6 | 9 => self.push(Top, Bottom, level, out),
            // Saddles: diagonal corners agree; the cell-centre mean decides which pair joins.
            5 | 10 => {
                let centre_above = 0.25 * self.v.iter().sum::<f64>() >= level;
                // With the centre above, the below corners are cut off; else the above ones.
                // Case 5 has top-left and bottom-right above; case 10 the other diagonal.
                if (case == 5) == centre_above {
                    self.push(Top, Right, level, out);
                    self.push(Bottom, Left, level, out);
                } else {
                    self.push(Left, Top, level, out);
                    self.push(Right, Bottom, level, out);
                }
            }
            _ => {}
        }
    }
}

/// Contour segments of a `width` × `height` grid of values (row-major, row 0 at the top) at the
/// given levels: x1, y1, x2, y2, ... in canvas coordinates (pixel (r, c) centred at
/// (c + 0.5, r + 0.5)), grouped by level from the lowest.
///
/// Levels are sorted and duplicates dropped; non-finite levels are refused, as is a grid whose
/// length is not width·height.
pub fn contour_segments(
    values: &[f64],
    width: usize,
    height: usize,
    levels: &[f64],
) -> Result<Vec<f32>, RenderError> {
    if width.checked_mul(height) != Some(values.len()) {
        return Err(RenderError(format!(
            "a {width} × {height} grid needs {} values (got {})",
            width.saturating_mul(height),
            values.len()
        )));
    }
    if levels.iter().any(|l| !l.is_finite()) {
        return Err(RenderError(
            "contour levels must be ordinary numbers (not NaN or infinite)".to_string(),
        ));
    }
    if levels.len() > MAX_CONTOUR_LEVELS {
        return Err(RenderError(format!(
            "at most {MAX_CONTOUR_LEVELS} contour levels can be drawn (got {})",
            levels.len()
        )));
    }
    let mut sorted = levels.to_vec();
    crate::order::sort(&mut sorted);
    sorted.dedup();
    let (mut out, mut starts) = (Vec::new(), Vec::new());
    Tracer::default().trace(values, width, height, &sorted, &mut out, &mut starts);
    Ok(out)
}
