//! HTML pages and Word files: the shared synthetic documents and the real pingtan page score
//! 100%, and pages written here the way government CMSs write them (chrome around the article,
//! report tables nested in a layout table, labels split over several `<p>`, `&nbsp;` in blank
//! cells, GBK bytes, links to other years' reports, `<br>` lines) read like the text report
//! they were made from.

mod common;

use std::io::Write;

use common::{extract, load_expected, mismatches, repo_corpus, shared_corpus};
use encoding_rs::GBK;
use gongkai::backend::{docx, html};
use gongkai::model::Document;
use gongkai::{Reject, extract_bytes};
use proptest::prelude::*;
use serde_json::Value;

fn record(bytes: &[u8]) -> Value {
    let report = extract_bytes(bytes, "test").expect("extracts");
    serde_json::to_value(&report).expect("serializes")
}

fn cells_of(doc: &Document) -> Vec<Vec<String>> {
    doc.lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.cells.clone())
        .collect()
}

#[test]
fn shared_html_and_docx_documents_score_fully() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let names = [
        "synthetic-tables-html",
        "synthetic-multipage-html",
        "synthetic-tables-docx",
        "synthetic-multipage-docx",
        "pingtan-2020",
    ];
    for name in names {
        let expected = load_expected(&corpus, name);
        let file = expected["file"].as_str().expect("file");
        let record = extract(&corpus, file).unwrap_or_else(|e| panic!("{name}: {e}"));
        let wrong = mismatches(&expected, &record);
        assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
        let want = expected["cells"].as_object().expect("cells").len();
        assert!(want >= 198, "{name}: {want} cells expected");
    }
}

#[test]
fn pingtan_page_details() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let r = extract(&corpus, "real/pingtan-2020.html").expect("extracts");
    // The title is printed over two paragraphs inside the article; the page chrome around it
    // (menus, share buttons, footer) is not read.
    assert_eq!(r["title"], "平潭综合实验区2020年政府信息公开工作年度报告");
    assert_eq!(r["source"]["format"], "html");
    assert_eq!(r["source"]["encoding"], "UTF-8");
    let headings: Vec<&str> = r["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["heading"].as_str().unwrap())
        .collect();
    assert_eq!(headings.len(), 6, "{headings:?}");
    assert_eq!(headings[3], "四、政府信息公开行政复议、行政诉讼情况");
    // `0&nbsp;&nbsp;…` and `&nbsp;0` are 0; the 2019 table's 本年增/减 -18 is read.
    let c = &r["cells"];
    assert_eq!(c["requests.new.commercial"]["value"], 0);
    assert_eq!(c["requests.new.commercial"]["raw"], "0");
    assert_eq!(c["requests.new.total"]["value"], 21);
    let outcome = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "requests.outcome_sum")
        .count();
    assert_eq!(outcome, 2);
}

// ---------------------------------------------------------------------------------------
// Pages written like a government CMS writes them, from the repo's yantai text report.

const YANTAI: &str = "yantai-bigdata-2021";

fn yantai_text() -> String {
    std::fs::read_to_string(repo_corpus().join(format!("{YANTAI}.txt"))).expect("repo corpus")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A cell as Word-to-HTML exports write it: a label broken into two `<p>` (and spans across
/// a line break of the markup), a number followed by `&nbsp;`s, a blank cell as `&nbsp;`.
fn cell_html(cell: &str) -> String {
    let cell = cell.trim();
    if cell.is_empty() {
        return "<td>&nbsp;</td>".into();
    }
    if cell.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return format!("<td><p class=\"MsoNormal\"><span>{cell}&nbsp;&nbsp;</span></p></td>");
    }
    let chars: Vec<char> = cell.chars().collect();
    if chars.len() >= 4 {
        // 法人或其他组织 → <p><span>法</span>\n<span>人或</span></p><p><span>其他组织</span></p>
        let half = chars.len() / 2;
        let piece = |r: std::ops::Range<usize>| escape(&chars[r].iter().collect::<String>());
        return format!(
            "<td valign=\"center\"><p class=\"MsoNormal\"><span style=\"font-family:仿宋_GB2312\">{}</span>\n<span>{}</span></p>\n<p class=\"MsoNormal\" align=\"center\"><span>{}</span></p></td>",
            piece(0..half / 2),
            piece(half / 2..half),
            piece(half..chars.len())
        );
    }
    format!("<td><span>{}</span></td>", escape(cell))
}

/// The report body: a paragraph a line, consecutive tab-separated lines a table (or, with
/// `br_rows`, the rows written as `&nbsp;`-separated lines ending in `<br>`).
fn body_html(text: &str, br_rows: bool) -> String {
    let mut out = String::new();
    let mut table: Vec<&str> = Vec::new();
    let flush = |table: &mut Vec<&str>, out: &mut String| {
        if table.is_empty() {
            return;
        }
        if br_rows {
            out.push_str("<p>");
            for row in table.drain(..) {
                let cells: Vec<String> = row.split('\t').map(escape).collect();
                out.push_str(&cells.join("&nbsp;&nbsp;&nbsp;"));
                out.push_str("<br>\n");
            }
            out.push_str("</p>\n");
        } else {
            out.push_str("<table class=\"MsoNormalTable\" border=\"1\"><tbody>\n");
            for row in table.drain(..) {
                out.push_str("<tr>");
                for cell in row.split('\t') {
                    out.push_str(&cell_html(cell));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody></table>\n");
        }
    };
    for line in text.lines() {
        if line.contains('\t') {
            table.push(line);
            continue;
        }
        flush(&mut table, &mut out);
        if !line.trim().is_empty() {
            out.push_str(&format!(
                "<p class=\"MsoNormal\" style=\"text-indent:32pt\"><span>{}</span></p>\n",
                escape(line)
            ));
        }
    }
    flush(&mut table, &mut out);
    out
}

/// A whole CMS page around a body: navigation, a layout table whose side cell links two other
/// years' reports, the article in `div#zoom.TRS_Editor` with a related-report link above it,
/// a footer, and a script that writes markup.
fn cms_page(body: &str, charset: &str, title: &str) -> String {
    format!(
        r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_政府信息公开年报_烟台市人民政府</title>
<script type="text/javascript">document.write("<p>不是正文：2019年政府信息公开工作年度报告</p>");</script>
<style>.nav a {{ color: #fff }}</style></head>
<body>
<div id="header"><div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/nb/">政府信息公开年报</a></div>
<form><input type="text" value="请输入关键字"><button>搜索</button></form></div>
<table class="layout" width="1000" border="0"><tr>
<td class="left" width="220" valign="top"><div class="side"><h3>相关报告</h3><ul>
<li><a href="/nb/2020.htm">烟台市大数据局2020年政府信息公开工作年度报告</a></li>
<li><a href="/nb/2022.htm">烟台市大数据局2022年政府信息公开工作年度报告</a></li>
</ul></div></td>
<td class="main" valign="top">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/nb/">政府信息公开年报</a></div>
<div class="article"><div class="info">发布日期：2022-01-20 来源：烟台市大数据局 浏览次数：<span>1024</span></div>
<div class="share" style="display: none">分享到微信 微博 QQ空间</div>
<div id="zoom" class="TRS_Editor">
<p><a href="/nb/2020.htm">烟台市大数据局2020年政府信息公开工作年度报告</a></p>
{body}</div>
<div class="prevnext"><p>上一篇：<a href="/nb/2020.htm">烟台市大数据局2020年政府信息公开工作年度报告</a></p></div>
</div></td></tr></table>
<div class="footer"><p>主办单位：烟台市大数据局 地址：烟台市莱山区 联系电话：0535-0000000</p>
<p>网站标识码：3706000000 鲁ICP备00000000号</p></div>
</body></html>
"#
    )
}

fn assert_reads_as_yantai(record: &Value) {
    let expected = load_expected(&repo_corpus(), YANTAI);
    let wrong = mismatches(&expected, record);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(
        record["title"],
        "烟台市大数据局2021年政府信息公开工作年度报告"
    );
    assert_eq!(record["year"], 2021);
    assert_eq!(record["cells"].as_object().unwrap().len(), 200);
}

#[test]
fn a_cms_page_with_nested_tables_split_labels_and_nbsp_reads_fully() {
    let page = cms_page(
        &body_html(&yantai_text(), false),
        "utf-8",
        "烟台市大数据局2021年政府信息公开工作年度报告",
    );
    let r = record(page.as_bytes());
    assert_reads_as_yantai(&r);
    assert_eq!(r["source"]["format"], "html");
    // The cell printed as two <p> pieces (法人或其他 / 组织) is one label: the header row
    // is read, and a blank (&nbsp;) cell is no value.
    assert_eq!(r["cells"]["requests.new.natural_person"]["value"], 1);
    assert_eq!(r["sections"].as_array().unwrap().len(), 6);
}

#[test]
fn a_gbk_page_declared_gb2312_reads_fully() {
    let page = cms_page(
        &body_html(&yantai_text(), false),
        "gb2312",
        "烟台市大数据局2021年政府信息公开工作年度报告",
    );
    let (bytes, _, unmappable) = GBK.encode(&page);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the page is not UTF-8"
    );
    let r = record(&bytes);
    assert_reads_as_yantai(&r);
    assert_eq!(r["source"]["encoding"], "gb18030");
}

#[test]
fn a_gbk_page_without_a_declaration_is_detected() {
    let page = cms_page(
        &body_html(&yantai_text(), false),
        "",
        "烟台市大数据局2021年政府信息公开工作年度报告",
    )
    .replace(
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=\">",
        "",
    );
    let (bytes, _, _) = GBK.encode(&page);
    let r = record(&bytes);
    assert_reads_as_yantai(&r);
    assert_eq!(r["source"]["encoding"], "gb18030");
}

#[test]
fn a_page_that_declares_utf8_but_is_gbk_is_still_read() {
    let page = cms_page(
        &body_html(&yantai_text(), false),
        "utf-8",
        "烟台市大数据局2021年政府信息公开工作年度报告",
    );
    let (bytes, _, _) = GBK.encode(&page);
    assert_reads_as_yantai(&record(&bytes));
}

#[test]
fn the_page_title_names_the_report_when_the_body_does_not() {
    // The body without its title lines: the other years' links must not stand in for it.
    let text = yantai_text();
    let body: String = text
        .lines()
        .skip_while(|l| !l.starts_with("一、"))
        .map(|l| format!("{l}\n"))
        .collect();
    let page = cms_page(
        &body_html(&body, false),
        "utf-8",
        "烟台市大数据局2021年政府信息公开工作年度报告",
    );
    let r = record(page.as_bytes());
    assert_eq!(r["title"], "烟台市大数据局2021年政府信息公开工作年度报告");
    assert_eq!(r["year"], 2021);
    assert_eq!(r["agency"], "烟台市大数据局");
}

#[test]
fn rows_written_as_br_lines_are_read() {
    let page = cms_page(
        &body_html(&yantai_text(), true),
        "utf-8",
        "烟台市大数据局2021年政府信息公开工作年度报告",
    );
    assert_reads_as_yantai(&record(page.as_bytes()));
}

#[test]
fn chrome_scripts_and_links_are_left_out() {
    let page = cms_page(
        "<p>一、总体情况</p><p>正文。</p>",
        "utf-8",
        "某局2021年政府信息公开工作年度报告",
    );
    let doc = html::read(page.as_bytes()).expect("reads");
    let texts: Vec<&str> = doc
        .lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.text.as_str())
        .collect();
    // The page title stands first (the article prints none); the related-report link inside
    // the article is furniture.
    assert_eq!(
        texts,
        [
            "某局2021年政府信息公开工作年度报告_政府信息公开年报_烟台市人民政府",
            "一、总体情况",
            "正文。"
        ]
    );
    assert!(
        doc.lines
            .iter()
            .any(|l| l.furniture && l.text.contains("2020年"))
    );
}

#[test]
fn merged_cells_of_table_three_are_expanded() {
    let page = "<table>\
        <tr><td rowspan=3 colspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=7>申请人情况</td></tr>\
        <tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>\
        <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>\
        <tr><td rowspan=2>三、本年度办理结果</td><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>21</td></tr>\
        <tr><td>2.其他法律行政法规禁止公开</td><td>0</td><td>&nbsp;</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>\
        </table>";
    let doc = html::read(page.as_bytes()).expect("reads");
    let rows = cells_of(&doc);
    let note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
    assert_eq!(rows[0][..4], [note, "", "", "申请人情况"]);
    assert_eq!(rows[1][..6], [note, "", "", "自然人", "法人或其他组织", ""]);
    assert_eq!(
        rows[2],
        [
            note,
            "",
            "",
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计"
        ]
    );
    assert_eq!(
        rows[4],
        [
            "三、本年度办理结果",
            "（三）不予公开",
            "2.其他法律行政法规禁止公开",
            "0",
            "",
            "0",
            "0",
            "0",
            "0",
            "0"
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Word files built here.

fn docx_bytes(document_xml: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document_xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn w_document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn w_p(text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        escape(text)
    )
}

/// A cell; `props` goes into `w:tcPr`. A long label is written as two paragraphs.
fn w_tc(text: &str, props: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let paragraphs = if chars.len() >= 4 && !text.trim().chars().all(|c| c.is_ascii_digit()) {
        let (a, b) = chars.split_at(chars.len() / 2);
        w_p(&a.iter().collect::<String>()) + &w_p(&b.iter().collect::<String>())
    } else if text.trim().is_empty() {
        "<w:p/>".into()
    } else {
        w_p(text.trim())
    };
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>")
}

/// The yantai report as a Word file: paragraphs, tables from the tab rows, a page break
/// before section 三 (an explicit break followed by Word's note of it).
fn yantai_docx() -> Vec<u8> {
    let mut body = String::new();
    let mut rows: Vec<String> = Vec::new();
    let flush = |rows: &mut Vec<String>, body: &mut String| {
        if !rows.is_empty() {
            body.push_str("<w:tbl><w:tblPr/>");
            body.extend(rows.drain(..));
            body.push_str("</w:tbl>");
        }
    };
    for line in yantai_text().lines() {
        if line.contains('\t') {
            let cells: String = line.split('\t').map(|c| w_tc(c, "")).collect();
            rows.push(format!("<w:tr>{cells}</w:tr>"));
            continue;
        }
        flush(&mut rows, &mut body);
        if line.starts_with("三、") {
            body.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
            body.push_str(&format!(
                "<w:p><w:r><w:lastRenderedPageBreak/><w:t>{}</w:t></w:r></w:p>",
                escape(line)
            ));
        } else if !line.trim().is_empty() {
            body.push_str(&w_p(line));
        }
    }
    flush(&mut rows, &mut body);
    docx_bytes(&w_document(&body))
}

#[test]
fn a_word_file_reads_fully_with_pages_from_its_breaks() {
    let r = record(&yantai_docx());
    assert_reads_as_yantai(&r);
    assert_eq!(r["source"]["format"], "docx");
    assert_eq!(r["source"]["pages"], 2);
    // Section 三 and table 三 are on page 2, table 二 on page 1.
    let section3 = &r["sections"].as_array().unwrap()[2];
    assert_eq!(section3["page"], 2);
    assert_eq!(r["cells"]["requests.new.natural_person"]["page"], 2);
    assert_eq!(r["cells"]["active.regulations.in_force"]["page"], 1);
}

#[test]
fn grid_span_and_vertical_merges_are_expanded() {
    let span = |n| format!("<w:gridSpan w:val=\"{n}\"/>");
    let restart = "<w:vMerge w:val=\"restart\"/>";
    let cont = "<w:vMerge/>";
    let row = |cells: &[String]| format!("<w:tr><w:trPr/>{}</w:tr>", cells.concat());
    let table = format!(
        "<w:tbl>{}{}{}</w:tbl>",
        row(&[
            w_tc("信息内容", restart),
            w_tc("本年处理决定数量", &span(3))
        ]),
        row(&[w_tc("", cont), w_tc("行政许可", ""), w_tc("1520", &span(2))]),
        row(&[
            w_tc("行政处罚", ""),
            w_tc("46", &format!("{}{restart}", span(2))),
            w_tc("7", "")
        ]),
    ) + &format!(
        "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:tcPr/>{}</w:tc></w:tr></w:tbl>",
        w_p("x")
    );
    let body = format!(
        "{}<w:p><w:r><w:t>一、</w:t></w:r><w:r><w:t>总体</w:t></w:r><w:r><w:tab/><w:t>情况 &amp; 2</w:t></w:r></w:p>{table}",
        w_p("标题")
    );
    let doc = docx::read(&docx_bytes(&w_document(&body))).expect("reads");
    assert_eq!(
        cells_of(&doc),
        vec![
            vec!["标题"],
            vec!["一、总体", "情况 & 2"],
            vec!["信息内容", "本年处理决定数量", "", ""],
            vec!["信息内容", "行政许可", "1520", ""],
            vec!["行政处罚", "46", "", "7"],
            vec!["", "x"],
        ]
    );
    assert_eq!(doc.pages, 1);
    let numbers: Vec<u32> = doc.lines.iter().map(|l| l.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
}

#[test]
fn alternate_content_is_read_once_and_deleted_text_not_at_all() {
    let body = r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"#;
    let doc = docx::read(&docx_bytes(&w_document(body))).expect("reads");
    let texts: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["文本框", "正文"]);
}

#[test]
fn not_a_docx_legacy_word_and_zip_bombs_are_refused() {
    // A legacy .doc: the OLE signature.
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.extend_from_slice(&[0u8; 512]);
    match extract_bytes(&ole, "a.doc") {
        Err(r @ Reject::Unsupported(_)) => {
            let message = r.at("a.doc").to_string();
            assert!(
                message.contains("legacy Word .doc") && message.contains("convert to .docx or PDF"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
    // A zip without word/document.xml (an .xlsx, a plain archive).
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"<workbook/>").unwrap();
    let xlsx = zip.finish().unwrap().into_inner();
    assert!(matches!(
        extract_bytes(&xlsx, "a.xlsx"),
        Err(Reject::Unsupported(_))
    ));
    // Truncated: corrupt, not a panic.
    let good = yantai_docx();
    assert!(matches!(
        extract_bytes(&good[..good.len() / 2], "half.docx"),
        Err(Reject::Corrupt(_))
    ));
    // Not well-formed XML inside.
    let broken = docx_bytes("<w:document xmlns:w=\"x\"><w:body><w:p></w:body>");
    assert!(matches!(docx::read(&broken), Err(Reject::Corrupt(_))));
}

#[test]
fn a_document_xml_over_the_limit_is_refused() {
    // Highly compressible: a few hundred KiB of zip inflating past the limit.
    let limits = gongkai::Limits {
        decompressed: 16 << 20,
        ..gongkai::Limits::default()
    };
    let filler = " ".repeat(1024 * 1024);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("word/document.xml", options).unwrap();
    for _ in 0..=limits.decompressed / (1024 * 1024) {
        zip.write_all(filler.as_bytes()).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
    assert!(
        matches!(docx::read_with(&bomb, &limits), Err(Reject::Limit(r)) if r.contains("16 MiB"))
    );
}

#[test]
fn the_cli_refuses_a_doc_file_with_exit_code_4() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("html_docx_ole");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.doc");
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.extend_from_slice(&[0u8; 1024]);
    std::fs::write(&path, &ole).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("extract")
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("report.doc"), "{stderr}");
    assert!(stderr.contains("convert to .docx or PDF"), "{stderr}");
}

// ---------------------------------------------------------------------------------------
// No input makes either reader panic.

fn small_page() -> String {
    cms_page(
        "<p>一、总体情况</p><table><tr><td rowspan=2>规章</td><td colspan=2>0</td></tr><tr><td>&nbsp;</td></tr></table>",
        "gb2312",
        "某局2021年政府信息公开工作年度报告",
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn html_reader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = html::read(&bytes);
    }

    #[test]
    fn html_reader_never_panics_on_mutated_pages(
        cuts in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![
            "<table>", "</table>", "<tr>", "<td rowspan=9999 colspan=9999>", "<td rowspan=0>",
            "</td>", "<br>", "&nbsp;", "<p>", "</div>", "<script>", "<a>", "\u{FFFD}", "<pre>\t",
        ])), 0..12)
    ) {
        let mut page = small_page();
        for (at, piece) in cuts {
            let mut i = at.index(page.len() + 1);
            while !page.is_char_boundary(i) {
                i -= 1;
            }
            page.insert_str(i, piece);
        }
        let _ = html::read(page.as_bytes());
    }

    #[test]
    fn docx_reader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend_from_slice(&bytes);
        let _ = docx::read(&bytes);
        let _ = docx::read(&zipped);
    }

    #[test]
    fn docx_reader_never_panics_on_mutated_xml(
        cuts in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![
            "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>", "<w:p>", "</w:p>",
            "<w:gridSpan w:val=\"100000\"/>", "<w:vMerge/>", "<w:gridBefore w:val=\"99\"/>",
            "<w:br w:type=\"page\"/>", "&amp;", "&#0;", "<mc:Fallback>",
        ])), 0..12)
    ) {
        let mut xml = w_document(&format!(
            "{}<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            w_p("标题"),
            w_tc("规章", "<w:vMerge w:val=\"restart\"/>"),
            w_tc("0", "<w:gridSpan w:val=\"2\"/>"),
            w_tc("", "<w:vMerge/>"),
            w_tc("3", ""),
        ));
        for (at, piece) in cuts {
            let i = at.index(xml.len() + 1);
            if xml.is_char_boundary(i) {
                xml.insert_str(i, piece);
            }
        }
        let _ = docx::read(&docx_bytes(&xml));
    }

    #[test]
    fn docx_reader_never_panics_on_flipped_zip_bytes(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)
    ) {
        let mut bytes = docx_bytes(&w_document(&w_p("一、总体情况")));
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let _ = docx::read(&bytes);
    }
}
