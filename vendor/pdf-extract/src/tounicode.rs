// gongkai: a ToUnicode CMap reader for the maps PDF writers actually embed (`bfchar` and
// `bfrange`, hex codes and characters, the usual header dictionaries and comments). upstream
// reads every map with adobe-cmap-parser, whose combinator parser costs thousands of
// instructions per token: with a dozen subset CJK fonts of several hundred glyphs each, that
// was a third of gongkai's reading time. Anything else (literal strings, `cidrange`,
// `usecmap`, a malformed entry) gives `None`, and the caller falls back to adobe-cmap-parser.
// Where this reader answers on a well-formed map, the result is adobe-cmap-parser's (gongkai's
// tests compare the two on every map of its corpora). On malformed maps it is more lenient,
// where adobe-cmap-parser panics: the entry counts before `beginbfchar`/`beginbfrange` are
// not trusted (the entries up to the end operator are read), whitespace may split a byte's
// two hex digits, and a range may start from a string of three or more UTF-16 units.

/// The code → UTF-16 mappings of a ToUnicode CMap, in the order the map gives them (a later
/// mapping of the same code wins, as in adobe-cmap-parser); `None` when the map holds anything
/// this reader does not know.
pub fn entries(content: &[u8]) -> Option<Vec<(u32, Vec<u16>)>> {
    std::str::from_utf8(content).ok()?;
    let tokens = tokens(content)?;
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i] {
            b"beginbfchar" => {
                i += 1;
                while *tokens.get(i)? != b"endbfchar" {
                    let src = code(&hex(tokens[i])?);
                    out.push((src, units(&hex(tokens.get(i + 1)?)?)?));
                    i += 2;
                }
            }
            b"beginbfrange" => {
                i += 1;
                while *tokens.get(i)? != b"endbfrange" {
                    let (lo, hi) = (code(&hex(tokens[i])?), code(&hex(tokens.get(i + 1)?)?));
                    if hi < lo || hi - lo > 0xFFFF {
                        return None;
                    }
                    if *tokens.get(i + 2)? == b"[" {
                        let mut j = i + 3;
                        for c in lo..=hi {
                            out.push((c, units(&hex(tokens.get(j)?)?)?));
                            j += 1;
                        }
                        if *tokens.get(j)? != b"]" {
                            return None;
                        }
                        i = j + 1;
                    } else {
                        let start = units(&hex(tokens.get(i + 2)?)?)?;
                        if let [high, low] = start[..] {
                            // Two units count on as one 32-bit number, as adobe-cmap-parser
                            // does (a surrogate pair's carry goes into its high half).
                            let first = (high as u32) << 16 | low as u32;
                            for c in lo..=hi {
                                let n = first.wrapping_add(c - lo);
                                out.push((c, vec![(n >> 16) as u16, n as u16]));
                            }
                        } else {
                            // One unit counts on; a longer string (which adobe-cmap-parser
                            // refuses) counts on in its last unit, as the PDF reference says.
                            let (&last, head) = start.split_last()?;
                            for c in lo..=hi {
                                let mut u = head.to_vec();
                                u.push(last.wrapping_add((c - lo) as u16));
                                out.push((c, u));
                            }
                        }
                        i += 3;
                    }
                }
            }
            b"begincidrange" | b"begincidchar" | b"usecmap" => return None,
            _ => {}
        }
        i += 1;
    }
    Some(out)
}

/// The map's tokens: `<<`, `>>`, hex strings, `[`, `]`, literal strings (up to the first
/// `)`), and runs of other characters; comments dropped.
fn tokens(content: &[u8]) -> Option<Vec<&[u8]>> {
    let mut tokens = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.iter().position(|c| !c.is_ascii_whitespace()) {
        rest = &rest[start..];
        let len = match rest[0] {
            b'<' | b'>' if rest.get(1) == Some(&rest[0]) => 2,
            b'<' => rest.iter().position(|&c| c == b'>')? + 1,
            b'[' | b']' => 1,
            b'%' => {
                let end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
                rest = &rest[end..];
                continue;
            }
            b'(' => rest.iter().position(|&c| c == b')')? + 1,
            _ => {
                let delimiter = |c: &u8| c.is_ascii_whitespace() || b"<>[]()%/".contains(c);
                match rest.iter().position(delimiter) {
                    Some(end) if end > 0 => end,
                    _ => rest
                        .iter()
                        .position(u8::is_ascii_whitespace)
                        .unwrap_or(rest.len())
                        .max(1),
                }
            }
        };
        let (token, after) = rest.split_at(len);
        tokens.push(token);
        rest = after;
    }
    Some(tokens)
}

/// The bytes of a hex string token (whitespace inside allowed); `None` for anything else,
/// an empty string or an odd number of digits.
fn hex(token: &[u8]) -> Option<Vec<u8>> {
    let digits = token.strip_prefix(b"<")?.strip_suffix(b">")?;
    let mut out = Vec::with_capacity(digits.len() / 2);
    let mut high: Option<u8> = None;
    for &c in digits {
        if c.is_ascii_whitespace() {
            continue;
        }
        let v = (c as char).to_digit(16)? as u8;
        match high.take() {
            None => high = Some(v),
            Some(h) => out.push(h << 4 | v),
        }
    }
    (high.is_none() && !out.is_empty()).then_some(out)
}

fn code(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |a, &x| (a << 8) | x as u32)
}

fn units(bytes: &[u8]) -> Option<Vec<u16>> {
    (bytes.len() % 2 == 0).then(|| {
        bytes
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect()
    })
}
