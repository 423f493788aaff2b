import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { apiProjects, fakeApi, json, unreachable } from './test/fakeApi';

function at(path: string, fetchImpl: typeof fetch = fakeApi()) {
  vi.stubGlobal('fetch', fetchImpl);
  window.history.replaceState(null, '', path);
  const user = userEvent.setup();
  render(<App />);
  return user;
}

async function cardTitles(): Promise<string[]> {
  await waitFor(() => expect(document.querySelectorAll('.grid article').length).toBeGreaterThan(0));
  return [...document.querySelectorAll('.grid article h3')].map((h) => h.textContent ?? '');
}

describe('home', () => {
  it('shows the intro, a loading state, then one card per project with its image, tags and links', async () => {
    at('/');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('I build platforms');
    expect(screen.getByRole('status').textContent).toBe('Loading projects…');
    expect(await cardTitles()).toEqual(apiProjects.map((p) => p.title));
    const first = screen.getByRole('article', { name: apiProjects[0].title });
    expect(within(first).getByRole('img').getAttribute('alt')).toBe(apiProjects[0].image.alt);
    expect(within(first).getByRole('link', { name: apiProjects[0].title }).getAttribute('href')).toBe(
      `/projects/${apiProjects[0].slug}`,
    );
    expect(within(first).getByRole('list', { name: `Tags of ${apiProjects[0].title}` }).children).toHaveLength(apiProjects[0].tags.length);
    expect(within(first).getByRole('link', { name: 'Source' }).getAttribute('href')).toBe('https://github.com/portfolio-example/infra');
    expect(screen.queryByText(/copy published with the site/)).toBeNull();
  });

  it('narrows the list by tag and puts the tag in the URL', async () => {
    const user = at('/');
    await cardTitles();
    await user.click(screen.getByRole('button', { name: /^machine learning/ }));
    expect(window.location.search).toBe('?tag=machine-learning');
    expect(await cardTitles()).toHaveLength(3);
    expect(screen.getByRole('button', { name: /^machine learning/ }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText('3 of 7 projects tagged “machine learning”')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'All' }));
    expect(window.location.search).toBe('');
    expect(await cardTitles()).toHaveLength(7);
  });

  it('reads the filters from the URL it is opened with, and searches as one types', async () => {
    const user = at('/?tag=aws');
    expect(await cardTitles()).toHaveLength(3);
    await user.type(screen.getByRole('searchbox', { name: 'Search projects' }), 'java');
    expect(window.location.search).toBe('?tag=aws&q=java');
    expect(await cardTitles()).toEqual(['Builds that run only when their content changed']);
  });

  it('says when nothing matches and offers to clear the filters', async () => {
    const user = at('/?q=zzz');
    expect(await screen.findByText('No project matches these filters.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show all projects' }));
    expect(await cardTitles()).toHaveLength(7);
  });

  it('shows the bundled projects, and says so, when the API is unreachable', async () => {
    at('/', unreachable);
    expect(await cardTitles()).toEqual(apiProjects.map((p) => p.title));
    expect(screen.getByText(/copy published with the site/)).toBeTruthy();
  });
});

describe('project page', () => {
  it('renders a deep link with its body, dates and links', async () => {
    at('/projects/policy-as-code-gate');
    const project = apiProjects.find((p) => p.slug === 'policy-as-code-gate')!;
    expect(await screen.findByRole('heading', { level: 1, name: project.title })).toBeTruthy();
    expect(document.title).toBe(`${project.title} · Portfolio`);
    expect(document.querySelectorAll('.prose p')).toHaveLength(project.body.split('\n\n').length);
    expect(screen.getByRole('img').getAttribute('alt')).toBe(project.image.alt);
    expect(screen.getByText('September 18, 2026')).toBeTruthy();
  });

  it('is not found when the API does not know the slug', async () => {
    at('/projects/no-such-project');
    expect(await screen.findByRole('heading', { level: 1, name: 'Project not found' })).toBeTruthy();
  });

  it('offers a retry when neither the API nor the bundle has it', async () => {
    const user = at('/projects/published-after-the-build', unreachable);
    expect(await screen.findByRole('heading', { level: 1, name: 'This project could not be loaded' })).toBeTruthy();
    vi.stubGlobal('fetch', fakeApi());
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Project not found' })).toBeTruthy();
  });

  it('opens from a card and moves focus to the new page', async () => {
    const user = at('/');
    await cardTitles();
    await user.click(screen.getByRole('link', { name: apiProjects[1].title }));
    expect(window.location.pathname).toBe(`/projects/${apiProjects[1].slug}`);
    expect(await screen.findByRole('heading', { level: 1, name: apiProjects[1].title })).toBeTruthy();
    expect(document.activeElement?.id).toBe('main');
  });
});

describe('other pages', () => {
  it('shows not-found for an unknown path', async () => {
    at('/no/such/page');
    expect(screen.getByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
    expect(screen.getByText('/no/such/page')).toBeTruthy();
  });

  it('marks the current page in the navigation', () => {
    at('/about');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'About' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Projects' }).getAttribute('aria-current')).toBeNull();
  });
});

describe('contact', () => {
  async function fill(user: ReturnType<typeof userEvent.setup>, values: { name?: string; email?: string; message?: string }) {
    if (values.name) await user.type(screen.getByLabelText('Name'), values.name);
    if (values.email) await user.type(screen.getByLabelText('Email'), values.email);
    if (values.message) await user.type(screen.getByLabelText('Message'), values.message);
  }

  it('shows an error next to each bad field, focuses the first, and sends nothing', async () => {
    const api = fakeApi();
    const user = at('/contact', api);
    await fill(user, { email: 'bob@' });
    await user.click(screen.getByRole('button', { name: 'Send message' }));
    const name = screen.getByLabelText('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toBe('Please enter your name.');
    expect(screen.getByText('"bob@" does not look like an email address; expected something like name@example.com.')).toBeTruthy();
    expect(screen.getByText('Please write a message.')).toBeTruthy();
    expect(document.activeElement).toBe(name);
    expect(api.calls).toEqual([]);
  });

  it("shows the API's field errors when it refuses the message", async () => {
    const contact = () =>
      json(422, {
        error: { code: 'invalid_request', message: 'invalid', details: [{ field: 'message', message: "field 'message' looks like spam" }] },
      });
    const user = at('/contact', fakeApi({ contact }));
    await fill(user, { name: 'Ada', email: 'ada@example.com', message: 'Buy now' });
    await user.click(screen.getByRole('button', { name: 'Send message' }));
    expect(await screen.findByText('Looks like spam')).toBeTruthy();
    expect(screen.getByLabelText('Message').getAttribute('aria-invalid')).toBe('true');
  });

  it('says when to try again after too many messages', async () => {
    const contact = () => json(429, { error: { code: 'rate_limited', message: 'too many' } }, { 'retry-after': '600' });
    const user = at('/contact', fakeApi({ contact }));
    await fill(user, { name: 'Ada', email: 'ada@example.com', message: 'Hello' });
    await user.click(screen.getByRole('button', { name: 'Send message' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'You have sent several messages in a short time. Please try again in about 10 minutes.',
    );
  });

  it('says when sending failed', async () => {
    const user = at('/contact', unreachable);
    await fill(user, { name: 'Ada', email: 'ada@example.com', message: 'Hello' });
    await user.click(screen.getByRole('button', { name: 'Send message' }));
    expect((await screen.findByRole('alert')).textContent).toContain('the network request failed');
  });

  it('thanks the sender once the API has the message', async () => {
    const api = fakeApi();
    const user = at('/contact', api);
    await fill(user, { name: 'Ada', email: 'ada@example.com', message: 'Hello from the tests' });
    await user.click(screen.getByRole('button', { name: 'Send message' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Thank you, message received' });
    expect(api.calls).toEqual(['POST /api/contact']);
    expect(document.activeElement).toBe(heading);
  });
});
