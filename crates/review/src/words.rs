//! Word lists the rules share: units and what indicator names mean.

use std::sync::LazyLock;

use jixiao_model::{Measure, measure_unit};
use regex::Regex;
use rust_decimal::Decimal;

pub fn is_percent_unit(unit: &str) -> bool {
    measure_unit(unit).is_some_and(|m| m.is_share())
}

pub fn is_count_unit(unit: &str) -> bool {
    measure_unit(unit).is_some_and(|m| m.is_count())
}

/// Names of counts: 召开年度工作会议次数, 发放人员的数量, 补缴人数.
pub fn is_count_name(name: &str) -> bool {
    [
        "次数", "个数", "数量", "人数", "户数", "家数", "台数", "件数", "份数", "场次", "条数",
        "处数", "人次", "户次", "期数", "株数",
    ]
    .iter()
    .any(|w| name.ends_with(w))
        // `补助参展企业家次`, `抽测项次`: the occurrences of a counted thing.
        || counted_occurrences(name)
        // `覆盖学校数`, `设立救助备用金乡镇数`; not `空气质量指数`, nor money (`项目预算控制数`).
        || (name.ends_with('数')
            && !["指数", "系数", "分数", "倍数", "参数", "函数"]
                .iter()
                .any(|w| name.ends_with(w))
            && !["成本", "预算", "资金", "经费", "费用", "金额", "控制"]
                .iter()
                .any(|w| name[..name.len() - '数'.len_utf8()].ends_with(w)))
}

fn counted_occurrences(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(2)..].iter().collect();
    tail.ends_with('次')
        && tail.chars().count() == 2
        && measure_unit(&tail).is_some_and(|m| m.measure == Measure::Count)
}

/// What a name says is measured when it is not a count or a rate: `修复面积` is an area.
pub fn measured_by_name(name: &str) -> Option<Measure> {
    if is_count_name(name) || name.ends_with("人员") {
        Some(Measure::Count)
    } else if name.ends_with("面积") {
        Some(Measure::Area)
    } else if ["长度", "里程", "总长"].iter().any(|w| name.ends_with(w)) {
        Some(Measure::Length)
    } else {
        None
    }
}

/// A satisfaction row's name that says it measures satisfaction (满意度, 认可度, 好评率 …).
pub fn measures_satisfaction(name: &str) -> bool {
    [
        "满意",
        "认可",
        "好评",
        "评价",
        "认同",
        "获得感",
        "幸福感",
        "支持率",
        "信任",
    ]
    .iter()
    .any(|w| name.contains(w))
}

/// Names of rates and shares: 运维覆盖率, 完成率, 优良天数比例.
pub fn is_rate_name(name: &str) -> bool {
    let name = name.trim_end_matches(['(', '（', '%', '％', ')', '）']);
    name.ends_with('率')
        || name.ends_with("比例")
        || name.ends_with("比率")
        || name.ends_with("占比")
}

/// Rates where a lower value is better, so `≤` is the right direction.
pub fn lower_is_better(name: &str) -> bool {
    [
        "发生率",
        "超标率",
        "投诉率",
        "故障率",
        "误差",
        "事故",
        "差错率",
        "失误率",
        "返工率",
        "流失率",
        "空置率",
        "损失率",
        "受害率",
        "成灾率",
        "发病率",
        "死亡率",
        "漏损率",
        "损耗率",
        "阳性率",
        "报废率",
        "误报率",
        "鼠密度",
        "蚊密度",
        "蝇密度",
        "蟑螂密度",
        "撤销率",
        "劣",
        "偏差率",
        "犯罪",
        "脱管",
        "漏管",
        "死亡",
        "下降",
        "降低",
        "减少",
        "近视",
        "肥胖",
        "患病",
        "感染率",
        "贫血",
        "龋",
        "肿大",
        "氟斑",
        "哑弹",
        "吸烟",
        "费率",
        "代偿率",
    ]
    .iter()
    .any(|w| name.contains(w))
        || is_share_of_bad_cases(name)
}

/// A share of cases gone wrong (货车超限率, 滞留超过10天的比例, 违规率), not of wrongs dealt
/// with or reported (违法行为查处率, 违规事件上报及时率) nor a count of them (纠正违法行为起数).
fn is_share_of_bad_cases(name: &str) -> bool {
    const BAD: &[&str] = &[
        "超限",
        "超载",
        "超期",
        "超时",
        "滞留",
        "逾期",
        "违法",
        "违规",
        "违章",
        "不合格",
        "辍学",
        "返贫",
        "拖欠",
        "积压",
        "破损",
        "待修",
        "纠错",
        "败诉",
        "重复",
        "又提起",
        "复发",
        "再犯",
        "综合征",
        "缺陷",
        "畸形",
    ];
    const DEALT_WITH: &[&str] = &[
        "查处", "纠正", "整改", "处置", "处理", "劝导", "清理", "化解", "办结", "治理", "查办",
        "打击", "清欠", "解决", "及时", "上报", "报送", "完成", "覆盖", "知晓", "修复", "维修",
        "准确",
    ];
    is_rate_name(name)
        && BAD.iter().any(|w| name.contains(w))
        && !DEALT_WITH.iter().any(|w| name.contains(w))
}

/// The amounts of money a text names (`4万元`, `250元`; not `250元/人`), in 元.
pub fn amounts_in(text: &str) -> Vec<Decimal> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if !chars[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let start = at;
        while at < chars.len() && (chars[at].is_ascii_digit() || chars[at] == '.') {
            at += 1;
        }
        let number: String = chars[start..at].iter().collect();
        let rest: String = chars[at..].iter().take(3).collect();
        let factor = if rest.starts_with("万元") {
            Some((10_000, 2))
        } else if rest.starts_with('元') {
            Some((1, 1))
        } else {
            None
        };
        if let (Some((factor, len)), Ok(number)) = (factor, number.parse::<Decimal>())
            && chars.get(at + len) != Some(&'/')
        {
            found.push(number * Decimal::from(factor));
        }
    }
    found
}

/// The factor to 元 of a money unit written after a target number.
pub fn money_factor(unit: &str) -> Option<Decimal> {
    measure_unit(unit).and_then(|m| m.money_factor())
}

/// Units a reviewer can read (the model's one vocabulary of units); anything else is reported.
pub fn is_known_unit(unit: &str) -> bool {
    measure_unit(unit).is_some()
}

/// Vague qualitative values that could usually be a number.
pub fn is_vague(text: &str) -> bool {
    let starts_a_vague_word = |c: char| {
        matches!(
            c,
            '提' | '改' | '有' | '明' | '增' | '加' | '持' | '逐' | '良' | '下'
        )
    };
    if !text.chars().any(starts_a_vague_word) {
        return false;
    }
    [
        "提升", "提高", "改善", "有效", "明显", "增强", "加强", "持续", "逐步", "良好", "下降",
    ]
    .iter()
    .any(|w| text.contains(w))
}

/// A Chinese character (CJK Unified Ideographs).
pub fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A vague word standing alone as the whole target (`提升`, `有所提高`), with nothing to judge
/// it by; a sentence such as `群众出行条件明显改善` says what changes.
pub fn is_bare_vague(text: &str) -> bool {
    let text = text.trim().trim_end_matches(['。', '.']);
    text.chars().count() <= 5
        && (is_vague(text)
            || [
                "保障",
                "强化",
                "较好",
                "好转",
                "显著",
                "长期",
                "到位",
                "浓厚",
                "进一步",
            ]
            .iter()
            .any(|w| text.contains(w)))
}

/// A point in time: `2024年6月30日前`, `12月底前`, `十月底`, `年底前`, `第四季度`.
pub fn names_a_time(text: &str) -> bool {
    static TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"20\d{2}年|[0-9一二三四五六七八九十]{1,3}月|年底|年末|年前|年内|季度|上半年|下半年|月底|月末|(?:国庆|春节|元旦|五一|中秋|端午|清明|重阳)节?前|汛期前|开学前")
            .expect("a valid pattern")
    });
    TIME.is_match(text)
}

/// A span of time: `≤15天`, `24小时内`, `3个工作日`, `2个月`.
pub fn names_a_duration(text: &str) -> bool {
    static DURATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[0-9一二三四五六七八九十两]+\s*(个)?(工作日|自然日|天|小时|分钟|周|个月)|[0-9]+\s*日(内|以内)")
            .expect("a valid pattern")
    });
    DURATION.is_match(text)
}

/// Words that say a satisfaction figure was measured: `问卷调查`, `满意度测评`, `电话回访`.
pub fn names_a_survey(text: &str) -> bool {
    [
        "调查", "问卷", "测评", "回访", "访谈", "座谈", "评议", "抽样", "走访", "打分", "评价",
    ]
    .iter()
    .any(|w| text.contains(w))
}

pub fn is_yes_no(text: &str) -> bool {
    matches!(text.trim(), "是/否" | "是\\否" | "是或否" | "是否")
}

/// Template placeholders left in goal text: `目标内容1`, `……`, `XXX`.
pub fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    text.is_empty()
        || text.starts_with("目标内容")
        || text.chars().all(|c| "…．.。—-－ xX×".contains(c))
        || text.contains("XXX")
        || text.contains("xxx")
}

/// Every `20XX年` in a text.
pub fn years_in(text: &str) -> Vec<u16> {
    year_positions(text)
        .into_iter()
        .map(|(year, _)| year)
        .collect()
}

/// Years used as deadlines: `2021年底`, `2020年前`, `2019年度`, `到2022年`; with the words as written.
pub fn deadline_years_in(text: &str) -> Vec<(u16, String)> {
    year_positions(text)
        .into_iter()
        .filter_map(|(year, end)| {
            let after: String = text[end..].chars().take(1).collect();
            let start = end - "2021年".len();
            let before = text[..start].chars().next_back();
            let object = worked_on(text, end);
            // `由2033年底的18%降至15%`: the year's figure is where the work starts from.
            let baseline = matches!(before, Some('由' | '比' | '较' | '从'))
                || ["底的", "末的", "的"]
                    .iter()
                    .any(|w| text[end..].starts_with(w));
            let deadline = (matches!(after.as_str(), "底" | "前" | "末" | "度" | "内")
                || (matches!(before, Some('到' | '至')) && !text[..start].ends_with("达到")))
                && !object
                && !baseline;
            deadline.then(|| (year, format!("{year}年{after}")))
        })
        .collect()
}

/// `2026年度财务决算`: the year (its 年 ending at `end`) names last year's accounts as the work's
/// object, not a deadline or the year of the project.
fn worked_on(text: &str, end: usize) -> bool {
    text[end..].starts_with('度') && {
        let what: String = text[end..]
            .chars()
            .skip(1)
            .take_while(|c| !"，。；;,".contains(*c))
            .take(24)
            .collect();
        [
            "决算", "财务", "报表", "数据", "统计", "审计", "考核", "评价", "资料", "整编", "年报",
            "报告",
        ]
        .iter()
        .any(|w| what.contains(w))
    }
}

/// The years a project's name is for: `2023年耕地地力保护补贴`; not `2027年度决算审计`, whose
/// year is the object of the work.
pub fn years_of_name(name: &str) -> Vec<u16> {
    let mut years: Vec<u16> = year_positions(name)
        .into_iter()
        .filter(|&(_, end)| !worked_on(name, end))
        .map(|(year, _)| year)
        .collect();
    // `2024魏县主城区洒水车加冰降温项目`: a leading year without 年, then the name.
    let leading = name.trim_start();
    if years.is_empty()
        && leading.len() > 4
        && leading.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && leading.starts_with("20")
        && leading[4..]
            .chars()
            .next()
            .is_some_and(|c| is_han(c) && c != '年')
        && let Ok(year) = leading[..4].parse()
    {
        years.push(year);
    }
    years
}

/// `(year, byte offset just after 年)` for each `20XX年`.
fn year_positions(text: &str) -> Vec<(u16, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find('年') {
        let at = from + offset;
        if at >= 4
            && bytes[at - 4..at].iter().all(u8::is_ascii_digit)
            && bytes[at - 4] == b'2'
            && bytes[at - 3] == b'0'
        {
            let leading_digit = at >= 5 && bytes[at - 5].is_ascii_digit();
            if let (false, Ok(year)) = (leading_digit, text[at - 4..at].parse()) {
                found.push((year, at + '年'.len_utf8()));
            }
        }
        from = at + '年'.len_utf8();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{is_count_name, lower_is_better};

    #[test]
    fn counts_of_cost_work_are_counts_but_money_is_not() {
        assert!(is_count_name("成本监审项目数"));
        assert!(is_count_name("覆盖学校数"));
        assert!(!is_count_name("项目预算控制数"));
        assert!(!is_count_name("空气质量指数"));
    }

    #[test]
    fn shares_of_cases_gone_wrong_are_better_low() {
        for name in [
            "国省干线货车超限率",
            "受助人员站内滞留超过10天的比例",
            "项目逾期率",
            "儿童青少年总体近视率",
            "馆藏古籍破损待修比例",
            "复议后又提起行政诉讼比例",
            "工伤认定结论纠错率",
            "重复信访率",
            "21三体综合征活产儿出生率",
            "出生缺陷发生率",
            "8—10岁儿童甲状腺肿大率",
            "8—12岁儿童氟斑牙检出率",
            "15岁及以上人群吸烟率",
            "创建单位室内吸烟现象抽查发现率",
            "作业弹药哑弹率",
            "补贴业务平均担保费率",
            "担保代偿率",
        ] {
            assert!(lower_is_better(name), "{name}");
        }
        for name in [
            "劝导纠正交通违法行为起数",
            "违法行为查处率",
            "所监控的企业违规事件上报及时率",
            "超限车辆卸载整改率",
            "破损古籍修复率",
            "重复信访化解率",
            "安全隐患缺陷整改率",
            "违法广告线索监测准确率",
        ] {
            assert!(!lower_is_better(name), "{name}");
        }
    }
}
