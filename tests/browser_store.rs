//! The IndexedDB store in a real browser (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use wijkgids::store::Store;
use wijkgids_core::Offering;
use wijkgids_core::sample::sample_offering;

wasm_bindgen_test_configure!(run_in_browser);

/// The core's sample offering under another id and title.
fn offering(id: &str, title: &str) -> Offering {
    Offering {
        id: id.parse().expect("uuid"),
        title: title.into(),
        ..sample_offering()
    }
}

#[wasm_bindgen_test]
async fn offerings_survive_a_write_and_a_fresh_read() {
    let name = format!("wijkgids-test-{}", js_sys::Math::random());
    let store = Store::open_named(&name).await.expect("open");
    let a = offering(
        "0b7e8a51-2f3c-4b8e-9d0a-1c2b3d4e5f60",
        "Wandelgroep De Linde",
    );
    let b = offering("5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f", "Taalcafé");
    store
        .put_offerings(&[a.clone(), b.clone()])
        .await
        .expect("write");
    store.close();

    // A second connection sees what the first committed.
    let reopened = Store::open_named(&name).await.expect("reopen");
    assert_eq!(
        reopened.offering(a.id).await.expect("read"),
        Some(a.clone())
    );
    assert_eq!(reopened.offering_count().await.expect("count"), 2);
    let mut all = reopened.offerings().await.expect("read all");
    all.sort_by(|x, y| x.title.cmp(&y.title));
    assert_eq!(all, vec![b, a]);

    reopened.delete().await.expect("delete");
}

#[wasm_bindgen_test]
async fn an_unknown_id_reads_as_none() {
    let name = format!("wijkgids-test-{}", js_sys::Math::random());
    let store = Store::open_named(&name).await.expect("open");
    let missing = uuid::Uuid::from_u128(42);
    assert_eq!(store.offering(missing).await.expect("read"), None);
    store.delete().await.expect("delete");
}
