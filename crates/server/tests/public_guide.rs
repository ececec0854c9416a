//! `GET /api/v1/public-guide`: what a new device's first screen searches while the
//! guide loads (issue 21). The same for everyone and public only; named by an
//! ETag that every process over one database agrees on; made again after a change.

mod common;

use std::collections::HashSet;
use std::io::Read;

use common::TestServer;
use wijkgids_core::record::Record;
use wijkgids_core::sample::sample_organisation;
use wijkgids_core::wire::PublicGuide;

async fn fetch(server: &TestServer, etag: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::builder()
        .no_gzip()
        .build()
        .unwrap()
        .get(format!("{}/api/v1/public-guide", server.base))
        .header("accept-encoding", "gzip");
    if let Some(etag) = etag {
        request = request.header("if-none-match", etag);
    }
    request.send().await.unwrap()
}

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[tokio::test]
async fn a_new_device_gets_every_public_offering_and_nothing_private() {
    let server = TestServer::start().await;
    let response = fetch(&server, None).await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    assert_eq!(header("content-encoding"), "gzip");
    assert_eq!(header("content-type"), "application/json");
    assert_eq!(header("cache-control"), "no-cache");
    let etag = header("etag");
    let json = gunzip(&response.bytes().await.unwrap());
    let guide: PublicGuide = serde_json::from_str(&json).unwrap();

    let demo = wijkgids_core::demo::neighbourhood().unwrap();
    let public: HashSet<_> = demo
        .offerings
        .iter()
        .filter(|o| o.is_public())
        .map(|o| o.id)
        .collect();
    let sent: HashSet<_> = guide.offerings.iter().map(|o| o.id).collect();
    assert_eq!(sent, public, "the public offerings, no drafts");
    assert_eq!(guide.organisations.len(), demo.organisations.len());
    assert!(demo.offerings.iter().any(|o| o.referral.is_some()));
    let raw: serde_json::Value = serde_json::from_str(&json).unwrap();
    for offering in raw["offerings"].as_array().unwrap() {
        for private in ["referral", "created_by", "checked_by"] {
            assert!(
                offering.get(private).is_none(),
                "{private} sent: {offering}"
            );
        }
    }
    assert!(raw.get("professionals").is_none(), "no directory");

    // Asked again with its name: nothing to send.
    let again = fetch(&server, Some(&etag)).await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);

    // A browser that takes brotli gets it, a fifth smaller.
    let mut request = reqwest::Client::new();
    let br = request
        .get(format!("{}/api/v1/public-guide", server.base))
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .send()
        .await
        .unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    let compressed = br.bytes().await.unwrap();
    let mut text = String::new();
    brotli::Decompressor::new(compressed.as_ref(), 4096)
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, json);
    request = reqwest::Client::new();
    // A client that takes no compression gets the same JSON plainly.
    let plain = request
        .get(format!("{}/api/v1/public-guide", server.base))
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(serde_json::from_str::<PublicGuide>(&plain).unwrap(), guide);

    // After a change, the guide is made again under another name.
    let mut organisation = sample_organisation();
    organisation.name = "Buurthuis De Nieuwe".into();
    server
        .put_records(vec![Record::Organisation(organisation)])
        .await;
    let changed = fetch(&server, Some(&etag)).await;
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
    let json = gunzip(&changed.bytes().await.unwrap());
    assert!(json.contains("Buurthuis De Nieuwe"));
}

/// A guide too large to send at once (above `PUBLIC_GUIDE_MAX` compressed) is
/// `404 too_large`, so the first screen loads the guide and pulls it in pages;
/// the compressing stops at the limit (50,000 offerings took seconds in full).
/// 3,000 offerings, fewer than `PUBLIC_GUIDE_MOST_OFFERINGS`: found too large by
/// compressing them.
#[tokio::test]
async fn a_guide_too_large_to_send_at_once_is_refused_with_its_code() {
    let server = TestServer::start().await;
    let (organisations, offerings) = wijkgids_core::generate::dataset(3_000, 7);
    let records: Vec<Record> = organisations
        .into_iter()
        .map(Record::Organisation)
        .chain(offerings.into_iter().map(|o| Record::Offering(Box::new(o))))
        .collect();
    server.put_records(records).await;
    for _ in 0..2 {
        let response = fetch(&server, None).await;
        assert_eq!(response.status(), 404);
        let gzipped = response.headers().get("content-encoding").is_some();
        let bytes = response.bytes().await.unwrap();
        let text = match gzipped {
            true => gunzip(&bytes),
            false => String::from_utf8(bytes.to_vec()).unwrap(),
        };
        let body: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(body["code"], "too_large", "{body}");
    }
}
