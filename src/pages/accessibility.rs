//! The accessibility statement (EN 301 549 asks public bodies to publish one), so
//! that a municipality can adopt the app as it is.

use leptos::prelude::*;

use crate::components::nothing_found::TeamContact;
use crate::i18n::{Text, use_i18n};

#[component]
pub fn Accessibility() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |text: Text| i18n.t(text);
    view! {
        <main id="main" class="page">
            <h1>{t(Text::A11yTitle)}</h1>
            <p class="lead">{t(Text::A11yIntro)}</p>
            <h2>{t(Text::A11yStandardHeading)}</h2>
            <p>{t(Text::A11yStandard)}</p>
            <h2>{t(Text::A11yHowHeading)}</h2>
            <ul>
                {[Text::A11yHow1, Text::A11yHow2, Text::A11yHow3, Text::A11yHow4, Text::A11yHow5]
                    .map(|line| view! { <li>{t(line)}</li> })}
            </ul>
            <h2>{t(Text::A11yKnownHeading)}</h2>
            <ul>
                {[Text::A11yKnown1, Text::A11yKnown2].map(|line| view! { <li>{t(line)}</li> })}
            </ul>
            <TeamContact heading=Text::A11yContactHeading lead=Text::A11yContact/>
        </main>
    }
}
