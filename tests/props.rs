//! Property tests: no input makes the text path panic, and what is read is faithful.

use proptest::prelude::*;

use gongkai::extract_bytes;
use gongkai::model::{Document, Format, Line};
use gongkai::record::Source;
use gongkai::value::{Parsed, parse_cell};

/// Pieces of real reports, so that random documents reach deep into locate and the tables.
const PIECES: &[&str] = &[
    "\n",
    "\t",
    " ",
    "  ",
    "|",
    "|---|---|",
    "\x0c",
    "\r\n",
    "0",
    "1",
    "12",
    "-3",
    "/",
    "-",
    "无",
    "（",
    "）",
    "22（其中修订16件）",
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "四、结转下年度继续办理",
    "第二十条第（一）项",
    "信息内容",
    "本年制发件数",
    "规章",
    "行政规范性文件",
    "行政许可",
    "行政事业性收费",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "1.属于国家秘密",
    "（六）其他处理",
    "3.其他",
    "（七）总计",
    "自然人",
    "总计",
    "行政复议",
    "结果维持",
    "某市某局 2021 年政府信息公开工作年度报告",
    "2019",
    "年度报告",
];

/// A document as a backend hands it over: lines of cells, table rows with a label and numbers
/// among headings and prose, pages breaking anywhere.
fn document_like() -> impl Strategy<Value = Document> {
    let cell = prop_oneof![
        3 => prop::sample::select(PIECES).prop_map(str::to_string),
        3 => (0u32..100_000).prop_map(|n| n.to_string()),
        1 => (0u32..10_000).prop_map(|n| n.to_string().chars().map(|c| char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap()).collect()),
        1 => Just(String::new()),
    ];
    let line = (prop::collection::vec(cell, 1..9), any::<bool>());
    prop::collection::vec(line, 0..120).prop_map(|lines| {
        let mut page = 1;
        let lines = lines
            .into_iter()
            .enumerate()
            .map(|(i, (cells, new_page))| {
                page += u32::from(new_page && i % 7 == 0);
                Line::new(page, i as u32 + 1, cells.join("\t"), cells)
            })
            .collect();
        Document {
            format: Format::Text,
            encoding: None,
            pages: page,
            lines,
        }
    })
}

/// Every value in the record is printed, as its digits, on the line the record says (or, for a
/// note continued there, the next one): the readers never invent a number or move one.
fn no_invented_number(doc: &Document, report: &gongkai::Report) -> Result<(), TestCaseError> {
    match report.unprinted_value(doc) {
        None => Ok(()),
        Some(problem) => Err(TestCaseError::fail(problem)),
    }
}

fn source(doc: &Document) -> Source {
    Source {
        path: "generated".into(),
        size: 0,
        sha256: String::new(),
        format: Format::Text,
        encoding: None,
        pages: doc.pages,
    }
}

fn report_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..400).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = extract_bytes(&bytes, "random");
    }

    #[test]
    fn report_like_text_never_panics_and_cells_are_faithful(text in report_like()) {
        if let Ok(report) = extract_bytes(text.as_bytes(), "random") {
            for (key, cell) in &report.cells.0 {
                // Every value comes from its own raw text, never from a neighbour.
                prop_assert_eq!(parse_cell(&cell.raw).number(), cell.value, "{}", key);
                prop_assert!(cell.line >= 1);
            }
            let json = serde_json::to_string(&report).unwrap();
            prop_assert!(json.starts_with("{\"schema\":\"gongkai.report/1\""), "schema first");
        }
    }

    #[test]
    fn the_table_readers_never_panic_nor_invent_a_number(doc in document_like()) {
        if let Ok(report) = gongkai::extract_document(&doc, source(&doc)) {
            no_invented_number(&doc, &report)?;
        }
    }

    #[test]
    fn report_like_text_never_invents_a_number(text in report_like()) {
        if let Ok(doc) = gongkai::backend::text::read(text.as_bytes())
            && let Ok(report) = gongkai::extract_document(&doc, source(&doc))
        {
            no_invented_number(&doc, &report)?;
        }
    }

    #[test]
    fn gbk_and_utf16_decode_to_the_same_record(text in report_like()) {
        let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&text);
        prop_assume!(!unmappable);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let a = extract_bytes(text.as_bytes(), "x").ok().map(|r| serde_json::to_value(r.cells).unwrap());
        let c = extract_bytes(&utf16, "x").ok().map(|r| serde_json::to_value(r.cells).unwrap());
        prop_assert_eq!(&a, &c);
        // GB18030 detection needs enough text to be sure; short samples may be guessed otherwise.
        if text.chars().filter(|c| !c.is_ascii()).count() > 200 {
            let b = extract_bytes(&gbk, "x").ok().map(|r| serde_json::to_value(r.cells).unwrap());
            prop_assert_eq!(&a, &b);
        }
    }

    #[test]
    fn a_printed_integer_reads_back_exactly(n in -1_000_000_000i64..1_000_000_000, full_width in any::<bool>()) {
        let mut raw = n.to_string();
        if full_width {
            raw = raw.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap() } else { c }).collect();
        }
        prop_assert_eq!(parse_cell(&raw).number(), Some(gongkai::value::Number::Int(n)));
    }

    #[test]
    fn text_cells_never_become_numbers(s in "[\\p{Han}a-z ]{1,12}") {
        prop_assert!(!matches!(parse_cell(&s), Parsed::Number { .. }), "read a number from text");
    }
}

/// The generated documents reach the table readers: most give cells with values, so the
/// property above is tested on real reads, not on refusals.
#[test]
fn generated_documents_reach_the_table_readers() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut with_values = 0;
    for _ in 0..200 {
        let doc = document_like().new_tree(&mut runner).unwrap().current();
        if let Ok(r) = gongkai::extract_document(&doc, source(&doc)) {
            with_values += usize::from(r.cells.0.iter().any(|c| c.1.value.is_some()));
        }
    }
    assert!(with_values >= 60, "{with_values} of 200");
}
