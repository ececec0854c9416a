//! The app's `index.html` with content filled in by the server: a title, a
//! description, the main content, and the records it shows as JSON for the guide
//! to start from (see `src/guide.rs`, `records_sent_with_page`). Used for the
//! pages a new device most often lands on from a link: an offering and a search.
//! Only public projections go in: these pages are sent to anyone.

use wijkgids_core::markup::escape;

/// The id of the `<script type="application/json">` that holds the records.
pub const RECORDS_ID: &str = "wijkgids-records";

/// What goes into the page.
pub struct Fill<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The whole `<main id="main" ...>...</main>` element.
    pub main: String,
    /// The records shown, as a JSON array of public records.
    pub records_json: String,
}

/// `index` filled in; `None` when it lacks a part to fill (a build without them).
pub fn fill(index: &str, fill: &Fill<'_>) -> Option<String> {
    let title = format!("{} · Wijkgids", fill.title);
    let page = replace_between(index, "<title>", "</title>", &escape(&title))?;
    let page = replace_between(
        &page,
        "<meta name=\"description\" content=\"",
        "\">",
        &escape(fill.description),
    )?;
    let main_start = page.find("<main id=\"main\"")?;
    let main_end = main_start + page[main_start..].find("</main>")? + "</main>".len();
    // `</script` cannot occur in JSON text once every `<` is escaped, and `<` only
    // occurs inside JSON strings, where `\u003c` means the same.
    let json = fill.records_json.replace('<', "\\u003c");
    let embedded = format!("<script type=\"application/json\" id=\"{RECORDS_ID}\">{json}</script>");
    // In the head: the page's own script looks for it while the body is parsed.
    let head_end = page.find("</head>")?;
    Some(format!(
        "{}{embedded}{}{}{}",
        &page[..head_end],
        &page[head_end..main_start],
        fill.main,
        &page[main_end..],
    ))
}

fn replace_between(text: &str, start: &str, end: &str, with: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = from + text[from..].find(end)?;
    Some(format!("{}{with}{}", &text[..from], &text[to..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = "<html><head><meta name=\"description\" content=\"De wijkgids.\">\
        <title>Wijkgids</title></head><body><div id=\"app\"><main id=\"main\" class=\"page\">\
        <h1>Wat is er te doen?</h1></main></div><script>boot()</script></body></html>";

    #[test]
    fn the_page_carries_the_content_and_the_records() {
        let page = fill(
            INDEX,
            &Fill {
                title: "Koken & eten <samen>",
                description: "Elke \"dinsdag\"",
                main: "<main id=\"main\"><h1>Koken</h1></main>".into(),
                records_json: r#"[{"title":"</script><script>alert(1)</script>"}]"#.into(),
            },
        )
        .unwrap();
        assert!(page.contains("<title>Koken &amp; eten &lt;samen&gt; · Wijkgids</title>"));
        assert!(page.contains("content=\"Elke &quot;dinsdag&quot;\""));
        assert!(page.contains("<main id=\"main\"><h1>Koken</h1></main>"));
        assert!(
            !page.contains("Wat is er te doen?"),
            "the front page's content is replaced"
        );
        assert!(
            page.contains("<script>boot()</script>"),
            "the app still starts"
        );
        // The embedded JSON cannot end its script early.
        assert_eq!(page.matches("</script>").count(), 2, "{page}");
        assert!(
            page.contains(r#"[{"title":"\u003c/script>\u003cscript>alert(1)\u003c/script>"}]"#)
        );
        assert!(
            page.contains("</script></head>"),
            "before the body's scripts run"
        );
    }
}
