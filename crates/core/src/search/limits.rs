//! How much of a query a search reads. A link's `q` and filters come from anyone
//! (a search link on a website, a crafted URL), and both the server's search page
//! and the resident's tab search it: splitting a word into compound parts costs
//! time with the square of its length, so words, texts and filter lists are cut
//! to what a person types before any of that work starts. What lies beyond is
//! ignored, as unknown filter values are.

/// Characters of the search text read; the rest is ignored.
pub const TEXT_MAX: usize = 256;
/// Letters of one folded word read: long enough for any Dutch compound a person
/// types ("arbeidsongeschiktheidsverzekering" has 33).
pub const WORD_MAX: usize = 48;
/// Words of the search text read.
pub const WORDS_MAX: usize = 16;
/// Values read per filter key (`area=`, `theme=`, ...): more than any list of
/// chips offers.
pub const VALUES_MAX: usize = 24;
/// Characters of one neighbourhood name read in a filter.
pub const AREA_MAX: usize = 100;

/// The first `max` characters of `text`.
pub fn clip(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fold::words;
    use super::super::{Filters, Query, SearchIndex};
    use super::*;

    #[test]
    fn clipping_keeps_whole_characters() {
        assert_eq!(clip("café", 3), "caf");
        assert_eq!(clip("café", 4), "café");
        assert_eq!(clip("ééé", 2), "éé");
        assert_eq!(clip("", 2), "");
    }

    #[test]
    fn a_huge_query_is_read_only_as_far_as_a_person_types() {
        let one_word = "a".repeat(64 * 1024);
        assert_eq!(words(&one_word), ["a".repeat(WORD_MAX)]);
        let many_words = "koffie ".repeat(10_000);
        assert_eq!(words(&many_words).len(), WORDS_MAX);
        let long_words = format!("{} ", "b".repeat(60)).repeat(1000);
        let read = words(&long_words);
        assert!(read.len() <= TEXT_MAX / WORD_MAX + 1, "{}", read.len());
        assert!(read.iter().all(|w| w.len() <= WORD_MAX));
    }

    #[test]
    fn filter_lists_are_capped_and_each_value_is_read_once() {
        let pairs = (0..10_000).map(|n| ("area", format!("wijk {n}")));
        let filters = Filters::from_query_pairs(pairs);
        assert_eq!(filters.neighbourhoods.len(), VALUES_MAX);
        let same = (0..10_000).map(|_| ("area", "Centrum"));
        assert_eq!(Filters::from_query_pairs(same).neighbourhoods, ["Centrum"]);
        let commas = ["x,".repeat(10_000)];
        let filters = Filters::from_query_pairs(commas.iter().map(|v| ("area", v)));
        assert_eq!(filters.neighbourhoods, ["x"]);
        let long = "y".repeat(10_000);
        let filters = Filters::from_query_pairs([("area", &long)]);
        assert_eq!(filters.neighbourhoods, ["y".repeat(AREA_MAX)]);
    }

    #[test]
    fn a_search_for_a_huge_query_reads_the_capped_one() {
        let guide = crate::demo::neighbourhood().unwrap();
        let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
        let now = "2026-11-03T09:00:00Z".parse().unwrap();
        let huge = format!("wandelen {}", "wandel".repeat(10_000));
        let capped = format!("wandelen {}", clip(&"wandel".repeat(10_000), WORD_MAX));
        let mut query = Query::new(huge, now);
        let pairs = (0..10_000).map(|n| ("area", format!("wijk {n}")));
        query.filters = Filters::from_query_pairs(pairs);
        let mut same = Query::new(capped, now);
        same.filters = query.filters.clone();
        assert_eq!(index.search(&query), index.search(&same));
    }
}
