//! The sector (领域) of a table, named after the classes (类) of the 政府收支分类科目's
//! 支出功能分类, read from the unit's name and else the project's.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    GeneralPublicServices,
    PublicSecurity,
    Education,
    Science,
    Culture,
    SocialSecurity,
    Health,
    Environment,
    UrbanRural,
    Agriculture,
    Transport,
    Industry,
    Commerce,
    NaturalResources,
    Housing,
    Reserves,
    Emergency,
    /// Neither name says.
    Unknown,
}

/// Words naming each sector, looked for in a unit's or a project's name.
const WORDS: &[(Sector, &[&str])] = &[
    (
        Sector::Education,
        &[
            "教育",
            "学校",
            "中学",
            "小学",
            "幼儿园",
            "学前",
            "教师",
            "学生",
            "职教",
            "党校",
            "研学",
        ],
    ),
    (
        Sector::Health,
        &[
            "卫生",
            "健康",
            "医院",
            "医疗",
            "疾控",
            "疾病预防",
            "妇幼",
            "计划生育",
            "医保",
            "疫苗",
            "中医",
            "卫健",
            "两癌",
            "血站",
        ],
    ),
    (
        Sector::Agriculture,
        &[
            "农业",
            "农村",
            "农牧",
            "畜牧",
            "兽医",
            "林业",
            "林草",
            "水利",
            "水务",
            "扶贫",
            "乡村振兴",
            "种子",
            "植保",
            "农机",
            "水产",
            "渔业",
            "草原",
            "森林",
            "耕地",
            "农田",
            "蚕桑",
            "茶叶",
            "蜂业",
            "食用菌",
            "中药材",
            "水库",
            "河道",
            "灌区",
            "防汛",
        ],
    ),
    (
        Sector::SocialSecurity,
        &[
            "民政",
            "人力资源",
            "社会保障",
            "人社",
            "就业",
            "残疾",
            "残联",
            "养老",
            "退役军人",
            "救助",
            "低保",
            "优抚",
            "社保",
            "殡葬",
            "孤儿",
            "福利",
        ],
    ),
    (
        Sector::Culture,
        &[
            "文化",
            "旅游",
            "体育",
            "广播",
            "电视",
            "融媒体",
            "图书馆",
            "文物",
            "博物馆",
            "非遗",
            "文广",
            "新闻出版",
        ],
    ),
    (
        Sector::Transport,
        &[
            "交通",
            "公路",
            "农村公路",
            "运输",
            "港口",
            "公交",
            "航道",
            "校车",
        ],
    ),
    (
        Sector::PublicSecurity,
        &[
            "公安",
            "法院",
            "检察",
            "司法",
            "派出所",
            "禁毒",
            "法律援助",
            "社区矫正",
            "雪亮",
        ],
    ),
    (
        Sector::Emergency,
        &["应急", "消防", "地震", "救灾", "避难", "安全生产"],
    ),
    (
        Sector::Environment,
        &["生态环境", "环境保护", "环保", "污染", "环境监测", "节能"],
    ),
    (
        Sector::UrbanRural,
        &[
            "城市管理",
            "城管",
            "住房和城乡建设",
            "住建",
            "环卫",
            "园林",
            "市政",
            "城乡建设",
            "违法建设",
            "建筑垃圾",
        ],
    ),
    (
        Sector::Housing,
        &[
            "住房保障",
            "公租房",
            "公共租赁住房",
            "公积金",
            "保障性住房",
            "棚户区",
        ],
    ),
    (
        Sector::NaturalResources,
        &["自然资源", "国土", "测绘", "气象", "海洋", "不动产", "规划"],
    ),
    (Sector::Science, &["科学技术", "科技", "科协", "科普"]),
    (
        Sector::Commerce,
        &["商务", "商业", "外贸", "电商", "电子商务", "供销", "招商"],
    ),
    (Sector::Reserves, &["粮食", "物资储备", "储备"]),
    (
        Sector::Industry,
        &["工业", "信息化", "工信", "中小企业", "工业和信息化"],
    ),
    (
        Sector::GeneralPublicServices,
        &[
            "人大",
            "政协",
            "县委",
            "党委",
            "政府办",
            "办公室",
            "财政",
            "税务",
            "审计",
            "统计",
            "档案",
            "纪委",
            "纪律检查",
            "组织部",
            "宣传部",
            "发展和改革",
            "发改",
            "市场监督",
            "市场监管",
            "信访",
            "机关事务",
            "政务",
            "民族",
            "宗教",
            "妇联",
            "妇女联合会",
            "共青团",
            "团委",
            "工会",
            "侨联",
            "标准化",
        ],
    ),
];

impl Sector {
    pub const ALL: [Sector; 18] = [
        Sector::GeneralPublicServices,
        Sector::PublicSecurity,
        Sector::Education,
        Sector::Science,
        Sector::Culture,
        Sector::SocialSecurity,
        Sector::Health,
        Sector::Environment,
        Sector::UrbanRural,
        Sector::Agriculture,
        Sector::Transport,
        Sector::Industry,
        Sector::Commerce,
        Sector::NaturalResources,
        Sector::Housing,
        Sector::Reserves,
        Sector::Emergency,
        Sector::Unknown,
    ];

    /// The class's name as the 支出功能分类 prints it.
    pub fn name(self) -> &'static str {
        match self {
            Sector::GeneralPublicServices => "一般公共服务",
            Sector::PublicSecurity => "公共安全",
            Sector::Education => "教育",
            Sector::Science => "科学技术",
            Sector::Culture => "文化旅游体育与传媒",
            Sector::SocialSecurity => "社会保障和就业",
            Sector::Health => "卫生健康",
            Sector::Environment => "节能环保",
            Sector::UrbanRural => "城乡社区",
            Sector::Agriculture => "农林水",
            Sector::Transport => "交通运输",
            Sector::Industry => "资源勘探工业信息等",
            Sector::Commerce => "商业服务业等",
            Sector::NaturalResources => "自然资源海洋气象等",
            Sector::Housing => "住房保障",
            Sector::Reserves => "粮油物资储备",
            Sector::Emergency => "灾害防治及应急管理",
            Sector::Unknown => "未识别",
        }
    }

    pub fn from_name(name: &str) -> Option<Sector> {
        Sector::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The sector of a table: the unit's name decides, else the project's.
    pub fn of(unit: &str, project: &str) -> Sector {
        found_in(unit)
            .or_else(|| found_in(project))
            .unwrap_or(Sector::Unknown)
    }
}

/// Longer words a sector's word stands inside without naming it: `人民政府` holds `民政`.
const INSIDE: [(&str, &str); 1] = [("民政", "人民政府")];

/// Where `word` stands in `text` on its own (not inside one of the [`INSIDE`] words).
fn position(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        !INSIDE.iter().any(|(inner, outer)| {
            *inner == word
                && outer
                    .find(inner)
                    .is_some_and(|offset| at >= offset && text[at - offset..].starts_with(outer))
        })
    })
}

/// The sector whose word comes first in `text` (the longest word where two start together).
fn found_in(text: &str) -> Option<Sector> {
    WORDS
        .iter()
        .flat_map(|(sector, words)| words.iter().map(move |word| (*sector, *word)))
        .filter_map(|(sector, word)| position(text, word).map(|at| (at, word.len(), sector)))
        .min_by_key(|&(at, len, _)| (at, std::cmp::Reverse(len)))
        .map(|(_, _, sector)| sector)
}

#[cfg(test)]
mod tests {
    use super::Sector;

    #[test]
    fn the_unit_names_the_sector_before_the_project() {
        assert_eq!(Sector::of("玉田县教育局", "学生资助"), Sector::Education);
        assert_eq!(
            Sector::of("玉田县卫生健康局", "办公设备购置"),
            Sector::Health
        );
        assert_eq!(
            Sector::of("县农业农村局", "农村人居环境整治"),
            Sector::Agriculture
        );
        assert_eq!(
            Sector::of("县人力资源和社会保障局", "职业技能培训"),
            Sector::SocialSecurity
        );
        assert_eq!(
            Sector::of("县住房和城乡建设局", "老旧小区改造"),
            Sector::UrbanRural
        );
        assert_eq!(
            Sector::of("县市场监督管理局", "食品安全抽检"),
            Sector::GeneralPublicServices
        );
        assert_eq!(Sector::of("县教育和体育局", ""), Sector::Education);
        assert_eq!(
            Sector::of("乐亭县人民政府办公室本级", "电子政务"),
            Sector::GeneralPublicServices,
            "人民政府 is no 民政"
        );
        assert_eq!(Sector::of("县民政局", ""), Sector::SocialSecurity);
    }

    #[test]
    fn a_unit_that_names_no_sector_leaves_it_to_the_project() {
        assert_eq!(
            Sector::of("青岚县某某中心", "农村公路养护"),
            Sector::Transport
        );
        assert_eq!(
            Sector::of("某某中心", "城乡公交运营补贴"),
            Sector::Transport
        );
        assert_eq!(Sector::of("某某中心", "专项经费"), Sector::Unknown);
    }

    #[test]
    fn every_sector_reads_back_from_its_name() {
        for sector in Sector::ALL {
            assert_eq!(Sector::from_name(sector.name()), Some(sector));
        }
    }
}
