//! Text put into HTML or SVG that someone else wrote: an offering's title in the
//! page the server sends, a label in the referral slip's QR code.

/// `text` safe as element text and inside a double-quoted attribute. Control
/// characters become spaces: none is meaningful in markup text.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_controls_dropped() {
        assert_eq!(
            escape("<a href=\"x\">Tom & 'Jerry'</a>\u{7}"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt; "
        );
    }
}
