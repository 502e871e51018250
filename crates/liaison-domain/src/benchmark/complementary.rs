//! Rule 7 (docs/comparisons.md): complementary suppression across the rounding. Rules 2 and
//! 6 protect each count alone; a user who sees an aggregate and its members can still
//! subtract: the aggregate's largest possible value minus the smallest possible values of the
//! other members bounds a member from above. When that bound is new and below the minimum
//! count, the aggregate's count is shown as `<8` as well.
//!
//! The figures form a tree (world → regions → countries → FLSs) decided level by level, from
//! the countries up, so each level is checked against what the levels below now show.

use super::{Disclosed, Disclosure};

/// How one viewer sees one figure (rule 1: exact inside their own FLS, disclosed outside;
/// unseen when they may not see it at all, or an aggregate is not released).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    Exact,
    Disclosed,
    Unseen,
}

/// A count and the counts it is the sum of. Leaves are FLSs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub count: u64,
    pub sight: Sight,
    pub parts: Vec<Figure>,
}

impl Figure {
    pub fn leaf(count: u64, sight: Sight) -> Figure {
        Figure {
            count,
            sight,
            parts: Vec::new(),
        }
    }
}

/// What the viewer is shown of each figure (`None`: nothing), in the shape of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownFigure {
    pub shown: Option<Disclosed>,
    pub parts: Vec<ShownFigure>,
}

/// No upper bound.
const INF: u64 = u64::MAX;

struct Node {
    count: u64,
    sight: Sight,
    parent: Option<usize>,
    children: Vec<usize>,
    depth: usize,
    /// What the viewer can tell of the count from what they are shown of it.
    lo: u64,
    hi: u64,
    shown: Option<Disclosed>,
}

impl Disclosure {
    /// The range of counts a shown figure stands for, as a viewer who knows rules 2 and 6
    /// reads it. `<8` on an aggregate whose count is 8 or more was put there by rule 7: it
    /// then tells nothing, so no upper bound is taken from it.
    pub(super) fn range(&self, d: Option<Disclosed>, count: u64) -> (u64, u64) {
        let half = self.round_to / 2;
        match d {
            None => (0, INF),
            Some(Disclosed::Exact(n)) => (n, n),
            Some(Disclosed::Suppressed { below }) if count < below => (1, below - 1),
            Some(Disclosed::Suppressed { .. }) => (1, INF),
            Some(Disclosed::Rounded(r)) if self.round_to <= 1 => (r, r),
            Some(Disclosed::Rounded(r)) => (
                r.saturating_sub(half).max(self.min_count),
                r + (self.round_to - 1 - half),
            ),
        }
    }

    /// Rules 2, 6 and 7 over a tree of figures: what the viewer sees of each. Leaves follow
    /// rule 2; an aggregate seen `Disclosed` follows rule 6, then rule 7: for each member the
    /// viewer does not see exactly and whose count is not 0 (one at a time), and for all of
    /// them together when the viewer sees some member exactly ("everyone but my own FLS"),
    /// the subtraction "aggregate's largest possible value − the smallest possible values of
    /// the rest" must not give a bound below `min_count` that is tighter than the one the
    /// viewer had without the aggregate. If it does, the aggregate's count is `<8` too.
    pub fn disclose_tree(&self, root: &Figure) -> ShownFigure {
        let mut nodes = Vec::new();
        flatten(root, None, 0, &mut nodes);
        for n in nodes.iter_mut().filter(|n| n.children.is_empty()) {
            n.shown = match n.sight {
                Sight::Exact => Some(Disclosed::Exact(n.count)),
                Sight::Disclosed => Some(self.disclose_count(n.count)),
                Sight::Unseen => None,
            };
        }
        for n in nodes.iter_mut().filter(|n| n.children.is_empty()) {
            (n.lo, n.hi) = self.range(n.shown, n.count);
        }
        let deepest = nodes.iter().map(|n| n.depth).max().unwrap_or(0);
        for depth in (0..=deepest).rev() {
            for f in 0..nodes.len() {
                if nodes[f].depth != depth || nodes[f].children.is_empty() {
                    continue;
                }
                let shown = match nodes[f].sight {
                    Sight::Exact => Some(Disclosed::Exact(nodes[f].count)),
                    Sight::Unseen => None,
                    Sight::Disclosed => {
                        let d = self.disclose_count(nodes[f].count);
                        let (lo, hi) = self.range(Some(d), nodes[f].count);
                        nodes[f].lo = lo;
                        nodes[f].hi = hi;
                        if matches!(d, Disclosed::Rounded(_)) && self.exposes(&nodes, f) {
                            Some(Disclosed::Suppressed {
                                below: self.min_count,
                            })
                        } else {
                            Some(d)
                        }
                    }
                };
                let (lo, hi) = self.range(shown, nodes[f].count);
                nodes[f].shown = shown;
                nodes[f].lo = lo;
                nodes[f].hi = hi;
            }
        }
        unflatten(&nodes, 0)
    }

    /// Would aggregate `f`, shown as its candidate range, bound a protected part of it?
    fn exposes(&self, nodes: &[Node], f: usize) -> bool {
        let min = self.min_count;
        // L(n): the smallest the viewer can tell n is, from n and everything below it.
        let mut low = vec![0u64; nodes.len()];
        let mut sum_low = vec![0u64; nodes.len()];
        fill_low(nodes, f, &mut low, &mut sum_low);
        let hi_f = nodes[f].hi;
        let mut leaves = Vec::new();
        leaves_of(nodes, f, &mut leaves);
        // One member at a time.
        for &j in &leaves {
            let leaf = &nodes[j];
            if leaf.sight == Sight::Exact || leaf.count == 0 {
                continue;
            }
            // The smallest f can be without j, walking up from j.
            let (mut child, mut without) = (j, 0u64);
            let mut n = leaf.parent;
            while let Some(p) = n {
                let from_parts = (sum_low[p] - low[child]).saturating_add(without);
                let from_itself = if leaf.hi == INF {
                    0
                } else {
                    nodes[p].lo.saturating_sub(leaf.hi)
                };
                without = from_parts.max(from_itself);
                if p == f {
                    break;
                }
                child = p;
                n = nodes[p].parent;
            }
            let bound = hi_f.saturating_sub(without);
            if bound < min && bound < leaf.hi {
                return true;
            }
        }
        // Everyone but the viewer's own FLSs, together.
        let own = leaves.iter().any(|&j| nodes[j].sight == Sight::Exact);
        let rest: u64 = leaves
            .iter()
            .filter(|&&j| nodes[j].sight != Sight::Exact)
            .map(|&j| nodes[j].count)
            .sum();
        if own && rest > 0 {
            let (without, rest_hi) = own_part(nodes, f);
            let bound = hi_f.saturating_sub(without);
            if bound < min && bound < rest_hi {
                return true;
            }
        }
        false
    }
}

fn flatten(f: &Figure, parent: Option<usize>, depth: usize, out: &mut Vec<Node>) -> usize {
    let i = out.len();
    out.push(Node {
        count: f.count,
        sight: f.sight,
        parent,
        children: Vec::new(),
        depth,
        lo: 0,
        hi: INF,
        shown: None,
    });
    for p in &f.parts {
        let c = flatten(p, Some(i), depth + 1, out);
        out[i].children.push(c);
    }
    i
}

fn unflatten(nodes: &[Node], i: usize) -> ShownFigure {
    ShownFigure {
        shown: nodes[i].shown,
        parts: nodes[i]
            .children
            .iter()
            .map(|&c| unflatten(nodes, c))
            .collect(),
    }
}

fn fill_low(nodes: &[Node], n: usize, low: &mut [u64], sum_low: &mut [u64]) {
    let mut s = 0u64;
    for &c in &nodes[n].children {
        fill_low(nodes, c, low, sum_low);
        s = s.saturating_add(low[c]);
    }
    sum_low[n] = s;
    low[n] = if nodes[n].children.is_empty() {
        nodes[n].lo
    } else {
        s.max(nodes[n].lo)
    };
}

fn leaves_of(nodes: &[Node], n: usize, out: &mut Vec<usize>) {
    if nodes[n].children.is_empty() {
        out.push(n);
    }
    for &c in &nodes[n].children {
        leaves_of(nodes, c, out);
    }
}

/// For the members not seen exactly under `n`, together: (the smallest n can be without
/// them, the largest they can be from their own figures).
fn own_part(nodes: &[Node], n: usize) -> (u64, u64) {
    let node = &nodes[n];
    if node.children.is_empty() {
        return if node.sight == Sight::Exact {
            (node.lo, 0)
        } else {
            (0, node.hi)
        };
    }
    let (mut without, mut rest_hi) = (0u64, 0u64);
    for &c in &node.children {
        let (w, h) = own_part(nodes, c);
        without = without.saturating_add(w);
        rest_hi = rest_hi.saturating_add(h);
    }
    let from_itself = if rest_hi == INF {
        0
    } else {
        node.lo.saturating_sub(rest_hi)
    };
    (without.max(from_itself), rest_hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Sight::*;

    fn agg(count: u64, sight: Sight, parts: Vec<Figure>) -> Figure {
        Figure {
            count,
            sight,
            parts,
        }
    }

    fn seen(counts: &[u64]) -> Vec<Figure> {
        counts.iter().map(|c| Figure::leaf(*c, Disclosed)).collect()
    }

    const LESS: Option<super::Disclosed> = Some(super::Disclosed::Suppressed { below: 8 });

    fn shown(n: u64) -> Option<super::Disclosed> {
        Some(super::Disclosed::Rounded(n))
    }

    #[test]
    fn rounding_that_pins_suppressed_members_suppresses_the_aggregate() {
        // docs/comparisons.md: a country shown 10 (at most 12), one member shown 10 (at least
        // 8) and four `<8` (at least 1 each) would pin the four at 1.
        let d = Disclosure::default();
        let t = d.disclose_tree(&agg(12, Disclosed, seen(&[8, 1, 1, 1, 1])));
        assert_eq!(t.shown, LESS);
        assert_eq!(t.parts[0].shown, shown(10));
        assert!(t.parts[1..].iter().all(|p| p.shown == LESS));
    }

    #[test]
    fn enough_slack_leaves_the_aggregate_rounded() {
        let d = Disclosure::default();
        // 405 at most, minus 4 × 98 at least: the `<8` member is bounded by 15, not below 8.
        let t = d.disclose_tree(&agg(403, Disclosed, seen(&[100, 100, 100, 100, 3])));
        assert_eq!(t.shown, shown(405));
        // A bound of exactly 7 tells nothing `<8` did not: 8 + 7 + 7 = 22, shown 20 (at most 22).
        let t = d.disclose_tree(&agg(22, Disclosed, seen(&[8, 7, 7])));
        assert_eq!(t.shown, shown(20));
    }

    #[test]
    fn everyone_but_the_viewers_own_fls_is_protected_together() {
        let d = Disclosure::default();
        let own = |n| Figure::leaf(n, Exact);
        let hidden = |n| Figure::leaf(n, Unseen);
        // 103 shown 105 (at most 107) minus my 100: the others hold at most 7.
        let t = d.disclose_tree(&agg(103, Disclosed, vec![own(100), hidden(2), hidden(1)]));
        assert_eq!(t.shown, LESS);
        assert_eq!(t.parts[1].shown, None);
        // The others holding 20 are not small.
        let t = d.disclose_tree(&agg(120, Disclosed, vec![own(100), hidden(12), hidden(8)]));
        assert_eq!(t.shown, shown(120));
        // The others holding nothing need no protection (0 is shown as 0 anyway).
        let t = d.disclose_tree(&agg(100, Disclosed, vec![own(100), hidden(0), hidden(0)]));
        assert_eq!(t.shown, shown(100));
    }

    #[test]
    fn levels_are_decided_from_the_countries_up() {
        let d = Disclosure::default();
        let big = agg(300, Disclosed, seen(&[100, 100, 100]));
        let small = agg(11, Disclosed, seen(&[9, 1, 1]));
        let region = agg(311, Disclosed, vec![big, small]);
        let t = d.disclose_tree(&agg(311, Disclosed, vec![region]));
        // The small country pins its `<8` members; then the region minus the big country
        // would bound the small one's members as well, and the world minus nothing likewise.
        assert_eq!(t.parts[0].parts[1].shown, LESS);
        assert_eq!(t.parts[0].parts[0].shown, shown(300));
        assert_eq!(t.parts[0].shown, LESS);
        assert_eq!(t.shown, LESS);
    }

    #[test]
    fn exact_and_unseen_aggregates_are_left_as_they_are() {
        let d = Disclosure::default();
        let t = d.disclose_tree(&agg(12, Exact, seen(&[8, 1, 1, 1, 1])));
        assert_eq!(t.shown, Some(super::Disclosed::Exact(12)));
        let t = d.disclose_tree(&agg(12, Unseen, seen(&[8, 1, 1, 1, 1])));
        assert_eq!(t.shown, None);
        let t = d.disclose_tree(&agg(0, Disclosed, seen(&[0, 0, 0])));
        assert_eq!(t.shown, Some(super::Disclosed::Exact(0)));
    }

    /// Every exact count the subtraction could reach is closed: for random small trees, no
    /// `<8` member is pinned by "aggregate's most − others' least".
    #[test]
    fn no_suppressed_member_is_bounded_below_what_it_shows() {
        let d = Disclosure::default();
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for _ in 0..5000 {
            let n = 3 + next(4) as usize;
            let counts: Vec<u64> = (0..n)
                .map(|_| if next(2) == 0 { next(8) } else { next(30) })
                .collect();
            let total: u64 = counts.iter().sum();
            let t = d.disclose_tree(&agg(total, Disclosed, seen(&counts)));
            let Some(super::Disclosed::Rounded(_)) = t.shown else {
                continue;
            };
            let (_, hi) = d.range(t.shown, total);
            let lows: Vec<u64> = t
                .parts
                .iter()
                .zip(&counts)
                .map(|(p, c)| d.range(p.shown, *c).0)
                .collect();
            for (j, p) in t.parts.iter().enumerate() {
                if p.shown == LESS {
                    let others: u64 = lows
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != j)
                        .map(|(_, l)| l)
                        .sum();
                    let bound = hi.saturating_sub(others);
                    assert!(bound >= 7, "{counts:?}: member {j} bounded by {bound}");
                }
            }
        }
    }
}
