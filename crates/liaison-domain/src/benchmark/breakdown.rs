//! Disclosure of a breakdown (dataset version 2, docs/comparisons.md "Breakdowns"): a figure
//! already shown, split into cells that add up to it. Inside the viewer's own FLS every cell
//! is exact. Elsewhere each cell follows rule 2, and then:
//!
//! - **the second withheld cell**: when exactly one cell is withheld, the next smallest
//!   non-zero cell is withheld too, so the withheld one is not "the total minus the rest";
//! - **across the rounding** (rule 7's test, with the total fixed): while the total's largest
//!   possible value minus the smallest possible values of the other cells bounds a withheld
//!   cell below 8 and tighter than `<8` does, or that bound and "the total's least − the
//!   others' most" pin it to one value, the smallest cell still shown is withheld too;
//! - **a breakdown withheld whole**: when the viewer sees the total as `<8` or not at all (the
//!   cells would give it back), or when a withheld cell can still be worked out once every
//!   non-zero cell is withheld, no cell of that count is shown, zeros included.
//!
//! Unlike rule 7 over a tree ([`Disclosure::disclose_tree`]), the total cannot be withheld
//! here: it is the figure without breakdown, shown elsewhere. So protection withholds more
//! cells instead.

use super::{Disclosed, Disclosure, Sight};

/// One cell of a breakdown as one viewer may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub count: u64,
    pub sight: Sight,
    /// Already withheld by a rule applied elsewhere (rule 7 over the cell's own tree of
    /// countries and FLSs): shown `<8` whatever its size.
    pub withheld: bool,
}

impl Cell {
    pub fn new(count: u64, sight: Sight) -> Cell {
        Cell {
            count,
            sight,
            withheld: false,
        }
    }
}

impl Disclosure {
    /// What the viewer sees of each cell of a breakdown of a count `total` that they are shown
    /// as `total_shown` (`None`: not shown). Cells seen `Exact` stay exact. `None`: the cell is
    /// withheld whatever its size, zero included: an `Unseen` cell, or every cell not seen
    /// exactly when the breakdown of this count is withheld whole (its total is withheld, or
    /// no set of cells can be withheld that keeps each withheld cell from being worked out).
    pub fn disclose_breakdown(
        &self,
        total: u64,
        total_shown: Option<Disclosed>,
        cells: &[Cell],
    ) -> Vec<Option<Disclosed>> {
        let less = Disclosed::Suppressed {
            below: self.min_count,
        };
        let total_withheld = match total_shown {
            None => true,
            Some(d) => d.is_suppressed(),
        };
        let whole = |cells: &[Cell]| -> Vec<Option<Disclosed>> {
            cells
                .iter()
                .map(|c| (c.sight == Sight::Exact).then_some(Disclosed::Exact(c.count)))
                .collect()
        };
        if total_withheld {
            return whole(cells);
        }
        let mut shown: Vec<Option<Disclosed>> = cells
            .iter()
            .map(|c| match c.sight {
                Sight::Exact => Some(Disclosed::Exact(c.count)),
                Sight::Unseen => None,
                Sight::Disclosed if c.withheld => Some(less),
                Sight::Disclosed => Some(self.disclose_count(c.count)),
            })
            .collect();
        // The cells still shown as a number that may be withheld, smallest first.
        let next = |shown: &[Option<Disclosed>]| {
            cells
                .iter()
                .enumerate()
                .filter(|(i, c)| {
                    c.sight == Sight::Disclosed
                        && c.count > 0
                        && matches!(shown[*i], Some(Disclosed::Rounded(_)))
                })
                .min_by_key(|(i, c)| (c.count, *i))
                .map(|(i, _)| i)
        };
        let withheld = |shown: &[Option<Disclosed>]| {
            cells
                .iter()
                .zip(shown)
                .filter(|(c, s)| c.count > 0 && s.is_none_or(|d| d.is_suppressed()))
                .count()
        };
        if withheld(&shown) == 1
            && let Some(i) = next(&shown)
        {
            shown[i] = Some(less);
        }
        let total_range = self.range(total_shown, total);
        while self.breakdown_exposes(total_range, cells, &shown) {
            match next(&shown) {
                Some(i) => shown[i] = Some(less),
                // Every non-zero cell is withheld and one can still be worked out (four
                // cells `<8` of a total of at least 28 are 7 each): the count's breakdown is
                // withheld whole, zeros included.
                None => return whole(cells),
            }
        }
        shown
    }

    /// Can a withheld cell be worked out from the total and the other cells? Either "the
    /// total's most − the other cells' least" bounds it below `min_count` and tighter than
    /// what the viewer knew of it (rule 7's test), or that bound meets "the total's least −
    /// the other cells' most" and pins it.
    fn breakdown_exposes(
        &self,
        (lo_total, hi_total): (u64, u64),
        cells: &[Cell],
        shown: &[Option<Disclosed>],
    ) -> bool {
        let ranges: Vec<(u64, u64)> = cells
            .iter()
            .zip(shown)
            .map(|(c, s)| self.range(*s, c.count))
            .collect();
        let sum_lo: u64 = ranges.iter().fold(0u64, |a, r| a.saturating_add(r.0));
        let sum_hi: u64 = ranges.iter().fold(0u64, |a, r| a.saturating_add(r.1));
        cells.iter().enumerate().any(|(j, c)| {
            let hidden = shown[j].is_none_or(|d| d.is_suppressed());
            if c.sight == Sight::Exact || c.count == 0 || !hidden {
                return false;
            }
            let (lo_j, hi_j) = ranges[j];
            let upper = hi_total.saturating_sub(sum_lo - lo_j);
            let others_hi = if hi_j == u64::MAX || sum_hi == u64::MAX {
                // Some other cell has no upper bound (or the sum overflowed): no lower bound.
                u64::MAX
            } else {
                sum_hi - hi_j
            };
            let lower = lo_total.saturating_sub(others_hi).max(lo_j);
            (upper < self.min_count && upper < hi_j) || lower >= upper.min(hi_j)
        })
    }

    /// The range of counts a shown figure stands for (rules 2 and 6 as a viewer reads them).
    pub fn shown_range(&self, d: Option<Disclosed>, count: u64) -> (u64, u64) {
        self.range(d, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESS: Option<Disclosed> = Some(Disclosed::Suppressed { below: 8 });

    fn outside(counts: &[u64]) -> (Vec<Option<Disclosed>>, Option<Disclosed>) {
        let d = Disclosure::default();
        let total: u64 = counts.iter().sum();
        let shown = Some(d.disclose_count(total));
        let cells: Vec<Cell> = counts
            .iter()
            .map(|c| Cell::new(*c, Sight::Disclosed))
            .collect();
        (d.disclose_breakdown(total, shown, &cells), shown)
    }

    #[test]
    fn inside_every_cell_is_exact() {
        let d = Disclosure::default();
        let cells = [
            Cell::new(3, Sight::Exact),
            Cell::new(0, Sight::Exact),
            Cell::new(40, Sight::Exact),
        ];
        let s = d.disclose_breakdown(43, Some(Disclosed::Exact(43)), &cells);
        assert_eq!(
            s,
            [3, 0, 40].map(|n| Some(Disclosed::Exact(n))).to_vec(),
            "cells add up to the total and nothing is withheld"
        );
    }

    #[test]
    fn one_withheld_cell_takes_the_next_smallest_with_it() {
        // 100 = 60 + 37 + 3: the 3 alone would be 100 − 60 − 37 within the rounding.
        let (s, _) = outside(&[60, 37, 3]);
        assert_eq!(s[0], Some(Disclosed::Rounded(60)));
        assert_eq!(s[1], LESS, "the next smallest non-zero cell");
        assert_eq!(s[2], LESS);
        // Zero stays zero and is not "the next smallest non-zero".
        let (s, _) = outside(&[60, 0, 37, 3]);
        assert_eq!(s[1], Some(Disclosed::Exact(0)));
        assert_eq!(s[2], LESS);
        // Two withheld already: nothing more to do when the rounding leaves enough slack.
        let (s, _) = outside(&[100, 100, 3, 4]);
        assert_eq!(s[..2], [Some(Disclosed::Rounded(100)); 2]);
    }

    #[test]
    fn rounding_that_pins_withheld_cells_withholds_more() {
        // 12 shown 10 (at most 12), 8 shown 10 (at least 8), four `<8` (at least 1 each):
        // each `<8` would be at most 12 − 8 − 3 = 1.
        let (s, _) = outside(&[8, 1, 1, 1, 1]);
        assert!(s.iter().all(|x| *x == LESS), "{s:?}");
    }

    #[test]
    fn a_breakdown_of_a_withheld_figure_is_withheld() {
        let d = Disclosure::default();
        let cells = [
            Cell::new(5, Sight::Disclosed),
            Cell::new(0, Sight::Disclosed),
        ];
        assert_eq!(d.disclose_breakdown(5, LESS, &cells), [None, None]);
        // Rule 7 withheld a large total: its cells must not give it back.
        let cells = [
            Cell::new(50, Sight::Disclosed),
            Cell::new(40, Sight::Disclosed),
        ];
        assert_eq!(d.disclose_breakdown(90, LESS, &cells), [None, None]);
        assert_eq!(d.disclose_breakdown(90, None, &cells), [None, None]);
        // Four cells of 7: a total shown 30 is at least 28, so each `<8` would be 7.
        let (s, _) = outside(&[7, 7, 7, 7]);
        assert_eq!(s, [None; 4]);
        // The same with cells left to withhold: the smallest goes too (203 shown 205 is at
        // least 203; 147 and 42 at most their counts: 203 − 147 − 7 − 42 pins the first 7).
        let (s, _) = outside(&[7, 147, 7, 42]);
        assert_eq!(s, [LESS, Some(Disclosed::Rounded(145)), LESS, LESS]);
    }

    #[test]
    fn exact_cells_stay_exact_beside_disclosed_ones() {
        let d = Disclosure::default();
        // My own FLS (exact) beside the others together.
        let cells = [Cell::new(40, Sight::Exact), Cell::new(60, Sight::Disclosed)];
        let s = d.disclose_breakdown(100, Some(Disclosed::Rounded(100)), &cells);
        assert_eq!(
            s,
            [Some(Disclosed::Exact(40)), Some(Disclosed::Rounded(60))]
        );
        // A cell withheld elsewhere (rule 7 across levels) is `<8`, and takes a second one.
        let cells = [
            Cell {
                count: 50,
                sight: Sight::Disclosed,
                withheld: true,
            },
            Cell::new(30, Sight::Disclosed),
            Cell::new(20, Sight::Disclosed),
        ];
        let s = d.disclose_breakdown(100, Some(Disclosed::Rounded(100)), &cells);
        assert_eq!(s, [LESS, Some(Disclosed::Rounded(30)), LESS]);
    }

    /// SplitMix64: a fixed seed, no dependency.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) % n
        }
    }

    /// Outside the FLS, over random breakdowns of 2 to 11 cells: no cell of 1–7 is shown as a
    /// number; never exactly one cell is withheld while another could be; and no withheld
    /// cell can be worked out from the total and the other cells: the range a viewer can
    /// infer for it ("total's most − others' least" down to "total's least − others' most")
    /// holds at least two values, and its upper end is no tighter than `<8` says. A breakdown
    /// withheld whole shows nothing of any cell.
    #[test]
    fn property_outside_no_small_cell_is_shown_or_derivable() {
        let d = Disclosure::default();
        let mut g = Rng(20_261_202);
        let mut withheld_whole = 0;
        for _ in 0..20_000 {
            let n = 2 + g.below(10) as usize;
            let counts: Vec<u64> = (0..n)
                .map(|_| match g.below(4) {
                    0 => 0,
                    1 => 1 + g.below(7),
                    2 => g.below(30),
                    _ => g.below(400),
                })
                .collect();
            let (s, total_shown) = outside(&counts);
            let total: u64 = counts.iter().sum();
            if s.iter().any(Option::is_none) {
                // Withheld whole: nothing of any cell is shown.
                assert!(s.iter().all(Option::is_none), "{counts:?}: {s:?}");
                withheld_whole += 1;
                continue;
            }
            for (c, x) in counts.iter().zip(&s) {
                let x = x.expect("every cell seen outside is shown");
                if let Some(v) = x.shown() {
                    assert!(v == 0 || v >= 8, "{counts:?}: {v} shown");
                    assert_eq!(v == 0, *c == 0, "{counts:?}");
                }
            }
            let hidden: Vec<usize> = (0..n)
                .filter(|&i| counts[i] > 0 && s[i].is_some_and(|x| x.is_suppressed()))
                .collect();
            let rounded_left = (0..n).any(|i| matches!(s[i], Some(Disclosed::Rounded(_))));
            if hidden.len() == 1 {
                assert!(!rounded_left, "{counts:?}: one withheld cell alone: {s:?}");
            }
            if total_shown.is_some_and(|t| t.is_suppressed()) {
                continue;
            }
            let (lo_t, hi_t) = d.shown_range(total_shown, total);
            let ranges: Vec<(u64, u64)> = (0..n).map(|i| d.shown_range(s[i], counts[i])).collect();
            for &j in &hidden {
                let others_lo: u64 = (0..n).filter(|&i| i != j).map(|i| ranges[i].0).sum();
                let others_hi = (0..n)
                    .filter(|&i| i != j)
                    .fold(0u64, |a, i| a.saturating_add(ranges[i].1));
                let hi = hi_t.saturating_sub(others_lo).min(ranges[j].1);
                let lo = lo_t.saturating_sub(others_hi).max(ranges[j].0);
                assert!(hi > lo, "{counts:?}: cell {j} is {lo}..={hi}: {s:?}");
                assert!(hi >= 7, "{counts:?}: cell {j} at most {hi}: {s:?}");
            }
        }
        // Rare: mostly small totals of many small cells.
        assert!(withheld_whole < 2_000, "{withheld_whole}");
    }

    /// Inside the FLS the cells are the counts, so they add up to the figure.
    #[test]
    fn property_inside_cells_sum_to_the_total() {
        let d = Disclosure::default();
        let mut g = Rng(7);
        for _ in 0..2_000 {
            let n = 2 + g.below(10) as usize;
            let counts: Vec<u64> = (0..n).map(|_| g.below(50)).collect();
            let total: u64 = counts.iter().sum();
            let cells: Vec<Cell> = counts.iter().map(|c| Cell::new(*c, Sight::Exact)).collect();
            let s = d.disclose_breakdown(total, Some(Disclosed::Exact(total)), &cells);
            let sum: u64 = s.iter().map(|x| x.and_then(|x| x.shown()).unwrap()).sum();
            assert_eq!(sum, total);
        }
    }
}
