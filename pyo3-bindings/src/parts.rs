//! Chunked tables (a Parquet file read by pyarrow, a polars frame after `rechunk=False`) cut
//! into pairs of whole households without concatenating them.
//!
//! The engine binds one household batch with one person batch. Concatenating a table of many
//! chunks into one batch copies every column the population holds (hundreds of megabytes at
//! 10^6 households) only to read it once. In the usual layout (int64 household ids, strictly
//! increasing over the household table, persons in the same order) each household chunk's
//! persons are one run of the person table: each pair is then the household chunk as it is
//! and a slice of the person chunks, copied only where it spans two of them.

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

/// The households and persons as pairs of whole households, one pair per non-empty household
/// batch, or `None` when the layout is not the usual one (the caller then concatenates). A
/// person whose household is in no batch lands in a pair whose binding then reports it, as
/// the concatenated tables would.
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
    // The persons not yet given to a pair start at row `row` of batch `at`.
    let (mut at, mut row) = (0_usize, 0_usize);
    let mut pairs = Vec::with_capacity(households.len());
    for (k, (batch, ids)) in households.iter().zip(&hids).enumerate() {
        let last = k + 1 == households.len();
        let bound = ids.last().copied().unwrap_or(i64::MIN);
        let mut pieces = Vec::new();
        while let Some(person_ids) = pids.get(at) {
            let rest = person_ids.get(row..).unwrap_or(&[]);
            let take = if last {
                rest.len()
            } else {
                rest.partition_point(|id| *id <= bound)
            };
            if take > 0 {
                if let Some(p) = persons.get(at) {
                    pieces.push(p.slice(row, take));
                }
            }
            if take < rest.len() {
                row += take;
                break;
            }
            at += 1;
            row = 0;
        }
        pairs.push(Chunk {
            households: (*batch).clone(),
            pieces,
        });
    }
    Some(pairs)
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
    fn persons_follow_their_household_chunks_across_person_chunks() {
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
        let pairs: Vec<(RecordBatch, RecordBatch)> = aligned(&h, &p)
            .unwrap_or_default()
            .into_iter()
            .map(|pair| {
                let persons = pair.persons(&schema).unwrap_or_else(|e| panic!("{e}"));
                (pair.households, persons)
            })
            .collect();
        assert_eq!(pairs.len(), 2, "empty household chunks make no pair");
        assert_eq!(ids(&pairs[0].0), [1, 2, 3]);
        assert_eq!(ids(&pairs[0].1), [1, 1, 2, 3]);
        assert_eq!(ids(&pairs[1].0), [5, 8]);
        assert_eq!(ids(&pairs[1].1), [5, 5, 8, 8]);
        let x = pairs[1]
            .1
            .column(1)
            .as_primitive::<Int64Type>()
            .values()
            .to_vec();
        assert_eq!(x, [50, 51, 80, 81], "the other columns come along");
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
