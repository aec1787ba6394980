//! The administrator's page: users (role, unit, password) and units. Every change is audited.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jixiao_store::{AuditEntry, Unit};
use serde::Deserialize;

use crate::auth::{self, Role, Session};
use crate::edit::{FieldError, message_for};
use crate::{AppState, PageError};

pub const MIN_PASSWORD: usize = 8;

pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub unit: String,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    csrf: String,
    users: Vec<UserRow>,
    units: Vec<Unit>,
    roles: Vec<(&'static str, &'static str)>,
    errors: Vec<FieldError>,
    form: UserForm,
    unit_form: UnitForm,
}

impl AdminPage {
    pub fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

pub async fn admin(
    state: &AppState,
    headers: &HeaderMap,
    csrf: Option<&str>,
) -> Result<Session, PageError> {
    let session = auth::require(state, headers, csrf).await?;
    if session.role != Role::Admin {
        return Err(PageError::Forbidden("只有管理员可以管理用户和单位".into()));
    }
    Ok(session)
}

async fn render(
    state: &AppState,
    session: &Session,
    errors: Vec<FieldError>,
    form: UserForm,
    unit_form: UnitForm,
) -> Result<String, PageError> {
    let users = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            role: u.role,
            unit: u.unit.unwrap_or_default(),
            name: u.name,
        })
        .collect();
    Ok(AdminPage {
        csrf: session.csrf.clone(),
        users,
        units: state.store.units().await?,
        roles: [Role::Unit, Role::Department, Role::Reviewer, Role::Admin]
            .into_iter()
            .map(|r| (r.code(), r.label()))
            .collect(),
        errors,
        form,
        unit_form,
    }
    .render()?)
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let session = admin(&state, &headers, None).await?;
    let page = render(
        &state,
        &session,
        Vec::new(),
        UserForm::default(),
        UnitForm::default(),
    )
    .await?;
    Ok(Html(page))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub csrf: String,
    pub name: String,
    pub password: String,
    pub role: String,
    pub unit: String,
}

/// Checks a user's fields; `new` users need a name and a password, changes only a valid one if given.
pub fn check_user(form: &UserForm, units: &[Unit], new: bool) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let name = form.name.trim();
    if new && (name.is_empty() || name.chars().count() > 64) {
        push("name", "用户名须为 1 到 64 个字符".into());
    }
    if (new || !form.password.is_empty()) && form.password.chars().count() < MIN_PASSWORD {
        push("password", format!("密码至少 {MIN_PASSWORD} 个字符"));
    }
    match Role::parse(&form.role) {
        None => push("role", "请选择角色".into()),
        Some(Role::Unit) if form.unit.trim().is_empty() => {
            push("unit", "单位填报员须选择所属单位".into())
        }
        Some(Role::Department) if form.unit.trim().is_empty() => push(
            "unit",
            "主管部门审核员须选择所属单位（即主管部门本身）".into(),
        ),
        _ => {}
    }
    let unit = form.unit.trim();
    if !unit.is_empty() && !units.iter().any(|u| u.name == unit) {
        push(
            "unit",
            format!("没有名为“{unit}”的单位：请先在下方添加单位"),
        );
    }
    errors
}

fn audit(session: &Session, action: &str, detail: String) -> AuditEntry {
    AuditEntry {
        at: String::new(),
        user_name: session.user.name.clone(),
        action: action.into(),
        detail,
    }
}

pub async fn add_user(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<UserForm>,
) -> Result<Response, PageError> {
    let session = admin(&state, &headers, Some(&form.csrf)).await?;
    match create_user(&state, &session, &form).await? {
        Ok(()) => Ok(Redirect::to("/admin?done=user-added").into_response()),
        Err(errors) => {
            let page = render(&state, &session, errors, form, UnitForm::default()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response())
        }
    }
}

/// Adds a user when every field is right (the page and the API share it).
pub async fn create_user(
    state: &AppState,
    session: &Session,
    form: &UserForm,
) -> Result<Result<(), Vec<FieldError>>, PageError> {
    let mut errors = check_user(form, &state.store.units().await?, true);
    let name = form.name.trim();
    if errors.is_empty() && state.store.user_by_name(name).await?.is_some() {
        errors.push(FieldError {
            field: "name".into(),
            message: format!("用户名“{name}”已被使用"),
        });
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let hash = auth::hash_password(&form.password).map_err(PageError::Internal)?;
    let unit = Some(form.unit.trim()).filter(|u| !u.is_empty());
    state.store.add_user(name, &hash, &form.role, unit).await?;
    let detail = format!("新增用户 {name}（{}）", role_label(&form.role));
    state
        .store
        .audit_admin(&audit(session, "add_user", detail))
        .await?;
    Ok(Ok(()))
}

fn role_label(code: &str) -> &'static str {
    Role::parse(code).map_or("未知角色", Role::label)
}

pub async fn update_user(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<UserForm>,
) -> Result<Response, PageError> {
    let session = admin(&state, &headers, Some(&form.csrf)).await?;
    if let Err(errors) = change_user(&state, &session, id, &form).await? {
        let message = errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("；");
        return Err(PageError::BadRequest(message));
    }
    Ok(Redirect::to("/admin?done=user-changed").into_response())
}

/// Changes a user's role, unit and (when given) password, when every field is right (the page
/// and the API share it).
pub async fn change_user(
    state: &AppState,
    session: &Session,
    id: i64,
    form: &UserForm,
) -> Result<Result<(), Vec<FieldError>>, PageError> {
    let mut errors = check_user(form, &state.store.units().await?, false);
    if id == session.user.id && form.role != "admin" {
        errors.push(FieldError {
            field: "role".into(),
            message: "不能取消自己的管理员角色".into(),
        });
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let hash = match form.password.as_str() {
        "" => None,
        password => Some(auth::hash_password(password).map_err(PageError::Internal)?),
    };
    let unit = Some(form.unit.trim()).filter(|u| !u.is_empty());
    if !state
        .store
        .update_user(id, &form.role, unit, hash.as_deref())
        .await?
    {
        return Err(PageError::NotFound(format!("没有编号为 {id} 的用户")));
    }
    let detail = format!(
        "用户 {id} 改为{}{}{}",
        role_label(&form.role),
        unit.map_or(String::new(), |u| format!("，单位 {u}")),
        if hash.is_some() {
            "，重设密码"
        } else {
            ""
        }
    );
    state
        .store
        .audit_admin(&audit(session, "update_user", detail))
        .await?;
    Ok(Ok(()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UnitForm {
    pub csrf: String,
    pub unit_name: String,
    pub unit_code: String,
    /// 主管部门: a registered unit's name, or empty.
    pub department: String,
}

pub async fn add_unit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<UnitForm>,
) -> Result<Response, PageError> {
    let session = admin(&state, &headers, Some(&form.csrf)).await?;
    match create_unit(&state, &session, &form).await? {
        Ok(()) => Ok(Redirect::to("/admin?done=unit-added").into_response()),
        Err(errors) => {
            let page = render(&state, &session, errors, UserForm::default(), form).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response())
        }
    }
}

/// Adds a unit with a new name (the page and the API share it).
pub async fn create_unit(
    state: &AppState,
    session: &Session,
    form: &UnitForm,
) -> Result<Result<(), Vec<FieldError>>, PageError> {
    let name = form.unit_name.trim();
    let code = form.unit_code.trim();
    let department = form.department.trim();
    let units = state.store.units().await?;
    let message = if name.is_empty() {
        Some("请填写单位名称".to_string())
    } else if units.iter().any(|u| u.name == name) {
        Some(format!("单位“{name}”已存在"))
    } else if !code.is_empty() && !code.chars().all(|c| c.is_ascii_digit()) {
        Some(format!("单位编码“{code}”只能是数字"))
    } else if !department.is_empty() && !units.iter().any(|u| u.name == department) {
        Some(format!(
            "主管部门“{department}”还没有登记为单位：请先登记它"
        ))
    } else {
        None
    };
    if let Some(message) = message {
        return Ok(Err(vec![FieldError {
            field: "unit_name".into(),
            message,
        }]));
    }
    let code = Some(code).filter(|c| !c.is_empty());
    let department = Some(department).filter(|d| !d.is_empty());
    state.store.add_unit(name, code, department).await?;
    let detail = match department {
        Some(department) => format!("新增单位 {name}（主管部门 {department}）"),
        None => format!("新增单位 {name}"),
    };
    state
        .store
        .audit_admin(&audit(session, "add_unit", detail))
        .await?;
    Ok(Ok(()))
}
