"""Phone layout checks the browser journeys share: tap targets and sideways scroll.

A tap target (link, button, form field, ``<summary>``) passes when it is at least
``TAP``×``TAP`` CSS px, or it is a link inside a sentence (WCAG 2.5.8's inline
exception: the line height of the text around it sets its size), or it is
spaced out (WCAG 2.5.8's spacing exception, at ``TAP`` px: a circle of that
diameter centred on it touches no other target nor another small target's circle).
A checkbox or radio button counts with its label, which takes the tap too."""

TAP = 44

_TAP_TARGET_PROBLEMS = """([scope, tap]) => {
    const root = document.querySelector(scope) || document.body;
    const selector = 'a[href], button, summary, select, textarea, [role=button], '
        + 'input:not([type=hidden])';
    const hidden = e => {
        const style = getComputedStyle(e);
        return e.getClientRects().length === 0 || style.visibility === 'hidden';
    };
    const box = e => {
        let r = e.getBoundingClientRect();
        let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
        if (e.matches('input[type=checkbox], input[type=radio]') && e.labels) {
            for (const label of e.labels) {
                const l = label.getBoundingClientRect();
                if (l.width === 0) continue;
                [left, top] = [Math.min(left, l.left), Math.min(top, l.top)];
                [right, bottom] = [Math.max(right, l.right), Math.max(bottom, l.bottom)];
            }
        }
        return {left, top, right, bottom, width: right - left, height: bottom - top};
    };
    const inSentence = e => {
        if (!e.matches('a') || getComputedStyle(e).display !== 'inline') return false;
        let block = e.parentElement;
        while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
        const around = block ? block.textContent.replace(e.textContent, '') : '';
        return /[\\p{L}\\p{N}]{2,}/u.test(around);
    };
    const targets = [...root.querySelectorAll(selector)]
        .filter(e => !hidden(e))
        .map(e => ({e, r: box(e)}))
        // Visually hidden (sr-only) and off-screen until focused (the skip link).
        .filter(t => t.r.width > 1 && t.r.height > 1 && t.r.bottom + window.scrollY > 0);
    const small = targets.filter(t => (t.r.width < tap || t.r.height < tap) && !inSentence(t.e));
    const centre = r => [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
    const circleTouchesBox = ([x, y], r) => {
        const dx = Math.max(r.left - x, 0, x - r.right), dy = Math.max(r.top - y, 0, y - r.bottom);
        return dx * dx + dy * dy < (tap / 2) * (tap / 2);
    };
    const related = (a, b) => a.contains(b) || b.contains(a)
        || (a.labels && [...a.labels].some(l => l.contains(b)));
    const crowded = t => {
        const c = centre(t.r);
        return targets.some(o => o !== t && !related(t.e, o.e) && circleTouchesBox(c, o.r))
            || small.some(o => {
                if (o === t || related(t.e, o.e)) return false;
                const [x, y] = centre(o.r);
                return Math.hypot(x - c[0], y - c[1]) < tap;
            });
    };
    const describe = e => {
        const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + [...e.classList].slice(0, 3).map(c => '.' + c).join('')
            + (e.getAttribute('name') ? `[name=${e.getAttribute('name')}]` : '');
        const text = (e.innerText || e.value || e.getAttribute('aria-label') || e.getAttribute('href') || '')
            .trim().replace(/\\s+/g, ' ').slice(0, 40);
        return `${name} "${text}"`;
    };
    return small.filter(crowded).map(t =>
        `${describe(t.e)} ${Math.round(t.r.width)}×${Math.round(t.r.height)}`);
}"""


def tap_target_problems(page, scope: str = "body") -> list[str]:
    """Every visible tap target in ``scope`` that is too small, not inline in a
    sentence and too close to another, as 'tag#id.class "text" width×height'."""
    return page.evaluate(_TAP_TARGET_PROBLEMS, [scope, TAP])


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def sideways_overflow(page) -> list[str]:
    """The elements wider than the screen (to say what to fix when a page scrolls sideways)."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 8).map(e => e.tagName.toLowerCase() + [...e.classList].slice(0, 3).map(c => '.' + c).join('')
            + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')""")
