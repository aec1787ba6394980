//! 绩效运行监控 (双监控): spending against the plan at the cut-off, each indicator's forecast
//! against its target, and green/yellow/red lights with a reason (REFERENCE §5.4; defaults there).

use jixiao_model::{Comparator, Document, Indicator, TargetKind};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::input::{InputError, parse_reading};
use crate::{Date, planned_percent};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Likelihood {
    #[serde(rename = "确定能")]
    Certain,
    #[serde(rename = "有可能")]
    Possible,
    #[serde(rename = "完全不可能")]
    Impossible,
}

impl Likelihood {
    pub fn parse(text: &str) -> Option<Likelihood> {
        match text.trim() {
            "确定能" | "能" => Some(Likelihood::Certain),
            "有可能" | "可能" => Some(Likelihood::Possible),
            "完全不可能" | "不可能" => Some(Likelihood::Impossible),
            _ => None,
        }
    }
}

/// 偏差原因 (财预〔2019〕136号 monitoring table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cause {
    #[serde(rename = "经费保障")]
    Funding,
    #[serde(rename = "制度保障")]
    Rules,
    #[serde(rename = "人员保障")]
    Staff,
    #[serde(rename = "硬件条件保障")]
    Equipment,
    #[serde(rename = "其他")]
    Other,
}

impl Cause {
    pub fn parse(text: &str) -> Option<Cause> {
        match text.trim() {
            "经费保障" => Some(Cause::Funding),
            "制度保障" => Some(Cause::Rules),
            "人员保障" => Some(Cause::Staff),
            "硬件条件保障" => Some(Cause::Equipment),
            "其他" => Some(Cause::Other),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Light {
    #[serde(rename = "绿灯")]
    Green,
    #[serde(rename = "黄灯")]
    Yellow,
    #[serde(rename = "红灯")]
    Red,
}

/// Warning thresholds, in percentage points below the plan (defaults: REFERENCE §5.4, proposed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Green while spending is at most this far below the plan.
    pub yellow_below: Decimal,
    /// Red when spending is more than this far below the plan.
    pub red_below: Decimal,
    /// Red when the full-year forecast execution falls below this percent.
    pub forecast_floor: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            yellow_below: Decimal::from(5),
            red_below: Decimal::from(20),
            forecast_floor: Decimal::from(90),
        }
    }
}

/// What the unit reports for one indicator, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IndicatorProgress {
    /// Position of the indicator in the project.
    pub indicator: usize,
    /// The 三级指标 name as the reporter wrote it, checked against the project.
    pub name: Option<String>,
    pub reached: Option<String>,
    pub forecast: Option<String>,
    pub likelihood: Option<Likelihood>,
    pub causes: Vec<Cause>,
    pub cause_note: Option<String>,
    pub rectification: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitorInput {
    pub cutoff: Date,
    /// Spent up to the cut-off, in 元.
    pub spent_yuan: Decimal,
    /// Expected spending over the whole year, in 元 (全年预计执行数), when given.
    pub forecast_yuan: Option<Decimal>,
    pub progress: Vec<IndicatorProgress>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorVerdict {
    pub indicator: usize,
    pub name: String,
    pub target: String,
    pub reached: Option<String>,
    pub forecast: Option<String>,
    pub likelihood: Option<Likelihood>,
    pub light: Light,
    pub reason: String,
    pub causes: Vec<Cause>,
    pub cause_note: Option<String>,
    pub rectification: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitorReport {
    pub cutoff: Date,
    pub budget_yuan: Option<Decimal>,
    pub spent_yuan: Decimal,
    pub planned_percent: Option<Decimal>,
    pub executed_percent: Option<Decimal>,
    pub spending_light: Light,
    pub spending_reason: String,
    pub indicators: Vec<IndicatorVerdict>,
}

impl MonitorReport {
    /// The worst light of the project.
    pub fn light(&self) -> Light {
        self.indicators
            .iter()
            .map(|i| i.light)
            .chain([self.spending_light])
            .max()
            .unwrap_or(Light::Green)
    }
}

/// The comparator that gives the indicator's direction: as written, else ≤ for costs
/// (成本 is 反向 by nature, REFERENCE §3.3) and ≥ for everything else.
pub(crate) fn direction(indicator: &Indicator) -> Comparator {
    match indicator.target.comparator {
        Some(comparator) => comparator,
        None if indicator.level2.is(jixiao_model::Level2Kind::Cost)
            || indicator.level1.is(jixiao_model::Level1Kind::Cost) =>
        {
            Comparator::Le
        }
        None => Comparator::Ge,
    }
}

/// Whether `value` meets the target in the direction its comparator implies.
pub(crate) fn meets(comparator: Option<Comparator>, target: Decimal, value: Decimal) -> bool {
    match comparator {
        Some(Comparator::Le) => value <= target,
        Some(Comparator::Lt) => value < target,
        Some(Comparator::Gt) => value > target,
        Some(Comparator::Eq) => value == target,
        Some(Comparator::Ge) | None => value >= target,
    }
}

fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| (part * Decimal::from(100) / whole).round_dp(2))
}

/// Checks the input against the project and judges it; every problem is reported, nothing is judged half.
pub fn monitor(
    document: &Document,
    project: usize,
    input: &MonitorInput,
    thresholds: &Thresholds,
) -> Result<MonitorReport, Vec<InputError>> {
    let mut errors = Vec::new();
    let Some(project) = document.projects.get(project) else {
        return Err(vec![InputError::UnknownIndicator(format!(
            "项目{}",
            project + 1
        ))]);
    };
    if let Some(year) = document
        .fiscal_year
        .year
        .filter(|y| *y != input.cutoff.year)
    {
        errors.push(InputError::DateOutsideYear {
            date: input.cutoff.to_string(),
            year,
        });
    }
    let budget = project.budget.total_yuan;
    if let Some(budget) = budget.filter(|b| !b.is_zero() && input.spent_yuan > *b) {
        errors.push(InputError::SpentOverBudget {
            executed: input.spent_yuan.normalize().to_string(),
            budget: budget.normalize().to_string(),
        });
    }
    if let Some(forecast) = input.forecast_yuan.filter(|f| *f < input.spent_yuan) {
        errors.push(InputError::ForecastBelowSpent {
            forecast: forecast.normalize().to_string(),
            spent: input.spent_yuan.normalize().to_string(),
        });
    }
    let planned = project
        .spending_plan
        .as_ref()
        .and_then(|plan| planned_percent(plan, input.cutoff));
    let executed = budget.and_then(|b| percent(input.spent_yuan, b));
    let forecast_rate = match (input.forecast_yuan, budget) {
        (Some(forecast), Some(budget)) => percent(forecast, budget),
        _ => None,
    };
    let (spending_light, spending_reason) = match (planned, executed) {
        (Some(planned), Some(executed)) => {
            let behind = planned - executed;
            let mut light = if behind > thresholds.red_below {
                Light::Red
            } else if behind > thresholds.yellow_below {
                Light::Yellow
            } else {
                Light::Green
            };
            let mut reason = format!(
                "截至{}计划支出{planned}%，实际支出{executed}%",
                input.cutoff
            );
            if let Some(rate) = forecast_rate.filter(|r| *r < thresholds.forecast_floor) {
                light = Light::Red;
                reason.push_str(&format!(
                    "；全年预计执行率{rate}%，低于{}%",
                    thresholds.forecast_floor
                ));
            }
            (light, reason)
        }
        _ => (
            Light::Yellow,
            "缺少预算数或可读的资金支出计划，无法比较支出进度".to_string(),
        ),
    };
    let mut verdicts = Vec::new();
    for progress in &input.progress {
        let Some(indicator) = project.indicators.get(progress.indicator) else {
            errors.push(InputError::UnknownIndicator(
                progress
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("第{}条", progress.indicator + 1)),
            ));
            continue;
        };
        if progress
            .name
            .as_deref()
            .is_some_and(|n| n.trim() != indicator.name)
        {
            errors.push(InputError::UnknownIndicator(
                progress.name.clone().unwrap_or_default(),
            ));
            continue;
        }
        match judge(indicator, progress) {
            Ok((light, reason)) => {
                if light == Light::Red
                    && (progress.causes.is_empty() || progress.rectification.is_none())
                {
                    errors.push(InputError::MissingRectification(indicator.name.clone()));
                }
                verdicts.push(IndicatorVerdict {
                    indicator: progress.indicator,
                    name: indicator.name.clone(),
                    target: indicator.target.raw.trim().to_string(),
                    reached: progress.reached.clone(),
                    forecast: progress.forecast.clone(),
                    likelihood: progress.likelihood,
                    light,
                    reason,
                    causes: progress.causes.clone(),
                    cause_note: progress.cause_note.clone(),
                    rectification: progress.rectification.clone(),
                });
            }
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(MonitorReport {
        cutoff: input.cutoff,
        budget_yuan: budget,
        spent_yuan: input.spent_yuan,
        planned_percent: planned,
        executed_percent: executed,
        spending_light,
        spending_reason,
        indicators: verdicts,
    })
}

fn judge(
    indicator: &Indicator,
    progress: &IndicatorProgress,
) -> Result<(Light, String), InputError> {
    for value in [&progress.reached, &progress.forecast]
        .into_iter()
        .flatten()
    {
        if indicator.target.kind == TargetKind::Numeric {
            parse_reading(value, &indicator.target)?;
        }
    }
    let by_likelihood = |lead: String| match progress.likelihood {
        Some(Likelihood::Impossible) => (Light::Red, format!("{lead}，完成目标可能性为完全不可能")),
        Some(Likelihood::Possible) | None => {
            (Light::Yellow, format!("{lead}，完成目标可能性为有可能"))
        }
        Some(Likelihood::Certain) => (Light::Green, format!("{lead}，确定能完成")),
    };
    let target = &indicator.target;
    let verdict = match (target.kind, target.number, progress.forecast.as_deref()) {
        (TargetKind::Numeric, Some(goal), Some(forecast)) => {
            let forecast_value = parse_reading(forecast, target)?;
            if meets(Some(direction(indicator)), goal, forecast_value) {
                (
                    Light::Green,
                    format!(
                        "全年预计{}，可达到指标值{}",
                        forecast.trim(),
                        target.raw.trim()
                    ),
                )
            } else if progress.likelihood == Some(Likelihood::Certain) {
                return Err(InputError::CertainButMissed(indicator.name.clone()));
            } else {
                by_likelihood(format!(
                    "全年预计{}，达不到指标值{}",
                    forecast.trim(),
                    target.raw.trim()
                ))
            }
        }
        _ => match progress.likelihood {
            Some(Likelihood::Certain) => (Light::Green, "确定能完成".to_string()),
            Some(_) => by_likelihood("定性指标".to_string()),
            None => (Light::Yellow, "未填写全年预计和完成目标可能性".to_string()),
        },
    };
    Ok(verdict)
}
