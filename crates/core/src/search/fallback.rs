//! Where to send someone when a search finds nothing: the neighbourhood team, the
//! one door for every question about care, money, raising children and taking part.
//!
//! The guide marks it as data, not code: a public offering tagged "wijkteam" (its
//! own entry, with the team's phone number). With several, a published one whose
//! title names the team comes first, then by title, so the choice is stable.

use super::fold::fold_text;
use crate::model::Offering;
use crate::vocab::Status;

/// The tag that marks the neighbourhood team's own offering.
pub const NEIGHBOURHOOD_TEAM_TAG: &str = "wijkteam";

/// The neighbourhood team's offering among `offerings`, if the guide has one.
pub fn neighbourhood_team<'a>(
    offerings: impl IntoIterator<Item = &'a Offering>,
) -> Option<&'a Offering> {
    offerings
        .into_iter()
        .filter(|o| o.is_public())
        .filter(|o| {
            o.tags
                .iter()
                .any(|t| fold_text(t) == NEIGHBOURHOOD_TEAM_TAG)
        })
        .min_by_key(|o| {
            let title = fold_text(&o.title);
            (
                o.status != Status::Published,
                !title.contains(NEIGHBOURHOOD_TEAM_TAG),
                title,
                o.id,
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::neighbourhood;

    #[test]
    fn the_demo_has_its_neighbourhood_team_with_a_phone_number() {
        let guide = neighbourhood().expect("the demo data parses");
        let team = neighbourhood_team(&guide.offerings).expect("the demo has a team");
        assert_eq!(team.title, "Sociaal Wijkteam Vlonderveld");
        assert_eq!(team.contact.phone.as_deref(), Some("0577 55 05 10"));
        // Whatever order the offerings come in.
        assert_eq!(
            neighbourhood_team(guide.offerings.iter().rev()).map(|o| o.id),
            Some(team.id)
        );
    }

    #[test]
    fn only_a_public_offering_tagged_wijkteam_counts() {
        let guide = neighbourhood().expect("the demo data parses");
        let mut team = neighbourhood_team(&guide.offerings).unwrap().clone();
        team.status = Status::Draft;
        assert!(neighbourhood_team([&team]).is_none());
        team.status = Status::Published;
        team.tags = vec!["Wijkteam".into()];
        assert_eq!(neighbourhood_team([&team]).map(|o| o.id), Some(team.id));
        team.tags = vec!["buurt".into()];
        assert!(neighbourhood_team([&team]).is_none());
    }
}
