//! The signed-in tools live in their own build of the guide (with the `tools`
//! feature), so that the resident's guide, which every visitor loads, stays small.
//! The first screen loads that build instead of the resident's guide for someone
//! signed in or on a tool's page; the resident's guide, asked for a tool's page,
//! loads the page again so the first screen can do so.

use leptos::prelude::*;

/// Where the tools' pages are (the routes of `app.rs` marked `tool!`).
pub const TOOL_PATHS: &[&str] = &[
    "/inloggen",
    "/aanmelden",
    wijkgids_core::wire::RESET_LINK_PATH,
    "/account",
    "/professionals",
    "/mijn-aanbod",
    "/beheer",
    "/verwijzen",
];

/// Whether `path` is one of the tools' pages.
pub fn is_tool_path(path: &str) -> bool {
    TOOL_PATHS.iter().any(|tool| {
        path == *tool
            || path
                .strip_prefix(tool)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// A tool's page in the resident's guide: loads the page again, so that the
/// first screen loads the tools.
#[component]
pub fn LoadTools() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let with = |mark: char, part: String| match part.is_empty() || part.starts_with(mark) {
        true => part,
        false => format!("{mark}{part}"),
    };
    let path = location.pathname.get_untracked();
    let href = format!(
        "{path}{}{}",
        with('?', location.search.get_untracked()),
        with('#', location.hash.get_untracked())
    );
    // After the router has put the address in the history (a tap on a link
    // draws the page first).
    set_timeout(
        move || {
            let location = window().location();
            if location.pathname().ok() == Some(path) {
                let _ = location.reload();
            } else {
                let _ = location.assign(&href);
            }
        },
        std::time::Duration::ZERO,
    );
    let i18n = crate::i18n::use_i18n();
    view! { <p class="page" role="status">{i18n.t(crate::i18n::Text::StatusOpening)}</p> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tools_page_and_what_is_under_it_but_not_a_longer_name() {
        assert!(is_tool_path("/beheer"));
        assert!(is_tool_path("/mijn-aanbod/1234/kiezen"));
        assert!(!is_tool_path("/beheerder"));
        assert!(!is_tool_path("/"));
        assert!(!is_tool_path("/zoeken"));
        assert!(!is_tool_path("/verwijzing"));
    }

    /// `index.html` picks the guide to fetch early with its own list of the tools'
    /// pages: it must be this one.
    #[test]
    fn the_first_paint_knows_the_same_tools_pages() {
        let html = include_str!("../index.html");
        let line = html
            .lines()
            .find(|l| l.contains("var tools = /^"))
            .expect("the tools' pages in index.html");
        let listed = line.split('(').nth(1).and_then(|l| l.split(')').next());
        let listed: Vec<String> = listed
            .expect("a group")
            .split('|')
            .map(|p| format!("/{p}"))
            .collect();
        assert_eq!(listed, TOOL_PATHS);
    }
}
