//! The one shape of a code catalogue ([`crate::engine::reasons::ReasonCode`],
//! [`crate::warnings::WarningCode`]): an enum whose every code has a stable wire string and a
//! short Chinese and English title, written once per code in a table.

/// Declares a catalogue enum `$name` from rows `Variant => "wire_code", "中文", "English",`:
/// the enum (one byte), `ALL` in the table's order, and `code`, `title_zh` and `title_en`.
macro_rules! code_catalogue {
    (
        $(#[$meta:meta])*
        pub enum $name:ident;
        $($(#[$doc:meta])* $variant:ident => $code:literal, $zh:literal, $en:literal,)*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum $name {
            $($(#[$doc])* $variant,)*
        }

        impl $name {
            /// Every code, in the catalogue's order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stable wire string.
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            /// A short Chinese title (a result's message adds the particulars).
            pub const fn title_zh(self) -> &'static str {
                match self {
                    $($name::$variant => $zh,)*
                }
            }

            /// A short English title.
            pub const fn title_en(self) -> &'static str {
                match self {
                    $($name::$variant => $en,)*
                }
            }
        }
    };
}

pub(crate) use code_catalogue;
