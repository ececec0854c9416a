//! Filters: what a person narrows the guide down to, combinable, kept in the URL.
//!
//! Several values of one filter (two themes, two days) mean "any of them"; different
//! filters must all hold. In the URL each filter has a short, stable key; a list is
//! one pair per value (`theme=exercise&theme=housing`), and a comma-separated value
//! is read too. Unknown keys and values are ignored, so an old or hand-edited link
//! still opens.
//!
//! | key | filter | values |
//! | --- | --- | --- |
//! | `need` | [`Filters::need`] | a [`Need`] code |
//! | `theme` | [`Filters::themes`] | [`Theme`] codes |
//! | `dim` | [`Filters::dimensions`] | [`HealthDimension`] codes |
//! | `kind` | [`Filters::kind`] | `formal`, `informal` |
//! | `free` | [`Filters::free`] | `1` |
//! | `age` | [`Filters::age`] | a person's age in years |
//! | `day` | [`Filters::days`] | `MO` `TU` `WE` `TH` `FR` `SA` `SU` (either case) |
//! | `when` | [`Filters::when`] | `today`, `tomorrow`, `this_week`, `open_now` |
//! | `area` | [`Filters::neighbourhoods`] | neighbourhood names |
//! | `wheelchair` | [`Filters::wheelchair`] | `1` |
//! | `language` | [`Filters::languages`] | [`Language`] codes |
//!
//! The search text goes under [`TEXT_KEY`] (`q`).

use chrono::Weekday;
use serde::{Deserialize, Serialize};

use super::agenda::{DayFacts, day_bit};
use super::document::{Facts, bits};
use super::limits::{AREA_MAX, VALUES_MAX, clip};
use super::needs::Need;
use crate::schedule::{ByDay, Window};
use crate::vocab::{HealthDimension, Lang, Language, OfferingKind, Theme, Vocabulary};

/// The URL key of the search text.
pub const TEXT_KEY: &str = "q";

/// Everything a search can be narrowed down by. The default narrows nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    /// Offerings for one of this need's themes (a home-screen tile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub need: Option<Need>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<Theme>,
    /// Positive Health dimensions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<HealthDimension>,
    /// Formal (professionals) or informal (volunteers, neighbours).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<OfferingKind>,
    /// No cost to the participant: free, or paid for by insurance, the municipality
    /// or a referral ([`crate::model::Cost::is_free_for_participant`]).
    #[serde(skip_serializing_if = "is_false")]
    pub free: bool,
    /// A person's age: offerings whose age limits (if any) include it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// Weekdays its schedules fall on (schedules that have ended do not count).
    #[serde(skip_serializing_if = "Vec::is_empty", with = "day_codes")]
    pub days: Vec<Weekday>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
    /// Neighbourhood names, compared without case or accents. Online offerings have
    /// no neighbourhood.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub neighbourhoods: Vec<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub wheelchair: bool,
    /// Languages it is given in; an offering that lists none counts as Dutch.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Language>,
}

/// When an offering happens, from its schedules in Europe/Amsterdam at the query's
/// `now`. Paused offerings and those by appointment (whose schedules are opening
/// hours, [`crate::model::Offering::has_sessions`]) never match, but for "open now".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// A session of today is still to come or going on at `now` (one that is
    /// over does not count: the list would show it as over).
    Today,
    /// Something happens tomorrow.
    Tomorrow,
    /// Still today (as [`When::Today`]), or in the six days after it.
    ThisWeek,
    /// A session is going on right now (one with a known closing time).
    OpenNow,
}

impl When {
    pub const ALL: [When; 4] = [When::Today, When::Tomorrow, When::ThisWeek, When::OpenNow];

    pub fn code(self) -> &'static str {
        match self {
            When::Today => "today",
            When::Tomorrow => "tomorrow",
            When::ThisWeek => "this_week",
            When::OpenNow => "open_now",
        }
    }

    pub fn from_code(code: &str) -> Option<When> {
        When::ALL.into_iter().find(|w| w.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (When::Today, Lang::Nl) => "Vandaag",
            (When::Today, Lang::En) => "Today",
            (When::Tomorrow, Lang::Nl) => "Morgen",
            (When::Tomorrow, Lang::En) => "Tomorrow",
            (When::ThisWeek, Lang::Nl) => "Komende 7 dagen",
            (When::ThisWeek, Lang::En) => "Next 7 days",
            (When::OpenNow, Lang::Nl) => "Nu open",
            (When::OpenNow, Lang::En) => "Open now",
        }
    }
}

impl From<Option<When>> for Window {
    /// The dates a card in a list with this time filter tells about.
    fn from(when: Option<When>) -> Window {
        match when {
            None => Window::FromNow,
            Some(When::Today) => Window::Today,
            Some(When::Tomorrow) => Window::Tomorrow,
            Some(When::ThisWeek) => Window::Week,
            Some(When::OpenNow) => Window::Now,
        }
    }
}

/// The code of a weekday in URLs and JSON: the RFC 5545 code the schedules use,
/// "MO" ... "SU".
pub fn day_code(day: Weekday) -> String {
    ByDay::every(day).to_rfc5545()
}

/// Reads a weekday code, in either case ("MO", "mo").
pub fn day_from_code(code: &str) -> Option<Weekday> {
    ByDay::parse(code)
        .filter(|by| by.ordinal.is_none())
        .map(|by| by.weekday)
}

impl Filters {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// The filters as URL query pairs, in a stable order; see the module docs.
    pub fn to_query_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut add = |key: &'static str, value: &str| pairs.push((key, value.to_string()));
        if let Some(need) = self.need {
            add("need", need.code());
        }
        self.themes.iter().for_each(|t| add("theme", t.code()));
        self.dimensions.iter().for_each(|d| add("dim", d.code()));
        if let Some(kind) = self.kind {
            add("kind", kind.code());
        }
        if self.free {
            add("free", "1");
        }
        if let Some(age) = self.age {
            add("age", &age.to_string());
        }
        self.days.iter().for_each(|d| add("day", &day_code(*d)));
        if let Some(when) = self.when {
            add("when", when.code());
        }
        self.neighbourhoods.iter().for_each(|n| add("area", n));
        if self.wheelchair {
            add("wheelchair", "1");
        }
        self.languages
            .iter()
            .for_each(|l| add("language", l.code()));
        pairs
    }

    /// Reads filters from URL query pairs (already percent-decoded), ignoring keys
    /// that are not filters (such as [`TEXT_KEY`]) and values it does not know.
    pub fn from_query_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Filters
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut filters = Filters::default();
        for (key, value) in pairs {
            for value in value.as_ref().split(',').map(str::trim) {
                filters.read_pair(key.as_ref(), value);
            }
        }
        filters
    }

    fn read_pair(&mut self, key: &str, value: &str) {
        let flag = matches!(value, "1" | "true" | "yes");
        match key {
            "need" => self.need = Need::from_code(value).or(self.need),
            "theme" => push_new(&mut self.themes, Theme::from_code(value)),
            "dim" => push_new(&mut self.dimensions, HealthDimension::from_code(value)),
            "kind" => self.kind = OfferingKind::from_code(value).or(self.kind),
            "free" => self.free = flag,
            "age" => self.age = value.parse().ok().or(self.age),
            "day" => push_new(&mut self.days, day_from_code(value)),
            "when" => self.when = When::from_code(value).or(self.when),
            "area" if !value.is_empty() => {
                let name = clip(value, AREA_MAX).to_string();
                push_new(&mut self.neighbourhoods, Some(name));
            }
            "wheelchair" => self.wheelchair = flag,
            "language" => push_new(&mut self.languages, Language::from_code(value)),
            _ => {}
        }
    }
}

/// Adds `value` once, up to [`VALUES_MAX`] values: a list that long is checked
/// in constant time per value, so reading a link stays linear in its length.
fn push_new<T: PartialEq>(list: &mut Vec<T>, value: Option<T>) {
    if let Some(value) = value
        && list.len() < VALUES_MAX
        && !list.contains(&value)
    {
        list.push(value);
    }
}

fn is_false(b: &bool) -> bool {
    !b
}

/// Serde for weekdays as their short codes.
mod day_codes {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(days: &[Weekday], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(days.iter().map(|d| super::day_code(*d)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
        let codes: Vec<std::borrow::Cow<'de, str>> = Vec::deserialize(d)?;
        codes
            .iter()
            .map(|code| {
                super::day_from_code(code).ok_or_else(|| {
                    serde::de::Error::custom(format_args!("unknown day `{code}`: expected MO..SU"))
                })
            })
            .collect()
    }
}

/// One filter, as a bit: which filters an offering fails decides which facet counts
/// it goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u16)]
pub(crate) enum Group {
    Need = 1,
    Theme = 1 << 1,
    Dimension = 1 << 2,
    Kind = 1 << 3,
    Free = 1 << 4,
    Age = 1 << 5,
    Day = 1 << 6,
    When = 1 << 7,
    Neighbourhood = 1 << 8,
    Wheelchair = 1 << 9,
    Language = 1 << 10,
}

/// Filters turned into bit sets, ready to test offerings against.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    need_themes: u16,
    themes: u16,
    dimensions: u8,
    formal: Option<bool>,
    free: bool,
    age: Option<u8>,
    days: u8,
    when: Option<When>,
    /// Neighbourhood ids; `None` when not filtered.
    neighbourhoods: Option<Vec<u32>>,
    wheelchair: bool,
    languages: u32,
    /// No filter is set: every offering passes them all.
    none: bool,
}

impl Prepared {
    /// `neighbourhood_id` finds the index's id of a neighbourhood name.
    pub fn new(filters: &Filters, neighbourhood_id: impl Fn(&str) -> Option<u32>) -> Prepared {
        let mut prepared = Prepared {
            need_themes: filters.need.map_or(0, |n| bits(n.themes()) as u16),
            themes: bits(&filters.themes) as u16,
            dimensions: bits(&filters.dimensions) as u8,
            formal: filters.kind.map(|k| k == OfferingKind::Formal),
            free: filters.free,
            age: filters.age,
            days: filters.days.iter().fold(0, |days, d| days | day_bit(*d)),
            when: filters.when,
            neighbourhoods: (!filters.neighbourhoods.is_empty()).then(|| {
                filters
                    .neighbourhoods
                    .iter()
                    .filter_map(|n| neighbourhood_id(n))
                    .collect()
            }),
            wheelchair: filters.wheelchair,
            languages: bits(&filters.languages),
            none: false,
        };
        let p = &prepared;
        prepared.none = p.need_themes == 0
            && p.themes == 0
            && p.dimensions == 0
            && p.formal.is_none()
            && !p.free
            && p.age.is_none()
            && p.days == 0
            && p.when.is_none()
            && p.neighbourhoods.is_none()
            && !p.wheelchair
            && p.languages == 0;
        prepared
    }

    /// Whether any filter is set that needs the offering's time facts.
    pub fn when(&self) -> Option<When> {
        self.when
    }

    /// The filters `doc` fails, as [`Group`] bits; 0 when it passes them all.
    #[inline]
    pub fn failures(&self, doc: &Facts, day: DayFacts) -> u16 {
        if self.none {
            return 0;
        }
        let mut failed = 0;
        let mut check = |group: Group, passes: bool| {
            if !passes {
                failed |= group as u16;
            }
        };
        check(
            Group::Need,
            self.need_themes == 0 || doc.themes & self.need_themes != 0,
        );
        check(
            Group::Theme,
            self.themes == 0 || doc.themes & self.themes != 0,
        );
        check(
            Group::Dimension,
            self.dimensions == 0 || doc.dimensions & self.dimensions != 0,
        );
        check(Group::Kind, self.formal.is_none_or(|f| doc.formal == f));
        check(Group::Free, !self.free || doc.free);
        check(
            Group::Age,
            self.age.is_none_or(|age| {
                doc.min_age.is_none_or(|min| min <= age) && doc.max_age.is_none_or(|max| age <= max)
            }),
        );
        check(Group::Day, self.days == 0 || day.weekdays & self.days != 0);
        check(Group::When, self.when.is_none_or(|w| happens(day, w)));
        check(
            Group::Neighbourhood,
            self.neighbourhoods
                .as_ref()
                .is_none_or(|ids| doc.neighbourhood.is_some_and(|n| ids.contains(&n))),
        );
        check(Group::Wheelchair, !self.wheelchair || doc.wheelchair);
        check(
            Group::Language,
            self.languages == 0 || doc.languages & self.languages != 0,
        );
        failed
    }
}

/// Whether the offering with these time facts happens `when`: "today" is what is
/// still to come or going on today, as the front page's "Vandaag in de wijk".
pub(crate) fn happens(day: DayFacts, when: When) -> bool {
    match when {
        When::Today => day.still_today(),
        When::Tomorrow => day.tomorrow(),
        When::ThisWeek => day.this_week(),
        When::OpenNow => day.open,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Filters {
        Filters {
            need: Some(Need::MeetPeople),
            themes: vec![Theme::Exercise, Theme::Housing],
            dimensions: vec![HealthDimension::Body],
            kind: Some(OfferingKind::Informal),
            free: true,
            age: Some(70),
            days: vec![Weekday::Tue, Weekday::Sat],
            when: Some(When::ThisWeek),
            neighbourhoods: vec!["De Esch".into()],
            wheelchair: true,
            languages: vec![Language::Arabic],
        }
    }

    #[test]
    fn query_pairs_round_trip_with_stable_short_keys() {
        let filters = full();
        let pairs = filters.to_query_pairs();
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                "need",
                "theme",
                "theme",
                "dim",
                "kind",
                "free",
                "age",
                "day",
                "day",
                "when",
                "area",
                "wheelchair",
                "language"
            ]
        );
        assert_eq!(pairs[7], ("day", "TU".to_string()));
        assert_eq!(Filters::from_query_pairs(pairs), filters);
        assert!(Filters::default().to_query_pairs().is_empty());
    }

    #[test]
    fn reading_pairs_is_lenient() {
        let filters = Filters::from_query_pairs([
            ("q", "koffie"),
            ("theme", "exercise,housing"),
            ("theme", "exercise"),
            ("theme", "no_such_theme"),
            ("day", "xx"),
            ("age", "old"),
            ("free", "1"),
            ("unknown", "1"),
        ]);
        assert_eq!(
            filters,
            Filters {
                themes: vec![Theme::Exercise, Theme::Housing],
                free: true,
                ..Filters::default()
            }
        );
    }

    #[test]
    fn serde_uses_codes_and_omits_what_is_not_set() {
        let json = serde_json::to_value(full()).unwrap();
        assert_eq!(json["days"], serde_json::json!(["TU", "SA"]));
        assert_eq!(json["when"], "this_week");
        assert_eq!(json["need"], "meet_people");
        let back: Filters = serde_json::from_value(json).unwrap();
        assert_eq!(back, full());
        assert_eq!(serde_json::to_string(&Filters::default()).unwrap(), "{}");
        assert!(serde_json::from_str::<Filters>(r#"{"days":["xx"]}"#).is_err());
    }

    #[test]
    fn when_codes_and_labels() {
        for when in When::ALL {
            assert_eq!(When::from_code(when.code()), Some(when));
            assert!(!when.label(Lang::Nl).is_empty() && !when.label(Lang::En).is_empty());
        }
        assert_eq!(day_from_code(&day_code(Weekday::Sun)), Some(Weekday::Sun));
        assert_eq!(day_from_code("sa"), Some(Weekday::Sat));
        assert_eq!(
            day_from_code("1SA"),
            None,
            "a weekday, not the first of the month"
        );
    }
}
