//! `decimal::parse` against the standard library's parser on a million numbers printed the way
//! programs print doubles (shortest round trip: 15 to 17 significant digits). A benchmark, not a
//! test: it prints both times and checks that the sums are the same bits.
//!
//! Run: `cargo run --release --example decimal_speed`.

use std::time::Instant;

fn main() {
    // xorshift64: a fixed stream of doubles in [0, 1000).
    let mut state = 0x1234_5678_9abc_def0u64;
    let texts: Vec<String> = (0..1_000_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let unit = f64::from_bits((state >> 12) | 0x3ff0_0000_0000_0000) - 1.0;
            format!("{}", unit * 1000.0)
        })
        .collect();
    let start = Instant::now();
    let ours: f64 = texts
        .iter()
        .filter_map(|s| downhill::decimal::parse(s))
        .sum();
    let ours_time = start.elapsed();
    let start = Instant::now();
    let std: f64 = texts.iter().filter_map(|s| s.parse::<f64>().ok()).sum();
    let std_time = start.elapsed();
    let long = texts
        .iter()
        .filter(|s| s.bytes().filter(u8::is_ascii_digit).count() > 15)
        .count();
    println!(
        "1,000,000 numbers ({long} with more than 15 digits): decimal::parse {:.0} ns each, \
         str::parse {:.0} ns each; same sum: {}",
        ours_time.as_secs_f64() * 1e3,
        std_time.as_secs_f64() * 1e3,
        ours.to_bits() == std.to_bits()
    );
}
