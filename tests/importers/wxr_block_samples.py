"""Block-editor markup as WordPress 6 saves it, for the every-construct export.

Kept apart from wxr_every_construct.py so the builder reads as a list of
constructs; the addresses here are the ones its tests look for.
"""

OLD_SITE = "https://old.example"
UPLOADS = f"{OLD_SITE}/wp-content/uploads"
IMAGES = ("2020/05/harbour.jpg", "2020/05/quay.jpg", "2020/05/night.jpg")
YOUTUBE = "https://www.youtube.com/watch?v=SQEQr7c0-dw"
VIMEO = "https://vimeo.com/76979871"
TWEET = "https://twitter.com/nacin/status/319508408669708289"


GUTENBERG_TEXT = """<!-- wp:paragraph -->
<p>Block paragraph with <strong>bold</strong> words.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">Block heading</h2>
<!-- /wp:heading -->

<!-- wp:list -->
<ul class="wp-block-list"><!-- wp:list-item -->
<li>First item</li>
<!-- /wp:list-item --><!-- wp:list-item -->
<li>Second item</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><!-- wp:paragraph -->
<p>Quoted words of a reader.</p>
<!-- /wp:paragraph --><cite>A reader</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:separator -->
<hr class="wp-block-separator has-alpha-channel-opacity"/>
<!-- /wp:separator -->

<!-- wp:columns -->
<div class="wp-block-columns"><!-- wp:column -->
<div class="wp-block-column"><!-- wp:paragraph -->
<p>Left column words.</p>
<!-- /wp:paragraph --></div>
<!-- /wp:column -->

<!-- wp:column -->
<div class="wp-block-column"><!-- wp:paragraph -->
<p>Right column words.</p>
<!-- /wp:paragraph --></div>
<!-- /wp:column --></div>
<!-- /wp:columns -->

<!-- wp:group -->
<div class="wp-block-group"><!-- wp:paragraph -->
<p>Grouped words.</p>
<!-- /wp:paragraph --></div>
<!-- /wp:group -->"""

GUTENBERG_CODE = """<!-- wp:code -->
<pre class="wp-block-code"><code>for stop in route:
    print(stop)</code></pre>
<!-- /wp:code -->

<!-- wp:preformatted -->
<pre class="wp-block-preformatted">Column one   Column two
  indented line</pre>
<!-- /wp:preformatted -->

<!-- wp:table -->
<figure class="wp-block-table"><table><thead><tr><th>Stop</th><th>Time</th></tr>\
</thead><tbody><tr><td>Oban</td><td>09:00</td></tr></tbody></table>\
<figcaption class="wp-element-caption">Morning boats</figcaption></figure>
<!-- /wp:table -->"""

GUTENBERG_IMAGES = f"""<!-- wp:image {{"id":901,"sizeSlug":"large"}} -->
<figure class="wp-block-image size-large"><img src="{UPLOADS}/{IMAGES[0]}" \
alt="Harbour at noon" class="wp-image-901"/><figcaption class="wp-element-caption">\
The harbour</figcaption></figure>
<!-- /wp:image -->

<!-- wp:gallery {{"linkTo":"none"}} -->
<figure class="wp-block-gallery has-nested-images columns-default is-cropped">\
<!-- wp:image {{"id":901}} -->
<figure class="wp-block-image"><img src="{UPLOADS}/{IMAGES[0]}" alt="Harbour at noon" \
class="wp-image-901"/></figure>
<!-- /wp:image -->

<!-- wp:image {{"id":902}} -->
<figure class="wp-block-image"><img src="{UPLOADS}/{IMAGES[2]}" alt="Quay at night" \
class="wp-image-902"/><figcaption class="wp-element-caption">Night</figcaption></figure>
<!-- /wp:image --><figcaption class="blocks-gallery-caption wp-element-caption">\
Two views</figcaption></figure>
<!-- /wp:gallery -->"""


def _embed_block(url: str, provider: str, kind: str, caption: str) -> str:
    return f"""<!-- wp:embed {{"url":"{url}","type":"{kind}",\
"providerNameSlug":"{provider}"}} -->
<figure class="wp-block-embed is-type-{kind} is-provider-{provider} \
wp-block-embed-{provider}"><div class="wp-block-embed__wrapper">
{url}
</div><figcaption class="wp-element-caption">{caption}</figcaption></figure>
<!-- /wp:embed -->"""


GUTENBERG_EMBEDS = "\n\n".join(
    [
        _embed_block(YOUTUBE, "youtube", "video", "The launch"),
        _embed_block(VIMEO, "vimeo", "video", "The crossing"),
        _embed_block(TWEET, "twitter", "rich", "What was said"),
    ]
)
