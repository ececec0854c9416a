//! Tabs of the app on one device share one store: one of them syncs at a time
//! (Web Locks), and the others hear when it wrote (a BroadcastChannel). Two
//! tabs on a first sync each pulled part of the pages, each held part of the
//! guide, and one kept its part as the guide's snapshot.
//!
//! Both through `js_sys::Reflect`: a browser without them syncs as before.

use std::cell::RefCell;
use std::future::Future;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The Web Lock held while a tab syncs.
const SYNC_LOCK: &str = "wijkgids-sync";
/// The channel on which a tab says that it wrote the store.
const STORE_NEWS: &str = "wijkgids-store";

thread_local! {
    static CHANNEL: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Runs `work` while this tab holds the device's sync lock, after another
/// tab's sync under way has ended; at once where the browser has no Web Locks.
pub async fn one_at_a_time<R>(work: impl Future<Output = R>) -> R {
    let Some((request, locks)) = lock_request() else {
        return work.await;
    };
    // The lock is held until `release` settles the promise its callback gave.
    let mut release = None;
    let held = Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut grant = None;
    let granted = Promise::new(&mut |resolve, _| grant = Some(resolve));
    let (Some(release), Some(grant)) = (release, grant) else {
        return work.await;
    };
    let on_granted = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let _ = grant.call0(&JsValue::UNDEFINED);
        held.into()
    });
    if request
        .call2(&locks, &SYNC_LOCK.into(), &on_granted)
        .is_err()
    {
        return work.await;
    }
    let _ = JsFuture::from(granted).await;
    let answer = work.await;
    let _ = release.call0(&JsValue::UNDEFINED);
    answer
}

/// `navigator.locks.request` and `navigator.locks`, where there are.
fn lock_request() -> Option<(Function, JsValue)> {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    let locks = Reflect::get(&navigator, &"locks".into())
        .ok()
        .filter(|locks| !locks.is_undefined())?;
    let request = Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    Some((request, locks))
}

/// Calls `on_news` whenever another tab says that it wrote the store.
pub fn listen(on_news: fn()) {
    let Some(channel) = channel() else {
        return;
    };
    let listener = Closure::<dyn Fn()>::new(on_news);
    let _ = Reflect::set(&channel, &"onmessage".into(), listener.as_ref());
    listener.forget();
}

/// Tells the other tabs that this one wrote the store.
pub fn tell_others() {
    let Some(channel) = channel() else {
        return;
    };
    let post = Reflect::get(&channel, &"postMessage".into())
        .ok()
        .and_then(|post| post.dyn_into::<Function>().ok());
    if let Some(post) = post {
        let _ = post.call1(&channel, &"written".into());
    }
}

/// This tab's end of the channel, opened once.
fn channel() -> Option<JsValue> {
    CHANNEL.with(|kept| {
        if kept.borrow().is_none() {
            let class = Reflect::get(&js_sys::global(), &STORE_NEWS_CLASS.into())
                .ok()
                .and_then(|class| class.dyn_into::<Function>().ok())?;
            let channel = Reflect::construct(&class, &Array::of1(&STORE_NEWS.into())).ok()?;
            *kept.borrow_mut() = Some(channel);
        }
        kept.borrow().clone()
    })
}

const STORE_NEWS_CLASS: &str = "BroadcastChannel";
