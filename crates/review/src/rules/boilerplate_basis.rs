//! boilerplate-basis: 指标值确定依据 that names no source (`经县委县政府决定`, `工作需要`,
//! `改善农村环境质量`), or only repeats the indicator or its value. One finding per project, with how many rows it covers.

use super::{Rule, indicator_location, is_satisfaction, push};
use crate::{Context, Finding, Severity};

pub struct BoilerplateBasis;

/// How many of the rows a finding covers its message names.
const NAMED_ROWS: usize = 5;

/// Sources in name only: a basis that is one of these, once `依据`/`根据`/`按照`/`经` is taken off,
/// says where a value came from no more than a blank would.
const EMPTY_SOURCES: &[&str] = &[
    "相关文件",
    "有关文件",
    "政府相关文件",
    "上级相关文件",
    "上级文件",
    "工作需要",
    "工作的需要",
    "项目需要",
    "项目的需要",
    "实际需要",
    "实际情况",
    "实际工作情况",
    "工作要求",
    "上级要求",
    "领导要求",
    "县委县政府决定",
    "县委县政府",
    "县政府决定",
    "县委决定",
    "政府决定",
    "项目预期效果",
    "预期效果",
    "自行制定",
    "无",
    "略",
    "/",
    "-",
];

/// Words by which a basis names a source: a plan, a contract, a standard, past figures, a
/// survey, a document. A basis with none of them (`改善农村环境质量`, `有效提升工作`) only
/// restates an aim.
const SOURCE_WORDS: &[&str] = &[
    "计划",
    "方案",
    "规划",
    "任务书",
    "责任书",
    "合同",
    "协议",
    "招标",
    "中标",
    "采购",
    "询价",
    "报价",
    "市场",
    "单价",
    "价格",
    "定额",
    "预算",
    "概算",
    "测算",
    "核算",
    "核定",
    "文件",
    "通知",
    "批复",
    "纪要",
    "下达",
    "规定",
    "办法",
    "细则",
    "意见",
    "纲要",
    "要点",
    "条例",
    "制度",
    "政策",
    "标准",
    "规范",
    "国标",
    "行业",
    "上年",
    "往年",
    "历史",
    "以往",
    "同期",
    "参照",
    "平均",
    "同类",
    "报告",
    "请示",
    "数据",
    "统计",
    "台账",
    "名册",
    "清单",
    "调查",
    "问卷",
    "调研",
    "审查",
    "审计",
    "论证",
    "验收",
    "评审",
    "评价",
    "检测",
    "监测",
    "比较",
    "对比",
    "考核",
    "《",
    "〔",
    "【",
];

impl Rule for BoilerplateBasis {
    fn code(&self) -> &'static str {
        "boilerplate-basis"
    }
    fn title(&self) -> &'static str {
        "指标值确定依据为套话"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "指标值的确定依据应是计划标准、行业标准、历史标准或财政部门认可的其他标准（财预〔2015〕88号）。\
         “依据相关文件”“工作需要”“经县委县政府决定”这类套话，只写目的（“改善农村环境质量”）而不写来源，\
         或照抄指标名称、指标值，说明不了指标值从何而来。\
         每个项目提示一次，写明涉及几行。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project) in context.document.projects.iter().enumerate() {
            let empty: Vec<(usize, &str)> = project
                .indicators
                .iter()
                .enumerate()
                // A satisfaction row's basis is satisfaction-without-survey's to judge.
                .filter(|(_, indicator)| !is_satisfaction(indicator))
                .filter_map(|(i, indicator)| {
                    let basis = indicator.basis.as_ref()?;
                    let text = compact(&basis.text);
                    let repeats = [
                        &indicator.name,
                        &indicator.description,
                        &indicator.target.raw,
                    ]
                    .into_iter()
                    .any(|own| text == compact(own));
                    (repeats || names_no_source(&text)).then_some((i, basis.text.trim()))
                })
                .collect();
            let Some(&(first, written)) = empty.first() else {
                continue;
            };
            let indicator = &project.indicators[first];
            let message = if empty.len() == 1 {
                format!(
                    "“{}”的确定依据“{written}”说明不了指标值从何而来",
                    indicator.name
                )
            } else {
                let names = empty
                    .iter()
                    .take(NAMED_ROWS)
                    .map(|&(i, _)| project.indicators[i].name.as_str())
                    .collect::<Vec<_>>()
                    .join("、");
                let more = if empty.len() > NAMED_ROWS { "等" } else { "" };
                format!(
                    "项目“{}”有{}个指标（{names}{more}）的确定依据是“{written}”一类的套话，说明不了指标值从何而来",
                    project.name,
                    empty.len()
                )
            };
            push(
                findings,
                self,
                indicator_location(p, project, first, indicator),
                message,
                Some("写明依据：工作计划、合同、上年实际、行业标准等"),
            );
            if let Some(finding) = findings.last_mut() {
                finding.also = empty[1..].iter().map(|&(i, _)| i).collect();
            }
        }
    }
}

fn names_no_source(text: &str) -> bool {
    let core = ["依据", "根据", "按照", "按", "经"]
        .iter()
        .find_map(|lead| text.strip_prefix(lead))
        .unwrap_or(text);
    // `根据相关文件要求确定`: what follows the source says nothing more.
    let mut core = core;
    while let Some(shorter) = ["确定", "制定", "而定", "要求", "精神"]
        .iter()
        .find_map(|tail| core.strip_suffix(tail))
    {
        core = shorter;
    }
    // `上级有关文件`, `县政府相关文件`: whose papers, without naming one, is no source either.
    let mut unnamed = core.replace("有关", "相关");
    while let Some(shorter) = ["上级", "国家", "政府", "省", "市", "县"]
        .iter()
        .find_map(|owner| unnamed.strip_prefix(owner))
    {
        unnamed = shorter.to_string();
    }
    // `依据相关文件和工作需要确定`: two empty sources are no source either.
    let joined = core.contains(['和', '及', '与', '、'])
        && core
            .split(['和', '及', '与', '、'])
            .all(|part| EMPTY_SOURCES.contains(&part));
    EMPTY_SOURCES.contains(&core)
        || EMPTY_SOURCES.contains(&unnamed.as_str())
        || joined
        || !SOURCE_WORDS.iter().any(|w| text.contains(w))
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Basis, Indicator};

    use crate::rules::testing::{indicator, messages_on, project};

    fn row(name: &str, basis: &str) -> Indicator {
        Indicator {
            basis: Basis::from_text(basis),
            ..indicator("产出指标", "数量指标", name, "≥4次")
        }
    }

    fn said(rows: Vec<Indicator>) -> Vec<String> {
        messages_on("boilerplate-basis", vec![project("环保督查经费", rows)])
    }

    #[test]
    fn boilerplate_bases_are_said_once_per_project() {
        assert_eq!(
            said(vec![
                row("检查次数", "经县委县政府决定"),
                row("培训人次", "经县委县政府 决定"),
                row("宣传场次", "宣传场次"),
            ]),
            [
                "项目“环保督查经费”有3个指标（检查次数、培训人次、宣传场次）的确定依据是“经县委县政府决定”一类的套话，说明不了指标值从何而来"
            ]
        );
        assert_eq!(
            said(vec![row("检查次数", "工作需要")]),
            ["“检查次数”的确定依据“工作需要”说明不了指标值从何而来"]
        );
        assert_eq!(
            said(vec![row("监审报告合格率", "依据相关文件和工作需要确定")]).len(),
            1
        );
    }

    #[test]
    fn the_finding_speaks_for_every_row_it_covers() {
        let document = jixiao_model::Document {
            projects: vec![project(
                "环保督查经费",
                vec![
                    row("检查次数", "工作需要"),
                    row("检查覆盖率", "《2024年环保督查工作方案》"),
                    row("宣传场次", "经县委县政府决定"),
                ],
            )],
            ..jixiao_model::Document::default()
        };
        let report = crate::review(&document);
        let finding = report
            .findings
            .iter()
            .find(|f| f.rule == "boilerplate-basis")
            .expect("a boilerplate finding");
        assert_eq!(finding.location.indicator, Some(0));
        assert_eq!(finding.also, [2]);
        assert!(finding.points_at(2) && !finding.points_at(1));
    }

    #[test]
    fn a_basis_that_only_states_an_aim_or_the_value_names_no_source() {
        assert_eq!(said(vec![row("清运率", "改善农村环境质量")]).len(), 1);
        assert_eq!(said(vec![row("检查次数", "≥4次")]).len(), 1);
        assert_eq!(said(vec![row("检查次数", "依据政府相关文件")]).len(), 1);
        assert_eq!(said(vec![row("检查次数", "根据相关文件要求确定")]).len(), 1);
        assert_eq!(
            said(vec![row("检查次数", "依据上级有关文件要求确定")]).len(),
            1
        );
        assert!(said(vec![row("检查次数", "根据2028年检查计划确定")]).is_empty());
    }

    #[test]
    fn a_basis_that_names_its_standard_is_fine() {
        assert!(
            said(vec![
                row("检查次数", "《2024年环保督查工作方案》"),
                row("培训人次", "上年实际完成120人次"),
                row("监测点位", "监测数据"),
                row("设备数量", "按照合同"),
                row("处置时限", "依据冀财资环〔2024〕87号"),
            ])
            .is_empty()
        );
    }
}
