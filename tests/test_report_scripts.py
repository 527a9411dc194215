"""Names and notes in any script print readably: the right font, shaped, in reading order.

Real PDFs read back with pypdf: the text is extracted (pypdf puts right-to-left
runs back in logical order, so a run drawn in the wrong order reads back
wrong), and the fonts each page uses are listed.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdf
import pytest
from test_report import assert_valid_pdf, default_answers, leak, make_visit

from undercover.domain.visit import Answer
from undercover.report import export_summary, export_visits
from undercover.report.fonts import PLACEHOLDER, Face
from undercover.report.layout import make_styles
from undercover.report.shaping import Paragraph, drawable
from undercover.report.text import markup, one_line, runs
from undercover.store import Store
from undercover.store import settings as keys

SAMPLES = {  # script: (text, the font that must print it)
    "Chinese": ("店员没有打招呼", "DroidSansFallback"),
    "Japanese": ("スタッフは笑顔でした", "DroidSansFallback"),
    "Korean": ("직원이 인사하지 않았습니다", "NanumGothic"),
    "Thai": ("ไม่มีใครทักทาย", "NotoSansThai"),
    "Hindi": ("कर्मचारी ने स्वागत नहीं किया", "NotoSansDevanagari"),
    "Arabic": ("لم يرحب بنا أحد", "NotoSansArabic"),
    "Hebrew": ("אף אחד לא בירך אותנו", "NotoSansHebrew"),
}
NAMES = "中文 日本語 한국어 ไทย हिन्दी العربية עברית"


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "scripts.db") as s:
        s.settings.set(keys.BUSINESS_NAME, "مخبز النحاس · 銅葉ベーカリー")
        yield s


def extracted(path: Path) -> str:
    """All text, with Arabic presentation forms folded back to letters (NFKC)."""
    text = " ".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    return unicodedata.normalize("NFKC", " ".join(text.split()))


def fonts_used(path: Path) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1].split("-")[0])
    return names


def visit_in_every_script(store: Store):
    answers = default_answers()
    notes = [
        "undivided_attention", "greeting", "acknowledged_minutes", "accurate_and_kept",
        "overall_authentic", "likely_return", "likely_recommend",
    ]
    for question, (text, _) in zip(notes, SAMPLES.values(), strict=True):
        answers[question].note = f"{text} (note)"
    answers["felt_leaving"] = Answer("felt_leaving", text=" / ".join(t for t, _ in
                                                                     SAMPLES.values()))
    findings = [leak(summary=f"{text}.", recommendation=text) for text, _ in SAMPLES.values()]
    return make_visit(store, location=NAMES, answers=answers, findings=findings,
                      scenario="Scenario: " + " · ".join(t for t, _ in SAMPLES.values()))


def test_every_script_prints_in_its_own_font(store, tmp_path):
    visit = visit_in_every_script(store)
    out = export_visits(store, [visit.id], tmp_path / "scripts.pdf")
    assert_valid_pdf(out)
    used = fonts_used(out)
    for script, (_, font) in SAMPLES.items():
        assert font in used, f"{script} is not printed with {font}: {used}"
    text = extracted(out)
    assert PLACEHOLDER not in text
    for script in ("Chinese", "Japanese", "Korean", "Thai"):
        assert SAMPLES[script][0] in text, script
    assert "中文 日本語 한국어" in text  # the location name, in the title and the header


def test_right_to_left_words_are_joined_and_in_reading_order(store, tmp_path):
    visit = visit_in_every_script(store)
    out = export_visits(store, [visit.id], tmp_path / "rtl.pdf")
    raw = " ".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    text = extracted(out)
    # Drawn in visual order, read back in logical order: words in the order typed.
    assert SAMPLES["Hebrew"][0] in text
    assert SAMPLES["Arabic"][0] in text
    # Joined: Arabic letters printed in their initial, medial and final forms.
    forms = {unicodedata.name(ch, "").rsplit(" ", 2)[-2] for ch in raw if ch >= "\ufe70"}
    assert {"INITIAL", "MEDIAL", "FINAL"} <= forms


def test_italic_notes_in_arabic_are_shaped_not_boxes(store, tmp_path):
    answers = default_answers()
    counting = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة"
    answers["undivided_attention"].note = " ".join([counting] * 12)  # wraps over lines
    visit = make_visit(store, answers=answers)
    out = export_visits(store, [visit.id], tmp_path / "italic.pdf")
    assert "NotoSansArabic" in fonts_used(out)
    text = extracted(out)
    assert text.count("واحد اثنان ثلاثة") >= 6  # in reading order on each line


def test_summary_and_headers_in_other_scripts(store, tmp_path):
    for name in ("תל אביב", "上海 南京路", "서울", "กรุงเทพ", "मुंबई", "القاهرة"):
        make_visit(store, location=name)
    out = export_summary(store, tmp_path / "summary.pdf")
    assert_valid_pdf(out)
    text = extracted(out)
    assert "תל אביב" in text and "上海 南京路" in text and "서울" in text
    assert "مخبز النحاس" in text and "銅葉ベーカリー" in text  # the business name, every page
    assert PLACEHOLDER not in text  # chart labels too: each name in one script


def test_a_name_mixing_scripts_prints_in_full_except_in_charts(store, tmp_path):
    visit_in_every_script(store)
    make_visit(store, location="Station Road")
    text = extracted(export_summary(store, tmp_path / "mixed.pdf"))
    assert "中文 日本語 한국어" in text
    assert text.count(PLACEHOLDER) > 0  # the chart label, which has one font only


# -- which font prints what ------------------------------------------------------------


def test_a_word_goes_to_one_font_whole():
    pieces = runs("Note: (שלום). 中文,ok café 😀🫠")
    assert [(s.name if s else None, t) for s, t in pieces] == [
        (None, "Note: "), ("Hebrew", "(שלום). "), ("CJK", "中文"),
        (None, f",ok café 😀{PLACEHOLDER}"),
    ]


def test_markup_names_the_script_font_of_each_face():
    assert markup("a <b> עברית") == 'a &lt;b&gt; <font name="UndercoverHebrew">עברית</font>'
    styles = make_styles()
    bold = Paragraph(f"<b>{markup('עברית', Face.BOLD)}</b>", styles.body)
    assert {f.fontName for f in bold.frags} == {"UndercoverHebrew-Bold"}
    italic = Paragraph(markup("العربية", Face.ITALIC), styles.note)
    assert {f.fontName for f in italic.frags} == {"UndercoverArabic"}  # upright, not a box


def test_only_paragraphs_that_need_it_are_shaped():
    styles = make_styles()
    assert not Paragraph(markup("office floor"), styles.body).style.shaping  # no ﬃ ligature
    for text, _ in SAMPLES.values():
        shaped = Paragraph(markup(text), styles.body).style.shaping
        assert shaped == any(s.shaped for s, _ in runs(text) if s), text


def test_one_line_keeps_every_printable_script():
    assert one_line(" 中文\n עברית\t😀 \U0010ffff") == f"中文 עברית 😀 {PLACEHOLDER}"


def test_latin_beside_other_scripts_is_not_turned_into_ligatures(store, tmp_path):
    answers = default_answers()
    answers["undivided_attention"].note = "The office staff first said مرحبا and ١٥ minutes."
    visit = make_visit(store, answers=answers)
    out = export_visits(store, [visit.id], tmp_path / "latin.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages)
    assert "The office staff first said" in text  # no "ﬃ" or "ﬆ" from HarfBuzz


def test_punctuation_around_the_markup_joins_the_word_it_touches():
    styles = make_styles()
    paragraph = Paragraph(f"<b>({markup('אביב', Face.BOLD)}).</b> done", styles.body)
    texts = [(f.fontName, f.text) for f in paragraph.frags if f.text]
    assert texts[0] == ("UndercoverHebrew-Bold", "(אביב).")  # shaped as one word
    assert texts[-1][1].strip() == "done"


def test_digits_in_arabic_text_are_not_reversed():
    pieces = [(s.name if s else None, t) for s, t in runs("انتظرت ١٥ دقيقة و 20")]
    assert ("ArabicDigits", "١٥ ") in pieces and not any(
        s.shaped for s, _ in runs("١٥") if s)
    assert pieces[-1] == (None, "20")  # Western digits stay in DejaVu Sans, unshaped


def test_chart_labels_in_one_script_use_its_font():
    assert drawable("上海 店") == ("上海 店", "UndercoverCJK")
    label, font = drawable("תל אביב")
    assert font == "UndercoverHebrew" and str(label) == "ביבא לת"  # drawn in visual order
    label, font = drawable("中文 עברית")  # two other scripts: one font cannot draw both
    assert font == "UndercoverSans" and str(label) == f"{PLACEHOLDER * 2} {PLACEHOLDER * 5}"


def test_a_latin_report_does_not_load_the_other_fonts(tmp_path):
    """The Chinese and Korean fonts are 4-5 MB each: read only when a text needs them."""
    with Store.open(tmp_path / "latin.db") as store:
        make_visit(store, location="Łódź Piotrkowska")
    script = (
        "import sys; sys.path.insert(0, 'tests')\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "from undercover.report import export_visits\n"
        "from undercover.store import Store\n"
        f"with Store.open({str(store.path)!r}) as s:\n"
        f"    export_visits(s, [s.visits.summaries()[0].id], {str(tmp_path / 'l.pdf')!r})\n"
        "print(sorted(pdfmetrics.getRegisteredFontNames()))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "UndercoverSans" in result.stdout
    assert "UndercoverCJK" not in result.stdout and "UndercoverKorean" not in result.stdout


def test_a_word_mixing_fonts_is_shaped_font_by_font(store, tmp_path):
    answers = default_answers()
    answers["undivided_attention"].note = "שלום12 (عالم34). end"
    visit = make_visit(store, answers=answers)
    out = export_visits(store, [visit.id], tmp_path / "mixed.pdf")
    raw = " ".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    note = raw[raw.index("Note:"):raw.index("end", raw.index("Note:"))]
    assert "12" in note and "34" in note
    # Every letter is one of those typed (Arabic in its joined forms): no glyph of
    # another font's numbering slipped in.
    stray = {ch for ch in note if ord(ch) > 0x7F and not (
        0x0590 <= ord(ch) <= 0x06FF or 0xFB1D <= ord(ch) <= 0xFEFF)}
    assert not stray, stray


def test_the_reportlab_hooks_shaping_relies_on_are_there():
    """ReportLab 5 internals used by undercover/report/shaping.py and fonts.py."""
    from reportlab.platypus import paragraph

    from undercover.report import shaping

    assert paragraph.shapeFragWord is shaping._shape_font_by_font, (
        "ReportLab's Paragraph no longer shapes words through paragraph.shapeFragWord")
    styles = make_styles()
    laid_out = Paragraph(markup("x שלום y"), styles.body)
    laid_out.wrap(300, 100)
    line = laid_out.blPara.lines[0]
    assert laid_out.blPara.kind == 1 and {"UndercoverHebrew", "UndercoverSans"} <= {
        w.fontName for w in line.words}, "laid-out lines no longer hold their pieces as words"


def drawn_words(path: Path, page: int = 1) -> list[tuple[float, float, str]]:
    """The words of a page as drawn: (top, left, text), read from pdftotext's word boxes."""
    import html
    import re

    boxes = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path),
                            "-"], capture_output=True, text=True, check=True).stdout
    return [(float(y), float(x), html.unescape(word)) for x, y, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', boxes)]


def test_punctuation_after_a_right_to_left_word_stays_where_it_was_typed(store, tmp_path):
    # "<" is neutral: between Arabic and Latin in a left-to-right line it stays with the
    # Latin word after it, not with the Arabic word before it.
    visit = make_visit(store, location="Café العربية <b>x</b> (بيت)", answers=default_answers())
    out = export_visits(store, [visit.id], tmp_path / "neutral.pdf")
    words = drawn_words(out)
    title = [w for w in words if w[2] == "<b>x</b>"]
    assert title, [w[2] for w in words[:20]]
    assert "<" not in [w[2] for w in words]
    top, left, _ = title[0]
    arabic = [w for w in words if abs(w[0] - top) < 1
              and any(unicodedata.bidirectional(c) == "AL" for c in w[2])]
    assert arabic and min(w[1] for w in arabic) < left  # the Arabic name, then "<b>x</b>"
