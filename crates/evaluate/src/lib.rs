//! Through the year and at its end: execution monitoring (绩效运行监控, 双监控: spending
//! progress and target progress, with green/yellow/red warnings) and self-evaluation scoring
//! (绩效自评, 财预〔2020〕10号), including the 评（扣）分标准 texts parsed into executable rules.
//!
//! Pure: the model and what users report in, verdicts and scores out. Defaults come from
//! ../shared/REFERENCE.md §5–§6 and are configurable.

mod date;
mod deduction;
mod input;
mod monitor;
mod plan;
mod selfeval;
mod sheet;

pub use date::Date;
pub use deduction::{DeductionRule, Direction, parse_deduction};
pub use input::{InputError, half_width, parse_amount_yuan, parse_reading};
pub use monitor::{
    Cause, IndicatorProgress, IndicatorVerdict, Light, Likelihood, MonitorInput, MonitorReport,
    Thresholds, monitor,
};
pub use plan::planned_percent;
pub use selfeval::{
    ActualEntry, ActualValue, Band, Grade, IndicatorScore, Level1Weights, ReversePolicy,
    SelfEvalInput, SelfEvalReport, evaluate,
};
pub use sheet::{
    BANDS, CAUSES, LIKELIHOODS, MONITOR_COLUMNS, SELF_EVALUATION_COLUMNS, SheetRow, cell,
    monitor_progress, self_evaluation_actuals, template_rows,
};
