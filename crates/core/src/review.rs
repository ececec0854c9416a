//! A coordinator reviewing an offering that waits for approval: what residents
//! will see once it is approved, the version they saw last (if they saw one), and
//! what changed against it.
//!
//! The server keeps, beside each offering, the last version that was public
//! ([`LastPublished`], updated on every write by [`LastPublished::after_write`]) and
//! sends it with the offering in a coordinator's pull while the offering waits for
//! review (`access::sees_last_published`), so the comparison works offline too.
//! [`changes`] compares the two as the review screen shows them: field by field in
//! the form's order, with the values as text and the part of the resident's page
//! each field is on ([`PageSection`]).

use serde_json::Value;

use crate::field_diff::changed_fields;
use crate::model::Offering;
use crate::vocab::{Lang, Status};

/// What the server keeps beside an offering: the last version residents saw,
/// while they see another one or none (while the offering is public, they see the
/// offering itself, and nothing more is kept).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastPublished {
    /// The whole record (JSON) of the last public version, while the offering is
    /// not public; or, after an approval, the one that approval replaced.
    pub data: Option<String>,
    /// The current version is an approval (from waiting for review to public). Sent
    /// straight back to review (the coordinator's "undo"), `data` is again what it
    /// is compared with: the version the approval made public is the pending one
    /// itself, and comparing with it would show no change.
    pub approval: bool,
}

impl LastPublished {
    /// What is kept after a write that takes the offering from `before` (its status
    /// and whole record; `None`: new, or deleted) to status `after` (`None`: deleted).
    pub fn after_write(self, before: Option<(Status, &str)>, after: Option<Status>) -> Self {
        let public = |status: Status| matches!(status, Status::Published | Status::Paused);
        let before_status = before.map(|(status, _)| status);
        if after.is_some_and(public) {
            let approval = before_status == Some(Status::PendingReview);
            return LastPublished {
                data: if approval { self.data } else { None },
                approval,
            };
        }
        let data = match before {
            Some((status, _)) if public(status) && self.approval => {
                if after == Some(Status::PendingReview) {
                    self.data
                } else {
                    before.map(|(_, data)| data.to_string())
                }
            }
            Some((status, data)) if public(status) => Some(data.to_string()),
            _ => self.data,
        };
        LastPublished {
            data,
            approval: false,
        }
    }
}

/// The parts of the resident's offering page, top to bottom: where a change shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageSection {
    /// Title, summary and notice at the top.
    Heading,
    What,
    ForWhom,
    When,
    Where,
    Cost,
    Join,
    /// Shown to professionals only.
    Referral,
    Contact,
    Access,
    Organiser,
    /// "Gecontroleerd op ..." at the bottom.
    Checked,
}

impl PageSection {
    /// The section a field (by its path, `contact.phone`) is shown in; `None` for
    /// one residents never see (who created it, search words).
    pub fn of(path: &str) -> Option<PageSection> {
        let top = path.split('.').next().unwrap_or(path);
        Some(match top {
            "title" | "summary" | "alert" | "translations" => PageSection::Heading,
            "description" | "themes" => PageSection::What,
            "min_age" | "max_age" | "audience" | "eligibility" => PageSection::ForWhom,
            "schedules" | "exceptions" | "by_appointment" => PageSection::When,
            "location" | "online" | "at_home" => PageSection::Where,
            "cost" | "cost_note" => PageSection::Cost,
            "sign_up" | "how_to_join" => PageSection::Join,
            "referral" => PageSection::Referral,
            "contact" => PageSection::Contact,
            "accessibility" | "accessibility_note" | "languages" => PageSection::Access,
            "organisation_id" => PageSection::Organiser,
            "checked_on" => PageSection::Checked,
            _ => return None,
        })
    }
}

/// One field the pending version changed since the last published one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewChange {
    /// The field's path (`title`, `contact.phone`).
    pub key: String,
    /// Its name in plain words ("Contact: telefoon").
    pub label: String,
    /// What residents saw, and what they will see, as text; `None`: empty.
    pub was: Option<String>,
    pub now: Option<String>,
    pub section: Option<PageSection>,
}

/// Fields about the review itself, not about the offering.
const REVIEW_FIELDS: [&str; 2] = ["status", "review_note"];

/// What `pending` changed since `published` (both whole records as JSON), in the
/// form's order, without the review's own bookkeeping (status, the reason for
/// sending it back).
pub fn changes(published: &Value, pending: &Value, lang: Lang) -> Vec<ReviewChange> {
    changed_fields(Some(published), pending, lang)
        .into_iter()
        .filter(|f| !REVIEW_FIELDS.contains(&f.key.as_str()))
        .map(|f| ReviewChange {
            section: PageSection::of(&f.key),
            was: f.base,
            now: f.mine,
            label: f.label,
            key: f.key,
        })
        .collect()
}

/// The pending offering as residents will see it once approved: published, and
/// only what an anonymous reader receives.
pub fn as_residents_will_see(pending: &Offering) -> Offering {
    let published = Offering {
        status: Status::Published,
        ..pending.clone()
    };
    published.public().unwrap_or(published)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field_diff::field_label;
    use crate::model::{Cost, Referral};
    use crate::sample::sample_offering;
    use crate::vocab::CostUnit;

    fn json(o: &Offering) -> Value {
        serde_json::to_value(o).unwrap()
    }

    const PUBLISHED: Option<Status> = Some(Status::Published);
    const PENDING: Option<Status> = Some(Status::PendingReview);
    const DRAFT: Option<Status> = Some(Status::Draft);

    fn kept(data: Option<&str>) -> LastPublished {
        LastPublished {
            data: data.map(str::to_string),
            approval: false,
        }
    }

    /// A write with status `after` over the version `from` (its status and data).
    fn write(
        kept: LastPublished,
        from: (Option<Status>, &str),
        after: Option<Status>,
    ) -> LastPublished {
        let before = from.0.map(|status| (status, from.1));
        kept.after_write(before, after)
    }

    #[test]
    fn the_last_public_version_is_kept_while_residents_see_another_or_none() {
        // A publisher's new offering: no version was ever public.
        let new = write(kept(None), (None, ""), PENDING);
        assert_eq!(new, kept(None));
        // Approved: residents see it; an approval of nothing earlier.
        let approved = write(new, (PENDING, "v1"), PUBLISHED);
        assert_eq!(
            approved,
            LastPublished {
                data: None,
                approval: true
            }
        );
        // Edits of a public offering go live: nothing to keep beside it.
        let edited = write(approved, (PUBLISHED, "v2"), PUBLISHED);
        assert_eq!(edited, kept(None));
        let paused = write(edited, (PUBLISHED, "v3"), Some(Status::Paused));
        assert_eq!(paused, kept(None), "paused is public too");
        // Archived: v4 was the last residents saw; edited and sent for review: the same.
        let archived = write(paused, (Some(Status::Paused), "v4"), Some(Status::Archived));
        assert_eq!(archived, kept(Some("v4")));
        let resubmitted = write(archived, (Some(Status::Archived), "v5"), PENDING);
        assert_eq!(resubmitted, kept(Some("v4")));
        // Sent back to draft and submitted again: the same.
        let back = write(resubmitted, (PENDING, "v6"), DRAFT);
        let again = write(back, (DRAFT, "v7"), PENDING);
        assert_eq!(again, kept(Some("v4")));
        // Deleted: a tombstone keeps it, for an offering brought back.
        assert_eq!(write(again.clone(), (PENDING, "v8"), None), again);
        // A public offering deleted keeps its last version too.
        assert_eq!(write(kept(None), (PUBLISHED, "p"), None), kept(Some("p")));
    }

    #[test]
    fn an_approval_taken_back_restores_what_it_replaced() {
        let waiting = kept(Some("v4"));
        let approved = write(waiting, (PENDING, "v5"), PUBLISHED);
        assert_eq!(
            approved,
            LastPublished {
                data: Some("v4".into()),
                approval: true
            }
        );
        let undone = write(approved, (PUBLISHED, "v6"), PENDING);
        assert_eq!(undone, kept(Some("v4")), "compared with v4 again, not v6");
        // Approved again, and this time it stays: then archived, v7 was the last.
        let approved = write(undone, (PENDING, "v7"), PUBLISHED);
        let archived = write(approved, (PUBLISHED, "v8"), Some(Status::Archived));
        assert_eq!(archived, kept(Some("v8")));
        // A new offering's approval taken back: nothing to compare with again.
        let first = write(kept(None), (PENDING, "v1"), PUBLISHED);
        assert_eq!(write(first, (PUBLISHED, "v2"), PENDING), kept(None));
        // Once the approved version was edited, that edit is what residents saw.
        let edited = write(kept(Some("v4")), (PENDING, "v5"), PUBLISHED);
        let edited = write(edited, (PUBLISHED, "v6"), PUBLISHED);
        assert_eq!(write(edited, (PUBLISHED, "v7"), PENDING), kept(Some("v7")));
        // Sent back to draft instead of to review: no undo, v8 was public.
        let approved = write(kept(Some("v4")), (PENDING, "v7"), PUBLISHED);
        assert_eq!(write(approved, (PUBLISHED, "v8"), DRAFT), kept(Some("v8")));
    }

    #[test]
    fn changes_name_the_fields_with_what_they_were_and_where_they_show() {
        let published = sample_offering();
        let mut pending = published.clone();
        pending.status = Status::PendingReview;
        pending.version = 7;
        pending.review_note = Some("Zet er een prijs bij.".into());
        pending.title = "Wandelen in het park".into();
        pending.cost = Cost::Paid {
            amount_cents: 500,
            unit: CostUnit::PerSession,
        };
        pending.contact.phone = Some("020 765 4321".into());
        pending.tags.push("buiten".into());
        let found = changes(&json(&published), &json(&pending), Lang::Nl);
        let keys: Vec<&str> = found.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            ["title", "tags", "cost", "contact.phone"],
            "in the form's order; no status, note or version"
        );
        let title = &found[0];
        assert_eq!(title.label, "Titel");
        assert_eq!(title.was.as_deref(), Some("Wandelen met de huisarts"));
        assert_eq!(title.now.as_deref(), Some("Wandelen in het park"));
        assert_eq!(title.section, Some(PageSection::Heading));
        assert_eq!(found[1].section, None, "search words are not on the page");
        let cost = &found[2];
        assert_eq!(
            (cost.was.as_deref(), cost.now.as_deref()),
            (Some("Gratis"), Some("€ 5,00 per keer"))
        );
        assert_eq!(cost.section, Some(PageSection::Cost));
        let phone = &found[3];
        assert_eq!(phone.label, "Contact: telefoon");
        assert_eq!(phone.section, Some(PageSection::Contact));
        let english = changes(&json(&published), &json(&pending), Lang::En);
        assert_eq!(english[2].now.as_deref(), Some("€5.00 per session"));
        // A field emptied: it had a value, it has none.
        let mut emptied = published.clone();
        emptied.contact.website = None;
        let found = changes(&json(&published), &json(&emptied), Lang::Nl);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].now, None);
        assert!(found[0].was.as_deref().unwrap().starts_with("https://"));
        // Dates in words.
        let mut checked = published.clone();
        checked.checked_on = chrono::NaiveDate::from_ymd_opt(2026, 9, 5);
        let found = changes(&json(&published), &json(&checked), Lang::Nl);
        assert_eq!(found[0].now.as_deref(), Some("5 september 2026"));
        // Nothing but the review's bookkeeping: nothing to show.
        let mut same = published.clone();
        same.status = Status::PendingReview;
        assert!(changes(&json(&published), &json(&same), Lang::Nl).is_empty());
    }

    #[test]
    fn every_field_on_the_residents_page_has_its_section() {
        for key in [
            "title",
            "summary",
            "alert",
            "description",
            "themes",
            "audience",
            "eligibility",
            "schedules",
            "exceptions",
            "location.address",
            "online",
            "cost_note",
            "how_to_join",
            "contact.website",
            "languages",
            "accessibility_note",
            "organisation_id",
            "checked_on",
            "referral.procedure",
        ] {
            assert!(PageSection::of(key).is_some(), "{key}");
            assert_ne!(field_label(key, Lang::Nl), key, "{key} has a name");
        }
        for hidden in [
            "tags",
            "created_by",
            "checked_by",
            "health_dimensions",
            "kind",
        ] {
            assert_eq!(PageSection::of(hidden), None, "{hidden}");
        }
    }

    #[test]
    fn residents_will_see_the_public_projection_as_published() {
        let mut pending = sample_offering();
        pending.status = Status::PendingReview;
        pending.review_note = Some("intern".into());
        pending.referral = Some(Referral::default());
        let seen = as_residents_will_see(&pending);
        assert_eq!(seen.status, Status::Published);
        assert_eq!(seen.referral, None, "professionals only");
        assert_eq!(seen.review_note, None);
        assert_eq!(seen.title, pending.title);
    }
}
