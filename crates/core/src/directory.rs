//! The directory of the neighbourhood's professionals, for professionals: who
//! matches what was typed, by name, role, organisation or neighbourhood, with the
//! search's forgiveness ([`crate::search::matches_typed`]), in order of name.

use crate::model::Professional;
use crate::search::{fold, matches_typed};
use crate::vocab::{Lang, Vocabulary};

/// A professional with the name of their organisation, if any.
pub type Listed<'a> = (&'a Professional, Option<&'a str>);

/// The people that match `query` (every word typed, see
/// [`crate::search::matches_typed`]), sorted by name without case or accents.
pub fn find<'a>(
    people: impl IntoIterator<Item = Listed<'a>>,
    query: &str,
    lang: Lang,
) -> Vec<Listed<'a>> {
    let mut found: Vec<Listed<'a>> = people
        .into_iter()
        .filter(|(person, organisation)| {
            matches_typed(query, &findable(person, *organisation, lang))
        })
        .collect();
    found.sort_by_cached_key(|(person, _)| (fold(&person.name), person.id));
    found
}

/// What a person can be found by, in one text.
fn findable(person: &Professional, organisation: Option<&str>, lang: Lang) -> String {
    let mut text = vec![
        person.name.as_str(),
        person.role.label(lang),
        organisation.unwrap_or_default(),
    ];
    text.extend(person.neighbourhoods.iter().map(String::as_str));
    text.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(query: &str, lang: Lang) -> Vec<String> {
        let guide = crate::demo::neighbourhood().unwrap();
        let organisation = |p: &Professional| {
            p.organisation_id
                .and_then(|id| guide.organisations.iter().find(|o| o.id == id))
                .map(|o| o.name.as_str())
        };
        find(
            guide.professionals.iter().map(|p| (p, organisation(p))),
            query,
            lang,
        )
        .into_iter()
        .map(|(p, _)| p.name.clone())
        .collect()
    }

    #[test]
    fn the_directory_forgives_typos_and_accents_and_sorts_by_name() {
        assert_eq!(names("joice", Lang::Nl), ["Joyce Bakker-Lont"]);
        assert_eq!(names("ozturk", Lang::Nl), ["Hatice Öztürk"]);
        let all = names("", Lang::Nl);
        assert!(all.len() > 5);
        let mut sorted = all.clone();
        sorted.sort_by_key(|n| fold(n));
        assert_eq!(all, sorted);
        assert!(names("joice", Lang::Nl).len() < all.len());
        assert!(names("zzzzzz", Lang::Nl).is_empty());
    }
}
