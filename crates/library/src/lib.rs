//! The indicator library (指标库), learned from what units publish: one entry per concept —
//! its category, the measure and usual units, the values its targets take, the usual bases,
//! how often its rows draw review findings, and the projects that use it.
//!
//! Pure: rows in, entries out. Names are grouped by [`name::concept`] within one 一级/二级
//! category and one kind of measure, never across them.

pub mod curation;
mod distribution;
mod entry;
pub mod last_year;
mod mine;
pub mod name;
mod place;
mod sector;
pub mod unit_cost;

pub use curation::{Action, Curation, Decision, Note, Verdict};
pub use distribution::{BINS, Bin, Distribution};
pub use entry::{
    CostRange, Entry, Example, Kind, Quality, Summary, UnitCosts, UnitUsage, Usage, Variant,
};
pub use mine::{Library, Miner, Moves, Row, mine};
pub use place::{Place, county_of};
pub use sector::Sector;
