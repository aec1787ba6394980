//! Level-1 and level-2 indicator categories: canonical kinds plus the text as written.

use serde::{Deserialize, Serialize};

/// The indicator framework a table follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// 产出(数量/质量/时效/成本) · 效益(经济/社会/生态/可持续影响) · 满意度.
    Legacy,
    /// 财预〔2021〕101号: 成本 is a level-1 with 经济/社会/生态环境成本.
    Central101,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level1Kind {
    Output,
    Benefit,
    Satisfaction,
    Cost,
}

impl Level1Kind {
    pub const ALL: [Level1Kind; 4] = [
        Level1Kind::Output,
        Level1Kind::Benefit,
        Level1Kind::Satisfaction,
        Level1Kind::Cost,
    ];

    pub fn canonical_name(self) -> &'static str {
        match self {
            Level1Kind::Output => "产出指标",
            Level1Kind::Benefit => "效益指标",
            Level1Kind::Satisfaction => "满意度指标",
            Level1Kind::Cost => "成本指标",
        }
    }

    fn recognise(text: &str) -> Option<(Level1Kind, bool)> {
        let stem = text.strip_suffix("指标").unwrap_or(text);
        let found = match stem {
            "产出" => (Level1Kind::Output, true),
            "效益" => (Level1Kind::Benefit, true),
            "满意度" => (Level1Kind::Satisfaction, true),
            "成本" => (Level1Kind::Cost, true),
            "效果" => (Level1Kind::Benefit, false),
            "满意" | "社会满意度" => (Level1Kind::Satisfaction, false),
            _ => return None,
        };
        Some(found)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level2Kind {
    Quantity,
    Quality,
    Timeliness,
    Cost,
    Economic,
    Social,
    Ecological,
    Sustainable,
    Satisfaction,
    EconomicCost,
    SocialCost,
    EnvironmentalCost,
}

impl Level2Kind {
    pub const ALL: [Level2Kind; 12] = [
        Level2Kind::Quantity,
        Level2Kind::Quality,
        Level2Kind::Timeliness,
        Level2Kind::Cost,
        Level2Kind::Economic,
        Level2Kind::Social,
        Level2Kind::Ecological,
        Level2Kind::Sustainable,
        Level2Kind::Satisfaction,
        Level2Kind::EconomicCost,
        Level2Kind::SocialCost,
        Level2Kind::EnvironmentalCost,
    ];

    pub fn canonical_name(self) -> &'static str {
        match self {
            Level2Kind::Quantity => "数量指标",
            Level2Kind::Quality => "质量指标",
            Level2Kind::Timeliness => "时效指标",
            Level2Kind::Cost => "成本指标",
            Level2Kind::Economic => "经济效益指标",
            Level2Kind::Social => "社会效益指标",
            Level2Kind::Ecological => "生态效益指标",
            Level2Kind::Sustainable => "可持续影响指标",
            Level2Kind::Satisfaction => "服务对象满意度指标",
            Level2Kind::EconomicCost => "经济成本指标",
            Level2Kind::SocialCost => "社会成本指标",
            Level2Kind::EnvironmentalCost => "生态环境成本指标",
        }
    }

    /// The level-1 category this level-2 belongs to under `scheme`.
    pub fn parent(self, scheme: Scheme) -> Level1Kind {
        match self {
            Level2Kind::Quantity | Level2Kind::Quality | Level2Kind::Timeliness => {
                Level1Kind::Output
            }
            Level2Kind::Cost => match scheme {
                Scheme::Legacy => Level1Kind::Output,
                Scheme::Central101 => Level1Kind::Cost,
            },
            Level2Kind::Economic
            | Level2Kind::Social
            | Level2Kind::Ecological
            | Level2Kind::Sustainable => Level1Kind::Benefit,
            Level2Kind::Satisfaction => Level1Kind::Satisfaction,
            Level2Kind::EconomicCost | Level2Kind::SocialCost | Level2Kind::EnvironmentalCost => {
                Level1Kind::Cost
            }
        }
    }

    fn recognise(text: &str) -> Option<(Level2Kind, bool)> {
        let stem = text.strip_suffix("指标").unwrap_or(text);
        let found = match stem {
            "数量" => (Level2Kind::Quantity, true),
            "质量" => (Level2Kind::Quality, true),
            "时效" => (Level2Kind::Timeliness, true),
            "实效" | "时限" => (Level2Kind::Timeliness, false),
            "成本" => (Level2Kind::Cost, true),
            "经济效益" => (Level2Kind::Economic, true),
            "社会效益" => (Level2Kind::Social, true),
            "生态效益" => (Level2Kind::Ecological, true),
            "可持续影响" => (Level2Kind::Sustainable, true),
            "服务对象满意度" => (Level2Kind::Satisfaction, true),
            "满意度" | "社会公众满意度" | "群众满意度" => {
                (Level2Kind::Satisfaction, false)
            }
            "经济成本" => (Level2Kind::EconomicCost, true),
            "社会成本" => (Level2Kind::SocialCost, true),
            "生态环境成本" => (Level2Kind::EnvironmentalCost, true),
            "经济" => (Level2Kind::Economic, false),
            "社会" => (Level2Kind::Social, false),
            "生态" => (Level2Kind::Ecological, false),
            "可持续" => (Level2Kind::Sustainable, false),
            _ => return None,
        };
        Some(found)
    }
}

macro_rules! category {
    ($name:ident, $kind:ident) => {
        /// A category cell: the canonical kind (when recognised) and the text as written.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name {
            pub kind: Option<$kind>,
            /// The cell text as written (after the merged cell above it when `merged`).
            pub raw: String,
            /// The written text is the canonical name (with or without the `指标` suffix).
            pub canonical: bool,
            /// The cell was empty and the category was carried from the row above (a merged cell).
            pub merged: bool,
        }

        impl $name {
            pub fn from_text(raw: &str) -> $name {
                let raw = raw.trim();
                let compact: std::borrow::Cow<'_, str> = if raw.contains(char::is_whitespace) {
                    raw.chars()
                        .filter(|c| !c.is_whitespace())
                        .collect::<String>()
                        .into()
                } else {
                    raw.into()
                };
                let (kind, canonical) = match $kind::recognise(&compact) {
                    Some((kind, canonical)) => (Some(kind), canonical),
                    None => (None, false),
                };
                $name {
                    kind,
                    raw: raw.to_string(),
                    canonical,
                    merged: false,
                }
            }

            pub fn is(&self, kind: $kind) -> bool {
                self.kind == Some(kind)
            }
        }
    };
}

category!(Level1, Level1Kind);
category!(Level2, Level2Kind);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_is_mapped_but_not_canonical() {
        let typo = Level2::from_text("实效指标");
        assert_eq!(typo.kind, Some(Level2Kind::Timeliness));
        assert!(!typo.canonical);
        assert_eq!(typo.raw, "实效指标");
        let effect = Level1::from_text("效果指标");
        assert_eq!(effect.kind, Some(Level1Kind::Benefit));
        assert!(!effect.canonical);
    }

    #[test]
    fn canonical_names_round_trip() {
        for kind in Level2Kind::ALL {
            let parsed = Level2::from_text(kind.canonical_name());
            assert_eq!(parsed.kind, Some(kind));
            assert!(parsed.canonical);
        }
        for kind in Level1Kind::ALL {
            assert_eq!(Level1::from_text(kind.canonical_name()).kind, Some(kind));
        }
        assert_eq!(Level2::from_text("劳务").kind, None);
    }

    #[test]
    fn cost_parent_depends_on_scheme() {
        assert_eq!(Level2Kind::Cost.parent(Scheme::Legacy), Level1Kind::Output);
        assert_eq!(
            Level2Kind::Cost.parent(Scheme::Central101),
            Level1Kind::Cost
        );
    }
}
