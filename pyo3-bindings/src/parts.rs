//! Chunked tables (a Parquet file read by pyarrow, a polars frame after `rechunk=False`) cut
//! into pairs of whole households without concatenating them.
//!
//! The engine binds one household batch with one person batch. Concatenating a table of many
//! chunks into one batch copies every column the population holds (hundreds of megabytes at
//! 10^6 households) only to read it once. In the usual layout (int64 household ids, strictly
//! increasing over the household table, persons in the same order) each household chunk's
//! persons are one run of the person table. A pair is then a slice of a household chunk and
//! the slice of one person chunk that holds those households' persons: the household chunks
//! are cut where a person chunk ends, so nothing is copied but the persons of a household
//! whose members straddle two person chunks (a pair of its own).

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, RecordBatch};
use arrow_schema::{ArrowError, DataType, SchemaRef};

/// The `household_id` values of a batch, when they are int64 without nulls.
fn int64_ids(batch: &RecordBatch) -> Option<&[i64]> {
    let array = batch.column_by_name("household_id")?;
    match (array.data_type(), array.nulls()) {
        (DataType::Int64, None) => Some(array.as_primitive::<Int64Type>().values()),
        _ => None,
    }
}

/// One chunk of whole households: a household batch and its persons, as slices of the person
/// batches (views, not copies) until [`Chunk::persons`] joins them.
pub(crate) struct Chunk {
    pub(crate) households: RecordBatch,
    pieces: Vec<RecordBatch>,
}

impl Chunk {
    /// A pair of one batch each, as given.
    pub(crate) fn whole(households: RecordBatch, persons: RecordBatch) -> Chunk {
        Chunk {
            households,
            pieces: vec![persons],
        }
    }

    /// The pair's persons as one batch: the slice itself when it lies in one person batch,
    /// else the slices concatenated (a copy of this pair's persons only).
    pub(crate) fn persons(&self, schema: &SchemaRef) -> Result<RecordBatch, ArrowError> {
        match self.pieces.as_slice() {
            [] => Ok(RecordBatch::new_empty(schema.clone())),
            [one] => Ok(one.clone()),
            many => arrow_select::concat::concat_batches(schema, many),
        }
    }
}

/// The households and persons as pairs of whole households, or `None` when the layout is not the
/// usual one (the caller then concatenates). Each pair's persons lie in one person batch, but
/// for a household whose persons straddle two (a pair of one household). A person whose
/// household is in no batch lands in a pair whose binding then reports it, as the concatenated
/// tables would.
pub(crate) fn aligned(households: &[RecordBatch], persons: &[RecordBatch]) -> Option<Vec<Chunk>> {
    let households: Vec<&RecordBatch> = households.iter().filter(|b| b.num_rows() > 0).collect();
    let hids: Option<Vec<&[i64]>> = households.iter().map(|b| int64_ids(b)).collect();
    let pids: Option<Vec<&[i64]>> = persons.iter().map(int64_ids).collect();
    let (Some(hids), Some(pids)) = (hids, pids) else {
        return None;
    };
    let increasing = hids
        .iter()
        .flat_map(|ids| ids.iter())
        .is_sorted_by(|a, b| a < b);
    let ordered = pids.iter().flat_map(|ids| ids.iter()).is_sorted();
    if !(increasing && ordered) {
        return None;
    }
    let mut cursor = Cursor {
        persons,
        pids: &pids,
        at: 0,
        row: 0,
    };
    let mut pairs = Vec::with_capacity(households.len() + persons.len());
    for (batch, ids) in households.iter().zip(&hids) {
        let mut start = 0;
        while start < ids.len() {
            let rest = ids.get(start..).unwrap_or(&[]);
            let whole = cursor.households_within(rest);
            if whole > 0 {
                let bound = rest.get(whole - 1).copied().unwrap_or(i64::MIN);
                pairs.push(Chunk {
                    households: batch.slice(start, whole),
                    pieces: cursor.take_through(bound),
                });
                start += whole;
            } else {
                // The next household's persons straddle person batches (or the batch left
                // holds only persons of no household): a pair of its own, its pieces joined.
                let bound = rest.first().copied().unwrap_or(i64::MIN);
                pairs.push(Chunk {
                    households: batch.slice(start, 1),
                    pieces: cursor.take_through(bound),
                });
                start += 1;
            }
        }
    }
    // Persons after the last household go with the last pair, whose binding reports them.
    let left = cursor.take_rest();
    if let Some(last) = pairs.last_mut() {
        last.pieces.extend(left);
    }
    Some(pairs)
}

/// The persons not yet given to a pair: from row `row` of person batch `at`.
struct Cursor<'a> {
    persons: &'a [RecordBatch],
    pids: &'a [&'a [i64]],
    at: usize,
    row: usize,
}

impl Cursor<'_> {
    /// The rest of the current person batch (skipping batches used up).
    fn rest(&mut self) -> &[i64] {
        while let Some(ids) = self.pids.get(self.at) {
            if self.row < ids.len() {
                return ids.get(self.row..).unwrap_or(&[]);
            }
            self.at += 1;
            self.row = 0;
        }
        &[]
    }

    /// The first person id after the current person batch.
    fn next_batch_first(&self) -> Option<i64> {
        self.pids
            .get(self.at + 1..)?
            .iter()
            .find_map(|ids| ids.first().copied())
    }

    /// How many of the households `ids` (from the first) have every person in the current
    /// person batch: those with an id below its last person's, and the one with that id unless
    /// the next batch starts with it. 0 when the first household straddles.
    fn households_within(&mut self, ids: &[i64]) -> usize {
        let Some(&last) = self.rest().last() else {
            // No person left: the households have none; the binding reports it.
            return ids.len();
        };
        let below = ids.partition_point(|id| *id < last);
        let ends_here = ids.get(below) == Some(&last) && self.next_batch_first() != Some(last);
        below + usize::from(ends_here)
    }

    /// The persons with ids up to `bound`, as slices of the person batches (one unless they
    /// straddle).
    fn take_through(&mut self, bound: i64) -> Vec<RecordBatch> {
        let mut pieces = Vec::new();
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                break;
            }
            let (len, take) = (rest.len(), rest.partition_point(|id| *id <= bound));
            if take > 0 {
                if let Some(p) = self.persons.get(self.at) {
                    pieces.push(p.slice(self.row, take));
                }
            }
            self.row += take;
            if take < len {
                break;
            }
        }
        pieces
    }

    /// Every person not yet given to a pair.
    fn take_rest(&mut self) -> Vec<RecordBatch> {
        self.take_through(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, Int64Array};
    use std::sync::Arc;

    fn batch(ids: &[i64], extra: &[i64]) -> RecordBatch {
        let id: ArrayRef = Arc::new(Int64Array::from(ids.to_vec()));
        let x: ArrayRef = Arc::new(Int64Array::from(extra.to_vec()));
        RecordBatch::try_from_iter([("household_id", id), ("x", x)])
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn ids(b: &RecordBatch) -> Vec<i64> {
        int64_ids(b).unwrap_or(&[]).to_vec()
    }

    #[test]
    fn pairs_are_cut_where_person_chunks_end() {
        let h = [
            batch(&[1, 2, 3], &[0, 0, 0]),
            batch(&[], &[]),
            batch(&[5, 8], &[0, 0]),
        ];
        let p = [
            batch(&[1, 1, 2], &[10, 11, 20]),
            batch(&[3, 5], &[30, 50]),
            batch(&[5, 8, 8], &[51, 80, 81]),
        ];
        let schema = p[0].schema();
        let chunks = aligned(&h, &p).unwrap_or_default();
        // One piece a pair, but for household 5, whose persons straddle two person chunks.
        let pieces: Vec<usize> = chunks.iter().map(|c| c.pieces.len()).collect();
        assert_eq!(pieces, [1, 1, 2, 1]);
        let pairs: Vec<(RecordBatch, RecordBatch)> = chunks
            .into_iter()
            .map(|pair| {
                let persons = pair.persons(&schema).unwrap_or_else(|e| panic!("{e}"));
                (pair.households, persons)
            })
            .collect();
        let households: Vec<Vec<i64>> = pairs.iter().map(|(h, _)| ids(h)).collect();
        assert_eq!(households, [vec![1, 2], vec![3], vec![5], vec![8]]);
        let members: Vec<Vec<i64>> = pairs.iter().map(|(_, p)| ids(p)).collect();
        assert_eq!(members, [vec![1, 1, 2], vec![3], vec![5, 5], vec![8, 8]]);
        let x = pairs[2]
            .1
            .column(1)
            .as_primitive::<Int64Type>()
            .values()
            .to_vec();
        assert_eq!(x, [50, 51], "the other columns come along");
    }

    #[test]
    fn every_household_and_person_is_in_one_pair_in_order() {
        // Household k has k % 4 persons (some none); chunks of many sizes on both sides.
        let hid: Vec<i64> = (1..=60).collect();
        let pid: Vec<i64> = hid
            .iter()
            .flat_map(|k| std::iter::repeat_n(*k, (*k % 4) as usize))
            .collect();
        let cut = |ids: &[i64], sizes: &[usize]| {
            let mut out = Vec::new();
            let mut at = 0;
            for size in sizes.iter().cycle() {
                if at >= ids.len() {
                    break;
                }
                let end = ids.len().min(at + size);
                let part = &ids[at..end];
                out.push(batch(part, part));
                at = end;
            }
            out
        };
        for (hs, ps) in [(&[7, 3][..], &[5, 1, 9][..]), (&[60], &[1]), (&[1], &[90])] {
            let (h, p) = (cut(&hid, hs), cut(&pid, ps));
            let schema = p[0].schema();
            let chunks = aligned(&h, &p).unwrap_or_default();
            let mut seen_h = Vec::new();
            let mut seen_p = Vec::new();
            for c in &chunks {
                let (own_h, own_p) = (
                    ids(&c.households),
                    ids(&c.persons(&schema).unwrap_or_else(|e| panic!("{e}"))),
                );
                // A pair's persons are its households' persons.
                assert!(
                    own_p.iter().all(|id| own_h.contains(id)),
                    "{own_h:?} {own_p:?}"
                );
                if c.pieces.len() > 1 {
                    assert_eq!(own_h.len(), 1, "only a lone household is joined");
                }
                seen_h.extend(own_h);
                seen_p.extend(own_p);
            }
            assert_eq!(seen_h, hid);
            assert_eq!(seen_p, pid);
        }
    }

    #[test]
    fn persons_between_or_after_the_households_go_to_a_pair_that_reports_them() {
        let h = [batch(&[1], &[0]), batch(&[5], &[0])];
        let p = [batch(&[1, 3, 5, 9], &[0, 0, 0, 0])];
        let schema = p[0].schema();
        let pairs = aligned(&h, &p).unwrap_or_default();
        let persons = |k: usize| ids(&pairs[k].persons(&schema).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(persons(0), [1]);
        assert_eq!(
            persons(1),
            [3, 5, 9],
            "the binding of this pair rejects 3 and 9"
        );
    }

    #[test]
    fn other_layouts_are_left_to_concatenation() {
        let unsorted = [batch(&[2, 1], &[0, 0])];
        let p = [batch(&[1, 2], &[0, 0])];
        assert!(aligned(&unsorted, &p).is_none());
        let h = [batch(&[1, 2], &[0, 0])];
        let shuffled = [batch(&[2, 1], &[0, 0])];
        assert!(aligned(&h, &shuffled).is_none());
        let text: ArrayRef = Arc::new(arrow_array::StringArray::from(vec!["a"]));
        let strings =
            [RecordBatch::try_from_iter([("household_id", text)])
                .unwrap_or_else(|e| panic!("{e}"))];
        assert!(aligned(&strings, &p).is_none());
    }
}
