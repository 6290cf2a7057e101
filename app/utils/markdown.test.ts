import { describe, expect, test } from "vitest";
import { renderMarkdown } from "./markdown.ts";

describe("renderMarkdown: what authors may use", () => {
  test("headings, paragraphs, emphasis, code, lists and quotes come through", () => {
    const html = renderMarkdown(
      "# Agenda\n\nHello *world*, **bold**, ~~old~~ and `code`.\n\n- one\n- two\n\n3. three\n4. four\n\n> quoted\n\n```ts\nconst x = 1 < 2;\n```",
    );
    // Demoted one level: the page around the description owns the <h1>.
    expect(html).toContain("<h2>Agenda</h2>");
    expect(html).not.toContain("<h1");
    expect(html).toContain("<p>Hello <em>world</em>, <strong>bold</strong>, <del>old</del> and <code>code</code>.</p>");
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    expect(html).toContain('<ol start="3">');
    expect(html).toMatch(/<blockquote>\s*<p>quoted<\/p>\s*<\/blockquote>/);
    expect(html).toContain('<pre><code class="language-ts">const x = 1 &lt; 2;\n</code></pre>');
  });

  test("http, https and mailto links open in a new tab without handing over the opener", () => {
    const html = renderMarkdown('[docs](https://docs.example.com "Docs") [old](http://old.example.com) [mail](mailto:cs@example.com)');
    expect(html).toContain('<a href="https://docs.example.com" title="Docs" rel="noopener noreferrer" target="_blank">docs</a>');
    expect(html).toContain('<a href="http://old.example.com" rel="noopener noreferrer" target="_blank">old</a>');
    expect(html).toContain('<a href="mailto:cs@example.com" rel="noopener noreferrer" target="_blank">mail</a>');
  });

  test("our rel and target replace whatever a raw link asked for", () => {
    const html = renderMarkdown('<a href="https://ok.example.com" target="_self" rel="opener" onclick="steal()" style="color:red">ok</a>');
    expect(html).toBe('<p><a href="https://ok.example.com" rel="noopener noreferrer" target="_blank">ok</a></p>');
  });

  test("https images stay, with their alt text", () => {
    expect(renderMarkdown('![Team photo](https://img.example.com/team.png "Us")')).toBe(
      '<p><img src="https://img.example.com/team.png" alt="Team photo" title="Us" /></p>',
    );
  });

  test("tables keep their alignment but nothing else", () => {
    const html = renderMarkdown("| a | b |\n|:-:|--:|\n| 1 | 2 |");
    expect(html).toContain('<th align="center">a</th>');
    expect(html).toContain('<td align="right">2</td>');
  });

  test("empty input renders nothing", () => {
    expect(renderMarkdown("")).toBe("");
    expect(renderMarkdown(null)).toBe("");
  });
});

describe("renderMarkdown: hostile input", () => {
  test.each([
    ["a script tag", "<script>alert(1)</script>Hello", "Hello"],
    ["a script inside svg", "<svg><script>alert(1)</script></svg>Hello", "<p>Hello</p>"],
    ["an iframe and what it wraps", '<iframe src="https://evil.example"><img src=x onerror=alert(1)></iframe>Hello', "Hello"],
    ["an img with an event handler", "<img src=x onerror=alert(1)>", ""],
    ["a style block", "<style>body{display:none}</style>Hello", "Hello"],
    ["style and handler attributes", '<p style="color:red" onclick="steal()">Hello</p>', "<p>Hello</p>"],
    ["unknown raw HTML, kept as its text", '<div class="x"><form action="https://evil"><button>Hello</button></form></div>', "Hello"],
  ])("strips %s", (_label, source, expected) => {
    expect(renderMarkdown(source)).toBe(expected);
  });

  test.each([
    ["a javascript: link", "[x](javascript:alert(1))"],
    ["mixed case", "[x](JaVaScRiPt:alert(1))"],
    ["an entity-encoded scheme", "[x](&#106;avascript:alert(1))"],
    ["a raw link with a tab in the scheme", '<a href=" java\tscript:alert(1)">x</a>'],
    ["a data: link", "[x](data:text/html,<script>alert(1)</script>)"],
    ["a vbscript: link", "[x](vbscript:msgbox(1))"],
    ["a relative link, which means nothing in an email", "[x](/sessions/1)"],
    ["a protocol-relative link", '<a href="//evil.example">x</a>'],
  ])("turns %s into plain text", (_label, source) => {
    const html = renderMarkdown(source);
    expect(html).not.toMatch(/<a\b|href|javascript|vbscript|data:/i);
    expect(html).toContain("x");
  });

  test.each([
    ["http", "![a](http://img.example.com/a.png)"],
    ["data:", "![a](data:image/png;base64,iVBORw0KGgo=)"],
    ["javascript:", "![a](javascript:alert(1))"],
    ["relative", "![a](/a.png)"],
    ["protocol-relative", '<img src="//evil.example/a.png">'],
  ])("drops a %s image entirely", (_label, source) => {
    expect(renderMarkdown(source)).not.toMatch(/<img|src=/);
  });

  test("markup hidden in a raw-text element does not come back as markup", () => {
    for (const tag of ["xmp", "noembed", "noframes", "noscript", "textarea"]) {
      expect(renderMarkdown(`<${tag}><img src=x onerror=alert(1)></${tag}>`)).not.toMatch(/<img|onerror/);
    }
  });

  test("text that looks like HTML inside code stays escaped", () => {
    expect(renderMarkdown("`<script>alert(1)</script>`")).toBe("<p><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></p>");
  });
});
