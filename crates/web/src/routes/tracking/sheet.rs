//! The fill-in template of a project's 监控表 or 自评表, and the filled one uploaded back: its rows
//! fill the form, which is checked like a typed one.

use super::*;

/// `template.xlsx`: the project's 监控表 or 自评表 to fill in Excel, drop-down lists included, as
/// `jixiao monitor template` writes it.
pub async fn template<K: Kind>(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let kind = K::KIND;
    let (loaded, _) = load_full(&state, &headers, &id).await?;
    let project = loaded.project();
    let bytes = match kind {
        EvaluationKind::Monitor => jixiao_publish::template_xlsx(
            "监控表",
            &MONITOR_COLUMNS,
            &template_rows(project, MONITOR_COLUMNS.len() - 5),
            &jixiao_publish::MONITOR_CHOICES,
        )?,
        EvaluationKind::SelfEvaluation => jixiao_publish::template_xlsx(
            "自评表",
            &SELF_EVALUATION_COLUMNS,
            &template_rows(project, SELF_EVALUATION_COLUMNS.len() - 5),
            &jixiao_publish::SELF_EVALUATION_CHOICES,
        )?,
    };
    let name = format!("{}{}（填报）", project.name, title_of(kind));
    Ok(crate::routes::projects::download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
        "xlsx",
    ))
}

/// The largest filled sheet taken.
pub const SHEET_LIMIT: usize = 5 * 1024 * 1024;

/// `POST …/sheet?csrf=…`: a filled template (Excel or CSV) with the form's figures; its rows fill
/// the form, which is checked and shown for the unit to submit. The sheet's 三级指标 must be the
/// project's, row by row.
pub async fn sheet<K: Kind>(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(token): Query<TokenQuery>,
    request: Request,
) -> Result<Response, PageError> {
    let kind = K::KIND;
    let session = crate::auth::require(&state, &headers, Some(token.csrf.as_str())).await?;
    let (loaded, _) = load_full(&state, &headers, &id).await?;
    if let Some(why) = may_fill(&loaded, &session) {
        return Err(PageError::Forbidden(why));
    }
    let mut multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|e| PageError::BadRequest(format!("上传内容无法读取：{}", e.body_text())))?;
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        PageError::BadRequest(format!(
            "上传内容无法读取（填好的表不能超过 {} MB）：{e}",
            SHEET_LIMIT / 1024 / 1024
        ))
    };
    let mut pairs = vec![("csrf".to_string(), token.csrf.clone())];
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("填好的表").to_string();
            file = Some((file_name, field.bytes().await.map_err(unreadable)?));
        } else if ["cutoff", "spent", "forecast", "executed", "adjusted"].contains(&name.as_str()) {
            pairs.push((name, field.text().await.map_err(unreadable)?));
        }
    }
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Err(PageError::BadRequest(
            "请选择填好的表（.xlsx 或 CSV）".into(),
        ));
    };
    let table = jixiao_ingest::sheet_rows(&bytes)
        .map_err(|why| PageError::BadRequest(format!("{file_name}：{why}")))?;
    let Some((header, rows)) = table.split_first() else {
        return Err(PageError::BadRequest(format!("{file_name} 是空表")));
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    if !header.iter().any(|h| h == "序号") {
        return Err(PageError::BadRequest(format!(
            "{file_name} 没有“序号”列：请用本页下载的填报模板"
        )));
    }
    for row in rows
        .iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
    {
        let cell = |column: &str| {
            header
                .iter()
                .position(|h| h == column)
                .and_then(|at| row.get(at))
                .map(|c| c.trim().to_string())
                .unwrap_or_default()
        };
        let number = crate::edit::half_width(&cell("序号"));
        let index = number
            .trim()
            .parse::<usize>()
            .map_or(usize::MAX, |n| n.wrapping_sub(1));
        for column in header
            .iter()
            .filter(|c| !["序号", "一级指标", "二级指标", "指标值"].contains(&c.as_str()))
        {
            let value = cell(column);
            if value.is_empty() {
                continue;
            }
            if column == "偏差原因" && kind == EvaluationKind::Monitor {
                for cause in value
                    .split(['、', ',', '，', ';', '；'])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                {
                    pairs.push((format!("r{index}.{column}"), cause.to_string()));
                }
            } else {
                pairs.push((format!("r{index}.{column}"), value));
            }
        }
        if index >= loaded.project().indicators.len() {
            return Err(PageError::BadRequest(format!(
                "{file_name}：“序号”应为 1 到 {} 的指标序号，不是“{number}”",
                loaded.project().indicators.len()
            )));
        }
    }
    pairs.push(("action".into(), "check".into()));
    handle(&state, &session, &loaded, kind, &pairs).await
}
