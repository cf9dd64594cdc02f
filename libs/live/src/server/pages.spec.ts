import { describe, expect, it } from 'vitest';
import { escapeHtml, renderPage } from './pages.js';

describe('pages', () => {
  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
  });

  it('renders a shell with only an external module script, escaped meta values and title', () => {
    const html = renderPage({
      title: '<t>',
      description: '"d"',
      entry: { js: 'a.js', css: ['a.css'] },
      meta: { 'streamlab-use-case': '"><script>x</script>' },
    });
    expect(html).toContain('<title>&lt;t&gt;</title>');
    expect(html).toContain('content="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script type="module" src="/assets/a.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/assets/a.css">');
  });
});
