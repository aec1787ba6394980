//! 绩效自评 scoring under 财预〔2020〕10号 (REFERENCE §6): 预算执行率 10 + 产出 50 + 效益 30 +
//! 满意度 10 points by default, spread evenly within a level; 正向 W·min(1, B/A), 反向
//! W·min(1, A/B) (or the linear variant); qualitative values scored within the band the scorer
//! picks; a parsed 评（扣）分标准 replaces the default formula; grades 优/良/中/差.

use jixiao_model::{Indicator, Level1Kind, TargetKind};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::deduction::parse_deduction;
use crate::input::{InputError, parse_reading};
use crate::monitor::{direction, meets};

/// Two decimals, always shown (9.00, not 9.0).
trait Round2 {
    fn round2(self) -> Decimal;
}

impl Round2 for Decimal {
    fn round2(self) -> Decimal {
        let mut rounded = self.round_dp(2);
        rounded.rescale(2);
        rounded
    }
}

/// Points per level; they must add up to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level1Weights {
    pub budget: Decimal,
    pub output: Decimal,
    pub benefit: Decimal,
    pub satisfaction: Decimal,
}

impl Level1Weights {
    /// Four points as written, `10,50,30,10` (预算执行率, 产出, 效益, 满意度), adding up to 100.
    pub fn parse(text: &str) -> Result<Level1Weights, String> {
        let asked = || format!("分值“{text}”应为四个数字，如 10,50,30,10");
        let parts: Vec<Decimal> = text
            .split([',', '，', '/'])
            .map(|p| p.trim().parse())
            .collect::<Result<_, _>>()
            .map_err(|_| asked())?;
        let [budget, output, benefit, satisfaction] = parts.as_slice() else {
            return Err(asked());
        };
        let weights = Level1Weights {
            budget: *budget,
            output: *output,
            benefit: *benefit,
            satisfaction: *satisfaction,
        };
        if weights.total() != Decimal::from(100) {
            return Err(format!("分值合计为 {}，应为 100", weights.total()));
        }
        Ok(weights)
    }
}

impl Default for Level1Weights {
    fn default() -> Self {
        Level1Weights {
            budget: Decimal::from(10),
            output: Decimal::from(50),
            benefit: Decimal::from(30),
            satisfaction: Decimal::from(10),
        }
    }
}

impl Level1Weights {
    pub fn total(&self) -> Decimal {
        self.budget + self.output + self.benefit + self.satisfaction
    }
}

/// How a 反向 (≤) target is scored when the actual is over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReversePolicy {
    /// W·min(1, A/B): jixiao's default.
    Ratio,
    /// W·(1 − (B−A)/A), 0 from B ≥ 2A: the commercial module's rule.
    Linear,
}

/// The band a scorer puts a qualitative indicator in (10号; REFERENCE §6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Band {
    #[serde(rename = "达成")]
    Achieved,
    #[serde(rename = "部分达成")]
    Partial,
    #[serde(rename = "未达成")]
    NotAchieved,
}

impl Band {
    pub fn parse(text: &str) -> Option<Band> {
        match text.trim() {
            "达成" | "达成年度指标" => Some(Band::Achieved),
            "部分达成" | "部分达成年度指标并具有一定效果" => Some(Band::Partial),
            "未达成" | "未达成年度指标且效果较差" => Some(Band::NotAchieved),
            _ => None,
        }
    }

    /// The share of the weight (percent) the band allows, lower bound inclusive.
    fn range(self) -> (Decimal, Decimal) {
        match self {
            Band::Achieved => (Decimal::from(80), Decimal::from(100)),
            Band::Partial => (Decimal::from(60), Decimal::from(80)),
            Band::NotAchieved => (Decimal::ZERO, Decimal::from(60)),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Band::Achieved => "达成，80%–100%",
            Band::Partial => "部分达成，60%–80%",
            Band::NotAchieved => "未达成，0–60%",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActualValue {
    /// A measured value, as typed (read in the target's unit).
    Number(String),
    /// A qualitative judgement: the band and the percent of the weight given within it.
    Qualitative { band: Band, percent: Decimal },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActualEntry {
    pub indicator: usize,
    pub value: ActualValue,
    /// 偏差原因.
    pub reason: Option<String>,
    /// 改进措施.
    pub measure: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfEvalInput {
    /// 全年执行数, in 元.
    pub executed_yuan: Decimal,
    /// 全年预算数 (after adjustments), in 元; the project's budget when absent.
    pub budget_yuan: Option<Decimal>,
    pub actuals: Vec<ActualEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorScore {
    pub indicator: usize,
    pub name: String,
    pub level1: String,
    pub target: String,
    pub actual: String,
    pub weight: Decimal,
    pub score: Decimal,
    /// Which formula produced the score, in words.
    pub policy: String,
    pub reason: Option<String>,
    pub measure: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grade {
    #[serde(rename = "优")]
    Excellent,
    #[serde(rename = "良")]
    Good,
    #[serde(rename = "中")]
    Fair,
    #[serde(rename = "差")]
    Poor,
}

impl Grade {
    pub fn of(total: Decimal) -> Grade {
        if total >= Decimal::from(90) {
            Grade::Excellent
        } else if total >= Decimal::from(80) {
            Grade::Good
        } else if total >= Decimal::from(60) {
            Grade::Fair
        } else {
            Grade::Poor
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfEvalReport {
    pub budget_yuan: Decimal,
    pub executed_yuan: Decimal,
    pub execution_rate: Decimal,
    pub budget_weight: Decimal,
    pub budget_score: Decimal,
    pub indicators: Vec<IndicatorScore>,
    pub total: Decimal,
    pub grade: Grade,
}

fn level_weight(weights: &Level1Weights, kind: Option<Level1Kind>) -> Decimal {
    match kind {
        Some(Level1Kind::Output | Level1Kind::Cost) => weights.output,
        Some(Level1Kind::Benefit) => weights.benefit,
        Some(Level1Kind::Satisfaction) => weights.satisfaction,
        None => Decimal::ZERO,
    }
}

/// Per-indicator weights: each level's points spread evenly; a level with no indicators gives its
/// points to the others in proportion, so the total stays 100.
fn indicator_weights(indicators: &[Indicator], weights: &Level1Weights) -> Vec<Decimal> {
    let level = |i: &Indicator| match i.level1.kind {
        Some(Level1Kind::Cost) => Some(Level1Kind::Output),
        other => other,
    };
    let count = |kind: Level1Kind| indicators.iter().filter(|i| level(i) == Some(kind)).count();
    let present = [
        Level1Kind::Output,
        Level1Kind::Benefit,
        Level1Kind::Satisfaction,
    ];
    let used: Decimal = present
        .iter()
        .filter(|k| count(**k) > 0)
        .map(|k| level_weight(weights, Some(*k)))
        .sum();
    let available = weights.total() - weights.budget;
    indicators
        .iter()
        .map(|indicator| {
            let kind = level(indicator);
            let Some(kind) = kind.filter(|k| count(*k) > 0) else {
                return Decimal::ZERO;
            };
            if used.is_zero() {
                return Decimal::ZERO;
            }
            level_weight(weights, Some(kind)) * available / used / Decimal::from(count(kind))
        })
        .collect()
}

/// Scores a project's (or a department table's) indicators; every problem is reported together.
pub fn evaluate(
    indicators: &[Indicator],
    project_budget_yuan: Option<Decimal>,
    input: &SelfEvalInput,
    weights: &Level1Weights,
    reverse: ReversePolicy,
) -> Result<SelfEvalReport, Vec<InputError>> {
    let mut errors = Vec::new();
    let budget = input
        .budget_yuan
        .or(project_budget_yuan)
        .unwrap_or(Decimal::ZERO);
    let execution_rate = if budget.is_zero() {
        Decimal::ZERO
    } else {
        (input.executed_yuan * Decimal::from(100) / budget).round2()
    };
    let budget_share = if budget.is_zero() {
        Decimal::ZERO
    } else {
        (input.executed_yuan / budget).min(Decimal::ONE)
    };
    let budget_score = weights.budget * budget_share;
    if !budget.is_zero() && input.executed_yuan > budget {
        errors.push(InputError::SpentOverBudget {
            executed: input.executed_yuan.normalize().to_string(),
            budget: budget.normalize().to_string(),
        });
    }
    // Scores are summed as computed and the total rounded once: 12 rows of 8.3333 make 100, not 99.96.
    let mut unrounded = budget_score;
    let shares = indicator_weights(indicators, weights);
    for entry in &input.actuals {
        if entry.indicator >= indicators.len() {
            errors.push(InputError::UnknownIndicator(format!(
                "第{}条",
                entry.indicator + 1
            )));
        }
    }
    let mut scores = Vec::new();
    for (index, (indicator, weight)) in indicators.iter().zip(shares).enumerate() {
        let Some(entry) = input.actuals.iter().find(|a| a.indicator == index) else {
            errors.push(InputError::MissingActual(indicator.name.clone()));
            continue;
        };
        match score_one(indicator, entry, weight, reverse) {
            Ok((score, policy, actual)) => {
                unrounded += score;
                let full = score >= weight;
                if !full && (entry.reason.is_none() || entry.measure.is_none()) {
                    errors.push(InputError::MissingReason(indicator.name.clone()));
                }
                scores.push(IndicatorScore {
                    indicator: index,
                    name: indicator.name.clone(),
                    level1: indicator.level1.raw.clone(),
                    target: indicator.target.raw.trim().to_string(),
                    actual,
                    weight: weight.round2(),
                    score: score.round2(),
                    policy,
                    reason: entry.reason.clone(),
                    measure: entry.measure.clone(),
                });
            }
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let total = unrounded.round2();
    Ok(SelfEvalReport {
        budget_yuan: budget,
        executed_yuan: input.executed_yuan,
        execution_rate,
        budget_weight: weights.budget,
        budget_score: budget_score.round2(),
        indicators: scores,
        total,
        grade: Grade::of(total),
    })
}

/// The score of one indicator, the policy used, and the actual as shown.
fn score_one(
    indicator: &Indicator,
    entry: &ActualEntry,
    weight: Decimal,
    reverse: ReversePolicy,
) -> Result<(Decimal, String, String), InputError> {
    let target = &indicator.target;
    let hundred = Decimal::from(100);
    let rule = indicator
        .scoring_rule
        .as_deref()
        .map(|text| (text, parse_deduction(text)));
    match (&entry.value, rule) {
        (ActualValue::Qualitative { band, percent }, rule) => {
            let (low, high) = band.range();
            let inside =
                *percent >= low && (*percent < high || (*percent == high && high == hundred));
            if !inside {
                return Err(InputError::OutsideBand {
                    name: indicator.name.clone(),
                    given: percent.to_string(),
                    band: band.name().into(),
                });
            }
            let (share, policy) = match rule {
                Some((text, Some(parsed))) if target.kind != TargetKind::Numeric => {
                    let met = *band == Band::Achieved;
                    (
                        parsed.kept_share(hundred, if met { hundred } else { Decimal::ZERO }, met),
                        format!("按评分标准“{text}”"),
                    )
                }
                _ => (percent / hundred, format!("定性指标，{}", band.name())),
            };
            Ok((
                weight * share,
                policy,
                format!("{}（{percent}%）", band_label(*band)),
            ))
        }
        (ActualValue::Number(text), rule) => {
            let actual = match target.kind {
                TargetKind::Numeric => parse_reading(text, target)?,
                _ => match rule {
                    Some((_, Some(_))) => {
                        parse_reading(text, &jixiao_model::TargetValue::parse("100%"))?
                    }
                    _ => return Err(InputError::NeedsBand(indicator.name.clone())),
                },
            };
            let goal = target.number.unwrap_or(hundred);
            if let Some((text_rule, Some(parsed))) = rule {
                let met = meets(Some(direction(indicator)), goal, actual);
                return Ok((
                    weight * parsed.kept_share(goal, actual, met),
                    format!("按评分标准“{text_rule}”"),
                    text.trim().to_string(),
                ));
            }
            let unparsed = rule
                .map(|(t, _)| format!("（评分标准“{t}”无法解析，按默认公式）"))
                .unwrap_or_default();
            let (share, policy) = default_share(Some(direction(indicator)), goal, actual, reverse);
            Ok((
                weight * share,
                format!("{policy}{unparsed}"),
                text.trim().to_string(),
            ))
        }
    }
}

fn band_label(band: Band) -> &'static str {
    match band {
        Band::Achieved => "达成",
        Band::Partial => "部分达成",
        Band::NotAchieved => "未达成",
    }
}

fn default_share(
    comparator: Option<jixiao_model::Comparator>,
    goal: Decimal,
    actual: Decimal,
    reverse: ReversePolicy,
) -> (Decimal, &'static str) {
    use jixiao_model::Comparator::{Le, Lt};
    if matches!(comparator, Some(Le | Lt)) {
        if actual <= goal {
            return (Decimal::ONE, "反向指标，已达成");
        }
        return match reverse {
            ReversePolicy::Ratio if actual.is_zero() => (Decimal::ONE, "反向指标，W·min(1, A/B)"),
            ReversePolicy::Ratio => ((goal / actual).min(Decimal::ONE), "反向指标，W·min(1, A/B)"),
            ReversePolicy::Linear if goal.is_zero() => (Decimal::ZERO, "反向指标，线性扣减"),
            ReversePolicy::Linear => (
                (Decimal::ONE - (actual - goal) / goal).max(Decimal::ZERO),
                "反向指标，线性扣减",
            ),
        };
    }
    if goal.is_zero() {
        return (Decimal::ONE, "正向指标，指标值为0");
    }
    (
        (actual / goal).clamp(Decimal::ZERO, Decimal::ONE),
        "正向指标，W·min(1, B/A)",
    )
}
