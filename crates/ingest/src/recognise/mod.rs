//! The one recogniser: walks the intermediate blocks by their labels and table
//! structure (never by column position alone) and builds the domain model.
//! Whatever it cannot place is kept in a raw section and reported with its line.

mod department;
mod flat;
mod goals;
mod header;
mod indicators;
mod raw;
pub(crate) mod text;
pub(crate) mod vocabulary;
mod year;

use jixiao_model::{AmountUnit, Diagnostic, Document, Project, Span};

use crate::blocks::{Block, Row};
use goals::GoalsBuilder;
use header::HeaderState;
use indicators::{IndicatorTable, RowOutcome};
use raw::RawSections;

pub fn recognise(blocks: &[Block]) -> (Document, Vec<Diagnostic>) {
    let mut recogniser = Recogniser::default();
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Paragraph { text, line } => {
                recogniser.paragraph(text, *line, blocks.get(index + 1));
            }
            Block::Table { rows } => recogniser.table(rows),
            Block::Sheet { name, .. } => recogniser.sheet(name),
        }
    }
    recogniser.finish()
}

#[derive(Default)]
struct Recogniser {
    document: Document,
    diagnostics: Vec<Diagnostic>,
    goals: GoalsBuilder,
    raw: RawSections,
    project: Option<OpenProject>,
    /// The 部门整体支出绩效指标 table, while it is being read.
    department_table: Option<IndicatorTable>,
    /// The department's rows above its indicators.
    department: department::DepartmentReader,
    /// Under the 部门整体支出绩效指标 heading.
    in_department_indicators: bool,
    /// The current worksheet's name, for a sheet that holds only an indicator table.
    sheet: Option<String>,
    /// The year a title states, with its source and line.
    stated_year: Option<(u16, String, usize)>,
    /// The amount unit a caption states (`金额单位：元`), for flat tables.
    caption_unit: Option<AmountUnit>,
}

/// A project being read: its header labels first, then its indicator table.
struct OpenProject {
    project: Project,
    header: HeaderState,
    table: Option<IndicatorTable>,
}

impl OpenProject {
    /// A project opening below a caption naming the amount unit (`金额单位：万元`) reads its amounts in it.
    fn new(
        caption_unit: Option<AmountUnit>,
        title: Option<String>,
        name: String,
        line: usize,
    ) -> OpenProject {
        let project = Project {
            title,
            name,
            span: Span::line(line),
            ..Project::default()
        };
        OpenProject {
            project,
            header: HeaderState::below_caption(caption_unit),
            table: None,
        }
    }

    fn is_blank(&self) -> bool {
        !has_code(&self.project)
            && self.project.indicators.is_empty()
            && self.project.goals.is_empty()
            && self.table.is_none()
    }
}

impl Recogniser {
    /// The year a title above every table states.
    fn title_facts(&mut self, text: &str, line: usize) {
        if self.stated_year.is_none()
            && self.project.as_ref().is_none_or(OpenProject::is_blank)
            && self.document.projects.is_empty()
            && let Some(year) = text::title_year(text)
        {
            self.stated_year = Some((year, format!("标题“{}”", text::excerpt(text)), line));
        }
    }

    fn paragraph(&mut self, text: &str, line: usize, next: Option<&Block>) {
        self.title_facts(text, line);
        if [
            "预算项目绩效表",
            "项目支出绩效目标申报表",
            "项目支出绩效目标表",
        ]
        .iter()
        .any(|title| text.starts_with(title))
        {
            // The table's own title, written as a line above it rather than as its first row.
            self.close_project();
            self.close_department_table();
            self.project = Some(OpenProject::new(
                self.caption_unit,
                None,
                String::new(),
                line,
            ));
            return;
        }
        if let Some(name) = text::project_title(text, next) {
            self.close_project();
            self.close_department_table();
            self.project = Some(OpenProject::new(
                self.caption_unit,
                Some(text.to_string()),
                name,
                line,
            ));
            return;
        }
        if let Some(open) = &mut self.project
            && open.table.is_none()
            && open.header.expects_goal_continuation()
        {
            header::continue_goals(&mut open.project, text, line);
            return;
        }
        let heading = text::heading_kind(text);
        if heading.is_some() {
            self.close_project();
            self.close_department_table();
        }
        match heading {
            Some(text::Heading::Goals(section)) => {
                self.in_department_indicators = false;
                self.goals.start(section);
                self.raw.close();
            }
            Some(text::Heading::DepartmentIndicators) => {
                self.goals.stop();
                self.in_department_indicators = true;
                self.raw.close();
            }
            Some(text::Heading::Projects | text::Heading::Container) => {
                self.goals.stop();
                self.in_department_indicators = false;
                self.raw.close();
            }
            Some(text::Heading::Other) => {
                self.goals.stop();
                self.in_department_indicators = false;
                self.raw.start(text, line);
            }
            None => {
                if self.goals.active() {
                    self.goals.paragraph(text, line);
                } else {
                    self.document_facts(text, line);
                    self.raw.push_text(text, line);
                }
            }
        }
    }

    /// A worksheet boundary closes whatever was open.
    fn sheet(&mut self, name: &str) {
        self.close_project();
        self.close_department_table();
        self.goals.stop();
        self.raw.close();
        // 一体化 workbooks give the department's overall table a sheet of its own.
        self.in_department_indicators = name.contains("部门整体");
        self.sheet = Some(name.to_string());
    }

    /// Facts the prose states about the whole document: the unit, its budget, the amount unit.
    fn document_facts(&mut self, text: &str, line: usize) {
        if let Some(unit) = text::caption_amount_unit(text) {
            self.caption_unit = Some(unit);
        }
        if self.document.unit.name.is_none()
            && let Some(name) = text::caption_unit_name(text)
        {
            self.document.unit.name = Some(name);
            self.document.unit.basis = format!("第{line}行“单位名称”");
        }
        if self.document.unit.name.is_none()
            && let Some(name) = text::unit_from_title(text)
        {
            self.document.unit.name = Some(name);
            self.document.unit.basis = format!("第{line}行标题");
        }
        if self.stated_year.is_none()
            && let Some(year) = text::stated_year(text)
        {
            self.stated_year = Some((year, format!("标题“{}”", text::excerpt(text)), line));
        }
        if self.document.department_budget_yuan.is_none()
            && let Some(yuan) = text::department_budget(text)
        {
            self.document.department_budget_yuan = Some(yuan);
            self.document.department_budget_raw = Some(text.to_string());
        }
    }

    fn table(&mut self, rows: &[Row]) {
        let mut index = 0;
        while index < rows.len() {
            index += self.row(rows, index);
        }
    }

    /// Handles the row at `index`; returns how many rows it consumed.
    fn row(&mut self, rows: &[Row], index: usize) -> usize {
        let row = &rows[index];
        // A project table without a title above it (the 101号 template): its label rows, when an
        // indicator table follows in the same table (a 项目名称 row alone may head a procurement table).
        let opens = self.project.is_none()
            && !self.in_department_indicators
            && header::opens_project_table(row)
            && rows[index..].iter().any(indicators::is_indicator_header);
        if header::starts_project(row) || opens {
            let reuse = self
                .project
                .as_ref()
                .is_some_and(|open| open.is_blank() && open.table.is_none());
            if !reuse {
                self.close_project();
                self.project = Some(OpenProject::new(
                    self.caption_unit,
                    None,
                    String::new(),
                    row.first_line(),
                ));
            }
        }
        if let Some(open) = &mut self.project {
            if let Some(table) = &mut open.table {
                match table.row(rows, index, &mut self.diagnostics) {
                    RowOutcome::Consumed(count, outcome) => {
                        let fields = table.take_row_project();
                        if let (Some(fields), indicators::Placed::Blank(_)) = (&fields, &outcome)
                            && flat::is_total_row(fields)
                        {
                            // `820-某镇部门 | | 8,827,620.53`: the unit's total, not a project.
                            flat::total_row(
                                &mut self.document,
                                fields,
                                row.first_line(),
                                self.caption_unit,
                                &mut self.diagnostics,
                            );
                            return count;
                        }
                        if let Some(fields) = fields {
                            self.flat_row(fields, row.first_line());
                        }
                        if let Some(open) = &mut self.project {
                            indicators::place(outcome, &mut open.project);
                        }
                        return count;
                    }
                    RowOutcome::NotIndicator => {
                        open.table = None;
                        if !header::ends_indicator_table(row) {
                            self.unplaced(row, "项目绩效指标表之后无法识别的表格行");
                            return 1;
                        }
                    }
                }
            }
            if let Some(table) = IndicatorTable::from_header(rows, index) {
                let consumed = table.header_rows();
                indicators::unknown_headers(&rows[index..index + consumed], &mut self.diagnostics);
                open.table = Some(table);
                return consumed;
            }
            if (header::is_header_row(row) || open.header.expects_row())
                && let Some(consumed) = header::row(
                    &mut open.header,
                    &mut open.project,
                    &mut self.document,
                    rows,
                    index,
                    &mut self.diagnostics,
                )
            {
                return consumed;
            }
            self.unplaced(row, "项目表中无法识别的行");
            return 1;
        }
        if !self.in_department_indicators
            && let Some(table) = IndicatorTable::from_header(rows, index)
        {
            // A flat table names its projects row by row; a sheet (or file) holding only an
            // indicator table names its project after the sheet.
            let name = if table.is_flat() {
                String::new()
            } else {
                let name = self
                    .sheet
                    .clone()
                    .unwrap_or_else(|| "未命名项目".to_string());
                self.diagnostics.push(Diagnostic::note(
                    row.first_line(),
                    format!("指标表前没有项目信息，按所在工作表命名为“{name}”"),
                ));
                name
            };
            let mut open = OpenProject::new(self.caption_unit, None, name, row.first_line());
            let consumed = table.header_rows();
            indicators::unknown_headers(&rows[index..index + consumed], &mut self.diagnostics);
            open.table = Some(table);
            self.project = Some(open);
            return consumed;
        }
        if self.in_department_indicators {
            if let Some(table) = &mut self.department_table
                && let RowOutcome::Consumed(count, outcome) =
                    table.row(rows, index, &mut self.diagnostics)
            {
                if let indicators::Placed::Indicator(indicator) = outcome {
                    self.document.department_indicators.push(*indicator);
                } else if let indicators::Placed::Blank(blank) = outcome {
                    self.diagnostics.push(Diagnostic::warning(
                        blank.span.first_line,
                        "部门整体支出绩效指标表中的空行",
                    ));
                }
                return count;
            }
            if let Some(table) = IndicatorTable::from_header(rows, index) {
                let consumed = table.header_rows();
                indicators::unknown_headers(&rows[index..index + consumed], &mut self.diagnostics);
                self.department_table = Some(table);
                return consumed;
            }
            let one_cell = row.cells.iter().filter(|c| !c.is_empty()).count() == 1;
            if self.department.is_task_name_only(row)
                && self
                    .department
                    .row(row, &mut self.document, &mut self.diagnostics)
            {
                // A task with only its name.
                return 1;
            }
            if one_cell && self.department_table.is_none() {
                // The table's own caption row, `部门整体支出绩效指标情况`, `（2019年度）`: kept as written.
                if let Some(only) = row.cells.iter().find(|c| !c.is_empty()) {
                    self.title_facts(&only.text, only.line);
                }
                self.raw.push_row(row);
                return 1;
            }
            if self
                .department
                .row(row, &mut self.document, &mut self.diagnostics)
            {
                return 1;
            }
            self.unplaced(row, "部门整体支出绩效目标表中尚不能读入的行");
            return 1;
        }
        if let [only] = row
            .cells
            .iter()
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()[..]
        {
            // A caption written as a row of the table: `单位名称：…`, `金额单位：元`; or the
            // table's title in a worksheet, `部门整体支出绩效目标表`.
            self.document_facts(&only.text, only.line);
            if matches!(
                text::heading_kind(&only.text),
                Some(text::Heading::DepartmentIndicators)
            ) {
                self.in_department_indicators = true;
            }
            self.title_facts(&only.text, only.line);
        }
        self.raw.push_row(row);
        1
    }

    /// A row of a flat table: it begins the next project when its project differs, and fills
    /// the open one.
    fn flat_row(&mut self, fields: indicators::RowProject, line: usize) {
        let Some(open) = &mut self.project else {
            return;
        };
        if flat::starts_another(&open.project, &fields) {
            let table = open.table.take();
            // The table's amount unit (its caption rows') is every project's in it.
            let unit = open.project.budget.unit;
            self.close_project();
            let mut next = OpenProject::new(self.caption_unit, None, String::new(), line);
            next.project.budget.unit = unit;
            next.table = table;
            self.project = Some(next);
        }
        if let Some(open) = &mut self.project {
            flat::fill(
                &mut open.project,
                &mut self.document,
                fields,
                self.caption_unit,
                &mut self.diagnostics,
            );
        }
    }

    /// A labelled row of the department's overall table: its name, or its overall goal.
    fn unplaced(&mut self, row: &Row, why: &str) {
        if !row.is_empty() {
            self.diagnostics.push(Diagnostic::warning(
                row.first_line(),
                format!("{why}，已作为原文保留：{}", text::excerpt(&row.to_text())),
            ));
            self.raw.push_row(row);
        }
    }

    fn close_project(&mut self) {
        if let Some(open) = self.project.take() {
            let mut project = open.project;
            if project.name.is_empty() && !has_code(&project) && project.indicators.is_empty() {
                return;
            }
            header::finish(&mut project, &mut self.diagnostics);
            self.document.projects.push(project);
        }
    }

    fn close_department_table(&mut self) {
        self.department_table = None;
    }

    fn finish(mut self) -> (Document, Vec<Diagnostic>) {
        self.close_project();
        // Goals from the prose, then those a department table states in a cell of its own.
        let stated = std::mem::take(&mut self.document.goals.overall);
        self.document.goals = self.goals.finish();
        self.document.goals.overall.extend(stated);
        self.document.raw_sections = self.raw.finish();
        header::document_amount_unit(&mut self.document);
        header::unit_from_projects(&mut self.document);
        year::infer(
            &mut self.document,
            self.stated_year.take(),
            &mut self.diagnostics,
        );
        for indicator in &self.document.department_indicators {
            header::comparator_without_value(indicator, &mut self.diagnostics);
        }
        if self.document.projects.is_empty() && self.document.department_indicators.is_empty() {
            self.diagnostics.push(Diagnostic::error(1, NO_TARGET_TABLE));
        }
        (self.document, self.diagnostics)
    }
}

/// The error a document with neither a project table nor a department indicator table gets.
pub const NO_TARGET_TABLE: &str =
    "没有识别出项目绩效目标表或部门整体绩效指标表（不是绩效目标文件？）";

impl crate::Parsed {
    /// The error saying the file holds no target table at all (a meeting note, jixiao's own open
    /// data): such a file is never stored, whatever `--deny` says.
    pub fn no_target_table(&self) -> Option<&Diagnostic> {
        self.diagnostics
            .iter()
            .find(|d| d.is_error() && d.message == NO_TARGET_TABLE)
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

pub fn is_label(text: &str) -> bool {
    vocabulary::label(text).is_some()
}

/// A code written, not a 项目编码 cell left blank.
fn has_code(project: &Project) -> bool {
    project.code.as_deref().is_some_and(|c| !c.is_empty())
}
