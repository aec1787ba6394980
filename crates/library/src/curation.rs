//! The bureau's decisions about the library, as an append-only list: 推荐 or 不推荐, an
//! explanation and a formula for an entry, and written names joined to another entry or kept
//! apart. The library's state is the list folded in order (later decisions win), so what is
//! curated survives every mining.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::Moves;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Recommended,
    NotRecommended,
}

impl Verdict {
    pub const ALL: [Verdict; 2] = [Verdict::Recommended, Verdict::NotRecommended];

    pub fn name(self) -> &'static str {
        match self {
            Verdict::Recommended => "推荐",
            Verdict::NotRecommended => "不推荐",
        }
    }

    pub fn from_name(name: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.name() == name)
    }
}

/// What a decision changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// `value`: a [`Verdict`]'s name, or empty to clear it.
    Verdict,
    Explanation,
    Formula,
    /// The written name `subject` joins the entry whose most used name is `value`.
    Join,
    /// The written name `subject` stands apart as an entry of its own.
    Apart,
    /// The written name `subject` goes back where its words put it.
    Restore,
}

impl Action {
    pub const ALL: [Action; 6] = [
        Action::Verdict,
        Action::Explanation,
        Action::Formula,
        Action::Join,
        Action::Apart,
        Action::Restore,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::Verdict => "verdict",
            Action::Explanation => "explanation",
            Action::Formula => "formula",
            Action::Join => "join",
            Action::Apart => "apart",
            Action::Restore => "restore",
        }
    }

    pub fn from_code(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }

    /// In words, for the history: `标为推荐`, `并入“培训人数”`.
    pub fn describe(self, subject: &str, value: &str) -> String {
        match self {
            Action::Verdict if value.is_empty() => "取消推荐标记".to_string(),
            Action::Verdict => format!("标为{value}"),
            Action::Explanation => format!("解释改为“{value}”"),
            Action::Formula => format!("计算公式改为“{value}”"),
            Action::Join => format!("写法“{subject}”并入“{value}”"),
            Action::Apart => format!("写法“{subject}”拆为单独条目"),
            Action::Restore => format!("写法“{subject}”恢复按用词归并"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The entry it was made on.
    pub entry: String,
    pub action: Action,
    /// A written name, normalised, for joins, splits and restores.
    pub subject: String,
    pub value: String,
}

/// What the bureau says about one entry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Note {
    pub verdict: Option<Verdict>,
    pub explanation: String,
    pub formula: String,
}

/// The decisions folded: notes by entry and the moves of written names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Curation {
    pub notes: HashMap<String, Note>,
    pub moves: Moves,
}

impl Curation {
    pub fn of(decisions: impl IntoIterator<Item = Decision>) -> Curation {
        let mut curation = Curation::default();
        for d in decisions {
            let note = || Note::default();
            match d.action {
                Action::Verdict => {
                    curation.notes.entry(d.entry).or_insert_with(note).verdict =
                        Verdict::from_name(&d.value)
                }
                Action::Explanation => {
                    curation
                        .notes
                        .entry(d.entry)
                        .or_insert_with(note)
                        .explanation = d.value
                }
                Action::Formula => {
                    curation.notes.entry(d.entry).or_insert_with(note).formula = d.value
                }
                Action::Join => {
                    curation.moves.apart.remove(&d.subject);
                    curation.moves.joined.insert(d.subject, d.value);
                }
                Action::Apart => {
                    curation.moves.joined.remove(&d.subject);
                    curation.moves.apart.insert(d.subject);
                }
                Action::Restore => {
                    curation.moves.joined.remove(&d.subject);
                    curation.moves.apart.remove(&d.subject);
                }
            }
        }
        curation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decided(entry: &str, action: Action, subject: &str, value: &str) -> Decision {
        Decision {
            entry: entry.into(),
            action,
            subject: subject.into(),
            value: value.into(),
        }
    }

    #[test]
    fn later_decisions_win() {
        let curation = Curation::of([
            decided("a", Action::Verdict, "", "推荐"),
            decided("a", Action::Explanation, "", "按实际培训人数计"),
            decided("a", Action::Verdict, "", "不推荐"),
            decided("a", Action::Join, "培训人员", "培训人数"),
            decided("a", Action::Apart, "培训人次", ""),
            decided("a", Action::Apart, "培训人员", ""),
            decided("a", Action::Restore, "培训人次", ""),
        ]);
        let note = &curation.notes["a"];
        assert_eq!(note.verdict, Some(Verdict::NotRecommended));
        assert_eq!(note.explanation, "按实际培训人数计");
        assert!(curation.moves.joined.is_empty());
        assert_eq!(
            curation.moves.apart.iter().collect::<Vec<_>>(),
            ["培训人员"]
        );
        assert_eq!(
            Curation::of([decided("a", Action::Verdict, "", "")]).notes["a"].verdict,
            None
        );
    }

    #[test]
    fn every_action_and_verdict_reads_back_from_its_code() {
        for action in Action::ALL {
            assert_eq!(Action::from_code(action.code()), Some(action));
        }
        for verdict in Verdict::ALL {
            assert_eq!(Verdict::from_name(verdict.name()), Some(verdict));
        }
    }
}
