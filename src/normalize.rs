//! Text normalisation and fuzzy comparison for labels.
//!
//! Reports print the same label with full-width or half-width brackets and digits, stray spaces
//! from PDF conversion and the odd typo. Labels are therefore compared in a folded form (NFKC,
//! no whitespace), and near-misses are scored with a character-bigram Dice coefficient so that a
//! typo such as 本年度止件数 still finds 本年废止件数 and can be reported as non-standard.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// The form labels are compared in: NFKC (full-width digits, letters and brackets become
/// half-width), whitespace removed, curly quotes made straight.
pub fn fold(s: &str) -> String {
    // Every line and cell is folded, and nearly all of them are ASCII, CJK ideographs and the
    // usual full-width punctuation, whose NFKC forms are known: those skip the normaliser.
    // Runs of characters that fold to themselves (visible ASCII, ideographs, 、。〃) are copied
    // as they are.
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    for (i, c) in s.char_indices() {
        if matches!(c, '!'..='~' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{3001}'..='\u{3003}')
        {
            continue;
        }
        out.push_str(&s[run..i]);
        run = i + c.len_utf8();
        match fold_fast(c) {
            Some(Some(c)) => out.push(fold_char(c)),
            Some(None) => {}
            None => return fold_slow(s),
        }
    }
    out.push_str(&s[run..]);
    out
}

fn fold_slow(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(fold_char)
        .collect()
}

fn fold_char(c: char) -> char {
    match c {
        '“' | '”' | '「' | '」' => '"',
        '‘' | '’' => '\'',
        '〔' | '【' | '［' => '[',
        '〕' | '】' | '］' => ']',
        _ => c,
    }
}

/// The NFKC form of `c` with whitespace dropped (`Some(None)`), for characters that are their
/// own NFKC form or whose form is one character, and that never combine with a neighbour
/// (starters that are no composition's second part); `None` for any other character.
fn fold_fast(c: char) -> Option<Option<char>> {
    let mapped = nfkc_fast(c)?;
    Some((!mapped.is_whitespace()).then_some(mapped))
}

/// The NFKC form of `c` for the characters [`fold_fast`] knows, whitespace kept.
fn nfkc_fast(c: char) -> Option<char> {
    Some(match c {
        '\u{0}'..='\u{7f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' => c,
        '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301f}' => c,
        '‘' | '’' | '“' | '”' | '—' | '·' => c,
        // Full-width ASCII: NFKC gives the ASCII character.
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0)?,
        '\u{3000}' => ' ',
        _ => return None,
    })
}

/// The NFKC form of `s`, without the normaliser for text [`fold`] reads fast (ASCII text is
/// its own form).
pub fn nfkc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match nfkc_fast(c) {
            Some(c) => out.push(c),
            None => return Cow::Owned(s.nfkc().collect()),
        }
    }
    Cow::Owned(out)
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
    matches!(
        c,
        '0'..='9' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
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
    // Bigrams of `b` not matched yet; on the stack for label-sized strings, since this runs
    // for every pair of labels compared.
    let mut stack = [('\0', '\0'); 48];
    let mut heap = Vec::new();
    let unmatched: &mut [(char, char)] = if nb - 1 <= stack.len() {
        for (slot, pair) in stack.iter_mut().zip(b.chars().zip(b.chars().skip(1))) {
            *slot = pair;
        }
        &mut stack[..nb - 1]
    } else {
        heap.extend(b.chars().zip(b.chars().skip(1)));
        &mut heap
    };
    let mut len = unmatched.len();
    let mut shared = 0usize;
    for pair in a.chars().zip(a.chars().skip(1)) {
        if let Some(i) = unmatched[..len].iter().position(|&p| p == pair) {
            unmatched.swap(i, len - 1);
            len -= 1;
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

/// A string's character bigrams, sorted, for comparing one string with many: the bigrams two
/// sorted lists share are counted in one merge, where [`dice`] compares every pair. Gives what
/// [`dice_at_least`] gives.
#[derive(Clone, Debug, Default)]
pub struct Bigrams {
    chars: usize,
    /// The character of a one-character string, which compares by equality.
    single: Option<char>,
    sorted: Vec<(char, char)>,
}

impl Bigrams {
    pub fn new(s: &str) -> Bigrams {
        let mut sorted: Vec<(char, char)> = s.chars().zip(s.chars().skip(1)).collect();
        sorted.sort_unstable();
        let chars = if sorted.is_empty() {
            s.chars().count()
        } else {
            sorted.len() + 1
        };
        Bigrams {
            chars,
            single: if chars == 1 { s.chars().next() } else { None },
            sorted,
        }
    }

    /// [`dice_at_least`] of the two strings.
    pub fn dice_at_least(&self, other: &Bigrams, min: f64) -> Option<f64> {
        let (ba, bb) = (self.sorted.len(), other.sorted.len());
        if ba + bb > 0 && (2 * ba.min(bb)) as f64 / ((ba + bb) as f64) < min {
            return None;
        }
        let d = if self.chars < 2 || other.chars < 2 {
            let equal = self.chars == other.chars && self.single == other.single;
            if equal && self.chars > 0 { 1.0 } else { 0.0 }
        } else {
            let (mut i, mut j, mut shared) = (0, 0, 0usize);
            while i < ba && j < bb {
                match self.sorted[i].cmp(&other.sorted[j]) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        shared += 1;
                        i += 1;
                        j += 1;
                    }
                }
            }
            2.0 * shared as f64 / (ba + bb) as f64
        };
        (d >= min).then_some(d)
    }
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
    fn fold_fast_path_is_nfkc() {
        let fast: Vec<char> = (0..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|&c| fold_fast(c).is_some())
            .collect();
        assert!(fast.len() > 27_000, "{}", fast.len());
        for &c in &fast {
            assert_eq!(
                fold(&c.to_string()),
                fold_slow(&c.to_string()),
                "U+{:04X}",
                c as u32
            );
        }
        // Neighbours never combine: every pair of the non-ideographs, and each with an ideograph.
        let others: Vec<char> = fast
            .iter()
            .copied()
            .filter(|c| !('\u{3400}'..='\u{9fff}').contains(c))
            .collect();
        for &a in &others {
            for &b in others.iter().chain(['中', '\u{3400}', '\u{9fff}'].iter()) {
                let s: String = [a, b].into_iter().collect();
                assert_eq!(fold(&s), fold_slow(&s), "{s:?}");
                let s: String = [b, a].into_iter().collect();
                assert_eq!(fold(&s), fold_slow(&s), "{s:?}");
            }
        }
        for &c in &fast {
            let s = format!("{c}1{c}");
            assert_eq!(nfkc(&s), s.nfkc().collect::<String>(), "U+{:04X}", c as u32);
        }
        for s in [
            "",
            "1 0",
            "Ａ\u{301}（１）",
            "规章\u{2f00}",
            "（其中修订 16 件）",
            "１２３",
        ] {
            assert_eq!(nfkc(s), s.nfkc().collect::<String>(), "{s}");
        }
        // Runs copied as they are, between characters that change or drop.
        for s in [
            "（二） 部分公开 １２ 件，“三安全”【注】abc\tdef\u{3000}完",
            "本年新收政府信息公开申请数量、。〃ok",
            " lead and trail ",
            "「一」",
        ] {
            assert_eq!(fold(s), fold_slow(s), "{s}");
        }
        // A character outside the fast set sends the whole string through the normaliser.
        assert_eq!(fold("Ａ\u{301}（１）"), "Á(1)");
        assert_eq!(fold("规章\u{2f00}"), "规章一");
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
    fn dice_counts_shared_bigrams_as_a_multiset_on_the_stack_and_off_it() {
        // The straightforward form: every bigram of `a` takes one equal bigram of `b`.
        fn reference(a: &str, b: &str) -> f64 {
            let (na, nb) = (a.chars().count(), b.chars().count());
            let mut unmatched: Vec<(char, char)> = b.chars().zip(b.chars().skip(1)).collect();
            let mut shared = 0;
            for pair in a.chars().zip(a.chars().skip(1)) {
                if let Some(i) = unmatched.iter().position(|&p| p == pair) {
                    unmatched.swap_remove(i);
                    shared += 1;
                }
            }
            2.0 * shared as f64 / (na - 1 + nb - 1) as f64
        }
        let long = "本年新收政府信息公开申请数量".repeat(5);
        for (a, b) in [
            ("规章规章规章", "规章规规章"),
            ("aaaa", "aa"),
            (long.as_str(), "政府信息公开申请"),
            ("政府信息公开申请", long.as_str()),
            (long.as_str(), &long[3..]),
        ] {
            assert_eq!(dice(a, b), reference(a, b), "{a} {b}");
        }
    }

    #[test]
    fn bigrams_give_what_dice_gives() {
        let mut words: Vec<String> = [
            "",
            "规",
            "章",
            "规章",
            "规章规章规章",
            "规章规规章",
            "aaaa",
            "aa",
            "a",
            "本年度止件数",
            "本年废止件数",
            "本年制发件数",
            "其他需要报告的事项",
            "其他需要报告事项",
            "总体情况",
            "概述",
            "(七)总计",
            "总计",
            "ab",
            "ba",
            "abab",
            "baba",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for row in crate::template::rows(
            crate::template::TemplateId::Y2021,
            crate::template::Table::Requests,
        ) {
            words.push(strip_numbering(row.patterns[0]).to_string());
            words.push(row.patterns[0].chars().skip(2).collect());
        }
        words.push("本年新收政府信息公开申请数量".repeat(5));
        let bigrams: Vec<Bigrams> = words.iter().map(|w| Bigrams::new(w)).collect();
        for (a, ba) in words.iter().zip(&bigrams) {
            for (b, bb) in words.iter().zip(&bigrams) {
                for min in [0.0, 0.5, 0.55, 0.6, 0.75, 1.0] {
                    assert_eq!(
                        ba.dice_at_least(bb, min),
                        dice_at_least(a, b, min),
                        "{a} {b} {min}"
                    );
                }
            }
        }
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_numeral("四"), Some(4));
        assert_eq!(chinese_numeral("十二"), Some(12));
        assert_eq!(chinese_numeral("二十"), Some(20));
        assert_eq!(chinese_numeral("甲"), None);
    }
}
