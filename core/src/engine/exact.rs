//! Exact integer money for the rule kernels: whole fen (分) in `i64`, parameter values as exact
//! decimals (`mantissa / 10^scale`), products held exactly in `i128` until the one rounding.
//!
//! Every value the kernels compute is exact: a threshold such as 1.5 × 1309 元 × 3 is
//! 589 050.0 fen, compared with an income in fen without rounding; a payable amount is rounded
//! once, half away from zero (四舍五入), as [`crate::money::round_payable`] does for decimals.

use rust_decimal::Decimal;

use crate::money::Money;

/// Whole fen.
pub type Fen = i64;

/// Fen of a money amount that is a whole number of fen (every validated input amount is);
/// `None` otherwise.
pub fn fen_of(amount: Decimal) -> Option<Fen> {
    // Held at the fen or coarser (every validated amount): its digits, scaled, without the
    // decimal product. Finer scales take the product, which also finds whole fen there
    // (`1.500`).
    let digits = match amount.scale() {
        0 => amount.mantissa().checked_mul(100),
        1 => amount.mantissa().checked_mul(10),
        2 => Some(amount.mantissa()),
        _ => None,
    };
    if let Some(fen) = digits.and_then(|d| Fen::try_from(d).ok()) {
        return Some(fen);
    }
    Exact::from_decimal(amount * Decimal::ONE_HUNDRED).and_then(Exact::whole)
}

/// An amount in fen as money (scale 2: `"1309.00"`).
pub fn money(fen: Fen) -> Money {
    Money(Decimal::new(fen, 2))
}

/// An amount in fen as a decimal in 元 (scale 2).
pub fn yuan(fen: Fen) -> Decimal {
    Decimal::new(fen, 2)
}

/// An exact decimal: `units / 10^scale`. Used for parameter values (ratios, months, shares) and
/// for amounts in fen that are not whole (a threshold of 1.5 × an odd number of fen).
///
/// Equality is by value: `1.50` equals `1.5` (products keep trailing zeros).
#[derive(Clone, Copy, Debug, Default)]
pub struct Exact {
    /// The digits.
    pub units: i128,
    /// Decimal places.
    pub scale: u32,
}

/// Largest scale kept: beyond it a product could leave `i128`. Parameter values have at most a
/// few decimals; reform values are bounded in `params::reform` (private).
pub const MAX_SCALE: u32 = 18;

/// Powers of ten up to 10^38, by table (no multiplication loop in the hot path).
#[allow(clippy::indexing_slicing)] // const evaluation: an index out of range fails the build
const POW10: [i128; 39] = {
    let mut t = [1_i128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

#[inline]
fn pow10(scale: u32) -> i128 {
    POW10.get(scale as usize).copied().unwrap_or(i128::MAX)
}

/// `a × b`, saturating. Parameter values, amounts in fen and the powers of ten the kernels align
/// them with fit `i64`, and the product of two `i64` cannot leave `i128`: one widening machine
/// multiply instead of the checked 128-bit routine.
#[inline]
fn mul_units(a: i128, b: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(x), Ok(y)) => i128::from(x) * i128::from(y),
        _ => a.saturating_mul(b),
    }
}

// `mul`, `add` and `sub` are exact and saturating, unlike the operators' traits.
#[allow(clippy::should_implement_trait)]
impl Exact {
    /// A whole number.
    pub const fn int(value: i64) -> Exact {
        Exact {
            units: value as i128,
            scale: 0,
        }
    }

    /// The exact value of a decimal, `None` if its scale is above [`MAX_SCALE`].
    pub fn from_decimal(d: Decimal) -> Option<Exact> {
        let normal = d.normalize();
        let scale = normal.scale();
        (scale <= MAX_SCALE).then(|| Exact {
            units: normal.mantissa(),
            scale,
        })
    }

    /// The value as a decimal (normalised: `5890.5`, not `5890.500`), for explanations.
    pub fn to_decimal(self) -> Decimal {
        let e = self.trimmed();
        Decimal::try_from_i128_with_scale(e.units, e.scale)
            .map(|d| d.normalize())
            .unwrap_or_default()
    }

    /// The value, taken as fen, in 元 (normalised), for explanations.
    pub fn fen_to_yuan(self) -> Decimal {
        let e = self.trimmed();
        Decimal::try_from_i128_with_scale(e.units, e.scale + 2)
            .map(|d| d.normalize())
            .unwrap_or_default()
    }

    /// The same value without trailing zeros (for display).
    fn trimmed(self) -> Exact {
        let (mut units, mut scale) = (self.units, self.scale);
        while scale > 0 && units % 10 == 0 {
            units /= 10;
            scale -= 1;
        }
        Exact { units, scale }
    }

    /// The whole value, when it has no fraction and fits `i64`.
    pub fn whole(self) -> Option<i64> {
        if self.scale == 0 {
            return i64::try_from(self.units).ok();
        }
        let p = pow10(self.scale);
        // Within i64 the remainder is a machine instruction rather than a 128-bit routine.
        if let (Ok(u), Ok(p64)) = (i64::try_from(self.units), i64::try_from(p)) {
            return (u % p64 == 0).then_some(u / p64);
        }
        if self.units % p == 0 {
            i64::try_from(self.units / p).ok()
        } else {
            None
        }
    }

    /// `self × other`, exact (saturating far beyond any value a request or parameter can hold).
    #[allow(clippy::should_implement_trait)]
    pub fn mul(self, other: Exact) -> Exact {
        let units = mul_units(self.units, other.units);
        let scale = self.scale + other.scale;
        // Trailing zeros are kept (no division in the hot path) unless the scale grows past
        // what the table of powers covers; dropping zeros never changes the value. The test of
        // the scale comes first, in a branch of its own: inlined, the compiler would otherwise
        // compute the 128-bit remainder before it.
        if scale > MAX_SCALE {
            return Exact::trimmed_to_max(units, scale);
        }
        Exact { units, scale }
    }

    /// `units / 10^scale` with trailing zeros dropped while the scale is above [`MAX_SCALE`].
    #[cold]
    #[inline(never)]
    fn trimmed_to_max(mut units: i128, mut scale: u32) -> Exact {
        while scale > MAX_SCALE && units % 10 == 0 {
            units /= 10;
            scale -= 1;
        }
        Exact { units, scale }
    }

    /// `self × n`.
    pub fn times(self, n: i64) -> Exact {
        Exact {
            units: mul_units(self.units, i128::from(n)),
            scale: self.scale,
        }
    }

    #[inline]
    fn at_scale(self, scale: u32) -> i128 {
        if scale == self.scale {
            return self.units;
        }
        mul_units(self.units, pow10(scale.saturating_sub(self.scale)))
    }

    /// `self + other`.
    #[allow(clippy::should_implement_trait)]
    pub fn add(self, other: Exact) -> Exact {
        let scale = self.scale.max(other.scale);
        Exact {
            units: self.at_scale(scale).saturating_add(other.at_scale(scale)),
            scale,
        }
    }

    /// `self − other`.
    #[allow(clippy::should_implement_trait)]
    pub fn sub(self, other: Exact) -> Exact {
        self.add(Exact {
            units: -other.units,
            scale: other.scale,
        })
    }

    /// Exact comparison.
    #[inline]
    pub fn cmp_exact(self, other: Exact) -> std::cmp::Ordering {
        if self.scale == other.scale {
            return self.units.cmp(&other.units);
        }
        let scale = self.scale.max(other.scale);
        self.at_scale(scale).cmp(&other.at_scale(scale))
    }

    /// Whether `self < other`.
    pub fn lt(self, other: Exact) -> bool {
        self.cmp_exact(other).is_lt()
    }

    /// Whether `self > other`.
    pub fn gt(self, other: Exact) -> bool {
        self.cmp_exact(other).is_gt()
    }

    /// Rounded to a whole number, half away from zero (四舍五入): the one rounding of a payable
    /// amount in fen ([`crate::money::round_payable`]).
    pub fn round(self) -> i64 {
        if self.scale == 0 {
            return i64::try_from(self.units).unwrap_or(i64::MAX);
        }
        let p = pow10(self.scale);
        // Within i64 the division is a machine instruction rather than a 128-bit routine.
        if let (Ok(u), Ok(p64)) = (i64::try_from(self.units), i64::try_from(p)) {
            let (q, r) = (u / p64, u % p64);
            let up = r.unsigned_abs().saturating_mul(2) >= p64.unsigned_abs();
            return if up { q + u.signum() } else { q };
        }
        let (q, r) = (self.units / p, self.units % p);
        let up = r.abs() * 2 >= p;
        let rounded = if up { q + self.units.signum() } else { q };
        i64::try_from(rounded).unwrap_or(i64::MAX)
    }

    /// Amount in fen rounded to whole 元 (a multiple of 100 fen), half away from zero: the
    /// price-linked subsidy's rule ([`crate::money::round_whole_yuan`]).
    pub fn round_to_yuan(self) -> i64 {
        Exact {
            units: self.units,
            scale: self.scale + 2,
        }
        .round()
        .saturating_mul(100)
    }
}

impl PartialEq for Exact {
    fn eq(&self, other: &Exact) -> bool {
        self.cmp_exact(*other).is_eq()
    }
}

impl Eq for Exact {}

impl From<Fen> for Exact {
    fn from(fen: Fen) -> Exact {
        Exact::int(fen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widening_multiply_is_the_saturating_one() {
        let edges = [
            0_i128,
            1,
            -1,
            130_900,
            i128::from(i64::MAX),
            i128::from(i64::MIN),
            i128::from(i64::MAX) + 1,
            i128::MAX,
            i128::MIN,
            10_i128.pow(38),
        ];
        for a in edges {
            for b in edges {
                assert_eq!(mul_units(a, b), a.saturating_mul(b), "{a} × {b}");
            }
        }
    }

    #[test]
    fn whole_values_and_wide_scales() {
        let e = |units: i128, scale: u32| Exact { units, scale };
        assert_eq!(e(150, 1).whole(), Some(15));
        assert_eq!(e(-150, 1).whole(), Some(-15));
        assert_eq!(e(-155, 1).whole(), None);
        assert_eq!(e(7, 0).whole(), Some(7));
        // Beyond i64 the 128-bit path gives the same answers.
        let wide = i128::from(i64::MAX) * 10;
        assert_eq!(e(wide, 1).whole(), Some(i64::MAX));
        assert_eq!(e(wide + 1, 1).whole(), None);
        assert_eq!(e(wide * 10, 1).whole(), None);
        // A product past the largest scale drops trailing zeros, keeping its value.
        let a = e(1_000, 10);
        let p = a.mul(e(2_000, 10));
        assert_eq!(p.scale, MAX_SCALE);
        assert_eq!(p, e(2, 14));
        // One without trailing zeros keeps its scale.
        let q = e(3, 10).mul(e(7, 10));
        assert_eq!((q.units, q.scale), (21, 20));
    }

    #[test]
    fn products_are_exact_and_round_once() {
        let m = Exact::from_decimal(Decimal::new(15, 1)).unwrap_or(Exact::int(0));
        let threshold = m.mul(Exact::int(130_900)).times(3);
        assert_eq!(threshold.to_decimal(), Decimal::new(589_050, 0));
        let share = Exact::from_decimal(Decimal::new(2, 2)).unwrap_or(Exact::int(0));
        // 2 % of 2 345.67 元 = 46.9134 元 → 46.91
        assert_eq!(share.mul(Exact::int(234_567)).round(), 4_691);
        // Half away from zero.
        assert_eq!(
            Exact {
                units: 25,
                scale: 1
            }
            .round(),
            3
        );
        assert_eq!(
            Exact {
                units: -25,
                scale: 1
            }
            .round(),
            -3
        );
        assert_eq!(
            Exact {
                units: 24,
                scale: 1
            }
            .round(),
            2
        );
        assert_eq!(Exact::int(12_349).round_to_yuan(), 12_300);
        assert_eq!(Exact::int(12_350).round_to_yuan(), 12_400);
        assert!(Exact::int(589_049).lt(threshold));
        assert!(!Exact::int(589_050).lt(threshold));
        assert_eq!(fen_of(Decimal::new(130_950, 2)), Some(130_950));
        assert_eq!(fen_of(Decimal::new(1_309_505, 3)), None);
    }
}
