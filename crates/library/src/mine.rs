//! Mining: rows are gathered by category, kind and normalised name, and those groups joined
//! into concepts.

use std::collections::{BTreeSet, HashMap, HashSet};

use jixiao_model::{Comparator, Indicator, Level1Kind, Level2Kind};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::entry::{Entry, Example, Kind, Quality, UnitCosts, UnitUsage, Usage, Variant};
use crate::{Distribution, Place, Sector, name, unit_cost};

/// Examples an entry keeps.
const EXAMPLES: usize = 20;
/// Bases an entry keeps.
const BASES: usize = 5;

/// One published indicator row, where it stands and the rules its review findings name.
pub struct Row<'a> {
    pub indicator: &'a Indicator,
    pub place: &'a Place,
    pub findings: &'a [&'a str],
}

/// The library of `rows`.
pub fn mine<'a>(rows: impl IntoIterator<Item = Row<'a>>) -> Library {
    let mut miner = Miner::default();
    for row in rows {
        miner.add(row);
    }
    miner.finish()
}

/// The entries, most used first, and the rows that named no concept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Library {
    pub entries: Vec<Entry>,
    pub rows: u32,
    /// Rows whose name is empty once normalised (`—`, `……`).
    pub nameless: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Category {
    level1: Option<Level1Kind>,
    level2: Option<Level2Kind>,
    kind: Kind,
}

/// What the bureau decided about written names (normalised, see [`name::normalise`]): rows of a
/// name joined to another name's entry, or a name kept apart from the entry its words would put
/// it in. Decisions hold within each category and survive every mining.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moves {
    pub joined: HashMap<String, String>,
    pub apart: HashSet<String>,
}

/// Rows gathered one at a time; [`Miner::finish`] joins them into entries.
#[derive(Default)]
pub struct Miner {
    groups: HashMap<(Category, String), Gathered>,
    normalised: HashMap<String, String>,
    strings: Strings,
    rows: u32,
    nameless: u32,
    moves: Moves,
}

/// Strings kept once and counted by number.
#[derive(Default)]
struct Strings {
    index: HashMap<String, u32>,
    all: Vec<String>,
}

impl Strings {
    fn of(&mut self, text: &str) -> u32 {
        if let Some(&at) = self.index.get(text) {
            return at;
        }
        let at = self.all.len() as u32;
        self.all.push(text.to_string());
        self.index.insert(text.to_string(), at);
        at
    }

    fn text(&self, at: u32) -> &str {
        &self.all[at as usize]
    }
}

#[derive(Default)]
struct Gathered {
    rows: u32,
    variants: HashMap<u32, u32>,
    documents: HashSet<i64>,
    projects: HashSet<(i64, Option<i64>, u32)>,
    units: HashSet<u32>,
    counties: HashSet<u32>,
    years: BTreeSet<u16>,
    sectors: HashMap<Sector, u32>,
    by_unit: HashMap<u32, ByUnit>,
    bases: HashMap<u32, u32>,
    rows_with_findings: u32,
    rules: HashMap<u32, u32>,
    examples: Vec<Example>,
    /// 元 per one, by the quantity's unit, with the documents and counties they came from.
    unit_costs: HashMap<u32, PricedBy>,
}

#[derive(Default)]
struct PricedBy {
    values: Vec<Decimal>,
    documents: HashSet<i64>,
    counties: HashSet<u32>,
}

#[derive(Default)]
struct ByUnit {
    rows: u32,
    comparators: HashMap<Option<Comparator>, u32>,
    values: Vec<Decimal>,
}

impl Miner {
    /// A miner that follows the bureau's `moves`.
    pub fn with_moves(moves: Moves) -> Miner {
        Miner {
            moves,
            ..Miner::default()
        }
    }

    /// The group a row belongs to: its category and normalised name (empty for none).
    fn key_of(&mut self, indicator: &Indicator) -> (Category, String) {
        let written = indicator.name.trim();
        let normalised = match self.normalised.get(written) {
            Some(found) => found.clone(),
            None => {
                let found = name::normalise(written);
                self.normalised.insert(written.to_string(), found.clone());
                found
            }
        };
        let category = Category {
            level1: indicator.level1.kind,
            level2: indicator.level2.kind,
            kind: Kind::of(&indicator.target),
        };
        (category, normalised)
    }

    /// Adds what one unit of each quantity costs where the project's rows (already added) state
    /// a cost beside it.
    pub fn price(&mut self, place: &Place, indicators: &[Indicator]) {
        for priced in unit_cost::priced(indicators) {
            let key = self.key_of(&indicators[priced.quantity]);
            let per = self.strings.of(&priced.per);
            let county = place.county.as_deref().map(|c| self.strings.of(c));
            if let Some(group) = self.groups.get_mut(&key) {
                let by = group.unit_costs.entry(per).or_default();
                by.values.push(priced.yuan_each);
                by.documents.insert(place.document);
                by.counties.extend(county);
            }
        }
    }

    pub fn add(&mut self, row: Row<'_>) {
        self.rows += 1;
        let indicator = row.indicator;
        let written = indicator.name.trim();
        let (category, normalised) = self.key_of(indicator);
        if normalised.is_empty() {
            self.nameless += 1;
            return;
        }
        let strings = &mut self.strings;
        let place = row.place;
        let group = self.groups.entry((category, normalised)).or_default();
        group.rows += 1;
        *group.variants.entry(strings.of(written)).or_default() += 1;
        group.documents.insert(place.document);
        group.projects.insert((
            place.document,
            place.project,
            strings.of(&place.project_name),
        ));
        group.units.insert(strings.of(&place.unit));
        if let Some(county) = &place.county {
            group.counties.insert(strings.of(county));
        }
        group.years.extend(place.year);
        *group.sectors.entry(place.sector).or_default() += 1;
        let target = &indicator.target;
        let unit = strings.of(target.unit.as_deref().unwrap_or("").trim());
        let by_unit = group.by_unit.entry(unit).or_default();
        by_unit.rows += 1;
        *by_unit.comparators.entry(target.comparator).or_default() += 1;
        by_unit.values.extend(target.number);
        if let Some(basis) = &indicator.basis {
            *group
                .bases
                .entry(strings.of(basis.text.trim()))
                .or_default() += 1;
        }
        if !row.findings.is_empty() {
            group.rows_with_findings += 1;
            for rule in row.findings {
                *group.rules.entry(strings.of(rule)).or_default() += 1;
            }
        }
        let seen = group
            .examples
            .iter()
            .any(|e| e.document == place.document && e.project == place.project);
        if group.examples.len() < EXAMPLES && !seen {
            group.examples.push(Example {
                document: place.document,
                project: place.project,
                project_name: place.project_name.clone(),
                unit: place.unit.clone(),
                year: place.year,
                name: written.to_string(),
                target: target.raw.trim().to_string(),
            });
        }
    }

    pub fn finish(self) -> Library {
        let Miner {
            groups,
            strings,
            rows,
            nameless,
            moves,
            ..
        } = self;
        let mut by_category: HashMap<Category, Vec<(String, Gathered)>> = HashMap::new();
        for ((category, normalised), gathered) in groups {
            by_category
                .entry(category)
                .or_default()
                .push((normalised, gathered));
        }
        let mut entries = Vec::new();
        for (category, mut groups) in by_category {
            groups.sort_by(|a, b| b.1.rows.cmp(&a.1.rows).then_with(|| a.0.cmp(&b.0)));
            for (key, cluster) in clusters(&groups, &moves) {
                let mut joined = Gathered::default();
                for &at in &cluster {
                    joined.absorb(&groups[at].1);
                }
                entries.push(joined.entry(category, &groups[cluster[0]].0, &key, &strings));
            }
        }
        entries.sort_by(|a, b| {
            b.usage
                .rows
                .cmp(&a.usage.rows)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
        Library {
            entries,
            rows,
            nameless,
        }
    }
}

/// Groups of one category that are one concept: the same words, or one insignificant character
/// apart, or joined by the bureau; a name the bureau kept apart is a concept of its own. Each
/// cluster comes with the key its entry's id is made from, and lists positions in `groups`,
/// most used first.
fn clusters(groups: &[(String, Gathered)], moves: &Moves) -> Vec<(String, Vec<usize>)> {
    let concepts: Vec<String> = groups
        .iter()
        .map(|(n, _)| {
            if moves.apart.contains(n) {
                format!("分开:{n}")
            } else {
                name::concept(n)
            }
        })
        .collect();
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut parent: Vec<usize> = (0..groups.len()).collect();
    fn root(parent: &mut [usize], mut at: usize) -> usize {
        while parent[at] != at {
            parent[at] = parent[parent[at]];
            at = parent[at];
        }
        at
    }
    for (at, concept) in concepts.iter().enumerate() {
        if let Some(&other) = first.get(concept.as_str()) {
            let (a, b) = (root(&mut parent, at), root(&mut parent, other));
            parent[a.max(b)] = a.min(b);
        } else {
            first.insert(concept, at);
        }
    }
    for (at, concept) in concepts.iter().enumerate() {
        for shorter in name::shorter_by_one_insignificant(concept) {
            if let Some(&other) = first.get(shorter.as_str()) {
                let (a, b) = (root(&mut parent, at), root(&mut parent, other));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let position: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .map(|(at, (n, _))| (n.as_str(), at))
        .collect();
    for (from, to) in &moves.joined {
        if let (Some(&a), Some(&b)) = (position.get(from.as_str()), position.get(to.as_str())) {
            let (a, b) = (root(&mut parent, a), root(&mut parent, b));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut clusters: HashMap<usize, Vec<usize>> = HashMap::new();
    for at in 0..groups.len() {
        let top = root(&mut parent, at);
        clusters.entry(top).or_default().push(at);
    }
    let mut clusters: Vec<(String, Vec<usize>)> = clusters
        .into_values()
        .map(|c| (concepts[c[0]].clone(), c))
        .collect();
    clusters.sort_by_key(|(_, c)| c[0]);
    clusters
}

fn most_first<K: Ord + Clone>(counts: impl IntoIterator<Item = (K, u32)>) -> Vec<(K, u32)> {
    let mut counts: Vec<(K, u32)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

fn comparator_order(c: Option<Comparator>) -> u8 {
    c.map_or(0, |c| match c {
        Comparator::Ge => 1,
        Comparator::Gt => 2,
        Comparator::Eq => 3,
        Comparator::Le => 4,
        Comparator::Lt => 5,
    })
}

impl Gathered {
    fn absorb(&mut self, other: &Gathered) {
        self.rows += other.rows;
        for (k, n) in &other.variants {
            *self.variants.entry(*k).or_default() += n;
        }
        self.documents.extend(&other.documents);
        self.projects.extend(&other.projects);
        self.units.extend(&other.units);
        self.counties.extend(&other.counties);
        self.years.extend(&other.years);
        for (k, n) in &other.sectors {
            *self.sectors.entry(*k).or_default() += n;
        }
        for (unit, theirs) in &other.by_unit {
            let ours = self.by_unit.entry(*unit).or_default();
            ours.rows += theirs.rows;
            for (c, n) in &theirs.comparators {
                *ours.comparators.entry(*c).or_default() += n;
            }
            ours.values.extend(&theirs.values);
        }
        for (k, n) in &other.bases {
            *self.bases.entry(*k).or_default() += n;
        }
        self.rows_with_findings += other.rows_with_findings;
        for (k, n) in &other.rules {
            *self.rules.entry(*k).or_default() += n;
        }
        for (per, theirs) in &other.unit_costs {
            let ours = self.unit_costs.entry(*per).or_default();
            ours.values.extend(&theirs.values);
            ours.documents.extend(&theirs.documents);
            ours.counties.extend(&theirs.counties);
        }
        for example in &other.examples {
            let seen = self
                .examples
                .iter()
                .any(|e| e.document == example.document && e.project == example.project);
            if self.examples.len() < EXAMPLES && !seen {
                self.examples.push(example.clone());
            }
        }
    }

    /// The entry of a cluster whose most used normalised name is `normalised`, its id made from
    /// the category and `concept`.
    fn entry(
        self,
        category: Category,
        normalised: &str,
        concept: &str,
        strings: &Strings,
    ) -> Entry {
        let variants: Vec<Variant> = most_first(
            self.variants
                .iter()
                .map(|(k, n)| (strings.text(*k).to_string(), *n)),
        )
        .into_iter()
        .map(|(name, rows)| Variant { name, rows })
        .collect();
        let mut units: Vec<UnitUsage> = self
            .by_unit
            .into_iter()
            .map(|(unit, by)| {
                let mut comparators: Vec<(Option<Comparator>, u32)> =
                    by.comparators.into_iter().collect();
                comparators.sort_by(|a, b| {
                    b.1.cmp(&a.1)
                        .then_with(|| comparator_order(a.0).cmp(&comparator_order(b.0)))
                });
                UnitUsage {
                    unit: strings.text(unit).to_string(),
                    rows: by.rows,
                    comparators,
                    values: Distribution::of(by.values),
                }
            })
            .collect();
        units.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.unit.cmp(&b.unit)));
        let mut bases = most_first(
            self.bases
                .iter()
                .map(|(k, n)| (strings.text(*k).to_string(), *n)),
        );
        bases.truncate(BASES);
        let id = {
            let key = format!(
                "{:?}|{:?}|{:?}|{concept}",
                category.level1, category.level2, category.kind
            );
            let digest = Sha256::digest(key.as_bytes());
            digest[..6].iter().map(|b| format!("{b:02x}")).collect()
        };
        Entry {
            id,
            name: variants
                .iter()
                .find(|v| name::is_normal(&v.name))
                .map_or_else(|| normalised.to_string(), |v| v.name.clone()),
            level1: category.level1,
            level2: category.level2,
            kind: category.kind,
            variants,
            sectors: most_first(self.sectors),
            usage: Usage {
                rows: self.rows,
                documents: self.documents.len() as u32,
                projects: self.projects.len() as u32,
                units: self.units.len() as u32,
                counties: self.counties.len() as u32,
                years: self.years.into_iter().collect(),
            },
            units,
            bases,
            quality: Quality {
                rows_with_findings: self.rows_with_findings,
                rules: most_first(
                    self.rules
                        .iter()
                        .map(|(k, n)| (strings.text(*k).to_string(), *n)),
                ),
            },
            examples: self.examples,
            unit_costs: {
                let mut costs: Vec<UnitCosts> = self
                    .unit_costs
                    .into_iter()
                    .filter_map(|(per, by)| {
                        Some(UnitCosts {
                            per: strings.text(per).to_string(),
                            documents: by.documents.len() as u32,
                            counties: by.counties.len() as u32,
                            values: Distribution::of(by.values)?,
                        })
                    })
                    .collect();
                costs.sort_by(|a, b| b.values.count.cmp(&a.values.count).then(a.per.cmp(&b.per)));
                costs
            },
        }
    }
}
