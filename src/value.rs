//! Reading one printed table cell: a count, an amount, a blank, a placeholder or stray text.
//!
//! A cell is never "fixed": a placeholder (`-`, `/`, `无`) is not zero, an annotated cell
//! (`22（其中修订16件）`) gives its leading number and keeps the note, and a cell that is not a
//! number at all stays text. The raw text always travels with the result.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::normalize::fold;

/// A number as printed: whole counts stay integers, amounts with a fraction are decimals.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    Decimal(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Decimal(d) => d,
        }
    }

    pub fn is_negative(self) -> bool {
        self.as_f64() < 0.0
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Decimal(d) => write!(f, "{d}"),
        }
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Number::Int(i) => s.serialize_i64(i),
            Number::Decimal(d) => s.serialize_f64(d),
        }
    }
}

/// What a cell turned out to hold.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// A number, with the unit and the bracketed note printed beside it, if any.
    Number {
        number: Number,
        unit: Option<String>,
        note: Option<String>,
    },
    /// Nothing printed.
    Blank,
    /// A dash, slash, 无 or similar: printed, but not a number.
    Placeholder,
    /// Words where a number belongs.
    Text,
}

impl Parsed {
    pub fn number(&self) -> Option<Number> {
        match self {
            Parsed::Number { number, .. } => Some(*number),
            _ => None,
        }
    }

    /// A number or a placeholder: something that fills a value position in a table row.
    pub fn fills_value(&self) -> bool {
        matches!(self, Parsed::Number { .. } | Parsed::Placeholder)
    }
}

const PLACEHOLDERS: &[&str] = &[
    "-",
    "--",
    "—",
    "——",
    "–",
    "―",
    "/",
    "\\",
    "无",
    "空",
    "*",
    "×",
    "…",
    "……",
    "不适用",
    "暂无",
    "没有",
    "无此项",
    "不涉及",
];

/// Parses one cell's printed text.
pub fn parse_cell(raw: &str) -> Parsed {
    let raw = raw.trim();
    if raw.is_empty() {
        return Parsed::Blank;
    }
    if let Some(parsed) = plain_integer(raw) {
        return parsed;
    }
    // Most cells of a document are words: without a digit a cell can only be a placeholder.
    let has_digit = raw
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if !has_digit && raw.chars().count() > 4 {
        return Parsed::Text;
    }
    let folded = fold(raw);
    if folded.is_empty() {
        return Parsed::Blank;
    }
    if PLACEHOLDERS.contains(&folded.as_str()) {
        return Parsed::Placeholder;
    }
    // The number regex reads ASCII digits only (others fail to parse): without one the cell
    // is text, and most such cells are short words such as 规章 or 自然人.
    if !folded.bytes().any(|b| b.is_ascii_digit()) {
        return Parsed::Text;
    }
    // Spaces matter here: `1 0 0` is three cells, not one hundred.
    let wide = crate::normalize::nfkc(raw);
    number_cell(&wide)
}

/// The parts of a number cell: its sign, digits (thousands commas kept), fraction, unit and
/// note.
struct NumberParts<'a> {
    negative: bool,
    int: &'a str,
    frac: Option<&'a str>,
    unit: Option<&'static str>,
    note: Option<&'a str>,
}

const UNITS: &[&str] = &[
    "万元", "元", "件", "个", "项", "条", "次", "人次", "份", "宗",
];

/// Reads `cell` as the regex
/// `^\s*([+-])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万元|元|件|个|项|条|次|人次|份|宗)?\s*(?:\(([^()]*)\))?\s*$`
/// does (by hand, as compiling it was a tenth of a run's fixed cost), with ASCII digits only:
/// the regex's other digits never made a readable number, and a cell with one is text either
/// way. The regex has one way to match at most, so there is nothing to try twice.
fn number_parts(cell: &str) -> Option<NumberParts<'_>> {
    let ascii_digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
    let rest = cell.trim_start();
    let (negative, rest) = match rest.as_bytes().first() {
        Some(b'-') => (true, &rest[1..]),
        Some(b'+') => (false, &rest[1..]),
        _ => (false, rest),
    };
    let lead = ascii_digits(rest);
    let mut int_len = lead;
    // 1,234,567: one to three digits, then groups of a comma and three digits. A group cut
    // short or run on leaves a comma or digit that nothing after the number reads.
    if (1..=3).contains(&lead) {
        while rest[int_len..].starts_with(',') && ascii_digits(&rest[int_len + 1..]) >= 3 {
            int_len += 4;
        }
    }
    if int_len == 0 {
        return None;
    }
    let (int, rest) = rest.split_at(int_len);
    let (frac, rest) = match rest.strip_prefix('.') {
        Some(after) if ascii_digits(after) > 0 => after.split_at(ascii_digits(after)),
        _ => ("", rest),
    };
    let rest = rest.trim_start();
    let unit = UNITS.iter().copied().find(|u| rest.starts_with(u));
    let rest = rest[unit.map_or(0, str::len)..].trim_start();
    let (note, rest) = match rest.strip_prefix('(') {
        Some(inner) => {
            let close = inner.find(['(', ')'])?;
            let rest = inner[close..].strip_prefix(')')?;
            (Some(&inner[..close]), rest)
        }
        None => (None, rest),
    };
    rest.trim_start().is_empty().then_some(NumberParts {
        negative,
        int,
        frac: (!frac.is_empty()).then_some(frac),
        unit,
        note,
    })
}

/// A cell in NFKC form read by [`number_parts`]: the number, its unit and note, or text.
fn number_cell(wide: &str) -> Parsed {
    let Some(c) = number_parts(wide) else {
        return Parsed::Text;
    };
    let int: String = c.int.chars().filter(|&ch| ch != ',').collect();
    let negative = c.negative;
    let number = match c.frac {
        Some(frac) => match format!("{int}.{frac}").parse::<f64>() {
            Ok(d) if d.is_finite() => Number::Decimal(if negative { -d } else { d }),
            _ => return Parsed::Text,
        },
        None => match int.parse::<i64>() {
            Ok(i) => Number::Int(if negative { -i } else { i }),
            Err(_) => return Parsed::Text,
        },
    };
    Parsed::Number {
        number,
        unit: c.unit.map(str::to_string),
        note: c.note.map(fold).filter(|n| !n.is_empty()),
    }
}

/// A cell of ASCII digits with an optional sign, the commonest kind, read without the regex:
/// what [`number_parts`] would give for it (too many digits is text).
fn plain_integer(raw: &str) -> Option<Parsed> {
    let (negative, digits) = match raw.as_bytes().first()? {
        b'-' => (true, &raw[1..]),
        b'+' => (false, &raw[1..]),
        _ => (false, raw),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(match digits.parse::<i64>() {
        Ok(i) => Parsed::Number {
            number: Number::Int(if negative { -i } else { i }),
            unit: None,
            note: None,
        },
        Err(_) => Parsed::Text,
    })
}

/// Splits `行政许可 97` or `1 0 0 0 0 0 1` into the leading words and the trailing value tokens.
/// Returns the words (possibly empty) and the value tokens (possibly none); text that does not end
/// in whitespace-separated values comes back whole.
pub fn split_trailing_values(cell: &str) -> (&str, Vec<&str>) {
    let tokens: Vec<(usize, &str)> = cell
        .split_whitespace()
        .map(|t| (t.as_ptr() as usize - cell.as_ptr() as usize, t))
        .collect();
    let mut first_value = tokens.len();
    while first_value > 0 && parse_cell(tokens[first_value - 1].1).fills_value() {
        first_value -= 1;
    }
    if first_value == tokens.len() {
        return (cell.trim(), Vec::new());
    }
    let values = tokens[first_value..].iter().map(|&(_, t)| t).collect();
    let words = match tokens.get(first_value) {
        Some(&(offset, _)) => cell[..offset].trim(),
        None => "",
    };
    (words, values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    /// The regex [`number_parts`] reads as.
    static NUMBER: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"^\s*(?P<sign>[+-])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\s*(?P<unit>万元|元|件|个|项|条|次|人次|份|宗)?\s*(?:\((?P<note>[^()]*)\))?\s*$",
        )
        .unwrap()
    });

    /// Sign, digits, fraction, unit and note, as read.
    type Read = (bool, String, Option<String>, Option<String>, Option<String>);

    /// What the regex reads in `cell` as [`number_parts`] gives it, when its digits are ASCII
    /// (others are text either way: they do not parse).
    fn by_regex(cell: &str) -> Option<Read> {
        let c = NUMBER.captures(cell)?;
        let ascii = |m: Option<regex::Match>| {
            m.is_none_or(|m| m.as_str().bytes().all(|b| b.is_ascii_digit() || b == b','))
        };
        if !ascii(c.name("int")) || !ascii(c.name("frac")) {
            return None;
        }
        let text = |name| c.name(name).map(|m| m.as_str().to_string());
        Some((
            c.name("sign").is_some_and(|m| m.as_str() == "-"),
            c["int"].to_string(),
            text("frac"),
            text("unit"),
            text("note"),
        ))
    }

    fn by_hand(cell: &str) -> Option<Read> {
        let p = number_parts(cell)?;
        Some((
            p.negative,
            p.int.to_string(),
            p.frac.map(str::to_string),
            p.unit.map(str::to_string),
            p.note.map(str::to_string),
        ))
    }

    #[test]
    fn number_parts_read_as_the_regex() {
        for cell in [
            "12",
            " -1,234.5 万元 (注) ",
            "1,2345",
            "1,234,56",
            "1234,567",
            "12.",
            ".5",
            "1.5٣",
            "٣",
            "1,٣٣٣",
            "12件(注)",
            "12(注)件",
            "12((注)",
            "12()",
            "- 5",
            "+7次",
            "3人次",
            "12\u{3000}件\n",
            "1,234",
            "12,345,678",
            "123,4567",
            "0.0",
            "7 x",
        ] {
            assert_eq!(by_hand(cell), by_regex(cell), "{cell:?}");
        }
        assert!(by_hand(" -1,234.5 万元 (注) ").is_some());
    }

    proptest::proptest! {
        #[test]
        fn number_parts_read_as_the_regex_does(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                " ", "\u{3000}", "\t", "+", "-", "0", "1", "23", "456", "٣", ",", ".", "万元", "元",
                "件", "次", "人次", "人", "(", ")", "（", "x", "注", "-1,234", ",567", "12.5",
            ][..]), 0..10)
        ) {
            let cell = pieces.concat();
            proptest::prop_assert_eq!(by_hand(&cell), by_regex(&cell), "{:?}", cell);
        }
    }

    fn num(raw: &str) -> Option<Number> {
        parse_cell(raw).number()
    }

    #[test]
    fn counts_amounts_and_signs() {
        assert_eq!(num("0"), Some(Number::Int(0)));
        assert_eq!(num("１２３"), Some(Number::Int(123)));
        assert_eq!(num("-18"), Some(Number::Int(-18)));
        assert_eq!(num("－15"), Some(Number::Int(-15)));
        assert_eq!(num("+7"), Some(Number::Int(7)));
        assert_eq!(num("1,234"), Some(Number::Int(1234)));
        assert_eq!(num("73802895.9"), Some(Number::Decimal(73802895.9)));
        assert_eq!(num(" 12.50 "), Some(Number::Decimal(12.5)));
    }

    #[test]
    fn plain_integers_read_as_the_regex_reads_them() {
        for raw in [
            "0",
            "007",
            "-0",
            "+12",
            "-18",
            "123456789012345678",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "99999999999999999999",
            "+",
            "1-2",
        ] {
            let slow = match NUMBER.captures(raw) {
                None => Parsed::Text,
                Some(c) => match c["int"].parse::<i64>() {
                    Ok(i) if c.name("sign").is_some_and(|m| m.as_str() == "-") => Parsed::Number {
                        number: Number::Int(-i),
                        unit: None,
                        note: None,
                    },
                    Ok(i) => Parsed::Number {
                        number: Number::Int(i),
                        unit: None,
                        note: None,
                    },
                    Err(_) => Parsed::Text,
                },
            };
            assert_eq!(plain_integer(raw).unwrap_or(Parsed::Text), slow, "{raw}");
        }
        assert_eq!(plain_integer("12.5"), None);
        assert_eq!(plain_integer("-"), None);
    }

    /// `parse_cell` as it was before its shortcuts: every cell through NFKC and the regex.
    fn reference(raw: &str) -> Parsed {
        use unicode_normalization::UnicodeNormalization;
        let raw = raw.trim();
        if raw.is_empty() {
            return Parsed::Blank;
        }
        let folded = fold(raw);
        if folded.is_empty() {
            return Parsed::Blank;
        }
        if PLACEHOLDERS.contains(&folded.as_str()) {
            return Parsed::Placeholder;
        }
        number_cell(&raw.nfkc().collect::<String>())
    }

    #[test]
    fn every_cell_of_the_corpus_reads_as_without_shortcuts() {
        let mut cells: Vec<String> = [
            "٣",
            "١٢",
            "３",
            "12件",
            "1,234",
            "－15",
            "22（其中修订16件）",
            "1 0 0",
            "规章",
            "自然人",
            "总计",
            "二〇二一",
            "Ⅲ",
            "①",
            "⑴",
            "¹²",
            "1.5万元",
            "无",
            "—",
            "12.",
            ".5",
            "+",
            "x1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for doc in crate::model::corpus_documents() {
            for line in doc.lines {
                for cell in &line.cells {
                    cells.extend(cell.split_whitespace().map(str::to_string));
                }
                cells.extend(line.cells);
            }
        }
        assert!(cells.len() > 5000, "{}", cells.len());
        for cell in &cells {
            assert_eq!(parse_cell(cell), reference(cell), "{cell:?}");
        }
    }

    #[test]
    fn annotated_cells_keep_the_note() {
        assert_eq!(
            parse_cell("22（其中修订16件）"),
            Parsed::Number {
                number: Number::Int(22),
                unit: None,
                note: Some("其中修订16件".into())
            }
        );
        let p = parse_cell("55 （含自然失效 29 件）");
        assert_eq!(p.number(), Some(Number::Int(55)));
        assert!(matches!(p, Parsed::Number { note: Some(n), .. } if n == "含自然失效29件"));
        let p = parse_cell("1234.5元");
        assert!(matches!(p, Parsed::Number { unit: Some(u), .. } if u == "元"));
    }

    #[test]
    fn placeholders_blanks_and_text_are_not_numbers() {
        for p in ["-", "/", "—", "无", "／", "－", "不适用", "暂无"] {
            assert_eq!(parse_cell(p), Parsed::Placeholder, "{p}");
        }
        assert_eq!(parse_cell(""), Parsed::Blank);
        assert_eq!(parse_cell("  "), Parsed::Blank);
        assert_eq!(parse_cell("规章"), Parsed::Text);
        assert_eq!(parse_cell("1.属于国家秘密"), Parsed::Text);
        assert_eq!(parse_cell("99999999999999999999"), Parsed::Text);
        assert_eq!(parse_cell(&format!("{}.5", "9".repeat(400))), Parsed::Text);
        assert_eq!(parse_cell("1 0 0"), Parsed::Text);
        assert_eq!(parse_cell("1 2"), Parsed::Text);
    }

    #[test]
    fn trailing_values_split_from_words() {
        assert_eq!(
            split_trailing_values("行政许可 97"),
            ("行政许可", vec!["97"])
        );
        assert_eq!(split_trailing_values("1 0 -"), ("", vec!["1", "0", "-"]));
        assert_eq!(
            split_trailing_values("2. 重复申请"),
            ("2. 重复申请", vec![])
        );
        assert_eq!(
            split_trailing_values("本年度 0 件"),
            ("本年度 0 件", vec![])
        );
    }
}
