"""Web pages as the web serves them: an article inside navigation, ads, scripts, comments,
a cookie banner and a newsletter box; and the pages that hold no article at all."""

from __future__ import annotations

from html import escape

# Words that only the page's furniture holds: none may reach the extracted text.
BOILERPLATE = (
    "Quokkanav Home",
    "Quokkanav World",
    "Quokkanav Sports",
    "We use cookies to improve your experience",
    "Accept all cookies",
    "ADVERTISEMENT",
    "Buy the Zorblax gadget now",
    "Sign up for our newsletter",
    "Get the best stories in your inbox",
    "trackingPixelZeta",
    "This is a reader comment by Frobisher",
    "Copyright Example News Ltd",
)

PARAGRAPHS = (
    "Reining in goals and ambitions for the second summit would better align the "
    "diplomatic approach with the much more successful inter-Korean process, which "
    "moved step by step rather than all at once.",
    "The two countries have a different order of priorities: the former is focused on "
    "denuclearization while the latter wants a stable relationship as its primary goal, "
    "and both know that the gap will not close soon.",
    "Examples of narrowly focused demands include a freeze on fissile material production "
    "and greater access to the facilities that were promised for dismantlement last year.",
    "Furthermore, closer alignment in diplomatic strategy could also help smooth over some "
    "areas of disagreement that have popped up as both countries engaged the North.",
)


def article_page(
    paragraphs: tuple[str, ...] | list[str] = PARAGRAPHS,
    *,
    title: str = "The Devil Is in the Details",
    author: str | None = "Jane Roe",
    date: str = "2019-02-20",
    site: str = "Example News",
    charset: str = "utf-8",
    meta_charset: bool = True,
    extra_article_html: str = "",
) -> str:
    """A news article's page, its article wrapped in everything a real page has around it."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    meta = f'<meta charset="{charset}">' if meta_charset else ""
    by = f'<meta name="author" content="{escape(author)}">' if author else ""
    byline = f'By <span class="author">{escape(author)}</span>,\n' if author else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head>{meta}
<title>{escape(title)} | {escape(site)}</title>
<meta property="og:title" content="{escape(title)}">
{by}
<meta property="article:published_time" content="{date}T08:00:00Z">
<meta property="og:site_name" content="{escape(site)}">
<script>var trackingPixelZeta = "ADVERTISEMENT"; window.dataLayer = [];</script>
<style>.cookie {{ position: fixed }}</style>
</head><body>
<header class="site-header"><nav class="main-nav"><ul>
<li><a href="/">Quokkanav Home</a></li><li><a href="/world">Quokkanav World</a></li>
<li><a href="/sports">Quokkanav Sports</a></li></ul></nav></header>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience.
<button>Accept all cookies</button></p></div>
<div class="ad ad-top" id="ad-slot-1"><span>ADVERTISEMENT</span>
<a href="https://ads.example/zorblax">Buy the Zorblax gadget now</a></div>
<main><article class="article">
<h1>{escape(title)}</h1>
<p class="byline">{byline}<time datetime="{date}">{date}</time></p>
{body}
{extra_article_html}
</article></main>
<aside class="newsletter-signup"><h3>Sign up for our newsletter</h3>
<form><p>Get the best stories in your inbox.</p><input type="email"></form></aside>
<section class="comments" id="comments"><h3>Comments</h3><div class="comment">
<p>This is a reader comment by Frobisher, who disagrees with everything.</p></div></section>
<footer class="site-footer"><p>Copyright Example News Ltd. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>
<script>document.write("")</script>
</body></html>
"""


def paywall_page() -> str:
    """A subscriber-only article: a teaser and a subscribe box, as news sites declare it."""
    return """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Secret Plans Revealed | Example Times</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Secret Plans Revealed", "isAccessibleForFree": false,
"hasPart": {"@type": "WebPageElement", "isAccessibleForFree": false,
"cssSelector": ".paywalled"}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Secret Plans Revealed</h1>
<p>Officials met on Tuesday to discuss plans that few outside the room have seen.</p>
<div class="paywall"><p>Subscribe to continue reading. Already a subscriber? Sign in.</p>
<a href="/subscribe">Subscribe now for $1</a></div>
</article></body></html>
"""


def javascript_shell() -> str:
    """A single-page app: the article arrives later, by script."""
    return """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Loading… | App News</title>
<script src="/static/bundle.4f3a.js" defer></script></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root"></div>
<script>window.__INITIAL_STATE__ = {"article": null};</script>
</body></html>
"""


def navigation_only() -> str:
    """A section front: headlines and links, no article."""
    links = "".join(
        f'<li><a href="/story/{n}">Story number {n} headline</a></li>' for n in range(30)
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>World | News</title>
</head><body><nav><ul>{links}</ul></nav><footer>About us</footer></body></html>"""


# Every character of these is in Latin-1 (ISO-8859-1).
LATIN1_TEXT = (
    "Le café de la place accueillait chaque matin les habitués, qui commentaient les "
    "nouvelles du jour avec une énergie inépuisable et une précision remarquable.",
    "À la fin de l'été, « les élèves » revenaient, et l'on entendait de nouveau les rires "
    "dans la cour de l'école, un bruit que personne ne regrettait vraiment, ¿sí o no?",
    "Naïve et déterminée, Zoë répétait que la crème brûlée était « un art », und dass "
    "die Straße in Ørsted für Señor Müller immer zu schmal gewesen sei.",
)
# These need Windows-1252: curly quotes, dashes, the euro sign, œ (not in Latin-1).
CP1252_TEXT = (
    "“It’s the economy,” she said — and the price rose to 12 € a kilo within a week, "
    "which nobody in the market had expected before the summer.",
    "L’œuvre d’une vie tenait parfois dans un dessert servi tiède… "
    "et le chef répétait que la crème brûlée était un art à part entière.",
    "The committee’s report — forty pages long — arrived on Friday, and the minister’s "
    "office said only that it would be “studied carefully” by the end of the month.",
)
