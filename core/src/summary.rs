//! The household benefits summary: for the month, every programme amount each member receives,
//! and the amounts paid to the household as a whole, from the programmes' line items.

use rust_decimal::Decimal;

use crate::household::Household;
use crate::money::Money;
use crate::wire::{BenefitForm, BenefitSummary, PersonSummary, ProgrammeResult, SummaryLine};

/// Builds the summary from the programme results.
pub fn summarise(household: &Household, programmes: &[ProgrammeResult]) -> BenefitSummary {
    let mut persons: Vec<PersonSummary> = household
        .members
        .iter()
        .map(|p| PersonSummary {
            person_id: p.id.clone(),
            lines: Vec::new(),
            monthly_total: Money::ZERO,
        })
        .collect();
    let mut shared = Vec::new();
    let (mut cash, mut vouchers) = (Decimal::ZERO, Decimal::ZERO);
    for p in programmes {
        let items = p
            .line_items
            .iter()
            .map(|i| (i, false))
            .chain(p.one_off_items.iter().map(|i| (i, true)));
        for (item, one_off) in items {
            let line = SummaryLine {
                programme: p.programme,
                id: item.id.clone(),
                label_zh: item.label_zh.clone(),
                label_en: item.label_en.clone(),
                form: p.form,
                amount: item.amount,
                one_off,
            };
            if !one_off {
                match p.form {
                    BenefitForm::Voucher => vouchers += item.amount.0,
                    _ => cash += item.amount.0,
                }
            }
            let person = item
                .person_id
                .as_ref()
                .and_then(|id| persons.iter_mut().find(|s| &s.person_id == id));
            match person {
                Some(s) => {
                    if !one_off {
                        s.monthly_total = Money(s.monthly_total.0 + item.amount.0);
                    }
                    s.lines.push(line);
                }
                None => shared.push(line),
            }
        }
    }
    BenefitSummary {
        persons,
        household: shared,
        cash_monthly_total: Money(cash),
        voucher_monthly_total: Money(vouchers),
    }
}
