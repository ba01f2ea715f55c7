//! Exact summaries of a population run in partitions (a Spark job's tasks, a stream's batches),
//! each partition summarised where it runs and the partials merged, with the income deciles of
//! the whole population by two passes (see the parent module's *Merging partitions*).
//!
//! - **Pass 1, boundaries.** Each partition reports its [`RankHistogram`]: for each distinct
//!   income per member ([`PerMember`], an exact fraction) the weight of its households with it.
//!   [`DecileBoundaries::locate`] merges the histograms of every partition, in partition order,
//!   and finds the nine decile boundaries of the whole population.
//! - **Pass 2, counts.** Each partition assigns its households' deciles from the boundaries
//!   ([`DecileBoundaries::deciles`]) and summarises itself with them
//!   ([`Aggregator::summary_of`](super::Aggregator::summary_of)); the [`Summary`]s merge with
//!   [`Summary::merge`].
//!
//! Households are ranked by income per member, ties by partition and then by their order in
//! the partition: when the partitions are consecutive ranges of the population in order, this
//! is the single-process ranking (ties in input order), so the deciles and every figure are the
//! same to the fen. The partials cross processes as bytes ([`RankHistogram::to_bytes`],
//! [`DecileBoundaries::to_bytes`], [`Summary::to_bytes`]): little-endian integers, no floating
//! point; malformed bytes are an `invalid_value` error, never a panic.

use std::cmp::Ordering;

use crate::error::{Error, ErrorCode};

use super::{Cost, DECILES, ScenarioCost, Summary, Tally};

/// A household's monthly income per member, as an exact fraction in lowest terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PerMember {
    /// Income ÷ gcd, fen.
    pub income: i64,
    /// Members ÷ gcd, at least 1.
    pub members: u32,
}

impl PerMember {
    /// `income / members` in lowest terms; `None` without members.
    pub fn new(income: i64, members: u32) -> Option<PerMember> {
        if members == 0 {
            return None;
        }
        let (mut a, mut b) = (income.unsigned_abs(), u64::from(members));
        while b != 0 {
            (a, b) = (b, a % b);
        }
        let g = a.max(1);
        let members = u32::try_from(u64::from(members) / g).ok()?;
        let income = i64::try_from(i128::from(income) / i128::from(g)).ok()?;
        Some(PerMember { income, members })
    }

    /// Compares the fractions exactly (cross-multiplication in 128 bits).
    pub fn compare(&self, other: &PerMember) -> Ordering {
        (i128::from(self.income) * i128::from(other.members))
            .cmp(&(i128::from(other.income) * i128::from(self.members)))
    }
}

/// One partition's households of positive weight with members: for each distinct income per
/// member, in increasing order, the Σ of their weight units.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RankHistogram {
    entries: Vec<(PerMember, i128)>,
}

fn lengths(income: &[i64], members: &[u32], weights: &[i64]) -> Result<(), Error> {
    let n = weights.len();
    for (name, len) in [("income", income.len()), ("members", members.len())] {
        if len != n {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                name,
                format!("{len} values for {n} households"),
            ));
        }
    }
    Ok(())
}

impl RankHistogram {
    /// The histogram of a partition's households (`weights` as the aggregator's, 0 for an
    /// excluded household: such households, and those without members, are not ranked).
    pub fn of(income: &[i64], members: &[u32], weights: &[i64]) -> Result<RankHistogram, Error> {
        lengths(income, members, weights)?;
        let mut ranked: Vec<(PerMember, i128)> = income
            .iter()
            .zip(members)
            .zip(weights)
            .filter(|(_, w)| **w > 0)
            .filter_map(|((x, m), w)| PerMember::new(*x, *m).map(|f| (f, i128::from(*w))))
            .collect();
        ranked.sort_unstable_by(|a, b| a.0.compare(&b.0));
        let mut entries: Vec<(PerMember, i128)> = Vec::new();
        for (f, w) in ranked {
            match entries.last_mut() {
                Some((g, v)) if *g == f => *v += w,
                _ => entries.push((f, w)),
            }
        }
        Ok(RankHistogram { entries })
    }

    /// The distinct incomes per member, in increasing order, with their weight.
    pub fn entries(&self) -> &[(PerMember, i128)] {
        &self.entries
    }

    /// Σ weight of the ranked households.
    pub fn total(&self) -> i128 {
        self.entries.iter().map(|(_, w)| *w).sum()
    }

    /// The histogram as bytes (for [`RankHistogram::from_bytes`] in another process).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::new(b'H');
        out.len(self.entries.len());
        for (f, w) in &self.entries {
            out.i64(f.income);
            out.u32(f.members);
            out.i128(*w);
        }
        out.bytes
    }

    /// Reads [`RankHistogram::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<RankHistogram, Error> {
        let mut r = Reader::new(bytes, b'H')?;
        let n = r.len(28)?;
        let mut entries = Vec::with_capacity(n);
        let mut previous: Option<PerMember> = None;
        for _ in 0..n {
            let (income, members, w) = (r.i64()?, r.u32()?, r.i128()?);
            let f = PerMember::new(income, members)
                .filter(|f| f.income == income && f.members == members && w > 0)
                .ok_or_else(|| malformed("a histogram entry is not a reduced fraction"))?;
            if previous.is_some_and(|p| p.compare(&f) != Ordering::Less) {
                return Err(malformed("the histogram is not in increasing order"));
            }
            previous = Some(f);
            entries.push((f, w));
        }
        r.end()?;
        Ok(RankHistogram { entries })
    }
}

/// Where decile `d + 1` begins: at the households with income per member `at` in partition
/// `partition` whose cumulative weight among those households (in partition order, itself
/// included) is at least `from`; every household ranked after that group is past it too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Boundary {
    /// The income per member of the group holding the boundary.
    pub at: PerMember,
    /// The partition of the group.
    pub partition: u64,
    /// The first cumulative weight within the group that is past the boundary.
    pub from: i128,
}

/// The nine decile boundaries of a population in partitions, from every partition's
/// [`RankHistogram`] (pass 1); [`DecileBoundaries::deciles`] assigns a partition's households
/// their decile (pass 2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecileBoundaries {
    /// Σ weight of every ranked household (`W`).
    pub total: i128,
    /// `boundaries[d − 1]`: where decile `d + 1` begins (empty when no household is ranked).
    pub boundaries: Vec<Boundary>,
}

impl DecileBoundaries {
    /// The boundaries of the population whose partitions have these histograms, each keyed by
    /// its position in the population's order (e.g. a Spark partition index). Keys must differ.
    pub fn locate(parts: &[(u64, RankHistogram)]) -> Result<DecileBoundaries, Error> {
        let mut keys: Vec<u64> = parts.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        if let Some(k) = keys.windows(2).find(|w| w.first() == w.get(1)) {
            return Err(Error::new(
                ErrorCode::DuplicateId,
                "partition",
                format!(
                    "partition {} was given twice",
                    k.first().copied().unwrap_or(0)
                ),
            ));
        }
        let mut all: Vec<(PerMember, u64, i128)> = parts
            .iter()
            .flat_map(|(k, h)| h.entries.iter().map(move |(f, w)| (*f, *k, *w)))
            .collect();
        all.sort_unstable_by(|a, b| a.0.compare(&b.0).then(a.1.cmp(&b.1)));
        let total: i128 = all.iter().map(|(_, _, w)| *w).sum();
        let mut boundaries = Vec::new();
        if total > 0 {
            let (mut before, mut next) = (0_i128, all.iter());
            let mut group = next.next();
            for d in 1..DECILES {
                let target = i128::try_from(d).unwrap_or(0) * total;
                // The group whose cumulative weights (before, before + w] hold the first
                // household with 10 × C > d × W.
                while let Some((_, _, w)) = group {
                    if 10 * (before + w) > target {
                        break;
                    }
                    before += w;
                    group = next.next();
                }
                let Some((at, partition, _)) = group else {
                    break;
                };
                boundaries.push(Boundary {
                    at: *at,
                    partition: *partition,
                    from: (target - 10 * before) / 10 + 1,
                });
            }
        }
        Ok(DecileBoundaries { total, boundaries })
    }

    /// The deciles (1–10; 0 for a household not ranked) of the households of partition
    /// `partition`, in its order, as [`Aggregator::deciles`](super::Aggregator::deciles) would
    /// give them over the whole population.
    pub fn deciles(
        &self,
        partition: u64,
        income: &[i64],
        members: &[u32],
        weights: &[i64],
    ) -> Result<Vec<u8>, Error> {
        lengths(income, members, weights)?;
        // The running weight of the groups of this partition that hold a boundary.
        let mut running: Vec<(PerMember, i128)> = self
            .boundaries
            .iter()
            .filter(|b| b.partition == partition)
            .map(|b| (b.at, 0))
            .collect();
        running.dedup_by(|a, b| a.0 == b.0);
        let mut out = vec![0_u8; weights.len()];
        for (((o, x), m), w) in out.iter_mut().zip(income).zip(members).zip(weights) {
            if *w <= 0 {
                continue;
            }
            let Some(f) = PerMember::new(*x, *m) else {
                continue;
            };
            let mut within = 0;
            if let Some((_, c)) = running.iter_mut().find(|(g, _)| *g == f) {
                *c += i128::from(*w);
                within = *c;
            }
            let mut decile = 1_u8;
            for b in &self.boundaries {
                let past = match f.compare(&b.at).then(partition.cmp(&b.partition)) {
                    Ordering::Greater => true,
                    Ordering::Equal => within >= b.from,
                    Ordering::Less => false,
                };
                if !past {
                    break;
                }
                decile += 1;
            }
            *o = decile;
        }
        Ok(out)
    }

    /// The boundaries as bytes (for [`DecileBoundaries::from_bytes`] in another process).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::new(b'B');
        out.i128(self.total);
        out.len(self.boundaries.len());
        for b in &self.boundaries {
            out.i64(b.at.income);
            out.u32(b.at.members);
            out.u64(b.partition);
            out.i128(b.from);
        }
        out.bytes
    }

    /// Reads [`DecileBoundaries::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<DecileBoundaries, Error> {
        let mut r = Reader::new(bytes, b'B')?;
        let total = r.i128()?;
        let n = r.len(36)?;
        if n >= DECILES {
            return Err(malformed("more than nine decile boundaries"));
        }
        let mut boundaries = Vec::with_capacity(n);
        for _ in 0..n {
            let (income, members) = (r.i64()?, r.u32()?);
            let at = PerMember::new(income, members)
                .filter(|f| f.income == income && f.members == members)
                .ok_or_else(|| malformed("a boundary is not a reduced fraction"))?;
            boundaries.push(Boundary {
                at,
                partition: r.u64()?,
                from: r.i128()?,
            });
        }
        r.end()?;
        Ok(DecileBoundaries { total, boundaries })
    }
}

/// One partition's ranked households for the summaries in **one pass**: each household of
/// positive weight with members, in the partition's order, with its counted income, members,
/// weight units and annual total under every scenario. The driver concatenates the
/// partitions' rows in partition order and ranks them as one population
/// ([`RankedRows::by_decile`]): the single-process ranking and deciles, so the by-decile
/// tallies are the same to the fen, with no second reading of the population. The other
/// summaries (cost, winners and losers, by district) need no ranking and come with the
/// partition's [`Summary`] (its deciles all 0). Size: 20 + 8 × scenarios bytes a household.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RankedRows {
    scale: u32,
    income: Vec<i64>,
    members: Vec<u32>,
    weights: Vec<i64>,
    /// Per scenario, per row: annual total, fen.
    annual: Vec<Vec<i64>>,
}

impl RankedRows {
    /// The rows of an aggregator's households (`income` and `members` as for
    /// [`Aggregator::deciles`](super::Aggregator::deciles)).
    pub fn of(a: &super::Aggregator, income: &[i64], members: &[u32]) -> Result<RankedRows, Error> {
        lengths(income, members, &a.weights)?;
        let keep: Vec<usize> = (0..a.households)
            .filter(|h| {
                a.weights.get(*h).is_some_and(|w| *w > 0) && members.get(*h).is_some_and(|m| *m > 0)
            })
            .collect();
        let pick = |column: &[i64]| -> Vec<i64> {
            keep.iter()
                .map(|h| column.get(*h).copied().unwrap_or(0))
                .collect()
        };
        Ok(RankedRows {
            scale: a.scale,
            income: pick(income),
            members: keep
                .iter()
                .map(|h| members.get(*h).copied().unwrap_or(0))
                .collect(),
            weights: pick(&a.weights),
            annual: a.annual.iter().map(|s| pick(s)).collect(),
        })
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The rows as bytes (for [`RankedRows::from_bytes`] in another process).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::new(b'R');
        out.u32(self.scale);
        out.len(self.annual.len());
        out.len(self.weights.len());
        out.bytes
            .reserve(self.weights.len() * (20 + 8 * self.annual.len()));
        for v in &self.income {
            out.i64(*v);
        }
        for v in &self.members {
            out.u32(*v);
        }
        for v in &self.weights {
            out.i64(*v);
        }
        for s in &self.annual {
            for v in s {
                out.i64(*v);
            }
        }
        out.bytes
    }

    /// Reads [`RankedRows::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<RankedRows, Error> {
        let mut r = Reader::new(bytes, b'R')?;
        let scale = r.u32()?;
        let scenarios = r.len(0)?;
        if scenarios > 4096 {
            return Err(malformed("too many scenarios"));
        }
        let n = r.len(20 + 8 * scenarios)?;
        let income = (0..n).map(|_| r.i64()).collect::<Result<Vec<_>, _>>()?;
        let members = (0..n).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
        let weights = (0..n).map(|_| r.i64()).collect::<Result<Vec<_>, _>>()?;
        let mut annual = Vec::with_capacity(scenarios);
        for _ in 0..scenarios {
            annual.push((0..n).map(|_| r.i64()).collect::<Result<Vec<_>, _>>()?);
        }
        r.end()?;
        if weights
            .iter()
            .zip(&members)
            .any(|(w, m)| *w <= 0 || *m == 0)
        {
            return Err(malformed("a ranked row without weight or members"));
        }
        Ok(RankedRows {
            scale,
            income,
            members,
            weights,
            annual,
        })
    }

    /// The by-decile tallies (`[reform][decile]`, as [`Summary::by_decile`]) of the population
    /// whose partitions' rows are `parts`, in partition order (consecutive ranges of the
    /// population in order): ranked as one population, ties in that order.
    pub fn by_decile(parts: &[RankedRows]) -> Result<Vec<Vec<Tally>>, Error> {
        let scenarios = parts.first().map_or(0, |p| p.annual.len());
        let scale = parts.first().map_or(0, |p| p.scale);
        if parts
            .iter()
            .any(|p| p.annual.len() != scenarios || p.scale != scale)
        {
            return Err(malformed(
                "partitions with different scenarios or weight scales",
            ));
        }
        let n: usize = parts.iter().map(RankedRows::len).sum();
        let mut income = Vec::with_capacity(n);
        let mut members = Vec::with_capacity(n);
        let mut weights = Vec::with_capacity(n);
        let mut annual: Vec<Vec<i64>> = (0..scenarios).map(|_| Vec::with_capacity(n)).collect();
        for p in parts {
            income.extend_from_slice(&p.income);
            members.extend_from_slice(&p.members);
            weights.extend_from_slice(&p.weights);
            for (all, s) in annual.iter_mut().zip(&p.annual) {
                all.extend_from_slice(s);
            }
        }
        let a = super::Aggregator {
            households: n,
            scale,
            max_weight: super::max_abs(&weights),
            weights,
            programmes: vec![Vec::new(); scenarios],
            annual,
            any: vec![Vec::new(); scenarios],
            bound: vec![0; scenarios],
        };
        let deciles = a.deciles(&income, &members)?;
        let (_, mut by) = a.change_by_all(&[(super::Codes::Decile(&deciles), DECILES)]);
        Ok(by.pop().unwrap_or_default())
    }
}

impl Summary {
    /// The summary as bytes (for [`Summary::from_bytes`] in another process, then
    /// [`Summary::merge`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::new(b'S');
        out.u32(self.scale);
        out.len(self.cost.len());
        for s in &self.cost {
            out.len(s.programmes.len());
            for c in s.programmes.iter().chain([&s.total]) {
                out.cost(c);
            }
        }
        out.tallies(&self.winners_losers);
        for groups in [&self.by_decile, &self.by_district] {
            out.len(groups.len());
            for g in groups {
                out.tallies(g);
            }
        }
        out.bytes
    }

    /// Reads [`Summary::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Summary, Error> {
        let mut r = Reader::new(bytes, b'S')?;
        let scale = r.u32()?;
        let n = r.len(4)?;
        let mut cost = Vec::with_capacity(n);
        for _ in 0..n {
            let p = r.len(48)?;
            let programmes = (0..p).map(|_| r.cost()).collect::<Result<Vec<_>, _>>()?;
            cost.push(ScenarioCost {
                programmes,
                total: r.cost()?,
            });
        }
        let winners_losers = r.tallies()?;
        let mut groups = [Vec::new(), Vec::new()];
        for g in &mut groups {
            let n = r.len(4)?;
            for _ in 0..n {
                g.push(r.tallies()?);
            }
        }
        r.end()?;
        let [by_decile, by_district] = groups;
        Ok(Summary {
            scale,
            cost,
            winners_losers,
            by_decile,
            by_district,
        })
    }
}

/// The format's first bytes: a name, a version and the kind of partial.
const MAGIC: &[u8; 4] = b"MZP1";

fn malformed(what: &str) -> Error {
    Error::new(
        ErrorCode::InvalidValue,
        "partial",
        format!("not a minzheng partial summary of this version: {what}"),
    )
}

struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    fn new(kind: u8) -> Writer {
        let mut bytes = MAGIC.to_vec();
        bytes.push(kind);
        Writer { bytes }
    }
    fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    fn i128(&mut self, v: i128) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(u64::try_from(n).unwrap_or(u64::MAX));
    }
    fn cost(&mut self, c: &Cost) {
        self.i128(c.recipients);
        self.i128(c.monthly);
        self.i128(c.one_off);
    }
    fn tallies(&mut self, tallies: &[Tally]) {
        self.len(tallies.len());
        for t in tallies {
            self.u64(t.count);
            for v in [
                t.households,
                t.winners,
                t.losers,
                t.baseline,
                t.reformed,
                t.gain,
                t.loss,
            ] {
                self.i128(v);
            }
        }
    }
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], kind: u8) -> Result<Reader<'a>, Error> {
        match bytes.split_at_checked(MAGIC.len() + 1) {
            Some((head, rest)) if head.starts_with(MAGIC) && head.last() == Some(&kind) => {
                Ok(Reader { rest })
            }
            _ => Err(malformed("wrong header")),
        }
    }
    fn take<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let (head, rest) = self
            .rest
            .split_at_checked(N)
            .ok_or_else(|| malformed("truncated"))?;
        self.rest = rest;
        let mut out = [0_u8; N];
        out.copy_from_slice(head);
        Ok(out)
    }
    fn u32(&mut self) -> Result<u32, Error> {
        self.take::<4>().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Result<u64, Error> {
        self.take::<8>().map(u64::from_le_bytes)
    }
    fn i64(&mut self) -> Result<i64, Error> {
        self.take::<8>().map(i64::from_le_bytes)
    }
    fn i128(&mut self) -> Result<i128, Error> {
        self.take::<16>().map(i128::from_le_bytes)
    }
    /// A count of items of at least `size` bytes each (checked against what is left).
    fn len(&mut self, size: usize) -> Result<usize, Error> {
        let n = usize::try_from(self.u64()?).map_err(|_| malformed("a count is too large"))?;
        if n.saturating_mul(size) > self.rest.len() {
            return Err(malformed("truncated"));
        }
        Ok(n)
    }
    fn cost(&mut self) -> Result<Cost, Error> {
        Ok(Cost {
            recipients: self.i128()?,
            monthly: self.i128()?,
            one_off: self.i128()?,
        })
    }
    fn tallies(&mut self) -> Result<Vec<Tally>, Error> {
        let n = self.len(120)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let count = self.u64()?;
            let mut v = [0_i128; 7];
            for x in &mut v {
                *x = self.i128()?;
            }
            let [households, winners, losers, baseline, reformed, gain, loss] = v;
            out.push(Tally {
                count,
                households,
                winners,
                losers,
                baseline,
                reformed,
                gain,
                loss,
            });
        }
        Ok(out)
    }
    fn end(&self) -> Result<(), Error> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(malformed("trailing bytes"))
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::super::{Aggregator, ScenarioView};
    use super::*;

    /// A deterministic population: incomes with many ties (and some equal fractions with
    /// different members), weights 0–3, members 0–5.
    fn population(n: usize, seed: u64) -> (Vec<i64>, Vec<u32>, Vec<i64>) {
        let mut s = seed;
        let mut next = || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            s >> 33
        };
        let (mut income, mut members, mut weights) = (vec![], vec![], vec![]);
        for _ in 0..n {
            let m = u32::try_from(next() % 6).unwrap();
            members.push(m);
            income.push(i64::try_from(next() % 7).unwrap() * 50_000 * i64::from(m.max(1)) / 2);
            weights.push(i64::try_from(next() % 4).unwrap());
        }
        (income, members, weights)
    }

    /// Deciles of the whole population at once (the single-process ranking).
    fn whole(income: &[i64], members: &[u32], weights: &[i64]) -> Vec<u8> {
        let a = Aggregator::new(
            weights.len(),
            Some(super::super::Weights {
                units: weights,
                scale: 0,
            }),
            &[],
        )
        .unwrap();
        a.deciles(income, members).unwrap()
    }

    fn split(n: usize, cuts: &[usize]) -> Vec<(usize, usize)> {
        let mut bounds = vec![0];
        bounds.extend(cuts.iter().copied().filter(|c| *c < n));
        bounds.push(n);
        bounds.windows(2).map(|w| (w[0], w[1])).collect()
    }

    #[test]
    fn two_passes_give_the_deciles_of_the_whole() {
        for (n, seed, cuts) in [
            (1_000, 1, vec![100, 250, 251, 700]),
            (997, 2, vec![1, 2, 3, 500]),
            (50, 3, vec![10, 20, 30, 40]),
            (10, 4, vec![]),
            (3_000, 5, vec![1_000, 2_000]),
        ] {
            let (income, members, weights) = population(n, seed);
            let expected = whole(&income, &members, &weights);
            let parts = split(n, &cuts);
            let histograms: Vec<(u64, RankHistogram)> = parts
                .iter()
                .enumerate()
                .map(|(p, (a, b))| {
                    let h = RankHistogram::of(&income[*a..*b], &members[*a..*b], &weights[*a..*b])
                        .unwrap();
                    // Across processes as bytes.
                    (
                        10 * p as u64,
                        RankHistogram::from_bytes(&h.to_bytes()).unwrap(),
                    )
                })
                .collect();
            // Any order of the histograms: the keys order the partitions.
            let mut shuffled = histograms.clone();
            shuffled.reverse();
            let boundaries = DecileBoundaries::locate(&shuffled).unwrap();
            let boundaries = DecileBoundaries::from_bytes(&boundaries.to_bytes()).unwrap();
            assert_eq!(
                boundaries.total,
                weights
                    .iter()
                    .zip(&members)
                    .filter(|(w, m)| **w > 0 && **m > 0)
                    .map(|(w, _)| i128::from(*w))
                    .sum::<i128>()
            );
            let mut got = Vec::new();
            for (p, (a, b)) in parts.iter().enumerate() {
                got.extend(
                    boundaries
                        .deciles(
                            10 * p as u64,
                            &income[*a..*b],
                            &members[*a..*b],
                            &weights[*a..*b],
                        )
                        .unwrap(),
                );
            }
            assert_eq!(got, expected, "n = {n}, cuts = {cuts:?}");
        }
    }

    #[test]
    fn equal_fractions_merge_and_bad_bytes_are_errors() {
        assert_eq!(PerMember::new(300, 3), PerMember::new(100, 1));
        assert_eq!(
            PerMember::new(-4, 2),
            Some(PerMember {
                income: -2,
                members: 1
            })
        );
        assert_eq!(
            PerMember::new(0, 4),
            Some(PerMember {
                income: 0,
                members: 1
            })
        );
        assert_eq!(PerMember::new(5, 0), None);
        let h = RankHistogram::of(&[300, 100, 7, 0], &[3, 1, 2, 0], &[1, 2, 1, 5]).unwrap();
        assert_eq!(
            h.entries(),
            &[
                (
                    PerMember {
                        income: 7,
                        members: 2
                    },
                    1
                ),
                (
                    PerMember {
                        income: 100,
                        members: 1
                    },
                    3
                )
            ]
        );
        assert_eq!(h.total(), 4);
        let bytes = h.to_bytes();
        for bad in [
            &bytes[..bytes.len() - 1],
            &bytes[1..],
            b"MZP1S".as_slice(),
            &[],
        ] {
            let e = RankHistogram::from_bytes(bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidValue);
            assert_eq!(e.path, "partial");
        }
        assert!(DecileBoundaries::from_bytes(&bytes).is_err());
        assert!(Summary::from_bytes(&bytes).is_err());
        let e = DecileBoundaries::locate(&[(1, h.clone()), (1, h)]).unwrap_err();
        assert_eq!(e.code, ErrorCode::DuplicateId);
        assert!(RankHistogram::of(&[1], &[1, 2], &[1]).is_err());
    }

    #[test]
    fn partition_summaries_merge_into_the_whole() {
        let n = 600;
        let (income, members, weights) = population(n, 9);
        // Two scenarios, one programme: amounts from the income so winners and losers vary.
        let status: Vec<u8> = (0..n).map(|h| u8::from(h % 3 == 0)).collect();
        let base: Vec<i64> = income.iter().map(|x| (x % 9_000) + 100).collect();
        let reform: Vec<i64> = base
            .iter()
            .enumerate()
            .map(|(h, x)| x + (h as i64 % 5) - 2)
            .collect();
        let zero = vec![0_i64; n];
        let aggregate = |r: std::ops::Range<usize>| {
            let mut a = Aggregator::new(
                r.len(),
                Some(super::super::Weights {
                    units: &weights[r.clone()],
                    scale: 0,
                }),
                &[],
            )
            .unwrap();
            for amounts in [&base, &reform] {
                a.add_scenario(&ScenarioView {
                    status: vec![&status[r.clone()]],
                    monthly: vec![&amounts[r.clone()]],
                    one_off: vec![&zero[r.clone()]],
                })
                .unwrap();
            }
            a
        };
        let district: Vec<u8> = (0..n).map(|h| u8::try_from(h % 11).unwrap()).collect();
        let expected = aggregate(0..n)
            .summary(&income, &members, Some(&district))
            .unwrap();
        let parts = split(n, &[150, 151, 420]);
        let histograms: Vec<(u64, RankHistogram)> = parts
            .iter()
            .enumerate()
            .map(|(p, (a, b))| {
                let agg = aggregate(*a..*b);
                (
                    p as u64,
                    RankHistogram::of(&income[*a..*b], &members[*a..*b], agg.weights()).unwrap(),
                )
            })
            .collect();
        let boundaries = DecileBoundaries::locate(&histograms).unwrap();
        let mut merged: Option<Summary> = None;
        for (p, (a, b)) in parts.iter().enumerate() {
            let agg = aggregate(*a..*b);
            let deciles = boundaries
                .deciles(p as u64, &income[*a..*b], &members[*a..*b], agg.weights())
                .unwrap();
            let s = agg.summary_of(&deciles, Some(&district[*a..*b])).unwrap();
            let s = Summary::from_bytes(&s.to_bytes()).unwrap();
            match merged.as_mut() {
                None => merged = Some(s),
                Some(m) => m.merge(&s).unwrap(),
            }
        }
        assert_eq!(merged.unwrap(), expected);

        // In one pass: each partition's summary with no deciles and its ranked rows (through
        // bytes), the rows ranked as one population on the driver.
        let mut merged: Option<Summary> = None;
        let mut rows = Vec::new();
        for (a, b) in &parts {
            let agg = aggregate(*a..*b);
            let none = vec![0_u8; b - a];
            let s = agg.summary_of(&none, Some(&district[*a..*b])).unwrap();
            match merged.as_mut() {
                None => merged = Some(s),
                Some(m) => m.merge(&s).unwrap(),
            }
            let r = RankedRows::of(&agg, &income[*a..*b], &members[*a..*b]).unwrap();
            let r = RankedRows::from_bytes(&r.to_bytes()).unwrap();
            assert!(r.len() <= b - a);
            rows.push(r);
        }
        let mut merged = merged.unwrap();
        merged.by_decile = RankedRows::by_decile(&rows).unwrap();
        assert_eq!(merged, expected);
        let bytes = rows[0].to_bytes();
        assert!(RankedRows::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(RankedRows::from_bytes(&[bytes.as_slice(), &[0]].concat()).is_err());
    }
}
