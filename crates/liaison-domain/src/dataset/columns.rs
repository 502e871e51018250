//! The machinery behind the one declaration of the episode's columns (`episode.rs`): what a
//! column holds ([`Kind`]), its value in a storage-neutral form ([`Cell`]), and the macro that
//! turns the declaration into [`COLUMNS`](super::COLUMNS), [`KINDS`](super::KINDS),
//! [`EpisodeInput`](super::EpisodeInput), [`Episode`](super::Episode) and the conversions
//! between them. The stores bind, copy and read episodes cell by cell, so a column declared
//! once reaches every write and read path without being named there.

use time::Date;

use super::values::iso;

/// What a column holds, from its Rust type in the declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    OptText,
    Date,
    OptDate,
    /// A decimal, always optional.
    Dec,
    /// A coded value, stored as its code.
    Code,
    OptCode,
}

/// How a column is stored: text (codes as their code), a date or a decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    Text,
    Date,
    Dec,
}

impl Kind {
    pub const fn storage(self) -> Storage {
        match self {
            Kind::Text | Kind::OptText | Kind::Code | Kind::OptCode => Storage::Text,
            Kind::Date | Kind::OptDate => Storage::Date,
            Kind::Dec => Storage::Dec,
        }
    }
}

/// One column's value as stored, `None` meaning NULL.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Text(Option<&'a str>),
    Date(Option<Date>),
    Dec(Option<f64>),
}

/// A stored value read back, for [`Episode::from_cells`](super::Episode::from_cells).
#[derive(Debug, Clone, PartialEq)]
pub enum OwnedCell {
    Text(Option<String>),
    Date(Option<Date>),
    Dec(Option<f64>),
}

impl Cell<'_> {
    /// The canonical text of the interchange format: what exports write and imports read back.
    pub fn text(self) -> String {
        match self {
            Cell::Text(v) => v.unwrap_or("").to_string(),
            Cell::Date(v) => v.map(iso).unwrap_or_default(),
            Cell::Dec(v) => v.map(dec_str).unwrap_or_default(),
        }
    }

    pub fn is_blank(self) -> bool {
        match self {
            Cell::Text(v) => v.is_none_or(str::is_empty),
            Cell::Date(v) => v.is_none(),
            Cell::Dec(v) => v.is_none(),
        }
    }

    pub fn to_owned_cell(self) -> OwnedCell {
        match self {
            Cell::Text(v) => OwnedCell::Text(v.map(str::to_string)),
            Cell::Date(v) => OwnedCell::Date(v),
            Cell::Dec(v) => OwnedCell::Dec(v),
        }
    }
}

/// `-0` is written `0`: the same value must have one text.
fn dec_str(x: f64) -> String {
    let s = format!("{x}");
    if s == "-0" { "0".into() } else { s }
}

/// A stored value that is not one of its column's: a damaged or hand-edited database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {problem}")]
pub struct BadCell {
    pub column: &'static str,
    pub problem: &'static str,
}

/// The Rust type of a column: its kind and the way to and from a [`Cell`].
pub trait ColumnValue: Sized {
    const KIND: Kind;
    fn cell(&self) -> Cell<'_>;
    /// `Err(problem)` when the stored value cannot be this type.
    fn from_cell(c: OwnedCell) -> Result<Self, &'static str>;
}

const MISSING: &str = "missing value";
const WRONG: &str = "wrong type of value";

impl ColumnValue for String {
    const KIND: Kind = Kind::Text;
    fn cell(&self) -> Cell<'_> {
        Cell::Text(Some(self))
    }
    fn from_cell(c: OwnedCell) -> Result<Self, &'static str> {
        match c {
            OwnedCell::Text(Some(v)) => Ok(v),
            OwnedCell::Text(None) => Err(MISSING),
            _ => Err(WRONG),
        }
    }
}

impl ColumnValue for Option<String> {
    const KIND: Kind = Kind::OptText;
    fn cell(&self) -> Cell<'_> {
        Cell::Text(self.as_deref())
    }
    fn from_cell(c: OwnedCell) -> Result<Self, &'static str> {
        match c {
            OwnedCell::Text(v) => Ok(v),
            _ => Err(WRONG),
        }
    }
}

impl ColumnValue for Date {
    const KIND: Kind = Kind::Date;
    fn cell(&self) -> Cell<'_> {
        Cell::Date(Some(*self))
    }
    fn from_cell(c: OwnedCell) -> Result<Self, &'static str> {
        match c {
            OwnedCell::Date(Some(v)) => Ok(v),
            OwnedCell::Date(None) => Err(MISSING),
            _ => Err(WRONG),
        }
    }
}

impl ColumnValue for Option<Date> {
    const KIND: Kind = Kind::OptDate;
    fn cell(&self) -> Cell<'_> {
        Cell::Date(*self)
    }
    fn from_cell(c: OwnedCell) -> Result<Self, &'static str> {
        match c {
            OwnedCell::Date(v) => Ok(v),
            _ => Err(WRONG),
        }
    }
}

impl ColumnValue for Option<f64> {
    const KIND: Kind = Kind::Dec;
    fn cell(&self) -> Cell<'_> {
        Cell::Dec(*self)
    }
    fn from_cell(c: OwnedCell) -> Result<Self, &'static str> {
        match c {
            OwnedCell::Dec(v) => Ok(v),
            _ => Err(WRONG),
        }
    }
}

/// [`ColumnValue`] for a coded value and its optional form (used by `code_enum!`).
macro_rules! code_column {
    ($name:ident) => {
        impl $crate::dataset::ColumnValue for $name {
            const KIND: $crate::dataset::Kind = $crate::dataset::Kind::Code;
            fn cell(&self) -> $crate::dataset::Cell<'_> {
                $crate::dataset::Cell::Text(Some(self.code()))
            }
            fn from_cell(c: $crate::dataset::OwnedCell) -> Result<Self, &'static str> {
                match c {
                    $crate::dataset::OwnedCell::Text(Some(v)) => {
                        $name::parse(&v).ok_or("unknown code")
                    }
                    $crate::dataset::OwnedCell::Text(None) => Err("missing value"),
                    _ => Err("wrong type of value"),
                }
            }
        }
        impl $crate::dataset::ColumnValue for Option<$name> {
            const KIND: $crate::dataset::Kind = $crate::dataset::Kind::OptCode;
            fn cell(&self) -> $crate::dataset::Cell<'_> {
                $crate::dataset::Cell::Text(self.map($name::code))
            }
            fn from_cell(c: $crate::dataset::OwnedCell) -> Result<Self, &'static str> {
                match c {
                    $crate::dataset::OwnedCell::Text(None) => Ok(None),
                    $crate::dataset::OwnedCell::Text(Some(v)) if v.trim().is_empty() => Ok(None),
                    $crate::dataset::OwnedCell::Text(Some(v)) => {
                        $name::parse(&v).map(Some).ok_or("unknown code")
                    }
                    _ => Err("wrong type of value"),
                }
            }
        }
    };
}

pub(super) use code_column;

/// The episode from its declaration: `name: Type,` per column, in interchange order.
macro_rules! episode_columns {
    ($($(#[$m:meta])* $name:ident: $ty:ty,)+) => {
        /// How many columns the dataset has.
        pub const N_COLUMNS: usize = [$(stringify!($name)),+].len();

        /// Every column, in the order of the CSV/XLSX interchange format.
        pub const COLUMNS: [&str; N_COLUMNS] = [$(stringify!($name)),+];

        /// What each column of [`COLUMNS`] holds.
        pub const KINDS: [$crate::dataset::Kind; N_COLUMNS] =
            [$(<$ty as $crate::dataset::ColumnValue>::KIND),+];

        /// An episode as typed or read: every column a string, blank meaning "not recorded".
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct EpisodeInput { $(pub $name: String),+ }

        impl EpisodeInput {
            pub fn get(&self, col: &str) -> Option<&str> {
                match col { $(stringify!($name) => Some(self.$name.as_str()),)+ _ => None }
            }
            /// Set a column; false for an unknown column.
            pub fn set(&mut self, col: &str, v: String) -> bool {
                match col { $(stringify!($name) => { self.$name = v; true })+ _ => false }
            }
        }

        /// A valid episode.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct Episode { $($(#[$m])* pub $name: $ty),+ }

        impl Episode {
            /// Every column's value, in [`COLUMNS`] order: what the stores write.
            pub fn cells(&self) -> [$crate::dataset::Cell<'_>; N_COLUMNS] {
                use $crate::dataset::ColumnValue;
                [$(self.$name.cell()),+]
            }

            /// The episode back from stored values, in [`COLUMNS`] order.
            pub fn from_cells(
                cells: impl IntoIterator<Item = $crate::dataset::OwnedCell>,
            ) -> Result<Episode, $crate::dataset::BadCell> {
                use $crate::dataset::{BadCell, ColumnValue};
                let mut it = cells.into_iter();
                let e = Episode {
                    $($name: {
                        let bad = |problem| BadCell { column: stringify!($name), problem };
                        <$ty as ColumnValue>::from_cell(it.next().ok_or_else(|| bad("missing column"))?)
                            .map_err(bad)?
                    },)+
                };
                match it.next() {
                    Some(_) => Err(BadCell { column: "", problem: "more values than columns" }),
                    None => Ok(e),
                }
            }
        }

        impl From<&Episode> for EpisodeInput {
            /// The canonical text of every field: what exports write and imports read back.
            fn from(e: &Episode) -> Self {
                use $crate::dataset::ColumnValue;
                EpisodeInput { $($name: e.$name.cell().text()),+ }
            }
        }
    };
}

pub(super) use episode_columns;
