/**
 * The page frame of a dashboard: a header (title, connection state, theme switch), a skip link,
 * and a responsive grid of panels. Light and dark follow the system unless the user picks one.
 */
import type { ConnectionState, LiveClient } from './client.js';
import { h, replaceChildren } from './dom.js';

const THEME_KEY = 'streamlab-theme';
type Theme = 'light' | 'dark';

function systemTheme(): Theme {
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Applies the saved (or system) theme to `<html data-theme>`; returns it.
 *
 * @example
 * applyTheme('dark');
 */
export function applyTheme(theme?: Theme): Theme {
  const t = theme ?? (localStorage.getItem(THEME_KEY) as Theme | null) ?? systemTheme();
  document.documentElement.dataset.theme = t;
  return t;
}

/**
 * A button that switches light/dark and remembers the choice.
 *
 * @example
 * header.append(themeToggle());
 */
export function themeToggle(): HTMLButtonElement {
  const btn = h('button', { type: 'button', class: 'btn theme-toggle', 'aria-pressed': 'false' });
  const render = (t: Theme) => {
    btn.textContent = t === 'dark' ? '☀ Light' : '☾ Dark';
    btn.setAttribute('aria-label', `Switch to ${t === 'dark' ? 'light' : 'dark'} theme`);
    btn.setAttribute('aria-pressed', String(t === 'dark'));
  };
  render(applyTheme());
  btn.addEventListener('click', () => {
    const next: Theme = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(THEME_KEY, next);
    render(applyTheme(next));
  });
  return btn;
}

const STATE_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Token required',
};

/**
 * The connection state of one or more clients: live only when all are.
 *
 * @example
 * header.append(connectionBadge(live));
 */
export function connectionBadge(...clients: LiveClient[]): HTMLElement {
  const el = h('span', { class: 'conn', role: 'status', 'aria-live': 'polite', 'data-state': 'connecting' });
  const update = () => {
    const states = clients.map((c) => c.state);
    const s: ConnectionState = states.includes('unauthorized')
      ? 'unauthorized'
      : states.every((x) => x === 'live')
        ? 'live'
        : states.includes('reconnecting')
          ? 'reconnecting'
          : 'connecting';
    el.dataset.state = s;
    replaceChildren(el, h('span', { class: 'conn-dot', 'aria-hidden': 'true' }), STATE_TEXT[s]);
  };
  for (const c of clients) c.onState(update);
  update();
  return el;
}

export interface ShellOptions {
  title: string;
  subtitle?: string;
  clients?: LiveClient[];
  /** Link back to the hub's landing page. Default true. */
  homeLink?: boolean;
}

export interface Shell {
  root: HTMLElement;
  main: HTMLElement;
  /** Adds a panel to the grid; `span` 2 makes it wide, `tall` makes it taller. */
  panel(title: string, content: Node, opts?: { span?: 1 | 2 | 3; id?: string; description?: string }): HTMLElement;
}

let panelSeq = 0;

/**
 * Builds the page frame into `document.body`.
 *
 * @example
 * const shell = dashboardShell({ title: 'Fraud detection', clients: [live] });
 * shell.panel('Alerts', alertsFeed(live, {...}).el, { span: 2 });
 */
export function dashboardShell(opts: ShellOptions): Shell {
  applyTheme();
  const main = h('main', { id: 'main', class: 'grid', tabindex: '-1' });
  const header = h(
    'header',
    { class: 'topbar' },
    h(
      'div',
      { class: 'brand' },
      opts.homeLink === false ? null : h('a', { href: '/', class: 'home', 'aria-label': 'All use cases' }, '◧ StreamLab'),
      h('h1', {}, opts.title),
      opts.subtitle ? h('p', { class: 'subtitle' }, opts.subtitle) : null,
    ),
    h('div', { class: 'actions' }, opts.clients?.length ? connectionBadge(...opts.clients) : null, themeToggle()),
  );
  const root = h('div', { class: 'app' }, h('a', { href: '#main', class: 'skip' }, 'Skip to content'), header, main);
  document.body.replaceChildren(root);
  return {
    root,
    main,
    panel(title, content, p = {}) {
      const id = p.id ?? `panel-${++panelSeq}`;
      const sec = h(
        'section',
        { class: `panel span-${p.span ?? 1}`, 'aria-labelledby': `${id}-title`, id },
        h('h2', { id: `${id}-title` }, title),
        p.description ? h('p', { class: 'panel-desc' }, p.description) : null,
        content,
      );
      main.appendChild(sec);
      return sec;
    },
  };
}
