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
/// Attempts allowed without delay within the window: for one user name, from one browser, and
/// from one address (which may try many names, or be an office's proxy).
const FREE_ATTEMPTS: u32 = 5;
const FREE_ATTEMPTS_PER_ADDRESS: u32 = 20;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// The wait after the first attempt beyond the free ones; it doubles with each further one.
const FIRST_DELAY: Duration = Duration::from_secs(15);
const MAX_DELAY: Duration = Duration::from_secs(5 * 60);
/// How long a browser where the user logged in stays trusted for that name.
const DEVICE_TRUSTED: Duration = Duration::from_secs(90 * 24 * 3600);
/// The most keys each count remembers; the oldest is forgotten first.
const REMEMBERED: usize = 10_000;
pub const DEVICE_COOKIE: &str = "jixiao_device";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Unit,
    /// 主管部门审核员: the first review (初审) of its department's units, where a deployment has
    /// two review levels; their user's unit is the department.
    Department,
    Reviewer,
    Admin,
}

impl Role {
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "unit" => Some(Role::Unit),
            "department" => Some(Role::Department),
            "reviewer" => Some(Role::Reviewer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::Unit => "unit",
            Role::Department => "department",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Unit => "单位填报员",
            Role::Department => "主管部门审核员",
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

    /// The one rule for who curates the indicator library (推荐/不推荐, explanations, formulas,
    /// joining and splitting written names): the bureau's reviewers and administrators.
    pub fn can_curate_library(&self) -> bool {
        self.can_review()
    }

    /// The one rule for whose a unit identity (a file's or a stored document's printed 单位编码
    /// and name) is: unit staff own it only when everything printed agrees with their
    /// registration. A printed name must be their unit's name exactly (not a county or a
    /// department that merely contains it); a printed code must be the code registered for their
    /// unit, or, while none is registered, stand beside their exact name. Uploads also check the
    /// stored document the file would land in with this same rule (see `routes::upload`).
    pub fn owns(&self, unit_code: Option<&str>, unit_name: Option<&str>) -> bool {
        fn present(text: Option<&str>) -> Option<&str> {
            text.map(str::trim).filter(|t| !t.is_empty())
        }
        let Some(mine) = present(self.user.unit.as_deref()) else {
            return false;
        };
        let registered = present(self.user.unit_code.as_deref());
        let (code, name) = (present(unit_code), present(unit_name));
        let name_agrees = name.is_none_or(|n| n == mine);
        let code_agrees = code.is_none_or(|c| match registered {
            Some(registered) => c == registered,
            None => c == mine || name == Some(mine),
        });
        self.role == Role::Unit && (code.is_some() || name.is_some()) && name_agrees && code_agrees
    }

    /// The unit as registered, for messages: `乐亭县人民政府办公室本级（单位编码 434001）`.
    pub fn unit_label(&self) -> String {
        let name = self.user.unit.as_deref().unwrap_or("未指定单位");
        match self.user.unit_code.as_deref() {
            Some(code) => format!("{name}（单位编码 {code}）"),
            None => name.to_string(),
        }
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

/// Failed logins per user name, per client address and per trusted browser. Each attempt is
/// counted before its password is checked (one lock, check and count together), so guesses sent in
/// parallel are held to the same limits as guesses sent one by one. Beyond the free attempts a
/// name or an address is slowed down, not locked: each further attempt waits twice as long as the
/// one before (15 s, 30 s, 1 min …), up to [`MAX_DELAY`]. A browser where the user logged in before carries a device
/// cookie: attempts from it are judged by its own failures only, so strangers guessing at a name
/// (or a whole office behind one proxy) cannot lock its owner out.
#[derive(Default)]
pub struct Throttle {
    names: Failures<String>,
    addresses: Failures<IpAddr>,
    devices: Failures<String>,
    /// Device cookie → the user name it logged in.
    trusted: Mutex<HashMap<String, (String, Instant)>>,
}

/// What an attempt was counted against, to be taken back when the password is right.
pub struct Attempt {
    name: String,
    address: Option<IpAddr>,
    device: Option<String>,
}

impl Throttle {
    /// Counts an attempt, or says how many seconds to wait before the next one may be made.
    fn attempt(
        &self,
        name: &str,
        address: Option<IpAddr>,
        device: Option<&str>,
    ) -> Result<Attempt, u64> {
        let device = device.filter(|d| self.trusts(d, name)).map(str::to_string);
        match &device {
            Some(device) => self.devices.count(device, FREE_ATTEMPTS)?,
            None => {
                let key = name.to_string();
                self.names.check(&key, FREE_ATTEMPTS)?;
                if let Some(address) = address {
                    self.addresses.check(&address, FREE_ATTEMPTS_PER_ADDRESS)?;
                    self.addresses.count(&address, FREE_ATTEMPTS_PER_ADDRESS)?;
                }
                self.names.count(&key, FREE_ATTEMPTS)?;
            }
        }
        Ok(Attempt {
            name: name.to_string(),
            address,
            device,
        })
    }

    /// A right password: the name's and the device's failures are forgotten, and the address's
    /// count gives this attempt back (one good account must not reset the count of guesses at
    /// others). Returns the browser's device cookie, new or kept.
    fn succeeded(&self, attempt: Attempt) -> Result<String, PageError> {
        self.names.clear(&attempt.name);
        if let Some(address) = attempt.address {
            self.addresses.give_back(&address);
        }
        let device = match attempt.device {
            Some(device) => {
                self.devices.clear(&device);
                device
            }
            None => token()?,
        };
        let mut trusted = self.trusted.lock().unwrap_or_else(|e| e.into_inner());
        if trusted.len() >= REMEMBERED {
            let oldest = trusted
                .iter()
                .min_by_key(|(_, (_, since))| *since)
                .map(|(key, _)| key.clone());
            oldest.map(|key| trusted.remove(&key));
        }
        trusted.insert(device.clone(), (attempt.name, Instant::now()));
        Ok(device)
    }

    fn trusts(&self, device: &str, name: &str) -> bool {
        let trusted = self.trusted.lock().unwrap_or_else(|e| e.into_inner());
        trusted
            .get(device)
            .is_some_and(|(user, since)| user == name && since.elapsed() < DEVICE_TRUSTED)
    }
}

/// Failures per key within [`FAILURE_WINDOW`], with the time of the last, at most [`REMEMBERED`]
/// keys (the oldest is forgotten first).
struct Failures<K>(Mutex<HashMap<K, (u32, Instant)>>);

impl<K> Default for Failures<K> {
    fn default() -> Self {
        Failures(Mutex::new(HashMap::new()))
    }
}

/// Seconds to wait after `count` failures, when more than `free` are allowed freely.
fn delay(count: u32, free: u32) -> Duration {
    let beyond = count.saturating_sub(free).min(16);
    if count < free {
        Duration::ZERO
    } else {
        (FIRST_DELAY * 2_u32.pow(beyond)).min(MAX_DELAY)
    }
}

impl<K: Eq + Hash + Clone> Failures<K> {
    /// Refuses (with the seconds left) while the key's delay since its last failure runs.
    fn check(&self, key: &K, free: u32) -> Result<(), u64> {
        let failures = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match failures.get(key) {
            Some((count, last)) if last.elapsed() < FAILURE_WINDOW => {
                let wait = delay(*count, free).saturating_sub(last.elapsed());
                if wait.is_zero() {
                    Ok(())
                } else {
                    Err(wait.as_secs().max(1))
                }
            }
            _ => Ok(()),
        }
    }

    /// Checks and counts one attempt under one lock.
    fn count(&self, key: &K, free: u32) -> Result<(), u64> {
        let mut failures = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() >= REMEMBERED && !failures.contains_key(key) {
            failures.retain(|_, (_, last)| last.elapsed() < FAILURE_WINDOW);
            if failures.len() >= REMEMBERED {
                let oldest = failures
                    .iter()
                    .min_by_key(|(_, (_, last))| *last)
                    .map(|(key, _)| key.clone());
                oldest.map(|key| failures.remove(&key));
            }
        }
        let entry = failures.entry(key.clone()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= FAILURE_WINDOW {
            *entry = (0, Instant::now());
        }
        let wait = delay(entry.0, free).saturating_sub(entry.1.elapsed());
        if entry.0 > 0 && !wait.is_zero() {
            return Err(wait.as_secs().max(1));
        }
        *entry = (entry.0 + 1, Instant::now());
        Ok(())
    }

    fn give_back(&self, key: &K) {
        let mut failures = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = failures.get_mut(key) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }

    fn clear(&self, key: &K) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
    }
}

/// A hash to check passwords against when the user does not exist, so that a wrong name takes
/// as long as a wrong password and does not tell which names exist.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("jixiao decoy password").unwrap_or_default())
}

/// A logged-in session: its token, and the browser's device cookie.
pub struct LoggedIn {
    pub session: String,
    pub device: String,
}

/// Checks a name and password; on success opens a session.
pub async fn login(
    state: &AppState,
    name: &str,
    password: &str,
    address: Option<IpAddr>,
    headers: &HeaderMap,
) -> Result<LoggedIn, PageError> {
    let device = cookie(headers, DEVICE_COOKIE);
    let attempt = state
        .throttle
        .attempt(name, address, device.as_deref())
        .map_err(PageError::TooManyAttempts)?;
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
        return Err(PageError::BadLogin);
    };
    let device = state.throttle.succeeded(attempt)?;
    let session = token()?;
    state
        .store
        .create_session(&session, user.id, &token()?, now(), now() + SESSION_SECONDS)
        .await?;
    Ok(LoggedIn { session, device })
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then(|| value.to_string())
        })
}

/// The session the request's cookie names, if it is live.
pub async fn current(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>, PageError> {
    let Some(token) = cookie(headers, COOKIE) else {
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

/// Cookie attributes: `Secure` too when the deployment is served over TLS (`JIXIAO_SECURE_COOKIES=1`).
fn attributes() -> &'static str {
    static SECURE: OnceLock<bool> = OnceLock::new();
    cookie_attributes(*SECURE.get_or_init(|| {
        std::env::var("JIXIAO_SECURE_COOKIES").is_ok_and(|v| matches!(v.trim(), "1" | "true"))
    }))
}

fn cookie_attributes(secure: bool) -> &'static str {
    if secure {
        "HttpOnly; SameSite=Strict; Path=/; Secure"
    } else {
        "HttpOnly; SameSite=Strict; Path=/"
    }
}

pub fn set_cookie(token: &str) -> String {
    format!(
        "{COOKIE}={token}; {}; Max-Age={SESSION_SECONDS}",
        attributes()
    )
}

pub fn device_cookie(device: &str) -> String {
    format!(
        "{DEVICE_COOKIE}={device}; {}; Max-Age={}",
        attributes(),
        DEVICE_TRUSTED.as_secs()
    )
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; {}; Max-Age=0", attributes())
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
        assert!(office.owns(None, Some("乐亭县人民政府办公室本级")));
        assert!(!office.owns(None, Some("乐亭县人民政府办公室本级下属中心")));
        assert!(
            !office.owns(Some("434001"), None),
            "an unregistered code alone proves nothing"
        );
        assert!(!office.owns(None, None));
        let county = staff(Role::Unit, "乐亭", None);
        assert!(!county.owns(Some("434001"), Some("乐亭县人民政府办公室本级")));
        let code_as_unit = staff(Role::Unit, "434001", None);
        assert!(code_as_unit.owns(Some("434001"), None));
        let reviewer = staff(Role::Reviewer, "乐亭县人民政府办公室本级", None);
        assert!(!reviewer.owns(None, Some("乐亭县人民政府办公室本级")));
        let blank = staff(Role::Unit, " ", Some(""));
        assert!(!blank.owns(Some(""), Some(" ")));
    }

    #[test]
    fn printed_code_and_name_must_both_agree_with_the_registration() {
        let registered = staff(Role::Unit, "乐亭县人民政府办公室本级", Some("434001"));
        assert!(registered.owns(Some("434001"), Some("乐亭县人民政府办公室本级")));
        assert!(registered.owns(Some("434001"), None));
        assert!(registered.owns(None, Some("乐亭县人民政府办公室本级")));
        // Another unit's code beside this unit's name (the takeover of issue 11), and the reverse.
        assert!(!registered.owns(Some("418001"), Some("乐亭县人民政府办公室本级")));
        assert!(!registered.owns(Some("434001"), Some("玉田县生态环境保护事务中心")));
        assert!(!registered.owns(Some("4340011"), None));
    }

    #[test]
    fn parallel_guesses_are_counted_before_they_are_checked() {
        let throttle = Throttle::default();
        let allowed = (0..100)
            .filter(|_| throttle.attempt("staff", None, None).is_ok())
            .count();
        assert_eq!(allowed, FREE_ATTEMPTS as usize, "the sixth guess waits");
        assert!(matches!(throttle.attempt("staff", None, None), Err(wait) if wait >= 1));
        assert!(
            throttle.attempt("other", None, None).is_ok(),
            "other names are not slowed"
        );
    }

    #[test]
    fn a_trusted_browser_passes_while_strangers_are_slowed() {
        let throttle = Throttle::default();
        let first = throttle
            .attempt("staff", None, None)
            .expect("first attempt");
        let device = throttle.succeeded(first).expect("device");
        for _ in 0..FREE_ATTEMPTS {
            throttle.attempt("staff", None, None).expect("free guesses");
        }
        assert!(
            throttle.attempt("staff", None, None).is_err(),
            "strangers wait"
        );
        let own = throttle
            .attempt("staff", None, Some(&device))
            .expect("the user's own browser is not locked out");
        assert_eq!(throttle.succeeded(own).expect("device"), device);
        assert!(
            !throttle.trusts(&device, "other"),
            "a device is trusted for its own name only"
        );
    }

    #[test]
    fn delays_double_up_to_the_maximum() {
        assert_eq!(delay(4, 5), Duration::ZERO);
        assert_eq!(delay(5, 5), FIRST_DELAY);
        assert_eq!(delay(7, 5), FIRST_DELAY * 4);
        assert_eq!(delay(40, 5), MAX_DELAY);
    }

    #[test]
    fn cookies_are_secure_when_asked() {
        assert!(cookie_attributes(true).ends_with("; Secure"));
        assert!(!cookie_attributes(false).contains("Secure"));
    }

    #[test]
    fn the_throttle_remembers_a_bounded_number_of_keys() {
        let failures = Failures::<String>::default();
        for n in 0..REMEMBERED + 100 {
            failures
                .count(&format!("name{n}"), FREE_ATTEMPTS)
                .expect("first attempt");
        }
        let remembered = failures.0.lock().map(|f| f.len()).unwrap_or_default();
        assert_eq!(remembered, REMEMBERED);
    }
}
