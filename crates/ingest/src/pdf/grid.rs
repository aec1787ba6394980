//! Tables from ruling lines: the borders that meet make a grid, and a missing border inside it
//! is a merged cell, as in the Word table the PDF was printed from.

use super::rules::{Rules, Segment};

/// How far apart (points) two lines may be and still meet or be one.
const TOLERANCE: f32 = 2.5;
/// Most grid cells of one table (a page holds far fewer).
const MAX_CELLS: usize = 100_000;

/// A cell: its rows and columns in the grid, first and last inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub top: usize,
    pub bottom: usize,
    pub left: usize,
    pub right: usize,
    /// Bordered on all four sides (a grid cell outside a ragged table's outline is not).
    pub enclosed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column borders (x) and row borders (y), ascending.
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
    pub regions: Vec<Region>,
    /// For each grid cell (row-major), its region.
    cell_region: Vec<usize>,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.ys.len() - 1
    }

    pub fn columns(&self) -> usize {
        self.xs.len() - 1
    }

    pub fn top(&self) -> f32 {
        self.ys[0]
    }

    /// The region a point falls in, if it is inside the table.
    pub fn region_at(&self, x: f32, y: f32) -> Option<usize> {
        let column = band(&self.xs, x)?;
        let row = band(&self.ys, y)?;
        Some(self.region_of(row, column))
    }

    pub fn region_of(&self, row: usize, column: usize) -> usize {
        self.cell_region[row * self.columns() + column]
    }
}

fn band(borders: &[f32], at: f32) -> Option<usize> {
    if at < borders[0] || at >= borders[borders.len() - 1] {
        return None;
    }
    Some(borders.partition_point(|&b| b <= at) - 1)
}

fn meets(h: &Segment, v: &Segment) -> bool {
    v.at >= h.from - TOLERANCE
        && v.at <= h.to + TOLERANCE
        && h.at >= v.from - TOLERANCE
        && h.at <= v.to + TOLERANCE
}

/// The tables of a page, top to bottom.
pub fn tables(rules: &Rules) -> Vec<Table> {
    // A vertical line is a border only where horizontal ones end it at both ends; a horizontal
    // one only where two borders cross it. Glyph strokes and underlines fall away.
    let ends = |v: &Segment, hs: &[&Segment], at: f32| {
        hs.iter()
            .any(|h| (h.at - at).abs() <= TOLERANCE && meets(h, v))
    };
    let all_h: Vec<&Segment> = rules.horizontal.iter().collect();
    let mut vs: Vec<&Segment> = rules
        .vertical
        .iter()
        .filter(|v| ends(v, &all_h, v.from) && ends(v, &all_h, v.to))
        .collect();
    let hs: Vec<&Segment> = all_h
        .into_iter()
        .filter(|h| vs.iter().filter(|v| meets(h, v)).count() >= 2)
        .collect();
    vs.retain(|v| ends(v, &hs, v.from) && ends(v, &hs, v.to));

    let mut parent: Vec<usize> = (0..hs.len() + vs.len()).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if meets(h, v) {
                union(&mut parent, i, hs.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<&Segment>, Vec<&Segment>)> =
        Default::default();
    for (i, h) in hs.iter().enumerate() {
        groups.entry(find(&mut parent, i)).or_default().0.push(h);
    }
    for (j, v) in vs.iter().enumerate() {
        let root = find(&mut parent, hs.len() + j);
        groups.entry(root).or_default().1.push(v);
    }
    let mut tables: Vec<Table> = groups
        .into_values()
        .filter_map(|(hs, vs)| table(&hs, &vs))
        .collect();
    tables.sort_by(|a, b| a.top().total_cmp(&b.top()));
    tables
}

fn table(hs: &[&Segment], vs: &[&Segment]) -> Option<Table> {
    let xs = clustered(vs.iter().map(|v| v.at));
    let ys = clustered(hs.iter().map(|h| h.at));
    if xs.len() < 2 || ys.len() < 2 || (xs.len() - 1) * (ys.len() - 1) > MAX_CELLS {
        return None;
    }
    let (rows, columns) = (ys.len() - 1, xs.len() - 1);
    let vertical_at = |column: usize, row: usize| {
        let middle = (ys[row] + ys[row + 1]) / 2.0;
        vs.iter()
            .any(|v| (v.at - xs[column]).abs() <= TOLERANCE && v.from <= middle && v.to >= middle)
    };
    let horizontal_at = |row: usize, column: usize| {
        let middle = (xs[column] + xs[column + 1]) / 2.0;
        hs.iter()
            .any(|h| (h.at - ys[row]).abs() <= TOLERANCE && h.from <= middle && h.to >= middle)
    };
    let mut parent: Vec<usize> = (0..rows * columns).collect();
    for row in 0..rows {
        for column in 0..columns {
            let here = row * columns + column;
            if column + 1 < columns && !vertical_at(column + 1, row) {
                union(&mut parent, here, here + 1);
            }
            if row + 1 < rows && !horizontal_at(row + 1, column) {
                union(&mut parent, here, here + columns);
            }
        }
    }
    let mut regions: Vec<Region> = Vec::new();
    let mut region_of_root = std::collections::HashMap::new();
    let mut cell_region = vec![0; rows * columns];
    for row in 0..rows {
        for column in 0..columns {
            let root = find(&mut parent, row * columns + column);
            let index = *region_of_root.entry(root).or_insert_with(|| {
                regions.push(Region {
                    top: row,
                    bottom: row,
                    left: column,
                    right: column,
                    enclosed: false,
                });
                regions.len() - 1
            });
            let region = &mut regions[index];
            region.bottom = region.bottom.max(row);
            region.left = region.left.min(column);
            region.right = region.right.max(column);
            cell_region[row * columns + column] = index;
        }
    }
    for region in &mut regions {
        let columns_of = region.left..=region.right;
        let rows_of = region.top..=region.bottom;
        region.enclosed = columns_of.clone().any(|c| horizontal_at(region.top, c))
            && columns_of
                .clone()
                .any(|c| horizontal_at(region.bottom + 1, c))
            && rows_of.clone().any(|r| vertical_at(region.left, r))
            && rows_of.clone().any(|r| vertical_at(region.right + 1, r));
    }
    Some(Table {
        xs,
        ys,
        regions,
        cell_region,
    })
}

/// Positions within the tolerance of each other as one (their mean), ascending.
fn clustered(positions: impl Iterator<Item = f32>) -> Vec<f32> {
    let mut sorted: Vec<f32> = positions.collect();
    sorted.sort_by(f32::total_cmp);
    let mut clusters: Vec<(f32, f32, usize)> = Vec::new();
    for at in sorted {
        match clusters.last_mut() {
            Some((last, sum, count)) if at - *last <= TOLERANCE => {
                *last = at;
                *sum += at;
                *count += 1;
            }
            _ => clusters.push((at, at, 1)),
        }
    }
    clusters
        .into_iter()
        .map(|(_, sum, count)| sum / count as f32)
        .collect()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    if a != b {
        parent[a.max(b)] = a.min(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(at: f32, from: f32, to: f32) -> Segment {
        Segment { at, from, to }
    }

    /// Two columns, three rows; the left cell of rows 2–3 is merged (no border between them).
    fn merged_down() -> Rules {
        Rules {
            horizontal: vec![
                h(10.0, 10.0, 110.0),
                h(30.0, 10.0, 110.0),
                h(50.0, 60.0, 110.0),
                h(70.0, 10.0, 110.0),
                // An underline under some text, touching no border.
                h(20.0, 70.0, 90.0),
            ],
            vertical: vec![
                h(10.0, 10.0, 70.0),
                h(60.0, 10.0, 70.0),
                h(110.0, 10.0, 70.0),
                // A glyph's stroke.
                h(30.0, 35.0, 45.0),
            ],
        }
    }

    #[test]
    fn a_missing_border_is_a_merged_cell() {
        let tables = tables(&merged_down());
        assert_eq!(tables.len(), 1);
        let table = &tables[0];
        assert_eq!(table.xs, [10.0, 60.0, 110.0]);
        assert_eq!(table.ys, [10.0, 30.0, 50.0, 70.0]);
        assert_eq!(table.region_of(1, 0), table.region_of(2, 0));
        assert_ne!(table.region_of(1, 1), table.region_of(2, 1));
        assert_eq!(table.regions.len(), 5);
        assert!(table.regions.iter().all(|r| r.enclosed));
        assert_eq!(table.region_at(20.0, 60.0), Some(table.region_of(1, 0)));
        assert_eq!(table.region_at(200.0, 60.0), None);
    }

    #[test]
    fn lines_that_make_no_grid_are_no_table() {
        let rules = Rules {
            horizontal: vec![h(10.0, 0.0, 100.0), h(40.0, 0.0, 100.0)],
            vertical: vec![h(50.0, 12.0, 38.0)],
        };
        assert!(tables(&rules).is_empty());
    }
}
