use super::*;

const SEEDS: [&str; 5] = [
    include_str!("../../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    include_str!("../../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    include_str!("../../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    include_str!("../../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    include_str!("../../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
];

fn seed_project(seed: usize, project: usize) -> Project {
    jixiao_ingest::parse_tika_text(SEEDS[seed])
        .document
        .projects
        .swap_remove(project)
}

fn field_errors(result: Result<Applied, Vec<FieldError>>) -> Vec<String> {
    match result {
        Ok(_) => panic!("expected field errors"),
        Err(errors) => errors.into_iter().map(|e| e.field).collect(),
    }
}

#[test]
fn an_untouched_form_gives_back_every_project_exactly() {
    for text in SEEDS {
        for project in jixiao_ingest::parse_tika_text(text).document.projects {
            let applied = ProjectEdit::from_project(&project, 0)
                .apply(&project)
                .unwrap_or_else(|e| panic!("{}: {e:?}", project.name));
            assert_eq!(applied.project, project);
            assert_eq!(applied.form_rows.len(), project.indicators.len());
            assert!(changes(&project, &applied.project).is_empty());
        }
    }
}

#[test]
fn form_fields_read_into_rows_in_order_and_deleted_rows_drop() {
    let pairs: Vec<(String, String)> = [
        ("code", "13000001"),
        ("total", "45"),
        ("r1.name", "第二行"),
        ("r0.source", "3"),
        ("r0.name", "第一行"),
        ("r0.comparator", "≥"),
        ("r0.value", "95"),
        ("r0.unit", "%"),
        ("r2.name", "删掉的行"),
        ("r2.delete", "on"),
        ("unknown", "ignored"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let edit = ProjectEdit::from_form(&pairs);
    assert_eq!(
        (edit.code.as_str(), edit.total.as_str()),
        ("13000001", "45")
    );
    let names: Vec<_> = edit.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["第一行", "第二行", "删掉的行"]);
    assert_eq!(
        edit.rows.iter().map(|r| r.delete).collect::<Vec<_>>(),
        [false, false, true]
    );
    let far = ProjectEdit::from_form(&[("r9999.name".to_string(), "x".to_string())]);
    assert!(
        far.rows.is_empty(),
        "row numbers beyond the limit are ignored"
    );
    assert_eq!(edit.rows[0].source, Some(3));
    assert_eq!(edit.rows[0].target_text(), "≥95%");
}

#[test]
fn a_changed_row_is_parsed_and_the_others_keep_their_text() {
    let project = seed_project(2, 1);
    let mut edit = ProjectEdit::from_project(&project, 0);
    edit.rows[1].comparator = "≥".into();
    edit.rows[1].value = "98".into();
    edit.rows[1].unit = "%".into();
    let applied = edit.apply(&project).expect("valid");
    let target = &applied.project.indicators[1].target;
    assert_eq!(target.raw, "≥98%");
    assert_eq!(target.number, Some(rust_decimal::Decimal::from(98)));
    assert_eq!(target.unit.as_deref(), Some("%"));
    assert_eq!(applied.project.indicators[0], project.indicators[0]);
    assert_eq!(
        applied.project.indicators[1].span,
        project.indicators[1].span
    );
    let said = changes(&project, &applied.project);
    assert_eq!(
        said,
        [format!(
            "第2行“{}”指标值：达标 → ≥98%",
            project.indicators[1].name
        )]
    );
}

#[test]
fn budgets_are_exact_in_the_unit_chosen() {
    let project = seed_project(4, 0);
    let mut edit = ProjectEdit::from_project(&project, 0);
    assert_eq!(
        (edit.budget_unit.as_str(), edit.total.as_str()),
        ("万元", "78.00")
    );
    edit.total = "78.35".into();
    edit.fiscal = "78.35".into();
    let budget = edit.apply(&project).expect("valid").project.budget;
    assert_eq!(
        budget.total_yuan,
        Some(rust_decimal::Decimal::from(783_500))
    );
    assert_eq!(budget.total_raw.as_deref(), Some("78.35"));
    edit.budget_unit = "元".into();
    let budget = edit.apply(&project).expect("valid").project.budget;
    assert_eq!(budget.total_yuan, Some("78.35".parse().expect("decimal")));
}

#[test]
fn every_wrong_field_is_named() {
    let project = seed_project(4, 0);
    let mut edit = ProjectEdit::from_project(&project, 0);
    edit.total = "七十八".into();
    edit.budget_unit = "美元".into();
    edit.rows[0].comparator = "≥".into();
    edit.rows[0].value = "大部分".into();
    edit.rows.push(RowEdit {
        level1: "效益指标".into(),
        level2: "数量指标".into(),
        value: "1".into(),
        ..RowEdit::default()
    });
    edit.rows.push(RowEdit {
        name: "没有类别".into(),
        value: "是".into(),
        unit: "个".into(),
        ..RowEdit::default()
    });
    let last = edit.rows.len() - 1;
    let fields = field_errors(edit.apply(&project));
    assert_eq!(
        fields,
        [
            "budget_unit".to_string(),
            "total".into(),
            "rows.0.value".into(),
            format!("rows.{}.level2", last - 1),
            format!("rows.{}.name", last - 1),
            format!("rows.{last}.level1"),
            format!("rows.{last}.level2"),
            format!("rows.{last}.unit"),
        ]
    );
}

#[test]
fn rows_are_added_and_removed() {
    let project = seed_project(4, 0);
    let mut edit = ProjectEdit::from_project(&project, 0);
    edit.rows[0].delete = true;
    let removed = edit.rows[0].clone();
    edit.rows.push(RowEdit::default());
    edit.rows.push(RowEdit {
        level1: "成本指标".into(),
        level2: "经济成本指标".into(),
        name: "项目总成本".into(),
        comparator: "≤".into(),
        value: "78".into(),
        unit: "万元".into(),
        basis: "项目预算".into(),
        ..RowEdit::default()
    });
    let applied = edit.apply(&project).expect("valid");
    assert_eq!(applied.project.indicators.len(), project.indicators.len());
    let added = applied.project.indicators.last().expect("row");
    assert_eq!(added.level1.kind, Some(Level1Kind::Cost));
    assert_eq!(added.target.comparator, Some(Comparator::Le));
    assert_eq!(*applied.form_rows.last().expect("row"), edit.rows.len() - 1);
    let said = changes(&project, &applied.project);
    assert!(
        said.iter()
            .any(|s| s.contains("新增") && s.contains("项目总成本")),
        "{said:?}"
    );
    assert!(
        said.contains(&format!("删除：{}", removed.name)),
        "{said:?}"
    );
}

#[test]
fn an_edited_table_exports_and_reads_back_in_its_order() {
    let mut document = jixiao_ingest::parse_tika_text(SEEDS[4]).document;
    let project = document.projects.swap_remove(2);
    let mut edit = ProjectEdit::from_project(&project, 0);
    edit.rows[0].delete = true;
    edit.rows[3].level1 = "效益指标".into();
    edit.rows[3].level2 = "社会效益指标".into();
    edit.rows.push(RowEdit {
        level1: "满意度指标".into(),
        level2: "服务对象满意度指标".into(),
        name: "群众满意度".into(),
        comparator: "≥".into(),
        value: "95".into(),
        unit: "%".into(),
        ..RowEdit::default()
    });
    let edited = edit.apply(&project).expect("valid").project;
    document.projects = vec![edited.clone()];
    document.department_indicators.clear();
    document.raw_sections.clear();
    let bytes = jixiao_publish::to_docx(&document).expect("docx");
    let back = jixiao_ingest::parse_bytes(&bytes)
        .expect("read back")
        .document
        .projects
        .swap_remove(0);
    let shape = |p: &Project| -> Vec<(String, String, String, String)> {
        p.indicators
            .iter()
            .map(|i| {
                (
                    i.level1.raw.clone(),
                    i.level2.raw.clone(),
                    i.name.clone(),
                    i.target.raw.clone(),
                )
            })
            .collect()
    };
    assert_eq!(shape(&back), shape(&edited));
    assert_eq!(
        back.indicators.last().map(|i| i.name.as_str()),
        Some("群众满意度")
    );
}

mod fuzz {
    use proptest::prelude::*;

    use super::*;

    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("code".to_string()),
            Just("budget_unit".to_string()),
            Just("total".to_string()),
            Just("fiscal".to_string()),
            Just("goals".to_string()),
            (0usize..12, "[a-z0-9.]{0,12}").prop_map(|(n, f)| format!("r{n}.{f}")),
            prop_oneof![
                Just("level1"),
                Just("level2"),
                Just("name"),
                Just("comparator"),
                Just("value"),
                Just("unit"),
                Just("source"),
                Just("delete"),
            ]
            .prop_flat_map(|f| (0usize..600, Just(f)))
            .prop_map(|(n, f)| format!("r{n}.{f}")),
            ".{0,12}",
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("产出指标".to_string()),
            Just("数量指标".to_string()),
            Just("≥".to_string()),
            Just("万元".to_string()),
            "[0-9.,%-]{0,8}",
            ".{0,16}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Whatever a form posts, reading and applying it never panics; an accepted edit
        /// knows the form row of each indicator, a refused one says why.
        #[test]
        fn any_form_is_read_and_checked_without_panicking(
            pairs in prop::collection::vec((field(), value()), 0..40)
        ) {
            let project = seed_project(4, 0);
            let edit = ProjectEdit::from_form(&pairs);
            prop_assert!(edit.rows.len() <= MAX_ROWS);
            match edit.apply(&project) {
                Ok(applied) => {
                    prop_assert_eq!(applied.project.indicators.len(), applied.form_rows.len());
                    let _ = changes(&project, &applied.project);
                }
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }
    }
}

#[test]
fn full_width_digits_are_read_and_negative_numbers_are_named() {
    let project = seed_project(4, 0);
    let before = ProjectEdit::from_project(&project, 0);
    let mut pairs = vec![("total".to_string(), "７８．３５".to_string())];
    pairs.push(("r0.value".into(), "－５".into()));
    let typed = ProjectEdit::from_form(&pairs);
    assert_eq!(typed.total, "78.35");
    assert_eq!(typed.rows[0].value, "-5");
    let mut edit = before.clone();
    edit.total = typed.total.clone();
    edit.fiscal = typed.total;
    assert_eq!(
        edit.apply(&project)
            .expect("valid")
            .project
            .budget
            .total_raw
            .as_deref(),
        Some("78.35")
    );
    edit.total = "-5".into();
    edit.rows[0].value = "-5".into();
    let messages: Vec<String> = edit
        .apply(&project)
        .expect_err("negative numbers")
        .into_iter()
        .map(|e| e.message)
        .collect();
    assert!(
        messages.contains(&"金额不能为负数（填的是“-5”）".to_string())
            && messages
                .iter()
                .any(|m| m.starts_with("指标值不能为负数（填的是“-5”）")),
        "{messages:?}"
    );
}
