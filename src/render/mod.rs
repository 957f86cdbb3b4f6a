//! Landscape pictures and charts (filled in by the render work).
