//! Benchmark support crate; the benches live in `benches/benches/`.
//!
//! A small seeded synthetic population (so that the benches need no Python), as decoded
//! `calculate` requests ([`requests`]) and as the household and person Arrow record batches the
//! columnar engine binds ([`record_batches`]): the same households both ways.

use std::sync::Arc;

use arrow_array::{ArrayRef, Decimal128Array, Int64Array, RecordBatch, StringArray};
use minzheng::CalculationRequest;

/// Districts drawn from.
pub const DISTRICTS: [&str; 6] = ["tianhe", "baiyun", "panyu", "huangpu", "nansha", "conghua"];
/// Disability categories drawn from.
pub const CATEGORIES: [&str; 4] = ["physical", "visual", "intellectual", "mental"];
/// Supporter situations drawn from.
pub const SUPPORTERS: [&str; 4] = ["unknown", "none", "unable", "able"];

/// A small seeded generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    /// A number in `0..below`.
    pub fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % below.max(1)
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items
            .get(usize::try_from(self.next(items.len() as u64)).unwrap_or(0))
            .copied()
            .unwrap_or("")
    }
}

/// One generated member.
#[derive(Clone, Debug)]
pub struct Member {
    /// Age in years.
    pub age: u64,
    /// Monthly wages, whole 元.
    pub wages: u64,
    /// Disability category and grade.
    pub disability: Option<(&'static str, u64)>,
    /// Supporters.
    pub supporters: &'static str,
}

/// One generated household (urban, every member with Guangzhou hukou).
#[derive(Clone, Debug)]
pub struct Household {
    /// District.
    pub district: &'static str,
    /// Members.
    pub members: Vec<Member>,
    /// Deposits, whole 元.
    pub deposits: u64,
}

/// `n` households, seeded: 1–5 members, ages 0–95, some disabilities, low wages.
pub fn households(n: usize, seed: u64) -> Vec<Household> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let size = 1 + rng.next(5);
        let members = (0..size)
            .map(|_| {
                let age = rng.next(96);
                let wages = if (18..60).contains(&age) {
                    rng.next(6000)
                } else {
                    0
                };
                let disability = if rng.next(12) == 0 {
                    let category = rng.pick(&CATEGORIES);
                    Some((category, 1 + rng.next(4)))
                } else {
                    None
                };
                Member {
                    age,
                    wages,
                    disability,
                    supporters: rng.pick(&SUPPORTERS),
                }
            })
            .collect();
        let district = rng.pick(&DISTRICTS);
        out.push(Household {
            district,
            members,
            deposits: rng.next(80_000),
        });
    }
    out
}

/// The request of one household (calculation date 2025-09-01, explanation off).
pub fn request_json(h: &Household) -> String {
    let members: Vec<String> = h
        .members
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let disability = m.disability.map_or(String::new(), |(c, g)| {
                format!(r#", "disability": {{"category": "{c}", "grade": {g}}}"#)
            });
            format!(
                r#"{{"id": "p{k}", "age": {}, "hukou": "guangzhou", "supporters": "{}", "income": {{"wages": "{}"}}{disability}}}"#,
                m.age, m.supporters, m.wages
            )
        })
        .collect();
    format!(
        r#"{{"calculation_date": "2025-09-01", "options": {{"explain": false}}, "household": {{"district": "{}", "area": "urban", "members": [{}], "assets": {{"deposits": "{}"}}}}}}"#,
        h.district,
        members.join(","),
        h.deposits
    )
}

/// The households as decoded requests (a household whose request does not parse is left out;
/// none does).
pub fn requests(households: &[Household]) -> Vec<CalculationRequest> {
    households
        .iter()
        .filter_map(|h| minzheng::parse_request(&request_json(h)).ok())
        .collect()
}

/// `n` seeded households as requests (the population of the `batch` bench).
pub fn population(n: usize, seed: u64) -> Vec<CalculationRequest> {
    requests(&households(n, seed))
}

fn fen(yuan: u64) -> i128 {
    i128::from(yuan) * 100
}

/// The households as a household table and a person table in the columnar engine's schema
/// (`household_id` joins them; money `decimal128(18, 2)`; persons grouped in household order).
pub fn record_batches(
    households: &[Household],
) -> Result<(RecordBatch, RecordBatch), arrow_schema::ArrowError> {
    let ids: Vec<i64> = (1..).take(households.len()).collect();
    let money = |values: Vec<i128>| Decimal128Array::from(values).with_precision_and_scale(18, 2);
    let table = RecordBatch::try_from_iter(vec![
        (
            "household_id",
            Arc::new(Int64Array::from(ids.clone())) as ArrayRef,
        ),
        (
            "district",
            Arc::new(StringArray::from(
                households.iter().map(|h| h.district).collect::<Vec<_>>(),
            )),
        ),
        (
            "area",
            Arc::new(StringArray::from(vec!["urban"; households.len()])),
        ),
        (
            "assets.deposits",
            Arc::new(money(households.iter().map(|h| fen(h.deposits)).collect())?),
        ),
    ])?;
    let mut hid = Vec::new();
    let mut pid = Vec::new();
    let mut age = Vec::new();
    let mut supporters = Vec::new();
    let mut wages = Vec::new();
    let mut category = Vec::new();
    let mut grade = Vec::new();
    for (id, h) in ids.iter().zip(households) {
        for (k, m) in h.members.iter().enumerate() {
            hid.push(*id);
            pid.push(format!("p{k}"));
            age.push(i64::try_from(m.age).unwrap_or(i64::MAX));
            supporters.push(m.supporters);
            wages.push(fen(m.wages));
            category.push(m.disability.map(|(c, _)| c));
            grade.push(
                m.disability
                    .map(|(_, g)| i64::try_from(g).unwrap_or(i64::MAX)),
            );
        }
    }
    let rows = hid.len();
    let persons = RecordBatch::try_from_iter(vec![
        ("household_id", Arc::new(Int64Array::from(hid)) as ArrayRef),
        ("person_id", Arc::new(StringArray::from(pid))),
        ("age", Arc::new(Int64Array::from(age))),
        (
            "hukou",
            Arc::new(StringArray::from(vec!["guangzhou"; rows])),
        ),
        ("supporters", Arc::new(StringArray::from(supporters))),
        ("income.wages", Arc::new(money(wages)?)),
        ("disability.category", Arc::new(StringArray::from(category))),
        ("disability.grade", Arc::new(Int64Array::from(grade))),
    ])?;
    Ok((table, persons))
}
