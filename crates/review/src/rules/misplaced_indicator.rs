//! misplaced-indicator: a level-2 under the wrong level-1, or an indicator whose meaning belongs elsewhere.

use jixiao_model::Level2Kind;

use super::{Rule, each_indicator, indicator_location, push};
use crate::words::{
    is_count_name, is_count_unit, is_percent_unit, lower_is_better, measured_by_name,
    measures_satisfaction, money_factor, names_a_time,
};
use crate::{Context, Finding, Severity};

pub struct MisplacedIndicator;

impl Rule for MisplacedIndicator {
    fn code(&self) -> &'static str {
        "misplaced-indicator"
    }
    fn title(&self) -> &'static str {
        "指标归类错误"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "二级指标须在其所属的一级指标之下（如成本指标在旧框架下属产出，在101号框架下为一级）；三级指标的含义须与二级类别相符：\
         数量类指标（…数量、…人数）不应放在质量、时效或成本下，比率不应放在数量下，质量、满意度类指标不应放在成本下，金额类指标应放在成本下，\
         满意度指标下的行须衡量服务对象的满意程度（财预〔2020〕10号）。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            let location = || indicator_location(p, project, i, indicator);
            if let (Some(level1), Some(level2)) = (indicator.level1.kind, indicator.level2.kind) {
                let parent = level2.parent(context.scheme);
                if parent != level1 {
                    push(
                        findings,
                        self,
                        location(),
                        format!(
                            "二级指标“{}”不属于一级指标“{}”",
                            indicator.level2.raw, indicator.level1.raw
                        ),
                        Some(format!("放到“{}”之下", parent.canonical_name())),
                    );
                    continue;
                }
            }
            let name = indicator.name.as_str();
            let unit = indicator.target.unit.as_deref();
            let meaning = match indicator.level2.kind {
                Some(Level2Kind::Timeliness | Level2Kind::Cost) if is_count_name(name) => {
                    Some("数量指标")
                }
                Some(Level2Kind::Cost) if name.contains("质量") || name.contains("满意") => {
                    Some(if name.contains("满意") {
                        "服务对象满意度指标"
                    } else {
                        "质量指标"
                    })
                }
                Some(Level2Kind::Social | Level2Kind::Economic | Level2Kind::Ecological)
                    if name.contains("满意") =>
                {
                    Some("服务对象满意度指标")
                }
                // `护理人员配备人数 ≥12人` under 质量.
                // (`食品安全事故发生次数 =0次` is a measure of quality.)
                Some(Level2Kind::Quality)
                    if is_count_name(name)
                        && unit.is_some_and(is_count_unit)
                        && !lower_is_better(name) =>
                {
                    Some("数量指标")
                }
                // `应免畜禽免疫密度 ≥90%` under 数量; counts and areas in % are unit-mismatch's.
                // (A coverage, `检查覆盖执收单位比例`, is how much of the whole the work reaches.)
                Some(Level2Kind::Quantity)
                    if unit.is_some_and(is_percent_unit)
                        && measured_by_name(name).is_none()
                        && !name.contains("覆盖") =>
                {
                    Some("质量指标（比率）")
                }
                // `困难职工家庭生活救助标准 3000元/户` under 数量: a unit cost.
                Some(Level2Kind::Quantity)
                    if unit.and_then(jixiao_model::measure_unit).is_some_and(|m| {
                        m.measure == jixiao_model::Measure::Money && m.per.is_some()
                    }) =>
                {
                    Some("成本指标")
                }
                // `冷链物流中心投入使用时间 | 2026年10月底前` under 质量.
                Some(Level2Kind::Quantity | Level2Kind::Quality)
                    if ["时间", "时限", "日期"].iter().any(|w| name.ends_with(w))
                        && names_a_time(&indicator.target.raw) =>
                {
                    Some("时效指标")
                }
                // `集中销毁涉密载体重量 ≥30吨` under 质量: an amount of something is 数量.
                Some(Level2Kind::Quality)
                    if ["重量", "体积", "面积", "长度", "里程"]
                        .iter()
                        .any(|w| name.ends_with(w))
                        && unit.and_then(jixiao_model::measure_unit).is_some_and(|m| {
                            matches!(
                                m.measure,
                                jixiao_model::Measure::Weight
                                    | jixiao_model::Measure::Volume
                                    | jixiao_model::Measure::Area
                                    | jixiao_model::Measure::Length
                            ) && m.per.is_none()
                        }) =>
                {
                    Some("数量指标")
                }
                // `工资发放及时率 100%`, `及时拨付` under 质量 or 数量: how soon is 时效.
                Some(Level2Kind::Quantity | Level2Kind::Quality)
                    if ["及时", "按时", "按期"].iter().any(|w| name.contains(w)) =>
                {
                    Some("时效指标")
                }
                // `运行成本`, `办公经费、专用材料费` under a benefit: what is spent is a cost.
                Some(kind)
                    if is_benefit(kind)
                        && ["成本", "经费", "材料费"].iter().any(|w| name.ends_with(w))
                        && !saves_money(name) =>
                {
                    Some("成本指标")
                }
                // `节省委托第三方检测公司费用` under 社会效益: money saved is an economic benefit.
                Some(Level2Kind::Social | Level2Kind::Ecological | Level2Kind::Sustainable)
                    if saves_money(name) =>
                {
                    Some("经济效益指标")
                }
                // `项目实施内容完成率` under 经济效益, `违规事件上报及时率` under 生态效益: how much of
                // the work is done, and how soon, is the output itself (under 社会效益 a
                // `问题整改完成率` may be the effect on the public).
                Some(Level2Kind::Economic | Level2Kind::Ecological | Level2Kind::Sustainable)
                    if ["完成率", "办结率", "及时率", "完成情况"]
                        .iter()
                        .any(|w| name.ends_with(w)) =>
                {
                    Some("产出指标")
                }
                // `演出覆盖行政村数`, `群众投诉处理率` under 满意度.
                Some(Level2Kind::Satisfaction) if !measures_satisfaction(name) => {
                    Some("产出或效益指标，满意度指标应衡量服务对象的满意程度")
                }
                Some(Level2Kind::Quantity | Level2Kind::Quality)
                    if indicator
                        .target
                        .unit
                        .as_deref()
                        .and_then(money_factor)
                        .is_some()
                        && name.contains("成本") =>
                {
                    Some("成本指标")
                }
                _ => None,
            };
            if let Some(belongs) = meaning {
                push(
                    findings,
                    self,
                    location(),
                    format!(
                        "“{name}”放在“{}”下，按含义应属于{belongs}",
                        indicator.level2.raw
                    ),
                    Some(format!("移到{belongs}")),
                );
            }
        }
    }
}

fn is_benefit(kind: Level2Kind) -> bool {
    matches!(
        kind,
        Level2Kind::Economic
            | Level2Kind::Social
            | Level2Kind::Ecological
            | Level2Kind::Sustainable
    )
}

/// `节省委托第三方检测公司费用`, `节约资金`: money not spent.
fn saves_money(name: &str) -> bool {
    ["节省", "节约"].iter().any(|w| name.contains(w))
        && ["费用", "资金", "成本", "经费", "开支"]
            .iter()
            .any(|w| name.contains(w))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{indicator, messages_on, project};

    fn said(level1: &str, level2: &str, name: &str, target: &str) -> Vec<String> {
        let row = indicator(level1, level2, name, target);
        messages_on(
            "misplaced-indicator",
            vec![project("乡村教师培训", vec![row])],
        )
    }

    #[test]
    fn an_amount_of_something_under_quality_is_a_quantity() {
        assert_eq!(
            said("产出指标", "质量指标", "集中销毁涉密载体重量", "≥30吨").len(),
            1
        );
        assert!(said("产出指标", "数量指标", "集中销毁涉密载体重量", "≥30吨").is_empty());
        assert!(said("产出指标", "质量指标", "路面平整度", "≤2.0米").is_empty());
    }

    #[test]
    fn a_level2_under_another_level1_is_said() {
        assert_eq!(
            said("效益指标", "数量指标", "培训人次", "≥1200人次"),
            ["二级指标“数量指标”不属于一级指标“效益指标”"]
        );
    }

    #[test]
    fn a_row_whose_meaning_belongs_elsewhere_is_said() {
        assert_eq!(
            said("产出指标", "时效指标", "培训人次", "≥1200人次"),
            ["“培训人次”放在“时效指标”下，按含义应属于数量指标"]
        );
        assert_eq!(
            said("产出指标", "数量指标", "培训合格率", "≥95%"),
            ["“培训合格率”放在“数量指标”下，按含义应属于质量指标（比率）"]
        );
        assert_eq!(
            said("满意度指标", "服务对象满意度指标", "群众投诉处理率", "100%"),
            [
                "“群众投诉处理率”放在“服务对象满意度指标”下，按含义应属于产出或效益指标，满意度指标应衡量服务对象的满意程度"
            ]
        );
        assert_eq!(
            said(
                "产出指标",
                "质量指标",
                "冷链物流中心投入使用时间",
                "2026年10月底前"
            ),
            ["“冷链物流中心投入使用时间”放在“质量指标”下，按含义应属于时效指标"]
        );
        assert_eq!(
            said(
                "产出指标",
                "数量指标",
                "困难职工家庭生活救助标准",
                "3000元/户"
            ),
            ["“困难职工家庭生活救助标准”放在“数量指标”下，按含义应属于成本指标"]
        );
    }

    #[test]
    fn costs_and_outputs_under_a_benefit_are_said() {
        assert_eq!(
            said("效益指标", "经济效益指标", "运行成本", "≤20万元"),
            ["“运行成本”放在“经济效益指标”下，按含义应属于成本指标"]
        );
        assert_eq!(
            said(
                "效益指标",
                "社会效益指标",
                "节省委托第三方检测公司费用",
                "≥5万元"
            ),
            ["“节省委托第三方检测公司费用”放在“社会效益指标”下，按含义应属于经济效益指标"]
        );
        assert_eq!(
            said("效益指标", "经济效益指标", "项目实施内容完成率", "100%"),
            ["“项目实施内容完成率”放在“经济效益指标”下，按含义应属于产出指标"]
        );
        assert!(said("效益指标", "社会效益指标", "巡察发现问题整改完成率", "≥95%").is_empty());
        assert!(said("效益指标", "社会效益指标", "门诊患者次均费用", "≤80元").is_empty());
        assert!(said("效益指标", "经济效益指标", "节约财政资金", "≥5万元").is_empty());
        assert!(said("效益指标", "生态效益指标", "生活垃圾无害化处理率", "≥95%").is_empty());
    }

    #[test]
    fn rows_in_their_own_category_are_fine() {
        let rows = vec![
            indicator("产出指标", "数量指标", "培训人次", "≥1200人次"),
            indicator("产出指标", "质量指标", "培训考核合格率", "≥95%"),
            indicator("产出指标", "时效指标", "培训完成时间", "2025年12月底前"),
            indicator("产出指标", "成本指标", "人均培训成本", "≤500元"),
            indicator("效益指标", "社会效益指标", "乡村教师教学能力", "明显提升"),
            indicator("满意度指标", "服务对象满意度指标", "参训教师满意度", "≥90%"),
        ];
        let projects = vec![project("乡村教师培训", rows)];
        assert!(messages_on("misplaced-indicator", projects).is_empty());
    }
}
