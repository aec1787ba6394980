//! A value kept for a while: for figures that scan the whole store. Only the first request waits
//! for it; once stale, requests get the kept value at once while one refresh runs in the background.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::PageError;

pub struct Cached<T> {
    fresh: Duration,
    shared: Arc<Shared<T>>,
    /// Held while the first value is made, so concurrent first requests make it once.
    first: tokio::sync::Mutex<()>,
}

struct Shared<T> {
    last: Mutex<Option<(Instant, Arc<T>)>>,
    refreshing: AtomicBool,
}

impl<T> Shared<T> {
    fn kept(&self) -> Option<(Instant, Arc<T>)> {
        self.last.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn keep(&self, value: Arc<T>) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), value));
    }
}

impl<T: Send + Sync + 'static> Cached<T> {
    pub fn new(fresh: Duration) -> Cached<T> {
        Cached {
            fresh,
            shared: Arc::new(Shared {
                last: Mutex::new(None),
                refreshing: AtomicBool::new(false),
            }),
            first: tokio::sync::Mutex::new(()),
        }
    }

    pub async fn get_or<F, Fut>(&self, make: F) -> Result<Arc<T>, PageError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, PageError>> + Send + 'static,
    {
        if let Some((at, value)) = self.shared.kept() {
            if at.elapsed() >= self.fresh && !self.shared.refreshing.swap(true, Ordering::AcqRel) {
                let shared = self.shared.clone();
                let refresh = make();
                tokio::spawn(async move {
                    match refresh.await {
                        Ok(value) => shared.keep(Arc::new(value)),
                        Err(error) => eprintln!("统计数据更新失败：{error:?}"),
                    }
                    shared.refreshing.store(false, Ordering::Release);
                });
            }
            return Ok(value);
        }
        let _first = self.first.lock().await;
        if let Some((_, value)) = self.shared.kept() {
            return Ok(value);
        }
        let value = Arc::new(make().await?);
        self.shared.keep(value.clone());
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn wait_for(kept: &Cached<String>, wanted: &str) {
        for _ in 0..100 {
            let value = kept
                .get_or(|| async { Err(PageError::Internal("unused".into())) })
                .await
                .expect("kept");
            if value.as_str() == wanted {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("never became {wanted}");
    }

    #[tokio::test]
    async fn a_value_is_kept_while_fresh_and_refreshed_behind_the_stale_one() {
        let kept = Cached::new(Duration::from_secs(60));
        let first = kept
            .get_or(|| async { Ok("一".to_string()) })
            .await
            .expect("made");
        let second = kept
            .get_or(|| async { Ok("二".to_string()) })
            .await
            .expect("kept");
        assert_eq!((first.as_str(), second.as_str()), ("一", "一"));

        let stale = Cached::new(Duration::ZERO);
        stale
            .get_or(|| async { Ok("一".to_string()) })
            .await
            .expect("made");
        let at_once = stale
            .get_or(|| async {
                tokio::time::sleep(Duration::from_millis(50)).await;
                Ok("二".to_string())
            })
            .await
            .expect("stale");
        assert_eq!(at_once.as_str(), "一", "the stale value, without waiting");
        wait_for(&stale, "二").await;
    }

    #[tokio::test]
    async fn a_failure_is_not_kept() {
        let failed = Cached::new(Duration::from_secs(60));
        assert!(
            failed
                .get_or(|| async { Err::<String, _>(PageError::Internal("x".into())) })
                .await
                .is_err()
        );
        let after = failed
            .get_or(|| async { Ok("三".to_string()) })
            .await
            .expect("made");
        assert_eq!(after.as_str(), "三");
    }
}
