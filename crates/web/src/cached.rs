//! A rendered response kept for a while: for pages whose figures scan the whole store.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::PageError;

/// The last rendering and when it was made; renderings older than `fresh` are made again.
pub struct Cached {
    fresh: Duration,
    last: Mutex<Option<(Instant, Arc<String>)>>,
}

impl Cached {
    pub fn new(fresh: Duration) -> Cached {
        Cached {
            fresh,
            last: Mutex::new(None),
        }
    }

    pub async fn get_or<F>(&self, render: F) -> Result<Arc<String>, PageError>
    where
        F: Future<Output = Result<String, PageError>>,
    {
        let kept = self
            .last
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .filter(|(at, _)| at.elapsed() < self.fresh);
        if let Some((_, page)) = kept {
            return Ok(page);
        }
        let page = Arc::new(render.await?);
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), page.clone()));
        Ok(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_rendering_is_kept_while_fresh_and_made_again_after() {
        let kept = Cached::new(Duration::from_secs(60));
        let first = kept
            .get_or(async { Ok("一".to_string()) })
            .await
            .expect("render");
        let second = kept
            .get_or(async { Ok("二".to_string()) })
            .await
            .expect("kept");
        assert_eq!((first.as_str(), second.as_str()), ("一", "一"));
        let stale = Cached::new(Duration::ZERO);
        stale
            .get_or(async { Ok("一".to_string()) })
            .await
            .expect("render");
        let again = stale
            .get_or(async { Ok("二".to_string()) })
            .await
            .expect("render");
        assert_eq!(again.as_str(), "二");
        let failed = Cached::new(Duration::from_secs(60));
        assert!(
            failed
                .get_or(async { Err(PageError::Internal("x".into())) })
                .await
                .is_err()
        );
        let after = failed
            .get_or(async { Ok("三".to_string()) })
            .await
            .expect("render");
        assert_eq!(after.as_str(), "三", "a failure is not kept");
    }
}
