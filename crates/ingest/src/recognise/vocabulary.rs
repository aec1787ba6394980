//! Every label and column header the recogniser knows, in one table, matched one way: the cell's
//! text after NFKC (full-width `（：` become `(:`) without whitespace, equal to an entry or, for
//! entries marked so, starting with it. An amount unit in brackets after a label (`预算数（元）`,
//! `项目资金（万元）`) is read off first and returned beside the role.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use jixiao_model::AmountUnit;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// What a label cell, or the header over a column, stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    // The project: who, what and how much.
    ProjectCode,
    ProjectName,
    UnitName,
    UnitCode,
    CompetentDepartment,
    ImplementingUnit,
    /// `预算规模及资金用途`: the block of amounts with the purpose below.
    AmountsBlock,
    /// `项目资金`: the amounts beside and below it (in the unit its brackets name).
    Funds,
    /// The year's total (`预算数`, `年度资金总额` …).
    Total,
    Fiscal,
    Other,
    /// The total over the project's whole period (`实施期资金总额`, `中期…预算`).
    PeriodTotal,
    Purpose,
    Plan,
    Goals,
    PeriodGoals,
    /// `总体目标` over `中期目标 | 年度目标`: the goals are under the labels beside it.
    GoalsBlock,
    /// `预算项目绩效表`: a project table opens without a title above it.
    TableTitle,
    Sequence,
    // The indicator columns.
    IndicatorsBlock,
    Level1,
    Level2,
    Level3,
    Description,
    Value,
    PeriodValue,
    /// `二级指标（长期）`, `三级指标（中期）`: the period's categories and names beside the year's.
    PeriodLevel2,
    PeriodLevel3,
    /// `符号` / `指标性质`: the comparator of a target split over columns.
    Symbol,
    /// `值`: the number of a split target.
    Number,
    MeasureUnit,
    Weight,
    Direction,
    Basis,
    Rule,
    // The department's own table.
    /// `年度预算安排（万元）`, `部门预算资金`: the department's budget, in the unit named.
    DepartmentBudget,
    BasicSpending,
    ProjectSpending,
    DutyGoals,
    Tasks,
    /// A task's name and the other texts of its row, under 年度主要任务.
    TaskName,
    TaskDetail,
}

/// Equal to the entry, or starting with it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Matching {
    Exact,
    Prefix,
}

use Matching::{Exact, Prefix};

/// The vocabulary. Entries are written already normalised (half-width brackets and colons).
const ENTRIES: &[(&str, Matching, Role)] = &[
    ("项目编码", Exact, Role::ProjectCode),
    ("项目代码", Exact, Role::ProjectCode),
    ("项目名称", Exact, Role::ProjectName),
    ("单位名称", Exact, Role::UnitName),
    ("部门名称", Exact, Role::UnitName),
    ("部门(单位)名称", Exact, Role::UnitName),
    ("单位(部门)名称", Exact, Role::UnitName),
    ("部门预算编码", Exact, Role::UnitCode),
    ("部门编码", Exact, Role::UnitCode),
    ("预算单位", Exact, Role::UnitName),
    ("单位编码", Exact, Role::UnitCode),
    ("单位代码", Exact, Role::UnitCode),
    ("主管部门", Exact, Role::CompetentDepartment),
    ("业务主管部门", Exact, Role::CompetentDepartment),
    ("项目主管部门", Exact, Role::CompetentDepartment),
    ("主管部门及编码", Exact, Role::CompetentDepartment),
    ("主管部门及代码", Exact, Role::CompetentDepartment),
    ("主管单位", Exact, Role::CompetentDepartment),
    ("实施单位", Exact, Role::ImplementingUnit),
    ("项目实施单位", Exact, Role::ImplementingUnit),
    ("执行单位", Exact, Role::ImplementingUnit),
    ("项目执行单位", Exact, Role::ImplementingUnit),
    ("预算规模及资金用途", Exact, Role::AmountsBlock),
    ("项目资金", Exact, Role::Funds),
    ("资金情况", Exact, Role::Funds),
    ("预算数", Exact, Role::Total),
    ("预算金额", Exact, Role::Total),
    ("年度预算数", Exact, Role::Total),
    ("年度资金总额", Exact, Role::Total),
    ("资金总额", Exact, Role::Total),
    ("项目金额", Exact, Role::Total),
    ("项目资金合计", Exact, Role::Total),
    ("当年年度预算", Exact, Role::Total),
    ("年度预算", Exact, Role::Total),
    ("本年度申请市财政预算资金", Exact, Role::Total),
    ("当年资金总额", Exact, Role::Total),
    ("年度资金申请总额", Exact, Role::Total),
    ("其中:财政资金", Exact, Role::Fiscal),
    ("财政资金", Exact, Role::Fiscal),
    ("其中:财政拨款", Exact, Role::Fiscal),
    ("财政拨款", Exact, Role::Fiscal),
    ("其中:当年财政拨款", Exact, Role::Fiscal),
    ("当年财政拨款", Exact, Role::Fiscal),
    ("其他资金", Exact, Role::Other),
    ("其中:其他资金", Exact, Role::Other),
    ("其它资金", Exact, Role::Other),
    ("其中:其它资金", Exact, Role::Other),
    ("当年其他资金", Exact, Role::Other),
    ("自有资金", Exact, Role::Other),
    ("实施期资金总额", Exact, Role::PeriodTotal),
    ("项目总预算", Exact, Role::PeriodTotal),
    ("中期资金总额", Exact, Role::PeriodTotal),
    ("项目资金总额", Exact, Role::PeriodTotal),
    ("中期市财政预算", Exact, Role::PeriodTotal),
    ("项目资金主要用途", Exact, Role::Purpose),
    ("资金用途", Exact, Role::Purpose),
    ("资金支出计划", Prefix, Role::Plan),
    ("绩效目标", Exact, Role::Goals),
    ("年度绩效目标", Exact, Role::Goals),
    ("年度目标", Exact, Role::Goals),
    ("项目绩效目标", Exact, Role::Goals),
    ("年度主要目标和成果", Exact, Role::Goals),
    ("总体目标", Exact, Role::GoalsBlock),
    ("实施期目标", Exact, Role::PeriodGoals),
    ("项目总目标", Exact, Role::PeriodGoals),
    ("实施期绩效目标", Exact, Role::PeriodGoals),
    ("中期目标", Exact, Role::PeriodGoals),
    ("长期目标", Exact, Role::PeriodGoals),
    ("中期滚动目标", Prefix, Role::PeriodGoals),
    ("预算项目绩效表", Prefix, Role::TableTitle),
    ("序号", Exact, Role::Sequence),
    // The merged column before 一级指标 that heads the whole indicator block.
    ("绩效指标", Exact, Role::IndicatorsBlock),
    ("一级指标", Exact, Role::Level1),
    ("二级指标", Exact, Role::Level2),
    ("三级指标", Exact, Role::Level3),
    ("绩效指标描述", Exact, Role::Description),
    ("指标描述", Exact, Role::Description),
    ("指标解释", Exact, Role::Description),
    ("指标内容", Exact, Role::Description),
    ("指标值", Exact, Role::Value),
    ("目标值", Exact, Role::Value),
    ("年度指标值", Exact, Role::Value),
    ("计划指标值", Prefix, Role::Value),
    // 指标值(包含数字及文字描述), as department tables head it.
    ("指标值(", Prefix, Role::Value),
    ("实施期指标值", Exact, Role::PeriodValue),
    ("中期指标值", Exact, Role::PeriodValue),
    ("长期指标值", Exact, Role::PeriodValue),
    ("符号", Exact, Role::Symbol),
    ("指标性质", Exact, Role::Symbol),
    ("值", Exact, Role::Number),
    // 单位 and 单位(文字描述) are of measure; 单位名称 and 单位编码 name the unit of the budget.
    ("单位", Exact, Role::MeasureUnit),
    ("单位(", Prefix, Role::MeasureUnit),
    ("计量单位", Exact, Role::MeasureUnit),
    ("度量单位", Exact, Role::MeasureUnit),
    ("指标单位", Exact, Role::MeasureUnit),
    ("权重", Prefix, Role::Weight),
    ("指标权重", Prefix, Role::Weight),
    ("分值", Prefix, Role::Weight),
    ("指标方向性", Exact, Role::Direction),
    ("指标方向", Exact, Role::Direction),
    ("指标值确定依据", Exact, Role::Basis),
    ("指标值设定依据", Exact, Role::Basis),
    ("指标值设定依据及数据来源", Exact, Role::Basis),
    ("设定依据", Exact, Role::Basis),
    ("确定依据", Exact, Role::Basis),
    ("依据", Exact, Role::Basis),
    ("评(扣)分标准", Exact, Role::Rule),
    ("评分标准", Exact, Role::Rule),
    ("扣分标准", Exact, Role::Rule),
    ("评分规则", Exact, Role::Rule),
    ("年度预算安排", Exact, Role::DepartmentBudget),
    ("部门预算资金", Exact, Role::DepartmentBudget),
    ("年度部门预算", Exact, Role::DepartmentBudget),
    ("合计", Exact, Role::Total),
    ("金额合计", Exact, Role::Total),
    ("任务名称", Exact, Role::TaskName),
    ("年度目标任务", Exact, Role::TaskName),
    ("主要任务", Exact, Role::TaskName),
    ("主要内容", Exact, Role::TaskDetail),
    ("任务内容", Exact, Role::TaskDetail),
    ("部门职能", Exact, Role::TaskDetail),
    ("支出项目名称", Exact, Role::TaskDetail),
    ("总额", Exact, Role::Total),
    ("基本支出", Exact, Role::BasicSpending),
    ("项目支出", Exact, Role::ProjectSpending),
    ("年度履职目标", Exact, Role::DutyGoals),
    ("年度总体目标", Exact, Role::DutyGoals),
    ("部门整体绩效目标", Exact, Role::DutyGoals),
    ("年度主要任务", Exact, Role::Tasks),
];

/// Longer than this (after normalising) a cell is content, not a label.
const LONGEST_LABEL: usize = 40;

struct Vocabulary {
    exact: HashMap<&'static str, Role>,
    /// Longest first, so `指标值(` is tried before a shorter entry it starts with.
    prefixes: Vec<(&'static str, Role)>,
    /// The first characters of the entries: a text beginning otherwise is no label (the same
    /// answer as looking it up, found sooner, for the many cells that are content).
    first_characters: Vec<char>,
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let mut prefixes: Vec<(&str, Role)> = ENTRIES
        .iter()
        .filter(|(_, matching, _)| *matching == Prefix)
        .map(|(text, _, role)| (*text, *role))
        .collect();
    prefixes.sort_by_key(|(text, _)| std::cmp::Reverse(text.len()));
    let mut first_characters: Vec<char> = ENTRIES
        .iter()
        .filter_map(|(text, _, _)| text.chars().next())
        .collect();
    first_characters.sort_unstable();
    first_characters.dedup();
    Vocabulary {
        exact: ENTRIES
            .iter()
            .map(|(text, _, role)| (*text, *role))
            .collect(),
        prefixes,
        first_characters,
    }
});

/// A label's role and the amount unit its brackets name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub role: Role,
    pub amount_unit: Option<AmountUnit>,
}

/// The role of a cell's text, if it is a label.
pub fn label(text: &str) -> Option<Label> {
    let text = text.trim();
    if text.is_empty() || text.len() > LONGEST_LABEL * 4 {
        return None;
    }
    let vocabulary = &*VOCABULARY;
    // Most cells are content: a first character no entry begins with (and that normalising
    // would not change) says so before the text is read further.
    let first = text.chars().next()?;
    let unchanged_by_nfkc = first.is_ascii()
        || ('\u{4e00}'..='\u{9fff}').contains(&first)
        || is_nfkc_quick(std::iter::once(first)) == IsNormalized::Yes;
    if unchanged_by_nfkc && vocabulary.first_characters.binary_search(&first).is_err() {
        return None;
    }
    if let Some(role) = vocabulary.exact.get(text) {
        // Written as the entry is.
        return Some(Label {
            role: *role,
            amount_unit: None,
        });
    }
    // Most cells are normalised already and hold no space: read them as they are.
    let plain = |c: char| c.is_ascii_graphic() || ('\u{4e00}'..='\u{9fff}').contains(&c);
    let normal: Cow<'_, str> = if text.chars().all(plain)
        || (!text.contains(char::is_whitespace) && is_nfkc_quick(text.chars()) == IsNormalized::Yes)
    {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().filter(|c| !c.is_whitespace()).collect())
    };
    let normal = normal.trim_end_matches(':');
    // `（一）财政拨款小计`: a numbered line of an amounts block stands for its label.
    if let (Some(_), rest) = super::text::split_enumerator(normal)
        && !rest.is_empty()
    {
        return label(rest.strip_suffix("小计").unwrap_or(rest));
    }
    let first = normal.chars().next()?;
    if vocabulary.first_characters.binary_search(&first).is_err()
        || normal.chars().count() > LONGEST_LABEL
    {
        return None;
    }
    if let Some(found) = of_period(normal) {
        return Some(found);
    }
    if let Some(role) = vocabulary.exact.get(normal) {
        return Some(Label {
            role: *role,
            amount_unit: None,
        });
    }
    if let Some((label, unit)) = amount_in_brackets(normal)
        && let Some(role) = vocabulary.exact.get(label)
    {
        return Some(Label {
            role: *role,
            amount_unit: Some(unit),
        });
    }
    vocabulary
        .prefixes
        .iter()
        .find(|(prefix, _)| normal.starts_with(prefix))
        .map(|(_, role)| Label {
            role: *role,
            amount_unit: None,
        })
}

/// `指标值（长期）`, `二级指标(年度)`: the column of a table giving the period's indicators and the
/// year's side by side.
fn of_period(text: &str) -> Option<Label> {
    let (label, rest) = text.split_once('(')?;
    let period = match rest.strip_suffix(')')? {
        "年度" | "当年" => false,
        "长期" | "中期" | "实施期" => true,
        _ => return None,
    };
    let role = *VOCABULARY.exact.get(label)?;
    let role = match (role, period) {
        (Role::Value, true) => Role::PeriodValue,
        (Role::Level2, true) => Role::PeriodLevel2,
        (Role::Level3, true) => Role::PeriodLevel3,
        (Role::Level1 | Role::Level2 | Role::Level3 | Role::Value, false) => role,
        _ => return None,
    };
    Some(Label {
        role,
        amount_unit: None,
    })
}

/// A cell holding a label and its value: `年度资金总额：16`, `项目资金总额： 1500`.
pub fn label_and_value(text: &str) -> Option<(Label, &str)> {
    let (label_text, value) = text.split_once([':', '：'])?;
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    label(label_text).map(|found| (found, value))
}

/// `预算数(元)` → (`预算数`, 元); `(万元)` and `(单位:万元)` alike.
fn amount_in_brackets(text: &str) -> Option<(&str, AmountUnit)> {
    let (label, rest) = text.split_once('(')?;
    let inside = rest.strip_suffix(')')?;
    let inside = inside
        .strip_prefix("单位:")
        .or_else(|| inside.strip_prefix("金额单位:"))
        .unwrap_or(inside);
    AmountUnit::from_text(inside).map(|unit| (label, unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(text: &str) -> Option<Role> {
        label(text).map(|l| l.role)
    }

    #[test]
    fn one_matching_rule_for_every_spelling() {
        assert_eq!(role("其中：财政资金"), Some(Role::Fiscal));
        assert_eq!(role("其中:财政 资金"), Some(Role::Fiscal));
        assert_eq!(role(" 一级\n指标 "), Some(Role::Level1));
        assert_eq!(role("指标值（包含数字及文字描述）"), Some(Role::Value));
        assert_eq!(role("资金支出计划（%）"), Some(Role::Plan));
        assert_eq!(role("单位（文字描述）"), Some(Role::MeasureUnit));
        assert_eq!(role("单位名称"), Some(Role::UnitName));
        assert_eq!(role("实施期指标值"), Some(Role::PeriodValue));
        assert_eq!(role("权重（%）"), Some(Role::Weight));
        assert_eq!(role("预算项目绩效表（2024年）"), Some(Role::TableTitle));
        assert_eq!(role("当年资金总额："), Some(Role::Total));
        assert_eq!(role("指标值（长期）"), Some(Role::PeriodValue));
        assert_eq!(role("三级指标（年度）"), Some(Role::Level3));
        assert_eq!(role("二级指标(中期)"), Some(Role::PeriodLevel2));
        let (found, value) = label_and_value("年度资金总额：16").expect("label and value");
        assert_eq!((found.role, value), (Role::Total, "16"));
        assert!(label_and_value("其中：上级资金16").is_none());
        assert_eq!(role("（一）财政拨款小计"), Some(Role::Fiscal));
        assert_eq!(role("1、一般公共预算"), None);
        // A label's words inside content are content.
        assert_eq!(role("完成项目预算数"), None);
        assert_eq!(role("值班天数"), None);
        assert_eq!(role(""), None);
    }

    #[test]
    fn an_amount_unit_in_brackets_comes_with_the_role() {
        let found = label("项目金额（元）").expect("a label");
        assert_eq!(
            (found.role, found.amount_unit),
            (Role::Total, Some(AmountUnit::Yuan))
        );
        let found = label("项目资金(万元)").expect("a label");
        assert_eq!(
            (found.role, found.amount_unit),
            (Role::Funds, Some(AmountUnit::WanYuan))
        );
        let found = label("中期市财政预算（万元）").expect("a label");
        assert_eq!(found.role, Role::PeriodTotal);
    }

    #[test]
    fn every_entry_is_written_normalised_and_once() {
        let mut seen = std::collections::HashSet::new();
        for (text, _, _) in ENTRIES {
            let normal: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(&normal, text, "entry {text} is not normalised");
            assert!(seen.insert(*text), "entry {text} twice");
        }
    }
}
