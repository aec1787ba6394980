//! Reader for Tika's plain-text extraction of Word documents.
//!
//! A cell is a tab-led line; the cell's later paragraphs follow on lines without a tab;
//! a blank line ends a row (though a cell can hold blank lines too: the recogniser
//! mends such split rows by table structure). Merged cells are not expanded.
//! `[bookmark: …]` prefixes and Word `{ TC … }` field codes are stripped: they can be stale.

use jixiao_model::Diagnostic;

use crate::blocks::{Block, Cell, Row};

pub fn read(text: &str) -> (Vec<Block>, Vec<Diagnostic>) {
    let mut reader = Reader::default();
    for (index, line) in text.split('\n').enumerate() {
        reader.line(index + 1, line.strip_suffix('\r').unwrap_or(line));
    }
    reader.close_table();
    (reader.blocks, reader.diagnostics)
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    diagnostics: Vec<Diagnostic>,
    rows: Vec<Row>,
    row: Option<Row>,
    /// The previous line was part of a cell, so a tab-less line continues that cell.
    in_cell: bool,
}

impl Reader {
    fn line(&mut self, number: usize, line: &str) {
        if let Some(content) = line.strip_prefix('\t') {
            let cell = Cell::new(content.trim_end_matches('\t').to_string(), number, number);
            self.row
                .get_or_insert_with(|| Row { cells: Vec::new() })
                .cells
                .push(cell);
            self.in_cell = true;
        } else if line.trim().is_empty() {
            if let Some(row) = self.row.take() {
                self.rows.push(row);
            }
            self.in_cell = false;
        } else if let (true, Some(cell)) = (
            self.in_cell,
            self.row.as_mut().and_then(|r| r.cells.last_mut()),
        ) {
            cell.text.push('\n');
            cell.text.push_str(line.trim_end_matches('\t'));
            cell.last_line = number;
        } else {
            self.close_table();
            let text = self.clean_paragraph(number, line);
            if !text.is_empty() {
                self.blocks.push(Block::Paragraph { text, line: number });
            }
        }
    }

    fn close_table(&mut self) {
        if let Some(row) = self.row.take() {
            self.rows.push(row);
        }
        if !self.rows.is_empty() {
            self.blocks.push(Block::Table {
                rows: std::mem::take(&mut self.rows),
            });
        }
        self.in_cell = false;
    }

    fn clean_paragraph(&mut self, number: usize, line: &str) -> String {
        let mut text = line.trim();
        while let Some(rest) = text.strip_prefix("[bookmark:") {
            text = rest
                .split_once(']')
                .map_or("", |(_, after)| after)
                .trim_start();
        }
        let mut cleaned = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{ TC ") {
            cleaned.push_str(&rest[..start]);
            let field = &rest[start..];
            let end = field.find('}').map_or(field.len(), |i| i + 1);
            let entry = field[5..end]
                .trim_end_matches('}')
                .split(" \\")
                .next()
                .unwrap_or("")
                .trim();
            if !entry.is_empty() && !same_heading(entry, &cleaned) {
                self.diagnostics.push(Diagnostic::note(
                    number,
                    format!(
                        "已忽略与标题不符的 Word 目录域“{entry}”（标题为“{}”）",
                        cleaned.trim()
                    ),
                ));
            }
            rest = &field[end..];
        }
        cleaned.push_str(rest);
        cleaned.trim().to_string()
    }
}

/// A TC entry like `1、社会化用工…表` matches the heading `1.社会化用工…表`.
fn same_heading(entry: &str, heading: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_ascii_punctuation() && !"、．. ".contains(*c))
            .collect()
    };
    key(entry) == key(heading)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(blocks: &[Block]) -> Vec<Vec<String>> {
        blocks
            .iter()
            .flat_map(|b| match b {
                Block::Table { rows } => rows.clone(),
                Block::Paragraph { .. } | Block::Sheet { .. } => Vec::new(),
            })
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn cells_rows_and_continuations() {
        let text = "标题\n\t项目名称\n\t环保\n第二段\n\n\t预算数\t\t\n\t 100 \n";
        let (blocks, diagnostics) = read(text);
        assert!(diagnostics.is_empty());
        assert_eq!(
            blocks[0],
            Block::Paragraph {
                text: "标题".into(),
                line: 1
            }
        );
        assert_eq!(
            rows(&blocks),
            vec![vec!["项目名称", "环保\n第二段"], vec!["预算数", " 100 "]]
        );
    }

    #[test]
    fn strips_bookmarks_and_stale_field_codes() {
        let text = "[bookmark: _Toc1]1.甲项目绩效目标表{ TC 1、甲项目绩效目标表 \\f C \\l 1 }{ TC 1、乙项目绩效目标表 \\f C \\l 1 }\n";
        let (blocks, diagnostics) = read(text);
        assert_eq!(
            blocks,
            vec![Block::Paragraph {
                text: "1.甲项目绩效目标表".into(),
                line: 1
            }]
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].message.contains("乙项目"));
    }
}
