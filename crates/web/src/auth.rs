//! Who is asking: argon2 password hashes, random session tokens in an HttpOnly SameSite=Strict
//! cookie, a CSRF token per session checked on every form, and login throttling per user name
//! and per client address.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::http::HeaderMap;
use jixiao_store::User;

use crate::{AppState, PageError};

pub const COOKIE: &str = "jixiao_session";
const SESSION_SECONDS: i64 = 8 * 3600;
/// Failed logins allowed within the window: for one user name, and from one address (which may
/// try many names).
const MAX_FAILURES: u32 = 5;
const MAX_FAILURES_PER_ADDRESS: u32 = 20;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Beyond this many remembered keys, expired ones are forgotten.
const REMEMBERED: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Unit,
    Reviewer,
    Admin,
}

impl Role {
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "unit" => Some(Role::Unit),
            "reviewer" => Some(Role::Reviewer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::Unit => "unit",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Unit => "单位填报员",
            Role::Reviewer => "财政审核员",
            Role::Admin => "管理员",
        }
    }
}

/// A logged-in user.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub role: Role,
    pub csrf: String,
    pub token: String,
}

impl Session {
    pub fn can_review(&self) -> bool {
        matches!(self.role, Role::Reviewer | Role::Admin)
    }

    /// Unit staff see and change only documents of their own unit: the document names the unit
    /// exactly (not a county or a department that merely contains its name), or carries the
    /// 单位编码 registered for it.
    pub fn owns(&self, unit_code: Option<&str>, unit_name: Option<&str>) -> bool {
        let Some(mine) = self
            .user
            .unit
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        else {
            return false;
        };
        let registered = self.user.unit_code.as_deref().map(str::trim);
        let code = unit_code.map(str::trim).filter(|c| !c.is_empty());
        self.role == Role::Unit
            && (unit_name.map(str::trim) == Some(mine)
                || code.is_some_and(|c| c == mine || Some(c) == registered))
    }
}

pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

pub fn token() -> Result<String, PageError> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| PageError::Internal(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Failed logins per user name and per client address, forgotten after the window.
#[derive(Default)]
pub struct Throttle {
    names: Failures<String>,
    addresses: Failures<IpAddr>,
}

impl Throttle {
    fn blocked(&self, name: &str, address: Option<IpAddr>) -> bool {
        self.names.reached(name, MAX_FAILURES)
            || address.is_some_and(|a| self.addresses.reached(&a, MAX_FAILURES_PER_ADDRESS))
    }

    fn failed(&self, name: &str, address: Option<IpAddr>) {
        self.names.add(name.to_string());
        if let Some(address) = address {
            self.addresses.add(address);
        }
    }

    /// A right password clears the name's failures, not the address's: one good account must not
    /// reset the count of guesses at others.
    fn succeeded(&self, name: &str) {
        self.names.clear(name);
    }
}

struct Failures<K>(Mutex<HashMap<K, (u32, Instant)>>);

impl<K> Default for Failures<K> {
    fn default() -> Self {
        Failures(Mutex::new(HashMap::new()))
    }
}

impl<K: Eq + Hash> Failures<K> {
    fn reached<Q>(&self, key: &Q, limit: u32) -> bool
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let failures = self.0.lock().unwrap_or_else(|e| e.into_inner());
        failures
            .get(key)
            .is_some_and(|(count, since)| *count >= limit && since.elapsed() < FAILURE_WINDOW)
    }

    fn add(&self, key: K) {
        let mut failures = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() >= REMEMBERED {
            failures.retain(|_, (_, since)| since.elapsed() < FAILURE_WINDOW);
        }
        let entry = failures.entry(key).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= FAILURE_WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    fn clear<Q>(&self, key: &Q)
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
    }
}

/// A hash to check passwords against when the user does not exist, so that a wrong name takes
/// as long as a wrong password and does not tell which names exist.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("jixiao decoy password").unwrap_or_default())
}

/// Checks a name and password; on success opens a session and returns its token.
pub async fn login(
    state: &AppState,
    name: &str,
    password: &str,
    address: Option<IpAddr>,
) -> Result<String, PageError> {
    if state.throttle.blocked(name, address) {
        return Err(PageError::TooManyAttempts);
    }
    let user = state.store.user_by_name(name).await?;
    let hash = user
        .as_ref()
        .map_or(decoy_hash(), |u| u.password_hash.as_str())
        .to_string();
    let password = password.to_string();
    // Argon2 takes tens of milliseconds of CPU: off the threads that serve requests.
    let right = tokio::task::spawn_blocking(move || verify(&password, &hash))
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?;
    let Some(user) = user.filter(|_| right) else {
        state.throttle.failed(name, address);
        return Err(PageError::BadLogin);
    };
    state.throttle.succeeded(name);
    let session = token()?;
    state
        .store
        .create_session(&session, user.id, &token()?, now(), now() + SESSION_SECONDS)
        .await?;
    Ok(session)
}

fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == COOKIE).then(|| value.to_string())
        })
}

/// The session the request's cookie names, if it is live.
pub async fn current(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>, PageError> {
    let Some(token) = cookie(headers) else {
        return Ok(None);
    };
    let Some((user, csrf)) = state.store.session(&token, now()).await? else {
        return Ok(None);
    };
    let Some(role) = Role::parse(&user.role) else {
        return Ok(None);
    };
    Ok(Some(Session {
        user,
        role,
        csrf,
        token,
    }))
}

/// The session, required; and the CSRF token of a form, checked.
pub async fn require(
    state: &AppState,
    headers: &HeaderMap,
    csrf: Option<&str>,
) -> Result<Session, PageError> {
    let session = current(state, headers)
        .await?
        .ok_or(PageError::LoginRequired)?;
    if let Some(given) = csrf
        && given != session.csrf
    {
        return Err(PageError::Forbidden("表单已失效，请刷新页面后重试".into()));
    }
    Ok(session)
}

/// The session of unit staff assigned to a unit; anyone else is refused with `refusal`.
pub async fn require_unit_staff(
    state: &AppState,
    headers: &HeaderMap,
    csrf: Option<&str>,
    refusal: &str,
) -> Result<Session, PageError> {
    let session = require(state, headers, csrf).await?;
    if session.role != Role::Unit || session.user.unit.as_deref().is_none_or(str::is_empty) {
        return Err(PageError::Forbidden(refusal.into()));
    }
    Ok(session)
}

pub fn set_cookie(token: &str) -> String {
    format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={SESSION_SECONDS}")
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(role: Role, unit: &str, code: Option<&str>) -> Session {
        Session {
            user: User {
                id: 1,
                name: "staff".into(),
                password_hash: String::new(),
                role: role.code().into(),
                unit: Some(unit.into()),
                unit_code: code.map(str::to_string),
            },
            role,
            csrf: String::new(),
            token: String::new(),
        }
    }

    #[test]
    fn a_unit_owns_documents_that_name_it_exactly() {
        let office = staff(Role::Unit, "乐亭县人民政府办公室本级", None);
        assert!(office.owns(Some("434001"), Some(" 乐亭县人民政府办公室本级 ")));
        assert!(!office.owns(None, Some("乐亭县人民政府办公室本级下属中心")));
        assert!(!office.owns(None, None));
        let county = staff(Role::Unit, "乐亭", None);
        assert!(!county.owns(Some("434001"), Some("乐亭县人民政府办公室本级")));
        let by_code = staff(Role::Unit, "乐亭县政府办", Some("434001"));
        assert!(by_code.owns(Some("434001"), Some("乐亭县人民政府办公室本级")));
        assert!(!by_code.owns(Some("4340011"), None));
        assert!(!by_code.owns(Some(""), None));
        let code_as_unit = staff(Role::Unit, "434001", None);
        assert!(code_as_unit.owns(Some("434001"), None));
        let reviewer = staff(Role::Reviewer, "乐亭县人民政府办公室本级", None);
        assert!(!reviewer.owns(None, Some("乐亭县人民政府办公室本级")));
        let blank = staff(Role::Unit, " ", Some(""));
        assert!(!blank.owns(Some(""), Some(" ")));
    }
}
