//! personal-information: a person's name or telephone number in a table that is published.

use std::sync::LazyLock;

use regex::Regex;

use super::{Rule, project_location, push};
use crate::words::is_han;
use crate::{Context, Finding, Severity};

pub struct PersonalInformation;

/// The commonest surnames: a name is told from an office's word by its first character.
const SURNAMES: &str = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余\
                        于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段\
                        雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文";

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})(?:[^0-9]|$)")
        .expect("a valid pattern")
});

/// `联系人：李秀兰`.
static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:联系人|负责人|经办人|责任人|回访人|调查人|填报人|填表人)[：:\s]*(?:\p{Han}{1,10}?[队心站所科股局办室组院校部])?(\p{Han}{2,3})")
        .expect("a valid pattern")
});

/// `局长何朝辉为组长`: a name after an office holder's title.
static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:局长|主任|科长|股长|书记|县长|区长|镇长|乡长|处长|所长|站长|队长|院长|校长)(\p{Han}{2,3}?)(?:为|任|同志|担任|负责|牵头|兼)",
    )
    .expect("a valid pattern")
});

/// The last character of an office's name: `路政大队`, `发展中心`, `财务科`.
const OFFICE_ENDS: &str = "队心站所科股局办室组院校部";

impl Rule for PersonalInformation {
    fn code(&self) -> &'static str {
        "personal-information"
    }
    fn title(&self) -> &'static str {
        "公开表中有个人信息"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "绩效目标表随预算公开。公开会损害第三方合法权益的个人信息不予公开（《政府信息公开条例》第十五条）：\
         表中写明的个人姓名、联系电话应改为责任单位或科室。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project) in context.document.projects.iter().enumerate() {
            let texts = project
                .purpose
                .iter()
                .map(String::as_str)
                .chain(project.goals.iter().map(|g| g.text.as_str()))
                .chain(project.indicators.iter().flat_map(|i| {
                    [i.description.as_str()]
                        .into_iter()
                        .chain(i.basis.as_ref().map(|b| b.text.as_str()))
                }));
            let mut found: Vec<String> = Vec::new();
            for text in texts {
                for item in personal_items(text) {
                    if !found.contains(&item) {
                        found.push(item);
                    }
                }
            }
            if found.is_empty() {
                continue;
            }
            let items: Vec<String> = found.iter().map(|f| format!("“{f}”")).collect();
            push(
                findings,
                self,
                project_location(p, project),
                format!(
                    "项目“{}”的公开内容中有个人信息{}",
                    project.name,
                    items.join("")
                ),
                Some("删去个人姓名和电话，写明责任单位或科室"),
            );
        }
    }
}

/// The names and telephone numbers written in a text.
fn personal_items(text: &str) -> Vec<String> {
    let mut items: Vec<String> = PHONE
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str().to_string())
        .collect();
    items.extend(
        [&*CONTACT, &*TITLED]
            .into_iter()
            .flat_map(|pattern| pattern.captures_iter(text))
            .filter_map(|c| c.get(1))
            .map(|m| m.as_str().to_string())
            .filter(|name| is_name(name)),
    );
    // `王丽娟同志`, and `路政大队张国强负责` where an office's name comes before.
    let chars: Vec<char> = text.chars().collect();
    for at in 0..chars.len() {
        let after: String = chars[at..chars.len().min(at + 2)].iter().collect();
        let comrade = after == "同志";
        if !(comrade || after == "负责" || after == "牵头") {
            continue;
        }
        let name = [3, 2].into_iter().filter(|n| *n <= at).find_map(|n| {
            let name: String = chars[at - n..at].iter().collect();
            let office_before = at > n && OFFICE_ENDS.contains(chars[at - n - 1]);
            // `县局文化股负责`: the office itself, not a person.
            let office = OFFICE_ENDS.contains(chars[at - 1]);
            (is_name(&name) && !office && (comrade || office_before)).then_some(name)
        });
        items.extend(name);
    }
    items
}

/// Two or three Chinese characters starting with a common surname.
fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| SURNAMES.contains(c)) && chars.all(is_han)
}

#[cfg(test)]
mod tests {
    use jixiao_model::Project;

    use super::personal_items;
    use crate::rules::testing::{messages_on, project};

    #[test]
    fn names_and_numbers_are_found() {
        assert_eq!(
            personal_items("急难型救助24小时内先行救助（联系人：李秀兰，电话0315-5512345）。"),
            ["0315-5512345", "李秀兰"]
        );
        assert_eq!(
            personal_items("由县教师发展中心王丽娟同志牵头，全年培训乡村教师1000人次"),
            ["王丽娟"]
        );
        assert_eq!(
            personal_items("由路政大队张国强负责，全年巡查600公里"),
            ["张国强"]
        );
        assert_eq!(personal_items("咨询电话13812345678"), ["13812345678"]);
        assert_eq!(
            personal_items("问卷调查：救助金发放后电话回访（回访人：刘春梅）"),
            ["刘春梅"]
        );
        assert_eq!(
            personal_items("（项目负责人：无线电管理科赵振宇）"),
            ["赵振宇"]
        );
        assert_eq!(
            personal_items("成立了由局长何朝辉为组长，局领导班子成员为副组长的领导小组"),
            ["何朝辉"]
        );
    }

    #[test]
    fn offices_amounts_and_counts_are_not_names() {
        for text in [
            "由局办公室负责，财务科统一牵头",
            "由县局文化股负责，县文化馆牵头",
            "全年培训1000人次，资金13000000元",
            "由中心主任负责，2024年12月底前完成",
            "从领导部署、科长带动、下属执行等三个方面",
            "由分管副局长为组长，各科室负责人为成员",
            "24小时内处置，电话回访满意度调查",
        ] {
            assert!(personal_items(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_project_with_a_name_in_its_goal_is_said_once() {
        let project = Project {
            purpose: Some("由路政大队张国强负责巡查".into()),
            ..project("农村公路路政巡查", Vec::new())
        };
        assert_eq!(
            messages_on("personal-information", vec![project]),
            ["项目“农村公路路政巡查”的公开内容中有个人信息“张国强”"]
        );
    }
}
