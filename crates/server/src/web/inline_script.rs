//! The inline scripts of an HTML page and the CSP sources that allow exactly them.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The CSP source that allows one inline script: `'sha256-<base64>'` of its text
/// as the browser sees it, after HTML's newline normalisation.
pub fn hash_source(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let digest = Sha256::digest(normalised.as_bytes());
    let encoded = base64::engine::general_purpose::STANDARD.encode(digest);
    format!("'sha256-{encoded}'")
}

/// The text of each `<script>` without a `src`, in document order. HTML ends a
/// script's text at the first `</script`, whatever it is inside, so a plain
/// search finds the same text the browser runs.
pub fn texts(html: &str) -> Vec<String> {
    // ASCII lowercase keeps byte offsets, so they index into `html` as well.
    let lower = html.to_ascii_lowercase();
    let mut texts = Vec::new();
    let mut from = 0;
    while let Some(start) = find_tag(&lower, "<script", from) {
        let Some(open_end) = lower[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let body_end = find_tag(&lower, "</script", open_end).unwrap_or(html.len());
        if !has_attribute(&lower[start + "<script".len()..open_end - 1], "src") {
            texts.push(html[open_end..body_end].to_owned());
        }
        from = body_end;
    }
    texts
}

/// Where `tag` starts at or after `from`, as a whole tag name (`<script>`,
/// `<script type=...>`), not a prefix of a longer one.
fn find_tag(lower: &str, tag: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = lower[at..].find(tag) {
        let start = at + i;
        let after = lower.as_bytes().get(start + tag.len());
        if matches!(
            after,
            None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
        ) {
            return Some(start);
        }
        at = start + tag.len();
    }
    None
}

/// Whether the attributes of an opening tag (lowercased) include `name`.
fn has_attribute(attributes: &str, name: &str) -> bool {
    let mut rest = attributes;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return false;
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        if &rest[..name_end] == name {
            return true;
        }
        rest = rest[name_end..].trim_start();
        if let Some(value) = rest.strip_prefix('=') {
            rest = skip_attribute_value(value.trim_start());
        }
    }
}

fn skip_attribute_value(value: &str) -> &str {
    match value.chars().next() {
        Some(quote @ ('"' | '\'')) => value[1..]
            .find(quote)
            .map_or("", |end| &value[1 + end + 1..]),
        _ => value
            .find(|c: char| c.is_ascii_whitespace())
            .map_or("", |end| &value[end..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_only() {
        let html = r#"<!doctype html><html><head>
            <link rel="modulepreload" href="/app-0123456789abcdef.js">
            <SCRIPT src="/external.js"></SCRIPT>
            <script type="module" nonce="x">import init from '/app.js';await init();</script>
            <script data-src="not a src" type='module'>one()</script>
            <scripts>not a script</scripts>
            <script src=/bare.js defer></script>
            </head><body><script>
two()
</script></body></html>"#;
        assert_eq!(
            texts(html),
            [
                "import init from '/app.js';await init();",
                "one()",
                "\ntwo()\n"
            ]
        );
    }

    #[test]
    fn hash_source_matches_the_browser_digest() {
        // The CSP spec's own example: `alert('Hello, world.');`.
        assert_eq!(
            hash_source("alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
        assert_eq!(hash_source("a()\r\nb()\r"), hash_source("a()\nb()\n"));
    }
}
