#!/usr/bin/env python3
"""Times `gongkai extract` (the whole pipeline, PDF read in its worker process) against
`pdftotext -layout` (text only) on the same PDFs, side by side, and prints the ratios.

usage: tools/pdf_vs_pdftotext.py [--bin target/release/gongkai] [--runs 20] [--instructions] PDF...
Each command runs --runs times per file, the two alternating, output discarded. Reported: the
median wall-clock time and the median CPU time (user + system, children included), which is
the steadier of the two on a machine that is busy with other work. --instructions counts
instead the instructions each command executes (valgrind's callgrind, the PDF worker process
included), which repeat exactly whatever the load; valgrind's CPU has no SHA extensions, so
gongkai's SHA-256 of the file is counted in software there (a few M instructions per MB).
"""
import argparse, glob, os, re, statistics, subprocess, tempfile, time

def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    wall = (time.perf_counter() - t0) * 1000
    return wall, (usage.ru_utime + usage.ru_stime) * 1000

def instructions(cmd):
    """Instructions executed by `cmd` and every process it starts, under callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.%p")
        subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                        f"--callgrind-out-file={out}"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        total = 0
        for f in glob.glob(os.path.join(tmp, "cg.*")):
            with open(f) as fh:
                m = re.search(r"^summary:\s+(\d+)", fh.read(), re.M)
                total += int(m.group(1)) if m else 0
        return total

def count(a):
    print(f"{'file':<26}{'gongkai M instr':>18}{'pdftotext M instr':>20}{'ratio':>8}")
    tg = tp = 0
    for pdf in a.pdfs:
        g = instructions([a.bin, "extract", "--compact", pdf]) / 1e6
        p = instructions(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"]) / 1e6
        tg, tp = tg + g, tp + p
        print(f"{os.path.basename(pdf):<26}{g:>18.1f}{p:>20.1f}{g / p:>8.2f}")
    print(f"{'all':<26}{tg:>18.1f}{tp:>20.1f}{tg / tp:>8.2f}")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/gongkai")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--instructions", action="store_true")
    ap.add_argument("pdfs", nargs="+")
    a = ap.parse_args()
    if a.instructions:
        return count(a)
    print(f"{'file':<26}{'gongkai wall/cpu ms':>22}{'pdftotext wall/cpu ms':>24}{'ratio wall/cpu':>16}")
    tg = [0.0, 0.0]
    tp = [0.0, 0.0]
    for pdf in a.pdfs:
        g, p = [], []
        for _ in range(a.runs):
            g.append(run([a.bin, "extract", "--compact", pdf]))
            p.append(run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"]))
        gw, gc = (statistics.median(x[i] for x in g) for i in (0, 1))
        pw, pc = (statistics.median(x[i] for x in p) for i in (0, 1))
        tg = [tg[0] + gw, tg[1] + gc]
        tp = [tp[0] + pw, tp[1] + pc]
        print(f"{os.path.basename(pdf):<26}{gw:>13.1f} / {gc:>6.1f}{pw:>15.1f} / {pc:>6.1f}{gw / pw:>9.2f} / {gc / pc:>4.2f}")
    print(f"{'all':<26}{tg[0]:>13.1f} / {tg[1]:>6.1f}{tp[0]:>15.1f} / {tp[1]:>6.1f}{tg[0] / tp[0]:>9.2f} / {tg[1] / tp[1]:>4.2f}")

if __name__ == "__main__":
    main()
