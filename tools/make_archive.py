#!/usr/bin/env python3
"""Generate a large, varied archive of reports for the batch benchmark (benches/batch.rs).

usage: python3 tools/make_archive.py --out DIR [--count N] [--shared DIR]

Standard library only, fixed seeds: the same arguments give the same files. Not committed: the
benchmark writes it under target/. The archive is laid out as archives are, by format and year
(DIR/text/2021/…), and mixes:

- text reports (about 85%): the five synthetic documents of tools/make_corpus.py, each drawn
  again with its own seed, agency and year (so every report's numbers differ), in their
  encodings (UTF-8, GBK, UTF-16) and table styles (tabs, Markdown, pdftotext layout);
- HTML pages (about 10%): the same documents as HTML tables, and copies of ../shared's pages;
- PDF and DOCX files (a few percent), copies of ../shared's, when it is there;
- a few files that fail (empty, cut off) and non-reports (images) that a search skips.
"""
import argparse
import html
import os
import random
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_corpus as mc  # noqa: E402

CITIES = ["烟台市", "临沂市", "南京市江宁区", "绍兴市柯桥区", "宜宾市", "湖州市德清县", "淮安市",
          "洪泽区", "平潭综合实验区", "上海市", "杭州市西湖区", "成都市武侯区", "青岛市", "苏州市"]
BODIES = [("人民政府办公室", "我办"), ("自然资源和规划局", "我局"), ("市场监督管理局", "我局"),
          ("住房和城乡建设局", "我局"), ("教育局", "我局"), ("卫生健康委员会", "我委"),
          ("生态环境局", "我局"), ("交通运输局", "我局"), ("财政局", "我局"), ("大数据局", "我局")]

ORIG_NEW_DOC = mc.new_doc


def varied(i, rng):
    """Replace make_corpus.new_doc for document i: a fresh seed, agency and year."""
    def new_doc(seed, agency, we, field, year, template, req_style=None, **req_args):
        city = rng.choice(CITIES)
        body, we = rng.choice(BODIES)
        years = [2019, 2020] if template == "2019" else [2021, 2022, 2023, 2024]
        return ORIG_NEW_DOC(seed * 10007 + i, city + body, we, field, rng.choice(years), template,
                            req_style, **req_args)
    return new_doc


def decode(data):
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            if enc == "utf-16" and not data[:2] in (b"\xff\xfe", b"\xfe\xff"):
                continue
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def to_html(text, title):
    """A saved web page: prose as paragraphs, rows (tabs, pipes or runs of spaces) as tables."""
    out = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\">",
           f"<title>{html.escape(title)}</title></head><body>"]
    in_table = False
    for line in text.splitlines():
        stripped = line.strip()
        if re.fullmatch(r"\|?[\s:|-]+\|?", stripped) and "-" in stripped:
            continue  # a Markdown rule row
        cells = [c.strip() for c in re.split(r"\t|\||\s{2,}", stripped)]
        if stripped.startswith("|"):
            cells = cells[1:-1] if len(cells) > 2 else cells
        if len(cells) > 1:
            if not in_table:
                out.append("<table border=\"1\">")
                in_table = True
            out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        else:
            if in_table:
                out.append("</table>")
                in_table = False
            if stripped:
                out.append(f"<p>{html.escape(stripped)}</p>")
    if in_table:
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared", "corpus"))
    a = ap.parse_args()
    rng = random.Random(20250101)
    copies = {"html": [], "pdf": [], "docx": []}
    for sub in ("real", "synthetic"):
        d = os.path.join(a.shared, sub)
        if os.path.isdir(d):
            for name in sorted(os.listdir(d)):
                ext = name.rsplit(".", 1)[-1].lower()
                if ext in copies:
                    copies[ext].append(os.path.join(d, name))
    real_text = [os.path.join(here, "..", "corpus", "yantai-bigdata-2021.txt")]
    counts = {}

    def put(fmt, year, name, data):
        d = os.path.join(a.out, fmt, str(year))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name), "wb") as fh:
            fh.write(data)
        counts[fmt] = counts.get(fmt, 0) + 1

    for i in range(a.count):
        roll = rng.random()
        if roll < 0.04 and (copies["pdf"] or copies["docx"]):
            pool = copies["pdf"] if copies["pdf"] and (roll < 0.035 or not copies["docx"]) \
                else copies["docx"]
            src = pool[i % len(pool)]
            ext = src.rsplit(".", 1)[-1]
            with open(src, "rb") as fh:
                put(ext, "copies", f"{i:05d}-{os.path.basename(src)}", fh.read())
            continue
        if roll < 0.05:
            kind = i % 3
            if kind == 0:
                put("text", "bad", f"{i:05d}-empty.txt", b"")
            elif kind == 1:
                with open(real_text[0], "rb") as fh:
                    put("text", "bad", f"{i:05d}-cut.txt", fh.read()[:300])
            else:
                put("images", "scans", f"{i:05d}.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
            continue
        if roll < 0.06:
            src = real_text[0]
            with open(src, "rb") as fh:
                put("text", 2021, f"{i:05d}-{os.path.basename(src)}", fh.read())
            continue
        make = mc.DOCS[i % len(mc.DOCS)]
        mc.new_doc = varied(i, rng)
        try:
            d = make()
        finally:
            mc.new_doc = ORIG_NEW_DOC
        doc = d["doc"]
        stem = f"{i:05d}-{doc['agency']}-{doc['year']}"
        if roll < 0.16:
            if copies["html"] and roll < 0.10:
                src = copies["html"][i % len(copies["html"])]
                with open(src, "rb") as fh:
                    put("html", "copies", f"{i:05d}-{os.path.basename(src)}", fh.read())
            else:
                title = f"{doc['agency']}{doc['year']}年政府信息公开工作年度报告"
                put("html", doc["year"], stem + ".html", to_html(decode(d["bytes"]), title))
            continue
        ext = os.path.splitext(d["name"])[1]
        put("text", doc["year"], stem + ext, d["bytes"])
    print(", ".join(f"{k} {v}" for k, v in sorted(counts.items())), "files in", a.out)


if __name__ == "__main__":
    main()
