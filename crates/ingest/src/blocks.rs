//! The intermediate document every reader produces: paragraphs and table rows in order.

/// One table cell as text, with the source line its text starts on.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub line: usize,
    /// The last source line of the cell's text.
    pub last_line: usize,
    /// What the vocabulary makes of the text, once asked (a cell is asked many times).
    label: std::cell::OnceCell<Option<crate::recognise::vocabulary::Label>>,
}

impl PartialEq for Cell {
    fn eq(&self, other: &Cell) -> bool {
        (&self.text, self.line, self.last_line) == (&other.text, other.line, other.last_line)
    }
}

impl Eq for Cell {}

impl Cell {
    pub fn new(text: String, line: usize, last_line: usize) -> Cell {
        Cell {
            text,
            line,
            last_line,
            label: std::cell::OnceCell::new(),
        }
    }

    /// The cell's label in the vocabulary, if it is one.
    pub(crate) fn label(&self) -> Option<crate::recognise::vocabulary::Label> {
        *self
            .label
            .get_or_init(|| crate::recognise::vocabulary::label(&self.text))
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The text without any whitespace, for matching labels such as `其中：财政    资金`.
    pub fn compact(&self) -> std::borrow::Cow<'_, str> {
        if self.text.contains(char::is_whitespace) {
            std::borrow::Cow::Owned(self.text.chars().filter(|c| !c.is_whitespace()).collect())
        } else {
            std::borrow::Cow::Borrowed(&self.text)
        }
    }
}

/// One table row. Merged cells may be kept as empty cells or dropped by the reader,
/// so rows of one table can carry different numbers of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn first_line(&self) -> usize {
        self.cells.first().map_or(0, |c| c.line)
    }

    pub fn last_line(&self) -> usize {
        self.cells.iter().map(|c| c.last_line).max().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }

    /// The row as one line of text, cells separated by tabs.
    pub fn to_text(&self) -> String {
        self.cells
            .iter()
            .map(|c| c.text.trim())
            .collect::<Vec<_>>()
            .join("\t")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph {
        text: String,
        line: usize,
    },
    Table {
        rows: Vec<Row>,
    },
    /// A new worksheet begins: what came before is closed, and its name can name a lone indicator table.
    Sheet {
        name: String,
        line: usize,
    },
}
