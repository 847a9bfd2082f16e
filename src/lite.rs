//! Regular expressions compiled for a fraction of the `regex` crate's cost.
//!
//! A single `gongkai extract FILE` spent most of its fixed cost compiling regexes: the `regex`
//! crate builds UTF-8 automata forward and reverse, extracts literals and builds prefilters for
//! each, about 1 M instructions per pattern here. `regex-lite` (same authors, same syntax and
//! match semantics, matching codepoint by codepoint) compiles the same patterns for about a
//! twentieth of that, and searches more slowly, which these short lines and sentences do not
//! feel once the search starts only where a match can ([`Anchored`]).
//!
//! regex-lite's `\d` and `\s` are ASCII only; [`compile`] writes them out as the Unicode classes
//! the `regex` crate means by them, so every pattern matches exactly what it did.

use std::sync::{LazyLock, OnceLock};

use memchr::memmem::Finder;
use regex_lite::{Captures, Regex};
use regex_syntax::hir::{Class, HirKind};

/// The ranges of a Unicode Perl class (`\d`, `\s`) as the `regex` crate defines it, written for
/// a regex-lite class: taken from regex-syntax, which `regex` builds its classes from.
fn perl_class(perl: &str) -> String {
    let hir = regex_syntax::parse(perl).expect("perl class");
    let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
        unreachable!("{perl} is a Unicode class");
    };
    // Characters as themselves (the parser goes character by character, and escapes are
    // long), but for ASCII punctuation, which may mean something in a class.
    let put = |c: char| match c.is_ascii_punctuation() {
        true => format!(r"\x{{{:x}}}", u32::from(c)),
        false => c.to_string(),
    };
    class
        .ranges()
        .iter()
        .map(|r| format!("{}-{}", put(r.start()), put(r.end())))
        .collect()
}

static DIGIT: LazyLock<String> = LazyLock::new(|| perl_class(r"\d"));
static SPACE: LazyLock<String> = LazyLock::new(|| perl_class(r"\s"));

/// `pattern` in regex-lite's syntax with `\d`, `\D`, `\s` and `\S` as Unicode classes.
fn translate(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut in_class = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    out.push(c);
                    break;
                };
                let ranges = match e {
                    'd' | 'D' => Some(&*DIGIT),
                    's' | 'S' => Some(&*SPACE),
                    _ => None,
                };
                match (ranges, in_class) {
                    (Some(r), false) => {
                        let negated = if e.is_uppercase() { "^" } else { "" };
                        out.push_str(&format!("[{negated}{r}]"));
                    }
                    (Some(r), true) => {
                        assert!(e.is_lowercase(), "\\{e} inside a class: {pattern}");
                        out.push_str(r);
                    }
                    (None, _) => {
                        out.push(c);
                        out.push(e);
                    }
                }
            }
            '[' if in_class => panic!("nested class: {pattern}"),
            '[' => {
                in_class = true;
                out.push(c);
                // A `]` first in a class (after any `^`) is itself.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Compiles `pattern` (the `regex` crate's syntax, without Unicode property classes) so that it
/// matches exactly what `regex::Regex::new(pattern)` matches.
pub fn compile(pattern: &str) -> Regex {
    Regex::new(&translate(pattern)).unwrap_or_else(|e| panic!("regex {pattern}: {e}"))
}

/// A pattern whose every match begins with one of a few literal `starts`: its matches are
/// sought only where one of them begins, the pattern tried there anchored, so a sentence
/// without them costs a scan and nothing more, and the pattern is compiled the first time one
/// is found. The matches are those `regex` finds unanchored, in order, without overlap.
pub struct Anchored {
    /// The pattern, anchored at its start.
    source: String,
    /// Every match starts with one of these (tests check it against the pattern's literals).
    starts: &'static [&'static str],
    /// Every match ends with one of these, when not empty (tests check it too): text without
    /// one of them has no match.
    ends: &'static [&'static str],
    regex: OnceLock<Regex>,
    /// Searchers for the first characters of the starts and for the ends.
    finders: OnceLock<(Vec<Finder<'static>>, Vec<Finder<'static>>)>,
}

/// The ten ASCII digits, for [`Anchored::new`] when a pattern starts with a number.
pub const DIGITS: &[&str] = &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

impl Anchored {
    /// `pattern` must have no look-around (`^`, `$`, `\b`): it is tried on the text from a start
    /// on, which must read the same as the whole text there. No match may be empty.
    pub fn new(pattern: &str, starts: &'static [&'static str]) -> Anchored {
        Anchored {
            source: format!("^(?:{pattern})"),
            starts,
            ends: &[],
            regex: OnceLock::new(),
            finders: OnceLock::new(),
        }
    }

    /// The same, with words one of which ends every match.
    pub fn ending(self, ends: &'static [&'static str]) -> Anchored {
        Anchored { ends, ..self }
    }

    /// The pattern as given to [`Anchored::new`].
    pub fn pattern(&self) -> &str {
        &self.source["^(?:".len()..self.source.len() - 1]
    }

    pub fn starts(&self) -> &'static [&'static str] {
        self.starts
    }

    pub fn ends(&self) -> &'static [&'static str] {
        self.ends
    }

    /// The matches in `haystack`, in order, each with its capture groups.
    pub fn captures_iter<'a, 'h>(&'a self, haystack: &'h str) -> impl Iterator<Item = Hit<'h>> + 'a
    where
        'h: 'a,
    {
        let (finders, ends) = self.finders.get_or_init(|| {
            // Starts share first characters (公开…, 公布…): one search for each character,
            // the starts compared where it is found.
            let mut firsts: Vec<&'static str> = self
                .starts
                .iter()
                .filter_map(|s| s.chars().next().map(|c| &s[..c.len_utf8()]))
                .collect();
            firsts.sort_unstable();
            firsts.dedup();
            let finders = |words: &[&'static str]| words.iter().map(|w| Finder::new(*w)).collect();
            (finders(&firsts), finders(self.ends))
        });
        let possible =
            ends.is_empty() || ends.iter().any(|e| e.find(haystack.as_bytes()).is_some());
        // The next place each first character is found at, from where the search stands.
        let mut next: Vec<Option<usize>> = match possible {
            true => finders
                .iter()
                .map(|f| f.find(haystack.as_bytes()))
                .collect(),
            false => Vec::new(),
        };
        let mut from = 0;
        std::iter::from_fn(move || {
            loop {
                let mut at: Option<usize> = None;
                for (n, finder) in next.iter_mut().zip(finders) {
                    if n.is_some_and(|n| n < from) {
                        *n = finder.find(&haystack.as_bytes()[from..]).map(|i| from + i);
                    }
                    if let Some(n) = *n {
                        at = Some(at.map_or(n, |at| at.min(n)));
                    }
                }
                let at = at?;
                let rest = &haystack.as_bytes()[at..];
                if !self.starts.iter().any(|s| rest.starts_with(s.as_bytes())) {
                    from = at + 1;
                    continue;
                }
                let regex = self.regex.get_or_init(|| compile(&self.source));
                if let Some(caps) = regex.captures(&haystack[at..]) {
                    let end = caps.get(0).map_or(0, |m| m.end());
                    assert!(end > 0, "empty match of {}", self.source);
                    from = at + end;
                    return Some(Hit { offset: at, caps });
                }
                // Where a character is found one starts, and the next is further on.
                from = at + 1;
            }
        })
    }

    /// The first match, as `regex`'s `find` gives it.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Span<'h>> {
        self.captures_iter(haystack).next().and_then(|h| h.get(0))
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.captures_iter(haystack).next().is_some()
    }
}

/// One match of an [`Anchored`] pattern.
pub struct Hit<'h> {
    /// Where the text the pattern was tried on starts in the haystack.
    offset: usize,
    caps: Captures<'h>,
}

impl<'h> Hit<'h> {
    /// Group `i` (0: the whole match), placed in the haystack.
    pub fn get(&self, i: usize) -> Option<Span<'h>> {
        self.caps.get(i).map(|m| Span {
            start: self.offset + m.start(),
            text: m.as_str(),
        })
    }

    /// The groups after the whole match, in order.
    pub fn groups(&self) -> impl Iterator<Item = Option<Span<'h>>> + '_ {
        (1..self.caps.len()).map(|i| self.get(i))
    }
}

/// A matched part of a haystack: where it starts and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span<'h> {
    start: usize,
    text: &'h str,
}

impl<'h> Span<'h> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end()
    }

    pub fn as_str(&self) -> &'h str {
        self.text
    }
}

/// Asserts that every match of `a` begins with one of its starts and ends with one of its ends
/// (when it has any), from the pattern's own literals: its search relies on both.
#[cfg(test)]
pub(crate) fn assert_literals(a: &Anchored) {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::parse(a.pattern()).expect("pattern");
    let mut checks = vec![(ExtractKind::Prefix, a.starts())];
    if !a.ends().is_empty() {
        checks.push((ExtractKind::Suffix, a.ends()));
    }
    for (kind, words) in checks {
        let seq = Extractor::new()
            .kind(kind.clone())
            .limit_class(16)
            .limit_repeat(16)
            .limit_literal_len(64)
            .limit_total(100_000)
            .extract(&hir);
        let literals = seq
            .literals()
            .unwrap_or_else(|| panic!("{kind:?} of {}", a.pattern()));
        assert!(!literals.is_empty(), "{}", a.pattern());
        for literal in literals {
            let literal = literal.as_bytes();
            assert!(
                words.iter().any(|w| match kind {
                    ExtractKind::Prefix => literal.starts_with(w.as_bytes()),
                    _ => literal.ends_with(w.as_bytes()),
                }),
                "{kind:?} {:?} of {} is not among {words:?}",
                String::from_utf8_lossy(literal),
                a.pattern()
            );
        }
    }
}

/// Asserts that `a` finds in `haystack` what the `regex` crate finds with the same pattern:
/// the same matches with the same groups.
#[cfg(test)]
pub(crate) fn assert_finds_what_regex_finds(a: &Anchored, regex: &regex::Regex, haystack: &str) {
    type Groups<'h> = Vec<Option<(usize, &'h str)>>;
    let ours: Vec<Groups> = a
        .captures_iter(haystack)
        .map(|h| {
            (0..regex.captures_len())
                .map(|i| h.get(i).map(|s| (s.start(), s.as_str())))
                .collect()
        })
        .collect();
    let theirs: Vec<Groups> = regex
        .captures_iter(haystack)
        .map(|c| {
            c.iter()
                .map(|m| m.map(|m| (m.start(), m.as_str())))
                .collect()
        })
        .collect();
    assert_eq!(ours, theirs, "{} in {haystack}", a.pattern());
}

/// Text that `pattern` matches, as proptest makes it (without the anchors, which it cannot
/// make text for).
#[cfg(test)]
pub(crate) fn matches_of(pattern: &str) -> proptest::strategy::BoxedStrategy<String> {
    use proptest::strategy::Strategy;
    let p = pattern.strip_prefix('^').unwrap_or(pattern);
    let p = p.strip_suffix('$').unwrap_or(p);
    proptest::string::string_regex(p).expect("pattern").boxed()
}

/// A match of one of `patterns`, whole or with other text before or after it.
#[cfg(test)]
pub(crate) fn near_matches(patterns: &[&str]) -> proptest::strategy::BoxedStrategy<String> {
    use proptest::strategy::Strategy;
    let matches = proptest::strategy::Union::new(patterns.iter().map(|p| matches_of(p)));
    (matches, texts_for(patterns, 0..2), proptest::bool::ANY)
        .prop_map(|(text, noise, before)| match before {
            true => noise + &text,
            false => text + &noise,
        })
        .boxed()
}

/// Text to compare patterns with `regex` on: matches of the patterns (as proptest makes them
/// from the pattern) among their words and characters, digits, punctuation and other words.
#[cfg(test)]
pub(crate) fn texts_for(
    patterns: &[&str],
    parts: std::ops::Range<usize>,
) -> proptest::strategy::BoxedStrategy<String> {
    use proptest::prelude::*;
    let mut pieces: Vec<String> = [
        "0", "7", "12", "305", "2021", "，", "。", "；", ",", "：", "%",
    ]
    .iter()
    .chain(&[
        "、", " ", "x", "的", "其中", "年", "和", "\u{3000}", "٣", "\n",
    ])
    .chain(&["-", "--", "|", "#", ":", "(", ")", "（", "_", ".", "*"])
    .map(|s| s.to_string())
    .collect();
    for pattern in patterns {
        let cjk: String = pattern
            .chars()
            .map(|c| if c > '\u{2e80}' { c } else { ' ' })
            .collect();
        for word in cjk.split_whitespace() {
            pieces.push(word.to_string());
            pieces.extend(word.chars().map(String::from));
        }
    }
    pieces.sort();
    pieces.dedup();
    let mut weighted: Vec<(u32, BoxedStrategy<String>)> =
        patterns.iter().map(|p| (1, matches_of(p))).collect();
    weighted.push((
        4 * patterns.len() as u32,
        proptest::sample::select(pieces).boxed(),
    ));
    let union = proptest::strategy::Union::new_weighted(weighted);
    proptest::collection::vec(union, parts)
        .prop_map(|parts| parts.concat())
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The patterns of the crate compiled with [`compile`].
    fn compiled() -> Vec<&'static str> {
        vec![
            crate::locate::title::TITLE_PATTERN,
            crate::backend::text::MARKDOWN_RULE_PATTERN,
            crate::backend::text::MARKDOWN_HEADING_PATTERN,
        ]
    }

    /// The patterns of the crate searched with [`Anchored`].
    fn anchored() -> Vec<&'static Anchored> {
        let mut all = crate::facts::anchored_patterns();
        all.extend(crate::legacy::LEGACY_PROSE.iter().map(|(_, a)| a));
        all.extend([
            &*crate::legacy::NO_FEES,
            &*crate::audit::YEAR,
            &*crate::locate::PERIOD,
            &*crate::locate::title::DATELINE,
        ]);
        all
    }

    #[test]
    fn every_anchored_match_begins_and_ends_with_the_words_its_search_looks_for() {
        for a in anchored() {
            assert_literals(a);
        }
    }

    proptest::proptest! {
        #[test]
        fn compiled_patterns_match_as_regex_does(text in near_matches(&compiled())) {
            static BOTH: LazyLock<Vec<(Regex, regex::Regex)>> = LazyLock::new(|| {
                compiled()
                    .into_iter()
                    .map(|p| (compile(p), regex::Regex::new(p).expect("regex")))
                    .collect()
            });
            for (lite, regex) in BOTH.iter() {
                type Spans = Vec<Option<(usize, usize)>>;
                let ours: Vec<Spans> = lite
                    .captures_iter(&text)
                    .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                    .collect();
                let theirs: Vec<Spans> = regex
                    .captures_iter(&text)
                    .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                    .collect();
                proptest::prop_assert_eq!(ours, theirs, "{} in {:?}", regex.as_str(), text);
            }
        }

        #[test]
        fn anchored_patterns_find_what_regex_finds(text in texts_for(
            &anchored().iter().map(|a| a.pattern()).collect::<Vec<_>>(),
            0..16,
        )) {
            static REGEXES: LazyLock<Vec<regex::Regex>> = LazyLock::new(|| {
                let patterns = anchored().into_iter().map(|a| a.pattern());
                patterns.map(|p| regex::Regex::new(p).expect("regex")).collect()
            });
            for (a, regex) in anchored().into_iter().zip(REGEXES.iter()) {
                assert_finds_what_regex_finds(a, regex, &text);
            }
        }
    }

    #[test]
    fn perl_classes_are_unicode_as_in_regex() {
        let digit = compile(r"^\d$");
        let space = compile(r"^\s$");
        let not_space = compile(r"^\S$");
        let in_class = compile(r"^[x\d]$");
        let regex_digit = regex::Regex::new(r"^\d$").unwrap();
        let regex_space = regex::Regex::new(r"^\s$").unwrap();
        // Every boundary of both classes and its neighbours, and a sample of the rest.
        let mut codes: Vec<u32> = (0..=0x10ffff).step_by(97).collect();
        for perl in [r"\d", r"\s"] {
            let hir = regex_syntax::parse(perl).unwrap();
            let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
                panic!("{perl}");
            };
            for r in class.ranges() {
                let (start, end) = (u32::from(r.start()), u32::from(r.end()));
                codes.extend([
                    start.saturating_sub(1),
                    start,
                    start + 1,
                    end - 1,
                    end,
                    end + 1,
                ]);
            }
        }
        let mut buf = [0; 4];
        for c in codes.into_iter().filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(digit.is_match(s), regex_digit.is_match(s), "{c:?}");
            assert_eq!(in_class.is_match(s), c == 'x' || regex_digit.is_match(s));
            assert_eq!(space.is_match(s), regex_space.is_match(s), "{c:?}");
            assert_eq!(not_space.is_match(s), !regex_space.is_match(s), "{c:?}");
        }
        // Both sides of the comparison are real: Arabic-Indic 3 and the ideographic space.
        assert!(digit.is_match("٣") && space.is_match("\u{3000}") && !digit.is_match("x"));
        assert!(!regex_lite::Regex::new(r"^\d$").unwrap().is_match("٣"));
    }

    #[test]
    fn only_perl_classes_are_translated() {
        assert_eq!(translate(r"a\.b\\d[\]x]\(\)"), r"a\.b\\d[\]x]\(\)");
        assert_eq!(translate(r"[]\d]"), format!("[]{}]", *DIGIT));
        assert_eq!(translate(r"[^]x]"), "[^]x]");
    }

    #[test]
    fn anchored_finds_what_regex_finds() {
        let pattern = r"(?:上年|年度)([0-9]+)(件|个)";
        let anchored = Anchored::new(pattern, &["上", "年"]);
        assert_eq!(anchored.pattern(), pattern);
        let regex = regex::Regex::new(pattern).unwrap();
        for hay in [
            "上年度12件，年度3个上年4件",
            "上上年5个年",
            "无",
            "年度年度7件",
            "",
        ] {
            let ours: Vec<Vec<Option<(usize, &str)>>> = anchored
                .captures_iter(hay)
                .map(|h| {
                    (0..3)
                        .map(|i| h.get(i).map(|s| (s.start(), s.as_str())))
                        .collect()
                })
                .collect();
            let theirs: Vec<Vec<Option<(usize, &str)>>> = regex
                .captures_iter(hay)
                .map(|c| {
                    c.iter()
                        .map(|m| m.map(|m| (m.start(), m.as_str())))
                        .collect()
                })
                .collect();
            assert_eq!(ours, theirs, "{hay}");
        }
        assert_eq!(anchored.find("x上年度12件").map(|s| s.range()), Some(4..15));
        assert!(!anchored.is_match("上年件"));
        assert_literals(&anchored);
    }

    #[test]
    #[should_panic(expected = "is not among")]
    fn a_missing_start_is_caught() {
        assert_literals(&Anchored::new(r"(?:上年|年度)([0-9]+)", &["上年"]));
    }

    #[test]
    #[should_panic(expected = "is not among")]
    fn a_missing_end_is_caught() {
        assert_literals(&Anchored::new(r"年(?:度|份)", &["年"]).ending(&["度"]));
    }

    #[test]
    fn a_gate_word_missing_means_no_search() {
        let a = Anchored::new(r"年(?:度|份)", &["年"]).ending(&["度", "份"]);
        assert_literals(&a);
        assert_eq!(a.find("年份").map(|s| s.as_str()), Some("年份"));
        assert!(!a.is_match("年年"));
    }
}
