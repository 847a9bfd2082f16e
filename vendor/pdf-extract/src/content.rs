//! gongkai: a hand-written decoder for page and form content streams, in place of lopdf's
//! `Content::decode`, whose nom combinators cost a quarter of the time of reading a report.
//!
//! It gives what lopdf 0.42's decoder gives, quirks included, so that pdf-extract sees the same
//! operations: each branch below names the lopdf parser (`parser/mod.rs`) it mirrors. Like
//! lopdf, it stops at the first operation it cannot read and returns those before it (a
//! content stream cut short still draws its first part); it fails as a whole where lopdf does
//! (nesting deeper than lopdf's limit, an inline image it cannot delimit), with lopdf's error.
//! Checked against lopdf on every content stream of the corpora and on generated input by
//! gongkai's `tests/pdf_content.rs`.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, Stream, StringFormat};
use std::convert::TryFrom;

/// lopdf's `MAX_NESTING_DEPTH` (arrays and dictionaries) and `MAX_BRACKET` (parentheses
/// nested in a literal string).
const MAX_DEPTH: usize = 100;

/// Why a parser stopped: `Soft` is nom's `Error` (the caller backtracks and tries something
/// else), `Hard` is nom's `Failure` (the whole decode fails).
enum Stop {
    Soft,
    Hard(lopdf::Error),
}

type Res<T> = Result<T, Stop>;

/// Decodes a content stream as lopdf's `Content::decode` does.
///
/// # Errors
/// Where lopdf's decoder fails (`InvalidContentStream`), and where it panics: an inline image
/// with neither an image mask nor a colour space (`DictKey("ColorSpace")`, the error lopdf
/// unwraps).
pub fn decode(bytes: &[u8]) -> Result<Content<Vec<Operation>>, lopdf::Error> {
    let mut parser = Parser { bytes, pos: 0 };
    parser.content_space();
    // Text-heavy pages have an operation per 20 to 40 bytes: reserving for one per 32 saves
    // most reallocations and reserves no more than 1.5 times the stream's size.
    let mut operations = Vec::with_capacity(bytes.len() / 32);
    loop {
        match parser.operation() {
            Ok(operation) => operations.push(operation),
            Err(Stop::Soft) => break,
            Err(Stop::Hard(e)) => return Err(e),
        }
    }
    Ok(Content { operations })
}

/// The error lopdf's decoder returns (`ParseError::InvalidContentStream`, whose type lopdf
/// does not export): taken from lopdf itself, on an inline image without `ID`.
fn invalid_content_stream() -> lopdf::Error {
    Content::decode(b"BI")
        .err()
        .unwrap_or_else(|| lopdf::Error::InvalidStream("invalid content stream".into()))
}

fn harden(stop: Stop) -> Stop {
    match stop {
        Stop::Soft => Stop::Hard(invalid_content_stream()),
        hard => hard,
    }
}

/// PDF white space (`is_whitespace`): what `space` and hexadecimal strings skip.
fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0C')
}

/// What lopdf's `content_space` skips between operands and operators: no NUL or form feed.
fn is_content_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_whitespace(c) && !is_delimiter(c)
}

fn is_operator(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"')
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    fn skip_while(&mut self, f: impl Fn(u8) -> bool) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(&f) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn content_space(&mut self) {
        self.skip_while(is_content_space);
    }

    /// `eol`: CR LF, LF or CR.
    fn eol(&mut self) -> bool {
        let rest = self.rest();
        let n = if rest.starts_with(b"\r\n") {
            2
        } else if rest.starts_with(b"\n") || rest.starts_with(b"\r") {
            1
        } else {
            0
        };
        self.pos += n;
        n > 0
    }

    /// `comment`: `%` to the end of the line, the end of line included and required.
    fn comment(&mut self) -> bool {
        let start = self.pos;
        if self.peek() != Some(b'%') {
            return false;
        }
        self.pos += 1;
        self.skip_while(|c| c != b'\r' && c != b'\n');
        if self.eol() {
            true
        } else {
            self.pos = start;
            false
        }
    }

    /// `space`: white space and comments, between the parts of arrays and dictionaries.
    fn space(&mut self) {
        loop {
            if self.skip_while(is_whitespace) == 0 && !self.comment() {
                return;
            }
        }
    }

    fn tag(&mut self, tag: &[u8]) -> bool {
        let found = self.rest().starts_with(tag);
        if found {
            self.pos += tag.len();
        }
        found
    }

    /// `operation`: comments, then an inline image or operands and an operator.
    fn operation(&mut self) -> Res<Operation> {
        while self.comment() {}
        if self.tag(b"BI") {
            // `cut`: once `BI` is read, the inline image must parse.
            self.content_space();
            return self.inline_image().map_err(harden);
        }
        let mut operands = Vec::new();
        loop {
            let start = self.pos;
            match self.value(MAX_DEPTH, false) {
                Ok(operand) => {
                    self.content_space();
                    operands.push(operand);
                }
                Err(Stop::Soft) => {
                    self.pos = start;
                    break;
                }
                Err(hard) => return Err(hard),
            }
        }
        let start = self.pos;
        if self.skip_while(is_operator) == 0 {
            return Err(Stop::Soft);
        }
        let operator = std::str::from_utf8(&self.bytes[start..self.pos])
            .map_err(|_| Stop::Soft)?
            .to_owned();
        self.content_space();
        Ok(Operation { operator, operands })
    }

    /// An operand (`operand`, with `references` false) or a direct object
    /// (`_direct_objects`, with `references` true), arrays and dictionaries in it given
    /// `depth` more levels of nesting. Tried in lopdf's order: null, booleans, references,
    /// reals, integers, names, literal strings, hexadecimal strings, arrays, dictionaries;
    /// the first byte tells which can match.
    fn value(&mut self, depth: usize, references: bool) -> Res<Object> {
        match self.peek() {
            Some(b'n') if self.tag(b"null") => Ok(Object::Null),
            Some(b't') if self.tag(b"true") => Ok(Object::Boolean(true)),
            Some(b'f') if self.tag(b"false") => Ok(Object::Boolean(false)),
            Some(b'0'..=b'9') if references => match self.reference() {
                Some(id) => Ok(Object::Reference(id)),
                None => self.number(),
            },
            Some(b'0'..=b'9' | b'+' | b'-' | b'.') => self.number(),
            Some(b'/') => Ok(Object::Name(self.name())),
            Some(b'(') => self.literal_string(),
            Some(b'<') if self.bytes.get(self.pos + 1) == Some(&b'<') => {
                Ok(Object::Dictionary(self.dictionary(depth)?))
            }
            Some(b'<') => self.hexadecimal_string(),
            Some(b'[') => self.array(depth),
            _ => Err(Stop::Soft),
        }
    }

    /// `_direct_object`: a direct object and the space after it, failing outright when the
    /// nesting limit is reached.
    fn direct_object(&mut self, depth: usize) -> Res<Object> {
        if depth == 0 {
            return Err(Stop::Hard(invalid_content_stream()));
        }
        let object = self.value(depth - 1, true)?;
        self.space();
        Ok(object)
    }

    fn digits(&mut self) -> &'a [u8] {
        let start = self.pos;
        self.skip_while(|c| c.is_ascii_digit());
        &self.bytes[start..self.pos]
    }

    /// `reference`: `N G R`, N a u32 and G a u16; `None` (and nothing read) otherwise.
    fn reference(&mut self) -> Option<(u32, u16)> {
        let start = self.pos;
        let found = (|| {
            let number = parse_unsigned(self.digits()).and_then(|n| u32::try_from(n).ok())?;
            self.space();
            let generation = parse_unsigned(self.digits()).and_then(|n| u16::try_from(n).ok())?;
            self.space();
            self.tag(b"R").then_some((number, generation))
        })();
        if found.is_none() {
            self.pos = start;
        }
        found
    }

    /// Reads digits, appending each to `value` (exact while it has at most 19 digits in
    /// all); how many and the value.
    fn accumulate_digits(&mut self, mut value: u64) -> (usize, u64) {
        let from = self.pos;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            value = value.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
            self.pos += 1;
        }
        (self.pos - from, value)
    }

    /// `real` (sign, then digits `.` digits or `.` digits) or else `integer` (sign, digits).
    fn number(&mut self) -> Res<Object> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.pos += 1;
        }
        let (integral, integral_value) = self.accumulate_digits(0);
        let dot = self.pos;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            let (fraction, mantissa) = self.accumulate_digits(integral_value);
            if integral + fraction > 0 {
                let text = &self.bytes[start..self.pos];
                let digits = integral + fraction;
                if let Some(real) = parse_real(text, mantissa, digits, fraction, negative) {
                    return Ok(Object::Real(real));
                }
            }
            self.pos = dot;
        }
        let integer = if integral == 0 {
            None
        } else if integral <= 18 {
            // At most 18 digits: no overflow, in the u64 or the i64.
            let value = integral_value as i64;
            Some(if negative { -value } else { value })
        } else {
            parse_integer(&self.bytes[dot - integral..dot], negative)
        };
        match integer {
            Some(integer) => Ok(Object::Integer(integer)),
            None => {
                self.pos = start;
                Err(Stop::Soft)
            }
        }
    }

    /// `name`: `/` and regular characters, `#xx` standing for a byte; stops at anything else
    /// (a `#` not followed by two hexadecimal digits included).
    fn name(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut name = Vec::new();
        loop {
            let start = self.pos;
            self.skip_while(|c| c != b'#' && is_regular(c));
            name.extend_from_slice(&self.bytes[start..self.pos]);
            if self.peek() != Some(b'#') {
                return name;
            }
            let hi = self.bytes.get(self.pos + 1).copied().and_then(hex_value);
            let lo = self.bytes.get(self.pos + 2).copied().and_then(hex_value);
            match (hi, lo) {
                (Some(hi), Some(lo)) => {
                    name.push(hi << 4 | lo);
                    self.pos += 3;
                }
                _ => return name,
            }
        }
    }

    /// `literal_string`: escapes decoded, line ends kept as they are, balanced parentheses
    /// kept, up to [`MAX_DEPTH`] levels deep.
    fn literal_string(&mut self) -> Res<Object> {
        let start = self.pos;
        self.pos += 1;
        let mut text = Vec::new();
        let mut level = 0usize;
        loop {
            let run = self.pos;
            self.skip_while(|c| !matches!(c, b'(' | b')' | b'\\'));
            text.extend_from_slice(&self.bytes[run..self.pos]);
            let Some(c) = self.peek() else {
                self.pos = start;
                return Err(Stop::Soft);
            };
            self.pos += 1;
            match c {
                b'(' if level < MAX_DEPTH => {
                    level += 1;
                    text.push(b'(');
                }
                b')' if level > 0 => {
                    level -= 1;
                    text.push(b')');
                }
                b')' => return Ok(Object::String(text, StringFormat::Literal)),
                b'\\' => {
                    if !self.escape(&mut text) {
                        self.pos = start;
                        return Err(Stop::Soft);
                    }
                }
                _ => {
                    // A parenthesis past the nesting limit.
                    self.pos = start;
                    return Err(Stop::Soft);
                }
            }
        }
    }

    /// `escape_sequence` after its backslash: up to three octal digits (overflow ignored),
    /// a line end (dropped), `n r t b f`, or any other byte standing for itself. False at the
    /// end of the input.
    fn escape(&mut self, text: &mut Vec<u8>) -> bool {
        let Some(c) = self.peek() else {
            return false;
        };
        match c {
            b'0'..=b'7' => {
                let mut value = 0u16;
                let mut n = 0;
                while n < 3 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            value = value * 8 + u16::from(d - b'0');
                            self.pos += 1;
                            n += 1;
                        }
                        _ => break,
                    }
                }
                text.push(value as u8);
            }
            b'\r' | b'\n' => {
                self.eol();
            }
            _ => {
                self.pos += 1;
                text.push(match c {
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'b' => b'\x08',
                    b'f' => b'\x0C',
                    other => other,
                });
            }
        }
        true
    }

    /// `hexadecimal_string`: hexadecimal digits and white space up to `>`, an odd last digit
    /// standing for its high nibble.
    fn hexadecimal_string(&mut self) -> Res<Object> {
        let start = self.pos;
        self.pos += 1;
        let mut bytes = Vec::new();
        let mut high = true;
        loop {
            let before = self.pos;
            self.skip_while(is_whitespace);
            match self.peek().and_then(hex_value) {
                Some(v) => {
                    self.pos += 1;
                    if high {
                        bytes.push(v << 4);
                    } else if let Some(last) = bytes.last_mut() {
                        *last |= v;
                    }
                    high = !high;
                }
                None => {
                    self.pos = before;
                    break;
                }
            }
        }
        self.skip_while(is_whitespace);
        if self.tag(b">") {
            Ok(Object::String(bytes, StringFormat::Hexadecimal))
        } else {
            self.pos = start;
            Err(Stop::Soft)
        }
    }

    /// `array`: `[`, space, direct objects, `]`.
    fn array(&mut self, depth: usize) -> Res<Object> {
        let start = self.pos;
        self.pos += 1;
        self.space();
        let mut items = Vec::new();
        loop {
            let before = self.pos;
            match self.direct_object(depth) {
                Ok(item) => items.push(item),
                Err(Stop::Soft) => {
                    self.pos = before;
                    break;
                }
                Err(hard) => return Err(hard),
            }
        }
        if self.tag(b"]") {
            Ok(Object::Array(items))
        } else {
            self.pos = start;
            Err(Stop::Soft)
        }
    }

    /// `_dictionary`: `<<`, space, entries, `>>`.
    fn dictionary(&mut self, depth: usize) -> Res<Dictionary> {
        let start = self.pos;
        self.pos += 2;
        self.space();
        let dictionary = self.inner_dictionary(depth)?;
        if self.tag(b">>") {
            Ok(dictionary)
        } else {
            self.pos = start;
            Err(Stop::Soft)
        }
    }

    /// `inner_dictionary`: name, space, direct object, as many as there are.
    fn inner_dictionary(&mut self, depth: usize) -> Res<Dictionary> {
        let mut dictionary = Dictionary::new();
        while self.peek() == Some(b'/') {
            let before = self.pos;
            let key = self.name();
            self.space();
            match self.direct_object(depth) {
                Ok(value) => dictionary.set(key, value),
                Err(Stop::Soft) => {
                    self.pos = before;
                    break;
                }
                Err(hard) => return Err(hard),
            }
        }
        Ok(dictionary)
    }

    /// `inline_image_impl`, after `BI`: the image dictionary, `ID`, the data, `EI`. The data's
    /// length comes from the dictionary; when it cannot, the data runs to the first `EI`
    /// between white space and the operation has no operands.
    fn inline_image(&mut self) -> Res<Operation> {
        let dict = self.inner_dictionary(MAX_DEPTH)?;
        if !self.tag(b"ID") {
            return Err(Stop::Soft);
        }
        self.content_space();
        let rest = self.rest();
        match image_data(rest, dict) {
            Ok(stream) => {
                self.pos += stream.content.len();
                self.content_space();
                if !self.tag(b"EI") {
                    return Err(Stop::Soft);
                }
                self.content_space();
                Ok(Operation {
                    operator: "BI".into(),
                    operands: vec![Object::Stream(stream)],
                })
            }
            Err(ImageData::Panic(e)) => Err(Stop::Hard(e)),
            Err(ImageData::Unreadable) => {
                let ei = rest
                    .windows(4)
                    .position(|w| {
                        matches!(w[0], b' ' | b'\n' | b'\r')
                            && w[1] == b'E'
                            && w[2] == b'I'
                            && matches!(w[3], b' ' | b'\n' | b'\r')
                    })
                    .ok_or(Stop::Soft)?;
                self.pos += ei + 3;
                self.content_space();
                Ok(Operation {
                    operator: "BI".into(),
                    operands: Vec::new(),
                })
            }
        }
    }
}

/// Why an inline image's data could not be measured.
enum ImageData {
    /// lopdf skips to `EI`.
    Unreadable,
    /// lopdf panics (unwrapping a missing colour space): the decode fails with that error.
    Panic(lopdf::Error),
}

/// `image_data_stream`: the data of an unfiltered inline image, its length computed from its
/// dictionary with lopdf's arithmetic (wrapping, as in a release build).
fn image_data(input: &[u8], dict: Dictionary) -> Result<Stream, ImageData> {
    let get = |short: &[u8], long: &[u8]| dict.get(short).or_else(|_| dict.get(long));
    let integer = |short: &[u8], long: &[u8]| {
        get(short, long)
            .and_then(Object::as_i64)
            .map(|v| v as usize)
            .map_err(|_| ImageData::Unreadable)
    };
    let width = integer(b"W", b"Width")?;
    let height = integer(b"H", b"Height")?;
    let bpc = integer(b"BPC", b"BitsPerComponent")?;
    let colors: usize = match get(b"IM", b"ImageMask").and_then(Object::as_bool) {
        Ok(true) => 1,
        _ => {
            let colorspace = get(b"CS", b"ColorSpace").map_err(ImageData::Panic)?;
            match colorspace.as_name().map_err(|_| ImageData::Unreadable)? {
                b"DeviceGray" | b"Gray" => 1,
                b"DeviceRGB" | b"RGB" => 3,
                b"DeviceRGBA" | b"RGBA" | b"DeviceCMYK" | b"CMYK" => 4,
                _ => return Err(ImageData::Unreadable),
            }
        }
    };
    let stride = width.wrapping_mul(colors.wrapping_mul(bpc)).div_ceil(8);
    let length = height.wrapping_mul(stride);
    if get(b"F", b"Filter").is_ok() {
        return Err(ImageData::Unreadable);
    }
    let data = input.get(..length).ok_or(ImageData::Unreadable)?;
    Ok(Stream::new(dict, data.to_vec()))
}

/// Digits as a u64, `None` when they do not fit.
fn parse_unsigned(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |n, &d| {
        n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

/// `integer`: `None` when the value does not fit an i64 (lopdf's `i64::from_str` fails).
fn parse_integer(digits: &[u8], negative: bool) -> Option<i64> {
    digits.iter().try_fold(0i64, |n, &d| {
        let d = i64::from(d - b'0');
        let n = n.checked_mul(10)?;
        if negative {
            n.checked_sub(d)
        } else {
            n.checked_add(d)
        }
    })
}

/// `real`: the value `f32::from_str` gives for `text`, whose `digits` digits, `fraction` of
/// them after the point, read as an integer are `mantissa`. Short numbers are computed
/// directly: when that integer and the power of ten are both exact in an f32, their quotient is
/// correctly rounded, as `from_str`'s result is.
fn parse_real(
    text: &[u8],
    mantissa: u64,
    digits: usize,
    fraction: usize,
    negative: bool,
) -> Option<f32> {
    const POWERS: [f32; 8] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7];
    if digits <= 7 {
        // Below 10^7 < 2^24: exact.
        let value = mantissa as f32 / POWERS[fraction];
        return Some(if negative { -value } else { value });
    }
    std::str::from_utf8(text).ok()?.parse().ok()
}
