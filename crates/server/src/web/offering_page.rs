//! A shared link to an offering (`/aanbod/<id>`) opened on a device that has never
//! run the guide: the page arrives with the offering already in it, so a patient
//! given the link reads it as soon as the HTML is there, before the guide's WASM
//! has come and pulled the neighbourhood. The text is Dutch, the app's first
//! language; the guide shows the reader's own language once it runs.

use wijkgids_core::Offering;
use wijkgids_core::markup::escape;

use super::page_fill::{Fill, fill};
use wijkgids_core::schedule::{describe, describe_period};
use wijkgids_core::validate::{mailto_href, phone_for_dialling};
use wijkgids_core::vocab::Lang;

/// The offering id in a path `/aanbod/<id>`, if it is one.
pub fn offering_id(path: &str) -> Option<uuid::Uuid> {
    let id = path.strip_prefix("/aanbod/")?;
    uuid::Uuid::parse_str(id).ok()
}

/// `index` with the offering as its title, description and main content, and its
/// public JSON (`public_json`, as the API sends it) for the guide.
pub fn render(index: &str, offering: &Offering, public_json: &str) -> Option<String> {
    fill(
        index,
        &Fill {
            title: &offering.title,
            description: &offering.summary,
            main: main(offering),
            records_json: format!("[{public_json}]"),
        },
    )
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
    let description = paragraphs(&o.description);
    if !description.is_empty() {
        html += &section("Wat is het?", &description);
    }
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
        contact += &format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape(&mailto_href(email)),
            escape(email)
        );
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

    #[test]
    fn the_page_shows_the_offering_and_carries_it() {
        let index = "<html><head><meta name=\"description\" content=\"x\"><title>W</title>\
            </head><body><main id=\"main\" class=\"page\"></main></body></html>";
        let mut offering = sample_offering();
        offering.title = "Koken & eten".into();
        let page = render(index, &offering, r#"{"id":"x"}"#).unwrap();
        assert!(page.contains("<h1>Koken &amp; eten</h1>"));
        assert!(page.contains("<h2>Wanneer?</h2>"));
        assert!(page.contains(r#">[{"id":"x"}]</script>"#));
    }

    #[test]
    fn no_heading_stands_over_nothing() {
        let index = "<html><head><meta name=\"description\" content=\"x\"><title>W</title>\
            </head><body><main id=\"main\" class=\"page\"></main></body></html>";
        let mut offering = sample_offering();
        offering.description = " \n\n ".into();
        offering.schedules.clear();
        offering.location = None;
        offering.contact = Default::default();
        offering.online = true;
        let page = render(index, &offering, "{}").unwrap();
        assert!(page.contains("<h1>"), "{page}");
        assert!(!page.contains("<h2>"), "{page}");
    }

    #[test]
    fn a_mail_link_adds_no_hidden_recipients() {
        let index = "<html><head><meta name=\"description\" content=\"x\"><title>W</title>\
            </head><body><main id=\"main\" class=\"page\"></main></body></html>";
        let mut offering = sample_offering();
        offering.contact.email = Some("info?bcc=spy%40evil.example&x=@example.org".into());
        let page = render(index, &offering, "{}").unwrap();
        assert!(
            page.contains("href=\"mailto:info%3Fbcc%3Dspy%2540evil.example%26x%3D@example.org\""),
            "{page}"
        );
        assert!(!page.contains("mailto:info?"), "{page}");
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
