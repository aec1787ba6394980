//! Raw sections: the parts of a document the model does not cover, kept as text.

use jixiao_model::{RawSection, Span};

use crate::blocks::Row;

#[derive(Default)]
pub struct RawSections {
    done: Vec<RawSection>,
    current: Option<RawSection>,
}

impl RawSections {
    pub fn start(&mut self, heading: &str, line: usize) {
        self.close();
        self.current = Some(RawSection {
            heading: Some(heading.to_string()),
            text: String::new(),
            span: Span::line(line),
        });
    }

    pub fn push_text(&mut self, text: &str, line: usize) {
        self.append(text, Span::line(line));
    }

    pub fn push_row(&mut self, row: &Row) {
        if !row.is_empty() {
            self.append(
                row.to_text().trim_end_matches('\t'),
                Span {
                    first_line: row.first_line(),
                    last_line: row.last_line(),
                },
            );
        }
    }

    fn append(&mut self, text: &str, span: Span) {
        let section = self.current.get_or_insert_with(|| RawSection {
            heading: None,
            text: String::new(),
            span,
        });
        if !section.text.is_empty() {
            section.text.push('\n');
        }
        section.text.push_str(text);
        section.span = section.span.to(span);
    }

    pub fn close(&mut self) {
        if let Some(section) = self.current.take() {
            self.done.push(section);
        }
    }

    pub fn finish(mut self) -> Vec<RawSection> {
        self.close();
        self.done
    }
}
