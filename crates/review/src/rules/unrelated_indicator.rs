//! unrelated-indicator: an indicator about a field the project has nothing to do with.

use super::{Rule, each_indicator, indicator_location, project_texts, push};
use crate::{Context, Finding, Severity};

pub struct UnrelatedIndicator;

/// Fields with words that mark them; an indicator naming a field must find one of the field's
/// roots in the project (a public-health project's `患者` is its own field).
const FIELDS: [(&str, &[&str], &[&str]); 9] = [
    ("矿山安全", &["矿井", "煤矿", "矿山", "井下"], &["矿"]),
    (
        "教育",
        &["学生", "教师", "课堂", "升学率", "义务教育"],
        &["学", "教", "校"],
    ),
    // A training's 学员 and 教学 are no school: schooling needs a school's own words.
    (
        "义务教育",
        &["义务教育", "营养改善计划"],
        &["义务教育", "学校", "中小学", "小学", "初中", "学生", "教育"],
    ),
    (
        "医疗",
        &["病床", "患者", "门诊", "住院", "疫苗", "免疫规划"],
        // `患者`, not `患`: a safety project's 隐患 is no patient.
        &["医", "卫生", "健康", "疾", "疫", "接种", "患者", "病", "诊"],
    ),
    (
        "农业生产",
        &["亩产", "粮食产量", "养殖", "畜禽", "粪污"],
        &["农", "牧", "渔", "海", "水产", "畜", "兽"],
    ),
    (
        "交通运输",
        &[
            "客运量",
            "货运量",
            "通车里程",
            "公路养护",
            "养护里程",
            "路面",
            "农村公路",
            "校车",
        ],
        &["交通", "客运", "公交", "路"],
    ),
    (
        "工程建设",
        &["竣工", "施工", "工程质量"],
        &[
            "工程", "建设", "改造", "施工", "修缮", "维修", "建筑", "装修", "安装", "新建", "改建",
        ],
    ),
    (
        "供水",
        &["供水保证率", "集中供水", "饮水安全", "自来水普及"],
        &["供水", "饮水", "水利", "水务", "水厂", "自来水"],
    ),
    (
        "植树造林",
        &["植树", "造林", "林木", "苗木"],
        &["林", "绿", "植", "树", "苗", "生态"],
    ),
];

/// The first characters of every field word: a row with none of them names no field.
fn is_marker(c: char) -> bool {
    matches!(
        c,
        '矿' | '煤'
            | '井'
            | '义'
            | '校'
            | '营'
            | '供'
            | '集'
            | '饮'
            | '自'
            | '学'
            | '教'
            | '课'
            | '升'
            | '病'
            | '患'
            | '疫'
            | '免'
            | '门'
            | '住'
            | '亩'
            | '粮'
            | '养'
            | '客'
            | '货'
            | '通'
            | '公'
            | '竣'
            | '施'
            | '工'
            | '路'
            | '植'
            | '造'
            | '林'
            | '苗'
            | '畜'
            | '粪'
    )
}

impl Rule for UnrelatedIndicator {
    fn code(&self) -> &'static str {
        "unrelated-indicator"
    }
    fn title(&self) -> &'static str {
        "指标与项目无关"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "指标须衡量本项目的产出和效果（财预〔2015〕88号“相关性”）。指标中出现与项目、单位职能无关的领域（如生态环境项目中的“矿井正常运行”），\
         通常是从其他部门的模板复制的。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        let unit = context.document.unit.name.as_deref().unwrap_or("");
        for (p, project, i, indicator) in each_indicator(context.document) {
            let marked = |text: &str| text.chars().any(is_marker);
            if !marked(&indicator.name) && !marked(&indicator.description) {
                continue;
            }
            for (field, words, roots) in FIELDS {
                let mentions =
                    |w: &&str| indicator.name.contains(w) || indicator.description.contains(w);
                let Some(word) = words.iter().copied().find(mentions) else {
                    continue;
                };
                // `兴趣班教师`: the teachers of the project's own classes.
                if word == "教师"
                    && ["兴趣班", "培训班", "课程"]
                        .iter()
                        .any(|w| indicator.name.contains(w) || indicator.description.contains(w))
                {
                    continue;
                }
                // `中华蜜蜂标准化养殖补助`: a project that names the word itself is of its field.
                let own = project.name.contains(word)
                    || project.purpose.as_deref().is_some_and(|p| p.contains(word));
                let related = own
                    || roots.iter().any(|root| {
                        unit.contains(root) || project_texts(project).any(|t| t.contains(root))
                    });
                if !related {
                    push(
                        findings,
                        self,
                        indicator_location(p, project, i, indicator),
                        format!(
                            "指标“{}”涉及{field}（“{word}”），与项目“{}”无关",
                            indicator.name, project.name
                        ),
                        Some("删除该行，改设衡量本项目产出或效果的指标"),
                    );
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{indicator, messages_on, project};

    fn said(project_name: &str, name: &str) -> Vec<String> {
        let row = indicator("产出指标", "数量指标", name, "≥500株");
        messages_on(
            "unrelated-indicator",
            vec![project(project_name, vec![row])],
        )
    }

    #[test]
    fn a_row_of_another_field_is_said() {
        assert_eq!(
            said("卫生监督执法及公共场所监督抽检", "义务植树株数"),
            [
                "指标“义务植树株数”涉及植树造林（“植树”），与项目“卫生监督执法及公共场所监督抽检”无关"
            ]
        );
        assert_eq!(said("环境监测费", "矿井正常运行").len(), 1);
        assert_eq!(
            said("农村生活污水处理设施运行维护", "公路养护里程").len(),
            1
        );
        assert_eq!(said("招商引资专题推介活动", "工程竣工验收合格率").len(), 1);
        assert_eq!(
            said("政务服务大厅帮办代办服务", "畜禽粪污综合利用率").len(),
            1
        );
        assert_eq!(
            said("离退休干部活动中心服务保障", "义务教育巩固率").len(),
            1
        );
        assert_eq!(
            said(
                "历史遗留矿山生态修复和地质灾害隐患消除",
                "参保群众住院费用报销比例"
            )
            .len(),
            1
        );
        assert_eq!(said("食用菌菌种质量检测", "农村公路列养率").len(), 1);
        assert_eq!(said("血吸虫病查病治病", "校车安全运行里程").len(), 1);
        assert_eq!(
            said(
                "中小企业公共服务和专精特新企业培育",
                "农村集中供水工程供水保证率"
            )
            .len(),
            1
        );
        let training = jixiao_model::Project {
            purpose: Some("开展职业技能培训，结业学员就业创业率40%以上".into()),
            ..project(
                "残疾人职业技能培训",
                vec![indicator(
                    "产出指标",
                    "质量指标",
                    "义务教育学生营养改善计划供餐覆盖率",
                    "≥98%",
                )],
            )
        };
        assert_eq!(
            messages_on("unrelated-indicator", vec![training]),
            [
                "指标“义务教育学生营养改善计划供餐覆盖率”涉及义务教育（“义务教育”），与项目“残疾人职业技能培训”无关"
            ]
        );
    }

    #[test]
    fn a_row_of_the_project_s_own_field_is_fine() {
        assert!(said("人工造林和退化林修复", "苗木成活率").is_empty());
        assert!(said("农村公路养护", "公路养护里程").is_empty());
        assert!(said("农村饮水工程维修养护", "农村集中供水工程供水保证率").is_empty());
        assert!(said("赤潮和绿潮灾害预警监测（近岸海域）", "沿海养殖户满意度").is_empty());
        assert!(said("集中办公区公共机构节能改造", "工程竣工验收合格率").is_empty());
        assert!(said("严重精神障碍患者监护补助", "患者规范管理率").is_empty());
        assert!(said("中华蜜蜂标准化养殖补助", "标准化养殖示范场验收合格率").is_empty());
        assert!(said("离退休干部活动中心服务保障", "兴趣班教师专业资质达标率").is_empty());
    }
}
