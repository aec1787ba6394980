//! 整改: the items a confirmed monitoring round's red lights and a self-evaluation's low scores
//! raise. The unit answers with what it did and its evidence files (at most five, each at most
//! 10 MB, PDF, image, Word or Excel by their content, kept with their SHA-256); the reviewer
//! closes the item (销号) or reopens it with a note. `/rectifications` lists a unit's items, or
//! every unit's for reviewers.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Form, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jixiao_evaluate::{Light, MonitorReport, SelfEvalReport};
use jixiao_store::{NewEvidence, Raise, Rectification, RectificationState};
use rust_decimal::Decimal;

use super::field;
use super::upload::TokenQuery;
use crate::auth::{self, Session};
use crate::{AppState, PageError};

/// The most evidence files one answer carries, and the largest of them.
pub const FILES_AT_ONCE: usize = 5;
pub const FILE_LIMIT: usize = 10 * 1024 * 1024;
/// The body of an answer: its files and the text around them.
pub const ANSWER_LIMIT: usize = FILES_AT_ONCE * FILE_LIMIT + 64 * 1024;

/// A score below this share of its points raises an item.
const LOW_SHARE: Decimal = Decimal::from_parts(6, 0, 0, false, 1);

/// The items a monitoring round raises when confirmed: each red light.
pub fn raised_by_round(report: &MonitorReport) -> Vec<Raise> {
    let mut items = Vec::new();
    if report.spending_light == Light::Red {
        items.push(Raise {
            indicator: None,
            reason: format!("支出进度红灯：{}", report.spending_reason),
        });
    }
    for verdict in &report.indicators {
        if verdict.light == Light::Red {
            items.push(Raise {
                indicator: Some(verdict.name.clone()),
                reason: format!("红灯：{}", verdict.reason),
            });
        }
    }
    items
}

/// The items a self-evaluation raises when confirmed: each score below 60% of its points.
pub fn raised_by_evaluation(report: &SelfEvalReport) -> Vec<Raise> {
    let low =
        |score: Decimal, weight: Decimal| weight > Decimal::ZERO && score < weight * LOW_SHARE;
    let mut items = Vec::new();
    if low(report.budget_score, report.budget_weight) {
        items.push(Raise {
            indicator: None,
            reason: format!(
                "预算执行率 {}%，得 {} / {} 分",
                report.execution_rate, report.budget_score, report.budget_weight
            ),
        });
    }
    for score in &report.indicators {
        if low(score.score, score.weight) {
            items.push(Raise {
                indicator: Some(score.name.clone()),
                reason: format!(
                    "实际完成值“{}”，得 {} / {} 分（{}）",
                    score.actual, score.score, score.weight, score.policy
                ),
            });
        }
    }
    items
}

struct ItemView {
    id: i64,
    unit: String,
    project: String,
    indicator: String,
    source: &'static str,
    reason: String,
    state: &'static str,
    raised_at: String,
}

fn view(item: &Rectification) -> ItemView {
    ItemView {
        id: item.id,
        unit: item.unit_name.clone(),
        project: item.project_name.clone(),
        indicator: item
            .indicator
            .clone()
            .unwrap_or_else(|| "支出进度".to_string()),
        source: item.source.label(),
        reason: item.reason.clone(),
        state: item.state.label(),
        raised_at: super::beijing_time(&item.raised_at),
    }
}

#[derive(Template)]
#[template(path = "rectifications.html")]
struct ListPage {
    items: Vec<ItemView>,
    reviewer: bool,
}

#[derive(Template)]
#[template(path = "rectification.html")]
struct ItemPage {
    item: ItemView,
    answer: String,
    answered_by: String,
    decision: String,
    files: Vec<(i64, String, String, String)>,
    answerable: bool,
    decidable: bool,
    csrf: String,
    error: String,
}

/// The unit's own items, or every unit's for reviewers.
pub async fn visible(state: &AppState, session: &Session) -> Result<Vec<Rectification>, PageError> {
    if session.can_review() {
        return Ok(state.store.rectifications(None).await?);
    }
    let unit = session.user.unit.clone().unwrap_or_default();
    if unit.is_empty() {
        return Ok(Vec::new());
    }
    Ok(state.store.rectifications(Some(&unit)).await?)
}

/// How many items wait for the session: its unit's open ones, or the answered ones for reviewers.
pub async fn waiting(state: &AppState, session: &Session) -> Result<usize, PageError> {
    let (unit, wanted) = if session.can_review() {
        (None, RectificationState::Answered)
    } else {
        match session.user.unit.as_deref().filter(|u| !u.is_empty()) {
            Some(unit) => (Some(unit), RectificationState::Open),
            None => return Ok(0),
        }
    };
    let count = state.store.count_rectifications(unit, wanted).await?;
    Ok(usize::try_from(count).unwrap_or(0))
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let session = auth::require(&state, &headers, None).await?;
    let items = visible(&state, &session).await?;
    Ok(Html(
        ListPage {
            items: items.iter().map(view).collect(),
            reviewer: session.can_review(),
        }
        .render()?,
    ))
}

/// An item the session may see: its unit's staff or a reviewer.
async fn item_for(
    state: &AppState,
    session: &Session,
    id: i64,
) -> Result<Rectification, PageError> {
    let item = state
        .store
        .rectification(id)
        .await?
        .ok_or_else(|| PageError::NotFound(format!("没有第 {id} 号整改")))?;
    if session.can_review() || session.owns(None, Some(&item.unit_name)) {
        Ok(item)
    } else {
        Err(PageError::Forbidden(
            "只有本单位和审核员可以查看整改".into(),
        ))
    }
}

async fn render_item(
    state: &AppState,
    session: &Session,
    item: &Rectification,
    error: String,
) -> Result<String, PageError> {
    let files = state
        .store
        .rectification_files(item.id)
        .await?
        .into_iter()
        .map(|f| {
            (
                f.id,
                f.file_name,
                format!("{:.1} KB", f.size as f64 / 1024.0),
                f.sha256,
            )
        })
        .collect();
    Ok(ItemPage {
        item: view(item),
        answer: item.answer.clone().unwrap_or_default(),
        answered_by: item.answered_by.clone().unwrap_or_default(),
        decision: match (&item.closed_by, &item.close_note) {
            (Some(by), Some(note)) => format!("{by}：{note}"),
            (Some(by), None) => by.clone(),
            _ => String::new(),
        },
        files,
        answerable: item.state != RectificationState::Closed
            && session.owns(None, Some(&item.unit_name)),
        decidable: item.state == RectificationState::Answered && session.can_review(),
        csrf: session.csrf.clone(),
        error,
    }
    .render()?)
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let session = auth::require(&state, &headers, None).await?;
    let item = item_for(&state, &session, id).await?;
    Ok(Html(
        render_item(&state, &session, &item, String::new()).await?,
    ))
}

/// What a file's first bytes say it is, among the kinds evidence may be.
fn evidence_type(bytes: &[u8]) -> Option<&'static str> {
    let kinds: [(&[u8], &str); 5] = [
        (b"%PDF-", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xFF\xD8\xFF", "image/jpeg"),
        (b"PK\x03\x04", "application/zip"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "application/x-ole-storage",
        ),
    ];
    kinds
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// A file name as kept: its last path part, without control characters, at most 100 characters.
fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(100).collect();
    if cleaned.trim().is_empty() {
        "附件".into()
    } else {
        cleaned
    }
}

/// The answer's text and files, or why they are refused.
async fn read_answer(
    mut multipart: Multipart,
) -> Result<(String, Vec<(String, &'static str, Vec<u8>)>), String> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        format!(
            "上传内容无法读取（文件合计不能超过 {} MB）：{e}",
            ANSWER_LIMIT / 1024 / 1024
        )
    };
    let mut text = String::new();
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("answer") => text = field.text().await.map_err(unreadable)?,
            Some("file") => {
                let name = clean_name(field.file_name().unwrap_or("附件"));
                let bytes = field.bytes().await.map_err(unreadable)?;
                if bytes.is_empty() {
                    continue;
                }
                if files.len() == FILES_AT_ONCE {
                    return Err(format!("一次最多附 {FILES_AT_ONCE} 个文件"));
                }
                if bytes.len() > FILE_LIMIT {
                    return Err(format!(
                        "“{name}”有 {:.1} MB，超过每个文件 {} MB 的上限",
                        bytes.len() as f64 / 1024.0 / 1024.0,
                        FILE_LIMIT / 1024 / 1024
                    ));
                }
                let Some(kind) = evidence_type(&bytes) else {
                    return Err(format!(
                        "“{name}”不是 PDF、图片（PNG/JPEG）、Word 或 Excel 文件，未接收"
                    ));
                };
                files.push((name, kind, bytes.to_vec()));
            }
            _ => {}
        }
    }
    if text.trim().is_empty() {
        return Err("请写明整改情况".into());
    }
    Ok((text.trim().to_string(), files))
}

/// `POST /rectifications/{id}/answer?csrf=…`: the session and token are checked before the body.
pub async fn answer(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(token): Query<TokenQuery>,
    request: Request,
) -> Result<Response, PageError> {
    let session = auth::require(&state, &headers, Some(token.csrf.as_str())).await?;
    let item = item_for(&state, &session, id).await?;
    if !session.owns(None, Some(&item.unit_name)) {
        return Err(PageError::Forbidden(
            "只有本单位的填报员可以报送整改情况".into(),
        ));
    }
    let refused = async |why: String| -> Result<Response, PageError> {
        let page = render_item(&state, &session, &item, why).await?;
        Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response())
    };
    let multipart = match Multipart::from_request(request, &state).await {
        Ok(multipart) => multipart,
        Err(rejection) => {
            return refused(format!("上传内容无法读取：{}", rejection.body_text())).await;
        }
    };
    let (text, files) = match read_answer(multipart).await {
        Ok(answer) => answer,
        Err(why) => return refused(why).await,
    };
    let evidence: Vec<NewEvidence> = files
        .iter()
        .map(|(name, kind, bytes)| NewEvidence {
            file_name: name,
            content_type: kind,
            content: bytes,
        })
        .collect();
    if !state
        .store
        .answer_rectification(id, &text, &session.user.name, &evidence)
        .await?
    {
        return Err(PageError::Conflict("整改已销号，不能再报送".into()));
    }
    Ok(Redirect::to(&format!("/rectifications/{id}?done=rectification-answered")).into_response())
}

pub async fn decide(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let session = auth::require(&state, &headers, Some(field(&pairs, "csrf"))).await?;
    if !session.can_review() {
        return Err(PageError::Forbidden(
            "只有财政审核员可以销号或退回整改".into(),
        ));
    }
    item_for(&state, &session, id).await?;
    let note = field(&pairs, "note").trim();
    let close = match field(&pairs, "decision") {
        "close" => true,
        "reopen" if note.is_empty() => {
            return Err(PageError::BadRequest("退回重报时须写明意见".into()));
        }
        "reopen" => false,
        other => {
            return Err(PageError::BadRequest(format!(
                "不认识的操作“{other}”：应为销号或退回重报"
            )));
        }
    };
    let note = (!note.is_empty()).then_some(note);
    if !state
        .store
        .decide_rectification(id, close, &session.user.name, note)
        .await?
    {
        return Err(PageError::Conflict(
            "整改尚未报送或已销号，不能执行此操作".into(),
        ));
    }
    let done = if close {
        "rectification-closed"
    } else {
        "rectification-reopened"
    };
    Ok(Redirect::to(&format!("/rectifications/{id}?done={done}")).into_response())
}

pub async fn file(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let session = auth::require(&state, &headers, None).await?;
    item_for(&state, &session, id).await?;
    let (evidence, bytes) = state
        .store
        .rectification_file(id, file)
        .await?
        .ok_or_else(|| PageError::NotFound(format!("第 {id} 号整改没有这个附件")))?;
    let disposition = format!(
        "attachment; filename=\"evidence\"; filename*=UTF-8''{}",
        super::projects::percent(&evidence.file_name)
    );
    Ok((
        [
            (header::CONTENT_TYPE, evidence.content_type),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
