//! Mining three small tables whose entries were worked out by hand before the miner ran.

use jixiao_library::{Entry, Kind, Library, Miner, Moves, Place, Row, Sector, mine};
use jixiao_model::{Basis, Comparator, Indicator, Level1Kind, Level2Kind, Measure};
use rust_decimal::Decimal;

fn row(level1: &str, level2: &str, name: &str, target: &str) -> Indicator {
    Indicator::new(level1, level2, name, target)
}

struct Table {
    place: Place,
    rows: Vec<(Indicator, Vec<&'static str>)>,
}

fn tables() -> Vec<Table> {
    let mut counted = row("产出指标", "数量指标", "资助学生人数", "≥1200人");
    counted.basis = Basis::from_text("县资助计划");
    vec![
        Table {
            place: Place::new(1, Some(11), "学生资助", None, "澄溪县教育局", Some(2034)),
            rows: vec![
                (counted, vec![]),
                (
                    row("产出指标", "数量指标", "资助学生人员数量", "≥800人"),
                    vec![],
                ),
                (
                    row("产出指标", "质量指标", "资助对象识别准确率", "≥98%"),
                    vec![],
                ),
                (
                    row("满意度指标", "服务对象满意度指标", "受助学生满意度", "≥90%"),
                    vec![],
                ),
            ],
        },
        Table {
            place: Place::new(
                2,
                Some(21),
                "两癌筛查",
                None,
                "澄溪县卫生健康局",
                Some(2034),
            ),
            rows: vec![
                (
                    row("产出指标", "数量指标", "2034年筛查人数（人）", "=3000人"),
                    vec![],
                ),
                (row("产出指标", "数量指标", "资助学生人数", "≥50%"), vec![]),
                (
                    row(
                        "满意度指标",
                        "服务对象满意度指标",
                        "受助学生的满意度",
                        "≥95%",
                    ),
                    vec![],
                ),
                (
                    row("效益指标", "社会效益指标", "受助学生满意度", "≥95%"),
                    vec![],
                ),
            ],
        },
        Table {
            place: Place::new(3, Some(31), "学生资助", None, "青岚县教育局", Some(2033)),
            rows: vec![
                (
                    row("产出指标", "数量指标", "资助学生人数", "≥1000人"),
                    vec!["unit-mismatch"],
                ),
                (
                    row("产出指标", "数量指标", "贫困学生人数", "≥100人"),
                    vec![],
                ),
                (
                    row("产出指标", "数量指标", "脱贫学生人数", "≥100人"),
                    vec![],
                ),
                (
                    row("产出指标", "数量指标", "资助学生总人数", "≥900人"),
                    vec![],
                ),
            ],
        },
    ]
}

fn mined() -> Library {
    let tables = tables();
    mine(tables.iter().flat_map(|t| {
        t.rows.iter().map(|(indicator, findings)| Row {
            indicator,
            place: &t.place,
            findings,
        })
    }))
}

fn find<'l>(library: &'l Library, name: &str, level2: Level2Kind, kind: Kind) -> &'l Entry {
    library
        .entries
        .iter()
        .find(|e| e.name == name && e.level2 == Some(level2) && e.kind == kind)
        .unwrap_or_else(|| panic!("no entry {name}"))
}

const COUNT: Kind = Kind::Measured {
    measure: Measure::Count,
    per: None,
};
const PERCENT: Kind = Kind::Measured {
    measure: Measure::Percent,
    per: None,
};

#[test]
fn variants_of_one_concept_are_one_entry_with_their_figures() {
    let library = mined();
    assert_eq!(library.rows, 12);
    assert_eq!(library.nameless, 0);
    assert_eq!(library.entries.len(), 8, "{:#?}", library.entries);
    let counted = find(&library, "资助学生人数", Level2Kind::Quantity, COUNT);
    assert_eq!(
        library.entries[0].id, counted.id,
        "the most used entry first"
    );
    assert_eq!(counted.level1, Some(Level1Kind::Output));
    let variants: Vec<(&str, u32)> = counted
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.rows))
        .collect();
    assert_eq!(
        variants,
        [
            ("资助学生人数", 2),
            ("资助学生人员数量", 1),
            ("资助学生总人数", 1)
        ]
    );
    assert_eq!(
        (
            counted.usage.rows,
            counted.usage.documents,
            counted.usage.projects
        ),
        (4, 2, 2)
    );
    assert_eq!((counted.usage.units, counted.usage.counties), (2, 2));
    assert_eq!(counted.usage.years, [2033, 2034]);
    assert_eq!(counted.sectors, [(Sector::Education, 4)]);
    assert_eq!(counted.units.len(), 1);
    let people = &counted.units[0];
    assert_eq!((people.unit.as_str(), people.rows), ("人", 4));
    assert_eq!(people.comparators, [(Some(Comparator::Ge), 4)]);
    let values = people.values.as_ref().expect("numbers");
    assert_eq!(
        (
            values.count,
            values.min,
            values.p10,
            values.median,
            values.p90,
            values.max
        ),
        (
            4,
            Decimal::from(800),
            Decimal::from(800),
            Decimal::from(950),
            Decimal::from(1200),
            Decimal::from(1200)
        )
    );
    assert_eq!(counted.bases, [("县资助计划".to_string(), 1)]);
    assert_eq!(counted.quality.rows_with_findings, 1);
    assert_eq!(counted.quality.rules, [("unit-mismatch".to_string(), 1)]);
    let examples: Vec<Option<i64>> = counted.examples.iter().map(|e| e.project).collect();
    assert_eq!(examples, [Some(11), Some(31)]);
    let summary = counted.summary();
    assert_eq!(summary.typical(), "≥800～1200人");
}

#[test]
fn categories_and_kinds_keep_entries_apart() {
    let library = mined();
    let satisfied = find(
        &library,
        "受助学生满意度",
        Level2Kind::Satisfaction,
        PERCENT,
    );
    assert_eq!(satisfied.usage.rows, 2);
    assert_eq!(
        satisfied.units[0].values.as_ref().map(|v| v.median),
        Some(Decimal::new(925, 1))
    );
    let mut sectors = satisfied.sectors.clone();
    sectors.sort();
    assert_eq!(sectors, [(Sector::Education, 1), (Sector::Health, 1)]);
    assert_eq!(
        find(&library, "受助学生满意度", Level2Kind::Social, PERCENT)
            .usage
            .rows,
        1
    );
    assert_eq!(
        find(&library, "资助学生人数", Level2Kind::Quantity, PERCENT)
            .usage
            .rows,
        1
    );
    for name in ["贫困学生人数", "脱贫学生人数"] {
        assert_eq!(
            find(&library, name, Level2Kind::Quantity, COUNT).usage.rows,
            1,
            "{name}"
        );
    }
    let screened = find(&library, "筛查人数", Level2Kind::Quantity, COUNT);
    assert_eq!(screened.variants[0].name, "2034年筛查人数（人）");
    let ids: std::collections::HashSet<&str> =
        library.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), library.entries.len(), "ids are distinct");
}

#[test]
fn mining_again_gives_the_same_library() {
    assert_eq!(mined(), mined());
}

fn mined_with(moves: Moves) -> Library {
    let tables = tables();
    let mut miner = Miner::with_moves(moves);
    for t in &tables {
        for (indicator, findings) in &t.rows {
            miner.add(Row {
                indicator,
                place: &t.place,
                findings,
            });
        }
    }
    miner.finish()
}

#[test]
fn the_bureau_joins_and_keeps_apart_what_the_words_do_not() {
    let plain = mined();
    let counted = find(&plain, "资助学生人数", Level2Kind::Quantity, COUNT).clone();

    let mut moves = Moves::default();
    moves.apart.insert("资助学生总人数".into());
    moves
        .joined
        .insert("贫困学生人数".into(), "资助学生人数".into());
    let curated = mined_with(moves);
    assert_eq!(
        curated.entries.len(),
        plain.entries.len(),
        "one out, one in"
    );
    let joined = find(&curated, "资助学生人数", Level2Kind::Quantity, COUNT);
    assert_eq!(joined.id, counted.id, "the entry keeps its id");
    let names: Vec<&str> = joined.variants.iter().map(|v| v.name.as_str()).collect();
    // Most used first; ties in code-point order.
    assert_eq!(names, ["资助学生人数", "贫困学生人数", "资助学生人员数量"]);
    assert_eq!(joined.usage.rows, 4);
    let apart = find(&curated, "资助学生总人数", Level2Kind::Quantity, COUNT);
    assert_eq!(apart.usage.rows, 1);
    assert_ne!(apart.id, counted.id);
    assert!(curated.entries.iter().all(|e| e.name != "贫困学生人数"));
}

#[test]
fn what_one_output_costs_is_gathered_across_tables() {
    let tables = [
        (1, "澄溪县教育局", "≥600人", "≤30万元"),
        (2, "青岚县人社局", "≥100人", "10万元"),
        (3, "青岚县农业农村局", "≥200人", "≤4万元"),
    ];
    let mut miner = Miner::default();
    for (document, unit, people, cost) in tables {
        let place = Place::new(document, Some(document), "技能培训", None, unit, Some(2034));
        let rows = [
            row("产出指标", "数量指标", "培训人数", people),
            row("成本指标", "经济成本指标", "培训费", cost),
        ];
        for indicator in &rows {
            miner.add(Row {
                indicator,
                place: &place,
                findings: &[],
            });
        }
        miner.price(&place, &rows);
    }
    let library = miner.finish();
    let trained = find(&library, "培训人数", Level2Kind::Quantity, COUNT);
    assert_eq!(trained.unit_costs.len(), 1);
    let costs = &trained.unit_costs[0];
    assert_eq!(
        (costs.per.as_str(), costs.documents, costs.counties),
        ("人", 3, 2)
    );
    assert_eq!(
        (costs.values.p10, costs.values.median, costs.values.p90),
        (Decimal::from(200), Decimal::from(500), Decimal::from(1000))
    );
    let range = trained.summary().unit_cost.expect("a cost range");
    assert_eq!(
        (range.p10, range.p90, range.documents),
        (Decimal::from(200), Decimal::from(1000), 3)
    );
    let fee = library
        .entries
        .iter()
        .find(|e| e.name == "培训费")
        .expect("the fee");
    assert!(fee.unit_costs.is_empty(), "a cost has no cost of its own");
}
