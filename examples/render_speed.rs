//! Times the landscape picture and the loss chart (a benchmark, not a test: it prints figures).
//!
//! `cargo run --release --example render_speed [OUT_DIR]` renders a 512 × 512 Rosenbrock picture
//! with 12 contour levels and a 100,000-step loss chart; with OUT_DIR it also writes
//! `rosenbrock.ppm` (the RGBA pixels over white, contours in white) and `loss.svg` there, to
//! look at.

use std::time::Instant;

use downhill::render::{loss_chart, ChartStyle, Heatmap, Series, View};
use plotters::prelude::*;

fn rosenbrock(x: f64, y: f64) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::env::args().nth(1);
    let view = View {
        x_min: -2.0,
        x_max: 2.0,
        y_min: -1.0,
        y_max: 3.0,
        width: 512,
        height: 512,
    };
    let mut heatmap = Heatmap::new();
    heatmap.render(rosenbrock, &view, 12)?; // warm-up: allocates the buffers
                                            // The machine may be shared: report the fastest and the median of many renders.
    let mut times: Vec<f64> = (0..60)
        .map(|_| {
            let start = Instant::now();
            heatmap
                .render(rosenbrock, &view, 12)
                .map(|_| start.elapsed().as_secs_f64() * 1e3)
        })
        .collect::<Result<_, _>>()?;
    times.sort_by(f64::total_cmp);
    println!(
        "512x512 Rosenbrock, 12 levels: {:.2} ms fastest, {:.2} ms median ({} segments, log scale: {})",
        times[0],
        times[times.len() / 2],
        heatmap.contours().len() / 4,
        heatmap.scale().is_log()
    );

    let values: Vec<f64> = (0..100_000)
        .map(|k| 1.0 + 100.0 * 0.9999f64.powi(k))
        .collect();
    let series = [Series {
        label: "sgd",
        color: RGBColor(38, 139, 210),
        values: &values,
    }];
    let mut svg = String::new();
    let start = Instant::now();
    for _ in 0..10 {
        svg.clear();
        let mut backend = SVGBackend::with_string(&mut svg, (640, 360));
        loss_chart(&mut backend, &series, &ChartStyle::light())?;
    }
    println!(
        "100,000-step loss chart into SVG: {:.2} ms",
        start.elapsed().as_secs_f64() * 1e2
    );

    if let Some(dir) = out_dir {
        let mut ppm = format!("P6\n{} {}\n255\n", view.width, view.height).into_bytes();
        for px in heatmap.rgba().chunks_exact(4) {
            let a = u32::from(px[3]);
            ppm.extend(
                px[..3]
                    .iter()
                    .map(|&c| ((u32::from(c) * a + 255 * (255 - a)) / 255) as u8),
            );
        }
        // Contours in white: step along each segment a quarter pixel at a time.
        let header = ppm.len() - 3 * view.width * view.height;
        for seg in heatmap.contours().chunks_exact(4) {
            let (x1, y1, x2, y2) = (seg[0], seg[1], seg[2], seg[3]);
            let n = (4.0 * (x2 - x1).hypot(y2 - y1)).ceil().max(1.0) as usize;
            for i in 0..=n {
                let a = i as f32 / n as f32;
                let (x, y) = (x1 + a * (x2 - x1), y1 + a * (y2 - y1));
                let (c, r) = (x.floor() as usize, y.floor() as usize);
                if c < view.width && r < view.height {
                    let p = header + 3 * (r * view.width + c);
                    ppm[p..p + 3].copy_from_slice(&[255, 255, 255]);
                }
            }
        }
        std::fs::write(format!("{dir}/rosenbrock.ppm"), ppm)?;
        std::fs::write(format!("{dir}/loss.svg"), &svg)?;
        println!("wrote {dir}/rosenbrock.ppm and {dir}/loss.svg");
    }
    Ok(())
}
