//! "Verwijzen", for professionals: choose what matters to the person (Positive
//! Health dimensions, themes), the groups they belong to and their practical
//! limits, get the offerings that fit, best first, pick a few, and print or share
//! a referral slip with a QR code that opens them in the public app.
//!
//! What is chosen about the person is never sent: it is kept for the visit in the
//! browser tab (`refer_visit`), so opening an offering and coming back, or a
//! reload, keeps every tick and the slip; signing out ends it.
//!
//! For screen readers a status line says how many fit, half a second after the
//! last change (not on every letter of an age), and stays on screen; a second,
//! unseen one says what was done (put on the slip or taken off, with the slip's
//! count; everything cleared). The list itself is not a live region.
//!
//! "Nieuwe verwijzing" clears the person's criteria, the picks and the slip's
//! language for the next person (the practice's name stays); until the next
//! change "Zet terug" undoes it, as it is easy to press by mistake.

use chrono::Weekday;
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wijkgids_core::neighbourhoods::known_neighbourhoods;
use wijkgids_core::refer::{
    Fit, REFERRAL_IDS_MAX, ReferralNeeds, Referrals, covered_beyond_price, rank,
};
use wijkgids_core::schedule_form::{day_name, week};
use wijkgids_core::vocab::{Audience, HealthDimension, Language, Theme, Vocabulary};

use crate::components::announcer::SETTLE;
use crate::components::browser::{focus_first_soon, focus_soon, now};
use crate::components::form::set_member;
use crate::components::offering_card::card_text;
use crate::components::referral_slip::Slip;
use crate::guide::{SyncStatus, use_guide};
use crate::i18n::{I18n, Text, use_i18n};
use crate::refer_visit::{self, ReferVisit};

/// Fits shown at first, and added by each "Toon meer".
const PAGE: usize = 20;

type Visit = RwSignal<ReferVisit>;

/// Tick boxes for the members of a list in the person's needs.
fn ticks<T: Copy + PartialEq + Send + Sync + 'static>(
    visit: Visit,
    items: Vec<(T, String)>,
    get: fn(&ReferralNeeds) -> &Vec<T>,
    set: fn(&mut ReferralNeeds) -> &mut Vec<T>,
) -> impl IntoView {
    view! {
        <div class="choice-grid">
            {items.into_iter().map(|(item, name)| view! {
                <label class="choice">
                    <input type="checkbox"
                        prop:checked=move || visit.with(|v| get(&v.needs).contains(&item))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            visit.update(|v| set_member(set(&mut v.needs), item, on));
                        }/>
                    <span>{name}</span>
                </label>
            }).collect_view()}
        </div>
    }
}

/// One yes/no limit in the person's needs, as a tick box, described by the
/// element `help` names when it has a hint.
fn flag(
    visit: Visit,
    label: Text,
    get: fn(&ReferralNeeds) -> bool,
    set: fn(&mut ReferralNeeds) -> &mut bool,
    help: Option<&'static str>,
    i18n: I18n,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input type="checkbox" aria-describedby=help
                prop:checked=move || visit.with(|v| get(&v.needs))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    visit.update(|v| *set(&mut v.needs) = on);
                }/>
            <span>{i18n.t(label)}</span>
        </label>
    }
}

fn terms<V: Vocabulary>(i18n: I18n, keep: impl Fn(&V) -> bool) -> Vec<(V, String)> {
    V::ALL
        .iter()
        .filter(|v| keep(v))
        .map(|&v| (v, v.label(i18n.lang()).to_string()))
        .collect()
}

/// "52 passen bij wat je koos".
fn count_text(i18n: I18n, total: usize) -> String {
    match total {
        1 => i18n.t(Text::ReferFitCountOne).to_string(),
        n => i18n.fill(Text::ReferFitCount, &[&n]),
    }
}

#[component]
pub fn Refer() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let visit: Visit = RwSignal::new(refer_visit::load());
    // Kept for the tab on every change.
    Effect::new(move |_| visit.with(refer_visit::keep));
    let needs = Memo::new(move |_| visit.with(|v| v.needs.clone()));
    let shown = Memo::new(move |_| visit.with(|v| v.shown.max(PAGE)));
    let chosen = Memo::new(move |_| visit.with(|v| v.chosen.clone()));
    let fits: Memo<Referrals> = Memo::new(move |_| {
        let limit = shown.get();
        needs.with(|n| guide.with_offerings(|offerings| rank(offerings, n, now(), limit)))
    });

    // The one status line: the count, once typing and ticking pause; a pick at once.
    let said = RwSignal::new(String::new());
    let quiet = StoredValue::new(0u32);
    // Until the device's records are read, "0 passen" would be untrue.
    let opening =
        Memo::new(move |_| guide.status() == SyncStatus::Opening && guide.offering_count() == 0);
    let counted = Memo::new(move |_| {
        if opening.get() {
            return i18n.t(Text::StatusOpening).to_string();
        }
        fits.with(|f| count_text(i18n, f.total))
    });
    Effect::new(move |first: Option<()>| {
        let text = counted.get();
        let generation = quiet.get_value().wrapping_add(1);
        quiet.set_value(generation);
        if first.is_none() {
            said.set(text);
            return;
        }
        set_timeout(
            move || {
                if quiet.try_get_value() == Some(generation) {
                    said.try_set(text);
                }
            },
            SETTLE,
        );
    });
    // The other status line: what was just done, heard and not seen.
    let done = RwSignal::new(String::new());

    let pick = move |id: Uuid, title: String, on: bool| {
        visit.update(|v| set_member(&mut v.chosen, id, on));
        let count = visit.with_untracked(|v| v.chosen.len());
        let text = if on {
            Text::ReferPicked
        } else {
            Text::ReferUnpicked
        };
        done.set(i18n.fill(text, &[&title, &count]));
    };
    // Off the slip by its own button: the focus goes to the button of the one
    // that took its place (or the last one), so the next can go with one more
    // press; to the list when the slip is empty (the slip is gone).
    let take_off = Callback::new(move |(id, title): (Uuid, String)| {
        let place = chosen.with_untracked(|c| c.iter().position(|c| *c == id));
        pick(id, title, false);
        let left = chosen.with_untracked(Vec::len);
        if left == 0 {
            done.set(i18n.t(Text::SlipEmpty).to_string());
            focus_soon("fits-title");
        } else {
            let nth = place.unwrap_or(0).min(left - 1) + 1;
            focus_first_soon(format!(".slip-entries > li:nth-child({nth}) .slip-remove"));
        }
    });

    // A new person: everything about the last one goes, but can be put back
    // until the next change.
    let cleared = RwSignal::new(false);
    let before = StoredValue::new(None::<ReferVisit>);
    let start_over = Callback::new(move |()| {
        before.set_value(Some(visit.get_untracked()));
        visit.set(ReferVisit::default());
        cleared.set(true);
        done.set(i18n.t(Text::ReferCleared).to_string());
        focus_soon("refer-title");
    });
    let put_back = move |_| {
        if let Some(last) = before.get_value() {
            visit.set(last);
        }
        cleared.set(false);
        done.set(i18n.t(Text::ReferPutBackDone).to_string());
        focus_soon("refer-title");
    };
    Effect::new(move |_| {
        let fresh = needs.with(|n| *n == ReferralNeeds::default()) && chosen.with(Vec::is_empty);
        if !fresh {
            cleared.set(false);
        }
    });
    Effect::new(move |_| {
        if !cleared.get() {
            before.set_value(None);
        }
    });

    // Back from an offering: the same place, the focus on the one opened.
    let returning = StoredValue::new(visit.with_untracked(|v| v.opened));
    Effect::new(move |_| {
        let Some(id) = returning.get_value() else {
            return;
        };
        if fits.with(|f| f.fits.iter().any(|fit| fit.id == id)) {
            returning.set_value(None);
            visit.update(|v| v.opened = None);
            let y = visit.with_untracked(|v| v.scrolled);
            request_animation_frame(move || {
                let link = document()
                    .query_selector(&format!("#fit-{id} .card-title a"))
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(link) = link {
                    let _ = link.focus();
                }
                window().scroll_to_with_x_and_y(0.0, y);
            });
        }
    });
    let opened = move |id: Uuid| {
        let y = window().scroll_y().unwrap_or(0.0);
        visit.update(|v| {
            v.opened = Some(id);
            v.scrolled = y;
        });
    };

    let fit_view = move |fit: Fit| {
        let Some(offering) = guide.offering(fit.id) else {
            return ().into_any();
        };
        let card = card_text(i18n, &offering, &[]);
        let covers = fit.covers(i18n.lang()).join(", ");
        let id = fit.id;
        let title = card.title.clone();
        let cost = if card.free {
            i18n.t(Text::Free).to_string()
        } else {
            card.price.clone().unwrap_or_default()
        };
        let facts: Vec<String> = [card.next.clone(), card.place.clone(), Some(cost)]
            .into_iter()
            .flatten()
            .filter(|f| !f.is_empty())
            .collect();
        // Kept for "little money" only because a scheme pays: say which.
        let scheme = covered_beyond_price(&offering).map(str::to_owned);
        let scheme = move || {
            scheme
                .clone()
                .filter(|_| visit.with(|v| v.needs.little_money))
        };
        let full =
            move || visit.with(|v| v.chosen.len() >= REFERRAL_IDS_MAX && !v.chosen.contains(&id));
        view! {
            <li class="card" data-testid="fit" id=format!("fit-{id}")>
                <h3 class="card-title"><a href=card.href.clone() on:click=move |_| opened(id)>{card.title.clone()}</a></h3>
                <p class="card-summary">{card.summary.clone()}</p>
                {(!covers.is_empty()).then(|| view! { <p class="card-why">{i18n.fill(Text::Covers, &[&covers])}</p> })}
                <p class="card-facts" data-testid="fit-facts">{facts.join(" · ")}</p>
                {move || scheme().map(|note| view! {
                    <p class="card-why" data-testid="fit-scheme">
                        {i18n.t(Text::Coverage)}": "<span lang="nl">{note}</span>
                    </p>
                })}
                <label class="choice pick">
                    <input type="checkbox" data-testid="pick"
                        aria-label=i18n.fill(Text::ReferPickName, &[&title])
                        prop:checked=move || chosen.with(|c| c.contains(&id))
                        prop:disabled=full
                        on:change=move |ev| pick(id, title.clone(), event_target_checked(&ev))/>
                    <span>{i18n.t(Text::OnTheSlip)}</span>
                </label>
                {move || full().then(|| view! { <p class="field-help">{i18n.fill(Text::ReferSlipFull, &[&REFERRAL_IDS_MAX])}</p> })}
            </li>
        }
        .into_any()
    };

    let show_more = move |_| {
        let first_new = fits.with_untracked(|f| f.fits.len());
        visit.update(|v| v.shown = v.shown.max(PAGE) + PAGE);
        request_animation_frame(move || {
            let link = document()
                .query_selector(&format!(
                    "[data-testid=fits] > li:nth-child({}) .card-title a",
                    first_new + 1
                ))
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(link) = link {
                let _ = link.focus();
            }
        });
    };

    let days: Vec<(Weekday, String)> = week()
        .map(|d| (d, day_name(d, i18n.lang()).to_string()))
        .collect();
    // Read once the guide is on the device (a reload opens the screen before that).
    let neighbourhoods = Memo::new(move |_| {
        guide.with_offerings(|all| {
            known_neighbourhoods(
                all.filter_map(|o| o.location.as_ref())
                    .map(|l| l.neighbourhood.as_str()),
            )
        })
    });
    let lives_in = move || visit.with(|v| v.needs.lives_in.clone().unwrap_or_default());
    let more_open =
        visit.with_untracked(|v| !v.needs.days.is_empty() || !v.needs.languages.is_empty());
    let age = move || visit.with(|v| v.needs.age.map(|a| a.to_string()).unwrap_or_default());
    view! {
        <main id="main" class="page refer">
            // Not printed: the slip has its own heading, in its own language.
            <h1 id="refer-title" tabindex="-1" class="no-print">{i18n.t(Text::NavRefer)}</h1>
            <p class="lead no-print">{i18n.t(Text::ReferLead)}</p>
            // Works signed out, on what residents see; the details for a referral
            // (whom to call, how to refer) come with a professional's account.
            {move || crate::session::use_auth().account().is_none().then(|| view! {
                <p class="notice no-print" data-testid="refer-sign-in">
                    {i18n.t(Text::ReferSignInForDetails)}" "
                    <a href="/inloggen">{i18n.t(Text::NavSignIn)}</a>
                </p>
            })}
            <div class="refer-new no-print">
                <button type="button" class="button button-secondary" data-testid="refer-new"
                    on:click=move |_| start_over.run(())>{i18n.t(Text::ReferNew)}</button>
                {move || cleared.get().then(|| view! {
                    <p class="refer-cleared" data-testid="refer-cleared">
                        <span>{i18n.t(Text::ReferCleared)}</span>
                        <button type="button" class="button button-secondary" data-testid="put-back"
                            on:click=put_back>{i18n.t(Text::ReferPutBack)}</button>
                    </p>
                })}
            </div>
            <form class="refer-form no-print" on:submit=|ev| ev.prevent_default()>
                <fieldset class="choices criteria">
                    <legend>{i18n.t(Text::ReferNeedsLegend)}</legend>
                    <p class="field-help">{i18n.t(Text::ReferNeedsHelp)}</p>
                    <fieldset class="choices">
                        <legend>{i18n.t(Text::FieldDimensions)}</legend>
                        {ticks(visit, terms::<HealthDimension>(i18n, |_| true), |n| &n.dimensions, |n| &mut n.dimensions)}
                    </fieldset>
                    <fieldset class="choices">
                        <legend>{i18n.t(Text::FilterThemes)}</legend>
                        {ticks(visit, terms::<Theme>(i18n, |_| true), |n| &n.themes, |n| &mut n.themes)}
                    </fieldset>
                </fieldset>
                <fieldset class="choices criteria">
                    <legend>{i18n.t(Text::ReferWho)}</legend>
                    <p class="field-help">{i18n.t(Text::ReferWhoHelp)}</p>
                    {ticks(visit, who(i18n), |n| &n.audiences, |n| &mut n.audiences)}
                </fieldset>
                <fieldset class="choices criteria">
                    <legend>{i18n.t(Text::ReferLimits)}</legend>
                    <div class="choice-grid">
                        {flag(visit, Text::Free, |n| n.free, |n| &mut n.free, None, i18n)}
                        {flag(visit, Text::ReferLittleMoney, |n| n.little_money, |n| &mut n.little_money, None, i18n)}
                        {flag(visit, Text::FilterWheelchair, |n| n.wheelchair, |n| &mut n.wheelchair, None, i18n)}
                        {flag(visit, Text::ReferCannotWalkFar, |n| n.cannot_walk_far, |n| &mut n.cannot_walk_far, Some("walk-help"), i18n)}
                    </div>
                    {move || visit.with(|v| v.needs.cannot_walk_far).then(|| view! {
                        <p class="field-help" id="walk-help" data-testid="walk-help">
                            {i18n.t(Text::ReferCannotWalkFarHelp)}
                            {visit.with(|v| v.needs.lives_in.is_none()).then(|| format!(" {}", i18n.t(Text::ReferNoHome)))}
                        </p>
                    })}
                    <div class="field-row">
                        <p class="field">
                            <label for="lives-in">{i18n.t(Text::ReferLivesIn)}</label>
                            <select id="lives-in" prop:value=lives_in on:change=move |ev| {
                                let name = event_target_value(&ev);
                                visit.update(|v| v.needs.lives_in = (!name.is_empty()).then_some(name));
                            }>
                                <option value="" selected=move || lives_in().is_empty()>{i18n.t(Text::ReferLivesInNone)}</option>
                                {move || neighbourhoods.get().into_iter().map(|name| {
                                    let (is, value) = (name.clone(), name.clone());
                                    view! { <option value=value selected=move || lives_in() == is>{name}</option> }
                                }).collect_view()}
                            </select>
                        </p>
                        <p class="field">
                            <label for="age">{i18n.t(Text::ReferAge)}</label>
                            <input id="age" type="number" min="0" max="120" inputmode="numeric" prop:value=age
                                on:input=move |ev| {
                                    let age = event_target_value(&ev).trim().parse().ok();
                                    visit.update(|v| v.needs.age = age);
                                }/>
                        </p>
                    </div>
                </fieldset>
                <details class="disclosure more-criteria" prop:open=more_open>
                    <summary>{i18n.t(Text::ReferMore)}</summary>
                    <fieldset class="choices criteria">
                        <legend>{i18n.t(Text::ReferDays)}</legend>
                        {ticks(visit, days, |n| &n.days, |n| &mut n.days)}
                    </fieldset>
                    <fieldset class="choices criteria">
                        <legend>{i18n.t(Text::LanguagesHeading)}</legend>
                        {ticks(visit, terms::<Language>(i18n, |_| true), |n| &n.languages, |n| &mut n.languages)}
                    </fieldset>
                </details>
            </form>
            <section class="no-print" aria-labelledby="fits-title">
                <h2 id="fits-title" tabindex="-1">{i18n.t(Text::ReferFits)}</h2>
                <p class="count" role="status" data-testid="refer-status">{move || said.get()}</p>
                <p class="visually-hidden" role="status" data-testid="refer-said">{move || done.get()}</p>
                <ul class="cards" data-testid="fits">
                    <For each=move || fits.get().fits
                        key=|f| (f.id, f.score, f.fit, f.dimensions.clone(), f.themes.clone())
                        children=fit_view/>
                </ul>
                {move || fits.with(|f| (f.total > f.fits.len()).then(|| view! {
                    <div class="more-results">
                        <p data-testid="fits-shown">{i18n.fill(Text::ResultsShown, &[&f.fits.len(), &f.total])}</p>
                        <button type="button" class="button button-secondary" data-testid="show-more-fits"
                            on:click=show_more>{i18n.t(Text::ShowMore)}</button>
                    </div>
                }))}
            </section>
            {move || chosen.with(|c| !c.is_empty()).then(|| view! {
                <div class="slip-bar no-print" data-testid="slip-bar">
                    // One line: "2 gekozen · Naar de brief ↓", at large text "Brief (2) ↓".
                    <button type="button" class="button" data-testid="to-slip" on:click=move |_| focus_soon("slip-title")>
                        <span class="bar-long">
                            {move || i18n.fill(Text::SlipBarChosen, &[&chosen.with(Vec::len)])}
                            " · "{i18n.t(Text::SlipBarTo)}
                        </span>
                        <span class="bar-short">{move || i18n.fill(Text::SlipBarShort, &[&chosen.with(Vec::len)])}</span>
                        <span aria-hidden="true">"↓"</span>
                    </button>
                </div>
            })}
            <Slip visit take_off start_over/>
        </main>
    }
}

/// The groups to choose from: women and men first, then the others ("everyone"
/// says nothing about a person).
fn who(i18n: I18n) -> Vec<(Audience, String)> {
    let first = [Audience::Women, Audience::Men];
    let mut items: Vec<(Audience, String)> = first
        .iter()
        .map(|&a| (a, a.label(i18n.lang()).to_string()))
        .collect();
    items.extend(terms::<Audience>(i18n, |a| {
        *a != Audience::Everyone && !first.contains(a)
    }));
    items
}
