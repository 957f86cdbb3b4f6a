//! Decimal text to f64, correctly rounded (round half to even), without the standard library's
//! parser.
//!
//! It gives the same bits as `str::parse::<f64>` (the tests check that on hundreds of thousands
//! of strings) with a fast path for the short numbers CSV files hold and an exact big-integer
//! correction for the rest, instead of the standard library's table of 128-bit powers of five.
//!
//! The value of "d₁d₂…dₙ.f₁…fₘe±x" is D·10^k with D the integer of all its digits.
//! - Fast path (Clinger): when D < 2^53 and |k| ≤ 22, D and 10^|k| are both exact f64s, so one
//!   IEEE multiplication or division rounds D·10^k correctly. Almost every number in a CSV
//!   file ("452600", "-122.23", "0.0675") takes it.
//! - Up to 19 digits and |k| ≤ 27 (what programs write when they print doubles, such as
//!   "0.30000000000000004"): D·5^k or D/5^|k| in 128-bit integers, rounded by hand.
//! - Otherwise an approximation x (within a few units in the last place) is corrected one ulp
//!   at a time by comparing D·10^k, exactly in big integers, with the midpoints between x and
//!   its neighbours.
//!
//! Reading a 100,000-row CSV of 8 columns in the playground's wasm: 124 ms with 4-decimal
//! numbers (190 ms with `str::parse`), 285 ms with 17-digit ones (235 ms); natively
//! `cargo run --release --example decimal_speed` compares the two on 17-digit numbers.

use std::cmp::Ordering;

/// Significant digits kept exactly: the digits past these (there are at most 767 of them that
/// can decide a rounding) only matter through whether any is nonzero.
const MAX_DIGITS: usize = 800;

/// Parses `[+-]digits[.digits][(e|E)[+-]digits]` (digits on at least one side of the point) to
/// the nearest f64, ties to even; ±∞ beyond f64's range and ±0 below it, as `str::parse`
/// does. `None` for anything else, including "inf" and "NaN".
pub fn parse(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let number = Number::read(rest)?;
    let magnitude = number.value();
    Some(if negative { -magnitude } else { magnitude })
}

/// A decimal number D·10^k read from text, D's leading zeros dropped.
struct Number<'a> {
    /// The significant digits as ASCII, the point skipped: from the first nonzero digit on,
    /// possibly with the '.' inside (skipped when read).
    digits: &'a [u8],
    /// How many of them there are (points not counted).
    n_digits: usize,
    /// The first (up to) 19 significant digits, and whether a nonzero digit came after them.
    head: u64,
    truncated: bool,
    /// The power of ten applying to `head` (value ≈ head·10^head_exp).
    head_exp: i64,
    /// The power of ten applying to all the digits (value = D·10^exp).
    exp: i64,
}

impl<'a> Number<'a> {
    fn read(bytes: &'a [u8]) -> Option<Number<'a>> {
        let mut idx = 0;
        let mut first_significant = None;
        let (mut n_mantissa_digits, mut n_digits, mut n_frac_digits) = (0usize, 0usize, 0i64);
        let (mut head, mut n_head, mut truncated) = (0u64, 0usize, false);
        let mut seen_point = false;
        while let Some(&c) = bytes.get(idx) {
            if c == b'.' && !seen_point {
                seen_point = true;
            } else if c.is_ascii_digit() {
                n_mantissa_digits += 1;
                if seen_point {
                    n_frac_digits += 1;
                }
                if first_significant.is_none() && c != b'0' {
                    first_significant = Some(idx);
                }
                if first_significant.is_some() {
                    n_digits += 1;
                    if n_head < 19 {
                        head = head * 10 + u64::from(c - b'0');
                        n_head += 1;
                    } else if c != b'0' {
                        truncated = true;
                    }
                }
            } else {
                break;
            }
            idx += 1;
        }
        if n_mantissa_digits == 0 {
            return None;
        }
        let mantissa_end = idx;
        let mut exp_part = 0i64;
        if let Some(b'e' | b'E') = bytes.get(idx) {
            idx += 1;
            let negative = match bytes.get(idx) {
                Some(b'-') => {
                    idx += 1;
                    true
                }
                Some(b'+') => {
                    idx += 1;
                    false
                }
                _ => false,
            };
            let start = idx;
            while let Some(&c) = bytes.get(idx).filter(|c| c.is_ascii_digit()) {
                // Saturate: beyond a million the value is 0 or ∞ whatever the digits.
                exp_part = (exp_part * 10 + i64::from(c - b'0')).min(1_000_000);
                idx += 1;
            }
            if idx == start {
                return None;
            }
            if negative {
                exp_part = -exp_part;
            }
        }
        if idx != bytes.len() {
            return None;
        }
        let exp = exp_part - n_frac_digits;
        Some(Number {
            digits: first_significant.map_or(&[][..], |start| &bytes[start..mantissa_end]),
            n_digits,
            head,
            truncated,
            head_exp: exp + (n_digits - n_head) as i64,
            exp,
        })
    }

    fn value(&self) -> f64 {
        if self.n_digits == 0 {
            return 0.0;
        }
        // The value lies in [10^(n−1+exp), 10^(n+exp)).
        let magnitude = self.n_digits as i64 + self.exp;
        if magnitude > 310 {
            return f64::INFINITY;
        }
        if magnitude < -324 {
            return 0.0;
        }
        if !self.truncated && self.head <= 1 << 53 && self.head_exp.abs() <= 22 {
            let w = self.head as f64;
            let p = POW10[self.head_exp.unsigned_abs() as usize];
            return if self.head_exp >= 0 { w * p } else { w / p };
        }
        if !self.truncated && self.head_exp.abs() <= 27 {
            return exact_u128(self.head, self.head_exp);
        }
        self.corrected(approximate(self.head, self.head_exp))
    }

    /// Moves `x` one ulp at a time until it is the f64 nearest to D·10^k.
    fn corrected(&self, mut x: f64) -> f64 {
        let (d, k) = self.big_digits();
        loop {
            let (m, e) = decompose(x);
            // Above the midpoint between x and the next float up (there is none above ∞)?
            match compare(&d, k, 2 * m + 1, e - 1) {
                _ if x.is_infinite() => {}
                Ordering::Greater => {
                    x = next_up(x);
                    continue;
                }
                Ordering::Equal => return if m % 2 == 0 { x } else { next_up(x) },
                Ordering::Less => {}
            }
            if x == 0.0 {
                return x;
            }
            let below = next_down(x);
            let (m_below, e_below) = decompose(below);
            match compare(&d, k, 2 * m_below + 1, e_below - 1) {
                Ordering::Less => x = below,
                Ordering::Equal => return if m % 2 == 0 { x } else { below },
                Ordering::Greater => return x,
            }
        }
    }

    /// D (at most [`MAX_DIGITS`] digits, then a sticky 1 if any later digit is nonzero) as a
    /// big integer, and its power of ten.
    fn big_digits(&self) -> (Big, i64) {
        let mut d = Big::from(0);
        let (mut n_kept, mut sticky) = (0usize, false);
        for &c in self.digits.iter().filter(|c| c.is_ascii_digit()) {
            if n_kept < MAX_DIGITS {
                d.mul_add(10, u32::from(c - b'0'));
                n_kept += 1;
            } else {
                sticky |= c != b'0';
            }
        }
        let mut k = self.exp + (self.n_digits - n_kept) as i64;
        if sticky {
            d.mul_add(10, 1);
            k -= 1;
        }
        (d, k)
    }
}

/// 10^0 ..= 10^22, each exact in f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// w·10^k correctly rounded for w < 2^64 and |k| ≤ 27 (where 5^|k| < 2^63), in 128-bit integers:
/// 10^k = 5^k·2^k, and the power of two only moves the exponent.
/// - k ≥ 0: w·5^k < 2^128 exactly.
/// - k < 0: w shifted up to 64 bits, then (w·2^64) / 5^|k|: a quotient of at least 65 bits and
///   a remainder, whose being nonzero is all that the rounding needs of the bits below.
///
/// This is the case of most numbers with 16 to 19 significant digits ("0.30000000000000004",
/// what a program printing doubles writes), which the fast path cannot take.
fn exact_u128(w: u64, k: i64) -> f64 {
    let five = 5u64.pow(k.unsigned_abs() as u32);
    if k >= 0 {
        round_to_f64(u128::from(w) * u128::from(five), false, k)
    } else {
        let shift = w.leading_zeros();
        let numerator = u128::from(w << shift) << 64;
        let quotient = numerator / u128::from(five);
        let exact = quotient * u128::from(five) == numerator;
        round_to_f64(quotient, !exact, k - 64 - i64::from(shift))
    }
}

/// (m + δ)·2^e to the nearest f64, ties to even, where 0 ≤ δ < 1 and `inexact` says δ > 0.
/// m > 0; the result must be a normal float (the callers' ranges are well inside).
fn round_to_f64(m: u128, inexact: bool, e: i64) -> f64 {
    let n_bits = 128 - m.leading_zeros() as i64;
    let shift = n_bits - 53;
    let (mut mantissa, mut exp) = if shift > 0 {
        let kept = (m >> shift) as u64;
        let dropped = m & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        let round_up = dropped > half || (dropped == half && (inexact || kept % 2 == 1));
        (kept + u64::from(round_up), e + shift)
    } else {
        // At most 53 bits: exact (δ = 0 here, as only a division makes δ, with 65+ bits).
        ((m as u64) << -shift, e + shift)
    };
    if mantissa == 1 << 53 {
        mantissa >>= 1;
        exp += 1;
    }
    // mantissa·2^exp with mantissa in [2^52, 2^53): biased exponent exp + 52 + 1023.
    let biased = (exp + 52 + 1023) as u64;
    f64::from_bits(biased << 52 | (mantissa & ((1 << 52) - 1)))
}

/// w·10^k in floating point, within a few ulps: at most 15 correctly rounded steps by 10^22.
/// Large powers are applied in an order that keeps the intermediates in range.
fn approximate(w: u64, mut k: i64) -> f64 {
    let mut x = w as f64;
    if k < 0 {
        // Scale up first so a result near the subnormals keeps its bits as long as possible.
        x *= 1e22;
        k -= 22;
    }
    while k > 22 {
        x *= 1e22;
        k -= 22;
    }
    while k < -22 {
        x /= 1e22;
        k += 22;
    }
    if k >= 0 {
        x * POW10[k as usize]
    } else {
        x / POW10[(-k) as usize]
    }
}

/// x = m·2^e with m an integer (x ≥ 0, finite; ∞ is treated as the float after f64::MAX).
fn decompose(x: f64) -> (u64, i64) {
    let bits = x.to_bits();
    let exp_field = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    if exp_field == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, exp_field - 1075)
    }
}

fn next_up(x: f64) -> f64 {
    f64::from_bits(x.to_bits() + 1)
}

fn next_down(x: f64) -> f64 {
    f64::from_bits(x.to_bits() - 1)
}

/// Compares D·10^k with M·2^f exactly: D·5^k·2^k against M·2^f, powers moved to whichever
/// side keeps them non-negative.
fn compare(d: &Big, k: i64, m: u64, f: i64) -> Ordering {
    let mut lhs = d.clone();
    let mut rhs = Big::from(m);
    if k >= 0 {
        lhs.mul_pow5(k as u32);
    } else {
        rhs.mul_pow5((-k) as u32);
    }
    let shift = k - f;
    if shift >= 0 {
        lhs.shl(shift as u32);
    } else {
        rhs.shl((-shift) as u32);
    }
    lhs.cmp(&rhs)
}

/// A non-negative big integer, 32-bit limbs, least significant first, no high zero limbs.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from(mut value: u64) -> Big {
        let mut limbs = Vec::new();
        while value > 0 {
            limbs.push(value as u32);
            value >>= 32;
        }
        Big(limbs)
    }

    /// self = self·factor + addend.
    fn mul_add(&mut self, factor: u32, addend: u32) {
        let mut carry = u64::from(addend);
        for limb in &mut self.0 {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow5(&mut self, mut n: u32) {
        const POW5_13: u32 = 1_220_703_125; // the largest power of 5 below 2^32
        while n >= 13 {
            self.mul_add(POW5_13, 0);
            n -= 13;
        }
        self.mul_add(5u32.pow(n), 0);
    }

    fn shl(&mut self, bits: u32) {
        if self.0.is_empty() {
            return;
        }
        let (limbs, bits) = ((bits / 32) as usize, bits % 32);
        if bits > 0 {
            let mut carry = 0;
            for limb in &mut self.0 {
                let shifted = (u64::from(*limb) << bits) | carry;
                *limb = shifted as u32;
                carry = shifted >> 32;
            }
            if carry > 0 {
                self.0.push(carry as u32);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    fn cmp(&self, other: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(text: &str) {
        let expected: f64 = text.parse().unwrap();
        let got = parse(text).unwrap_or_else(|| panic!("{text:?} was refused"));
        assert_eq!(
            got.to_bits(),
            expected.to_bits(),
            "{text:?}: got {got:e}, std says {expected:e}"
        );
    }

    #[test]
    fn agrees_with_std_on_hard_cases() {
        for text in [
            "0", "-0", "0.0", "00012", "1.", ".5", "+.5", "1e5", "1E+05", "-2.5e-3", "452600",
            "-122.23", "0.30000000000000004", "0.1", "0.2", "0.3", "9007199254740993",
            "9007199254740992", "9007199254740993.0000000000001", "1e22", "1e23", "8.9e22",
            "123456789012345678901234567890", "1.7976931348623157e308", "1.7976931348623158e308",
            "1.7976931348623159e308", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999", "2.2250738585072011e-308",
            "2.2250738585072014e-308", "4.9406564584124654e-324", "2.4703282292062327e-324",
            "2.4703282292062328e-324", "1e-400", "1e400", "0.000000000000000000000000001e27",
            "2.225073858507201136057409796709131975934819546351645648023426109724822222021076945516529523908135087914149158913039621106870086438694594645527657207407820621743379988141063267329253552286881372149012981122451451889849057222307285255133155755015914397476397983411801999323962548289017107081850690630666655994938275772572015763062690663332647565300009245888316433037779791869612049497390377829704905051080609940730262937128958950003583799967207254304360284078895771796150945516748243471030702609144621572289880258182545180325707018860872113128079512233426288368622321503775666622503982534335974568884423900265498198385487948292206894721689831099698365846814022854243330660339850886445804001034933970427567186443383770486037861622771738545623065874679014086723327636718751234567890123456789e-308",
        ] {
            same(text);
        }
    }

    #[test]
    fn refuses_what_std_refuses() {
        for text in [
            "", ".", "+", "-", "e5", ".e5", "1e", "1e+", "1..2", "1.2.3", "inf", "NaN", "1 ", " 1",
            "0x10", "1_000", "--1",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    /// The 128-bit path's rounding on its own: a tie goes to even unless the remainder of the
    /// division says the value is above it.
    #[test]
    fn rounds_the_128_bit_path_half_to_even_and_above_half_up() {
        let even = 1u128 << 52; // the kept 53 bits: even
        let tie = (even << 11) | (1 << 10); // then exactly one half of an ulp
        assert_eq!(round_to_f64(tie, false, 0), (1u64 << 63) as f64);
        assert_eq!(
            round_to_f64(tie, true, 0),
            ((1u64 << 63) + (1 << 11)) as f64
        );
        let odd_tie = ((even + 1) << 11) | (1 << 10);
        assert_eq!(
            round_to_f64(odd_tie, false, 0),
            ((1u64 << 63) + (2 << 11)) as f64
        );
        assert_eq!(
            round_to_f64((even << 11) | 1023, true, -11),
            (1u64 << 52) as f64
        );
    }

    #[test]
    fn big_integers_shift_and_compare() {
        let mut a = Big::from(3);
        a.shl(70);
        let mut b = Big::from(3 << 6);
        b.shl(64);
        assert_eq!(a, b);
        assert_eq!(a.cmp(&Big::from(u64::MAX)), Ordering::Greater);
        let mut five = Big::from(1);
        five.mul_pow5(27); // 5^27 = 7450580596923828125
        assert_eq!(five, Big::from(7_450_580_596_923_828_125));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Every f64, printed shortest, in scientific notation and to 17 or 25 digits.
        #[test]
        fn round_trips_every_float(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite());
            for text in [format!("{x}"), format!("{x:e}"), format!("{x:.17e}"), format!("{x:.25e}")] {
                same(&text);
            }
        }

        /// Random digit strings (up to 40 digits, any point position) with exponents that
        /// reach past both ends of f64's range.
        #[test]
        fn agrees_with_std_on_digit_strings(
            digits in "[0-9]{1,40}",
            point in 0usize..41,
            exp in -360i32..360,
            negative in any::<bool>(),
        ) {
            let point = point.min(digits.len());
            let sign = if negative { "-" } else { "" };
            let text = format!("{sign}{}.{}e{exp}", &digits[..point], &digits[point..]);
            same(&text);
        }

        /// Halfway points short enough (at most 19 digits, small exponents) for the 128-bit
        /// path: ties to even there too, and a digit more rounds up.
        #[test]
        fn rounds_short_halfway_points_to_even(m in (1u64 << 52)..(1 << 53), f in -4i64..=10) {
            let (digits, k) = midpoint_decimal(2 * m + 1, f);
            same(&format!("{digits}e{k}"));
            same(&format!("{digits}1e{}", k - 1));
        }

        /// Exact halfway points between neighbouring floats round to the even one; a digit
        /// more above them rounds up.
        #[test]
        fn rounds_halfway_to_even(bits in 0u64..0x7fef_ffff_ffff_ffff) {
            let (m, e) = decompose(f64::from_bits(bits));
            let (digits, k) = midpoint_decimal(2 * m + 1, e - 1);
            same(&format!("{digits}e{k}"));
            same(&format!("{digits}1e{}", k - 1));
        }
    }

    /// M·2^f written exactly as decimal digits and a power of ten.
    fn midpoint_decimal(m: u64, f: i64) -> (String, i64) {
        let mut big = Big::from(m);
        let k = if f >= 0 {
            big.shl(f as u32);
            0
        } else {
            // M·2^f = M·5^(−f)·10^f
            big.mul_pow5((-f) as u32);
            f
        };
        let mut chunks = Vec::new();
        while !big.0.is_empty() {
            let mut remainder = 0u64;
            for limb in big.0.iter_mut().rev() {
                let value = (remainder << 32) | u64::from(*limb);
                *limb = (value / 1_000_000_000) as u32;
                remainder = value % 1_000_000_000;
            }
            while big.0.last() == Some(&0) {
                big.0.pop();
            }
            chunks.push(remainder);
        }
        let mut text = chunks.pop().unwrap_or(0).to_string();
        for chunk in chunks.iter().rev() {
            text.push_str(&format!("{chunk:09}"));
        }
        (text, k)
    }
}
