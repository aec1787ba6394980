//! The target table as the official form draws it: a category cell spans the rows below it that
//! belong to it (`rowspan`), instead of repeating or leaving blank cells.

use jixiao_model::{Indicator, Project};

/// One indicator row as the table prints it.
pub struct TableRow {
    pub level1: String,
    pub level2: String,
    /// Rows the 一级 and 二级 cells span; 0 where the cell above covers this row.
    pub level1_span: usize,
    pub level2_span: usize,
    pub name: String,
    pub description: String,
    pub target: String,
    pub basis: String,
}

/// The project's indicator rows, category cells merged.
pub fn rows(project: &Project) -> Vec<TableRow> {
    project
        .indicators
        .iter()
        .zip(category_spans(&project.indicators))
        .map(|(indicator, (level1_span, level2_span))| TableRow {
            level1: indicator.level1.raw.clone(),
            level2: indicator.level2.raw.clone(),
            level1_span,
            level2_span,
            name: indicator.name.clone(),
            description: indicator.description.clone(),
            target: indicator.target.raw.clone(),
            basis: indicator
                .basis
                .as_ref()
                .map(|b| b.text.clone())
                .unwrap_or_default(),
        })
        .collect()
}

/// The spending plan's checkpoints (`3月底`, `25%`), a blank figure shown as a dash.
pub fn plan(project: &Project) -> Vec<(String, String)> {
    project
        .spending_plan
        .iter()
        .flat_map(|p| {
            p.checkpoints.iter().map(|c| {
                let figure = if c.raw.is_empty() { "—" } else { &c.raw };
                (c.label.clone(), figure.to_string())
            })
        })
        .collect()
}

/// The goals, each with its enumerator as printed.
pub fn goals(project: &Project) -> Vec<String> {
    project
        .goals
        .iter()
        .map(|g| format!("{}{}", g.label.as_deref().unwrap_or(""), g.text))
        .collect()
}

/// For each row, how many rows its 一级 and 二级 cells span: 0 where the cell above covers it.
pub fn category_spans(indicators: &[Indicator]) -> Vec<(usize, usize)> {
    // The category a row belongs to: its own text, or the one above when its cell was merged or
    // left blank.
    let mut level1 = Vec::with_capacity(indicators.len());
    let mut level2 = Vec::with_capacity(indicators.len());
    for (at, indicator) in indicators.iter().enumerate() {
        let inherit = |cell: &jixiao_model::Level1, above: Option<&String>| {
            let raw = cell.raw.trim();
            match above {
                Some(above) if cell.merged || raw.is_empty() => above.clone(),
                _ => raw.to_string(),
            }
        };
        let one = inherit(&indicator.level1, level1.get(at.wrapping_sub(1)));
        let new_group = at == 0 || level1.get(at - 1) != Some(&one);
        let raw2 = indicator.level2.raw.trim();
        let two = match level2.get(at.wrapping_sub(1)) {
            Some(above) if !new_group && (indicator.level2.merged || raw2.is_empty()) => {
                String::clone(above)
            }
            _ => raw2.to_string(),
        };
        level1.push(one);
        level2.push(two);
    }
    let run = |names: &[String], start: usize, same: &dyn Fn(usize) -> bool| {
        (start..names.len())
            .take_while(|&i| i == start || (names[i] == names[start] && same(i)))
            .count()
    };
    (0..indicators.len())
        .map(|at| {
            let first1 = at == 0 || level1[at] != level1[at - 1];
            let first2 = first1 || level2[at] != level2[at - 1];
            let span1 = if first1 {
                run(&level1, at, &|_| true)
            } else {
                0
            };
            let span2 = if first2 {
                run(&level2, at, &|i| level1[i] == level1[at])
            } else {
                0
            };
            (span1, span2)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use jixiao_model::Indicator;

    fn row(level1: &str, level2: &str) -> Indicator {
        Indicator::new(level1, level2, "指标", "≥1次")
    }

    #[test]
    fn categories_span_the_rows_that_belong_to_them() {
        let rows = [
            row("产出指标", "数量指标"),
            row("", "数量指标"),
            row("", "质量指标"),
            row("效益指标", "社会效益指标"),
            row("满意度指标", "服务对象满意度指标"),
        ];
        assert_eq!(
            super::category_spans(&rows),
            [(3, 2), (0, 0), (0, 1), (1, 1), (1, 1)]
        );
    }
}
