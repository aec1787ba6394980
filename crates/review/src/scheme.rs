//! Which indicator framework a document follows.

use jixiao_model::{Document, Level1Kind, Level2Kind, Scheme};

/// 101号 when 成本 is a level-1 category or its 经济/社会/生态环境成本 level-2s appear; the classic scheme otherwise.
pub fn detect_scheme(document: &Document) -> Scheme {
    let indicators = document
        .projects
        .iter()
        .flat_map(|p| &p.indicators)
        .chain(&document.department_indicators);
    for indicator in indicators {
        let central = indicator.level1.is(Level1Kind::Cost)
            || matches!(
                indicator.level2.kind,
                Some(
                    Level2Kind::EconomicCost
                        | Level2Kind::SocialCost
                        | Level2Kind::EnvironmentalCost
                )
            );
        if central {
            return Scheme::Central101;
        }
    }
    Scheme::Legacy
}
