//! The catalogue of reason codes: every code a household kernel gives a verdict, with its
//! index in the reason columns of a population run (0 means no reason).

/// Every reason code of the household programmes, in column-code order (code `i + 1`).
pub const CATALOGUE: &[&str] = &[
    "able_supporter",
    "all_members_tekun",
    "already_assisted",
    "assets_above_limit",
    "business_registered",
    "capacity_to_work",
    "child_allowance",
    "child_allowance_chosen",
    "dibao_household",
    "district_rule_not_encoded",
    "elderly_care_subsidy_higher",
    "household_status_undetermined",
    "housing_above_limit",
    "income_not_below_line",
    "income_not_below_marginal_threshold",
    "income_not_below_standard",
    "input_not_given",
    "marginal_threshold_not_in_force",
    "no_covered_person",
    "no_dibao_paid",
    "no_disability_certificate",
    "no_disabled_member",
    "no_eligible_child",
    "no_funded_member",
    "no_guangzhou_hukou",
    "no_increase",
    "no_meals",
    "no_member_70_plus",
    "no_member_in_category",
    "no_member_qualifies",
    "non_residential_property",
    "not_covered",
    "not_dibao_or_marginal",
    "not_in_hardship",
    "not_severe",
    "not_triggered",
    "parameter_not_in_force",
    "payment_starts_next_month",
    "retired_cadre",
    "sex_not_given",
    "single_person_route",
    "spending_not_above_share",
    "supporters_unknown",
    "tekun_supported",
    "vehicle_not_allowed",
    "work_injury_care",
];

/// A reason column's code for a reason missing from the catalogue (a defect the tests catch).
pub const UNKNOWN: u8 = u8::MAX;

// Every code fits a `u8` column, with 0 for none and [`UNKNOWN`] kept apart.
const _: () = assert!(CATALOGUE.len() < UNKNOWN as usize);

/// The column code of a reason: its position in [`CATALOGUE`] plus one, 0 for none, and
/// [`UNKNOWN`] for a code missing from the catalogue.
#[inline]
pub fn index(reason: Option<&'static str>) -> u8 {
    let Some(code) = reason else { return 0 };
    CATALOGUE
        .iter()
        .position(|c| std::ptr::eq(*c, code) || *c == code)
        .and_then(|i| u8::try_from(i + 1).ok())
        .unwrap_or(UNKNOWN)
}

/// The reason code of a column code.
pub fn code(index: u8) -> Option<&'static str> {
    usize::from(index)
        .checked_sub(1)
        .and_then(|i| CATALOGUE.get(i))
        .copied()
}

/// A small per-thread cache of [`index`] by the code's address: a population run writes one
/// reason per household and programme, and the same few codes recur.
#[derive(Clone, Debug)]
pub struct Cache {
    slots: [(usize, u8); 256],
}

impl Default for Cache {
    fn default() -> Cache {
        Cache {
            slots: [(0, 0); 256],
        }
    }
}

impl Cache {
    /// [`index`] of `reason`, from the cache when the same code was seen before.
    #[inline]
    pub fn index(&mut self, reason: Option<&'static str>) -> u8 {
        let Some(code) = reason else { return 0 };
        let address = code.as_ptr() as usize;
        // Fibonacci hashing of the address: the literals lie close together in memory.
        let slot = (address.wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as usize) >> 8) & 255;
        match self.slots.get(slot) {
            Some(&(a, i)) if a == address => i,
            _ => {
                let i = index(reason);
                if let Some(s) = self.slots.get_mut(slot) {
                    *s = (address, i);
                }
                i
            }
        }
    }
}
