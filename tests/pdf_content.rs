//! The vendored pdf-extract decodes content streams with its own decoder (content.rs), which
//! must give exactly what lopdf's `Content::decode` gives: the same operations, operands and
//! values, the same truncation where lopdf stops early, the same error where it fails. Checked
//! on every stream of every PDF of the corpora, on generated streams, and on tricky literals
//! with their values written out.

mod common;

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, StringFormat};
use pdf_extract::content_decode;
use proptest::prelude::*;

/// An exact, comparable rendering: byte strings in hex, reals by their bits, dictionary entries
/// in order (lopdf's `PartialEq` ignores their order and its `Debug` is lossy).
fn render(result: &Result<Content, lopdf::Error>) -> String {
    let mut out = String::new();
    match result {
        Ok(content) => {
            for operation in &content.operations {
                render_operation(&mut out, operation);
                out.push('\n');
            }
        }
        Err(e) => write!(out, "error: {e}").unwrap(),
    }
    out
}

fn render_operation(out: &mut String, operation: &Operation) {
    for operand in &operation.operands {
        render_object(out, operand);
        out.push(' ');
    }
    write!(out, "op:{:?}", operation.operator).unwrap();
}

fn render_bytes(out: &mut String, bytes: &[u8]) {
    for b in bytes {
        write!(out, "{b:02x}").unwrap();
    }
}

fn render_dictionary(out: &mut String, dict: &Dictionary) {
    out.push_str("<<");
    for (key, value) in dict.iter() {
        out.push('/');
        render_bytes(out, key);
        out.push(' ');
        render_object(out, value);
        out.push(' ');
    }
    out.push_str(">>");
}

fn render_object(out: &mut String, object: &Object) {
    match object {
        Object::Null => out.push_str("null"),
        Object::Boolean(b) => write!(out, "{b}").unwrap(),
        Object::Integer(i) => write!(out, "i{i}").unwrap(),
        Object::Real(r) => write!(out, "r{r}#{:08x}", r.to_bits()).unwrap(),
        Object::Name(name) => {
            out.push('/');
            render_bytes(out, name);
        }
        Object::String(text, format) => {
            out.push_str(match format {
                StringFormat::Literal => "(",
                StringFormat::Hexadecimal => "<",
            });
            render_bytes(out, text);
            out.push(')');
        }
        Object::Array(items) => {
            out.push('[');
            for item in items {
                render_object(out, item);
                out.push(' ');
            }
            out.push(']');
        }
        Object::Dictionary(dict) => render_dictionary(out, dict),
        Object::Stream(stream) => {
            render_dictionary(out, &stream.dict);
            out.push_str("stream:");
            render_bytes(out, &stream.content);
            write!(
                out,
                ":{}:{:?}",
                stream.allows_compression, stream.start_position
            )
            .unwrap();
        }
        Object::Reference((number, generation)) => write!(out, "{number} {generation} R").unwrap(),
    }
}

/// lopdf's decoding, `None` when lopdf panics (an inline image without a colour space, or
/// arithmetic overflow in its inline-image length, checked in a debug build).
fn lopdf_decode(bytes: &[u8]) -> Option<String> {
    catch_unwind(AssertUnwindSafe(|| Content::decode(bytes)))
        .ok()
        .map(|r| render(&r))
}

fn ours(bytes: &[u8]) -> String {
    render(&content_decode(bytes))
}

/// Asserts both decoders agree on `bytes`; returns lopdf's operations (0 when it failed or
/// panicked).
fn assert_same(bytes: &[u8], what: &str) -> usize {
    let mine = ours(bytes);
    let Some(theirs) = lopdf_decode(bytes) else {
        return 0;
    };
    assert!(
        mine == theirs,
        "{what}: decoders differ on {:?}\n--- ours\n{mine}\n--- lopdf\n{theirs}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(400)])
    );
    theirs.lines().count()
}

/// Content streams (page contents and form XObjects) checked and their operations, for one PDF;
/// every other stream is checked too, as arbitrary bytes.
fn check_pdf(path: &Path) -> (usize, usize) {
    let Some(doc) = common::pdf::load(path) else {
        return (0, 0);
    };
    let name = path.display().to_string();
    let (mut streams, mut operations) = (0, 0);
    for (_, page) in doc.get_pages() {
        if let Ok(content) = doc.get_page_content(page) {
            streams += 1;
            operations += assert_same(&content, &format!("{name}: page {page:?}"));
        }
    }
    for (id, object) in &doc.objects {
        let Object::Stream(stream) = object else {
            continue;
        };
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let counted = assert_same(&data, &format!("{name}: stream {id:?}"));
        let form = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"Form");
        if form {
            streams += 1;
            operations += counted;
        }
    }
    (streams, operations)
}

#[test]
fn every_corpus_stream_decodes_as_lopdf_decodes_it() {
    let repo = common::pdf::pdfs_in(&common::repo_corpus());
    let (streams, operations) = repo
        .iter()
        .map(|p| check_pdf(p))
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    // yantai-bigdata-2021.pdf and its short-pages copy: several pages of text each.
    assert!(repo.len() >= 2, "{repo:?}");
    assert!(
        streams >= 8 && operations >= 1000,
        "{streams} streams, {operations} operations"
    );

    if common::shared_corpus().is_none() {
        return;
    }
    let mut total = (0, 0);
    for pdf in common::pdf::shared_pdfs() {
        let (s, o) = check_pdf(&pdf);
        total = (total.0 + s, total.1 + o);
    }
    eprintln!(
        "shared corpus: {} content streams, {} operations",
        total.0, total.1
    );
    assert!(total.0 >= 50 && total.1 >= 20_000, "{total:?}");
}

fn ops(bytes: &[u8]) -> Vec<Operation> {
    assert_same(bytes, "literal");
    content_decode(bytes).unwrap().operations
}

fn one_string(bytes: &[u8]) -> Vec<u8> {
    let ops = ops(bytes);
    assert_eq!(ops.len(), 1, "{ops:?}");
    match &ops[0].operands[..] {
        [Object::String(text, _)] => text.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn literal_strings() {
    assert_eq!(one_string(b"(a\\(b\\)c) Tj"), b"a(b)c");
    assert_eq!(one_string(b"(a(b)c) Tj"), b"a(b)c");
    assert_eq!(one_string(b"(\\101\\60\\0053\\777) Tj"), b"A0\x053\xff");
    // Octal escapes past 255 wrap, as lopdf reads them.
    assert_eq!(one_string(b"(\\401\\4012) Tj"), b"\x01\x012");
    assert_eq!(
        one_string(b"(\\n\\r\\t\\b\\f\\\\\\q) Tj"),
        b"\n\r\t\x08\x0c\\q"
    );
    // An escaped line end continues the line; a bare one is kept as it is.
    assert_eq!(
        one_string(b"(one\\\r\ntwo\\\rthree\\\nfour) Tj"),
        b"onetwothreefour"
    );
    assert_eq!(one_string(b"(a\r\nb\rc\nd) Tj"), b"a\r\nb\rc\nd");
    assert_eq!(one_string(b"() Tj"), b"");
    // 100 parentheses deep inside the string is lopdf's limit; one more ends the stream there.
    let deep = |n: usize| {
        [
            b"q (".to_vec(),
            vec![b'('; n],
            vec![b')'; n],
            b") Tj Q".to_vec(),
        ]
        .concat()
    };
    assert_eq!(ops(&deep(100)).len(), 3);
    assert_eq!(ops(&deep(101)).len(), 1);
    // An unterminated string, or a backslash at the end, ends the stream before its operation.
    assert_eq!(ops(b"q 1 0 0 1 10 10 cm (corrupted Q").len(), 2);
    assert_eq!(ops(b"q (\\").len(), 1);
}

#[test]
fn hexadecimal_strings_and_names() {
    assert_eq!(one_string(b"<48 65 6C6c\n6F7> Tj"), b"Hello\x70");
    assert_eq!(one_string(b"<\x0c> Tj"), b"");
    assert_eq!(ops(b"<4G> Tj").len(), 0);
    let name = |bytes: &[u8]| match &ops(bytes)[0].operands[0] {
        Object::Name(n) => n.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(name(b"/A#20B#e4 Do"), b"A B\xe4");
    assert_eq!(name(b"/ Do"), b"");
    // A `#` without two hex digits ends the name, and the stream, there.
    assert_eq!(ops(b"/A#2 1 Do").len(), 0);
    assert_eq!(ops(b"q /A#41 1 Do").len(), 2);
}

#[test]
fn numbers_and_operators() {
    let operands = |bytes: &[u8]| ops(bytes).remove(0).operands;
    assert_eq!(
        operands(b".5 -.5 5. +3 -0 -12.25 0.0000001 12345678.9 m"),
        [
            Object::Real(0.5),
            Object::Real(-0.5),
            Object::Real(5.0),
            Object::Integer(3),
            Object::Integer(0),
            Object::Real(-12.25),
            Object::Real(0.0000001),
            Object::Real(12345678.9),
        ]
    );
    // Integers read exactly to the ends of i64; reals rounded as `f32::from_str` rounds them.
    assert_eq!(
        operands(b"999999999999999999 -9223372036854775808 9223372036854775807 1234567. 16777217.0 0.30000001 m"),
        [
            Object::Integer(999_999_999_999_999_999),
            Object::Integer(i64::MIN),
            Object::Integer(i64::MAX),
            Object::Real(1234567.0),
            Object::Real(16777216.0),
            Object::Real(0.3),
        ]
    );
    let bits: Vec<u32> = operands(b"-0.0 -.0 0. m")
        .iter()
        .map(|o| o.as_float().unwrap().to_bits())
        .collect();
    assert_eq!(bits, [(-0.0f32).to_bits(), (-0.0f32).to_bits(), 0]);
    assert_eq!(ops(b"q 9223372036854775808 w Q").len(), 1);
    // No exponents: `1e5` is 1 and the operator `e`, then 5 for the next operator.
    let ops_1e5 = ops(b"1e5 m");
    assert_eq!(ops_1e5.len(), 2);
    assert_eq!(
        (ops_1e5[0].operator.as_str(), &ops_1e5[0].operands[..]),
        ("e", &[Object::Integer(1)][..])
    );
    // Operators are letters, `*`, `'` and `"`: Type 3 `d0` is `d`, then 0 for the next one.
    let names: Vec<String> = ops(b"T* (a) ' 1 2 (b) \" 0 0 d0 BT")
        .into_iter()
        .map(|o| o.operator)
        .collect();
    assert_eq!(names, ["T*", "'", "\"", "d", "BT"]);
    // Beyond i64 the stream ends; beyond f32 a real is infinite.
    assert_eq!(ops(b"q 99999999999999999999 w Q").len(), 1);
    assert_eq!(
        operands(&[b"1".repeat(40), b".0 w".to_vec()].concat()),
        [Object::Real(f32::INFINITY)]
    );
    assert_eq!(
        operands(b"nulltruefalse[1 0 R 2]<</A 1 0 R>> x")[..3],
        [Object::Null, Object::Boolean(true), Object::Boolean(false)]
    );
}

#[test]
fn comments_arrays_and_dictionaries() {
    // A comment must be followed straight by the next operation: white space after it ends
    // the stream (lopdf's grammar).
    assert_eq!(ops(b"q\n% note\n% more\nQ").len(), 2);
    assert_eq!(ops(b"q\n% note\n  Q").len(), 1);
    // Inside arrays and dictionaries comments and all white space are allowed.
    let o = ops(b"[1 %c\n 0 R\x0c(a)] <</K %c\n[/N]>> BDC");
    assert_eq!(
        o[0].operands[0],
        Object::Array(vec![Object::Reference((1, 0)), Object::string_literal("a")])
    );
    let deep = |n: usize| {
        [
            b"q ".to_vec(),
            vec![b'['; n],
            vec![b']'; n],
            b" x Q".to_vec(),
        ]
        .concat()
    };
    assert_eq!(ops(&deep(100)).len(), 3);
    assert!(content_decode(&deep(101)).is_err());
    assert!(Content::decode(&deep(101)).is_err());
}

#[test]
fn inline_images() {
    // Measured from the dictionary: 2 x 1 gray at 8 bits is two bytes, whatever they are.
    let o = ops(b"q BI /W 2 /H 1 /CS /Gray /BPC 8 ID EI EI Q");
    assert_eq!(o.len(), 3);
    assert_eq!(o[1].operator, "BI");
    match &o[1].operands[..] {
        [Object::Stream(s)] => {
            assert_eq!(s.content, b"EI");
            assert_eq!(s.dict.get(b"Length").unwrap(), &Object::Integer(2));
        }
        other => panic!("{other:?}"),
    }
    // A colour space lopdf does not know: the data runs to the first ` EI `, no operands.
    let o = ops(b"q BI /W 2 /H 1 /CS /G /BPC 8 ID \x00E EI Q");
    assert_eq!((o.len(), o[1].operands.len()), (3, 0));
    // Without `ID`, or with no `EI` to find, the whole stream fails, as with lopdf.
    assert!(content_decode(b"q BI /W 2 Q").is_err());
    assert!(content_decode(b"q BI /W 2 /H 1 /CS /G /BPC 8 ID xxEI").is_err());
    // lopdf panics on an inline image without a colour space; ours is an error instead.
    assert!(content_decode(b"BI /W 1 /H 1 /BPC 8 ID x EI").is_err());
}

/// Random operands as lopdf writes them.
fn object() -> impl Strategy<Value = Object> {
    let leaf = prop_oneof![
        Just(Object::Null),
        any::<bool>().prop_map(Object::Boolean),
        any::<i64>().prop_map(Object::Integer),
        (-1000i32..1000).prop_map(|i| Object::Integer(i.into())),
        any::<f32>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Object::Real),
        (-100_000i32..100_000, 0u32..4)
            .prop_map(|(m, e)| Object::Real(m as f32 / 10f32.powi(e as i32))),
        proptest::collection::vec(any::<u8>(), 0..6).prop_map(Object::Name),
        "[A-Za-z0-9]{0,4}".prop_map(|s| Object::Name(s.into_bytes())),
        proptest::collection::vec(any::<u8>(), 0..8).prop_map(Object::string_literal),
        proptest::collection::vec(any::<u8>(), 0..8)
            .prop_map(|b| Object::String(b, StringFormat::Hexadecimal)),
        (any::<u32>(), any::<u16>()).prop_map(Object::Reference),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Object::Array),
            proptest::collection::vec(("[A-Za-z]{1,3}", inner), 0..3).prop_map(|entries| {
                let mut dict = Dictionary::new();
                for (k, v) in entries {
                    dict.set(k, v);
                }
                Object::Dictionary(dict)
            }),
        ]
    })
}

fn operation() -> impl Strategy<Value = Operation> {
    let operator = prop_oneof![
        prop::sample::select(vec![
            "Tj", "TJ", "Tf", "cm", "re", "f*", "'", "\"", "BT", "ET", "Do", "d0", "BDC"
        ])
        .prop_map(String::from),
        "[A-Za-z*'\"]{1,3}",
        "[ -~]{0,2}",
    ];
    (operator, proptest::collection::vec(object(), 0..5))
        .prop_map(|(operator, operands)| Operation { operator, operands })
}

/// Pieces of content-stream syntax, glued at random into streams that break in every way.
const PIECES: &[&[u8]] = &[
    b" ",
    b"\n",
    b"\r",
    b"\r\n",
    b"\t",
    b"\0",
    b"\x0c",
    b"%",
    b"% c\n",
    b"(",
    b")",
    b"\\",
    b"\\(",
    b"\\\r",
    b"\\1",
    b"\\053",
    b"\\4012",
    b"<",
    b">",
    b"<<",
    b">>",
    b"[",
    b"]",
    b"{",
    b"}",
    b"/",
    b"/F1",
    b"#",
    b"#4",
    b"#41",
    b"0",
    b"1",
    b"12",
    b"-",
    b"+",
    b".",
    b".5",
    b"5.",
    b"-3.25",
    b"99999999999999999999",
    b"1 0 R",
    b"R",
    b"null",
    b"true",
    b"false",
    b"nul",
    b"Tj",
    b"TJ",
    b"T*",
    b"'",
    b"\"",
    b"q",
    b"Q",
    b"d0",
    b"e",
    b"BI",
    b"ID",
    b"EI",
    b" EI ",
    b"/W 2",
    b"/H 1",
    b"/BPC 8",
    b"/CS /Gray",
    b"/CS /RGB",
    b"/IM true",
    b"/F /AHx",
    b"/W -1",
    b"\xff",
    b"\x80",
    b"\xe4\xb8\xad",
];

/// Entries of inline image dictionaries, right and wrong.
const IMAGE_ENTRIES: &[&[u8]] = &[
    b"/W 2",
    b"/W 1",
    b"/Width 3",
    b"/W 2.0",
    b"/W -1",
    b"/W 4611686018427387904",
    b"/H 1",
    b"/H 2",
    b"/Height 1",
    b"/H (1)",
    b"/BPC 8",
    b"/BPC 1",
    b"/BitsPerComponent 4",
    b"/CS /Gray",
    b"/CS /G",
    b"/CS /RGB",
    b"/ColorSpace /DeviceCMYK",
    b"/CS /RGBA",
    b"/CS /Pattern",
    b"/CS [/Indexed /RGB 1 <00>]",
    b"/IM true",
    b"/ImageMask true",
    b"/IM false",
    b"/F /AHx",
    b"/Filter [/AHx]",
    b"/F 1",
    b"/D [1 0]",
    b"%c\n",
    b"\x0c",
];

/// Inline image data: bytes that look like its end, and others.
const IMAGE_DATA: &[&[u8]] = &[
    b"x", b"\0", b"E", b"I", b"EI", b" EI ", b"\nEI\n", b"\rEI", b" ", b"\n", b"Q",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn inline_images_decode_as_lopdf_decodes_them(
        entries in proptest::collection::vec(prop::sample::select(IMAGE_ENTRIES), 0..6),
        space in prop::sample::select(vec![&b""[..], b" ", b"\n", b"\r\n"]),
        data in proptest::collection::vec(prop::sample::select(IMAGE_DATA), 0..8),
        end in prop::sample::select(vec![&b" EI Q"[..], b"EI", b"\nEI\n", b"", b"EIQ"]),
    ) {
        let bytes = [b"q BI ".to_vec(), entries.join(&b" "[..]), b" ID".to_vec(), space.to_vec(), data.concat(), end.to_vec()].concat();
        assert_same(&bytes, "inline image");
    }

    #[test]
    fn encoded_operations_decode_as_lopdf_decodes_them(operations in proptest::collection::vec(operation(), 0..6)) {
        let bytes = Content { operations }.encode().unwrap();
        assert_same(&bytes, "encoded");
    }

    #[test]
    fn syntax_soups_decode_as_lopdf_decodes_them(
        pieces in proptest::collection::vec(prop::sample::select(PIECES), 0..40),
        sep in prop::sample::select(vec![&b""[..], b" ", b"\n"]),
    ) {
        let bytes = pieces.join(sep);
        assert_same(&bytes, "soup");
    }

    #[test]
    fn byte_soups_decode_as_lopdf_decodes_them(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        assert_same(&bytes, "bytes");
    }

    #[test]
    fn damaged_streams_decode_as_lopdf_decodes_them(
        operations in proptest::collection::vec(operation(), 1..6),
        at in any::<prop::sample::Index>(),
        piece in prop::sample::select(PIECES),
        cut in any::<bool>(),
    ) {
        let mut bytes = Content { operations }.encode().unwrap();
        let at = at.index(bytes.len() + 1);
        if cut {
            bytes.truncate(at);
        } else {
            bytes.splice(at..at, piece.iter().copied());
        }
        assert_same(&bytes, "damaged");
    }
}
