//! Text normalisation and fuzzy comparison for labels.
//!
//! Reports print the same label with full-width or half-width brackets and digits, stray spaces
//! from PDF conversion and the odd typo. Labels are therefore compared in a folded form (NFKC,
//! no whitespace), and near-misses are scored with a character-bigram Dice coefficient so that a
//! typo such as 本年度止件数 still finds 本年废止件数 and can be reported as non-standard.

use unicode_normalization::UnicodeNormalization;

/// The form labels are compared in: NFKC (full-width digits, letters and brackets become
/// half-width), whitespace removed, curly quotes made straight.
pub fn fold(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '“' | '”' | '「' | '」' => '"',
            '‘' | '’' => '\'',
            '〔' | '【' | '［' => '[',
            '〕' | '】' | '］' => ']',
            _ => c,
        })
        .collect()
}

/// Strips the outline numbering that prefixes a label (`三、`, `（二）`, `1.`, `2、`), repeatedly,
/// so that `(四)无法提供1.本机关…` and `1.本机关…` compare on their words.
pub fn strip_numbering(folded: &str) -> &str {
    let mut s = folded;
    loop {
        let before = s.len();
        s = s.trim_start_matches(['、', '.', ':', '：']);
        if let Some(rest) = s.strip_prefix('(')
            && let Some(end) = rest.find(')')
            && rest[..end].chars().all(is_numeral)
            && end > 0
        {
            s = &rest[end + 1..];
        }
        let digits = s.find(|c: char| !is_numeral(c)).unwrap_or(s.len());
        if digits > 0 && s[digits..].starts_with(['、', '.']) {
            s = s[digits..].trim_start_matches(['、', '.']);
        }
        if s.len() == before {
            return s;
        }
    }
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十".contains(c)
}

/// Dice coefficient over character bigrams, in `[0, 1]`. Strings of one character compare by
/// equality.
pub fn dice(a: &str, b: &str) -> f64 {
    let (na, nb) = (a.chars().count(), b.chars().count());
    if na < 2 || nb < 2 {
        return if a == b && !a.is_empty() { 1.0 } else { 0.0 };
    }
    if a == b {
        return 1.0;
    }
    let mut unmatched: Vec<(char, char)> = b.chars().zip(b.chars().skip(1)).collect();
    let mut shared = 0usize;
    for pair in a.chars().zip(a.chars().skip(1)) {
        if let Some(i) = unmatched.iter().position(|&p| p == pair) {
            unmatched.swap_remove(i);
            shared += 1;
        }
    }
    2.0 * shared as f64 / (na - 1 + nb - 1) as f64
}

/// The Dice coefficient of `a` and `b` when it is at least `min`. Strings whose lengths differ
/// too much to reach `min` are not compared, so a huge line costs nothing.
pub fn dice_at_least(a: &str, b: &str, min: f64) -> Option<f64> {
    let (na, nb) = (a.chars().count(), b.chars().count());
    let (ba, bb) = (na.saturating_sub(1), nb.saturating_sub(1));
    if ba + bb > 0 && (2 * ba.min(bb)) as f64 / ((ba + bb) as f64) < min {
        return None;
    }
    let d = dice(a, b);
    (d >= min).then_some(d)
}

/// Chinese numeral (一 … 十九) to its value.
pub fn chinese_numeral(s: &str) -> Option<u32> {
    const DIGITS: &str = "一二三四五六七八九";
    let digit = |c: char| DIGITS.chars().position(|d| d == c).map(|i| i as u32 + 1);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', c] => digit(*c).map(|d| 10 + d),
        [c, '十'] => digit(*c).map(|d| d * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_makes_full_width_half_width_and_drops_spaces() {
        assert_eq!(fold("（二） 部分公开 １２"), "(二)部分公开12");
        assert_eq!(fold("危及“三安全一稳定”"), "危及\"三安全一稳定\"");
    }

    #[test]
    fn strip_numbering_removes_nested_outline_prefixes() {
        assert_eq!(strip_numbering("(四)无法提供"), "无法提供");
        assert_eq!(strip_numbering("三、(一)予以公开"), "予以公开");
        assert_eq!(strip_numbering("1.属于国家秘密"), "属于国家秘密");
        assert_eq!(strip_numbering("2、重复申请"), "重复申请");
        assert_eq!(strip_numbering("2021年"), "2021年");
    }

    #[test]
    fn dice_scores_a_typo_closer_to_its_intended_label() {
        let typo = dice("本年度止件数", "本年废止件数");
        assert!(typo >= 0.55, "{typo}");
        assert!(dice("本年度止件数", "本年制发件数") < 0.5);
        assert_eq!(dice("规章", "规章"), 1.0);
        assert_eq!(dice("", "规章"), 0.0);
        assert_eq!(
            dice_at_least("本年度止件数", "本年废止件数", 0.55),
            Some(0.6)
        );
        assert_eq!(dice_at_least(&"规".repeat(100_000), "规章", 0.5), None);
        assert_eq!(dice_at_least("规章", "规章", 0.6), Some(1.0));
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_numeral("四"), Some(4));
        assert_eq!(chinese_numeral("十二"), Some(12));
        assert_eq!(chinese_numeral("二十"), Some(20));
        assert_eq!(chinese_numeral("甲"), None);
    }
}
