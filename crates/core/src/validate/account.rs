//! Requests for a publisher account and coordinators' decisions on them: checked
//! as the applicant types and again by the server, with the same codes.

use super::checker::{Checker, Lines};
use super::{Code, NAME_MAX, NOTE_MAX, Problem};
use crate::vocab::AccountStatus;
use crate::wire::{AccountDecision, AccountRequest};

/// Shortest password accepted: long enough to resist guessing with the server's
/// limit on attempts.
pub const PASSWORD_MIN: usize = 10;
/// Longest password accepted: Argon2 of a megabyte would be a denial of service.
pub const PASSWORD_MAX: usize = 200;

/// Every problem of a request (whether the organisation exists is the server's to
/// say: the client may not hold it yet).
pub fn validate_account_request(request: &AccountRequest) -> Vec<Problem> {
    let mut check = Checker::default();
    if request.email.trim().is_empty() {
        check.report(Problem::new("email", Code::Required).about("email"));
    } else {
        check.email("email", &Some(request.email.trim().to_string()));
    }
    check_password(&mut check, &request.password);
    check.required_text("name", &request.name, NAME_MAX, "name");
    if request.organisation_id.is_nil() {
        check.report(Problem::new("organisation_id", Code::Required).about("organisation"));
    }
    check.optional_text("message", &request.message, NOTE_MAX, Lines::Many);
    check.into_problems()
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

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn request() -> AccountRequest {
        AccountRequest {
            email: "coach@example.org".into(),
            password: "lang genoeg wachtwoord".into(),
            name: "Sanne de Vries".into(),
            organisation_id: Uuid::from_u128(1),
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
            organisation_id: Uuid::nil(),
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
}
