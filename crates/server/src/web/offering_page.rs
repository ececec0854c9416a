//! A shared link to an offering (`/aanbod/<id>`) opened on a device that has never
//! run the guide: the page arrives with the offering already in it, so a patient
//! given the link reads it as soon as the HTML is there, before the guide's WASM
//! has come and pulled the neighbourhood. The guide then takes over with the same
//! record, embedded as JSON. Only the public projection is used: this page is sent
//! to anyone. The text is Dutch, the app's first language; the guide shows the
//! reader's own language once it runs.

use wijkgids_core::Offering;
use wijkgids_core::markup::escape;
use wijkgids_core::schedule::{describe, describe_period};
use wijkgids_core::validate::phone_for_dialling;
use wijkgids_core::vocab::Lang;

/// The id of the `<script type="application/json">` the guide reads the record from.
pub const EMBED_ID: &str = "wijkgids-offering";

/// The offering id in a path `/aanbod/<id>`, if it is one.
pub fn offering_id(path: &str) -> Option<uuid::Uuid> {
    let id = path.strip_prefix("/aanbod/")?;
    uuid::Uuid::parse_str(id).ok()
}

/// `index` with the offering as its title, description and main content, and its
/// public JSON (`public_json`, as the API sends it) embedded for the guide.
/// `None` when `index` lacks the parts to fill in (a build without them).
pub fn render(index: &str, offering: &Offering, public_json: &str) -> Option<String> {
    let title = format!("{} · Wijkgids", offering.title);
    let page = replace_between(index, "<title>", "</title>", &escape(&title))?;
    let page = replace_between(
        &page,
        "<meta name=\"description\" content=\"",
        "\">",
        &escape(&offering.summary),
    )?;
    let main_start = page.find("<main id=\"main\"")?;
    let main_end = main_start + page[main_start..].find("</main>")? + "</main>".len();
    // `</script` cannot occur in JSON text once every `<` is escaped, and `<` only
    // occurs inside JSON strings, where `\u003c` means the same.
    let json = public_json.replace('<', "\\u003c");
    let embedded = format!("<script type=\"application/json\" id=\"{EMBED_ID}\">{json}</script>");
    // In the head: the page's own script looks for it while the body is parsed.
    let head_end = page.find("</head>")?;
    Some(format!(
        "{}{embedded}{}{}{}",
        &page[..head_end],
        &page[head_end..main_start],
        main(offering),
        &page[main_end..],
    ))
}

fn replace_between(text: &str, start: &str, end: &str, with: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = from + text[from..].find(end)?;
    Some(format!("{}{with}{}", &text[..from], &text[to..]))
}

/// The offering's main facts, in the markup and classes of the guide's page.
fn main(o: &Offering) -> String {
    let mut html = format!(
        "<main id=\"main\" class=\"page offering\"><h1>{}</h1><p class=\"lead\">{}</p>",
        escape(&o.title),
        escape(&o.summary)
    );
    if let Some(alert) = &o.alert {
        html += &format!("<p class=\"notice\" role=\"note\">{}</p>", escape(alert));
    }
    html += &section("Wat is het?", &paragraphs(&o.description));
    let when: String = o
        .schedules
        .iter()
        .map(|s| {
            let period = describe_period(s, Lang::Nl)
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            format!(
                "<p>{}</p>",
                escape(&format!("{}{period}", describe(s, Lang::Nl)))
            )
        })
        .collect();
    if !when.is_empty() {
        html += &section("Wanneer?", &when);
    }
    if let Some(l) = &o.location {
        let postcode_city = format!("{} {}", l.postcode, l.city);
        let lines = [l.name.as_str(), l.address.as_str(), postcode_city.trim()];
        let lines: Vec<String> = lines
            .iter()
            .filter(|line| !line.is_empty())
            .map(|line| escape(line))
            .collect();
        html += &section("Waar?", &format!("<p>{}</p>", lines.join("<br>")));
    }
    let c = &o.contact;
    let mut contact = String::new();
    if let Some(phone) = &c.phone {
        let dial = phone_for_dialling(phone).unwrap_or_default();
        contact += &format!(
            "<p><a class=\"button\" href=\"tel:{}\">Bel {}</a></p>",
            escape(&dial),
            escape(phone)
        );
    }
    if let Some(email) = &c.email {
        contact += &format!("<p><a href=\"mailto:{0}\">{0}</a></p>", escape(email));
    }
    if let Some(website) = &c.website {
        contact += &format!("<p><a href=\"{0}\">{0}</a></p>", escape(website));
    }
    if !contact.is_empty() {
        html += &section("Contact", &contact);
    }
    html + "</main>"
}

fn section(heading: &str, body: &str) -> String {
    format!("<section><h2>{heading}</h2>{body}</section>")
}

fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let lines: Vec<String> = p.trim().lines().map(escape).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wijkgids_core::sample::sample_offering;

    const INDEX: &str = "<html><head><meta name=\"description\" content=\"De wijkgids.\">\
        <title>Wijkgids</title></head><body><div id=\"app\"><main id=\"main\" class=\"page\">\
        <h1>Wat is er te doen?</h1></main></div><script>boot()</script></body></html>";

    #[test]
    fn the_page_carries_the_offering_and_its_json() {
        let mut offering = sample_offering();
        offering.title = "Koken & eten <samen>".into();
        let json = r#"{"title":"</script><script>alert(1)</script>"}"#;
        let page = render(INDEX, &offering, json).unwrap();
        assert!(page.contains("<title>Koken &amp; eten &lt;samen&gt; · Wijkgids</title>"));
        assert!(page.contains(&format!("content=\"{}\"", escape(&offering.summary))));
        assert!(page.contains("<h1>Koken &amp; eten &lt;samen&gt;</h1>"));
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
        assert!(page.contains(r#"{"title":"\u003c/script>\u003cscript>alert(1)\u003c/script>"}"#));
        assert!(
            page.contains("</script></head>"),
            "before the body's scripts run"
        );
    }

    #[test]
    fn only_offering_paths_name_an_offering() {
        let id = sample_offering().id;
        assert_eq!(offering_id(&format!("/aanbod/{id}")), Some(id));
        for other in ["/aanbod/", "/aanbod/x", "/zoeken", "/aanbod/{id}/meer"] {
            assert_eq!(offering_id(other), None, "{other}");
        }
    }
}
