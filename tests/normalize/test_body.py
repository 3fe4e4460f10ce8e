"""Body text: cleaning, furniture, captions, joining and word counts."""

import pytest

from newscrawl.normalize.body import clean_paragraphs, clean_text, is_caption, join_body, word_count

clean_cases = [
    ("  Amman  is\tcold \n today ", "Amman is cold today"),
    ("AMMAN\u00a0\u2013 The", "AMMAN \u2013 The"),
    ("zero\u200bwidth\ufeff", "zerowidth"),
    ("soft\u00adhyphen", "softhyphen"),
    ("narrow\u202fspace", "narrow space"),
    ("Cafe\u0301", "Café"),
    ("\u200e\u200f", ""),
    ("", ""),
    ("\u00a0", ""),
]


@pytest.mark.parametrize(("raw", "expected"), clean_cases, ids=[repr(c[0]) for c in clean_cases])
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


FURNITURE = [
    "21 users have voted.",
    "1 user has voted.",
    "up",
    "Rate",
    "Read more",
    "Related Articles",
    "Share",
    "Newsletter",
    "Get top stories and blog posts emailed to you each day.",
    "Read JT PDF Version",
    "PDF",
    "Advertisement",
    "You are here",
    "\u00a0",
    "",
]


@pytest.mark.parametrize("line", FURNITURE, ids=[repr(f) for f in FURNITURE])
def test_furniture_is_dropped(line):
    assert clean_paragraphs(["First paragraph.", line, "Last paragraph."]) == [
        "First paragraph.",
        "Last paragraph.",
    ]


paragraph_cases = [
    (["A.", "A.", "B."], ["A.", "B."]),
    (["A.", "B.", "A."], ["A.", "B.", "A."]),
    (["A.\u00a0", " A. ", "B."], ["A.", "B."]),
    (["Prices went up", "Rate cuts are coming"], ["Prices went up", "Rate cuts are coming"]),
    (["Share prices fell."], ["Share prices fell."]),
    ([], []),
]


@pytest.mark.parametrize(
    ("paragraphs", "expected"), paragraph_cases, ids=[repr(c[0]) for c in paragraph_cases]
)
def test_clean_paragraphs(paragraphs, expected):
    assert clean_paragraphs(paragraphs) == expected


caption_cases = [
    ("King Abdullah meets officials (Petra photo)", True),
    ("A view of Amman (Reuters photo)", True),
    ("Protesters gather (AFP photo)", True),
    ("Protesters gather (AFP Photo)", True),
    ("The site in 2015 (AFP file photo)", True),
    ("The site in 2015 (AFP File Photo)", True),
    ("The site in 2015 (AFP/File photo)", True),
    ("Downtown Amman (JT file)", True),
    ("A street in Irbid (Al Rai photo)", True),
    ("The bourse (DNE photo)", True),
    ("Displaced Syrians (AFP photo by George Ourfalian)", True),
    ("The festival (Photo by Amjad Ghsoun)", True),
    ("The bourse (Photo by Mohamed Omar\\ DNE File)", True),
    ("The minister (Photo courtesy of Royal Court)", True),
    ("Sarah Dea / The National", True),
    ("Ali Akyuz / AFP", True),
    ("Henry Nicholls, Reuters", True),
    ("A rally in Istanbul (AFP via Getty Images)", True),
    ("WAM and Getty", True),
    ("Image Credit: AFP", True),
    ("REUTERS/Hamid Khatib", True),
    ("Palestinians mourn in Gaza City, 23 October 2022 (AFP)", True),
    ("Tourists at the site - AAWSAT", True),
    # ordinary text
    ("The Central Bank of Jordan on Saturday raised rates.", False),
    ("He told Reuters the talks had failed.", False),
    ("The minister said the plan would go ahead. (AFP)", False),
    ("Prices rose by 5 per cent / year in Amman, the report said.", False),
    ("", False),
]


@pytest.mark.parametrize(
    ("text", "expected"), caption_cases, ids=[c[0] or "<empty>" for c in caption_cases]
)
def test_is_caption(text, expected):
    assert is_caption(text) is expected


def test_join_body():
    assert join_body(["One.", "", "Two."]) == "One.\n\nTwo."
    assert join_body([]) == ""


count_cases = [
    ("", 0),
    ("One", 1),
    ("Bashar al-Assad met him", 4),
    ("He didn't go.", 3),
    ("Prices rose 3.5 per cent", 5),
    ("One.\n\nTwo three.", 3),
    ("قال الوزير إن", 3),
]


@pytest.mark.parametrize(("text", "expected"), count_cases, ids=[repr(c[0]) for c in count_cases])
def test_word_count(text, expected):
    assert word_count(text) == expected


ODD = [
    "", " ", "\x00", "\n\n", "((((", "))))", "—", "– –", "::", "//", "|||", "&nbsp;", "&amp;&#",
    "1" * 500, "AMMAN " * 200, "By " * 50, "\u202e\u200f", "🙂🙂", "قال الوزير", "x" * 10000,
    "(MENAFN-", "By (", "By )", "None", "null", "A/B/C/D/E/F/G",
]  # fmt: skip


@pytest.mark.parametrize("odd", ODD, ids=[repr(o[:20]) for o in ODD])
def test_body_functions_never_raise(odd):
    assert isinstance(clean_text(odd), str)
    assert isinstance(clean_paragraphs([odd, odd]), list)
    assert isinstance(is_caption(odd), bool)
    assert isinstance(word_count(odd), int)
    assert isinstance(join_body([odd]), str)
