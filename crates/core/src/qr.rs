//! A QR code as an SVG string, for the referral slip: it opens the chosen offerings
//! in the public app ([`crate::refer::referral_link`]), on screen or printed.
//!
//! Drawn here rather than with the `qrcode` crate's renderer: one `<path>` with a run
//! of dark modules per subpath is a few KB for a slip's link, and scales crisply to
//! any size (no width or height: the page sizes it). Black on white, whatever the
//! theme: scanners expect dark modules on a light ground, with a quiet zone of four
//! modules around them (ISO/IEC 18004).
//!
//! Size: the `qrcode` encoder and this module add 25.8 KB (13.5 KB gzip) to a wasm32
//! build with the `wasm-release` settings (measured as the difference between two
//! small cdylibs, with and without a call to [`qr_svg`], before `wasm-opt`).

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

/// Error correction level M: it survives a crease or smudge on paper and keeps the
/// code small.
const LEVEL: EcLevel = EcLevel::M;

/// Light modules around the code, as the standard asks.
pub const QUIET_ZONE: usize = 4;

/// Why a text cannot be drawn as a QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("the text is too long for a QR code")]
    TooLong,
}

/// `text` as an SVG QR code labelled `label` for screen readers (e.g. "QR-code:
/// opent de gekozen activiteiten").
pub fn qr_svg(text: &str, label: &str) -> Result<String, QrError> {
    let code = encode(text).ok_or(QrError::TooLong)?;
    let width = code.width();
    let colors = code.to_colors();
    let side = width + 2 * QUIET_ZONE;
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Light {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
            path.push_str(&format!(
                "M{} {}h{run}v1h-{run}z",
                x + QUIET_ZONE,
                y + QUIET_ZONE
            ));
            x += run;
        }
    }
    Ok(format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" "#,
            r#"shape-rendering="crispEdges" role="img" aria-label="{label}">"#,
            r##"<rect width="{side}" height="{side}" fill="#fff"/>"##,
            r##"<path fill="#000" d="{path}"/></svg>"##
        ),
        side = side,
        label = crate::markup::escape(label),
        path = path,
    ))
}

/// The smallest code that holds `text` as bytes. Byte mode throughout rather than
/// the crate's optimal mix of modes: a link is mostly lower case, which only byte
/// mode holds, and leaving the mode optimiser out saves WASM.
fn encode(text: &str) -> Option<QrCode> {
    (1..=40).find_map(|version| {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_byte_data(text.as_bytes()).ok()?;
        bits.push_terminator(LEVEL).ok()?;
        QrCode::with_bits(bits, LEVEL).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dark modules the SVG draws, read back from its path.
    fn modules(svg: &str) -> (usize, Vec<Vec<bool>>) {
        let side: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        let mut grid = vec![vec![false; side]; side];
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        for sub in d.split('M').filter(|s| !s.is_empty()) {
            let (xy, rest) = sub.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            let run: usize = rest.split_once('v').unwrap().0.parse().unwrap();
            grid[y][x..x + run].iter_mut().for_each(|m| *m = true);
        }
        (side, grid)
    }

    #[test]
    fn a_scanner_reads_the_text_back() {
        let link = "https://wijkgids.example/verwijzing?id=5a3b1e00-0000-4000-8000-000000000002,\
                    5a3b1e00-0000-4000-8000-000000000003";
        let svg = qr_svg(link, "QR-code").unwrap();
        let (side, grid) = modules(&svg);
        let scale = 4;
        let mut image =
            rqrr::PreparedImage::prepare_from_bitmap(side * scale, side * scale, |x, y| {
                grid[y / scale][x / scale]
            });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, text) = grids[0].decode().unwrap();
        assert_eq!(text, link);
    }

    #[test]
    fn the_svg_has_a_quiet_zone_a_label_and_crisp_edges() {
        let svg = qr_svg("/verwijzing?id=x", "Scan: \"activiteiten\" & <meer>").unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
        assert!(svg.contains(r#"shape-rendering="crispEdges""#));
        assert!(svg.contains(
            r#"role="img" aria-label="Scan: &quot;activiteiten&quot; &amp; &lt;meer&gt;""#
        ));
        assert!(svg.contains(r##"fill="#fff""##) && svg.contains(r##"fill="#000""##));
        let (side, grid) = modules(&svg);
        let in_quiet_zone = |x: usize, y: usize| {
            [x, y]
                .iter()
                .any(|v| *v < QUIET_ZONE || *v >= side - QUIET_ZONE)
        };
        for (y, row) in grid.iter().enumerate() {
            for (x, dark) in row.iter().enumerate() {
                assert!(!(*dark && in_quiet_zone(x, y)), "the quiet zone is light");
            }
        }
        // The finder pattern's corner sits just inside the quiet zone.
        assert!(grid[QUIET_ZONE][QUIET_ZONE]);
    }

    #[test]
    fn too_long_a_text_is_an_error() {
        assert_eq!(qr_svg(&"x".repeat(5000), "QR"), Err(QrError::TooLong));
        // A slip's link with the most offerings fits, in a few KB.
        let ids: Vec<uuid::Uuid> = (0..crate::refer::REFERRAL_IDS_MAX as u128)
            .map(|n| uuid::Uuid::from_u128(n << 64 | 0x4000_8000_0000_0000))
            .collect();
        let link = crate::refer::referral_link(&ids).unwrap();
        let svg = qr_svg(&format!("https://wijkgids.example{link}"), "QR").unwrap();
        assert!(svg.len() < 40_000, "{} bytes", svg.len());
    }
}
