//! Department goals: 总体绩效目标, 分项绩效目标 and 工作保障措施 as ordered items.

use jixiao_model::{DepartmentGoals, GoalItem, Span};

use super::text::split_enumerator;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalSection {
    Overall,
    Itemised,
    Safeguards,
}

#[derive(Default)]
pub struct GoalsBuilder {
    section: Option<GoalSection>,
    goals: DepartmentGoals,
}

impl GoalsBuilder {
    pub fn start(&mut self, section: GoalSection) {
        self.section = Some(section);
    }

    pub fn stop(&mut self) {
        self.section = None;
    }

    pub fn active(&self) -> bool {
        self.section.is_some()
    }

    pub fn paragraph(&mut self, text: &str, line: usize) {
        let Some(section) = self.section else { return };
        let items = match section {
            GoalSection::Overall => &mut self.goals.overall,
            GoalSection::Itemised => &mut self.goals.itemised,
            GoalSection::Safeguards => &mut self.goals.safeguards,
        };
        if section == GoalSection::Itemised {
            let part = text
                .strip_prefix("绩效目标")
                .map(|rest| (true, rest))
                .or_else(|| text.strip_prefix("绩效指标").map(|rest| (false, rest)));
            if let Some((is_target, rest)) = part {
                let value = rest.trim_start_matches([':', '：']).trim().to_string();
                if items.is_empty() {
                    items.push(GoalItem {
                        span: Span::line(line),
                        ..GoalItem::default()
                    });
                }
                if let Some(item) = items.last_mut() {
                    if is_target {
                        item.target = Some(value)
                    } else {
                        item.indicators = Some(value)
                    }
                    item.span = item.span.to(Span::line(line));
                }
                return;
            }
        }
        let (label, rest) = split_enumerator(text);
        items.push(GoalItem {
            label,
            text: rest.trim().to_string(),
            span: Span::line(line),
            ..GoalItem::default()
        });
    }

    pub fn finish(self) -> DepartmentGoals {
        self.goals
    }
}

/// Splits a goal cell (`1.…\n2.…`) into items; lines without an enumerator continue the item before.
pub fn items_from_cell(text: &str, first_line: usize) -> Vec<GoalItem> {
    let mut items: Vec<GoalItem> = Vec::new();
    for (offset, line) in text
        .lines()
        .map(str::trim)
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
    {
        let span = Span::line(first_line + offset);
        let (label, rest) = split_enumerator(line);
        match (label, items.last_mut()) {
            (None, Some(item)) => {
                item.text.push('\n');
                item.text.push_str(rest);
                item.span = item.span.to(span);
            }
            (label, _) => items.push(GoalItem {
                label,
                text: rest.to_string(),
                span,
                ..GoalItem::default()
            }),
        }
    }
    items
}
