//! Fonts pdf-extract cannot decode, and characters some fonts map to the wrong code points.
//!
//! pdf-extract panics on a Type0 font whose encoding is one of Adobe's predefined CMaps
//! (`UniGB-UCS2-H`, `GBK-EUC-H`, …: reportlab's non-embedded STSong, older Word exports). Rather
//! than decode those glyphs in a second interpreter, each such font is rewritten in memory into
//! one pdf-extract reads: an embedded CMap with the same code space (CID = code) and a ToUnicode
//! map computed from the predefined one (UCS-2 codes are their own Unicode; GBK codes are
//! decoded by encoding_rs). Widths are kept for the Latin glyphs (Adobe-GB1 CIDs 1–95 are ASCII
//! 0x20–0x7E in both CMaps); every other glyph takes the font's default width, as CJK glyphs
//! have.

use std::fmt::Write;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use unicode_normalization::UnicodeNormalization;

/// How the codes of a predefined CMap map to Unicode.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Predefined {
    /// Two-byte codes that are UCS-2 (UniGB-UCS2-H, UniGB-UTF16-H and their CNS/JIS/KS kin).
    Ucs2,
    /// One byte for ASCII, two for GBK (GBK-EUC-H, GB-EUC-H, GBpc-EUC-H, GBK2K-H).
    Gbk,
}

fn predefined(name: &[u8]) -> Option<Predefined> {
    let name = std::str::from_utf8(name).ok()?;
    let base = name
        .strip_suffix("-H")
        .or_else(|| name.strip_suffix("-V"))?;
    if base.starts_with("Uni") && (base.ends_with("UCS2") || base.ends_with("UTF16")) {
        return Some(Predefined::Ucs2);
    }
    matches!(
        base,
        "GBK-EUC" | "GB-EUC" | "GBpc-EUC" | "GBK2K" | "GBKp-EUC"
    )
    .then_some(Predefined::Gbk)
}

/// Rewrites every Type0 font with a predefined CMap other than Identity; returns how many.
pub fn rewrite_predefined_cmaps(doc: &mut Document) -> usize {
    let targets: Vec<(ObjectId, Predefined)> = doc
        .objects
        .iter()
        .filter_map(|(&id, obj)| {
            let dict = obj.as_dict().ok()?;
            if dict.get(b"Subtype").and_then(Object::as_name).ok()? != b"Type0" {
                return None;
            }
            let kind = predefined(dict.get(b"Encoding").and_then(Object::as_name).ok()?)?;
            Some((id, kind))
        })
        .collect();
    for &(id, kind) in &targets {
        rewrite(doc, id, kind);
    }
    targets.len()
}

fn rewrite(doc: &mut Document, id: ObjectId, kind: Predefined) {
    let encoding = doc.add_object(Stream::new(
        Dictionary::new(),
        encoding_cmap(kind).into_bytes(),
    ));
    let to_unicode = doc.add_object(Stream::new(
        Dictionary::new(),
        to_unicode_cmap(kind).into_bytes(),
    ));
    // The descendant's widths, re-keyed from Adobe-GB1 CIDs to the codes that now stand for them.
    let descendant = doc
        .get_dictionary(id)
        .ok()
        .and_then(|d| d.get(b"DescendantFonts").ok())
        .and_then(|o| match o {
            Object::Reference(r) => doc.get_object(*r).ok(),
            o => Some(o),
        })
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first().cloned());
    if let Some(first) = descendant {
        let widths = match &first {
            Object::Reference(r) => doc.get_dictionary(*r).ok().map(|d| latin_widths(doc, d)),
            Object::Dictionary(d) => Some(latin_widths(doc, d)),
            _ => None,
        };
        let new_w = widths.map(|w| {
            Object::Array(vec![
                Object::Integer(0x20),
                Object::Array(w.into_iter().map(Object::Real).collect()),
            ])
        });
        let set_w = |d: &mut Dictionary| {
            if let Some(w) = new_w.clone() {
                d.set("W", w);
            }
        };
        match first {
            Object::Reference(r) => {
                if let Ok(d) = doc.get_dictionary_mut(r) {
                    set_w(d);
                }
            }
            Object::Dictionary(mut d) => {
                set_w(&mut d);
                if let Ok(font) = doc.get_dictionary_mut(id) {
                    font.set(
                        "DescendantFonts",
                        Object::Array(vec![Object::Dictionary(d)]),
                    );
                }
            }
            _ => {}
        }
    }
    if let Ok(font) = doc.get_dictionary_mut(id) {
        font.set("Encoding", Object::Reference(encoding));
        font.set("ToUnicode", Object::Reference(to_unicode));
    }
}

/// Widths of ASCII 0x20–0x7E (CIDs 1–95 of Adobe-GB1) from a CIDFont's `W` and `DW`.
fn latin_widths(doc: &Document, cid_font: &Dictionary) -> Vec<f32> {
    let num = |o: &Object| match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    };
    let deref = |o: &Object| match o {
        Object::Reference(r) => doc.get_object(*r).ok().cloned(),
        o => Some(o.clone()),
    };
    let default = cid_font.get(b"DW").ok().and_then(num).unwrap_or(1000.0);
    let mut widths = vec![default.min(500.0); 95];
    let w = cid_font
        .get(b"W")
        .ok()
        .and_then(deref)
        .and_then(|o| o.as_array().ok().cloned())
        .unwrap_or_default();
    let mut set = |cid: i64, width: f32| {
        if (1..=95).contains(&cid) {
            widths[(cid - 1) as usize] = width;
        }
    };
    let mut i = 0;
    while i + 1 < w.len() {
        let Some(first) = num(&w[i]).map(|f| f as i64) else {
            break;
        };
        match deref(&w[i + 1]) {
            Some(Object::Array(list)) => {
                for (k, v) in list.iter().enumerate() {
                    if let Some(v) = num(v) {
                        set(first + k as i64, v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let (Some(last), Some(width)) = (num(&o), w.get(i + 2).and_then(num)) else {
                    break;
                };
                for cid in first..=(last as i64).min(first + 200) {
                    set(cid, width);
                }
                i += 3;
            }
            None => break,
        }
    }
    widths
}

/// The code space written for adobe-cmap-parser 0.4, which takes a range's code width to be
/// half the bytes of its bounds: a two-byte range is written with four-byte bounds, a one-byte
/// range with two-byte bounds.
fn encoding_cmap(kind: Predefined) -> String {
    let space = match kind {
        Predefined::Ucs2 => "1 begincodespacerange\n<00000000> <0000FFFF>\nendcodespacerange\n",
        Predefined::Gbk => {
            "2 begincodespacerange\n<0000> <0080>\n<00008140> <0000FEFE>\nendcodespacerange\n"
        }
    };
    format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n{space}\
         1 begincidrange\n<0000> <FFFF> 0\nendcidrange\nendcmap\nend\nend\n"
    )
}

/// A ToUnicode CMap for every code of the predefined CMap.
fn to_unicode_cmap(kind: Predefined) -> String {
    let mut out = String::from("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
    match kind {
        Predefined::Ucs2 => {
            // Surrogates are left out: a UCS-2 code is one BMP character.
            out.push_str(
                "2 beginbfrange\n<0000> <D7FF> <0000>\n<E000> <FFFF> <E000>\nendbfrange\n",
            );
        }
        Predefined::Gbk => {
            let mut entries = Vec::new();
            for b in 0x20u32..0x80 {
                entries.push((b, char::from_u32(b).unwrap_or(' ')));
            }
            for lead in 0x81u8..=0xFE {
                for trail in 0x40u8..=0xFE {
                    if trail == 0x7F {
                        continue;
                    }
                    let pair = [lead, trail];
                    let (text, _, bad) = encoding_rs::GBK.decode(&pair);
                    let mut chars = text.chars();
                    if let (false, Some(c), None) = (bad, chars.next(), chars.next()) {
                        entries.push(((lead as u32) << 8 | trail as u32, c));
                    }
                }
            }
            for chunk in entries.chunks(100) {
                let _ = writeln!(out, "{} beginbfchar", chunk.len());
                for &(code, c) in chunk {
                    let mut units = [0u16; 2];
                    let hex: String = c
                        .encode_utf16(&mut units)
                        .iter()
                        .map(|u| format!("{u:04X}"))
                        .collect();
                    if code < 0x100 {
                        let _ = writeln!(out, "<{code:02X}> <{hex}>");
                    } else {
                        let _ = writeln!(out, "<{code:04X}> <{hex}>");
                    }
                }
                out.push_str("endbfchar\n");
            }
        }
    }
    out.push_str("endcmap\nend\nend\n");
    out
}

/// Folds the Kangxi radicals (U+2F00–2FD5), the CJK radicals supplement (U+2E80–2EF3) and the
/// CJK compatibility ideographs some fonts map their glyphs to into the ordinary ideographs
/// (⼤ → 大). Nothing else is normalised: full-width punctuation and digits stay as printed.
pub fn fold_radicals(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    let code = c as u32;
    let single = |s: String| {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(d), None) => d,
            _ => c,
        }
    };
    match code {
        0x2F00..=0x2FD5 | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F => {
            single(c.to_string().nfkc().collect())
        }
        0x2E80..=0x2EF3 => SUPPLEMENT
            .iter()
            .find(|&&(r, _)| r == c)
            .map_or_else(|| single(c.to_string().nfkc().collect()), |&(_, d)| d),
        _ => c,
    }
}

/// Simplified-form radicals that stand for a character of their own; those without one (⻌
/// walk) are left as they are.
const SUPPLEMENT: &[(char, char)] = &[
    ('⺟', '母'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻈', '讠'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻐', '钅'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻙', '韦'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻠', '饣'),
    ('⻢', '马'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻬', '齐'),
    ('⻮', '齿'),
    ('⻰', '龙'),
    ('⻳', '龟'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_and_compatibility_ideographs_fold_and_nothing_else() {
        assert_eq!(
            fold_radicals("烟台市⼤数据局⼯作⼆⼗⽌"),
            "烟台市大数据局工作二十止"
        );
        assert_eq!(fold_radicals("⻓⻔⻢⺟"), "长门马母");
        assert_eq!(fold_radicals("\u{F900}"), "豈");
        // Full-width forms, which NFKC would change, stay as printed.
        assert_eq!(fold_radicals("（一）１２ＡＢ"), "（一）１２ＡＢ");
        assert_eq!(fold_radicals("⻌"), "⻌");
    }

    #[test]
    fn predefined_cmaps_are_recognised() {
        assert_eq!(predefined(b"UniGB-UCS2-H"), Some(Predefined::Ucs2));
        assert_eq!(predefined(b"UniGB-UTF16-V"), Some(Predefined::Ucs2));
        assert_eq!(predefined(b"GBK-EUC-H"), Some(Predefined::Gbk));
        assert_eq!(predefined(b"Identity-H"), None);
        assert_eq!(predefined(b"WinAnsiEncoding"), None);
    }

    #[test]
    fn gbk_to_unicode_map_covers_ascii_and_hanzi() {
        let cmap = to_unicode_cmap(Predefined::Gbk);
        assert!(cmap.contains("\n<41> <0041>\n"));
        // 中 is D6D0 in GBK, U+4E2D.
        assert!(cmap.contains("\n<D6D0> <4E2D>\n"));
    }
}
