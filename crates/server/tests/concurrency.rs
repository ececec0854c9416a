//! Commit order (SYNC.md test 3): writers commit while pullers follow the cursor;
//! every committed change reaches every puller, none is skipped.

mod common;

use std::collections::HashMap;
use std::sync::Arc;

use common::{Client, TestServer, upsert};
use serde_json::Value;
use tokio::sync::watch;
use uuid::Uuid;
use wijkgids_core::vocab::AccountRole;

const WRITERS: usize = 4;
const WRITES_EACH: usize = 40;
const PULLERS: usize = 3;

/// Follows the cursor in small pages until told to stop and then caught up; returns
/// the last version seen of every record.
async fn follow(client: Arc<Client>, mut done: watch::Receiver<bool>) -> HashMap<String, u64> {
    let mut seen = HashMap::new();
    let mut cursor: Option<String> = None;
    loop {
        let finished = *done.borrow_and_update();
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/changes?limit=7&cursor={c}"),
                None => "/api/v1/changes?limit=7".to_owned(),
            };
            let (status, page) = client.get(&path).await;
            assert_eq!(status, 200, "{page}");
            for change in page["changes"].as_array().unwrap() {
                seen.insert(
                    change["id"].as_str().unwrap().to_owned(),
                    change["version"].as_u64().unwrap(),
                );
            }
            cursor = Some(page["cursor"].as_str().unwrap().to_owned());
            if page["has_more"] == false {
                break;
            }
        }
        if finished {
            return seen;
        }
        tokio::task::yield_now().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_never_make_a_puller_skip_a_change() {
    let server = TestServer::start_with(false).await;
    let coordinator = Arc::new(server.signed_in(AccountRole::Coordinator, None).await);
    let (stop, done) = watch::channel(false);
    let pullers: Vec<_> = (0..PULLERS)
        .map(|_| tokio::spawn(follow(Arc::clone(&coordinator), done.clone())))
        .collect();
    let writers: Vec<_> = (0..WRITERS)
        .map(|_| {
            let client = Arc::clone(&coordinator);
            tokio::spawn(async move {
                let mut written = HashMap::new();
                for round in 0..WRITES_EACH {
                    let mut offering = wijkgids_core::sample::sample_offering();
                    offering.id = Uuid::new_v4();
                    offering.title = format!("Activiteit {round}");
                    let data = serde_json::to_value(offering).unwrap();
                    let (_, body) = client.push(vec![upsert("offering", &data, 0)]).await;
                    let result: &Value = &body["results"][0];
                    assert_eq!(result["status"], "applied", "{body}");
                    written.insert(
                        data["id"].as_str().unwrap().to_owned(),
                        result["version"].as_u64().unwrap(),
                    );
                }
                written
            })
        })
        .collect();
    let mut committed = HashMap::new();
    for writer in writers {
        committed.extend(writer.await.unwrap());
    }
    stop.send(true).unwrap();
    assert_eq!(committed.len(), WRITERS * WRITES_EACH);
    for puller in pullers {
        let seen = puller.await.unwrap();
        assert_eq!(seen, committed, "a puller missed or invented a change");
    }
}
