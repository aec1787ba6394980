//! The editing form of a project, free of HTTP: what the form holds ([`ProjectEdit`]), how it is
//! filled from a stored project, checked field by field, and turned back into a project.
//!
//! Rows the user did not touch keep what was published (the text as written, typos included,
//! merged cells, line spans, 评分标准), so editing one row never rewrites the others; the review
//! reports their problems as before. Rows that changed are checked strictly.

use jixiao_model::{
    AmountUnit, Basis, Comparator, GoalItem, Indicator, Level1, Level1Kind, Level2, Level2Kind,
    Project, Scheme, Span, TargetValue, parse_amount,
};
use serde::{Deserialize, Serialize};

/// The comparators offered in the form; empty means none (a plain number or a text).
pub const COMPARATORS: [&str; 6] = ["", "≥", "≤", "=", ">", "<"];

/// Every field is required in JSON: a body that lacks one is refused, never read as a wipe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectEdit {
    /// The project's revision when the form was read; a save from an older one is refused.
    pub revision: i64,
    pub code: String,
    /// `元` or `万元`: the unit the amounts are written in.
    pub budget_unit: String,
    pub total: String,
    pub fiscal: String,
    pub other: String,
    pub purpose: String,
    /// One goal per line.
    pub goals: String,
    pub rows: Vec<RowEdit>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowEdit {
    /// The stored row this one was filled from; `None` for a new row.
    #[serde(default)]
    pub source: Option<usize>,
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub description: String,
    pub comparator: String,
    pub value: String,
    pub unit: String,
    pub basis: String,
    /// The indicator library entry the row's name was picked from (empty when typed).
    #[serde(default)]
    pub library: String,
    /// Ticked to remove the row on save.
    #[serde(default)]
    pub delete: bool,
}

/// The most rows a form may hold; numbers beyond it are ignored.
pub const MAX_ROWS: usize = 500;

/// A problem with one field: `field` is the form's name for it (`total`, `rows.2.value`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The edited project, and for each of its indicators the form row it came from.
#[derive(Debug, Clone)]
pub struct Applied {
    pub project: Project,
    pub form_rows: Vec<usize>,
}

impl RowEdit {
    fn from_indicator(index: usize, indicator: &Indicator) -> RowEdit {
        let target = &indicator.target;
        let (value, unit) = match (&target.number, &target.text) {
            (Some(number), _) => (number.to_string(), target.unit.clone().unwrap_or_default()),
            (None, Some(text)) => (text.clone(), String::new()),
            (None, None) => (String::new(), String::new()),
        };
        RowEdit {
            source: Some(index),
            level1: indicator
                .level1
                .kind
                .map_or(indicator.level1.raw.clone(), |k| k.canonical_name().into()),
            level2: indicator
                .level2
                .kind
                .map_or(indicator.level2.raw.clone(), |k| k.canonical_name().into()),
            name: indicator.name.clone(),
            description: indicator.description.clone(),
            comparator: target
                .comparator
                .map_or(String::new(), |c| c.symbol().into()),
            value,
            unit,
            basis: indicator
                .basis
                .as_ref()
                .map(|b| b.text.clone())
                .unwrap_or_default(),
            library: indicator.from_library.clone().unwrap_or_default(),
            delete: false,
        }
    }

    /// Nothing written in it: a spare row left blank.
    pub fn is_empty(&self) -> bool {
        [
            &self.name,
            &self.description,
            &self.value,
            &self.unit,
            &self.basis,
        ]
        .iter()
        .all(|f| f.trim().is_empty())
    }

    /// The target as one cell, the way tables print it.
    pub fn target_text(&self) -> String {
        format!(
            "{}{}{}",
            self.comparator.trim(),
            self.value.trim(),
            self.unit.trim()
        )
    }
}

impl ProjectEdit {
    /// The form of a project read at `revision`.
    pub fn from_project(project: &Project, revision: i64) -> ProjectEdit {
        let budget = &project.budget;
        let written = |raw: &Option<String>, yuan| match (raw, yuan) {
            (Some(raw), _) => raw.clone(),
            (None, Some(yuan)) => budget
                .unit
                .unwrap_or(AmountUnit::Yuan)
                .from_yuan(yuan)
                .to_string(),
            (None, None) => String::new(),
        };
        ProjectEdit {
            revision,
            code: project.code.clone().unwrap_or_default(),
            budget_unit: budget.unit.unwrap_or(AmountUnit::WanYuan).as_str().into(),
            total: written(&budget.total_raw, budget.total_yuan),
            fiscal: written(&budget.fiscal_raw, budget.fiscal_yuan),
            other: written(&budget.other_raw, budget.other_yuan),
            purpose: project.purpose.clone().unwrap_or_default(),
            goals: goal_lines(&project.goals),
            rows: project
                .indicators
                .iter()
                .enumerate()
                .map(|(index, indicator)| RowEdit::from_indicator(index, indicator))
                .collect(),
        }
    }

    /// Reads the HTML form: `code`, `total`, … and `r{n}.level1`, `r{n}.name`, … per row.
    /// Row `n` of the form is `rows[n]`, so messages about `rows.{n}` land next to its fields.
    /// A form without a readable `revision` gets -1, which no stored project has.
    pub fn from_form(pairs: &[(String, String)]) -> ProjectEdit {
        let mut edit = ProjectEdit {
            revision: -1,
            ..ProjectEdit::default()
        };
        for (key, value) in pairs {
            if let Some((row, field)) = key
                .strip_prefix('r')
                .and_then(|rest| rest.split_once('.'))
                .and_then(|(n, field)| Some((n.parse::<usize>().ok()?, field)))
                .filter(|(n, _)| *n < MAX_ROWS)
            {
                if edit.rows.len() <= row {
                    edit.rows.resize_with(row + 1, RowEdit::default);
                }
                let entry = &mut edit.rows[row];
                let slot = match field {
                    "source" => {
                        entry.source = value.parse().ok();
                        continue;
                    }
                    "delete" => {
                        entry.delete = true;
                        continue;
                    }
                    "level1" => &mut entry.level1,
                    "level2" => &mut entry.level2,
                    "name" => &mut entry.name,
                    "description" => &mut entry.description,
                    "comparator" => &mut entry.comparator,
                    "value" => {
                        entry.value = half_width(value);
                        continue;
                    }
                    "unit" => &mut entry.unit,
                    "basis" => &mut entry.basis,
                    "library" => &mut entry.library,
                    _ => continue,
                };
                *slot = value.clone();
                continue;
            }
            let slot = match key.as_str() {
                "revision" => {
                    edit.revision = value.trim().parse().unwrap_or(-1);
                    continue;
                }
                "code" => &mut edit.code,
                "budget_unit" => &mut edit.budget_unit,
                "total" | "fiscal" | "other" => {
                    let amount = half_width(value);
                    match key.as_str() {
                        "total" => edit.total = amount,
                        "fiscal" => edit.fiscal = amount,
                        _ => edit.other = amount,
                    }
                    continue;
                }
                "purpose" => &mut edit.purpose,
                "goals" => &mut edit.goals,
                _ => continue,
            };
            *slot = value.clone();
        }
        edit
    }

    /// The project with this edit applied to `original`, or every field that is wrong.
    pub fn apply(&self, original: &Project) -> Result<Applied, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut project = original.clone();
        let before = ProjectEdit::from_project(original, self.revision);
        let code = self.code.trim();
        // A blank field keeps what the source had: no 项目编码 cell, or one left blank.
        if !code.is_empty() || original.code.as_deref().is_some_and(|c| !c.is_empty()) {
            project.code = (!code.is_empty()).then(|| code.to_string());
        }

        let unit = match AmountUnit::from_text(self.budget_unit.trim()) {
            Some(unit) => unit,
            None => {
                errors.push(error("budget_unit", "金额单位须为“元”或“万元”"));
                AmountUnit::WanYuan
            }
        };
        let budget_changed = (&self.budget_unit, &self.total, &self.fiscal, &self.other)
            != (
                &before.budget_unit,
                &before.total,
                &before.fiscal,
                &before.other,
            );
        if budget_changed {
            let budget = &mut project.budget;
            budget.unit = Some(unit);
            for (field, text, yuan, raw) in [
                (
                    "total",
                    &self.total,
                    &mut budget.total_yuan,
                    &mut budget.total_raw,
                ),
                (
                    "fiscal",
                    &self.fiscal,
                    &mut budget.fiscal_yuan,
                    &mut budget.fiscal_raw,
                ),
                (
                    "other",
                    &self.other,
                    &mut budget.other_yuan,
                    &mut budget.other_raw,
                ),
            ] {
                let text = text.trim();
                if text.is_empty() {
                    (*yuan, *raw) = (None, None);
                } else if let Some(amount) = parse_amount(text).filter(|a| !a.is_sign_negative()) {
                    (*yuan, *raw) = (Some(unit.to_yuan(amount)), Some(text.to_string()));
                } else if is_negative(text) {
                    errors.push(error(field, &format!("金额不能为负数（填的是“{text}”）")));
                } else {
                    errors.push(error(field, &format!("“{text}”不是金额，请填写数字")));
                }
            }
        }
        let purpose = self.purpose.trim();
        if self.purpose != before.purpose {
            project.purpose = (!purpose.is_empty()).then(|| purpose.to_string());
        }
        if self.goals != before.goals {
            project.goals = self
                .goals
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(|line| GoalItem {
                    label: None,
                    text: line.to_string(),
                    target: None,
                    indicators: None,
                    span: Span::default(),
                })
                .collect();
        }

        let mut indicators = Vec::new();
        let mut form_rows = Vec::new();
        // For each indicator: the stored row it is, unchanged, or `None` when new or changed.
        let mut kept = Vec::new();
        for (number, row) in self.rows.iter().enumerate() {
            if row.delete {
                continue;
            }
            let source = row
                .source
                .and_then(|s| Some((s, original.indicators.get(s)?)));
            if let Some((index, stored)) = source
                && before.rows.get(index) == Some(row)
            {
                indicators.push(stored.clone());
                form_rows.push(number);
                kept.push(Some(index));
                continue;
            }
            if row.is_empty() {
                continue;
            }
            match row_indicator(number, row, source.map(|(_, stored)| stored), &mut errors) {
                Some(indicator) => {
                    indicators.push(indicator);
                    form_rows.push(number);
                    kept.push(None);
                }
                None => continue,
            }
        }
        keep_table_shape(&mut indicators, &kept);
        project.indicators = indicators;
        if errors.is_empty() {
            Ok(Applied { project, form_rows })
        } else {
            Err(errors)
        }
    }
}

/// Keeps the table drawable after rows were added, changed or removed. Tables are laid out in
/// source-line order, so a new row takes the line of the row before it (it follows that row);
/// a category cell is merged with the one above only where the text above is the same. Rows
/// still below their original neighbour keep what was published.
fn keep_table_shape(indicators: &mut [Indicator], kept: &[Option<usize>]) {
    for at in 0..indicators.len() {
        let untouched = match (kept[at], at.checked_sub(1)) {
            (Some(0), None) => true,
            (Some(source), Some(before)) => source > 0 && kept[before] == Some(source - 1),
            _ => false,
        };
        if untouched {
            continue;
        }
        let above = at.checked_sub(1).map(|before| {
            let row = &indicators[before];
            (row.span, row.level1.raw.clone(), row.level2.raw.clone())
        });
        let row = &mut indicators[at];
        if kept[at].is_none() && row.span == Span::default() {
            row.span = above.as_ref().map_or(Span::default(), |(span, _, _)| *span);
        }
        row.level1.merged = above
            .as_ref()
            .is_some_and(|(_, raw, _)| *raw == row.level1.raw);
        row.level2.merged = row.level1.merged
            && above
                .as_ref()
                .is_some_and(|(_, _, raw)| *raw == row.level2.raw);
    }
}

fn goal_lines(goals: &[GoalItem]) -> String {
    goals
        .iter()
        .map(|g| format!("{}{}", g.label.as_deref().unwrap_or(""), g.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every message about one field, as shown next to it.
pub fn message_for(errors: &[FieldError], field: &str) -> String {
    errors
        .iter()
        .filter(|e| e.field == field)
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join("；")
}

fn error(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.to_string(),
        message: message.to_string(),
    }
}

/// A changed or new row checked field by field; `None` when any field is wrong (recorded in `errors`).
fn row_indicator(
    number: usize,
    row: &RowEdit,
    stored: Option<&Indicator>,
    errors: &mut Vec<FieldError>,
) -> Option<Indicator> {
    let field = |name: &str| format!("rows.{number}.{name}");
    let count = errors.len();
    let level1 = Level1Kind::ALL
        .into_iter()
        .find(|k| k.canonical_name() == row.level1.trim());
    let level2 = Level2Kind::ALL
        .into_iter()
        .find(|k| k.canonical_name() == row.level2.trim());
    if level1.is_none() {
        errors.push(error(&field("level1"), "请从列表中选择一级指标"));
    }
    match (level1, level2) {
        (_, None) => errors.push(error(&field("level2"), "请从列表中选择二级指标")),
        (Some(parent), Some(child))
            if child.parent(Scheme::Legacy) != parent
                && child.parent(Scheme::Central101) != parent =>
        {
            errors.push(error(
                &field("level2"),
                &format!(
                    "“{}”不属于“{}”",
                    child.canonical_name(),
                    parent.canonical_name()
                ),
            ))
        }
        _ => {}
    }
    if row.name.trim().is_empty() {
        errors.push(error(&field("name"), "请填写三级指标名称"));
    }
    let comparator = row.comparator.trim();
    if !COMPARATORS.contains(&comparator) {
        errors.push(error(
            &field("comparator"),
            "比较符号须为 ≥、≤、=、>、< 之一或留空",
        ));
    }
    let value = row.value.trim();
    if value.is_empty() {
        errors.push(error(&field("value"), "请填写指标值"));
    } else if is_negative(value) {
        errors.push(error(
            &field("value"),
            &format!(
                "指标值不能为负数（填的是“{value}”）：减少、下降写成“≤”加数值，或写在指标名称中"
            ),
        ));
    } else if matches!(comparator, "≥" | "≤" | ">" | "<") && parse_amount(value).is_none() {
        errors.push(error(
            &field("value"),
            &format!("“{value}”不是数字：{comparator} 后须填数字（单位另填）"),
        ));
    } else if parse_amount(value).is_none() && !row.unit.trim().is_empty() {
        errors.push(error(&field("unit"), "文字指标值不填单位"));
    }
    if errors.len() > count {
        return None;
    }
    let comparator = Comparator::from_symbol(comparator);
    let mut target = TargetValue::parse(&row.target_text());
    if target.comparator.is_none() {
        target.comparator = comparator;
    }
    Some(Indicator {
        level1: Level1::from_text(row.level1.trim()),
        level2: Level2::from_text(row.level2.trim()),
        name: row.name.trim().to_string(),
        description: row.description.trim().to_string(),
        target,
        value_parts: None,
        basis: Basis::from_text(&row.basis),
        scoring_rule: stored.and_then(|s| s.scoring_rule.clone()),
        weight: stored.and_then(|s| s.weight),
        direction: stored.and_then(|s| s.direction),
        period_target: stored.and_then(|s| s.period_target.clone()),
        from_library: Some(row.library.trim())
            .filter(|id| !id.is_empty())
            .map(str::to_string),
        span: stored.map(|s| s.span).unwrap_or_default(),
    })
}

/// Full-width digits typed with a Chinese input method, read as ASCII (one rule for every form).
pub(crate) use jixiao_evaluate::half_width;

/// `-5`: a number below zero, which no amount or target is.
fn is_negative(text: &str) -> bool {
    text.trim()
        .strip_prefix('-')
        .is_some_and(|rest| parse_amount(rest).is_some())
}

/// What changed, in words, for the audit log (“第3行 指标值：≥90% → ≥95%”).
pub fn changes(before: &Project, after: &Project) -> Vec<String> {
    let mut said = Vec::new();
    let old = ProjectEdit::from_project(before, 0);
    let new = ProjectEdit::from_project(after, 0);
    for (label, a, b) in [
        ("项目编码", &old.code, &new.code),
        ("预算数", &old.total, &new.total),
        ("财政资金", &old.fiscal, &new.fiscal),
        ("其他资金", &old.other, &new.other),
        ("资金用途", &old.purpose, &new.purpose),
        ("绩效目标", &old.goals, &new.goals),
    ] {
        if a != b {
            said.push(format!("{label}：{} → {}", shown(a), shown(b)));
        }
    }
    for (index, row) in new.rows.iter().enumerate() {
        let same_place = old.rows.get(index).filter(|r| r.name == row.name);
        match same_place.or_else(|| old.rows.iter().find(|r| r.name == row.name)) {
            None => said.push(format!("新增第{}行：{}", index + 1, row.name)),
            Some(previous) => {
                for (label, a, b) in [
                    ("一级指标", &previous.level1, &row.level1),
                    ("二级指标", &previous.level2, &row.level2),
                    ("指标描述", &previous.description, &row.description),
                    ("指标值确定依据", &previous.basis, &row.basis),
                ] {
                    if a != b {
                        said.push(format!(
                            "第{}行“{}”{label}：{} → {}",
                            index + 1,
                            row.name,
                            shown(a),
                            shown(b)
                        ));
                    }
                }
                let (a, b) = (previous.target_text(), row.target_text());
                if a != b {
                    said.push(format!(
                        "第{}行“{}”指标值：{} → {}",
                        index + 1,
                        row.name,
                        shown(&a),
                        shown(&b)
                    ));
                }
            }
        }
    }
    for row in &old.rows {
        if !new.rows.iter().any(|r| r.name == row.name) {
            said.push(format!("删除：{}", row.name));
        }
    }
    said
}

fn shown(text: &str) -> &str {
    if text.trim().is_empty() {
        "（空）"
    } else {
        text
    }
}

#[cfg(test)]
mod tests;
