//! The domain model of a published budget performance disclosure (绩效目标公开文件).
//!
//! Pure data and pure functions: no I/O, no database, no HTTP.
//! Every value keeps the text it was read from (`raw`) beside its parsed form,
//! so oddities in real documents survive parsing instead of being smoothed over.

mod amount;
mod category;
mod diagnostic;
mod document;
mod goals;
mod indicator;
pub mod likeness;
mod measure;
mod plan;
mod project;
mod target;

pub use amount::{AmountUnit, parse_amount};
pub use category::{Level1, Level1Kind, Level2, Level2Kind, Scheme};
pub use diagnostic::{Diagnostic, Severity};
pub use document::{Document, FiscalYear, RawSection, Span, Unit, YearBasis, YearEvidence};
pub use goals::{DepartmentGoals, DepartmentTask, GoalItem};
pub use indicator::{Basis, BasisKind, BlankRow, Direction, Indicator, ValueParts};
pub use measure::{Measure, MeasureUnit, measure_unit};
pub use plan::{Checkpoint, PlanMode, SpendingPlan, parse_percent};
pub use project::{Budget, Project};
pub use target::{Comparator, TargetKind, TargetValue};
