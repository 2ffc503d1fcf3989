"""What a reader of a Chinese page sees of Streamlit's own English (issue 19, session 23):
the words its frontend writes itself, looked for on a page with every expander opened. Used by
issue 19's test (tests/e2e/test_issue19_words.py) and, on its own load of the chart pages, by
the every-page test (tests/e2e/test_browser.py)."""

from __future__ import annotations

from tests.e2e.waits import wait_idle

#: words Streamlit's frontend writes itself, in English whatever the page's language (1.67):
#: select boxes' placeholders and empty lists, the file uploader, the input hints
STREAMLIT_ENGLISH = (
    "Choose an option",
    "Choose options",
    "Choose or add",
    "Add an option",
    "No options to select",
    "No results",
    "Select all",
    "Drag and drop",
    "Browse files",
    "per file",
    "Upload",
    "Press Enter",
)

#: (JavaScript) what a reader can see: the text of every element drawn with a non-zero font
#: (the catalogue's words replace Streamlit's by a style sheet that sets its font to 0 and
#: adds its own text after it), generated text (``::before``/``::after``) and every input's
#: placeholder (shown once the box is emptied, also in a tab not open)
SEEN = """() => {
    const out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
        const node = walk.currentNode, el = node.parentElement;
        if (!el || !node.textContent.trim() || el.closest('style, script, noscript')) continue;
        const css = getComputedStyle(el);
        if (parseFloat(css.fontSize) === 0 || css.visibility === 'hidden') continue;
        if (!el.getClientRects().length) continue;
        out.push(node.textContent);
    }
    document.querySelectorAll('[placeholder]').forEach(e => out.push(e.getAttribute('placeholder')));
    document.querySelectorAll('body *').forEach(e => {
        for (const where of ['::before', '::after']) {
            const c = getComputedStyle(e, where).content;
            if (c && c !== 'none' && c !== 'normal') out.push(c);
        }
    });
    return out.join('\\n');
}"""

#: (JavaScript) a file dragged over the uploader: Streamlit then shows its own line
DRAG = """el => {
    const data = new DataTransfer();
    data.items.add(new File(['a'], 'a.csv', {type: 'text/csv'}));
    el.dispatchEvent(new DragEvent('dragenter', {dataTransfer: data, bubbles: true}));
}"""


def english(seen: str) -> list[str]:
    return [words for words in STREAMLIT_ENGLISH if words in seen]


#: (JavaScript) a click on the summary of every closed expander shown (one in a tab not open
#: has no box): how many
OPEN_SHOWN = """() => {
    const closed = [...document.querySelectorAll(
        '[data-testid="stExpander"] details:not([open]) > summary')]
        .filter(summary => summary.getClientRects().length);
    closed.forEach(summary => summary.click());
    return closed.length;
}"""


def open_expanders(page) -> None:
    """Open every expander shown: all those closed at once, the page waited for, and again
    while an opened one drew more closed ones. Why at once: one at a time, each click waited
    for the page to settle (a chart page has up to a dozen; 0.15-0.3 s each)."""
    for _ in range(30):
        if not page.evaluate(OPEN_SHOWN):
            break
        wait_idle(page)


def streamlit_english(page) -> list[str]:
    """Streamlit's English words a reader sees on the page once every expander is open."""
    open_expanders(page)
    return english(page.evaluate(SEEN))
