//! Sorting and selecting floats in IEEE total order (`f64::total_cmp`: −NaN < −∞ < … < −0 < +0
//! < … < +∞ < NaN), small enough for the wasm.
//!
//! Four call sites (medians, quantiles, contour levels) sort or pick from at most a few hundred
//! thousand numbers; these two short routines serve them with a worst case no file can push
//! past O(n log n). Floats equal under total order have the same bits, so which of two equal
//! values lands first never shows: an unstable sort is exact here.
//!
//! - [`sort`]: heapsort, O(n log n) in every case and no extra memory.
//! - [`select`]: quickselect (Hoare), expected O(n); after 2·log₂ n rounds of partitioning that
//!   did not shrink the range enough (an adversarial file) it finishes by heapsorting what is
//!   left, so no input takes more than O(n log n).

use std::cmp::Ordering;

fn less(a: f64, b: f64) -> bool {
    a.total_cmp(&b) == Ordering::Less
}

/// Sorts `values` ascending in total order.
pub fn sort(values: &mut [f64]) {
    let n = values.len();
    // Build a max-heap (each parent ≥ its children), then move the maximum to the end n − 1 times.
    for root in (0..n / 2).rev() {
        sift_down(values, root, n);
    }
    for end in (1..n).rev() {
        values.swap(0, end);
        sift_down(values, 0, end);
    }
}

/// Restores the heap property below `root` in `heap[..end]`.
fn sift_down(heap: &mut [f64], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(heap[child], heap[child + 1]) {
            child += 1;
        }
        if !less(heap[root], heap[child]) {
            return;
        }
        heap.swap(root, child);
        root = child;
    }
}

/// The value of rank `rank` (0 = smallest) in total order, reordering `values` so that it sits
/// at `values[rank]` with nothing greater before it and nothing smaller after it.
///
/// Panics if `rank >= values.len()`.
pub fn select(values: &mut [f64], rank: usize) -> f64 {
    assert!(
        rank < values.len(),
        "rank {rank} of {} values",
        values.len()
    );
    let (mut lo, mut hi) = (0, values.len()); // the answer lies in values[lo..hi]
    let mut budget = 2 * (usize::BITS - values.len().leading_zeros());
    while hi - lo > 1 {
        if budget == 0 {
            sort(&mut values[lo..hi]);
            break;
        }
        budget -= 1;
        // The pivot: the median of the first, middle and last values, moved to the lower middle.
        // A pivot left of the last place makes every partition nonempty on both sides, and the
        // median of three splits sorted and reversed inputs evenly.
        let mid = lo + (hi - lo - 1) / 2;
        let last = hi - 1;
        if less(values[mid], values[lo]) {
            values.swap(mid, lo);
        }
        if less(values[last], values[mid]) {
            values.swap(last, mid);
            if less(values[mid], values[lo]) {
                values.swap(mid, lo);
            }
        }
        let pivot = values[mid];
        // Hoare partition: afterwards values[lo..=j] ≤ pivot ≤ values[j + 1..hi], both nonempty.
        let (mut i, mut j) = (lo, hi - 1);
        loop {
            while less(values[i], pivot) {
                i += 1;
            }
            while less(pivot, values[j]) {
                j -= 1;
            }
            if i >= j {
                break;
            }
            values.swap(i, j);
            i += 1;
            j -= 1;
        }
        if rank <= j {
            hi = j + 1;
        } else {
            lo = j + 1;
        }
    }
    values[rank]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sorted_by_std(values: &[f64]) -> Vec<u64> {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        v.iter().map(|x| x.to_bits()).collect()
    }

    /// Any f64 bit pattern (NaNs, infinities, zeros, subnormals), or a value from a short list
    /// so that ties are common.
    fn float() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<u64>().prop_map(f64::from_bits),
            prop::sample::select(vec![0.0, -0.0, 1.0, -1.0, 2.5, f64::INFINITY, f64::NAN]),
        ]
    }

    proptest! {
        #[test]
        fn sort_agrees_with_std(values in prop::collection::vec(float(), 0..300)) {
            let mut ours = values.clone();
            sort(&mut ours);
            let bits: Vec<u64> = ours.iter().map(|x| x.to_bits()).collect();
            prop_assert_eq!(bits, sorted_by_std(&values));
        }

        #[test]
        fn select_picks_the_rank_and_partitions(
            values in prop::collection::vec(float(), 1..300),
            at in 0.0..1.0f64,
        ) {
            let rank = ((values.len() - 1) as f64 * at) as usize;
            let mut ours = values.clone();
            let picked = select(&mut ours, rank);
            prop_assert_eq!(picked.to_bits(), sorted_by_std(&values)[rank]);
            prop_assert_eq!(ours[rank].to_bits(), picked.to_bits());
            prop_assert!(ours[..rank].iter().all(|&v| !less(picked, v)));
            prop_assert!(ours[rank + 1..].iter().all(|&v| !less(v, picked)));
            // A reordering: the same multiset of bits.
            prop_assert_eq!(sorted_by_std(&ours), sorted_by_std(&values));
        }
    }

    #[test]
    fn select_handles_sorted_reversed_and_constant_inputs() {
        let n = 100_001;
        let ascending: Vec<f64> = (0..n).map(|i| i as f64).collect();
        for rank in [0, 1, n / 2, n - 2, n - 1] {
            let r = rank as f64;
            assert_eq!(select(&mut ascending.clone(), rank), r);
            let mut descending: Vec<f64> = ascending.iter().rev().copied().collect();
            assert_eq!(select(&mut descending, rank), r);
            assert_eq!(select(&mut vec![7.0; n], rank), 7.0);
        }
    }

    #[test]
    fn select_falls_back_to_sorting_when_partitions_stay_lopsided() {
        // An organ-pipe input (0, 1, …, m, …, 1, 0) with many equal values; whatever the
        // partitions do, the fallback must still give the right answer.
        let m = 5000;
        let pipe: Vec<f64> = (0..m).chain((0..m).rev()).map(|i| i as f64).collect();
        let expected = sorted_by_std(&pipe);
        for rank in [0, 17, m, 2 * m - 1] {
            assert_eq!(select(&mut pipe.clone(), rank).to_bits(), expected[rank]);
        }
    }
}
