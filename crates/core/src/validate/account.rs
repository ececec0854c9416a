//! Requests for a publisher account (for an organisation in the guide, or for an
//! initiative that is not in it yet), coordinators' decisions on them, and new
//! passwords chosen with a reset link: checked as the person types and again by
//! the server, with the same codes.

use super::checker::{Checker, Lines};
use super::{Code, NAME_MAX, NOTE_MAX, Problem};
use crate::model::Organisation;
use crate::vocab::AccountStatus;
use crate::wire::{AccountDecision, AccountRequest, Initiative, PasswordReset};

/// Shortest password accepted: long enough to resist guessing with the server's
/// limit on attempts.
pub const PASSWORD_MIN: usize = 10;
/// Longest password accepted: Argon2 of a megabyte would be a denial of service.
pub const PASSWORD_MAX: usize = 200;
/// The short description of a new initiative: a sentence or two for the
/// coordinator, and the organisation's description once approved.
pub const INITIATIVE_DESCRIPTION_MAX: usize = 500;

/// Every problem of a request (whether the organisation exists, or the new
/// initiative's name is taken, is the server's to say: the client may not hold
/// every organisation yet; see [`organisation_named`] for what it can say).
pub fn validate_account_request(request: &AccountRequest) -> Vec<Problem> {
    let mut check = Checker::default();
    if request.email.trim().is_empty() {
        check.report(Problem::new("email", Code::Required).about("email"));
    } else {
        check.email("email", &Some(request.email.trim().to_string()));
    }
    check_password(&mut check, &request.password);
    check.required_text("name", &request.name, NAME_MAX, "name");
    let chosen = request.organisation_id.filter(|id| !id.is_nil());
    match (&request.initiative, chosen) {
        (Some(initiative), chosen) => {
            if chosen.is_some() {
                check.report(
                    Problem::new("organisation_id", Code::InvalidValue)
                        .about("organisation_or_initiative"),
                );
            }
            check_initiative(&mut check, initiative);
        }
        (None, Some(_)) => {}
        (None, None) => {
            check.report(Problem::new("organisation_id", Code::Required).about("organisation"))
        }
    }
    check.optional_text("message", &request.message, NOTE_MAX, Lines::Many);
    check.into_problems()
}

fn check_initiative(check: &mut Checker, initiative: &Initiative) {
    check.required_text(
        "initiative.name",
        &initiative.name,
        NAME_MAX,
        "initiative_name",
    );
    if initiative.description.trim().is_empty() {
        check.report(
            Problem::new("initiative.description", Code::Required).about("initiative_description"),
        );
    } else {
        check.text(
            "initiative.description",
            &initiative.description,
            INITIATIVE_DESCRIPTION_MAX,
            Lines::Many,
        );
    }
}

/// Whether two names are one organisation's: case, accents, punctuation and
/// spacing do not count ("Buurtmoestuin  de Plúk!" is "buurtmoestuin De Pluk").
pub fn same_organisation_name(a: &str, b: &str) -> bool {
    let a = crate::search::fold(a);
    !a.is_empty() && a == crate::search::fold(b)
}

/// The organisation among `organisations` whose name `name` is, if any: a new
/// initiative of that name is most likely that organisation, to choose instead.
pub fn organisation_named<'a>(
    name: &str,
    organisations: impl IntoIterator<Item = &'a Organisation>,
) -> Option<&'a Organisation> {
    organisations
        .into_iter()
        .find(|o| same_organisation_name(name, &o.name))
}

/// A new initiative named as an organisation in the guide is.
pub fn initiative_name_in_guide() -> Problem {
    Problem::new("initiative.name", Code::Duplicate).about("organisation")
}

fn check_password(check: &mut Checker, password: &str) {
    let length = password.chars().count();
    if length == 0 {
        check.report(Problem::new("password", Code::Required).about("password"));
    } else if length < PASSWORD_MIN {
        check.report(Problem::new("password", Code::TooShort).with_limit(PASSWORD_MIN as u64));
    } else if length > PASSWORD_MAX {
        check.report(Problem::new("password", Code::TooLong).with_limit(PASSWORD_MAX as u64));
    }
}

/// Every problem of a decision as such: a rejection needs a reason the applicant
/// can read. Which changes of status are allowed is the server's to say.
pub fn validate_account_decision(decision: &AccountDecision) -> Vec<Problem> {
    let mut check = Checker::default();
    let reason = decision.reason.as_deref().unwrap_or_default();
    if decision.status == AccountStatus::Rejected && reason.trim().is_empty() {
        check.report(Problem::new("reason", Code::Required).about("reason"));
    }
    check.optional_text("reason", &decision.reason, NOTE_MAX, Lines::Many);
    check.into_problems()
}

/// Every problem of a new password chosen with a reset link: the same rules as
/// for a new account. Whether the link works is the server's to say.
pub fn validate_password_reset(reset: &PasswordReset) -> Vec<Problem> {
    let mut check = Checker::default();
    if reset.token.trim().is_empty() {
        check.flag("token", Code::Required);
    }
    check_password(&mut check, &reset.password);
    check.into_problems()
}

/// Every problem of a new password typed twice, as the reset form checks it.
pub fn validate_new_password(password: &str, repeat: &str) -> Vec<Problem> {
    let mut check = Checker::default();
    check_password(&mut check, password);
    if password != repeat {
        check.report(Problem::new("repeat", Code::InvalidValue).about("repeat"));
    }
    check.into_problems()
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn request() -> AccountRequest {
        AccountRequest {
            email: "coach@example.org".into(),
            password: "lang genoeg wachtwoord".into(),
            name: "Sanne de Vries".into(),
            organisation_id: Some(Uuid::from_u128(1)),
            initiative: None,
            message: Some("Ik geef de sportlessen.".into()),
        }
    }

    fn codes(problems: &[Problem]) -> Vec<(&str, &str)> {
        problems
            .iter()
            .map(|p| (p.field.as_str(), p.code.as_str()))
            .collect()
    }

    #[test]
    fn a_complete_request_passes() {
        assert_eq!(validate_account_request(&request()), vec![]);
    }

    #[test]
    fn every_missing_part_is_named_at_once() {
        let empty = AccountRequest {
            email: " ".into(),
            password: String::new(),
            name: String::new(),
            organisation_id: Some(Uuid::nil()),
            initiative: None,
            message: None,
        };
        assert_eq!(
            codes(&validate_account_request(&empty)),
            vec![
                ("email", "required"),
                ("password", "required"),
                ("name", "required"),
                ("organisation_id", "required"),
            ]
        );
    }

    #[test]
    fn a_short_password_and_a_wrong_address_are_explained() {
        let problems = validate_account_request(&AccountRequest {
            email: "coach.example.org".into(),
            password: "kort".into(),
            ..request()
        });
        assert_eq!(
            codes(&problems),
            vec![("email", "invalid_email"), ("password", "too_short")]
        );
        assert_eq!(
            problems[1].text(crate::vocab::Lang::Nl),
            "Dit is te kort. Gebruik minstens 10 tekens."
        );
    }

    #[test]
    fn a_rejection_needs_a_reason() {
        let decide = |status, reason: Option<&str>| {
            validate_account_decision(&AccountDecision {
                status,
                reason: reason.map(String::from),
            })
        };
        assert_eq!(
            codes(&decide(AccountStatus::Rejected, Some("  "))),
            vec![("reason", "required")]
        );
        assert_eq!(
            decide(AccountStatus::Rejected, Some("Onbekend bij de organisatie")),
            vec![]
        );
        assert_eq!(decide(AccountStatus::Active, None), vec![]);
    }

    fn initiative(name: &str, description: &str) -> AccountRequest {
        AccountRequest {
            organisation_id: None,
            initiative: Some(Initiative {
                name: name.into(),
                description: description.into(),
            }),
            ..request()
        }
    }

    #[test]
    fn a_new_initiative_instead_of_an_organisation() {
        let asked = initiative("Buurtmoestuin De Pluk", "We tuinieren samen op woensdag.");
        assert_eq!(validate_account_request(&asked), vec![]);
        let neither = AccountRequest {
            organisation_id: None,
            ..request()
        };
        assert_eq!(
            codes(&validate_account_request(&neither)),
            vec![("organisation_id", "required")]
        );
        let both = AccountRequest {
            organisation_id: Some(Uuid::from_u128(1)),
            ..asked
        };
        let problems = validate_account_request(&both);
        assert_eq!(codes(&problems), vec![("organisation_id", "invalid_value")]);
        assert!(
            problems[0]
                .text(crate::vocab::Lang::Nl)
                .contains("Niet allebei")
        );
    }

    #[test]
    fn an_initiative_needs_a_name_and_a_short_description() {
        let problems = validate_account_request(&initiative("  ", "\n "));
        assert_eq!(
            codes(&problems),
            vec![
                ("initiative.name", "required"),
                ("initiative.description", "required")
            ]
        );
        assert_eq!(
            problems[0].text(crate::vocab::Lang::Nl),
            "Vul de naam van je initiatief in."
        );
        let long = initiative(
            &"n".repeat(NAME_MAX + 1),
            &"d".repeat(INITIATIVE_DESCRIPTION_MAX + 1),
        );
        assert_eq!(
            codes(&validate_account_request(&long)),
            vec![
                ("initiative.name", "too_long"),
                ("initiative.description", "too_long")
            ]
        );
        let lines = initiative("De\nPluk", "Samen tuinieren.\nElke woensdag.");
        assert_eq!(
            codes(&validate_account_request(&lines)),
            vec![("initiative.name", "invalid_characters")],
            "a name is one line, a description may have more"
        );
    }

    #[test]
    fn a_name_the_guide_has_points_at_that_organisation() {
        let mut pluk = crate::sample::sample_organisation();
        pluk.name = "Buurtmoestuin De Plúk".into();
        let others = [crate::sample::sample_organisation(), pluk.clone()];
        for typed in [
            "buurtmoestuin de pluk",
            "  Buurtmoestuin   DE Pluk! ",
            "Buurtmoestuin De Plúk",
        ] {
            assert_eq!(organisation_named(typed, &others), Some(&pluk), "{typed}");
        }
        assert_eq!(organisation_named("Buurtmoestuin De Pluk 2", &others), None);
        assert_eq!(organisation_named(" ", &others), None);
        assert!(!same_organisation_name("", ""), "no name is nobody's");
        assert_eq!(
            initiative_name_in_guide().text(crate::vocab::Lang::En),
            "This name is in the guide already. Choose that organisation in the list above."
        );
    }

    #[test]
    fn a_new_password_follows_the_same_rules_and_is_typed_twice_alike() {
        let reset = |token: &str, password: &str| {
            validate_password_reset(&PasswordReset {
                token: token.into(),
                password: password.into(),
            })
        };
        assert_eq!(reset("abc", "lang genoeg wachtwoord"), vec![]);
        assert_eq!(
            codes(&reset(" ", "kort")),
            vec![("token", "required"), ("password", "too_short")]
        );
        assert_eq!(
            codes(&reset("abc", &"x".repeat(PASSWORD_MAX + 1))),
            vec![("password", "too_long")]
        );
        assert_eq!(
            validate_new_password("lang genoeg wachtwoord", "lang genoeg wachtwoord"),
            vec![]
        );
        let problems = validate_new_password("lang genoeg wachtwoord", "lang genoeg wachtwoort");
        assert_eq!(codes(&problems), vec![("repeat", "invalid_value")]);
        assert!(
            problems[0]
                .text(crate::vocab::Lang::Nl)
                .contains("niet hetzelfde")
        );
        assert_eq!(
            codes(&validate_new_password("", "")),
            vec![("password", "required")]
        );
    }
}
