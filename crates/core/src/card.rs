//! An offering in a list, as every screen draws it: the guide's lists, the
//! finder's results on a new visitor's first screen, and the server's search page.
//! One markup, so a list drawn by one is not redrawn differently by the next.

use serde::{Deserialize, Serialize};

use crate::markup::escape;
use crate::phrases::{FREE, PAUSED, in_lang};
use crate::search::{Reason, matched_on};
use crate::vocab::{Lang, Status};

use crate::{Offering, money};

/// What a card shows, already in the interface language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardText {
    /// Where the card leads; empty for a preview, which leads nowhere.
    pub href: String,
    pub title: String,
    pub summary: String,
    pub free: bool,
    /// What taking part costs when the participant pays: "€ 5,00 per keer".
    pub price: Option<String>,
    pub paused: bool,
    /// "Volgende keer: dinsdag 25 november, 10:00", "Afgelopen: vandaag
    /// 09:30–10:30", or "Op afspraak".
    pub next: Option<String>,
    /// The session it tells of is over: the card is greyed.
    #[serde(default)]
    pub over: bool,
    /// When the session it tells of is over (Unix seconds): the first screen
    /// leaves out a card of the digest once it is.
    #[serde(default)]
    pub ends: Option<i64>,
    /// "Niet op 24 december – 1 januari: Tussen kerst en oud en nieuw".
    #[serde(default)]
    pub closure: Option<String>,
    pub place: Option<String>,
    /// Why it matched a search, when the title does not show it.
    pub why: Option<String>,
    /// The `lang` of the title and summary when they are not in the screen's
    /// language (an offering written only in Dutch, on an English screen).
    #[serde(default)]
    pub lang: Option<String>,
}

impl CardText {
    /// The card of `offering` found through `reasons`, without the times of its
    /// sessions (which need the schedules and a clock in the Netherlands' zone):
    /// what can be drawn without the guide.
    pub fn timeless(lang: Lang, offering: &Offering, reasons: &[Reason]) -> CardText {
        let free = offering.cost.is_free_for_participant();
        CardText {
            href: format!("/aanbod/{}", offering.id),
            title: offering.title_in(lang).to_string(),
            summary: offering.summary_in(lang).to_string(),
            free,
            price: (!free).then(|| money::cost_text(&offering.cost, lang)),
            paused: offering.status == Status::Paused,
            next: None,
            over: false,
            ends: None,
            closure: None,
            place: offering.place_text(lang),
            why: matched_on(reasons, lang),
            // Marked Dutch on another screen when it is not translated.
            lang: (lang != Lang::Nl && !offering.is_translated_into(lang))
                .then(|| Lang::Nl.code().to_string()),
        }
    }

    /// The list item's class: a card of a session that is over is greyed.
    pub fn class(&self) -> &'static str {
        if self.over { "card over" } else { "card" }
    }

    /// The whole list item, on a screen in `lang`.
    pub fn html(&self, lang: Lang) -> String {
        format!(
            "<li class=\"{}\" data-testid=\"card\">{}</li>",
            self.class(),
            self.inner_html(lang)
        )
    }

    /// What the list item holds, on a screen in `lang`.
    pub fn inner_html(&self, lang: Lang) -> String {
        let text_lang = attr("lang", self.lang.as_deref());
        let title = escape(&self.title);
        // A preview (no `href`) shows the title as the card will, but leads nowhere.
        let title = if self.href.is_empty() {
            format!("<span>{title}</span>")
        } else {
            format!("<a href=\"{}\">{title}</a>", escape(&self.href))
        };
        let mut facts = String::new();
        if self.free {
            facts += &format!("<span class=\"badge\">{}</span>", in_lang(FREE, lang));
        }
        if let Some(price) = &self.price {
            facts += &format!("<span data-testid=\"card-price\">{}</span>", escape(price));
        }
        if self.paused {
            let paused = in_lang(PAUSED, lang);
            facts += &format!("<span class=\"badge badge-warn\">{paused}</span>");
        }
        if let Some(next) = &self.next {
            facts += &format!("<span data-testid=\"card-time\">{}</span>", escape(next));
        }
        if let Some(place) = &self.place {
            // Places are written in Dutch.
            let place_lang = attr("lang", (lang != Lang::Nl).then_some(Lang::Nl.code()));
            facts += &format!("<span{place_lang}>{}</span>", escape(place));
        }
        let closure = self
            .closure
            .as_deref()
            .map(|c| {
                format!(
                    "<p class=\"card-closure\" data-testid=\"card-closure\">{}</p>",
                    escape(c)
                )
            })
            .unwrap_or_default();
        let why = self
            .why
            .as_deref()
            .map(|why| format!("<p class=\"card-why\">{}</p>", escape(why)))
            .unwrap_or_default();
        format!(
            "<h3 class=\"card-title\"{text_lang}>{title}</h3>\
             <p class=\"card-summary\"{text_lang}>{}</p>\
             <p class=\"card-facts\">{facts}</p>{closure}{why}",
            escape(&self.summary)
        )
    }
}

/// ` name="value"`, or nothing without a value.
fn attr(name: &str, value: Option<&str>) -> String {
    value
        .map(|value| format!(" {name}=\"{}\"", escape(value)))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    fn card() -> CardText {
        CardText {
            href: "/aanbod/1".into(),
            title: "Koffie & <praat>".into(),
            summary: "Elke dinsdag".into(),
            free: true,
            price: None,
            paused: true,
            next: Some("Volgende keer: dinsdag 10:00".into()),
            over: true,
            ends: None,
            closure: Some("Niet op 24 december".into()),
            place: Some("Buurthuis De Ster, Oost".into()),
            why: Some("Past bij: koffie".into()),
            lang: None,
        }
    }

    #[test]
    fn a_card_is_drawn_with_its_facts_in_order_and_its_text_escaped() {
        assert_eq!(
            card().html(Lang::Nl),
            "<li class=\"card over\" data-testid=\"card\"><h3 class=\"card-title\">\
             <a href=\"/aanbod/1\">Koffie &amp; &lt;praat&gt;</a></h3>\
             <p class=\"card-summary\">Elke dinsdag</p><p class=\"card-facts\">\
             <span class=\"badge\">Gratis</span>\
             <span class=\"badge badge-warn\">Tijdelijk gestopt</span>\
             <span data-testid=\"card-time\">Volgende keer: dinsdag 10:00</span>\
             <span>Buurthuis De Ster, Oost</span></p>\
             <p class=\"card-closure\" data-testid=\"card-closure\">Niet op 24 december</p>\
             <p class=\"card-why\">Past bij: koffie</p></li>"
        );
    }

    #[test]
    fn on_an_english_screen_dutch_text_and_places_say_they_are_dutch() {
        let card = CardText {
            lang: Some("nl".into()),
            href: String::new(),
            ..card()
        };
        let html = card.inner_html(Lang::En);
        assert!(html.starts_with(
            "<h3 class=\"card-title\" lang=\"nl\"><span>Koffie &amp; &lt;praat&gt;</span></h3>\
             <p class=\"card-summary\" lang=\"nl\">"
        ));
        assert!(html.contains("<span class=\"badge\">Free</span>"));
        assert!(html.contains("<span lang=\"nl\">Buurthuis De Ster, Oost</span>"));
    }

    #[test]
    fn a_timeless_card_tells_the_price_and_no_time() {
        let paid = demo::neighbourhood()
            .unwrap()
            .offerings
            .into_iter()
            .find(|o| !o.cost.is_free_for_participant())
            .expect("a paid offering in the demo");
        let card = CardText::timeless(Lang::Nl, &paid, &[]);
        assert!(!card.free);
        assert!(card.price.is_some());
        assert_eq!(card.next, None);
        assert_eq!(card.href, format!("/aanbod/{}", paid.id));
    }
}
