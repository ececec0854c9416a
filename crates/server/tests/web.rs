//! The built app over real loopback HTTP: a small app folder shaped like trunk's
//! `dist/`, served by the whole server (API included).

use std::io::Read;
use std::path::Path;

use base64::Engine;
use reqwest::header::{HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};

mod common;

use common::TestServer;

const WASM: &str = "/wijkgids-0123456789abcdef_bg.wasm";
const JS: &str = "/wijkgids-0123456789abcdef.js";
const CSS: &str = "/main-36eb7254cff469e.css"; // trunk drops leading zeros
/// What trunk injects to start the WASM.
const LOADER: &str = "\nimport init, * as bindings from '/wijkgids-0123456789abcdef.js';\n\
    const wasm = await init({ module_or_path: '/wijkgids-0123456789abcdef_bg.wasm' });\n\
    window.wasmBindings = bindings;\n";

/// An app folder like trunk's: hashed WASM, JS and CSS, copied files, and an
/// `index.html` with an inline module script.
fn write_app(dir: &Path, loader: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let index = format!(
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\">\
         <title>Wijkgids</title>\
         <link rel=\"stylesheet\" href=\"{CSS}\">\
         <link rel=\"modulepreload\" href=\"{JS}\" crossorigin=\"anonymous\">\
         <script type=\"module\" nonce=\"trunk\">{loader}</script>\
         </head><body><div id=\"app\"><h1>Wijkgids</h1></div></body></html>"
    );
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(0u8, 4096));
    let files: [(&str, Vec<u8>); 8] = [
        ("index.html", index.into_bytes()),
        (WASM, wasm),
        (JS, "export default function init() {}\n".repeat(50).into()),
        (
            CSS,
            "body { margin: 0; color: #1d5c4d; }\n".repeat(50).into(),
        ),
        (
            "sw.js",
            b"self.addEventListener('fetch', () => {});\n".to_vec(),
        ),
        (
            "manifest.webmanifest",
            br#"{"name":"Wijkgids","start_url":"/","display":"standalone"}"#.to_vec(),
        ),
        (
            "favicon.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec(),
        ),
        ("robots.txt", b"User-agent: *\nAllow: /\n".to_vec()),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name.trim_start_matches('/')), bytes).unwrap();
    }
}

/// The server with no app yet, then the app built into its folder: as after a
/// deploy, the server follows the new `index.html`.
struct Server {
    base: String,
    app_dir: std::path::PathBuf,
    _server: TestServer,
}

async fn start_server() -> Server {
    let server = TestServer::start_with(false).await;
    let app_dir = server.dir.path().join("dist");
    write_app(&app_dir, LOADER);
    Server {
        base: server.base.clone(),
        app_dir,
        _server: server,
    }
}

impl Server {
    /// GET with no `Accept-Encoding` (so the body is the file as stored).
    async fn get(&self, path: &str) -> (u16, HeaderMap, Vec<u8>) {
        self.get_encoded(path, None).await
    }

    async fn get_encoded(&self, path: &str, encoding: Option<&str>) -> (u16, HeaderMap, Vec<u8>) {
        let mut request = reqwest::Client::new().get(format!("{}{path}", self.base));
        if let Some(encoding) = encoding {
            request = request.header("accept-encoding", encoding);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, headers, response.bytes().await.unwrap().to_vec())
    }

    fn file(&self, path: &str) -> Vec<u8> {
        std::fs::read(self.app_dir.join(path.trim_start_matches('/'))).unwrap()
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or_else(|| panic!("no {name} header in {headers:?}"))
}

#[tokio::test]
async fn each_file_has_its_media_type() {
    let server = start_server().await;
    for (path, media_type) in [
        ("/", "text/html"),
        ("/index.html", "text/html"),
        (WASM, "application/wasm"),
        (JS, "text/javascript"),
        (CSS, "text/css"),
        ("/sw.js", "text/javascript"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/favicon.svg", "image/svg+xml"),
        ("/robots.txt", "text/plain"),
    ] {
        let (status, headers, body) = server.get(path).await;
        assert_eq!(status, 200, "{path}");
        let content_type = header(&headers, "content-type");
        assert_eq!(
            content_type.split(';').next().unwrap(),
            media_type,
            "{path}"
        );
        let file = if path == "/" { "index.html" } else { path };
        assert_eq!(body, server.file(file), "{path}");
    }
}

#[tokio::test]
async fn hashed_files_are_cached_for_good_and_the_rest_is_revalidated() {
    let server = start_server().await;
    for path in [WASM, JS, CSS] {
        let (status, headers, _) = server.get(path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            header(&headers, "cache-control"),
            "public, max-age=31536000, immutable",
            "{path}"
        );
    }
    for path in [
        "/",
        "/index.html",
        "/sw.js",
        "/manifest.webmanifest",
        "/favicon.svg",
        "/robots.txt",
    ] {
        let (status, headers, _) = server.get(path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&headers, "cache-control"), "no-cache", "{path}");
    }
}

#[tokio::test]
async fn client_routes_get_the_app_and_missing_files_a_404() {
    let server = start_server().await;
    for route in [
        "/bestaat-niet",
        "/aanbod/3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    ] {
        let (status, headers, body) = server.get(route).await;
        assert_eq!(status, 200, "{route}");
        assert_eq!(body, server.file("index.html"), "{route}");
        assert_eq!(header(&headers, "cache-control"), "no-cache", "{route}");
        assert!(header(&headers, "content-type").starts_with("text/html"));
    }
    // A missing script is a 404, not HTML that the browser would try to run,
    // and is never cached for good even when its name looks hashed.
    for missing in ["/wijkgids-aaaaaaaaaaaaaaaa.js", "/icons/missing.png"] {
        let (status, headers, _) = server.get(missing).await;
        assert_eq!(status, 404, "{missing}");
        assert_eq!(header(&headers, "cache-control"), "no-cache", "{missing}");
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let server = start_server().await;
    for path in [
        "/",
        WASM,
        "/bestaat-niet",
        "/missing.js",
        "/api/v1/health",
        "/api/v1/nope",
    ] {
        let (_, headers, _) = server.get(path).await;
        assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
        assert_eq!(header(&headers, "referrer-policy"), "no-referrer");
        assert_eq!(header(&headers, "x-frame-options"), "DENY");
        assert_eq!(
            header(&headers, "cross-origin-opener-policy"),
            "same-origin"
        );
        let permissions = header(&headers, "permissions-policy");
        for feature in ["camera=()", "microphone=()", "geolocation=()"] {
            assert!(permissions.contains(feature), "{path}: {permissions}");
        }
        let policy = header(&headers, "content-security-policy");
        for directive in [
            "default-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
        ] {
            assert!(
                policy.split("; ").any(|d| d == directive),
                "{path}: {directive} missing from {policy}"
            );
        }
        assert!(!policy.contains("unsafe-inline"), "{policy}");
    }
}

fn script_src(headers: &HeaderMap) -> String {
    let policy = header(headers, "content-security-policy");
    policy
        .split("; ")
        .find_map(|d| d.strip_prefix("script-src "))
        .unwrap_or_else(|| panic!("no script-src in {policy}"))
        .to_owned()
}

fn sha256_source(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    let hash = base64::engine::general_purpose::STANDARD.encode(digest);
    format!("'sha256-{hash}'")
}

#[tokio::test]
async fn the_policy_allows_the_inline_loader_by_its_hash_and_nothing_else_inline() {
    let server = start_server().await;
    let (_, headers, _) = server.get("/").await;
    assert_eq!(
        script_src(&headers),
        format!("'self' 'wasm-unsafe-eval' {}", sha256_source(LOADER))
    );
}

#[tokio::test]
async fn the_policy_follows_a_new_build_of_the_app() {
    let server = start_server().await;
    let (_, headers, _) = server.get("/").await;
    assert!(script_src(&headers).contains(&sha256_source(LOADER)));

    // A new build: other hashed names, so another loader (of another length, as
    // two writes in one clock tick can share a modification time).
    let rebuilt = LOADER.replace("0123456789abcdef", "aaaabbbbccccdddd") + "start();\n";
    write_app(&server.app_dir, &rebuilt);
    for page in ["/", "/bestaat-niet"] {
        let (_, headers, body) = server.get(page).await;
        assert!(String::from_utf8(body).unwrap().contains(&rebuilt));
        assert_eq!(
            script_src(&headers),
            format!("'self' 'wasm-unsafe-eval' {}", sha256_source(&rebuilt)),
            "{page}"
        );
    }
}

#[tokio::test]
async fn the_app_is_compressed_when_the_client_accepts_it() {
    let server = start_server().await;
    for (path, file) in [
        (WASM, WASM),
        (JS, JS),
        (CSS, CSS),
        ("/", "index.html"),
        ("/bestaat-niet", "index.html"),
    ] {
        let file = server.file(file);
        let (status, headers, body) = server.get_encoded(path, Some("gzip")).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&headers, "content-encoding"), "gzip", "{path}");
        assert!(body.len() < file.len(), "{path}: not smaller");
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, file, "{path}");

        let (status, headers, body) = server.get_encoded(path, Some("br")).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&headers, "content-encoding"), "br", "{path}");
        let mut plain = Vec::new();
        brotli_decompressor::Decompressor::new(&body[..], 4096)
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, file, "{path}");
        assert!(
            header(&headers, "vary").contains("accept-encoding"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_precompressed_file_is_served_as_stored() {
    let server = start_server().await;
    let css = server.file(CSS);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, &css).unwrap();
    let stored = gz.finish().unwrap();
    let precompressed = server
        .app_dir
        .join(format!("{}.gz", CSS.trim_start_matches('/')));
    std::fs::write(precompressed, &stored).unwrap();

    let (status, headers, body) = server.get_encoded(CSS, Some("gzip")).await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-encoding"), "gzip");
    assert_eq!(header(&headers, "content-type"), "text/css");
    assert_eq!(body, stored);
    assert_eq!(
        headers.get("cache-control"),
        Some(&HeaderValue::from_static(
            "public, max-age=31536000, immutable"
        ))
    );
}

#[tokio::test]
async fn the_search_page_says_when_results_match_only_some_words() {
    let server = TestServer::start_with(true).await;
    let app_dir = server.dir.path().join("dist");
    write_app(&app_dir, LOADER);
    // An index with the places the search page fills in, as the real one has.
    let index = "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\">\
        <title>Wijkgids</title><meta name=\"description\" content=\"Wijkgids\">\
        </head><body><main id=\"main\"></main></body></html>";
    std::fs::write(app_dir.join("index.html"), index).unwrap();
    let page = |path: &'static str| {
        let url = format!("{}{path}", server.base);
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    let partly = page("/zoeken?q=kinderen%20zwemmen%20paardrijden").await;
    assert!(
        partly.contains("data-testid=\"results-partly\""),
        "{partly}"
    );
    assert!(partly.contains("Niets past bij alle woorden"), "{partly}");
    let whole = page("/zoeken?q=wandelen").await;
    assert!(whole.contains("data-testid=\"result-count\""), "{whole}");
    assert!(!whole.contains("results-partly"), "{whole}");
    assert!(
        !whole.contains("data-testid=\"related\""),
        "enough results: {whole}"
    );
    // One fall-prevention course: the groups on the same subject below it, apart.
    let few = page("/zoeken?q=valpreventie").await;
    let related = few
        .find("data-testid=\"related\"")
        .unwrap_or_else(|| panic!("{few}"));
    assert!(few[related..].contains("Ook over dit onderwerp"));
    assert!(few[..related].contains("Training In Balans"));
    assert!(!few[related..].contains("Training In Balans"));
}
